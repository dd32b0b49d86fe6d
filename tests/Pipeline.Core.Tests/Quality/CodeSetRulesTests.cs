using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Quality;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Quality;

/// <summary>Required values and code sets: for each rule, records that break it and records that do not.</summary>
public class CodeSetRulesTests
{
    private static List<DqFinding> Find(string code, params object[] tables) =>
        QualityRules.Find(code)!.Find(new QualityInputs(ExtractOf(D("2023-06-30"), tables))).ToList();

    private static ImmutableArray<T> Rows<T>(params T[] rows) => [.. rows];

    private static Person PersonWith(string id, string? sex = "F", string? ethnicity = "WBRI", string? dob = "2015-01-01", string? expected = null) =>
        new(id, sex, null, ethnicity, dob is null ? null : D(dob), null, null, null, null, expected is null ? null : D(expected), null, null, null);

    private static CinEpisode Episode(string id, string? date = "2023-01-01", string? need = "N1", bool? nfa = false, string? reason = null, string? closed = null) =>
        new(id, "P1", date is null ? null : D(date), need, null, null, nfa, reason, closed is null ? null : D(closed), "T1", "W1");

    private static ClaEpisode ClaEpisode(string id, string? start = "2022-01-01", string? need = "N1") =>
        new(id, "P1", start is null ? null : D(start), "S", need, null, null, "CLA1", null, null, null, null);

    private static ClaPlacement Placement(string id, string? type) =>
        new(id, D("2022-01-01"), type, null, null, "CLA1", null, null, null, "P1");

    private static CpPlan Plan(string id, string? initial, string? latest, string? start = "2022-01-01") =>
        new(id, null, null, "P1", start is null ? null : D(start), null, initial, false, latest);

    private static CareLeaver Leaver(string id, string? inTouch = "YES", string? accommodation = "D", string? suitable = "1", string? activity = "F2") =>
        new(id, "P1", "Relevant", inTouch, D("2023-06-01"), accommodation, suitable, activity, D("2023-05-01"), "W1", "T1", "W1");

    private static IEnumerable<string> Ids(List<DqFinding> found) => found.Select(f => f.RecordId);

    [Fact]
    public void InvalidSex_CodeOutsideFmu_IsFlaggedCaseInsensitivelyMissingIsNotAndFreeTextIsNotEchoed()
    {
        var found = Find("invalid_sex", Rows(
            PersonWith("P1", sex: "X"), PersonWith("P2", sex: "f"), PersonWith("P3", sex: null), PersonWith("P4", sex: " M "), PersonWith("P5", sex: "Quillon Brackenholt")));

        Assert.Equal(["P1", "P5"], Ids(found));
        // ssd_person holds names, so a value is echoed only as its shape, whatever the column.
        Assert.Contains("pers_sex (1 character: capital letters) is not in the code set", found[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Quillon", string.Join(" ", found.Select(f => f.Message)), StringComparison.Ordinal);
        Assert.Equal("invalid_sex:ssd_person:P1:pers_sex", found[0].ErrorId);
    }

    [Fact]
    public void InvalidEthnicity_CodeOutsideTheCinSet_IsFlaggedValidAndMissingAreNot()
    {
        var found = Find("invalid_ethnicity", Rows(
            PersonWith("P1", ethnicity: "WBRI"), PersonWith("P2", ethnicity: "nobt"), PersonWith("P3", ethnicity: "WHIT"), PersonWith("P4", ethnicity: null)));

        Assert.Equal(["P3"], Ids(found));
    }

    [Fact]
    public void InvalidPrimaryNeed_CinOutsideN0ToN9OrClaOutsideN1ToN8_IsFlagged()
    {
        var found = Find("invalid_primary_need",
            Rows(Episode("R1", need: "N12"), Episode("R2", need: "n3"), Episode("R3", need: "N9"), Episode("R4", need: null)),
            Rows(ClaEpisode("E1", need: "N9"), ClaEpisode("E2", need: "N8")));

        Assert.Equal([("ssd_cin_episodes", "R1"), ("ssd_cla_episodes", "E1")], found.Select(f => (f.Table, f.RecordId)));
        Assert.Equal(("W1", "T1"), (found[0].WorkerId, found[0].TeamId));
    }

    [Fact]
    public void InvalidClosureReason_CodeOutsideRc1ToRc9_IsFlagged()
    {
        var found = Find("invalid_closure_reason", Rows(
            Episode("R1", reason: "RC99", closed: "2023-02-01"), Episode("R2", reason: "rc8", closed: "2023-02-01"), Episode("R3")));

        Assert.Equal(["R1"], Ids(found));
    }

    [Fact]
    public void InvalidCpCategory_UnknownCategoryEitherField_IsFlaggedMultipleWithOrWithoutListIsNot()
    {
        var found = Find("invalid_cp_category", Rows(
            Plan("CP1", "Neglect", "physical ABUSE"),
            Plan("CP2", "Multiple: Neglect, Emotional abuse", "Multiple"),
            Plan("CP3", "Bullying", "Sexual abuse"),
            Plan("CP4", "Emotional abuse", "Multiplex"),
            Plan("CP5", null, null)));

        Assert.Equal([("CP3", "cppl_cp_plan_initial_category"), ("CP4", "cppl_cp_plan_latest_category")], found.Select(f => (f.RecordId, f.Fields)));
    }

    [Fact]
    public void InvalidPlacementType_CodeOutsideSsda903Set_IsFlagged()
    {
        var found = Find("invalid_placement_type", Rows(Placement("PL1", "Z9"), Placement("PL2", "u6"), Placement("PL3", "Z1"), Placement("PL4", null)));

        Assert.Equal(["PL1"], Ids(found));
    }

    [Fact]
    public void InvalidLegalStatus_CodeOutsideSsda903Set_IsFlagged()
    {
        var found = Find("invalid_legal_status", Rows(
            new LegalStatus("L1", "P1", "C3", D("2022-01-01"), null),
            new LegalStatus("L2", "P1", "v3", D("2022-01-01"), null),
            new LegalStatus("L3", "P1", "E1", D("2022-01-01"), null)));

        Assert.Equal(["L1"], Ids(found));
    }

    [Fact]
    public void InvalidInTouch_CodeOutsideSet_IsFlagged()
    {
        var found = Find("invalid_in_touch", Rows(Leaver("CL1", inTouch: "MAYBE"), Leaver("CL2", inTouch: "yes"), Leaver("CL3", inTouch: "RHOM")));

        Assert.Equal(["CL1"], Ids(found));
    }

    [Fact]
    public void InvalidActivity_SupersededOrUnknownCode_IsFlagged()
    {
        var found = Find("invalid_activity", Rows(Leaver("CL1", activity: "F3"), Leaver("CL2", activity: "G6"), Leaver("CL3", activity: "X9"), Leaver("CL4", activity: null)));

        Assert.Equal(["CL1", "CL3"], Ids(found));
    }

    [Fact]
    public void InvalidAccommodation_CodeOutsideSet_IsFlagged()
    {
        var found = Find("invalid_accommodation", Rows(Leaver("CL1", accommodation: "A"), Leaver("CL2", accommodation: "z")));

        Assert.Equal(["CL1"], Ids(found));
    }

    [Fact]
    public void InvalidAccommodationSuitable_NotOneOrTwo_IsFlagged()
    {
        var found = Find("invalid_accommodation_suitable", Rows(Leaver("CL1", suitable: "3"), Leaver("CL2", suitable: "2"), Leaver("CL3", suitable: null)));

        Assert.Equal(["CL1"], Ids(found));
    }

    [Fact]
    public void MissingDob_NeitherDobNorExpectedDob_IsFlaggedUnbornWithExpectedDobIsNot()
    {
        var found = Find("missing_dob", Rows(
            PersonWith("P1", dob: null), PersonWith("P2", dob: null, expected: "2023-09-01"), PersonWith("P3")));

        Assert.Equal(["P1"], Ids(found));
        Assert.Equal(Severity.Query, QualityRules.Find("missing_dob")!.Severity);
    }

    [Fact]
    public void MissingReferralDate_NoReferralDate_IsFlagged()
    {
        var found = Find("missing_referral_date", Rows(Episode("R1", date: null), Episode("R2")));

        Assert.Equal(["R1"], Ids(found));
    }

    [Fact]
    public void MissingPrimaryNeed_ReferralNotFlaggedNfaWithoutNeed_IsFlaggedNfaIsNot()
    {
        var found = Find("missing_primary_need", Rows(
            Episode("R1", need: null, nfa: false),
            Episode("R2", need: null, nfa: true),
            Episode("R3", need: null, nfa: null),
            Episode("R4", need: "N4", nfa: false)));

        Assert.Equal(["R1", "R3"], Ids(found));
    }

    [Fact]
    public void MissingClosureReason_CloseDateWithoutReason_IsFlaggedOpenEpisodeIsNot()
    {
        var found = Find("missing_closure_reason", Rows(
            Episode("R1", closed: "2023-02-01"), Episode("R2", reason: "RC7", closed: "2023-02-01"), Episode("R3")));

        Assert.Equal(["R1"], Ids(found));
    }

    [Fact]
    public void MissingClosureDate_ReasonWithoutCloseDate_IsFlagged()
    {
        var found = Find("missing_closure_date", Rows(
            Episode("R1", reason: "RC7"), Episode("R2", reason: "RC7", closed: "2023-02-01"), Episode("R3")));

        Assert.Equal(["R1"], Ids(found));
        Assert.Contains("'RC7'", found[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingCpPlanStart_NoStartDate_IsFlagged()
    {
        var found = Find("missing_cp_plan_start", Rows(Plan("CP1", "Neglect", "Neglect", start: null), Plan("CP2", "Neglect", "Neglect")));

        Assert.Equal(["CP1"], Ids(found));
    }

    [Fact]
    public void MissingClaStart_NoStartDate_IsFlagged()
    {
        var found = Find("missing_cla_start", Rows(ClaEpisode("E1", start: null), ClaEpisode("E2")));

        Assert.Equal(["E1"], Ids(found));
    }

    [Fact]
    public void MissingPlacementType_NoType_IsFlaggedInvalidTypeIsLeftToItsOwnRule()
    {
        var found = Find("missing_placement_type", Rows(Placement("PL1", null), Placement("PL2", "Z9"), Placement("PL3", "U4")));

        Assert.Equal(["PL1"], Ids(found));
    }

    [Fact]
    public void CodeSetRules_EveryRuleHasTitleDescriptionAndTablesAndNoneIsCalledInvalidCode()
    {
        var codes = new[]
        {
            "invalid_sex", "invalid_ethnicity", "invalid_primary_need", "invalid_closure_reason", "invalid_cp_category",
            "invalid_placement_type", "invalid_legal_status", "invalid_in_touch", "invalid_activity", "invalid_accommodation",
            "invalid_accommodation_suitable", "missing_dob", "missing_referral_date", "missing_primary_need",
            "missing_closure_reason", "missing_closure_date", "missing_cp_plan_start", "missing_cla_start", "missing_placement_type",
        };

        Assert.All(codes, c =>
        {
            var rule = QualityRules.Find(c);
            Assert.NotNull(rule);
            Assert.False(string.IsNullOrWhiteSpace(rule.Title));
            Assert.NotEmpty(rule.Tables);
        });
        Assert.Null(QualityRules.Find("invalid_code"));
    }
}
