using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Quality;
using Pipeline.Reference;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Quality;

/// <summary>Date validity and order: for each rule, records that break it and records that do not, with the boundaries.</summary>
public class DateOrderRulesTests
{
    private static readonly DateOnly AsAt = D("2023-06-30");

    private static List<DqFinding> Find(string code, params object[] tables) =>
        QualityRules.Find(code)!.Find(new QualityInputs(ExtractOf(AsAt, tables))).ToList();

    private static ImmutableArray<T> Rows<T>(params T[] rows) => [.. rows];

    private static DateOnly? Opt(string? date) => date is null ? null : D(date);

    private static IEnumerable<string> Ids(List<DqFinding> found) => found.Select(f => f.RecordId);

    private static Person Born(string id, string? dob, string? expected = null, string? died = null) =>
        new(id, "F", null, "WBRI", Opt(dob), null, null, null, null, Opt(expected), Opt(died), null, null);

    private static S47Enquiry S47(string id, string? referral, string start, string? end = null) =>
        new(id, referral, "P1", D(start), Opt(end), null, null, "W1", "T1");

    private static InitialCpConference Conference(string id, string? s47, string? referral, string date, string? target = null) =>
        new(id, null, s47, "P1", null, referral, false, Opt(target), D(date), true, null, "T1", "W1");

    private static CpPlan Plan(string id, string? referral, string start, string? end = null, string? icpc = null, bool ola = false, string person = "P1") =>
        new(id, referral, icpc, person, D(start), Opt(end), "Neglect", ola, "Neglect");

    private static CinPlan CinPlan(string id, string? referral, string start, string? end = null, string person = "P1") =>
        new(id, referral, person, D(start), Opt(end), "T1", "W1");

    private static Assessment Assessment(string id, string start, string person = "P1") =>
        new(id, person, null, D(start), null, null, null, null, "T1", "W1");

    private static CpVisit CpVisit(string id, string plan, string date) => new(id, "P1", plan, D(date), true, null, null);

    private static CpReview CpReview(string id, string plan, string date, string? due = null) =>
        new(id, "P1", plan, Opt(due), D(date), null, true, true, null);

    private static ClaEpisode ClaEpisode(string id, string person, string? start, string? ceased = null, string claId = "CLA1") =>
        new(id, person, Opt(start), "S", "N1", Opt(ceased), ceased is null ? null : "E4A", claId, null, null, null, null);

    private static ClaVisit ClaVisit(string id, string? person, string date, string? claId = "CLA1") => new(id, claId, person, D(date), true, null);

    private static ClaReview ClaReview(string id, string claId, string date, bool cancelled = false) => new(id, claId, null, D(date), cancelled, null);

    [Fact]
    public void EndBeforeStart_EveryKindTheDfeDoesNotJudge_IsFlaggedButSameDayIsNot()
    {
        var found = Find("end_before_start",
            Rows(S47("S1", null, "2023-05-10", "2023-05-09"), S47("S2", null, "2023-05-10", "2023-05-10")),
            Rows(CinPlan("CIN1", null, "2023-01-10", "2023-01-09")),                                      // CIN:4011's
            Rows(ClaEpisode("E1", "P1", "2022-03-02", "2022-03-01")),                                      // 903:356's
            Rows(new ClaPlacement("PL1", D("2022-03-02"), "U4", null, null, "CLA1", null, D("2022-03-01"), null, "P1"),
                new ClaPlacement("PL2", D("2022-03-02"), "U4", null, null, "CLA1", null, D("2022-03-02"), null, "P1")),
            Rows(new LegalStatus("L1", "P1", "C2", D("2022-03-02"), D("2022-02-01")), new LegalStatus("L2", "P1", "C2", D("2022-03-02"), null)),
            Rows(new ClaCarePlan("LP1", "P1", D("2022-03-02"), D("2022-03-01"), null)),
            Rows(new MissingEpisode("M1", "P1", D("2022-03-02"), "Missing", D("2022-03-01"), null, null),
                new MissingEpisode("M2", "P1", D("2022-03-02"), "Missing", D("2022-03-02"), null, null)),
            Rows(new Involvement("I1", "W1", null, "T1", D("2022-03-02"), D("2022-03-01"), null, "P1", null),
                new Involvement("I2", "W1", null, "T1", D("2022-03-02"), null, null, "P1", null)));

        Assert.Equal(["S1", "PL1", "L1", "LP1", "I1"], Ids(found));
        Assert.Equal(("W1", "T1"), (found[^1].WorkerId, found[^1].TeamId));
    }

    [Fact]
    public void IcpcOnBankHoliday_AnyConferenceOnABankHoliday_IsAWarningOfOurOwn()
    {
        var found = Find("icpc_on_bank_holiday", Rows(
            Conference("C1", "S1", null, "2023-05-08"), Conference("C2", null, "R1", "2023-05-08"),
            Conference("C3", "S1", null, "2023-05-06"), Conference("C4", "S1", null, "2023-05-09")));

        Assert.Equal(["C1", "C2"], Ids(found));
        Assert.Equal((Severity.Warning, (string?)null), (QualityRules.Find("icpc_on_bank_holiday")!.Severity, QualityRules.Find("icpc_on_bank_holiday")!.DfeEquivalent));
    }

    [Fact]
    public void IcpcOnBankHoliday_BankHolidayRemovedByTheReferenceData_IsNotFlagged()
    {
        var reference = new ReferenceData { BankHolidays = BankHolidays.WithOverrides("date,action,name\n2023-05-08,remove,test\n") };
        var inputs = new QualityInputs(ExtractOf(AsAt, Rows(Conference("C1", null, null, "2023-05-08"))), reference);

        Assert.Empty(QualityRules.Find("icpc_on_bank_holiday")!.Find(inputs));
    }

    [Fact]
    public void CpVisitOutsidePlan_BeforeStartOrAfterEnd_IsFlaggedFirstAndLastDaysAreInside()
    {
        var found = Find("cp_visit_outside_plan",
            Rows(Plan("CP1", null, "2023-01-10", "2023-03-10"), Plan("CP2", null, "2023-04-01")),
            Rows(
                CpVisit("V1", "CP1", "2023-01-09"),
                CpVisit("V2", "CP1", "2023-01-10"),
                CpVisit("V3", "CP1", "2023-03-10"),
                CpVisit("V4", "CP1", "2023-03-11"),
                CpVisit("V5", "CP2", "2023-06-01"),
                CpVisit("V6", "CP9", "2019-01-01")));

        Assert.Equal(["V1", "V4"], Ids(found));
        Assert.Equal("visit dated 2023-01-09, plan CP1 runs 2023-01-10 to 2023-03-10", found[0].Message);
    }

    [Fact]
    public void CpReviewOutsidePlan_AfterTheEnd_IsFlaggedLastDayIsInsideAndTheStartIsTheDfes()
    {
        var found = Find("cp_review_outside_plan",
            Rows(Plan("CP1", null, "2023-01-10", "2023-04-10")),
            Rows(
                CpReview("RV1", "CP1", "2023-01-10"),
                CpReview("RV2", "CP1", "2023-01-11"),
                CpReview("RV3", "CP1", "2023-04-10"),
                CpReview("RV4", "CP1", "2023-04-11", due: "2023-04-10")));

        Assert.Equal(["RV4"], Ids(found)); // RV1, on the start, is CIN:8841's
    }

    [Fact]
    public void ClaVisitOutsideCare_OutsideEveryPeriodOrNoEpisodeAtAll_IsFlaggedFirstAndLastDaysAreInside()
    {
        var found = Find("cla_visit_outside_care",
            Rows(
                ClaEpisode("E1", "P1", "2022-01-01", "2022-03-01"),
                ClaEpisode("E2", "P1", "2022-03-01", "2022-06-01"),   // continues the period: 2022-01-01 to 2022-06-01
                ClaEpisode("E3", "P3", null)),                       // cannot be placed in time: left to other rules
            Rows(
                ClaVisit("V1", "P1", "2021-12-31"),
                ClaVisit("V2", "P1", "2022-01-01"),
                ClaVisit("V3", "P1", "2022-06-01"),
                ClaVisit("V4", "P1", "2022-06-02"),
                ClaVisit("V5", null, "2022-07-01"),                  // the child through clav_cla_id
                ClaVisit("V6", "P2", "2022-02-01", claId: null),     // a child with no CLA episode
                ClaVisit("V7", "P3", "2022-02-01", claId: "CLA3")));

        Assert.Equal([("V1", "P1"), ("V4", "P1"), ("V5", "P1"), ("V6", "P2")], found.Select(f => (f.RecordId, f.PersonId!)));
        Assert.EndsWith("the child has no CLA episode", found[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClaReviewOutsideCare_HeldReviewOutsideCare_IsFlaggedCancelledAndUnknownClaIdAreNot()
    {
        var found = Find("cla_review_outside_care",
            Rows(ClaEpisode("E1", "P1", "2022-01-01", "2022-06-01"), ClaEpisode("E2", "P1", "2023-01-01", null, claId: "CLA2")),
            Rows(
                ClaReview("RV1", "CLA1", "2022-06-01"),
                ClaReview("RV2", "CLA1", "2022-06-02"),
                ClaReview("RV3", "CLA1", "2022-07-01", cancelled: true),
                ClaReview("RV4", "CLA2", "2023-06-30"),
                ClaReview("RV5", "CLA9", "2010-01-01"),
                ClaReview("RV6", "CLA2", "2022-12-31")));

        Assert.Equal([("RV2", "P1"), ("RV6", "P1")], found.Select(f => (f.RecordId, f.PersonId!)));
    }

    [Fact]
    public void EventBeforeBirth_WorkMoreThan40WeeksBeforeBirth_IsFlaggedPreBirthWorkIsNotAndReferralsAndCareAreTheDfes()
    {
        // P1 born 2023-03-01: 40 weeks before is 2022-05-25. P2 unborn, expected 2023-09-01: 40 weeks before is 2022-11-25.
        var found = Find("event_before_birth",
            Rows(Born("P1", "2023-03-01"), Born("P2", null, expected: "2023-09-01")),
            Rows(Referral("R1", "P1", "2022-05-24"), Referral("R2", "P1", "2022-05-25"), Referral("R3", "P2", "2022-11-24"), Referral("R4", "P2", "2022-11-25")),
            Rows(Assessment("A1", "2022-06-01"), Assessment("A2", "2022-05-01")),
            Rows(Plan("CP1", null, "2023-01-15"), Plan("CP2", null, "2022-05-24")),
            Rows(CinPlan("CIN1", null, "2022-05-01", person: "P2")),
            Rows(ClaEpisode("E1", "P1", "2023-02-28"), ClaEpisode("E2", "P1", "2023-03-01")));

        Assert.Equal(["A2", "CP2", "CIN1"], Ids(found)); // referrals R1, R3 are CIN:8606's; the CLA episode E1 903:302's
        Assert.Contains("pers_expected_dob 2023-09-01", found[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventAfterDeath_ClaEpisodeAfterDateOfDeath_IsFlaggedDayOfDeathIsNotAndPlansAreTheDfes()
    {
        var found = Find("event_after_death",
            Rows(Born("P1", "2015-01-01", died: "2023-01-10"), Born("P2", "2015-01-01")),
            Rows(Referral("R1", "P1", "2023-01-10"), Referral("R2", "P1", "2023-01-11"), Referral("R3", "P2", "2023-02-01")),
            Rows(Plan("CP1", null, "2023-02-01"), Plan("CP2", null, "2022-12-01")),
            Rows(CinPlan("CIN1", null, "2023-01-11")),
            Rows(ClaEpisode("E1", "P1", "2023-03-01"), ClaEpisode("E2", "P1", "2023-01-10")));

        Assert.Equal(["E1"], Ids(found)); // CP1 and CIN1 are CIN:8915 and 4008
    }

    [Fact]
    public void DateAfterAsAt_StartEventOrEndDateAfterAsAt_IsFlaggedAsAtItselfAndDueTargetAndPlannedAreNot()
    {
        var found = Find("date_after_as_at",
            Rows(
                new Contact("K1", "P1", D("2023-07-01"), null, null),
                new Contact("K2", "P1", D("2023-06-30"), null, null)),
            Rows(CpReview("RV1", "CP1", "2023-06-01", due: "2023-09-01"), CpReview("RV2", "CP1", "2023-07-02")),
            Rows(Conference("C1", null, null, "2023-06-29", target: "2023-07-10")),
            Rows(
                new ClaHealthCheck("H1", "P1", "Review Health Assessment", D("2023-08-01"), "Planned"),
                new ClaHealthCheck("H2", "P1", "Review Health Assessment", D("2023-08-01"), "Completed")),
            Rows(ClaEpisode("E1", "P1", "2023-07-01", "2023-08-01")),
            Rows(Born("P1", "2015-01-01", died: "2023-07-05")));

        Assert.Equal(
            [("ssd_person", "P1", "pers_death_date"), ("ssd_contacts", "K1", "cont_contact_date"), ("ssd_cp_reviews", "RV2", "cppr_cp_review_date"),
                ("ssd_cla_episodes", "E1", "clae_cla_episode_start_date"), ("ssd_cla_health", "H2", "clah_health_check_date")],
            found.Select(f => (f.Table, f.RecordId, f.Fields)));
    }

    [Fact]
    public void DateAfterAsAt_EveryEndTheDfeDoesNotJudge_IsFlaggedLikeAStartDate()
    {
        // as_at 30 June 2023; each record ends on 1 July.
        var found = Find("date_after_as_at",
            Rows(Referral("R1", "P1", "2023-01-01", closed: "2023-07-01")),
            Rows(new Assessment("A1", "P1", null, D("2023-01-01"), null, D("2023-07-01"), null, null, null, null)),
            Rows(new S47Enquiry("S1", null, "P1", D("2023-01-01"), D("2023-07-01"), null, null, null, null)),
            Rows(Plan("CP1", null, "2023-01-01", "2023-07-01")),
            Rows(CinPlan("CIN1", null, "2023-01-01", "2023-07-01")),
            Rows(new ClaPlacement("PL1", D("2023-01-01"), "U4", null, null, null, null, D("2023-07-01"), null, "P1")),
            Rows(new LegalStatus("L1", "P1", "C2", D("2023-01-01"), D("2023-07-01"))),
            Rows(new ClaCarePlan("CP9", "P1", D("2023-01-01"), D("2023-07-01"), null)),
            Rows(new MissingEpisode("M1", "P1", D("2023-06-29"), "Missing", D("2023-07-01"), null, null)),
            Rows(new Involvement("I1", "W1", "ALLOCATED_CASE_WORKER", null, D("2023-01-01"), D("2023-07-01"), null, "P1", null)));

        // Closures, authorisations, plan and missing ends are CIN:8620, 8696, 8930, 4013 and 903:571.
        string[] ends = ["s47e_s47_end_date", "clap_cla_placement_end_date", "lega_legal_status_end_date", "lacp_cla_care_plan_end_date", "invo_involvement_end_date"];
        Assert.Equal(ends.Order(StringComparer.Ordinal), found.Select(f => f.Fields).Order(StringComparer.Ordinal));
    }
}
