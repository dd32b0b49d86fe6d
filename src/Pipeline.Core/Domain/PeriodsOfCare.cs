using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Domain;

/// <summary>
/// A period of care: a run of one child's CLA episodes in which each episode starts on the day the previous
/// one ceased (indicators spec, "Children looked after"). Built only by <see cref="PeriodsOfCare.Build"/>.
/// </summary>
public sealed class PeriodOfCare
{
    internal PeriodOfCare(string personId, ImmutableArray<ClaEpisode> episodes, DateOnly start, DateOnly? end, LegalStatus? legalStatusAtStart)
    {
        PersonId = personId;
        Episodes = episodes;
        Start = start;
        End = end;
        LegalStatusAtStart = legalStatusAtStart;
    }

    public string PersonId { get; }

    /// <summary>The period's episodes, earliest-starting first.</summary>
    public ImmutableArray<ClaEpisode> Episodes { get; }

    /// <summary>The first episode's start date.</summary>
    public DateOnly Start { get; }

    /// <summary>The day its last episode ceased; null while any of its episodes is open.</summary>
    public DateOnly? End { get; }

    /// <summary>The child's legal status on <see cref="Start"/> (<see cref="PeriodsOfCare.LegalStatusAt"/>); null when none was open that day.</summary>
    public LegalStatus? LegalStatusAtStart { get; }

    /// <summary>A series of short breaks: the legal status at its start is V3 or V4. It is never a CLA start or end.</summary>
    public bool IsShortBreak => PeriodsOfCare.IsShortBreak(LegalStatusAtStart);

    /// <summary>Open at <paramref name="date"/> by the spec's rule: started on or before it and not ended by it.</summary>
    public bool IsOpenAt(DateOnly date) => Dates.IsOpenAt(Start, End, date);

    /// <summary>
    /// Whether <paramref name="date"/> lies from the start to the end, both days included. For placing dated
    /// events (a review held on the day care ended belongs to that period); use <see cref="IsOpenAt"/> for "in care at".
    /// </summary>
    public bool Spans(DateOnly date) => Start <= date && (End is not { } end || date <= end);

    public override string ToString() => $"{PersonId} {Start:yyyy-MM-dd}..{End?.ToString("yyyy-MM-dd") ?? "open"} ({LegalStatusAtStart?.Code ?? "no legal status"})";
}

/// <summary>
/// The one implementation of periods of care and of a child's legal status at a date, shared by the
/// looked-after indicators and the data-quality rules so the two can never disagree about who was in care.
/// </summary>
public static class PeriodsOfCare
{
    /// <summary>Legal status codes of a series of short-term placements (short breaks).</summary>
    public static readonly ImmutableArray<string> ShortBreakCodes = ["V3", "V4"];

    /// <summary>Whether <paramref name="code"/> is V3 or V4, compared case-insensitively after trimming.</summary>
    public static bool IsShortBreakCode(string? code)
    {
        var trimmed = code?.Trim();
        return trimmed is not null && ShortBreakCodes.Contains(trimmed, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether <paramref name="status"/> is a short-break legal status (null, i.e. unknown, is not).</summary>
    public static bool IsShortBreak(LegalStatus? status) => status is not null && IsShortBreakCode(status.Code);

    /// <summary>
    /// Whether an episode can be placed in time: it has a start date and did not cease before it. Other
    /// episodes are left out of periods of care; the data-quality stage reports them.
    /// </summary>
    public static bool CanBePlaced(ClaEpisode episode) =>
        episode.StartDate is { } start && (episode.CeasedDate is not { } ceased || ceased >= start);

    /// <summary>
    /// The legal status of a child at <paramref name="date"/>: of the child's <c>ssd_legal_status</c> rows open
    /// at the date, the latest-starting (equal starts: the greater id, ordinally); null when none is open.
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

    /// <summary>
    /// One child's periods of care, earliest first. Episodes are taken in start order; one that starts on or
    /// before the day the run so far ceased continues the run (on that very day is the rule; earlier is an
    /// overlap, a data-quality issue, and the child was in care throughout either way); a gap of a day or
    /// more starts a new period. Episodes that <see cref="CanBePlaced"/> rejects are left out.
    /// </summary>
    public static ImmutableArray<PeriodOfCare> Build(string personId, IEnumerable<ClaEpisode> episodesOfOneChild, IReadOnlyCollection<LegalStatus> statusesOfOneChild)
    {
        var periods = ImmutableArray.CreateBuilder<PeriodOfCare>();
        var run = ImmutableArray.CreateBuilder<ClaEpisode>();
        DateOnly runStart = default;
        DateOnly? runEnd = null;

        void Close()
        {
            if (run.Count > 0)
            {
                periods.Add(new PeriodOfCare(personId, run.ToImmutable(), runStart, runEnd, LegalStatusAt(statusesOfOneChild, runStart)));
                run.Clear();
            }
        }

        var ordered = episodesOfOneChild.Where(CanBePlaced)
            .OrderBy(e => e.StartDate)
            .ThenBy(e => e.CeasedDate ?? DateOnly.MaxValue)
            .ThenBy(e => e.EpisodeId, StringComparer.Ordinal);
        foreach (var episode in ordered)
        {
            var start = episode.StartDate!.Value;
            var continues = run.Count > 0 && (runEnd is not { } ceasedSoFar || start <= ceasedSoFar);
            if (!continues)
            {
                Close();
                runStart = start;
                runEnd = episode.CeasedDate;
            }
            else if (runEnd is { } end && episode.CeasedDate is { } ceased)
            {
                runEnd = ceased > end ? ceased : end;
            }
            else
            {
                runEnd = null;
            }

            run.Add(episode);
        }

        Close();
        return periods.ToImmutable();
    }

    /// <summary>Every child's periods of care (see <see cref="Build"/>), keyed by <c>clae_person_id</c>.</summary>
    public static FrozenDictionary<string, ImmutableArray<PeriodOfCare>> ByChild(
        IEnumerable<ClaEpisode> episodes, IReadOnlyDictionary<string, ImmutableArray<LegalStatus>> legalStatusesByChild) =>
        episodes.GroupBy(e => e.PersonId, StringComparer.Ordinal)
            .Select(g => (Child: g.Key, Periods: Build(g.Key, g, legalStatusesByChild.GetValueOrDefault(g.Key, ImmutableArray<LegalStatus>.Empty))))
            .Where(c => c.Periods.Length > 0)
            .ToFrozenDictionary(c => c.Child, c => c.Periods, StringComparer.Ordinal);

    /// <summary>The period open at <paramref name="date"/> (<see cref="PeriodOfCare.IsOpenAt"/>), if any.</summary>
    public static PeriodOfCare? OpenAt(ImmutableArray<PeriodOfCare> periodsOfOneChild, DateOnly date)
    {
        // Periods never overlap, so at most one is open; a child has only a handful.
        foreach (var period in periodsOfOneChild)
        {
            if (period.IsOpenAt(date))
            {
                return period;
            }
        }

        return null;
    }

    /// <summary>The period that <see cref="PeriodOfCare.Spans"/> <paramref name="date"/>, end day included; if any.</summary>
    public static PeriodOfCare? Spanning(ImmutableArray<PeriodOfCare> periodsOfOneChild, DateOnly date)
    {
        foreach (var period in periodsOfOneChild)
        {
            if (period.Spans(date))
            {
                return period;
            }
        }

        return null;
    }

    /// <summary>
    /// The period of care in which the child is looked after at <paramref name="date"/>: the one open at the
    /// date, provided the child's legal status at the date is not a short break. Null when not looked after.
    /// </summary>
    public static PeriodOfCare? LookedAfterAt(ImmutableArray<PeriodOfCare> periodsOfOneChild, IEnumerable<LegalStatus> statusesOfOneChild, DateOnly date) =>
        OpenAt(periodsOfOneChild, date) is { } period && !IsShortBreak(LegalStatusAt(statusesOfOneChild, date)) ? period : null;
}
