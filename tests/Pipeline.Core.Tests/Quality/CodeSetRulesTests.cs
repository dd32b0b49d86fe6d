using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Quality;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Quality;

/// <summary>Required values and code sets: for each rule, records that break it and records that do not.</summary>
public class CodeSetRulesTests
{
    private static List<DqFinding> Find(string code, params object[] tables) => FindAt("2023-06-30", code, tables);

    private static List<DqFinding> FindAt(string asAt, string code, params object[] tables) =>
        QualityRules.Find(code)!.Find(new QualityInputs(ExtractOf(D(asAt), tables))).ToList();

    private static ImmutableArray<T> Rows<T>(params T[] rows) => [.. rows];

    private static Person PersonWith(string id, string? sex = "F", string? ethnicity = "WBRI", string? dob = "2015-01-01", string? expected = null) =>
        new(id, sex, null, ethnicity, dob is null ? null : D(dob), null, null, null, null, expected is null ? null : D(expected), null, null, null);

    private static CinEpisode Episode(string id, string? date = "2023-01-01", string? need = "N1", bool? nfa = false, string? reason = null, string? closed = null) =>
        new(id, "P1", date is null ? null : D(date), need, null, null, nfa, reason, closed is null ? null : D(closed), "T1", "W1");

    private static ClaEpisode ClaEpisode(string id, string? start = "2022-01-01", string? need = "N1") =>
        new(id, "P1", start is null ? null : D(start), "S", need, null, null, "CLA1", null, null, null, null);

    private static ClaPlacement Placement(string id, string? type, string start = "2022-01-01", string? end = null, string? provider = null, string? change = null) =>
        new(id, D(start), type, null, null, "CLA1", provider, end is null ? null : D(end), change, "P1");

    private static ClaEpisode ClaEpisodeCoded(string id, string? startReason, string? ceasedReason, string start = "2022-01-01", string? ceased = null) =>
        new(id, "P1", D(start), startReason, "N1", ceased is null ? null : D(ceased), ceasedReason, "CLA1", null, null, null, null);

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
        Assert.Contains("pers_sex (1 character: capital letters) is not in the DfE's sex list", found[0].Message, StringComparison.Ordinal);
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
    public void InvalidEthnicity_ChneIsTheDfeCodeAndCnheIsAcceptedButWarned()
    {
        var persons = Rows(PersonWith("P1", ethnicity: "CHNE"), PersonWith("P2", ethnicity: "CNHE"), PersonWith("P3", ethnicity: "CHIN"));

        Assert.Equal(["P3"], Ids(Find("invalid_ethnicity", persons)));
        var alias = Find("code_alias", persons);
        Assert.Equal(["P2"], Ids(alias));
        Assert.Contains("write CHNE (Chinese)", alias[0].Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Warning, QualityRules.Find("code_alias")!.Severity);
    }

    [Fact]
    public void InvalidSex_DfeNumericCodesAreCodesRetiredAfter202324NotInvalid()
    {
        // 2023-24 (as_at 30 June 2023): CIN's 0/1/2/9 and SSDA903's 1/2 are valid; from 2024-25 they are retired.
        var persons = Rows(PersonWith("P1", sex: "1"), PersonWith("P2", sex: "9"), PersonWith("P3", sex: "M"), PersonWith("P4", sex: "3"));

        Assert.Equal(["P4"], Ids(FindAt("2023-06-30", "invalid_sex", persons)));
        Assert.Empty(FindAt("2023-06-30", "code_not_in_year", persons));
        Assert.Equal(["P4"], Ids(FindAt("2024-06-30", "invalid_sex", persons)));
        var retired = FindAt("2024-06-30", "code_not_in_year", persons);
        Assert.Equal(["P1", "P2"], Ids(retired));
        Assert.Contains("was last valid in 2023-24", retired[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidCpCategory_DfeCodesPassAsWellAsTheSsdWords()
    {
        var found = Find("invalid_cp_category", Rows(
            Plan("CP1", "NEG", "mul"), Plan("CP2", "PHY", "SAB"), Plan("CP3", "EMO", "NEGL")));

        Assert.Equal([("CP3", "cppl_cp_plan_latest_category")], found.Select(f => (f.RecordId, f.Fields)));
    }

    [Fact]
    public void CodeNotInYear_PlacementTypeJudgedByItsLastDayInForce_AtEachYearBoundary()
    {
        // as_at 31 Oct 2026 (2026-27). H5 is valid to 2024-25: ending 31 March 2025 passes, 1 April 2025 is out of its years;
        // open at as_at it is judged in 2026-27. K3 is valid from 2024-25: ending 31 March 2024 is too early, open now is fine.
        var placements = Rows(
            Placement("PL1", "H5", "2024-01-01", "2025-03-31"), Placement("PL2", "H5", "2024-01-01", "2025-04-01"), Placement("PL3", "H5", "2024-01-01"),
            Placement("PL4", "K3", "2023-06-01", "2024-03-31"), Placement("PL5", "K3", "2023-06-01"),
            Placement("PL6", "Z1", "2024-01-01", "2024-06-01"), Placement("PL7", "Z12", "2025-05-01"));

        var found = FindAt("2026-10-31", "code_not_in_year", placements);

        Assert.Equal(["PL2", "PL3", "PL4"], Ids(found));
        Assert.Contains("'H5' (Semi-independent living accommodation not subject to children's homes regulations) was last valid in 2024-25; "
            + "the record is judged in 2025-26", found[0].Message, StringComparison.Ordinal);
        Assert.Contains("is valid only from 2024-25", found[2].Message, StringComparison.Ordinal);
        Assert.Empty(FindAt("2026-10-31", "invalid_placement_type", placements));
        Assert.Equal(Severity.Warning, QualityRules.Find("code_not_in_year")!.Severity);
    }

    [Fact]
    public void InvalidStartAndCeasedReason_Ssda903Codes()
    {
        var episodes = Rows(ClaEpisodeCoded("E1", "S", "X1", ceased: "2022-05-01"), ClaEpisodeCoded("E2", "p", "e4a", ceased: "2022-06-01"),
            ClaEpisodeCoded("E3", "N", "E99", ceased: "2022-07-01"), ClaEpisodeCoded("E4", null, null));

        Assert.Equal(["E3"], Ids(Find("invalid_start_reason", episodes)));
        Assert.Equal(["E3"], Ids(Find("invalid_ceased_reason", episodes)));
    }

    [Fact]
    public void InvalidMissingType_DfeCodesAndSsdWordsInAnyCasePassAnythingElseIsAFinding()
    {
        static MissingEpisode Missing(string id, string? type) => new(id, "P1", D("2023-01-01"), type, null, null, null);
        var found = Find("invalid_missing_type", Rows(Missing("M1", "M"), Missing("M2", "a"), Missing("M3", " missing from care "),
            Missing("M4", "ABSENT"), Missing("M5", "Away"), Missing("M6", "X"), Missing("M7", null)));

        Assert.Equal(["M5", "M6"], Ids(found));
    }

    [Fact]
    public void InvalidPlacementProviderAndChangeReason_Ssda903Codes()
    {
        var placements = Rows(Placement("PL1", "U4", provider: "PR1", change: "CARPL", end: "2023-01-01"),
            Placement("PL2", "U4", provider: "PR9", change: "MOVED", end: "2023-01-01"));

        Assert.Equal(["PL2"], Ids(Find("invalid_placement_provider", placements)));
        Assert.Equal(["PL2"], Ids(Find("invalid_placement_change_reason", placements)));
    }

    [Fact]
    public void InvalidReferralSourceParticipationAndUpnUnknown_DfeCodes()
    {
        var referrals = Rows(Episode("R1") with { ReferralSourceCode = "5A" }, Episode("R2") with { ReferralSourceCode = "11" });
        var reviews = Rows(new ClaReview("V1", "CLA1", null, D("2023-01-01"), false, "PN1"), new ClaReview("V2", "CLA1", null, D("2023-02-01"), false, "PN9"));
        var persons = Rows(PersonWith("P1") with { UpnUnknown = "UN3" }, PersonWith("P2") with { UpnUnknown = "UN8" });

        Assert.Equal(["R2"], Ids(Find("invalid_referral_source", referrals)));
        Assert.Equal(["V2"], Ids(Find("invalid_review_participation", reviews)));
        Assert.Equal(["P2"], Ids(Find("invalid_upn_unknown", persons)));
    }

    [Fact]
    public void InvalidAccommodation_DfeCodesZeroAndTheSsdLetterWithASuitabilityItCanHave()
    {
        // S (no fixed abode) and X (custody) exist only as unsuitable: S with suitability 1 makes S1, no DfE code.
        var found = Find("invalid_accommodation", Rows(Leaver("CL1", accommodation: "B1", suitable: null), Leaver("CL2", accommodation: "0", suitable: null),
            Leaver("CL3", accommodation: "S", suitable: "2"), Leaver("CL4", accommodation: "S", suitable: "1"), Leaver("CL5", accommodation: "x", suitable: null),
            Leaver("CL6", accommodation: "B3", suitable: null)));

        Assert.Equal(["CL4", "CL6"], Ids(found));
        Assert.Contains("makes 'S1'", found[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidActivity_ZeroIsACode()
    {
        Assert.Empty(Find("invalid_activity", Rows(Leaver("CL1", inTouch: "DIED", activity: "0"))));
    }

    [Fact]
    public void LeavingCareZeroRequired_DiedOrReturnedHomeNeedBothZeroAndEmptyIsNotZero()
    {
        var found = Find("leaving_care_zero_required", Rows(
            Leaver("CL1", inTouch: "DIED", accommodation: "0", suitable: null, activity: "0"),
            Leaver("CL2", inTouch: "rhom", accommodation: "0", suitable: null, activity: "0"),
            Leaver("CL3", inTouch: "DIED", accommodation: null, suitable: null, activity: null),
            Leaver("CL4", inTouch: "RHOM", accommodation: "0", suitable: null, activity: "F2"),
            Leaver("CL5", inTouch: "NO", accommodation: "0", suitable: null, activity: "0")));

        Assert.Equal(["CL3", "CL4"], Ids(found));
    }

    [Fact]
    public void LeavingCareZeroNotAllowed_InTouchWithZero_IsFlaggedOtherInTouchCodesAreNot()
    {
        var found = Find("leaving_care_zero_not_allowed", Rows(
            Leaver("CL1", inTouch: "YES", activity: "0"), Leaver("CL2", inTouch: "YES", accommodation: "0", suitable: null),
            Leaver("CL3", inTouch: "YES"), Leaver("CL4", inTouch: "REFU", accommodation: "0", suitable: null, activity: "0")));

        Assert.Equal(["CL1", "CL2"], Ids(found));
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
            "invalid_accommodation_suitable", "invalid_referral_source", "invalid_placement_provider", "invalid_placement_change_reason",
            "invalid_start_reason", "invalid_ceased_reason", "invalid_review_participation", "invalid_missing_type", "invalid_upn_unknown",
            "code_not_in_year", "code_alias", "leaving_care_zero_required", "leaving_care_zero_not_allowed", "missing_dob", "missing_referral_date", "missing_primary_need",
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
