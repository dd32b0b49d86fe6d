using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Date validity and order.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> DateOrder() =>
    [
        new()
        {
            Code = "assessment_before_referral",
            Title = "Assessment starts before its referral",
            Severity = Severity.Error,
            Tables = ["ssd_cin_assessments", "ssd_cin_episodes"],
            Fields = "cina_assessment_start_date, cine_referral_date",
            Description = "An assessment's start date is earlier than the date of the referral it belongs to (cina_referral_id).",
            DfeEquivalent = "CIN 1103",
            Find = inputs => inputs.Extract.Assessments
                .Where(a => a.ReferralId is not null && a.StartDate is not null
                    && inputs.Referrals.TryGetValue(a.ReferralId, out var r) && r.ReferralDate > a.StartDate)
                .Select(a => new DqFinding("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_start_date",
                    $"assessment started {a.StartDate:yyyy-MM-dd}, referral {a.ReferralId} dated {inputs.Referrals[a.ReferralId!].ReferralDate:yyyy-MM-dd}",
                    $"assessment_before_referral:{a.AssessmentId}", a.WorkerId, a.TeamId)),
        },
        new()
        {
            Code = "end_before_start",
            Title = "Episode or plan ends before it starts",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes", "ssd_cin_assessments", "ssd_cp_plans", "ssd_cin_plans", "ssd_cla_episodes"],
            Fields = "start and end dates",
            Description = "A CIN episode closes, an assessment is authorised, or a CP plan, CIN plan or CLA episode ends before the date it started.",
            DfeEquivalent = "CIN 8630, 8608, 4011",
            Find = inputs => EndBeforeStart(inputs.Extract),
        },
    ];

    private static IEnumerable<DqFinding> EndBeforeStart(ExtractSet e)
    {
        DqFinding Finding(string table, string id, string person, string fields, DateOnly? start, DateOnly? end) =>
            new(table, id, person, fields, $"starts {start:yyyy-MM-dd}, ends {end:yyyy-MM-dd}", $"end_before_start:{table}:{id}");

        return e.CinEpisodes.Where(r => r.CloseDate < r.ReferralDate)
                .Select(r => Finding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date", r.ReferralDate, r.CloseDate))
            .Concat(e.Assessments.Where(a => a.AuthorisedDate < a.StartDate)
                .Select(a => Finding("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_auth_date", a.StartDate, a.AuthorisedDate)))
            .Concat(e.CpPlans.Where(p => p.EndDate < p.StartDate)
                .Select(p => Finding("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_end_date", p.StartDate, p.EndDate)))
            .Concat(e.CinPlans.Where(p => p.EndDate < p.StartDate)
                .Select(p => Finding("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_end_date", p.StartDate, p.EndDate)))
            .Concat(e.ClaEpisodes.Where(c => c.CeasedDate < c.StartDate)
                .Select(c => Finding("ssd_cla_episodes", c.EpisodeId, c.PersonId, "clae_cla_episode_ceased_date", c.StartDate, c.CeasedDate)));
    }
}
