using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Legacy and drift.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> Legacy() =>
    [
        new()
        {
            Code = "cp_plan_open_over_2y",
            Title = "CP plan open for more than two years",
            Severity = Severity.Warning,
            Tables = ["ssd_cp_plans"],
            Fields = "cppl_cp_plan_start_date, cppl_cp_plan_end_date",
            Description = "A child protection plan is still open at as_at although it started more than two years earlier: often a plan ended in practice but never closed on the system.",
            Find = inputs => inputs.Extract.CpPlans
                .Where(p => Dates.IsOpenAt(p.StartDate, p.EndDate, inputs.AsAt) && p.StartDate < inputs.AsAt.AddYears(-2))
                .Select(p => new DqFinding("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_end_date",
                    $"open since {p.StartDate:yyyy-MM-dd}", $"cp_plan_open_over_2y:{p.PlanId}")),
        },
    ];
}
