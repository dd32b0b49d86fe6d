using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Overlaps.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> Overlaps() =>
    [
        new()
        {
            Code = "cp_plan_overlap",
            Title = "Two CP plans open at once",
            Severity = Severity.Error,
            Tables = ["ssd_cp_plans"],
            Fields = "cppl_cp_plan_start_date, cppl_cp_plan_end_date",
            Description = "A child has two of this council's child protection plans (not OLA) open on the same day.",
            Find = inputs => inputs.Extract.CpPlans
                .Where(p => p.HeldByOtherCouncil != true && p.StartDate is not null)
                .GroupBy(p => p.PersonId, StringComparer.Ordinal)
                .SelectMany(OverlappingPlans),
        },
    ];

    // Plans sorted by start: each overlaps the one before it when it starts before that one ends.
    private static IEnumerable<DqFinding> OverlappingPlans(IEnumerable<CpPlan> childPlans)
    {
        CpPlan? latestEnding = null;
        foreach (var plan in childPlans.OrderBy(p => p.StartDate).ThenBy(p => p.PlanId, StringComparer.Ordinal))
        {
            if (latestEnding is not null && (latestEnding.EndDate is null || latestEnding.EndDate > plan.StartDate))
            {
                var errorId = $"cp_plan_overlap:{latestEnding.PlanId}:{plan.PlanId}";
                var message = $"plan started {plan.StartDate:yyyy-MM-dd} while plan {latestEnding.PlanId} (from {latestEnding.StartDate:yyyy-MM-dd}) was open";
                yield return new DqFinding("ssd_cp_plans", plan.PlanId, plan.PersonId, "cppl_cp_plan_start_date", message, errorId);
                yield return new DqFinding("ssd_cp_plans", latestEnding.PlanId, latestEnding.PersonId, "cppl_cp_plan_end_date", message, errorId);
            }

            if (latestEnding is null || (latestEnding.EndDate is not null && (plan.EndDate is null || plan.EndDate > latestEnding.EndDate)))
            {
                latestEnding = plan;
            }
        }
    }
}
