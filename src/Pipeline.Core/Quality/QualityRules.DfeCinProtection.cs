using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Quality;

// CIN census: section 47 enquiries, initial child protection conferences, child protection plans and their reviews, and CIN
// plans. The census nests each under a referral (CINdetails); here a module belongs to the referral it names (a CP plan: its
// cppl_referral_id, or else its conference's). A conference naming a section 47 enquiry is the census's S47-level
// conference; one naming none is its CINdetails-level conference. Plans of other councils (cppl_cp_plan_ola) are not returned.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> DfeCinProtection() =>
    [
        // Section 47 enquiries and initial conferences.
        Dfe("CIN:2889", "s47e_s47_start_date, s47e_referral_id, cine_referral_date",
            "A section 47 enquiry starts before the referral it names was made (the same day is not before).",
            check => CinReturnS47s(check.Inputs)
                .Select(s => (Enquiry: s, Referral: ReferralDatedAfter(check.Inputs, s.ReferralId, s.StartDate)))
                .Where(x => x.Referral is not null)
                .Select(x => check.Flag("ssd_s47_enquiry", x.Enquiry.EnquiryId, x.Enquiry.PersonId, "s47e_s47_start_date",
                    $"S47 started {IsoDay(x.Enquiry.StartDate)}, referral {x.Referral!.Value.ReferralId} dated {IsoDay(x.Referral.Value.ReferralDate)}",
                    x.Enquiry.WorkerId, x.Enquiry.TeamId))),
        Dfe("CIN:8615", "icpc_icpc_date, icpc_s47_enquiry_id, s47e_s47_start_date",
            "An initial conference naming a section 47 enquiry is held before that enquiry started, or the enquiry has no start date.",
            check => CinReturnConferences(check.Inputs)
                .Where(c => c.ConferenceDate is { } held && c.S47EnquiryId is not null && check.Inputs.S47ById.TryGetValue(c.S47EnquiryId, out var s)
                    && (s.StartDate is not { } start || start > held))
                .Select(c => check.Flag("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_icpc_date",
                    $"conference {IsoDay(c.ConferenceDate)}, S47 {c.S47EnquiryId} started {IsoDay(check.Inputs.S47ById[c.S47EnquiryId!].StartDate)}", c.WorkerId, c.TeamId))),
        Dfe("CIN:8675Q", "s47e_s47_start_date, s47e_s47_end_date, s47e_s47_outcome_json, icpc_s47_enquiry_id",
            "A section 47 enquiry waiting for its initial conference at as_at (none held, not flagged no further action, not ended with an "
                + "outcome other than a conference) started more than 15 working days before as_at: WD(start, as_at) > 15. Exactly 15 is "
                + "not flagged.",
            check => CinReturnS47s(check.Inputs)
                .Where(s => s.StartDate is { } start && start <= check.AsAt && S47AwaitsConference(check.Inputs, s) && check.Inputs.Calendar.WD(start, check.AsAt) > 15)
                .Select(s => check.Flag("ssd_s47_enquiry", s.EnquiryId, s.PersonId, "s47e_s47_start_date",
                    $"started {IsoDay(s.StartDate)}; {check.Inputs.Calendar.WD(s.StartDate!.Value, check.AsAt)} working days to {IsoDay(check.AsAt)} with no conference",
                    s.WorkerId, s.TeamId))),
        Dfe("CIN:8740", "s47e_s47_start_date, s47e_s47_end_date, s47e_s47_outcome_json, icpc_s47_enquiry_id",
            "A section 47 enquiry waiting for its initial conference at as_at started outside the census period (before 1 April, or after as_at).",
            check => CinReturnS47s(check.Inputs)
                .Where(s => s.StartDate is { } start && !check.Inputs.InCensusPeriod(start) && S47AwaitsConference(check.Inputs, s))
                .Select(s => check.Flag("ssd_s47_enquiry", s.EnquiryId, s.PersonId, "s47e_s47_start_date",
                    $"waiting for a conference, started {IsoDay(s.StartDate)}, outside {IsoDay(check.Inputs.ReturnStart)} to {IsoDay(check.AsAt)}", s.WorkerId, s.TeamId))),
        Dfe("CIN:8839", "s47e_s47_end_date, s47e_s47_outcome_json, s47e_referral_id",
            "A referral has two or more section 47 enquiries waiting for their initial conference.",
            check => CinS47sByReferral(check.Inputs)
                .Select(g => (Referral: g.Key, Waiting: g.Where(s => S47AwaitsConference(check.Inputs, s)).ToList()))
                .Where(x => x.Waiting.Count > 1)
                .Select(x => check.Flag("ssd_cin_episodes", x.Referral, x.Waiting[0].PersonId, "s47e_referral_id",
                    $"{x.Waiting.Count} S47 enquiries waiting for a conference: {string.Join(", ", x.Waiting.Select(s => s.EnquiryId))}"))),
        Dfe("CIN:8868", "cine_close_date, s47e_s47_end_date, s47e_s47_outcome_json",
            "A closed CIN episode has a section 47 enquiry naming its referral that is still waiting for its initial conference.",
            check => CinReturnReferrals(check.Inputs)
                .Where(r => r.CloseDate is not null && CinS47sByReferral(check.Inputs)[r.ReferralId].Any(s => S47AwaitsConference(check.Inputs, s)))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date",
                    $"closed {IsoDay(r.CloseDate)} with a section 47 enquiry waiting for a conference", r.WorkerId, r.TeamId))),
        Dfe("CIN:8890", "s47e_s47_start_date, s47e_referral_id, icpc_icpc_date",
            "A section 47 enquiry starts on or after another of the same referral started and before that one's initial conference "
                + "(one still waiting for its conference counts as ongoing; one that ended without needing one does not). Both share one error id.",
            check => CinS47sByReferral(check.Inputs).Where(g => g.Count() > 1).SelectMany(g =>
                from a in g
                from b in g
                where a.EnquiryId != b.EnquiryId && a.StartDate is { } sa && b.StartDate is { } sb && sa >= sb
                    && !(sa == sb && string.CompareOrdinal(a.EnquiryId, b.EnquiryId) < 0)
                    && (ConferenceDateOf(check.Inputs, b) is { } held ? sa < held : S47AwaitsConference(check.Inputs, b))
                select check.Flag("ssd_s47_enquiry", a.EnquiryId, a.PersonId, "s47e_s47_start_date",
                    $"started {IsoDay(a.StartDate)} while S47 {b.EnquiryId} (from {IsoDay(b.StartDate)}) was ongoing", a.WorkerId, a.TeamId,
                    key: $"{b.EnquiryId}:{a.EnquiryId}"))),
        Dfe("CIN:2991Q", "s47e_referral_id, cina_referral_id",
            "A referral has a section 47 enquiry and no assessment.",
            check => CinS47sByReferral(check.Inputs)
                .Where(g => !CinAssessmentsByReferral(check.Inputs).Contains(g.Key))
                .Select(g => check.Flag("ssd_cin_episodes", g.Key, g.First().PersonId, "cina_referral_id", "a section 47 enquiry and no assessment"))),
        Dfe("CIN:8870Q", "icpc_icpc_target_date",
            "An initial conference's target date falls on a Saturday or a Sunday.",
            check => CinReturnConferences(check.Inputs).Where(c => c.TargetDate is { DayOfWeek: DayOfWeek.Saturday or DayOfWeek.Sunday })
                .Select(c => check.Flag("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_icpc_target_date",
                    $"target date {IsoDay(c.TargetDate)}, a {c.TargetDate!.Value.DayOfWeek}", c.WorkerId, c.TeamId))),
        Dfe("CIN:8875", "icpc_icpc_date, icpc_s47_enquiry_id",
            "An initial conference following a section 47 enquiry (icpc_s47_enquiry_id given) is dated on a Saturday or a Sunday; bank "
                + "holidays are the pipeline's own icpc_on_bank_holiday.",
            check => CinReturnConferences(check.Inputs)
                .Where(c => c.S47EnquiryId is not null && c.ConferenceDate is { DayOfWeek: DayOfWeek.Saturday or DayOfWeek.Sunday })
                .Select(c => check.Flag("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_icpc_date",
                    $"conference dated {IsoDay(c.ConferenceDate)}, a {c.ConferenceDate!.Value.DayOfWeek}", c.WorkerId, c.TeamId))),
        DfeInCensusPeriod("CIN:8715", "icpc_icpc_date",
            "An initial conference is dated outside the census period (after as_at; earlier ones are not in the census).",
            i => CinReturnConferences(i).Select(c => new DfeDated(c.IcpcId, c.PersonId, c.ConferenceDate, c.WorkerId, c.TeamId))),
        Dfe("CIN:2884", "icpc_icpc_date, icpc_s47_enquiry_id",
            "A referral has an initial conference naming a section 47 enquiry and another naming none on the same date: one conference "
                + "recorded at both the S47 and the CINdetails level.",
            check => CinConferencesByReferral(check.Inputs).SelectMany(g => g
                .Where(c => c.S47EnquiryId is null && c.ConferenceDate is not null
                    && g.Any(other => other.S47EnquiryId is not null && other.ConferenceDate == c.ConferenceDate))
                .Select(c => check.Flag("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_icpc_date",
                    $"conference {IsoDay(c.ConferenceDate)} recorded with and without a section 47 enquiry", c.WorkerId, c.TeamId)))),
        Dfe("CIN:1104", "icpc_icpc_date, icpc_referral_id, cine_referral_date",
            "An initial conference is held before the referral it belongs to was made (icpc_referral_id, or else its section 47 enquiry's).",
            check => CinReturnConferences(check.Inputs)
                .Select(c => (Conference: c, Referral: ReferralDatedAfter(check.Inputs, ConferenceReferralId(check.Inputs, c), c.ConferenceDate)))
                .Where(x => x.Referral is not null)
                .Select(x => check.Flag("ssd_initial_cp_conference", x.Conference.IcpcId, x.Conference.PersonId, "icpc_icpc_date",
                    $"conference {IsoDay(x.Conference.ConferenceDate)}, referral {x.Referral!.Value.ReferralId} dated {IsoDay(x.Referral.Value.ReferralDate)}",
                    x.Conference.WorkerId, x.Conference.TeamId))),
        Dfe("CIN:2883", "cppl_cp_plan_start_date, icpc_icpc_date",
            "More of this council's CP plans start in the census period (1 April to as_at) than initial conferences are held in it "
                + "(with or without a section 47 enquiry). As many plans as conferences is not flagged.",
            check =>
            {
                var (cp, icpc) = (check.Extract.CpPlans, check.Extract.InitialCpConferences);
                var (starts, otherCouncil, held) = (cp.Field(nameof(CpPlan.StartDate), p => p.StartDate), cp.Field(nameof(CpPlan.HeldByOtherCouncil), p => p.HeldByOtherCouncil),
                    icpc.Field(nameof(InitialCpConference.ConferenceDate), c => c.ConferenceDate));
                var plans = Enumerable.Range(0, cp.Count).Count(row => starts(row) is { } s && check.Inputs.InCensusPeriod(s) && otherCouncil(row) != true);
                var conferences = Enumerable.Range(0, icpc.Count).Count(row => held(row) is { } d && check.Inputs.InCensusPeriod(d));
                return plans > conferences
                    ? [check.FlagReturn("ssd_cp_plans", "cppl_cp_plan_start_date", $"{plans} CP plans started and {conferences} initial conferences held {IsoDay(check.Inputs.ReturnStart)} to {IsoDay(check.AsAt)}")]
                    : [];
            }),
        Dfe("CIN:8832", "cine_referral_nfa, cppl_referral_id",
            "A referral marked no further action has a CP plan.",
            check => CinReturnReferrals(check.Inputs).Where(r => r.ReferralNfa == true && CinCpPlansByReferral(check.Inputs).Contains(r.ReferralId))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_nfa", "NFA referral with a CP plan", r.WorkerId, r.TeamId))),

        // Child protection plans and reviews.
        Dfe("CIN:2885", "cppl_cp_plan_start_date, icpc_icpc_date",
            "A CP plan starting in the census period does not start on the date of an initial conference: neither the conference it "
                + "names (cppl_icpc_id) nor any conference of its referral is held that day.",
            check => CinReturnCpPlans(check.Inputs)
                .Where(p => p.StartDate is { } s && check.Inputs.InCensusPeriod(s)
                    && !(p.IcpcId is not null && PlanConferenceDate(check.Inputs, p.IcpcId) == s)
                    && !PlanNamedByConferenceOn(check.Inputs, p.PlanId, s)
                    && !(PlanReferralId(check.Inputs, p) is { } referral && CinConferencesByReferral(check.Inputs)[referral].Any(c => c.ConferenceDate == s)))
                .Select(p => check.Flag("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_start_date", $"plan started {IsoDay(p.StartDate)}, no conference that day"))),
        Dfe("CIN:1105", "cppl_cp_plan_start_date, cppl_referral_id, cine_referral_date",
            "A CP plan starts before the referral it belongs to was made (cppl_referral_id, or else its conference's).",
            check => CinReturnCpPlans(check.Inputs)
                .Select(p => (Plan: p, Referral: ReferralDatedAfter(check.Inputs, PlanReferralId(check.Inputs, p), p.StartDate)))
                .Where(x => x.Referral is not null)
                .Select(x => check.Flag("ssd_cp_plans", x.Plan.PlanId, x.Plan.PersonId, "cppl_cp_plan_start_date",
                    $"plan started {IsoDay(x.Plan.StartDate)}, referral {x.Referral!.Value.ReferralId} dated {IsoDay(x.Referral.Value.ReferralDate)}"))),
        Dfe("CIN:8720", "cppl_cp_plan_start_date",
            "A CP plan has no start date, or one after the end of the census period (as_at).",
            check => CinReturnCpPlans(check.Inputs).Where(p => p.StartDate is not { } s || s > check.AsAt)
                .Select(p => check.Flag("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_start_date",
                    p.StartDate is null ? "no cppl_cp_plan_start_date" : $"starts {IsoDay(p.StartDate)}, after as_at {IsoDay(check.AsAt)}"))),
        Dfe("CIN:8840", "cppl_cp_plan_start_date, cppl_cp_plan_end_date",
            "A CP plan starts and ends on the same day.",
            check => CinReturnCpPlans(check.Inputs).Where(p => p.StartDate is not null && p.EndDate == p.StartDate)
                .Select(p => check.Flag("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_end_date", $"starts and ends {IsoDay(p.StartDate)}"))),
        DfeCodes("CIN:8905", "cp_category_of_abuse", "cppl_cp_plan_initial_category", required: true,
            "A CP plan has no initial category of abuse, or one that is not a code of the CIN census's list (NEG, PHY, SAB, EMO, MUL), the "
                + "SSD's words for them accepted.",
            i => CinReturnCpPlans(i).Select(p => new DfeCoded(p.PlanId, p.PersonId, p.InitialCategory))),
        DfeCodes("CIN:8910", "cp_category_of_abuse", "cppl_cp_plan_latest_category", required: true,
            "A CP plan has no latest category of abuse, or one that is not a code of the CIN census's list.",
            i => CinReturnCpPlans(i).Select(p => new DfeCoded(p.PlanId, p.PersonId, p.LatestCategory))),
        Dfe("CIN:8915", "cppl_cp_plan_start_date, pers_death_date",
            "A CP plan starts after the child's date of death (the day of death itself is not after).",
            check => CinReturnCpPlans(check.Inputs)
                .Where(p => p.StartDate is { } s && check.Inputs.Persons.TryGetValue(p.PersonId, out var person) && person.DeathDate < s)
                .Select(p => check.Flag("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_start_date",
                    $"starts {IsoDay(p.StartDate)}, after pers_death_date {IsoDay(check.Inputs.Persons[p.PersonId].DeathDate)}"))),
        Dfe("CIN:8920", "cppl_cp_plan_end_date, pers_death_date",
            "A CP plan of a child with a date of death ends after it, or has no end date. A plan ending on the day of death is not flagged.",
            check => CinReturnCpPlans(check.Inputs)
                .Where(p => check.Inputs.Persons.TryGetValue(p.PersonId, out var person) && person.DeathDate is { } death && (p.EndDate is not { } end || end > death))
                .Select(p => check.Flag("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_end_date",
                    $"plan to {OpenEnd(p.EndDate)}, pers_death_date {IsoDay(check.Inputs.Persons[p.PersonId].DeathDate)}"))),
        DfeDateOrder("CIN:8925", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date",
            "A CP plan ends before it starts.",
            i => CinReturnCpPlans(i).Select(p => new DfeDates(p.PlanId, p.PersonId, p.StartDate, p.EndDate))),
        DfeInCensusPeriod("CIN:8930", "cppl_cp_plan_end_date",
            "A CP plan's end date is outside the census period (after as_at; earlier ends are not in the census).",
            i => CinReturnCpPlans(i).Select(p => new DfeDated(p.PlanId, p.PersonId, p.EndDate))),
        Dfe("CIN:8935", "cppl_cp_plan_end_date",
            "A child has more than one CP plan with no end date; every one is listed under one error id for the child.",
            check => CinReturnCpPlans(check.Inputs).GroupBy(p => p.PersonId, StringComparer.Ordinal)
                .Select(g => g.Where(p => p.EndDate is null).ToList())
                .Where(open => open.Select(p => p.PlanId).Distinct(StringComparer.Ordinal).Count() > 1)
                .SelectMany(open => open.Select(p => check.Flag("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_end_date",
                    $"{open.Count} CP plans with no end date", key: p.PersonId)))),
        Dfe("CIN:8940", "cppl_cp_plan_start_date, cppl_cp_plan_end_date",
            "A child's CP plan starts on or after another of theirs started and on or before that one ended (an open one counts as open "
                + "to as_at). Both share one error id.",
            check => CinReturnCpPlans(check.Inputs).GroupBy(p => p.PersonId, StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g =>
                from a in g
                from b in g
                where a.PlanId != b.PlanId && a.StartDate is { } sa && b.StartDate is { } sb && sa >= sb && sa <= (b.EndDate ?? check.AsAt)
                    && !(sa == sb && string.CompareOrdinal(a.PlanId, b.PlanId) < 0)
                select check.Flag("ssd_cp_plans", a.PlanId, a.PersonId, "cppl_cp_plan_start_date",
                    $"starts {IsoDay(a.StartDate)} while plan {b.PlanId} ({IsoDay(b.StartDate)} to {OpenEnd(b.EndDate)}) is open", key: $"{b.PlanId}:{a.PlanId}"))),
        Dfe("CIN:8841", "cppr_cp_review_date, cppr_cp_plan_id, cppl_cp_plan_start_date",
            "A CP review conference (of a plan in the census, found by cppr_cp_plan_id) is dated on or before its plan's start date.",
            check => CinReturnCpReviews(check.Inputs)
                .Where(r => r.ReviewDate is { } d && check.Inputs.CpPlansById.TryGetValue(r.PlanId!, out var plan) && d <= plan.StartDate)
                .Select(r => check.Flag("ssd_cp_reviews", r.ReviewId, r.PersonId ?? check.Inputs.CpPlansById[r.PlanId!].PersonId, "cppr_cp_review_date",
                    $"review {IsoDay(r.ReviewDate)}, plan {r.PlanId} started {IsoDay(check.Inputs.CpPlansById[r.PlanId!].StartDate)}"))),
        Dfe("CIN:8842Q", "cppr_cp_review_date, cppr_cp_plan_id",
            "A CP review of a plan in the census has no review date.",
            check => CinReturnCpReviews(check.Inputs).Where(r => r.ReviewDate is null)
                .Select(r => check.Flag("ssd_cp_reviews", r.ReviewId, r.PersonId ?? check.Inputs.CpPlansById[r.PlanId!].PersonId, "cppr_cp_review_date", "no cppr_cp_review_date"))),
        Dfe("CIN:4003", "cppr_cp_review_date, cinp_cin_plan_start_date, cinp_cin_plan_end_date",
            "A CP review is held after a CIN plan of the same referral started and before it ended (an open CIN plan counts as not ended; "
                + "a review on the CIN plan's first or last day is not flagged).",
            check => CinReturnCpReviews(check.Inputs)
                .Where(r => r.ReviewDate is { } d && PlanReferralId(check.Inputs, check.Inputs.CpPlansById[r.PlanId!]) is { } referral
                    && CinPlansByReferral(check.Inputs)[referral].Any(p => d > p.StartDate && (p.EndDate is not { } end || d < end)))
                .Select(r => check.Flag("ssd_cp_reviews", r.ReviewId, r.PersonId ?? check.Inputs.CpPlansById[r.PlanId!].PersonId, "cppr_cp_review_date",
                    $"review {IsoDay(r.ReviewDate)} while a CIN plan of the referral was open"))),

        // CIN plans.
        Dfe("CIN:4000", "cine_referral_nfa, cinp_referral_id",
            "A referral marked no further action has a CIN plan.",
            check => CinReturnReferrals(check.Inputs).Where(r => r.ReferralNfa == true && CinPlansByReferral(check.Inputs).Contains(r.ReferralId))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_nfa", "NFA referral with a CIN plan", r.WorkerId, r.TeamId))),
        Dfe("CIN:4001", "cinp_cin_plan_end_date, cppl_cp_plan_end_date",
            "A referral has a CIN plan and a CP plan both with no end date.",
            check => CinReturnReferrals(check.Inputs)
                .Where(r => CinPlansByReferral(check.Inputs)[r.ReferralId].Any(p => p.EndDate is null) && CinCpPlansByReferral(check.Inputs)[r.ReferralId].Any(p => p.EndDate is null))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cinp_cin_plan_end_date", "an open CIN plan and an open CP plan", r.WorkerId, r.TeamId))),
        Dfe("CIN:4004", "cinp_cin_plan_end_date",
            "A child has more than one CIN plan with no end date; every one is listed under one error id for the child.",
            check => CinReturnCinPlans(check.Inputs).GroupBy(p => p.PersonId, StringComparer.Ordinal)
                .Select(g => g.Where(p => p.EndDate is null).ToList())
                .Where(open => open.Select(p => p.PlanId).Distinct(StringComparer.Ordinal).Count() > 1)
                .SelectMany(open => open.Select(p => check.Flag("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_end_date",
                    $"{open.Count} CIN plans with no end date", p.WorkerId, p.TeamId, key: p.PersonId)))),
        Dfe("CIN:4008", "cinp_cin_plan_start_date, pers_death_date",
            "A CIN plan starts after the child's date of death (the day of death itself is not after).",
            check => CinReturnCinPlans(check.Inputs)
                .Where(p => p.StartDate is { } s && check.Inputs.Persons.TryGetValue(p.PersonId, out var person) && person.DeathDate < s)
                .Select(p => check.Flag("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_start_date",
                    $"starts {IsoDay(p.StartDate)}, after pers_death_date {IsoDay(check.Inputs.Persons[p.PersonId].DeathDate)}", p.WorkerId, p.TeamId))),
        Dfe("CIN:4009Q", "cinp_cin_plan_end_date, pers_death_date",
            "A CIN plan of a child with a date of death ends after it, or has no end date.",
            check => CinReturnCinPlans(check.Inputs)
                .Where(p => check.Inputs.Persons.TryGetValue(p.PersonId, out var person) && person.DeathDate is { } death && (p.EndDate is not { } end || end > death))
                .Select(p => check.Flag("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_end_date",
                    $"plan to {OpenEnd(p.EndDate)}, pers_death_date {IsoDay(check.Inputs.Persons[p.PersonId].DeathDate)}", p.WorkerId, p.TeamId))),
        Dfe("CIN:4010", "cinp_cin_plan_start_date",
            "A CIN plan has no start date, or one after the end of the census period (as_at).",
            check => CinReturnCinPlans(check.Inputs).Where(p => p.StartDate is not { } s || s > check.AsAt)
                .Select(p => check.Flag("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_start_date",
                    p.StartDate is null ? "no cinp_cin_plan_start_date" : $"starts {IsoDay(p.StartDate)}, after as_at {IsoDay(check.AsAt)}", p.WorkerId, p.TeamId))),
        DfeDateOrder("CIN:4011", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date",
            "A CIN plan ends before it starts.",
            i => CinReturnCinPlans(i).Select(p => new DfeDates(p.PlanId, p.PersonId, p.StartDate, p.EndDate, p.WorkerId, p.TeamId))),
        Dfe("CIN:4012Q", "cinp_cin_plan_start_date, cinp_cin_plan_end_date",
            "A CIN plan starts and ends on the same day.",
            check => CinReturnCinPlans(check.Inputs).Where(p => p.StartDate is not null && p.EndDate == p.StartDate)
                .Select(p => check.Flag("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_end_date", $"starts and ends {IsoDay(p.StartDate)}", p.WorkerId, p.TeamId))),
        DfeInCensusPeriod("CIN:4013", "cinp_cin_plan_end_date",
            "A CIN plan's end date is outside the census period (after as_at; earlier ends are not in the census).",
            i => CinReturnCinPlans(i).Select(p => new DfeDated(p.PlanId, p.PersonId, p.EndDate, p.WorkerId, p.TeamId))),
        Dfe("CIN:4014", "cinp_cin_plan_start_date, cinp_cin_plan_end_date",
            "A child's CIN plan starts on or after another of theirs started and on or before that one ended (an open one counts as "
                + "open to as_at); starting on the day the other ended is not an overlap. Both share one error id.",
            check => CinReturnCinPlans(check.Inputs).GroupBy(p => p.PersonId, StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g =>
                from a in g
                from b in g
                where a.PlanId != b.PlanId && a.StartDate is { } sa && b.StartDate is { } sb && sa >= sb && sa <= (b.EndDate ?? check.AsAt) && sa != b.EndDate
                    && !(sa == sb && string.CompareOrdinal(a.PlanId, b.PlanId) < 0)
                select check.Flag("ssd_cin_plans", a.PlanId, a.PersonId, "cinp_cin_plan_start_date",
                    $"starts {IsoDay(a.StartDate)} while plan {b.PlanId} ({IsoDay(b.StartDate)} to {OpenEnd(b.EndDate)}) is open", a.WorkerId, a.TeamId,
                    key: $"{b.PlanId}:{a.PlanId}"))),
        Dfe("CIN:4015", "cinp_cin_plan_start_date, cinp_referral_id, cine_referral_date",
            "A CIN plan starts before the referral it names was made (the same day is not before).",
            check => CinReturnCinPlans(check.Inputs)
                .Select(p => (Plan: p, Referral: ReferralDatedAfter(check.Inputs, p.ReferralId, p.StartDate)))
                .Where(x => x.Referral is not null)
                .Select(x => check.Flag("ssd_cin_plans", x.Plan.PlanId, x.Plan.PersonId, "cinp_cin_plan_start_date",
                    $"plan started {IsoDay(x.Plan.StartDate)}, referral {x.Referral!.Value.ReferralId} dated {IsoDay(x.Referral.Value.ReferralDate)}", x.Plan.WorkerId, x.Plan.TeamId))),
        Dfe("CIN:4016", "cinp_cin_plan_start_date, cppl_cp_plan_start_date, cppl_cp_plan_end_date",
            "A CIN plan starts on or after a CP plan of the same referral started and on or before it ended (an open one counts as open "
                + "to as_at); starting on the day the CP plan ended is not flagged.",
            check => CinPlansByReferral(check.Inputs).SelectMany(g => g
                .Where(p => p.StartDate is { } s && CinCpPlansByReferral(check.Inputs)[g.Key].Any(cp => cp.StartDate <= s && s <= (cp.EndDate ?? check.AsAt) && s != cp.EndDate))
                .Select(p => check.Flag("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_start_date",
                    $"starts {IsoDay(p.StartDate)} while a CP plan of the referral is open", p.WorkerId, p.TeamId)))),
        Dfe("CIN:4017", "cinp_cin_plan_start_date, cinp_cin_plan_end_date, cppl_cp_plan_start_date",
            "A CP plan starts on or after a CIN plan of the same referral started and on or before it ended (an open one counts as open "
                + "to as_at); starting on the day the CIN plan ended is not flagged.",
            check => CinPlansByReferral(check.Inputs).SelectMany(g => g
                .Where(p => p.StartDate is { } s && CinCpPlansByReferral(check.Inputs)[g.Key].Any(cp => cp.StartDate is { } cs && cs >= s && cs <= (p.EndDate ?? check.AsAt) && cs != p.EndDate))
                .Select(p => check.Flag("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_end_date",
                    $"a CP plan of the referral starts while this CIN plan ({IsoDay(p.StartDate)} to {OpenEnd(p.EndDate)}) is open", p.WorkerId, p.TeamId)))),
    ];

    /// <summary>CP reviews (with a plan id naming a plan in the census) held on or after 1 April, or undated.</summary>
    private static ImmutableArray<CpReview> CinReturnCpReviews(QualityInputs inputs)
    {
        var plans = inputs.Lookup("DfeCinCpPlanIds", () => CinReturnCpPlans(inputs).Select(p => p.PlanId).ToFrozenSet(StringComparer.Ordinal));
        return inputs.ReturnRows("DfeCinReturnCpReviews", inputs.Extract.CpReviews,
            (nameof(CpReview.ReviewDate), r => r.ReviewDate), (nameof(CpReview.PlanId), r => r.PlanId), plans);
    }

    /// <summary>The date of the conference with id <paramref name="icpcId"/>, or null.</summary>
    private static DateOnly? PlanConferenceDate(QualityInputs inputs, string icpcId) =>
        inputs.Lookup("DfeConferenceDates", () =>
        {
            // NOTE: these conference lookups read the two columns they need, not a record per conference.
            var conferences = inputs.Extract.InitialCpConferences;
            var (ids, dates) = (conferences.Field(nameof(InitialCpConference.IcpcId), c => c.IcpcId), conferences.Field(nameof(InitialCpConference.ConferenceDate), c => c.ConferenceDate));
            var byId = new Dictionary<string, DateOnly?>(StringComparer.Ordinal);
            for (var row = 0; row < conferences.Count; row++)
            {
                byId.TryAdd(ids(row), dates(row));
            }

            return byId;
        }).GetValueOrDefault(icpcId);

    /// <summary>Whether a conference naming the plan (icpc_cp_plan_id) was held on <paramref name="date"/>.</summary>
    private static bool PlanNamedByConferenceOn(QualityInputs inputs, string planId, DateOnly date) =>
        inputs.Lookup("DfeConferencesByPlan", () =>
        {
            var conferences = inputs.Extract.InitialCpConferences;
            var (plans, dates) = (conferences.Field(nameof(InitialCpConference.CpPlanId), c => c.CpPlanId), conferences.Field(nameof(InitialCpConference.ConferenceDate), c => c.ConferenceDate));
            var held = new HashSet<(string Plan, DateOnly Date)>();
            for (var row = 0; row < conferences.Count; row++)
            {
                if (dates(row) is { } d && plans(row) is { } plan)
                {
                    held.Add((plan, d));
                }
            }

            return held;
        }).Contains((planId, date));

    /// <summary>
    /// When a section 47 enquiry had its initial conference: the earliest conference naming it, or else the earliest of its
    /// referral's conferences naming no enquiry held on or after its start; null when none was held by as_at.
    /// </summary>
    private static DateOnly? ConferenceDateOf(QualityInputs inputs, S47Enquiry s)
    {
        var byEnquiry = inputs.Lookup("DfeS47ConferenceDates", () =>
        {
            var conferences = inputs.Extract.InitialCpConferences;
            var (enquiries, dates) = (conferences.Field(nameof(InitialCpConference.S47EnquiryId), c => c.S47EnquiryId), conferences.Field(nameof(InitialCpConference.ConferenceDate), c => c.ConferenceDate));
            var earliest = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
            for (var row = 0; row < conferences.Count; row++)
            {
                if (dates(row) is { } d && d <= inputs.AsAt && enquiries(row) is { } enquiry && !(earliest.TryGetValue(enquiry, out var seen) && seen <= d))
                {
                    earliest[enquiry] = d;
                }
            }

            return earliest;
        });
        if (byEnquiry.TryGetValue(s.EnquiryId, out var held))
        {
            return held;
        }

        return s.ReferralId is not null && inputs.HeldConferences.ByReferral.TryGetValue(s.ReferralId, out var byReferral) && byReferral >= s.StartDate
            ? byReferral
            : null;
    }
}
