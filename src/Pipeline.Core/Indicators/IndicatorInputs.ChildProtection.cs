using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Indicators;

public sealed partial class IndicatorInputs
{
    /// <summary>Each child's CP plans with this council (OLA plans left out) that have a start date, by start date.</summary>
    /// <remarks>NOTE: start and end only, read from their columns with the child's id: indicators read nothing else of a plan.</remarks>
    public IReadOnlyDictionary<string, ImmutableArray<PlanDates>> CpPlansByChild => Memo(() =>
    {
        var plans = Extract.CpPlans;
        var personOf = plans.Field(nameof(CpPlan.PersonId), p => p.PersonId);
        var startOf = plans.Field(nameof(CpPlan.StartDate), p => p.StartDate);
        var endOf = plans.Field(nameof(CpPlan.EndDate), p => p.EndDate);
        var otherCouncil = plans.Field(nameof(CpPlan.HeldByOtherCouncil), p => p.HeldByOtherCouncil);
        return GroupRowsByChild(plans.Count, row => otherCouncil(row) != true && startOf(row) is not null ? personOf(row) : null,
            startOf, (_, row) => new PlanDates(startOf(row), endOf(row)));
    });

    /// <summary>
    /// Each child's CP visits at which the child was seen, as sorted dates. A visit reaches its child by
    /// cppv_person_id, or else through its plan. With the seen column absent or empty in every row every visit counts.
    /// </summary>
    public IReadOnlyDictionary<string, DateOnly[]> CpVisitDatesByChild => Memo(() =>
    {
        var seenColumn = Extract.HasValues("ssd_cp_visits", "cppv_cp_visit_seen");
        var visits = Extract.CpVisits;
        var personOf = visits.Field(nameof(CpVisit.PersonId), v => v.PersonId);
        var planOf = visits.Field(nameof(CpVisit.PlanId), v => v.PlanId);
        var visitedOn = visits.Field(nameof(CpVisit.VisitDate), v => v.VisitDate);
        var seenAt = visits.Field(nameof(CpVisit.ChildSeen), v => v.ChildSeen);
        var planPerson = new Lazy<Dictionary<string, string>>(PersonByCpPlanId);
        return DatesByChild(Enumerable.Range(0, visits.Count)
            .Where(row => visitedOn(row) is not null && (seenColumn ? seenAt(row) == true : seenAt(row) != false))
            .Select(row => (personOf(row) ?? (planOf(row) is { } plan ? planPerson.Value.GetValueOrDefault(plan) : null), visitedOn(row)!.Value)));
    });

    /// <summary>Each CP plan's child by cppl_cp_plan_id (the first row where an id is duplicated), read from the two columns.</summary>
    private Dictionary<string, string> PersonByCpPlanId()
    {
        var plans = Extract.CpPlans;
        var (planOf, personOf) = (plans.Field(nameof(CpPlan.PlanId), p => p.PlanId), plans.Field(nameof(CpPlan.PersonId), p => p.PersonId));
        var persons = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var row = 0; row < plans.Count; row++)
        {
            persons.TryAdd(planOf(row), personOf(row));
        }

        return persons;
    }

    /// <summary>Each S47 enquiry's start date by id (the first row where an id is duplicated).</summary>
    /// <remarks>NOTE: the date alone, not the record: one entry per enquiry nationally, kept for the whole stage.</remarks>
    public FrozenDictionary<string, DateOnly?> S47StartById => Memo(() =>
    {
        var enquiries = Extract.S47Enquiries;
        var (idOf, startOf) = (enquiries.Field(nameof(S47Enquiry.EnquiryId), s => s.EnquiryId), enquiries.Field(nameof(S47Enquiry.StartDate), s => s.StartDate));
        var starts = new Dictionary<string, DateOnly?>(StringComparer.Ordinal);
        for (var row = 0; row < enquiries.Count; row++)
        {
            starts.TryAdd(idOf(row), startOf(row));
        }

        return starts.ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>S47 enquiries that some ICPC row links to (transfer-in or not).</summary>
    public FrozenSet<string> S47sWithIcpc =>
        Memo(() =>
        {
            var conferences = Extract.InitialCpConferences;
            var s47Of = conferences.Field(nameof(InitialCpConference.S47EnquiryId), c => c.S47EnquiryId);
            return Enumerable.Range(0, conferences.Count).Select(s47Of).OfType<string>().ToFrozenSet(StringComparer.Ordinal);
        });

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
