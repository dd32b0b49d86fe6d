using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Ingest;

namespace Pipeline.Indicators;

/// <summary>A placement, or a run of placements one continuing the last (A3/A5 with the same carers), from start to end.</summary>
public readonly record struct PlacementSpell(DateOnly Start, DateOnly? End);

public sealed partial class IndicatorInputs
{
    /// <summary>Placement types meaning "placed for adoption with the current foster carers".</summary>
    private static readonly FrozenSet<string> AdoptionWithCurrentCarersTypes = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "A3", "A5");

    /// <summary>Each child's ssd_legal_status rows that have a start date, by start.</summary>
    public FrozenDictionary<string, ImmutableArray<LegalStatus>> LegalStatusesByChild =>
        Memo(() => GroupByChild(Extract.LegalStatuses.Where(s => s.StartDate is not null), s => s.PersonId, s => s.StartDate));

    /// <summary>Each child's care history: starts, ends and periods of care (<see cref="PeriodsOfCare.Build"/>).</summary>
    public FrozenDictionary<string, CareHistory> CareByChild =>
        Memo(() => PeriodsOfCare.ByChild(Extract.ClaEpisodes, LegalStatusesByChild));

    /// <summary>
    /// The child each clae_cla_id belongs to: the way reviews, and placements and visits without a person id,
    /// reach their child. An id shared by two children (a data-quality issue) goes to the child of its
    /// earliest-starting episode.
    /// </summary>
    public FrozenDictionary<string, string> ChildByClaId => Memo(() => Extract.ClaEpisodes
        .Where(e => !string.IsNullOrEmpty(e.ClaId))
        .GroupBy(e => e.ClaId!, StringComparer.Ordinal)
        .ToFrozenDictionary(
            g => g.Key,
            g => g.OrderBy(e => e.StartDate ?? DateOnly.MaxValue).ThenBy(e => e.EpisodeId, StringComparer.Ordinal).First().PersonId,
            StringComparer.Ordinal));

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
    /// Each child's placements with a start date and no end before it, by start. A placement reaches its child by
    /// clap_person_id, or else by clap_cla_id = clae_cla_id.
    /// </summary>
    public FrozenDictionary<string, ImmutableArray<ClaPlacement>> PlacementsByChild => Memo(() => GroupByChild(
        Extract.ClaPlacements.Where(p => p.StartDate is { } start && (p.EndDate is not { } end || end >= start)),
        p => p.PersonId ?? (p.ClaId is null ? null : ChildByClaId.GetValueOrDefault(p.ClaId)),
        p => p.StartDate));

    /// <summary>
    /// Each child's placements as counted for placement stability, by start. A placement that began while the
    /// child's legal status was V3/V4 is a short break and is left out. An A3 or A5 placement that starts the day
    /// the previous placement ended continues it: the two are one spell.
    /// </summary>
    public FrozenDictionary<string, ImmutableArray<PlacementSpell>> PlacementSpellsByChild => Memo(() =>
    {
        var statuses = LegalStatusesByChild;
        return PlacementsByChild.ToFrozenDictionary(
            c => c.Key,
            c => PlacementSpells(c.Value, statuses.GetValueOrDefault(c.Key, [])),
            StringComparer.Ordinal);
    });

    /// <summary>
    /// Each child's CLA visits at which the child was seen (clav_cla_visit_seen = Y; every visit when the seen column is absent or
    /// empty in every row), as sorted dates. A visit reaches its child by clav_person_id, or else by clav_cla_id.
    /// </summary>
    public FrozenDictionary<string, DateOnly[]> ClaVisitDatesByChild => Memo(() =>
    {
        var seenColumn = Extract.HasValues("ssd_cla_visits", "clav_cla_visit_seen");
        var visits = Extract.ClaVisits;
        var personOf = visits.Field(nameof(ClaVisit.PersonId), v => v.PersonId);
        var claIdOf = visits.Field(nameof(ClaVisit.ClaId), v => v.ClaId);
        var visitedOn = visits.Field(nameof(ClaVisit.VisitDate), v => v.VisitDate);
        var seenAt = visits.Field(nameof(ClaVisit.ChildSeen), v => v.ChildSeen);
        return SortedDatesByChild(Enumerable.Range(0, visits.Count)
            .Where(row => visitedOn(row) is not null && (seenColumn ? seenAt(row) == true : seenAt(row) != false))
            .Select(row => (personOf(row) ?? (claIdOf(row) is { } claId ? ChildByClaId.GetValueOrDefault(claId) : null), visitedOn(row)!.Value)));
    });

    /// <summary>
    /// Each child's completed health assessments, as sorted dates: ssd_cla_health rows whose type contains one of the
    /// configured health-assessment values (case-insensitively) and whose status is Completed or empty.
    /// </summary>
    public FrozenDictionary<string, DateOnly[]> HealthAssessmentDatesByChild => Memo(() =>
    {
        var types = Settings.HealthAssessmentTypes;
        var checks = Extract.ClaHealthChecks;
        var personOf = checks.Field(nameof(ClaHealthCheck.PersonId), h => h.PersonId);
        var checkedOn = checks.Field(nameof(ClaHealthCheck.CheckDate), h => h.CheckDate);
        var typeOf = checks.Field(nameof(ClaHealthCheck.CheckType), h => h.CheckType);
        var statusOf = checks.Field(nameof(ClaHealthCheck.Status), h => h.Status);
        return SortedDatesByChild(Enumerable.Range(0, checks.Count)
            .Where(row => checkedOn(row) is not null
                && typeOf(row) is { } type && types.Any(t => type.Contains(t, StringComparison.OrdinalIgnoreCase))
                && (statusOf(row) is var status && (string.IsNullOrWhiteSpace(status) || status.Trim().Equals("Completed", StringComparison.OrdinalIgnoreCase))))
            .Select(row => ((string?)personOf(row), checkedOn(row)!.Value)));
    });

    /// <summary>CLA reviews (every row, cancelled or not) by clar_cla_id.</summary>
    public FrozenDictionary<string, ImmutableArray<ClaReview>> ClaReviewsByClaId =>
        Memo(() => GroupByChild(Extract.ClaReviews, r => r.ClaId, r => r.ReviewDate));

    /// <summary>
    /// Each child's reviews that were held: dated and not cancelled, reaching the child by clar_cla_id =
    /// clae_cla_id; by date (then id). Reviews whose CLA id matches no episode cannot be placed and are left out.
    /// </summary>
    public FrozenDictionary<string, ImmutableArray<ClaReview>> HeldClaReviewsByChild => Memo(() => ClaReviewsByClaId
        .Where(c => ChildByClaId.ContainsKey(c.Key))
        .SelectMany(c => c.Value.Where(r => r.ReviewDate is not null && r.Cancelled != true).Select(r => (Child: ChildByClaId[c.Key], Review: r)))
        .GroupBy(r => r.Child, StringComparer.Ordinal)
        .ToFrozenDictionary(
            g => g.Key,
            g => g.Select(r => r.Review).OrderBy(r => r.ReviewDate).ThenBy(r => r.ReviewId, StringComparer.Ordinal).ToImmutableArray(),
            StringComparer.Ordinal));

    /// <summary>The dates of <see cref="HeldClaReviewsByChild"/>, sorted, for counting reviews between two dates.</summary>
    public FrozenDictionary<string, DateOnly[]> HeldClaReviewDatesByChild => Memo(() =>
        HeldClaReviewsByChild.ToFrozenDictionary(c => c.Key, c => c.Value.Select(r => r.ReviewDate!.Value).ToArray(), StringComparer.Ordinal));

    /// <summary>
    /// Each child's ssd_cla_care_plan rows that record a permanence plan (<see cref="RecordsPermanencePlan"/>), by start.
    /// </summary>
    public FrozenDictionary<string, ImmutableArray<ClaCarePlan>> PermanencePlansByChild => Memo(() => GroupByChild(
        Extract.ClaCarePlans.Where(p => p.StartDate is not null && RecordsPermanencePlan(p.PlanJson)), p => p.PersonId, p => p.StartDate));

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

    private static ImmutableArray<PlacementSpell> PlacementSpells(ImmutableArray<ClaPlacement> placements, ImmutableArray<LegalStatus> statuses)
    {
        var spells = new List<PlacementSpell>(placements.Length);
        foreach (var placement in placements.OrderBy(p => p.StartDate).ThenBy(p => p.EndDate ?? DateOnly.MaxValue).ThenBy(p => p.PlacementId, StringComparer.Ordinal))
        {
            var start = placement.StartDate!.Value;
            if (PeriodsOfCare.IsShortBreak(PeriodsOfCare.LegalStatusAt(statuses, start)))
            {
                continue;
            }

            var type = placement.PlacementType?.Trim();
            if (spells.Count > 0 && spells[^1].End == start && type is not null && AdoptionWithCurrentCarersTypes.Contains(type))
            {
                spells[^1] = spells[^1] with { End = placement.EndDate };
            }
            else
            {
                spells.Add(new PlacementSpell(start, placement.EndDate));
            }
        }

        return [.. spells];
    }
}
