using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Ingest;

namespace Pipeline.Indicators;

/// <summary>A placement, or a run of placements one continuing the last (A3/A5 with the same carers), from start to end.</summary>
public readonly record struct PlacementSpell(DateOnly Start, DateOnly? End);

/// <summary>What the looked-after indicators read of a CLA review that was held: its date and the due date it gives, if any.</summary>
public readonly record struct HeldReview(DateOnly Date, DateOnly? DueDate);

public sealed partial class IndicatorInputs
{
    /// <summary>Placement types meaning "placed for adoption with the current foster carers".</summary>
    private static readonly FrozenSet<string> AdoptionWithCurrentCarersTypes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "A3", "A5");

    /// <summary>Each child's ssd_legal_status rows that have a start date, by start.</summary>
    /// <remarks>NOTE: the child and start read from their columns, and records built only for the rows kept.</remarks>
    public IReadOnlyDictionary<string, ImmutableArray<LegalStatus>> LegalStatusesByChild => Memo(() =>
    {
        var statuses = Extract.LegalStatuses;
        var personOf = statuses.Field(nameof(LegalStatus.PersonId), s => s.PersonId);
        var startOf = statuses.Field(nameof(LegalStatus.StartDate), s => s.StartDate);
        return GroupRowsByChild(statuses.Count, row => startOf(row) is not null ? personOf(row) : null, startOf, (_, row) => statuses[row]);
    });

    /// <summary>Each child's care history: starts, ends and periods of care (<see cref="PeriodsOfCare.Build"/>).</summary>
    public FrozenDictionary<string, CareHistory> CareByChild =>
        Memo(() => PeriodsOfCare.ByChild(Extract.ClaEpisodes, LegalStatusesByChild));

    /// <summary>
    /// The child each clae_cla_id belongs to: the way reviews, and placements and visits without a person id,
    /// reach their child. An id shared by two children (a data-quality issue) goes to the child of its
    /// earliest-starting episode.
    /// </summary>
    /// <remarks>NOTE: read from four columns in one pass, keeping each id's earliest episode so far (the first row of a tie), no
    /// record built; the episode id is read only to break a tie of start dates.</remarks>
    public IReadOnlyDictionary<string, string> ChildByClaId => Memo(() =>
    {
        var episodes = Extract.ClaEpisodes;
        var claIdOf = episodes.Field(nameof(ClaEpisode.ClaId), e => e.ClaId);
        var startOf = episodes.Field(nameof(ClaEpisode.StartDate), e => e.StartDate);
        var episodeIdOf = episodes.Field(nameof(ClaEpisode.EpisodeId), e => e.EpisodeId);
        var personOf = episodes.Field(nameof(ClaEpisode.PersonId), e => e.PersonId);
        var earliest = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < episodes.Count; row++)
        {
            if (claIdOf(row) is not { Length: > 0 } claId)
            {
                continue;
            }

            if (!earliest.TryGetValue(claId, out var best))
            {
                earliest.Add(claId, row);
                continue;
            }

            var (start, bestStart) = (startOf(row) ?? DateOnly.MaxValue, startOf(best) ?? DateOnly.MaxValue);
            if (start < bestStart || (start == bestStart && string.CompareOrdinal(episodeIdOf(row), episodeIdOf(best)) < 0))
            {
                earliest[claId] = row;
            }
        }

        return earliest.ToDictionary(c => c.Key, c => personOf(c.Value), StringComparer.Ordinal);
    });

    /// <summary>Dates of birth of the children who have CLA episodes (for age-dependent standards).</summary>
    public FrozenDictionary<string, DateOnly> LookedAfterDatesOfBirth => Memo(() =>
    {
        var children = CareByChild;
        return DatesOfBirthOf(children.ContainsKey).ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>
    /// The children looked after at <paramref name="date"/> (an episode open at the date and a legal status at the date
    /// that is not V3/V4: <see cref="CareHistory.IsLookedAfterAt"/>), with the day their current period of care began
    /// (<see cref="CareHistory.CurrentPeriodStart"/>). Every looked-after indicator asks for the same few dates, so each
    /// date is worked out once.
    /// </summary>
    public ImmutableArray<(string Child, DateOnly PeriodStart)> LookedAfterAt(DateOnly date) =>
        LookedAfterByDate.GetOrAdd(date, d =>
        {
            var children = ImmutableArray.CreateBuilder<(string, DateOnly)>();
            foreach (var (child, care) in CareByChild)
            {
                if (care.IsLookedAfterAt(d) && care.CurrentPeriodStart(d) is { } start)
                {
                    children.Add((child, start));
                }
            }

            return children.ToImmutable();
        });

    /// <summary>
    /// Each child's placements as counted for placement stability, by start. A placement reaches its child by clap_person_id, or
    /// else by clap_cla_id = clae_cla_id; placements with no start date, or ending before they started, are left out. A placement
    /// that began while the child's legal status was V3/V4 is a short break and is left out. An A3 or A5 placement that starts the
    /// day the previous placement ended continues it: the two are one spell.
    /// </summary>
    /// <remarks>NOTE: read from their columns, grouped and sorted as row numbers, no record built: the placement id is read only to
    /// break a tie of dates, the type only where a placement starts the day the last ended.</remarks>
    public IReadOnlyDictionary<string, ImmutableArray<PlacementSpell>> PlacementSpellsByChild => Memo(() =>
    {
        var (placements, statuses, childByClaId) = (Extract.ClaPlacements, LegalStatusesByChild, ChildByClaId);
        var personOf = placements.Field(nameof(ClaPlacement.PersonId), p => p.PersonId);
        var claIdOf = placements.Field(nameof(ClaPlacement.ClaId), p => p.ClaId);
        var startOf = placements.Field(nameof(ClaPlacement.StartDate), p => p.StartDate);
        var endOf = placements.Field(nameof(ClaPlacement.EndDate), p => p.EndDate);
        var idOf = placements.Field(nameof(ClaPlacement.PlacementId), p => p.PlacementId);
        var typeOf = placements.Field(nameof(ClaPlacement.PlacementType), p => p.PlacementType);
        var byChild = RowSelection.GroupedBy(placements.Count, row => startOf(row) is { } start && (endOf(row) is not { } end || end >= start)
            ? personOf(row) ?? (claIdOf(row) is { } claId ? childByClaId.GetValueOrDefault(claId) : null)
            : null);

        // By start, then end (open last), then id (ordinally), then row: the order the placements were grouped and sorted in.
        var (starts, ends) = (new int[placements.Count], new int[placements.Count]);
        foreach (var row in byChild.Rows)
        {
            (starts[row], ends[row]) = (startOf(row)!.Value.DayNumber, (endOf(row) ?? DateOnly.MaxValue).DayNumber);
        }

        Comparison<int> order = (a, b) => starts[a] != starts[b] ? starts[a].CompareTo(starts[b])
            : ends[a] != ends[b] ? ends[a].CompareTo(ends[b])
            : string.CompareOrdinal(idOf(a), idOf(b)) is var byId and not 0 ? byId : a.CompareTo(b);
        var spells = new List<PlacementSpell>();
        return byChild.Build((child, rows) =>
        {
            rows.Sort(order);
            var childStatuses = statuses.GetValueOrDefault(child, []);
            spells.Clear();
            foreach (var row in rows)
            {
                var start = DateOnly.FromDayNumber(starts[row]);
                if (PeriodsOfCare.IsShortBreak(PeriodsOfCare.LegalStatusAt(childStatuses, start)))
                {
                    continue;
                }

                var end = endOf(row);
                if (spells.Count > 0 && spells[^1].End == start && typeOf(row)?.Trim() is { } type && AdoptionWithCurrentCarersTypes.Contains(type))
                {
                    spells[^1] = spells[^1] with { End = end };
                }
                else
                {
                    spells.Add(new PlacementSpell(start, end));
                }
            }

            return ImmutableArray.CreateRange(spells);
        });
    });

    /// <summary>
    /// Each child's CLA visits at which the child was seen (clav_cla_visit_seen = Y; every visit when the seen column is absent or
    /// empty in every row), as sorted dates. A visit reaches its child by clav_person_id, or else by clav_cla_id.
    /// </summary>
    public IReadOnlyDictionary<string, DateOnly[]> ClaVisitDatesByChild => Memo(() =>
    {
        var seenColumn = Extract.HasValues("ssd_cla_visits", "clav_cla_visit_seen");
        var (visits, childByClaId) = (Extract.ClaVisits, ChildByClaId);
        var personOf = visits.Field(nameof(ClaVisit.PersonId), v => v.PersonId);
        var claIdOf = visits.Field(nameof(ClaVisit.ClaId), v => v.ClaId);
        var visitedOn = visits.Field(nameof(ClaVisit.VisitDate), v => v.VisitDate);
        var seenAt = visits.Field(nameof(ClaVisit.ChildSeen), v => v.ChildSeen);
        return DatesByChild(Enumerable.Range(0, visits.Count)
            .Where(row => visitedOn(row) is not null && (seenColumn ? seenAt(row) == true : seenAt(row) != false))
            .Select(row => (personOf(row) ?? (claIdOf(row) is { } claId ? childByClaId.GetValueOrDefault(claId) : null), visitedOn(row)!.Value)));
    });

    /// <summary>
    /// Each child's completed health assessments, as sorted dates: ssd_cla_health rows whose type contains one of the
    /// configured health-assessment values (case-insensitively) and whose status is Completed or empty.
    /// </summary>
    public IReadOnlyDictionary<string, DateOnly[]> HealthAssessmentDatesByChild => Memo(() =>
    {
        var types = Settings.HealthAssessmentTypes;
        var checks = Extract.ClaHealthChecks;
        var personOf = checks.Field(nameof(ClaHealthCheck.PersonId), h => h.PersonId);
        var checkedOn = checks.Field(nameof(ClaHealthCheck.CheckDate), h => h.CheckDate);
        var typeOf = checks.Field(nameof(ClaHealthCheck.CheckType), h => h.CheckType);
        var statusOf = checks.Field(nameof(ClaHealthCheck.Status), h => h.Status);
        return DatesByChild(Enumerable.Range(0, checks.Count)
            .Where(row => checkedOn(row) is not null
                && typeOf(row) is { } type && types.Any(t => type.Contains(t, StringComparison.OrdinalIgnoreCase))
                && (statusOf(row) is var status && (string.IsNullOrWhiteSpace(status) || status.Trim().Equals("Completed", StringComparison.OrdinalIgnoreCase))))
            .Select(row => ((string?)personOf(row), checkedOn(row)!.Value)));
    });

    /// <summary>
    /// Each child's reviews that were held: dated and not cancelled, reaching the child by clar_cla_id =
    /// clae_cla_id; by date (then id). Reviews whose CLA id matches no episode cannot be placed and are left out.
    /// </summary>
    /// <remarks>NOTE: read from their columns and grouped as row numbers, no record built: indicators read a held review's date and
    /// due date only. The review id is read only to break a tie of dates; a full tie keeps the order of the CLA ids as first met,
    /// then of rows, as reviews grouped by CLA id and then by child came.</remarks>
    public IReadOnlyDictionary<string, ImmutableArray<HeldReview>> HeldClaReviewsByChild => Memo(() =>
    {
        var (reviews, childByClaId) = (Extract.ClaReviews, ChildByClaId);
        var claIdOf = reviews.Field(nameof(ClaReview.ClaId), r => r.ClaId);
        var heldOn = reviews.Field(nameof(ClaReview.ReviewDate), r => r.ReviewDate);
        var dueOn = reviews.Field(nameof(ClaReview.DueDate), r => r.DueDate);
        var cancelled = reviews.Field(nameof(ClaReview.Cancelled), r => r.Cancelled);
        var idOf = reviews.Field(nameof(ClaReview.ReviewId), r => r.ReviewId);
        var claIdOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        var (days, claIdRank) = (new int[reviews.Count], new int[reviews.Count]);
        var byChild = RowSelection.GroupedBy(reviews.Count, row =>
        {
            if (claIdOf(row) is not { } claId)
            {
                return null;
            }

            if (!claIdOrder.TryGetValue(claId, out var rank))
            {
                claIdOrder.Add(claId, rank = claIdOrder.Count);
            }

            if (heldOn(row) is not { } held || cancelled(row) == true || !childByClaId.TryGetValue(claId, out var child))
            {
                return null;
            }

            (days[row], claIdRank[row]) = (held.DayNumber, rank);
            return child;
        });
        Comparison<int> order = (a, b) => days[a] != days[b] ? days[a].CompareTo(days[b])
            : string.CompareOrdinal(idOf(a), idOf(b)) is var byId and not 0 ? byId
            : claIdRank[a] != claIdRank[b] ? claIdRank[a].CompareTo(claIdRank[b]) : a.CompareTo(b);
        return byChild.Build((_, rows) =>
        {
            rows.Sort(order);
            var held = new HeldReview[rows.Length];
            for (var i = 0; i < held.Length; i++)
            {
                held[i] = new HeldReview(DateOnly.FromDayNumber(days[rows[i]]), dueOn(rows[i]));
            }

            return ImmutableCollectionsMarshal.AsImmutableArray(held);
        });
    });

    /// <summary>The dates of <see cref="HeldClaReviewsByChild"/>, sorted, for counting reviews between two dates.</summary>
    public IReadOnlyDictionary<string, DateOnly[]> HeldClaReviewDatesByChild => Memo(() =>
        HeldClaReviewsByChild.ToDictionary(c => c.Key, c => c.Value.Select(r => r.Date).ToArray(), StringComparer.Ordinal));

    /// <summary>
    /// Each child's ssd_cla_care_plan rows that record a permanence plan (<see cref="RecordsPermanencePlan"/>), by start.
    /// </summary>
    /// <remarks>NOTE: start and end only, read from their columns with the child and the plan text, no record built.</remarks>
    public IReadOnlyDictionary<string, ImmutableArray<PlanDates>> PermanencePlansByChild => Memo(() =>
    {
        var plans = Extract.ClaCarePlans;
        var personOf = plans.Field(nameof(ClaCarePlan.PersonId), p => p.PersonId);
        var startOf = plans.Field(nameof(ClaCarePlan.StartDate), p => p.StartDate);
        var endOf = plans.Field(nameof(ClaCarePlan.EndDate), p => p.EndDate);
        var planOf = plans.Field(nameof(ClaCarePlan.PlanJson), p => p.PlanJson);
        return GroupRowsByChild(plans.Count, row => startOf(row) is not null && RecordsPermanencePlan(planOf(row)) ? personOf(row) : null,
            startOf, (_, row) => new PlanDates(startOf(row), endOf(row)));
    });

    private ConcurrentDictionary<DateOnly, ImmutableArray<(string Child, DateOnly PeriodStart)>> LookedAfterByDate =>
        Memo(() => new ConcurrentDictionary<DateOnly, ImmutableArray<(string Child, DateOnly PeriodStart)>>());

    /// <summary>
    /// Whether lacp_cla_care_plan_json names a plan. The SSD writes an object of plan flags
    /// (<c>{"ADOPTION":"Y","SGO":"N",...}</c>): it names a plan when at least one flag is yes. Any other non-blank
    /// text (a bare code, an object of other values) is taken to name a plan.
    /// </summary>
    public static bool RecordsPermanencePlan(string? planJson)
    {
        if (string.IsNullOrWhiteSpace(planJson))
        {
            return false;
        }

        var text = planJson.Trim();
        if (text.StartsWith('{') && ValueParsers.TryFlagObject(text, out var flags))
        {
            return flags.Keys.Any(flags.IsSet);
        }

        return true;
    }
}
