using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Quality;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Quality;

/// <summary>
/// The plausibility, reference, uniqueness, overlap and legacy rules: for each, records that break it and
/// records that do not, on the boundaries. as_at is Tuesday 31 October 2023: 45 working days back is
/// Tuesday 29 August (Monday 28 August is the summer bank holiday), 15 is Tuesday 10 October.
/// </summary>
public class IntegrityRulesTests
{
    private static readonly DateOnly AsAt = D("2023-10-31");

    private static List<DqFinding> Find(string code, params object[] tables) =>
        QualityRules.Find(code)!.Find(new QualityInputs(ExtractOf(AsAt, tables))).ToList();

    private static string[] Ids(IEnumerable<DqFinding> found) => found.Select(f => f.RecordId).Order(StringComparer.Ordinal).ToArray();

    private static ImmutableArray<T> Rows<T>(params T[] rows) => [.. rows];

    private static DateOnly? Opt(string? iso) => iso is null ? null : D(iso);

    private static Person Born(string id, string dob, string? died = null) => Person(id, D(dob)) with { DeathDate = Opt(died) };

    private static ClaEpisode ClaEpisode(string id, string person, string start, string? ceased = null, string? claId = null, string rne = "S", string rec = "E8") =>
        new(id, person, D(start), rne, "N1", Opt(ceased), ceased is null ? null : rec, claId, null, null, null, null);

    private static CinPlan CinPlan(string id, string person, string start, string? end = null) =>
        new(id, null, person, D(start), Opt(end), null, null);

    private static Assessment Assessment(string id, string person, string? referral, string start, string? auth = null) =>
        new(id, person, referral, D(start), null, Opt(auth), null, null, null, null);

    private static S47Enquiry S47(string id, string person, string start, string? end = null, string? referral = null) =>
        new(id, referral, person, D(start), Opt(end), null, null, null, null);

    private static InitialCpConference Icpc(string id, string person, string? s47, string? date, string? referral = null, string? plan = null) =>
        new(id, null, s47, person, plan, referral, null, null, Opt(date), null, null, null, null);

    private static Involvement Involvement(string id, string worker, string person, string start, string? end = null, string role = "ALLOCATED_CASE_WORKER", string? referral = null, string? team = null) =>
        new(id, worker, role, team, D(start), Opt(end), null, person, referral);

    private static CareLeaver CareLeaver(string id, string person) =>
        new(id, person, "Relevant", "YES", null, null, null, null, null, null, null, null);

    // Plausibility.

    [Fact]
    public void CpPlanPast18_OpenOnOrAfterThe18thBirthday_IsFlaggedButNotEndingOnIt()
    {
        var found = Find("cp_plan_past_18",
            Rows(Born("P1", "2005-06-01"), Born("P2", "2005-10-31"), Born("P3", "2005-11-01")),
            Rows(
                CpPlan("CP1", "P1", "2023-01-01", "2023-06-01"),   // ends on the 18th birthday: closed that day
                CpPlan("CP2", "P1", "2023-01-01", "2023-06-02"),   // open on it
                CpPlan("CP3", "P1", "2023-07-01", "2023-07-01"),   // starts after it
                CpPlan("CP4", "P2", "2023-01-01"),                 // turns 18 on as_at with the plan open
                CpPlan("CP5", "P3", "2023-01-01"),                 // turns 18 the day after as_at
                CpPlan("CP6", "P404", "2023-01-01")));             // no person, no date of birth

        Assert.Equal(["CP2", "CP3", "CP4"], Ids(found));
    }

    [Fact]
    public void CinPlanPast18_OpenOnOrAfterThe18thBirthday_IsFlaggedButNotEndingOnIt()
    {
        var found = Find("cin_plan_past_18",
            Rows(Born("P1", "2005-06-01"), Born("P3", "2005-11-01")),
            Rows(
                CinPlan("N1", "P1", "2023-01-01", "2023-06-01"),
                CinPlan("N2", "P1", "2023-06-01"),
                CinPlan("N3", "P3", "2023-01-01")));

        Assert.Equal(["N2"], Ids(found));
    }

    [Fact]
    public void WorkerOver60Children_61DistinctAllocatedChildren_IsFlaggedOncePerWorker()
    {
        var involvements = new List<Involvement>();
        for (var i = 0; i < 61; i++)
        {
            involvements.Add(Involvement($"A{i}", "W1", $"C{i}", "2023-01-01", team: "T1"));
        }

        involvements.Add(Involvement("A-again", "W1", "C0", "2023-02-01", team: "T1"));               // same child twice: still 61
        for (var i = 0; i < 60; i++)
        {
            involvements.Add(Involvement($"B{i}", "W2", $"D{i}", "2023-01-01", role: " allocated_case_worker "));
        }

        involvements.Add(Involvement("B-manager", "W2", "D60", "2023-01-01", role: "TEAM_MANAGER"));   // not an allocation
        involvements.Add(Involvement("B-ended", "W2", "D61", "2023-01-01", end: "2023-10-31"));        // ended on as_at

        var found = Find("worker_over_60_children", involvements.ToImmutableArray());

        var finding = Assert.Single(found);
        Assert.Equal(("ssd_professionals", "W1", "W1", "T1"), (finding.Table, finding.RecordId, finding.WorkerId, finding.TeamId));
        Assert.Null(finding.PersonId);
        Assert.StartsWith("61 children", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CareLeaverAgeOutOfRange_Under16OrOver25_IsFlaggedButNot16Or25()
    {
        var found = Find("care_leaver_age_out_of_range",
            Rows(Born("P15", "2007-11-01"), Born("P16", "2007-10-31"), Born("P25", "1997-11-01"), Born("P26", "1997-10-31")),
            Rows(CareLeaver("CL15", "P15"), CareLeaver("CL16", "P16"), CareLeaver("CL25", "P25"), CareLeaver("CL26", "P26")));

        Assert.Equal(["CL15", "CL26"], Ids(found));
    }

    // References.

    [Fact]
    public void OrphanReferral_ReferralIdNotInCinEpisodes_IsFlaggedUnderOneErrorIdPerMissingReferral()
    {
        var found = Find("orphan_referral",
            Rows(Referral("R1", "P1", "2023-01-01")),
            Rows(Assessment("A1", "P1", "R1", "2023-01-02"), Assessment("A2", "P1", "R9", "2023-01-02"), Assessment("A3", "P1", null, "2023-01-02")),
            Rows(Involvement("I1", "W1", "P1", "2023-01-01", referral: "R9"), Involvement("I2", "W1", "P1", "2023-01-01", referral: "R1")));

        Assert.Equal(["A2", "I1"], Ids(found));
        Assert.Equal("orphan_referral:R9", Assert.Single(found.Select(f => f.ErrorId).Distinct()));
    }

    [Fact]
    public void OrphanReferral_CinEpisodesAbsent_IsNotChecked() =>
        Assert.Empty(Find("orphan_referral", Rows(Assessment("A2", "P1", "R9", "2023-01-02"))));

    [Fact]
    public void OrphanS47_ConferenceForUnknownEnquiry_IsFlaggedButNotAnEmptyIdOrAnAbsentTable()
    {
        var conferences = Rows(Icpc("IC1", "P1", "S1", "2023-02-01"), Icpc("IC2", "P1", "S9", "2023-02-01"), Icpc("IC3", "P1", null, "2023-02-01"));

        Assert.Equal(["IC2"], Ids(Find("orphan_s47", Rows(S47("S1", "P1", "2023-01-10")), conferences)));
        Assert.Empty(Find("orphan_s47", conferences));
    }

    [Fact]
    public void OrphanCpPlan_VisitOrReviewOfUnknownPlan_IsFlagged()
    {
        var found = Find("orphan_cp_plan",
            Rows(CpPlan("CP1", "P1", "2023-01-01")),
            Rows(new CpVisit("V1", "P1", "CP1", D("2023-02-01"), true, null, null), new CpVisit("V2", "P1", "CP9", D("2023-02-01"), true, null, null)),
            Rows(new CpReview("CR1", "P1", "CP9", null, D("2023-04-01"), null, null, null, null), new CpReview("CR2", "P1", null, null, D("2023-04-01"), null, null, null, null)));

        Assert.Equal(["CR1", "V2"], Ids(found));
    }

    [Fact]
    public void OrphanClaId_ReviewVisitOrPlacementOfUnknownClaId_IsFlagged()
    {
        var found = Find("orphan_cla_id",
            Rows(ClaEpisode("E1", "P1", "2023-01-01", claId: "CLA1")),
            Rows(new ClaVisit("V1", "CLA1", "P1", D("2023-02-01"), true, null), new ClaVisit("V2", "CLA9", "P1", D("2023-02-01"), true, null)),
            Rows(new ClaReview("CR1", "CLA9", null, D("2023-03-01"), false, null)),
            Rows(new ClaPlacement("PL1", D("2023-01-01"), "U1", null, null, null, null, null, null, "P1"), new ClaPlacement("PL2", D("2023-01-01"), "U1", null, null, "CLA1", null, null, null, "P1")));

        Assert.Equal(["CR1", "V2"], Ids(found));
    }

    [Fact]
    public void OrphanWorker_WorkerIdNotInProfessionals_IsFlaggedOnlyWhenProfessionalsPresent()
    {
        var referrals = Rows(Referral("R1", "P1", "2023-01-01") with { WorkerId = "W1" }, Referral("R2", "P1", "2023-01-01") with { WorkerId = "W9" });
        var involvements = Rows(Involvement("I1", "W9", "P1", "2023-01-01"));
        var leavers = Rows(CareLeaver("CL1", "P1") with { PersonalAdvisorId = "W9" });   // not a professional id in the SSD
        var professionals = Rows(new Professional("W1", null, null, null, null, null, null, null));

        var found = Find("orphan_worker", referrals, involvements, leavers, professionals);

        Assert.Equal([("ssd_cin_episodes", "R2"), ("ssd_involvements", "I1")], found.Select(f => (f.Table, f.RecordId)).Order());
        Assert.All(found, f => Assert.Equal("orphan_worker:W9", f.ErrorId));
        Assert.Empty(Find("orphan_worker", referrals, involvements, leavers));
    }

    [Fact]
    public void OrphanTeam_TeamIdNotInDepartment_IsFlaggedIncludingAParentTeam()
    {
        var found = Find("orphan_team",
            Rows(new Department("T1", null, null, null), new Department("T2", null, "T9", null)),
            Rows(Referral("R1", "P1", "2023-01-01", team: "T1"), Referral("R2", "P1", "2023-01-01", team: "T8")));

        Assert.Equal([("ssd_cin_episodes", "R2"), ("ssd_department", "T2")], found.Select(f => (f.Table, f.RecordId)).Order());
        Assert.Empty(Find("orphan_team", Rows(Referral("R2", "P1", "2023-01-01", team: "T8"))));
    }

    // Uniqueness.

    [Fact]
    public void DuplicateEvent_TwoReferralsForOneChildOnOneDay_AreFlaggedUnderOneErrorId()
    {
        var found = Find("duplicate_event", Rows(
            Referral("R1", "P1", "2023-05-10"),
            Referral("R2", "P1", "2023-05-10"),
            Referral("R3", "P1", "2023-05-11"),     // another day
            Referral("R4", "P2", "2023-05-10"),     // another child
            Referral("R5", "P3", "2023-05-10"),
            Referral("R5", "P3", "2023-05-10")));   // the same id twice: duplicate_id, not this rule

        Assert.Equal(["R1", "R2"], Ids(found));
        Assert.Equal("duplicate_event:ssd_cin_episodes:P1:2023-05-10", Assert.Single(found.Select(f => f.ErrorId).Distinct()));
    }

    [Fact]
    public void DuplicateEvent_VisitsAndPlansOnOneDay_AreFlaggedButNotContactsCancelledReviewsOrOlaPlans()
    {
        var found = Find("duplicate_event",
            Rows(new CinVisit("NV1", "P1", D("2023-05-10"), true, null, null), new CinVisit("NV2", "P1", D("2023-05-10"), true, null, null)),
            Rows(new Contact("CT1", "P1", D("2023-05-10"), null, null), new Contact("CT2", "P1", D("2023-05-10"), null, null)),
            Rows(new ClaReview("CR1", "CLA1", null, D("2023-05-10"), true, null), new ClaReview("CR2", "CLA1", null, D("2023-05-10"), false, null)),
            Rows(CpPlan("CP1", "P1", "2023-05-10"), CpPlan("CP2", "P1", "2023-05-10", ola: true), CpPlan("CP3", "P2", "2023-05-10"), CpPlan("CP4", "P2", "2023-05-10")));

        Assert.Equal(["CP3", "CP4", "NV1", "NV2"], Ids(found));
    }

    // Overlaps.

    [Fact]
    public void MissingParentId_RecordAnIndicatorFollowsWithNoIdToFollow_IsFlagged()
    {
        var found = Find("missing_parent_id",
            Rows(new ClaReview("RV1", null, null, D("2023-01-01"), false, null), new ClaReview("RV2", "CLA1", null, D("2023-01-01"), false, null)),
            Rows(new ClaVisit("V1", null, null, D("2023-01-01"), true, null), new ClaVisit("V2", "CLA1", null, D("2023-01-01"), true, null),
                new ClaVisit("V3", null, "P1", D("2023-01-01"), true, null)),
            Rows(new ClaPlacement("PL1", D("2023-01-01"), "U4", null, null, null, null, null, null, null),
                new ClaPlacement("PL2", D("2023-01-01"), "U4", null, null, "CLA1", null, null, null, null)),
            Rows(new CpVisit("CV1", null, null, D("2023-01-01"), true, null, null), new CpVisit("CV2", null, "CP1", D("2023-01-01"), true, null, null)),
            Rows(new CpReview("CR1", "P1", null, null, D("2023-01-01"), null, null, null, null),
                new CpReview("CR2", "P1", null, D("2023-01-05"), D("2023-01-01"), null, null, null, null)),
            Rows(new CinVisit("NV1", null, D("2023-01-01"), true, null, null), new CinVisit("NV2", "P1", D("2023-01-01"), true, null, null)),
            Rows(new Involvement("I1", null, "ALLOCATED_CASE_WORKER", "T1", D("2023-01-01"), null, null, "P1", null),
                new Involvement("I2", "W1", "ALLOCATED_CASE_WORKER", "T1", D("2023-01-01"), null, null, null, null),
                new Involvement("I3", null, "FAMILY_SUPPORT", "T1", D("2023-01-01"), null, null, "P1", null),
                new Involvement("I4", "W1", "ALLOCATED_CASE_WORKER", "T1", D("2023-01-01"), null, null, "P1", null)));

        Assert.Equal(
            [("ssd_cin_visits", "NV1"), ("ssd_cla_placement", "PL1"), ("ssd_cla_reviews", "RV1"), ("ssd_cla_visits", "V1"), ("ssd_cp_reviews", "CR1"),
                ("ssd_cp_visits", "CV1"), ("ssd_involvements", "I1"), ("ssd_involvements", "I2")],
            found.Select(f => (f.Table, f.RecordId)).OrderBy(f => f.Table, StringComparer.Ordinal).ThenBy(f => f.RecordId, StringComparer.Ordinal));
        Assert.Equal(Severity.Error, QualityRules.Find("missing_parent_id")!.Severity);
    }

    // Legacy.

    [Fact]
    public void ReferralStale_NoActivityInThe12MonthsEndingAtAsAt_IsFlagged()
    {
        // The 12 months ending 2023-10-31 start on 2022-11-01.
        var found = Find("referral_stale",
            Rows(
                Referral("R1", "P1", "2021-01-01"),                         // last assessment the day before the window
                Referral("R2", "P2", "2021-01-01"),                         // authorised on the window's first day
                Referral("R3", "P3", "2021-01-01"),                         // a CIN visit this year (no referral id)
                Referral("R4", "P4", "2022-11-01"),                         // referred on the window's first day
                Referral("R5", "P5", "2021-01-01"),                         // only a contact this year
                Referral("R6", "P6", "2021-01-01", closed: "2021-06-01"),   // closed
                Referral("R7", "P7", "2021-01-01"),                         // activity only on the child's other referral
                Referral("R8", "P7", "2023-04-01", closed: "2023-06-01")),
            Rows(
                Assessment("A1", "P1", "R1", "2021-01-05", "2022-10-31"),
                Assessment("A2", "P2", "R2", "2022-09-01", "2022-11-01"),
                Assessment("A8", "P7", "R8", "2023-05-01")),
            Rows(new CinVisit("NV3", "P3", D("2023-05-01"), true, null, null)),
            Rows(new Contact("CT5", "P5", D("2023-05-01"), null, null)));

        Assert.Equal(["R1", "R5", "R7"], Ids(found));
    }

    [Fact]
    public void ClaOpenAfterDeath_EpisodeOpenAtAsAtAfterDeath_IsFlaggedButNotCeasedOnTheDeathDate()
    {
        var found = Find("cla_open_after_death",
            Rows(Born("P1", "2010-01-01", died: "2023-05-01"), Born("P2", "2010-01-01"), Born("P3", "2010-01-01", died: "2023-11-05")),
            Rows(
                ClaEpisode("E1", "P1", "2022-01-01"),
                ClaEpisode("E2", "P1", "2022-01-01", "2023-05-01"),
                ClaEpisode("E3", "P2", "2022-01-01"),
                ClaEpisode("E4", "P3", "2022-01-01")));      // a death date after as_at is not a death by as_at

        Assert.Equal(["E1"], Ids(found));
    }

    [Fact]
    public void InvolvementOpenAfterCaseClosed_AllocationOpenWithNoOpenEpisode_IsFlagged()
    {
        var referrals = Rows(
            Referral("R1", "P1", "2023-01-01"),
            Referral("R2", "P2", "2023-01-01", closed: "2023-06-01"),
            Referral("R3", "P3", "2023-01-01", closed: "2023-06-01"));
        var involvements = Rows(
            Involvement("I1", "W1", "P1", "2023-01-01"),
            Involvement("I2", "W1", "P2", "2023-01-01"),                          // case closed, allocation not
            Involvement("I3", "W2", "P2", "2023-01-01", role: "TEAM_MANAGER"),    // not an allocation
            Involvement("I4", "W1", "P3", "2023-01-01", end: "2023-06-01"));

        var finding = Assert.Single(Find("involvement_open_after_case_closed", referrals, involvements));

        Assert.Equal(("I2", "P2", "W1"), (finding.RecordId, finding.PersonId, finding.WorkerId));
        Assert.Empty(Find("involvement_open_after_case_closed", involvements));
    }

    // The registry.

    [Theory]
    [MemberData(nameof(Registry_IntegrityRules))]
    public void Registry_IntegrityRule_IsDeclaredWithItsSeverityAndDfeEquivalent(string code, string severity, string? dfe)
    {
        var rule = QualityRules.Find(code);

        Assert.NotNull(rule);
        Assert.Equal((severity, dfe), (rule.SeverityName, rule.DfeEquivalent));
        Assert.False(string.IsNullOrWhiteSpace(rule.Title));
        Assert.NotEmpty(rule.Tables);
    }

    [Fact]
    public void Registry_IntegrityRulesOnAnExtractWithNoTables_FindNothing() =>
        Assert.All(
            QualityRules.All.Where(r => Registry_IntegrityRules.Any(row => (string)row[0] == r.Code)),
            r => Assert.Empty(r.Find(new QualityInputs(ExtractOf(AsAt)))));

    public static TheoryData<string, string, string?> Registry_IntegrityRules => new()
    {
        { "cp_plan_past_18", "error", null },
        { "cin_plan_past_18", "error", null },
        { "worker_over_60_children", "warning", null },
        { "care_leaver_age_out_of_range", "warning", null },
        { "orphan_person", "error", null },
        { "orphan_referral", "error", null },
        { "orphan_s47", "error", null },
        { "orphan_cp_plan", "error", null },
        { "orphan_cla_id", "error", null },
        { "orphan_worker", "error", null },
        { "orphan_team", "error", null },
        { "duplicate_id", "error", null },
        { "duplicate_event", "warning", null },
        { "cp_plan_open_over_2y", "warning", null },
        { "referral_stale", "warning", null },
        { "cla_open_after_death", "error", null },
        { "involvement_open_after_case_closed", "warning", null },
    };
}
