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
            Description = "A child protection plan is still open at as_at although it started more than two years earlier: often a plan ended in practice but never closed on the system."
                + " The DfE has nothing like it: a long plan is not an error in the census.",
            Find = inputs => inputs.Extract.CpPlans
                .RowsWhere((nameof(CpPlan.StartDate), p => p.StartDate), (nameof(CpPlan.EndDate), p => p.EndDate),
                    (start, end) => Dates.IsOpenAt(start, end, inputs.AsAt) && start < inputs.AsAt.AddYears(-2))
                .Select(p => new DqFinding("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_end_date",
                    $"open since {p.StartDate:yyyy-MM-dd}", $"cp_plan_open_over_2y:{p.PlanId}")),
        },
        new()
        {
            Code = "referral_stale",
            Title = "Open referral with no activity for a year",
            Severity = Severity.Warning,
            Tables = ["ssd_cin_episodes", "ssd_cin_assessments", "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cp_plans", "ssd_cin_plans",
                "ssd_cla_episodes", "ssd_involvements", "ssd_cp_visits", "ssd_cp_reviews", "ssd_cin_visits", "ssd_cla_visits", "ssd_cla_reviews", "ssd_cla_placement"],
            Fields = "cine_close_date",
            Description = "A CIN episode is open at as_at but nothing has happened on it in the 12 months ending at as_at (from the day "
                + "after as_at less 12 months, to as_at, both included): usually a case closed in practice and never on the system. "
                + "Activity is any of these dates, on or before as_at: the referral date itself; for records naming this referral "
                + "(*_referral_id), an assessment's start or authorisation, an S47 enquiry's start or end, an initial conference, a CP "
                + "plan's, CIN plan's or CLA episode's start or end, an involvement's start or end (any role: a new worker is activity); "
                + "and, for records that name no referral, any of the child's CP, CIN or CLA visits, CP or CLA reviews (held date) and "
                + "placement starts or ends. A record with an empty referral id counts as the child's. Contacts are not activity (they "
                + "are news arriving, not work on the case), nor are health checks, missing episodes or care leaver rows. An open plan "
                + "or placement with no dated event in the year does not count by being open: that is the pattern this rule looks for."
                + " The DfE has nothing like it: the census judges dates, not whether a case is worked.",
            Find = StaleReferrals,
        },
        new()
        {
            Code = "cla_open_after_death",
            Title = "CLA episode open after the child's death",
            Severity = Severity.Error,
            Tables = ["ssd_cla_episodes", "ssd_person"],
            Fields = "clae_cla_episode_ceased_date, pers_death_date",
            Description = "A CLA episode is open at as_at for a person whose pers_death_date is on or before as_at. An episode that ceased "
                + "on or before as_at is not flagged here, whatever the date of death."
                + " The DfE has nothing like it: the SSDA903 carries no date of death.",
            Find = inputs => inputs.Extract.ClaEpisodes
                .RowsWhere((nameof(ClaEpisode.StartDate), e => e.StartDate), (nameof(ClaEpisode.CeasedDate), e => e.CeasedDate), (nameof(ClaEpisode.PersonId), e => e.PersonId),
                    (start, ceased, child) => Dates.IsOpenAt(start, ceased, inputs.AsAt) && DeathByAsAt(inputs, child) is not null)
                .Select(e => new DqFinding("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_ceased_date",
                    $"open since {e.StartDate:yyyy-MM-dd}; date of death {DeathByAsAt(inputs, e.PersonId):yyyy-MM-dd}", $"cla_open_after_death:{e.EpisodeId}")),
        },
        new()
        {
            Code = "involvement_open_after_case_closed",
            Title = "Worker still allocated after the case closed",
            Severity = Severity.Warning,
            Tables = ["ssd_involvements", "ssd_cin_episodes"],
            Fields = "invo_involvement_end_date",
            Description = "An allocated-worker involvement (role one of the configured allocated-worker roles, as caseloads count them) is "
                + "open at as_at for a child with no CIN episode open at as_at: the allocation was not ended when the case closed, and "
                + "it inflates the worker's caseload. Checked only when the extract holds ssd_cin_episodes. (The DfE's CIN 8565, activity "
                + "dated after a case closed, is about events, not allocations; it has no rule like this one.)"
                + " No DfE return carries worker allocations.",
            Find = inputs =>
            {
                if (!inputs.Extract.HasTable("ssd_cin_episodes"))
                {
                    return [];
                }

                var openCase = inputs.ChildrenWithOpenReferral;
                return inputs.OpenAllocationsAtAsAt(child => !openCase.Contains(child))
                    .Select(i => new DqFinding("ssd_involvements", i.InvolvementId, i.PersonId, "invo_involvement_end_date",
                        $"allocated since {i.StartDate:yyyy-MM-dd}; no CIN episode open at {inputs.AsAt:yyyy-MM-dd}",
                        $"involvement_open_after_case_closed:{i.InvolvementId}", i.ProfessionalId, i.TeamId));
            },
        },
    ];

    private static DateOnly? DeathByAsAt(QualityInputs inputs, string personId) =>
        inputs.Persons.TryGetValue(personId, out var person) && person.DeathDate is { } death && death <= inputs.AsAt ? death : null;

    private static bool HadConference(QualityInputs inputs, S47Enquiry s)
    {
        var (byEnquiry, byReferral) = inputs.HeldConferences;
        return byEnquiry.Contains(s.EnquiryId)
            || (s.ReferralId is not null && byReferral.TryGetValue(s.ReferralId, out var held) && held >= s.StartDate);
    }

    private static IEnumerable<DqFinding> StaleReferrals(QualityInputs inputs)
    {
        var from = Dates.TwelveMonthsEndingAt(inputs.AsAt);
        var (byReferral, byChild) = inputs.LatestActivity;
        // NOTE: the referral's fields read from their columns; the record built only for a stale referral.
        var rows = inputs.Extract.CinEpisodes;
        var (idOf, childOf, referredOf, closedOf) = (rows.Field(nameof(CinEpisode.ReferralId), r => r.ReferralId), rows.Field(nameof(CinEpisode.PersonId), r => r.PersonId),
            rows.Field(nameof(CinEpisode.ReferralDate), r => r.ReferralDate), rows.Field(nameof(CinEpisode.CloseDate), r => r.CloseDate));
        var stale = rows.RowsWhere(row => Dates.IsOpenAt(referredOf(row), closedOf(row), inputs.AsAt) && !(referredOf(row) >= from)
            && Latest(idOf(row), childOf(row), referredOf(row)!.Value) < from);
        foreach (var r in stale)
        {
            var latest = Latest(r.ReferralId, r.PersonId, r.ReferralDate!.Value);
            yield return new DqFinding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date",
                $"open since {r.ReferralDate:yyyy-MM-dd}; latest activity {latest:yyyy-MM-dd}", $"referral_stale:{r.ReferralId}", r.WorkerId, r.TeamId);
        }

        // The latest casework on the referral or its child, or the referral date when none is later.
        DateOnly Latest(string referralId, string personId, DateOnly referred)
        {
            var latest = referred;
            if (byReferral.TryGetValue(referralId, out var onReferral) && onReferral > latest)
            {
                latest = onReferral;
            }

            if (byChild.TryGetValue(personId, out var onChild) && onChild > latest)
            {
                latest = onChild;
            }

            return latest;
        }
    }
}
