using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Indicators;

public sealed partial class IndicatorInputs
{
    /// <summary>Each child's CP plans with this council (OLA plans left out), by start date.</summary>
    public FrozenDictionary<string, ImmutableArray<CpPlan>> CpPlansByChild =>
        Memo(() => GroupByChild(Extract.CpPlans.Where(p => p.HeldByOtherCouncil != true && p.StartDate is not null), p => p.PersonId, p => p.StartDate));

    /// <summary>
    /// Each child's CP visits at which the child was seen, as sorted dates. A visit reaches its child by
    /// cppv_person_id, or else through its plan. With the seen column absent or empty in every row every visit counts.
    /// </summary>
    public FrozenDictionary<string, DateOnly[]> CpVisitDatesByChild => Memo(() =>
    {
        var seenColumn = Extract.HasValues("ssd_cp_visits", "cppv_cp_visit_seen");
        var planPerson = Extract.CpPlans.GroupBy(p => p.PlanId, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First().PersonId, StringComparer.Ordinal);
        // NOTE: the visit's fields read from their columns, no record built.
        var rows = Extract.CpVisits;
        var (childOf, planOf, dateOf, seenOf) = (rows.Field(nameof(CpVisit.PersonId), v => v.PersonId), rows.Field(nameof(CpVisit.PlanId), v => v.PlanId),
            rows.Field(nameof(CpVisit.VisitDate), v => v.VisitDate), rows.Field(nameof(CpVisit.ChildSeen), v => v.ChildSeen));
        return SortedDatesByChild(rows.RowNumbers()
            .Where(row => dateOf(row) is not null && (seenColumn ? seenOf(row) == true : seenOf(row) != false))
            .Select(row => (childOf(row) ?? (planOf(row) is not { } plan ? null : planPerson.GetValueOrDefault(plan)), dateOf(row)!.Value)));
    });

    /// <summary>Each S47 enquiry's start date by id (the first row where an id is duplicated).</summary>
    /// <remarks>NOTE: the date alone, not the record: one entry per enquiry nationally, kept for the whole stage.</remarks>
    public FrozenDictionary<string, DateOnly?> S47StartById => Memo(() =>
    {
        var starts = new Dictionary<string, DateOnly?>(StringComparer.Ordinal);
        foreach (var enquiry in Extract.S47Enquiries)
        {
            starts.TryAdd(enquiry.EnquiryId, enquiry.StartDate);
        }

        return starts.ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>S47 enquiries that some ICPC row links to (transfer-in or not).</summary>
    public FrozenSet<string> S47sWithIcpc =>
        Memo(() => Extract.InitialCpConferences.Where(c => c.S47EnquiryId is not null).Select(c => c.S47EnquiryId!).ToFrozenSet(StringComparer.Ordinal));

    /// <summary>The latest of <paramref name="sortedDates"/> on or before <paramref name="date"/>, if any.</summary>
    public static DateOnly? LatestOnOrBefore(DateOnly[]? sortedDates, DateOnly date)
    {
        if (sortedDates is null)
        {
            return null;
        }

        var index = Array.BinarySearch(sortedDates, date);
        if (index < 0)
        {
            index = ~index - 1;
        }
        else
        {
            // Step over equal dates to the last one; any of them is the answer.
            while (index + 1 < sortedDates.Length && sortedDates[index + 1] == date)
            {
                index++;
            }
        }

        return index >= 0 ? sortedDates[index] : null;
    }
}
