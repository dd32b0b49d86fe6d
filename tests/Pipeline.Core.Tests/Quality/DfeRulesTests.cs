using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Quality;
using Pipeline.Reference;
using static Pipeline.Tests.Quality.DfeRecords;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Quality;

/// <summary>
/// The DfE's own rules: for every one, records that break it and records that do not (the cases, one per rule, in
/// DfeRulesTests.Cin.cs and DfeRulesTests.Ssda903.cs), with the DfE's code asserted on every finding; the return-level rules at
/// their thresholds and either side; not applicable when what they read is absent.
/// </summary>
public partial class DfeRulesTests
{
    /// <summary>One rule's case: the extract's records, and the ids of those the rule must flag (all others must pass).</summary>
    public sealed record DfeCase(string Code, string[] Flagged, object[] Records, string AsAt = DfeRecords.AsAt);

    private static DfeCase Case(string code, string[] flagged, params object[] records) => new(code, flagged, records);

    private static readonly Lazy<Dictionary<string, DfeCase>> AllCases = new(() => CinCases().Concat(Ssda903Cases()).ToDictionary(c => c.Code, StringComparer.Ordinal));

    public static TheoryData<string> CaseCodes => [.. CinCases().Concat(Ssda903Cases()).Select(c => c.Code)];

    private static List<DqFinding> Run(string code, ExtractSet extract) => QualityRules.Find(code)!.Find(new QualityInputs(extract)).ToList();

    [Theory]
    [MemberData(nameof(CaseCodes))]
    public void DfeRule_BreakingRecordsAreFlaggedUnderTheDfesCodeAndPassingRecordsAreNot(string code)
    {
        var c = AllCases.Value[code];
        var rule = QualityRules.Find(code);
        var extract = ExtractAt(c.AsAt, c.Records);

        Assert.NotNull(rule);
        Assert.Null(rule.NotApplicableReason(extract));
        var found = Run(code, extract);
        Assert.Equal(c.Flagged.Order(StringComparer.Ordinal), found.Select(f => f.RecordId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(found, f => Assert.StartsWith(code + ":", f.ErrorId, StringComparison.Ordinal));
        Assert.All(found, f => Assert.Contains(f.Table, rule.Tables.Append("ssd_person")));
    }

    [Fact]
    public void ReturnsCoverage_EpisodesBeforeIt_AreNotTakenForTheFirst_NorCareLeaversForNeverInCare()
    {
        // Episodes read from statutory returns covering from 1 April 2024 (as_at 30 June 2024).
        var coverage = ImmutableDictionary<string, TableCoverage>.Empty.Add("ssd_cla_episodes", new TableCoverage(D("2024-04-01"), null, "SSDA903 2024-25"));
        // 903:357: E1 starts 10 April with reason P (after the coverage's start: flagged either way); E3 on 1 March with reason P,
        // before it, so it may continue an episode the returns do not hold: flagged only when the extract is complete.
        object[] episodes = [Child("P1"), Child("P3"), Epi("E1", "P1", rne: "P"), Epi("E3", "P3", start: "2024-03-01", rne: "P", cla: "CLA3")];
        Assert.Equal(["E1", "E3"], Run("903:357", ExtractAt(DfeRecords.AsAt, episodes)).Select(f => f.RecordId).Order(StringComparer.Ordinal));
        Assert.Equal(["E1"], Run("903:357", ExtractAt(DfeRecords.AsAt, episodes, coverage)).Select(f => f.RecordId));

        // 903:1003: P5's decision (1 February 2024) is before the first episode held (1 March 2024), which starts before the coverage:
        // care may have begun earlier, so it is flagged on a complete extract only.
        object[] decided = [Child("P5"), Epi("E5", "P5", start: "2024-03-01", cla: "CLA5"), Perm("D5", "P5", decision: "2024-02-01")];
        Assert.Equal(["D5"], Run("903:1003", ExtractAt(DfeRecords.AsAt, decided)).Select(f => f.RecordId));
        Assert.Empty(Run("903:1003", ExtractAt(DfeRecords.AsAt, decided, coverage)));

        // 903:1002: the case's care leaver with no episode is flagged on a complete extract only.
        var leavers = AllCases.Value["903:1002"].Records;
        Assert.NotEmpty(Run("903:1002", ExtractAt(DfeRecords.AsAt, leavers)));
        Assert.Empty(Run("903:1002", ExtractAt(DfeRecords.AsAt, leavers, coverage)));
    }

    [Fact]
    public void Registry_EveryDfeRule_HasACase()
    {
        var dfe = QualityRules.All.Where(r => r.Dfe is not null).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(dfe.Except(AllCases.Value.Keys));
        Assert.Empty(AllCases.Value.Keys.Except(dfe));
    }

    [Fact]
    public void Registry_AtLeast150DfeRules_EachWithTheDfesCodeMessageAndSeverity()
    {
        var dfe = QualityRules.All.Where(r => r.Dfe is not null).ToList();

        Assert.True(dfe.Count >= 150, $"{dfe.Count} DfE rules");
        Assert.All(dfe, r =>
        {
            Assert.Matches(@"^(CIN|903):[0-9A-Za-z]+$", r.Code);
            Assert.Equal(r.Code, r.Dfe!.Code);
            Assert.Equal(r.Dfe.Newest.Message, r.Title);
            Assert.Equal(r.Code.EndsWith('Q') ? Severity.Query : Severity.Error, r.Severity);
            Assert.Null(r.DfeEquivalent);
        });
    }

    [Fact]
    public void Registry_EveryRuleOfTheDfesLists_IsImplementedOrListedAsNotWithAReason()
    {
        var implemented = QualityRules.All.Where(r => r.Dfe is not null).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var lists = DfeRules.Default;

        Assert.All(lists.All, r => Assert.True(implemented.Contains(r.Code) ^ lists.NotImplemented.ContainsKey(r.Code),
            $"{r.Code} is {(implemented.Contains(r.Code) ? "both implemented and listed as not" : "neither implemented nor listed as not, with a reason")}"));
        Assert.Equal(312, lists.All.Count(r => r.Return == DfeReturn.Ssda903));
    }

    [Fact]
    public void NotApplicable_TableNoSourceProvides_IsReportedWithTheReasonNotAsPassing()
    {
        var extract = ExtractAt(AsAt, [Child("P1"), Ref("R1")]);

        Assert.Equal("ssd_disability not in the extract", QualityRules.Find("CIN:8540")!.NotApplicableReason(extract));
        Assert.Equal("ssd_cla_episodes not in the extract", QualityRules.Find("903:101")!.NotApplicableReason(extract));
        Assert.Null(QualityRules.Find("CIN:4180")!.NotApplicableReason(extract));

        var summary = QualityStage.Run(new QualityInputs(extract), [QualityRules.Find("CIN:8540")!, QualityRules.Find("CIN:4180")!]).Summary;
        Assert.Equal([(RuleStatus.NotApplicable, "ssd_disability not in the extract"), (RuleStatus.Checked, null)], summary.Select(s => (s.Status, s.StatusReason)));
        Assert.Equal(["CIN census", "CIN census"], summary.Select(s => s.DfeReturn));
        Assert.Equal(["2024-25", "2024-25"], summary.Select(s => s.CollectionYear));
    }

    [Fact]
    public void NotApplicable_ColumnAbsentFromTheTablesFile_IsReportedWithTheReason()
    {
        var tables = ImmutableDictionary<Type, object>.Empty
            .Add(typeof(Person), ImmutableArray.Create(Child("P1")))
            .Add(typeof(CinEpisode), ImmutableArray.Create(Ref("R1")));
        var columns = ImmutableDictionary<string, ImmutableHashSet<string>>.Empty
            .Add("ssd_cin_episodes", ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_close_date"]);
        var extract = new ExtractSet(Manifest(D(AsAt)), tables, columns);

        Assert.Equal("cine_referral_nfa not in ssd_cin_episodes", QualityRules.Find("CIN:8568")!.NotApplicableReason(extract));
    }

    [Fact]
    public void NotApplicable_DfeRuleNotInForceInTheCollectionYear_SaysFromWhen()
    {
        var before = ExtractAt("2024-03-31", [Child("P1"), Ref("R1")]);
        var from = ExtractAt("2024-04-01", [Child("P1"), Ref("R1")]);

        Assert.Equal("not a CIN census rule in 2023-24 (applies from 2024-25)", QualityRules.Find("CIN:1570")!.NotApplicableReason(before));
        Assert.Null(QualityRules.Find("CIN:1570")!.NotApplicableReason(from));
    }

    [Fact]
    public void CodeRule_ValueInATableHoldingNames_IsEchoedOnlyAsItsShape()
    {
        // A relabelled header can put a surname under pers_sex: ssd_person holds names, so no value of it is echoed as written.
        var found = Run("CIN:4180", ExtractAt(AsAt, [Child("P1", sex: "X"), Child("P2", sex: "Quillon Brackenholt"), Ref("R1", "P1"), Ref("R2", "P2")]));

        Assert.Equal(["P1", "P2"], found.Select(f => f.RecordId));
        Assert.Contains("pers_sex (1 character: capital letters) is not in the DfE's sex list", found[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Quillon", string.Join(" ", found.Select(f => f.Message)), StringComparison.Ordinal);
    }

    [Fact]
    public void Version_RuleReworded_JudgesByTheWordingOfTheReturnsYear()
    {
        // 8750: an unborn child's sex must be 0 up to 2023-24, U from 2024-25.
        Person Unborn(string id, string sex) => Child(id, dob: null, expected: "2024-09-01", sex: sex);
        object[] records = [Unborn("P1", "U"), Unborn("P2", "0"), Ref("R1", "P1"), Ref("R2", "P2")];

        Assert.Equal(["P1"], Run("CIN:8750", ExtractAt("2024-03-31", records)).Select(f => f.RecordId));
        Assert.Equal(["P2"], Run("CIN:8750", ExtractAt("2024-04-01", records)).Select(f => f.RecordId));
        Assert.StartsWith("Sex must equal U", QualityRules.Find("CIN:8750")!.Title, StringComparison.Ordinal);

        // dq_summary gives the message of the year judged.
        string Message(string asAt) => QualityStage.Run(new QualityInputs(ExtractAt(asAt, records)), [QualityRules.Find("CIN:8750")!]).Summary.Single().Title;
        Assert.Equal("Gender must equal 0 for an unborn child", Message("2024-03-31"));
        Assert.Equal("Sex must equal U for an unborn child", Message("2024-04-01"));
    }

    [Fact]
    public void Scope_RecordClosedBeforeTheCollectionYear_IsNotInTonightsReturn()
    {
        // A CP plan ending before its start, on a referral closed in March 2024: in the 2023-24 census, not in tonight's (2024-25).
        var found = Run("CIN:8925", ExtractAt(AsAt,
        [
            Child("P1"), Ref("R1", date: "2023-06-01", closed: "2024-03-31", reason: "RC7"), Cp("CP1", start: "2023-07-01", end: "2023-06-30"),
            Child("P2"), Ref("R2", "P2", date: "2023-06-01", closed: "2024-04-01", reason: "RC7"), Cp("CP2", "P2", "R2", start: "2023-07-01", end: "2024-04-01"),
            Cp("CP3", "P2", "R2", start: "2024-04-02", end: "2024-04-01"),
        ]));

        Assert.Equal(["CP3"], found.Select(f => f.RecordId));
    }

    // Return-level rules, at their thresholds and either side.

    [Theory]
    [InlineData(1, 50, false)]   // 2%: not more than 2%
    [InlineData(2, 50, true)]    // 4%
    [InlineData(0, 50, false)]
    [InlineData(1, 49, true)]    // 1 in 49 is 2.04%
    public void CIN2886Q_ShareOfBornChildrenWithNoSex_FlaggedOnlyAbove2Percent(int withoutSex, int born, bool flagged)
    {
        var records = Enumerable.Range(0, born).SelectMany(i => new object[] { Child($"P{i}", sex: i < withoutSex ? null : "F"), Ref($"R{i}", $"P{i}") })
            .Concat([Child("U1", dob: null, expected: "2024-09-01", sex: null), Ref("RU", "U1")]); // an unborn child is not counted
        var found = Run("CIN:2886Q", ExtractAt(AsAt, records));

        Assert.Equal(flagged, found.Count == 1);
        Assert.All(found, f => Assert.Equal(("CIN census 2024-25", "CIN:2886Q:2024-25"), (f.RecordId, f.ErrorId)));
    }

    [Theory]
    [InlineData(7, true)]
    [InlineData(8, false)]
    [InlineData(9, false)]
    public void CIN2887Q_DistinctDisabilityCodes_FlaggedBelowEight(int codes, bool flagged)
    {
        string[] list = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH"];
        var records = new List<object> { Child("P1"), Ref("R1"), Dis("D0", "P1", "NONE"), Child("P2"), Ref("R2", "P2") };
        records.AddRange(list.Take(codes).Select((c, i) => Dis($"D{i + 1}", "P2", c)));

        Assert.Equal(flagged, Run("CIN:2887Q", ExtractAt(AsAt, records)).Count == 1);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void CIN2888Q_NoChildWithMoreThanOneDisability_IsFlaggedAtTheReturn(int codesOfOneChild, bool flagged)
    {
        var records = new List<object> { Child("P1"), Ref("R1"), Dis("D1", "P1", "AUT"), Dis("D0", "P1", "NONE"), Child("P2"), Ref("R2", "P2"), Dis("D9", "P2", "LD") };
        if (codesOfOneChild == 2)
        {
            records.Add(Dis("D2", "P1", "BEH"));
        }

        Assert.Equal(flagged, Run("CIN:2888Q", ExtractAt(AsAt, records)).Count == 1);
    }

    [Theory]
    [InlineData(2, 3, false)]
    [InlineData(3, 3, false)]
    [InlineData(4, 3, true)]
    public void CIN2883_MorePlansStartingThanInitialConferences_IsFlaggedAtTheReturn(int plans, int conferences, bool flagged)
    {
        var records = new List<object> { Child("P1"), Ref("R1") };
        records.AddRange(Enumerable.Range(0, plans).Select(i => Cp($"CP{i}", start: "2024-05-20", end: "2024-05-21")));
        records.AddRange(Enumerable.Range(0, conferences).Select(i => Icpc($"C{i}")));
        records.Add(Cp("OLA", start: "2024-05-20", ola: true));             // another council's plan is not counted
        records.Add(Cp("OLD", start: "2024-03-20", end: "2024-05-01"));     // started before the collection year
        records.Add(Icpc("CX", date: "2024-03-31"));                         // held before the collection year

        var found = Run("CIN:2883", ExtractAt(AsAt, records));

        Assert.Equal(flagged, found.Count == 1);
    }
}
