using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Indicators;

public sealed partial class IndicatorInputs
{
    /// <summary>Each child's CIN plans, by start date.</summary>
    public FrozenDictionary<string, ImmutableArray<CinPlan>> CinPlansByChild =>
        Memo(() => GroupByChild(Extract.CinPlans.Where(p => p.StartDate is not null), p => p.PersonId, p => p.StartDate));

    /// <summary>Each child's CIN visits at which the child was seen (every visit when the extract has no seen column), as sorted dates.</summary>
    public FrozenDictionary<string, DateOnly[]> CinVisitDatesByChild => Memo(() =>
    {
        var seenColumn = Extract.HasColumn("ssd_cin_visits", "cinv_cin_visit_seen");
        return SortedDatesByChild(Extract.CinVisits
            .Where(v => v.PersonId is not null && v.VisitDate is not null && (seenColumn ? v.ChildSeen == true : v.ChildSeen != false))
            .Select(v => (v.PersonId, v.VisitDate!.Value)));
    });
}
