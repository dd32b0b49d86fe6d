using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Quality;

// CIN census: referrals (CIN episodes, the census's CINdetails) and assessments. A CIN episode is in tonight's census when it
// is open on or after 1 April; its modules (assessments, section 47 enquiries, conferences, plans) are those naming its
// referral id, each in the census when it too is open on or after 1 April.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> DfeCinReferrals() =>
    [
        Dfe("CIN:8555Q", "cine_referral_date, pers_death_date",
            "A referral in the census is dated after the child's date of death (the day of death itself is not after).",
            check => CinReturnReferrals(check.Inputs)
                .Where(r => r.ReferralDate is { } d && check.Inputs.Persons.TryGetValue(r.PersonId, out var p) && p.DeathDate < d)
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_date",
                    $"referral {IsoDay(r.ReferralDate)} after pers_death_date {IsoDay(check.Inputs.Persons[r.PersonId].DeathDate)}", r.WorkerId, r.TeamId))),
        Dfe("CIN:8565", "cine_close_date",
            "A CIN episode closed before something of its own happened: an assessment of its referral started or was authorised, a "
                + "section 47 enquiry started or had its initial conference, a conference was held, a CIN plan started or ended, or a CP "
                + "plan ended, after the closure date.",
            check => CinReturnReferrals(check.Inputs)
                .Where(r => r.CloseDate is { } closed && LatestActivityOf(check.Inputs, r.ReferralId) is { } latest && latest > closed)
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date",
                    $"closed {IsoDay(r.CloseDate)}; activity on {IsoDay(LatestActivityOf(check.Inputs, r.ReferralId))}", r.WorkerId, r.TeamId))),
        Dfe("CIN:8568", "cine_referral_nfa",
            "A referral in the census has no no-further-action flag (cine_referral_nfa empty, or a value that is not a flag and was "
                + "quarantined).",
            check => CinReturnReferrals(check.Inputs).Where(r => r.ReferralNfa is null)
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_nfa", "no cine_referral_nfa", r.WorkerId, r.TeamId))),
        Dfe("CIN:8569Q", "cine_referral_nfa, cine_referral_date",
            "A referral dated before the working day before 1 April of the collection year (weekends and bank holidays skipped) is "
                + "flagged no further action: a case carried into the year cannot be a referral with no further action.",
            check =>
            {
                var previousWorkingDay = PreviousWorkingDay(check.Inputs, check.Inputs.ReturnStart);
                return CinReturnReferrals(check.Inputs).Where(r => r.ReferralNfa == true && r.ReferralDate < previousWorkingDay)
                    .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_nfa",
                        $"referral {IsoDay(r.ReferralDate)} flagged NFA, before {IsoDay(previousWorkingDay)}", r.WorkerId, r.TeamId));
            }),
        Dfe("CIN:8585Q", "cine_close_reason, pers_death_date",
            "A CIN episode closed with reason RC2 (died) is for a child with no date of death.",
            check => CinReturnReferrals(check.Inputs)
                .Where(r => Is(r.CloseReason, "RC2") && !(check.Inputs.Persons.TryGetValue(r.PersonId, out var p) && p.DeathDate is not null))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_reason", "closed RC2 (died), no pers_death_date", r.WorkerId, r.TeamId))),
        Dfe("CIN:8600", "cine_referral_date",
            "A CIN episode in the census has no referral date, or one after the end of the census period (as_at).",
            check => CinReturnReferrals(check.Inputs).Where(r => r.ReferralDate is not { } d || d > check.AsAt)
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_date",
                    r.ReferralDate is null ? "no cine_referral_date" : $"cine_referral_date {IsoDay(r.ReferralDate)} is after as_at {IsoDay(check.AsAt)}", r.WorkerId, r.TeamId))),
        Dfe("CIN:8606", "cine_referral_date, pers_dob, pers_expected_dob",
            "A referral is dated more than 40 weeks (280 days) before the child's date of birth or expected date of birth.",
            check => CinReturnReferrals(check.Inputs)
                .Where(r => r.ReferralDate is { } d && check.Inputs.Persons.TryGetValue(r.PersonId, out var p)
                    && (p.DateOfBirth ?? p.ExpectedDateOfBirth) is { } birth && d.DayNumber < birth.DayNumber - CinPreBirthDays)
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_date",
                    $"referral {IsoDay(r.ReferralDate)} is more than 40 weeks before birth {IsoDay(check.Inputs.Persons[r.PersonId].DateOfBirth ?? check.Inputs.Persons[r.PersonId].ExpectedDateOfBirth)}",
                    r.WorkerId, r.TeamId))),
        Dfe("CIN:8610", "cine_cin_primary_need_code, cine_referral_nfa",
            "A referral going on to further action (cine_referral_nfa N) has no primary need code.",
            check => CinReturnReferrals(check.Inputs).Where(r => r.ReferralNfa == false && string.IsNullOrWhiteSpace(r.PrimaryNeedCode))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_cin_primary_need_code",
                    $"referral {IsoDay(r.ReferralDate)} going on to further action has no primary need", r.WorkerId, r.TeamId))),
        DfeInCensusPeriod("CIN:8620", "cine_close_date",
            "A CIN episode's closure date is outside the census period (before 1 April, or after as_at).",
            i => CinReturnReferrals(i).Select(r => new DfeDated(r.ReferralId, r.PersonId, r.CloseDate, r.WorkerId, r.TeamId))),
        DfeDateOrder("CIN:8630", "cine_referral_date", "cine_close_date",
            "A CIN episode closes before its referral date.",
            i => CinReturnReferrals(i).Select(r => new DfeDates(r.ReferralId, r.PersonId, r.ReferralDate, r.CloseDate, r.WorkerId, r.TeamId))),
        DfeCodes("CIN:8640", "cin_closure_reason", "cine_close_reason", required: false,
            "A CIN episode's reason for closure, when given, is not a code of the CIN census's closure reasons (RC1 to RC9).",
            i => CinReturnReferrals(i).Select(r => new DfeCoded(r.ReferralId, r.PersonId, r.CloseReason, r.WorkerId, r.TeamId))),
        DfeCodes("CIN:8650", "primary_need", "cine_cin_primary_need_code", required: false,
            "A referral's primary need, when given, is not a code of the CIN census's primary need list (N0 to N9).",
            i => CinReturnReferrals(i).Select(r => new DfeCoded(r.ReferralId, r.PersonId, r.PrimaryNeedCode, r.WorkerId, r.TeamId)), "CIN"),
        Dfe("CIN:8805", "cine_close_date, cine_close_reason",
            "A CIN episode has a closure date and no reason for closure.",
            check => CinReturnReferrals(check.Inputs).Where(r => r.CloseDate is not null && string.IsNullOrWhiteSpace(r.CloseReason))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_reason", $"closed {IsoDay(r.CloseDate)} with no reason", r.WorkerId, r.TeamId))),
        Dfe("CIN:8810", "cine_close_date, cine_close_reason",
            "A CIN episode has a reason for closure and no closure date.",
            check => CinReturnReferrals(check.Inputs).Where(r => r.CloseDate is null && !string.IsNullOrWhiteSpace(r.CloseReason))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date",
                    $"cine_close_reason {Quote(r.CloseReason!.Trim())} with no closure date", r.WorkerId, r.TeamId))),
        Dfe("CIN:8815", "cine_close_date, cine_referral_nfa",
            "A child has more than one CIN episode with no closure date that is not marked no further action (cine_referral_nfa N or "
                + "empty). Every such episode is listed under one error id for the child.",
            check => check.Inputs.ReturnReferralsByChild.Where(child => child.Value.Length > 1).SelectMany(child =>
            {
                var open = child.Value.Where(r => r.CloseDate is null && r.ReferralNfa != true).ToList();
                return open.Count < 2 ? [] : open.Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, child.Key, "cine_close_date",
                    $"{open.Count} open CIN episodes not NFA", r.WorkerId, r.TeamId, key: child.Key));
            })),
        Dfe("CIN:8816", "cine_close_date, cine_referral_nfa, cine_referral_date",
            "A CIN episode with no closure date that is not no further action (cine_referral_nfa N) is not the child's latest: another "
                + "of their episodes in the census has a later referral date.",
            check => check.Inputs.ReturnReferralsByChild.Where(child => child.Value.Length > 1).SelectMany(child => child.Value
                .Where(r => r.CloseDate is null && r.ReferralNfa == false && child.Value.Any(other => other.ReferralDate > r.ReferralDate))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, child.Key, "cine_close_date",
                    $"open since {IsoDay(r.ReferralDate)}, and a later referral exists", r.WorkerId, r.TeamId)))),
        Dfe("CIN:8820", "cine_referral_date, cine_close_date, cine_referral_nfa",
            "A child's CIN episode has a referral date on or after another's and before that other closes; an other that is still open "
                + "counts as open to the end of the census period unless it is no further action (as the DfE's rule has it). A referral "
                + "on the day the other closes is not an overlap. Both episodes of a pair share one error id.",
            check => check.Inputs.ReturnReferralsByChild.Where(child => child.Value.Length > 1).SelectMany(child =>
                from a in child.Value
                from b in child.Value
                where !ReferenceEquals(a, b) && a.ReferralId != b.ReferralId && a.ReferralDate is { } ra && b.ReferralDate is { } rb
                    && ra >= rb && (b.CloseDate is { } bc ? ra < bc : b.ReferralNfa != true && ra <= check.AsAt)
                    && !(ra == rb && string.CompareOrdinal(a.ReferralId, b.ReferralId) < 0)
                select check.Flag("ssd_cin_episodes", a.ReferralId, child.Key, "cine_referral_date",
                    $"referral {IsoDay(a.ReferralDate)} while {b.ReferralId} ({IsoDay(b.ReferralDate)} to {OpenEnd(b.CloseDate)}) is open",
                    a.WorkerId, a.TeamId, key: $"{b.ReferralId}:{a.ReferralId}"))),
        Dfe("CIN:8825Q", "cine_close_reason, cina_referral_id",
            "A CIN episode closed with reason RC8 or RC9 (case closed after assessment) has no assessment naming its referral.",
            check => CinReturnReferrals(check.Inputs)
                .Where(r => Is(r.CloseReason, "RC8", "RC9") && !CinAssessmentsByReferral(check.Inputs).Contains(r.ReferralId))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_reason",
                    $"closed {Quote(r.CloseReason!.Trim())} with no assessment", r.WorkerId, r.TeamId))),
        Dfe("CIN:8831", "cine_referral_nfa",
            "A referral marked no further action (cine_referral_nfa Y) has activity: an assessment, a section 47 enquiry or an initial "
                + "conference naming it.",
            check => CinReturnReferrals(check.Inputs)
                .Where(r => r.ReferralNfa == true && (CinAssessmentsByReferral(check.Inputs).Contains(r.ReferralId)
                    || CinS47sByReferral(check.Inputs).Contains(r.ReferralId) || CinConferencesByReferral(check.Inputs).Contains(r.ReferralId)))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_nfa",
                    "NFA referral with an assessment, section 47 enquiry or conference", r.WorkerId, r.TeamId))),
        DfeCodes("CIN:8866", "referral_source", "cine_referral_source_code", required: true,
            "A referral dated on or after 1 April 2013 has no referral source, or one that is not a code of the CIN census's list.",
            i => CinReturnReferrals(i).Where(r => r.ReferralDate >= new DateOnly(2013, 4, 1))
                .Select(r => new DfeCoded(r.ReferralId, r.PersonId, r.ReferralSourceCode, r.WorkerId, r.TeamId)), alsoNeeds: "cine_referral_date"),
        Dfe("CIN:2990", "cine_close_reason",
            "A CIN episode closed with reason RC8 or RC9 (case closed after assessment) has a section 47 enquiry, an initial "
                + "conference, a CIN plan or a CP plan naming its referral.",
            check => CinReturnReferrals(check.Inputs)
                .Where(r => Is(r.CloseReason, "RC8", "RC9") && (CinS47sByReferral(check.Inputs).Contains(r.ReferralId)
                    || CinConferencesByReferral(check.Inputs).Contains(r.ReferralId) || CinPlansByReferral(check.Inputs).Contains(r.ReferralId)
                    || CinCpPlansByReferral(check.Inputs).Contains(r.ReferralId)))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_reason",
                    $"closed {Quote(r.CloseReason!.Trim())} after assessment, with later child protection or CIN plan activity", r.WorkerId, r.TeamId))),

        // Assessments.
        Dfe("CIN:1103", "cina_assessment_start_date, cina_referral_id, cine_referral_date",
            "An assessment starts before the referral it names (cina_referral_id) was made (the same day is not before).",
            check => CinReturnAssessments(check.Inputs)
                .Select(a => (Assessment: a, Referral: ReferralDatedAfter(check.Inputs, a.ReferralId, a.StartDate)))
                .Where(x => x.Referral is not null)
                .Select(x => check.Flag("ssd_cin_assessments", x.Assessment.AssessmentId, x.Assessment.PersonId, "cina_assessment_start_date",
                    $"assessment started {IsoDay(x.Assessment.StartDate)}, referral {x.Referral!.Value.ReferralId} dated {IsoDay(x.Referral.Value.ReferralDate)}",
                    x.Assessment.WorkerId, x.Assessment.TeamId))),
        DfeDateOrder("CIN:8608", "cina_assessment_start_date", "cina_assessment_auth_date",
            "An assessment's start date is after its authorisation (end) date.",
            i => CinReturnAssessments(i).Select(a => new DfeDates(a.AssessmentId, a.PersonId, a.StartDate, a.AuthorisedDate, a.WorkerId, a.TeamId))),
        Dfe("CIN:8670Q", "cina_assessment_start_date, cina_assessment_auth_date",
            "An assessment not authorised by as_at (the reference date) started more than 45 working days before it: "
                + "WD(start, as_at) > 45, the indicators' working days (weekends and bank holidays excluded). Exactly 45 is not flagged.",
            check => CinReturnAssessments(check.Inputs)
                .Where(a => a.StartDate is { } s && s <= check.AsAt && !(a.AuthorisedDate <= check.AsAt) && check.Inputs.Calendar.WD(s, check.AsAt) > 45)
                .Select(a => check.Flag("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_auth_date",
                    $"started {IsoDay(a.StartDate)}; {check.Inputs.Calendar.WD(a.StartDate!.Value, check.AsAt)} working days to {IsoDay(check.AsAt)} without authorisation",
                    a.WorkerId, a.TeamId))),
        DfeInCensusPeriod("CIN:8696", "cina_assessment_auth_date",
            "An assessment's authorisation (end) date is outside the census period (before 1 April, or after as_at).",
            i => CinReturnAssessments(i).Select(a => new DfeDated(a.AssessmentId, a.PersonId, a.AuthorisedDate, a.WorkerId, a.TeamId))),
        DfeInCensusPeriod("CIN:8736", "cina_assessment_start_date",
            "An assessment with no authorisation date started outside the census period (before 1 April, or after as_at).",
            i => CinReturnAssessments(i).Where(a => a.AuthorisedDate is null).Select(a => new DfeDated(a.AssessmentId, a.PersonId, a.StartDate, a.WorkerId, a.TeamId)),
            alsoNeeds: "cina_assessment_auth_date"),
        Dfe("CIN:8863Q", "cina_assessment_start_date, cina_assessment_auth_date, cina_referral_id",
            "An assessment starts on or after another assessment of the same referral started and before that one was authorised (one "
                + "not authorised counts as ongoing). Both share one error id.",
            check => CinAssessmentsByReferral(check.Inputs).Where(g => g.Count() > 1).SelectMany(g =>
                from a in g
                from b in g
                where a.AssessmentId != b.AssessmentId && a.StartDate is { } sa && b.StartDate is { } sb && sa >= sb
                    && (b.AuthorisedDate is not { } ab || sa < ab) && !(sa == sb && string.CompareOrdinal(a.AssessmentId, b.AssessmentId) < 0)
                select check.Flag("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_start_date",
                    $"started {IsoDay(a.StartDate)} while assessment {b.AssessmentId} (from {IsoDay(b.StartDate)}) was ongoing", a.WorkerId, a.TeamId,
                    key: $"{b.AssessmentId}:{a.AssessmentId}"))),
        Dfe("CIN:8867", "cine_close_date, cina_assessment_auth_date",
            "A closed CIN episode has an assessment naming its referral with no authorisation date.",
            check => CinReturnReferrals(check.Inputs)
                .Where(r => r.CloseDate is not null && CinAssessmentsByReferral(check.Inputs)[r.ReferralId].Any(a => a.AuthorisedDate is null))
                .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date",
                    $"closed {IsoDay(r.CloseDate)} with an assessment not authorised", r.WorkerId, r.TeamId))),
        Dfe("CIN:8896", "cina_assessment_auth_date, cina_referral_id",
            "A referral has two or more assessments with no authorisation date.",
            check => CinAssessmentsByReferral(check.Inputs)
                .Where(g => g.Count(a => a.AuthorisedDate is null) > 1)
                .Select(g => (Referral: g.Key, Open: g.Where(a => a.AuthorisedDate is null).ToList()))
                .Select(x => check.Flag("ssd_cin_episodes", x.Referral, x.Open[0].PersonId, "cina_assessment_auth_date",
                    $"{x.Open.Count} assessments not authorised: {string.Join(", ", x.Open.Select(a => a.AssessmentId))}"))),
    ];

    /// <summary>The CIN episodes in tonight's census.</summary>
    private static ImmutableArray<CinEpisode> CinReturnReferrals(QualityInputs inputs) => inputs.ReturnReferrals;

    /// <summary>The working day before <paramref name="date"/> (weekends and bank holidays skipped).</summary>
    private static DateOnly PreviousWorkingDay(QualityInputs inputs, DateOnly date)
    {
        var day = date.AddDays(-1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || inputs.Calendar.Holidays.IsHoliday(day))
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    /// <summary>Assessments of the children in tonight's census open on or after 1 April, by the referral they name.</summary>
    private static ILookup<string, Assessment> CinAssessmentsByReferral(QualityInputs inputs) => inputs.Lookup("DfeCinAssessments", () =>
        CinReturnAssessments(inputs).Where(a => a.ReferralId is not null).ToLookup(a => a.ReferralId!, StringComparer.Ordinal));

    private static ImmutableArray<Assessment> CinReturnAssessments(QualityInputs inputs) => inputs.ReturnRows("DfeCinReturnAssessments", inputs.Extract.Assessments,
        (nameof(Assessment.AuthorisedDate), a => a.AuthorisedDate), (nameof(Assessment.PersonId), a => a.PersonId), inputs.CinReturnChildren);

    /// <summary>Section 47 enquiries of the children in tonight's census open on or after 1 April, by the referral they name.</summary>
    private static ILookup<string, S47Enquiry> CinS47sByReferral(QualityInputs inputs) => inputs.Lookup("DfeCinS47s", () =>
        CinReturnS47s(inputs).Where(s => s.ReferralId is not null).ToLookup(s => s.ReferralId!, StringComparer.Ordinal));

    private static ImmutableArray<S47Enquiry> CinReturnS47s(QualityInputs inputs)
    {
        // The CIN census records no enquiry end date: through it, every enquiry would look open and be in every year's return. Its
        // last date the census does give (its conference, else its start) places it instead, as the census file it came from did.
        var ends = inputs.Extract.HasColumn("ssd_s47_enquiry", "s47e_s47_end_date");
        return inputs.ChildRows("DfeCinReturnS47s", inputs.Extract.S47Enquiries, (nameof(S47Enquiry.PersonId), s => s.PersonId), inputs.CinReturnChildren,
            s => inputs.InReturn(ends ? s.EndDate : ConferenceDateOf(inputs, s) ?? s.StartDate) || S47AwaitsConference(inputs, s));
    }

    /// <summary>Initial conferences of the children in tonight's census held on or after 1 April (or undated), by their referral.</summary>
    private static ILookup<string, InitialCpConference> CinConferencesByReferral(QualityInputs inputs) => inputs.Lookup("DfeCinConferences", () =>
        CinReturnConferences(inputs).Select(c => (Referral: ConferenceReferralId(inputs, c), Conference: c)).Where(x => x.Referral is not null)
            .ToLookup(x => x.Referral!, x => x.Conference, StringComparer.Ordinal));

    private static ImmutableArray<InitialCpConference> CinReturnConferences(QualityInputs inputs) => inputs.ReturnRows("DfeCinReturnConferences", inputs.Extract.InitialCpConferences,
        (nameof(InitialCpConference.ConferenceDate), c => c.ConferenceDate), (nameof(InitialCpConference.PersonId), c => c.PersonId), inputs.CinReturnChildren);

    /// <summary>CIN plans of the children in tonight's census open on or after 1 April, by the referral they name.</summary>
    private static ILookup<string, CinPlan> CinPlansByReferral(QualityInputs inputs) => inputs.Lookup("DfeCinPlans", () =>
        CinReturnCinPlans(inputs).Where(p => p.ReferralId is not null).ToLookup(p => p.ReferralId!, StringComparer.Ordinal));

    private static ImmutableArray<CinPlan> CinReturnCinPlans(QualityInputs inputs) => inputs.ReturnRows("DfeCinReturnCinPlans", inputs.Extract.CinPlans,
        (nameof(CinPlan.EndDate), p => p.EndDate), (nameof(CinPlan.PersonId), p => p.PersonId), inputs.CinReturnChildren);

    /// <summary>
    /// This council's CP plans (not cppl_cp_plan_ola) of the children in tonight's census open on or after 1 April, by their
    /// referral (cppl_referral_id, or else their conference's).
    /// </summary>
    private static ILookup<string, CpPlan> CinCpPlansByReferral(QualityInputs inputs) => inputs.Lookup("DfeCinCpPlans", () =>
        CinReturnCpPlans(inputs).Select(p => (Referral: PlanReferralId(inputs, p), Plan: p)).Where(x => x.Referral is not null)
            .ToLookup(x => x.Referral!, x => x.Plan, StringComparer.Ordinal));

    private static ImmutableArray<CpPlan> CinReturnCpPlans(QualityInputs inputs) => inputs.ReturnRows("DfeCinReturnCpPlans", inputs.Extract.CpPlans,
        (nameof(CpPlan.EndDate), p => p.EndDate), (nameof(CpPlan.PersonId), p => p.PersonId), inputs.CinReturnChildren, p => p.HeldByOtherCouncil != true);

    /// <summary>
    /// The latest date of a referral's own activity that closing it must not precede: its assessments' starts and authorisations,
    /// its section 47 enquiries' starts, its conferences, its CIN plans' starts and ends, and its CP plans' ends.
    /// </summary>
    private static DateOnly? LatestActivityOf(QualityInputs inputs, string referralId)
    {
        DateOnly? latest = null;
        void Note(DateOnly? date)
        {
            if (date > latest || (latest is null && date is not null))
            {
                latest = date;
            }
        }

        foreach (var a in CinAssessmentsByReferral(inputs)[referralId])
        {
            Note(a.StartDate);
            Note(a.AuthorisedDate);
        }

        foreach (var s in CinS47sByReferral(inputs)[referralId])
        {
            Note(s.StartDate);
        }

        foreach (var c in CinConferencesByReferral(inputs)[referralId])
        {
            Note(c.ConferenceDate);
        }

        foreach (var p in CinPlansByReferral(inputs)[referralId])
        {
            Note(p.StartDate);
            Note(p.EndDate);
        }

        foreach (var p in CinCpPlansByReferral(inputs)[referralId])
        {
            Note(p.EndDate);
        }

        return latest;
    }

    /// <summary>
    /// Whether a section 47 enquiry is still waiting for its initial conference, as the census's "no date of initial conference
    /// and ICPC not required false" reads on the SSD: no conference held by as_at (<see cref="HadConference"/>), not flagged no
    /// further action, not recorded as needing no conference (CP_CONFERENCE_FLAG N: the census's ICPC not required true), and
    /// not ended by as_at with an outcome other than a conference (an enquiry ended with CP_CONFERENCE_FLAG is waiting for that conference).
    /// </summary>
    private static bool S47AwaitsConference(QualityInputs inputs, S47Enquiry s) =>
        !HadConference(inputs, s) && s.Nfa != true && s.Outcome?["CP_CONFERENCE_FLAG"] != false
        && !(s.EndDate is { } end && end <= inputs.AsAt && s.Outcome?.IsSet("CP_CONFERENCE_FLAG") != true);
}
