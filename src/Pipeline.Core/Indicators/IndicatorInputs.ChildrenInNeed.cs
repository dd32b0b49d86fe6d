using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Indicators;

/// <summary>A plan's start and end: what point-in-time indicators read of a plan.</summary>
public sealed record PlanDates(DateOnly? StartDate, DateOnly? EndDate);

public sealed partial class IndicatorInputs
{
    /// <summary>Each child's CIN plans, by start date.</summary>
    /// <remarks>NOTE: start and end only, not the record: a million plans nationally, kept for the whole stage.</remarks>
    public FrozenDictionary<string, ImmutableArray<PlanDates>> CinPlansByChild => Memo(() =>
    {
        // NOTE: the fields read from their columns, no plan record built.
        var rows = Extract.CinPlans;
        var (childOf, startOf, endOf) = (rows.Field(nameof(CinPlan.PersonId), p => p.PersonId), rows.Field(nameof(CinPlan.StartDate), p => p.StartDate),
            rows.Field(nameof(CinPlan.EndDate), p => p.EndDate));
        return GroupByChild(rows.RowNumbers().Where(row => startOf(row) is not null).Select(row => (PersonId: childOf(row), Plan: new PlanDates(startOf(row), endOf(row)))),
                p => p.PersonId, p => p.Plan.StartDate)
            .ToFrozenDictionary(c => c.Key, c => c.Value.Select(p => p.Plan).ToImmutableArray(), StringComparer.Ordinal);
    });

    /// <summary>Each child's CIN visits at which the child was seen (every visit when the seen column is absent or empty in every row), as sorted dates.</summary>
    public FrozenDictionary<string, DateOnly[]> CinVisitDatesByChild => Memo(() =>
    {
        var seenColumn = Extract.HasValues("ssd_cin_visits", "cinv_cin_visit_seen");
        // NOTE: the visit's fields read from their columns, no record built.
        var rows = Extract.CinVisits;
        var (childOf, dateOf, seenOf) = (rows.Field(nameof(CinVisit.PersonId), v => v.PersonId), rows.Field(nameof(CinVisit.VisitDate), v => v.VisitDate),
            rows.Field(nameof(CinVisit.ChildSeen), v => v.ChildSeen));
        return SortedDatesByChild(rows.RowNumbers()
            .Where(row => childOf(row) is not null && dateOf(row) is not null && (seenColumn ? seenOf(row) == true : seenOf(row) != false))
            .Select(row => (childOf(row), dateOf(row)!.Value)));
    });
}
