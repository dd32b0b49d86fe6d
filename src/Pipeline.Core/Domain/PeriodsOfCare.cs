using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Pipeline.Extract;

namespace Pipeline.Domain;

/// <summary>What made an episode a start or an end: its SSDA903 code, or, where the code is missing, the dates of the child's other episodes.</summary>
public enum CareEventBasis
{
    Code,
    Dates,
}

/// <summary>
/// A period of care starting or ending: one episode, on its start date (a start) or its ceased date (an end).
/// <see cref="IsShortBreak"/> when the legal status in force for it is V3 or V4: such an event is not a CLA start or end.
/// </summary>
public sealed record CareEvent(DateOnly Date, ClaEpisode Episode, CareEventBasis Basis, bool IsShortBreak);

/// <summary>
/// One child's time in care as the SSDA903 codes on the episodes describe it (indicators spec, "Children looked after"):
/// the starts and ends of periods of care as events of single episodes, the legal statuses that decide short breaks
/// date by date, and the current period of care at any date. Built only by <see cref="PeriodsOfCare.Build"/>.
/// </summary>
public sealed class CareHistory
{
    internal CareHistory(string personId, ImmutableArray<ClaEpisode> episodes, ImmutableArray<LegalStatus> legalStatuses,
        ImmutableArray<CareEvent> starts, ImmutableArray<CareEvent> ends)
    {
        PersonId = personId;
        Episodes = episodes;
        LegalStatuses = legalStatuses;
        Starts = starts;
        Ends = ends;
    }

    public string PersonId { get; }

    /// <summary>The episodes that can be placed in time (<see cref="PeriodsOfCare.CanBePlaced"/>), earliest-starting first.</summary>
    public ImmutableArray<ClaEpisode> Episodes { get; }

    /// <summary>The child's ssd_legal_status rows that have a start date.</summary>
    public ImmutableArray<LegalStatus> LegalStatuses { get; }

    /// <summary>Every start (short breaks included, flagged), by date.</summary>
    public ImmutableArray<CareEvent> Starts { get; }

    /// <summary>Every end (short breaks included, flagged), by date.</summary>
    public ImmutableArray<CareEvent> Ends { get; }

    /// <summary>
    /// In care at <paramref name="date"/> by the spec's "open at" rule: some episode started on or before it and had not
    /// ceased by it (an episode ceasing on the date does not count). Legal status is not looked at: see <see cref="IsLookedAfterAt"/>.
    /// </summary>
    /// <remarks>NOTE: loops here and in <see cref="IsInCareOn"/>, not Any with a lambda: asked of every child in care at every
    /// month end, where the lambda capturing the date was two allocations a child each time.</remarks>
    public bool IsInCareAt(DateOnly date)
    {
        foreach (var e in Episodes)
        {
            if (Dates.IsOpenAt(e.StartDate, e.CeasedDate, date))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether some episode runs over <paramref name="date"/>, its first and last days included: for placing dated events
    /// (a review held on the day care ended belongs to it). Use <see cref="IsInCareAt"/> for "in care at".
    /// </summary>
    public bool IsInCareOn(DateOnly date)
    {
        foreach (var e in Episodes)
        {
            if (e.StartDate <= date && (e.CeasedDate is not { } ceased || date <= ceased))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The legal status in force at <paramref name="date"/> (<see cref="PeriodsOfCare.LegalStatusAt"/>).</summary>
    public LegalStatus? LegalStatusAt(DateOnly date) => PeriodsOfCare.LegalStatusAt(LegalStatuses, date);

    /// <summary>Whether the child's legal status at <paramref name="date"/> is V3 or V4: on a short break, not looked after.</summary>
    public bool IsOnShortBreakAt(DateOnly date) => PeriodsOfCare.IsShortBreak(LegalStatusAt(date));

    /// <summary>Looked after at <paramref name="date"/>: in care at it, and not on a short break then.</summary>
    public bool IsLookedAfterAt(DateOnly date) => IsInCareAt(date) && !IsOnShortBreakAt(date);

    /// <summary>
    /// When the current period of care at <paramref name="date"/> began: the child's latest start on or before the date that
    /// is not a short break. With none (the start is older than the data), the period began with the earliest episode that
    /// started on or after the child's last end before the date and was not ended by it (every episode when there is no
    /// such end); with no such episode started by the date, the earliest of those in care at the date. Null when no episode
    /// had started by the date.
    /// </summary>
    public DateOnly? CurrentPeriodStart(DateOnly date)
    {
        DateOnly? latestStart = null;
        foreach (var start in Starts)
        {
            if (start.Date > date)
            {
                break;
            }

            if (!start.IsShortBreak)
            {
                latestStart = start.Date;
            }
        }

        if (latestStart is not null)
        {
            return latestStart;
        }

        DateOnly? lastEnd = null;
        foreach (var end in Ends)
        {
            if (end.Date >= date)
            {
                break;
            }

            if (!end.IsShortBreak)
            {
                lastEnd = end.Date;
            }
        }

        var after = Episodes.Where(e => e.StartDate <= date
            && (lastEnd is not { } last || (e.StartDate >= last && !(e.CeasedDate <= last))));
        var earliest = after.Select(e => e.StartDate).Min();
        return earliest ?? Episodes.Where(e => e.StartDate <= date && (e.CeasedDate is not { } c || c >= date)).Select(e => e.StartDate).Min();
    }

    public override string ToString() => $"{PersonId}: {Episodes.Length} episodes, {Starts.Length} starts, {Ends.Length} ends";
}

/// <summary>
/// The one implementation of periods of care and of a child's legal status at a date, shared by the looked-after
/// indicators and the data-quality rules so the two can never disagree about who was in care.
/// </summary>
/// <remarks>
/// Starts and ends follow the SSDA903 codes on each episode: a start is an episode whose reason for new episode
/// (clae_cla_episode_start_reason) is S, an end one whose reason ceased (clae_cla_episode_ceased_reason) is present and
/// not X1 ("a new episode begins the same day"). Dates decide only where the code is missing. So a child who leaves
/// care and comes back the same day has two periods, and an S episode overlapping an open one is still a start.
/// Short breaks are judged on each event's own date from the legal status in force then.
/// </remarks>
public static class PeriodsOfCare
{
    /// <summary>Legal status codes of a series of short-term placements (short breaks).</summary>
    public static readonly ImmutableArray<string> ShortBreakCodes = ["V3", "V4"];

    /// <summary>The reason for new episode that starts a period of care: "started to be looked after".</summary>
    public const string StartedToBeLookedAfter = "S";

    /// <summary>The reason ceased meaning "this episode ends and a new one begins the same day": care continues.</summary>
    public const string NewEpisodeBegins = "X1";

    /// <summary>Whether <paramref name="code"/> is V3 or V4, compared case-insensitively after trimming.</summary>
    public static bool IsShortBreakCode(string? code)
    {
        var trimmed = code?.Trim();
        return trimmed is not null && ShortBreakCodes.Contains(trimmed, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="status"/> is a short-break legal status (null, i.e. unknown, is not).</summary>
    public static bool IsShortBreak(LegalStatus? status) => status is not null && IsShortBreakCode(status.Code);

    /// <summary>
    /// Whether an episode can be placed in time: it has a start date and did not cease before it. Other episodes are
    /// left out of periods of care; the data-quality stage reports them.
    /// </summary>
    public static bool CanBePlaced(ClaEpisode episode) =>
        episode.StartDate is { } start && (episode.CeasedDate is not { } ceased || ceased >= start);

    /// <summary>
    /// The legal status of a child at <paramref name="date"/>: of the child's <c>ssd_legal_status</c> rows open at the
    /// date, the latest-starting (equal starts: the greater id, ordinally); null when none is open.
    /// </summary>
    public static LegalStatus? LegalStatusAt(IEnumerable<LegalStatus> statusesOfOneChild, DateOnly date)
    {
        LegalStatus? current = null;
        foreach (var status in statusesOfOneChild)
        {
            if (!Dates.IsOpenAt(status.StartDate, status.EndDate, date))
            {
                continue;
            }

            if (current is null || status.StartDate > current.StartDate
                || (status.StartDate == current.StartDate && string.CompareOrdinal(status.LegalStatusId, current.LegalStatusId) > 0))
            {
                current = status;
            }
        }

        return current;
    }

    /// <summary>Whether the episode's reason for new episode is given (not empty): then it alone decides whether it is a start.</summary>
    public static bool HasStartReason(ClaEpisode episode) => !string.IsNullOrWhiteSpace(episode.StartReason);

    /// <summary>Whether the episode's reason ceased is given (not empty): then it alone decides whether it is an end.</summary>
    public static bool HasCeasedReason(ClaEpisode episode) => !string.IsNullOrWhiteSpace(episode.CeasedReason);

    /// <summary>Whether <paramref name="code"/> (trimmed, any case) is <paramref name="expected"/>.</summary>
    public static bool IsCode(string? code, string expected) => string.Equals(code?.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// One child's care history. Episodes that <see cref="CanBePlaced"/> rejects are left out. An episode is a start when
    /// its reason for new episode is S; when that reason is missing, when no other episode of the child ceased on its start
    /// date or is open on it. It is an end when its reason ceased is present and not X1 (and it has a ceased date to date the
    /// end by); when that reason is missing and it has a ceased date, when no other episode of the child starts that day.
    /// A start is a short break when the legal status on its date is V3 or V4; an end when the status on the last day of
    /// care is (the day before the ceased date, or the ceased date itself for an episode that starts and ceases that day).
    /// </summary>
    public static CareHistory Build(string personId, IEnumerable<ClaEpisode> episodesOfOneChild, IEnumerable<LegalStatus> statusesOfOneChild)
    {
        var episodes = InTimeOrder(episodesOfOneChild);
        var statuses = statusesOfOneChild is ImmutableArray<LegalStatus> given && given.All(s => s.StartDate is not null)
            ? given
            : statusesOfOneChild.Where(s => s.StartDate is not null).ToImmutableArray();
        var starts = ImmutableArray.CreateBuilder<CareEvent>();
        var ends = ImmutableArray.CreateBuilder<CareEvent>();
        foreach (var episode in episodes)
        {
            var start = episode.StartDate!.Value;
            var isStart = HasStartReason(episode)
                ? IsCode(episode.StartReason, StartedToBeLookedAfter)
                : !AnyOther(episodes, episode, start, endsOrOpenOn: true);
            if (isStart)
            {
                starts.Add(new CareEvent(start, episode, HasStartReason(episode) ? CareEventBasis.Code : CareEventBasis.Dates,
                    IsShortBreak(LegalStatusAt(statuses, start))));
            }

            if (episode.CeasedDate is not { } ceased)
            {
                continue;
            }

            var isEnd = HasCeasedReason(episode)
                ? !IsCode(episode.CeasedReason, NewEpisodeBegins)
                : !AnyOther(episodes, episode, ceased, endsOrOpenOn: false);
            if (isEnd)
            {
                var lastDayOfCare = ceased == start ? ceased : ceased.AddDays(-1);
                ends.Add(new CareEvent(ceased, episode, HasCeasedReason(episode) ? CareEventBasis.Code : CareEventBasis.Dates,
                    IsShortBreak(LegalStatusAt(statuses, lastDayOfCare))));
            }
        }

        return new CareHistory(personId, episodes, statuses, ByDate(starts), ByDate(ends));
    }

    /// <summary>The episodes that <see cref="CanBePlaced"/>, by start, then ceased date (open last), then episode id (ordinal); ties in the order given.</summary>
    /// <remarks>NOTE: an insertion sort (stable, as OrderBy/ThenBy were) in one array: a child has a handful of episodes, and
    /// the three LINQ sort keys cost several allocations for each of the tens of thousands of children.</remarks>
    private static ImmutableArray<ClaEpisode> InTimeOrder(IEnumerable<ClaEpisode> episodesOfOneChild)
    {
        var placed = new List<ClaEpisode>();
        foreach (var episode in episodesOfOneChild)
        {
            if (CanBePlaced(episode))
            {
                placed.Add(episode);
            }
        }

        var sorted = placed.ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            var episode = sorted[i];
            var j = i - 1;
            for (; j >= 0 && CompareInTime(sorted[j], episode) > 0; j--)
            {
                sorted[j + 1] = sorted[j];
            }

            sorted[j + 1] = episode;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(sorted);
    }

    private static int CompareInTime(ClaEpisode a, ClaEpisode b)
    {
        var byStart = a.StartDate!.Value.CompareTo(b.StartDate!.Value);
        if (byStart != 0)
        {
            return byStart;
        }

        var byCeased = (a.CeasedDate ?? DateOnly.MaxValue).CompareTo(b.CeasedDate ?? DateOnly.MaxValue);
        return byCeased != 0 ? byCeased : string.CompareOrdinal(a.EpisodeId, b.EpisodeId);
    }

    /// <summary>
    /// Whether an episode other than <paramref name="episode"/> ceased on <paramref name="date"/> or is open at it
    /// (<paramref name="endsOrOpenOn"/>), or starts on it (otherwise).
    /// </summary>
    /// <remarks>NOTE: a loop rather than Any with a lambda capturing the episode and date: asked of every episode without a code.</remarks>
    private static bool AnyOther(ImmutableArray<ClaEpisode> episodes, ClaEpisode episode, DateOnly date, bool endsOrOpenOn)
    {
        foreach (var other in episodes)
        {
            if (!ReferenceEquals(other, episode) && (endsOrOpenOn
                ? other.CeasedDate == date || Dates.IsOpenAt(other.StartDate, other.CeasedDate, date)
                : other.StartDate == date))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The events by date, ties in the order found (a stable sort, as OrderBy was).</summary>
    private static ImmutableArray<CareEvent> ByDate(ImmutableArray<CareEvent>.Builder events)
    {
        var sorted = events.ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            var e = sorted[i];
            var j = i - 1;
            for (; j >= 0 && sorted[j].Date > e.Date; j--)
            {
                sorted[j + 1] = sorted[j];
            }

            sorted[j + 1] = e;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(sorted);
    }

    /// <summary>Every child's care history (see <see cref="Build"/>), keyed by <c>clae_person_id</c>; children none of whose episodes can be placed are left out.</summary>
    /// <remarks>NOTE: the rows grouped by their child's id read from its column, as row numbers (children in the order first
    /// seen, rows in table order, as GroupBy gave them); records are built child by child for <see cref="Build"/>. GroupBy held
    /// a grouping object and a growing array per child, over every record of the table at once.</remarks>
    public static FrozenDictionary<string, CareHistory> ByChild(
        IEnumerable<ClaEpisode> episodes, IReadOnlyDictionary<string, ImmutableArray<LegalStatus>> legalStatusesByChild)
    {
        var rows = episodes as IReadOnlyList<ClaEpisode> ?? [.. episodes];
        var byChild = RowSelection.GroupedBy(rows.Count, rows.Field(nameof(ClaEpisode.PersonId), e => e.PersonId));
        var histories = new List<KeyValuePair<string, CareHistory>>(byChild.Keys.Count);
        for (var i = 0; i < byChild.Keys.Count; i++)
        {
            var child = byChild.Keys[i];
            var ofChild = byChild.Of(i);
            var records = new ClaEpisode[ofChild.Length];
            for (var k = 0; k < records.Length; k++)
            {
                records[k] = rows[ofChild[k]];
            }

            var history = Build(child, records, legalStatusesByChild.GetValueOrDefault(child, ImmutableArray<LegalStatus>.Empty));
            if (history.Episodes.Length > 0)
            {
                histories.Add(new(child, history));
            }
        }

        return histories.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
