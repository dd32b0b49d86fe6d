using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Indicators;

/// <summary>A plan's start and end: what point-in-time indicators read of a plan.</summary>
public sealed record PlanDates(DateOnly? StartDate, DateOnly? EndDate);

public sealed partial class IndicatorInputs
{
    /// <summary>Each child's CIN plans, by start date.</summary>
    /// <remarks>NOTE: start and end only, not the record: a million plans nationally, kept for the whole stage; read from
    /// their columns, and the child's id only for plans with a start.</remarks>
    public FrozenDictionary<string, ImmutableArray<PlanDates>> CinPlansByChild => Memo(() =>
    {
        var plans = Extract.CinPlans;
        var personOf = plans.Field(nameof(CinPlan.PersonId), p => p.PersonId);
        var startOf = plans.Field(nameof(CinPlan.StartDate), p => p.StartDate);
        var endOf = plans.Field(nameof(CinPlan.EndDate), p => p.EndDate);
        return GroupRowsByChild(plans.Count, row => startOf(row) is not null ? personOf(row) : null, startOf, (_, row) => new PlanDates(startOf(row), endOf(row)))
            .ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>Each child's CIN visits at which the child was seen (every visit when the seen column is absent or empty in every row), as sorted dates.</summary>
    /// <remarks>NOTE: read from three columns, the child's id only for visits kept: visits are the largest table an indicator reads.</remarks>
    public FrozenDictionary<string, DateOnly[]> CinVisitDatesByChild => Memo(() =>
    {
        var seenColumn = Extract.HasValues("ssd_cin_visits", "cinv_cin_visit_seen");
        var visits = Extract.CinVisits;
        var personOf = visits.Field(nameof(CinVisit.PersonId), v => v.PersonId);
        var visitedOn = visits.Field(nameof(CinVisit.VisitDate), v => v.VisitDate);
        var seenAt = visits.Field(nameof(CinVisit.ChildSeen), v => v.ChildSeen);
        return SortedDatesByChild(Enumerable.Range(0, visits.Count)
            .Where(row => visitedOn(row) is not null && (seenColumn ? seenAt(row) == true : seenAt(row) != false))
            .Select(row => (personOf(row), visitedOn(row)!.Value)));
    });
}
