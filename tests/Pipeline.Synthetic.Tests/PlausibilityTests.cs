using Pipeline.Tests.Synthetic.Support;

namespace Pipeline.Tests.Synthetic;

/// <summary>
/// The generated council must look like the councils in the seed reports (seed 002: referrals 464 per 10,000,
/// S47 199, ICPC 65, CP 40, CLA 57-62, CIN 263-271). Ranges are generous: 20,000 children is a small council
/// and its yearly counts are noisy.
/// </summary>
[Collection(SharedSetsCollection.Name)]
public sealed class PlausibilityTests(SharedSets sets)
{
    private GeneratedSet Set => sets.Clean;

    private DateOnly AsAt => Set.AsAt;

    private DateOnly YearStart => AsAt.AddMonths(-12).AddDays(1);

    private double Per10K(int count) => count * 10000.0 / Set.Options.Children;

    private bool InLastYear(DateOnly? d) => d is { } x && x >= YearStart && x <= AsAt;

    private static bool OpenAt(DateOnly? start, DateOnly? end, DateOnly day) => start <= day && (end is null || end > day);

    [Fact]
    public void Generate_TwentyThousandChildren_FrontDoorRatesLookLikeACouncil()
    {
        var contacts = Set["ssd_contacts"];
        var contactRate = Per10K(contacts.Rows.Count(r => InLastYear(contacts.Date(r, "cont_contact_date"))));
        Assert.InRange(contactRate, 1000, 1700);

        var episodes = Set["ssd_cin_episodes"];
        var referrals = episodes.Rows.Where(r => InLastYear(episodes.Date(r, "cine_referral_date"))).ToList();
        Assert.InRange(Per10K(referrals.Count), 380, 560);

        var byChild = episodes.Rows.ToLookup(r => episodes.Get(r, "cine_person_id"), r => episodes.Date(r, "cine_referral_date")!.Value);
        var repeats = referrals.Count(r =>
        {
            var date = episodes.Date(r, "cine_referral_date")!.Value;
            return byChild[episodes.Get(r, "cine_person_id")].Any(d => d >= date.AddMonths(-12) && d < date);
        });
        Assert.InRange(100.0 * repeats / referrals.Count, 15, 30);

        var assessments = Set["ssd_cin_assessments"];
        var authorised = assessments.Rows.Where(r => InLastYear(assessments.Date(r, "cina_assessment_auth_date"))).ToList();
        Assert.InRange(Per10K(authorised.Count), 330, 520);
        var within45 = authorised.Count(r => WorkingDays.Between(assessments.Date(r, "cina_assessment_start_date")!.Value, assessments.Date(r, "cina_assessment_auth_date")!.Value) <= 45);
        Assert.InRange(100.0 * within45 / authorised.Count, 75, 92);
        Assert.InRange(100.0 * authorised.Count(r => assessments.Get(r, "cina_assessment_outcome_nfa") == "Y") / authorised.Count, 35, 55);
    }

    [Fact]
    public void Generate_TwentyThousandChildren_ChildProtectionRatesLookLikeACouncil()
    {
        var s47 = Set["ssd_s47_enquiry"];
        Assert.InRange(Per10K(s47.Rows.Count(r => InLastYear(s47.Date(r, "s47e_s47_start_date")))), 150, 260);

        var s47Start = s47.Rows.ToDictionary(r => s47.Get(r, "s47e_s47_enquiry_id"), r => s47.Date(r, "s47e_s47_start_date")!.Value);
        var conferences = Set["ssd_initial_cp_conference"];
        var held = conferences.Rows
            .Where(r => InLastYear(conferences.Date(r, "icpc_icpc_date")) && conferences.Get(r, "icpc_icpc_transfer_in") != "Y")
            .ToList();
        Assert.InRange(Per10K(held.Count), 40, 85);
        var linked = held.Where(r => s47Start.ContainsKey(conferences.Get(r, "icpc_s47_enquiry_id"))).ToList();
        var timely = linked.Count(r => WorkingDays.Between(s47Start[conferences.Get(r, "icpc_s47_enquiry_id")], conferences.Date(r, "icpc_icpc_date")!.Value) <= 15);
        Assert.InRange(100.0 * timely / linked.Count, 65, 92);

        var plans = Set["ssd_cp_plans"];
        var own = plans.Rows.Where(r => plans.Get(r, "cppl_cp_plan_ola") != "Y").ToList();
        Assert.InRange(Per10K(own.Count(r => InLastYear(plans.Date(r, "cppl_cp_plan_start_date")))), 35, 75);
        var onPlan = own.Where(r => OpenAt(plans.Date(r, "cppl_cp_plan_start_date"), plans.Date(r, "cppl_cp_plan_end_date"), AsAt))
            .Select(r => plans.Get(r, "cppl_person_id")).Distinct().Count();
        Assert.InRange(Per10K(onPlan), 28, 60);
        Assert.Contains(plans.Rows, r => plans.Get(r, "cppl_cp_plan_ola") == "Y");
    }

    [Fact]
    public void Generate_TwentyThousandChildren_ChildrenInNeedAndLookedAfterCountsLookLikeACouncil()
    {
        var episodes = Set["ssd_cin_episodes"];
        var inNeed = episodes.Rows.Where(r => OpenAt(episodes.Date(r, "cine_referral_date"), episodes.Date(r, "cine_close_date"), AsAt))
            .Select(r => episodes.Get(r, "cine_person_id")).Distinct().Count();
        Assert.InRange(Per10K(inNeed), 230, 370);

        // Short breaks (V3/V4) are not looked after.
        var legal = Set["ssd_legal_status"];
        var shortBreak = legal.Rows
            .Where(r => legal.Get(r, "lega_legal_status") is "V3" or "V4" && OpenAt(legal.Date(r, "lega_legal_status_start_date"), legal.Date(r, "lega_legal_status_end_date"), AsAt))
            .Select(r => legal.Get(r, "lega_person_id")).ToHashSet();
        var cla = Set["ssd_cla_episodes"];
        var lookedAfter = cla.Rows.Where(r => OpenAt(cla.Date(r, "clae_cla_episode_start_date"), cla.Date(r, "clae_cla_episode_ceased_date"), AsAt))
            .Select(r => cla.Get(r, "clae_person_id")).Where(p => !shortBreak.Contains(p)).Distinct().Count();
        Assert.InRange(Per10K(lookedAfter), 42, 80);

        var shortBreakShare = 100.0 * legal.Rows.Count(r => legal.Get(r, "lega_legal_status") is "V3" or "V4") / legal.Rows.Count;
        Assert.InRange(shortBreakShare, 0.5, 8);

        var leavers = Set["ssd_care_leavers"];
        Assert.InRange(Per10K(leavers.Rows.Count), 5, 16);
    }

    [Fact]
    public void Generate_TwentyThousandChildren_CaseloadsAverageNearSeventeenWithATailAboveTwentyFive()
    {
        var involvements = Set["ssd_involvements"];
        var caseloads = involvements.Rows
            .Where(r => involvements.Get(r, "invo_professional_role_id") == "ALLOCATED_CASE_WORKER"
                && OpenAt(involvements.Date(r, "invo_involvement_start_date"), involvements.Date(r, "invo_involvement_end_date"), AsAt))
            .GroupBy(r => involvements.Get(r, "invo_professional_id"))
            .Select(g => g.Select(r => involvements.Get(r, "invo_person_id")).Distinct().Count())
            .ToList();

        Assert.InRange(caseloads.Average(), 14, 20);
        Assert.Contains(caseloads, c => c > 25);
        Assert.InRange(100.0 * caseloads.Count(c => c > 25) / caseloads.Count, 1, 15);

        var professionals = Set["ssd_professionals"];
        var socialWorkers = professionals.Rows.Where(r => professionals.Get(r, "prof_social_worker_registration_no").StartsWith("SW", StringComparison.Ordinal)).ToList();
        var agencyShare = socialWorkers.Count(r => professionals.Get(r, "prof_agency_worker_flag") == "Y") * 100.0 / socialWorkers.Count;
        Assert.InRange(agencyShare, 8, 40);
    }
}
