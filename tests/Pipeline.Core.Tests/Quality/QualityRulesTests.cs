using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Quality;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Quality;

public class QualityRulesTests
{
    private static List<DqFinding> Find(string code, params object[] tables) =>
        QualityRules.Find(code)!.Find(new QualityInputs(ExtractOf(D("2023-06-30"), tables))).ToList();

    private static Assessment Assessment(string id, string person, string? referral, string start, string? auth = null) =>
        new(id, person, referral, D(start), null, auth is null ? null : D(auth), null, null, null, null);

    [Fact]
    public void ForFamily_EachFamilyBuildsItsOwnLookups_AndSharesThePeoplesDates()
    {
        var inputs = new QualityInputs(ExtractOf(D("2023-06-30"), ImmutableArray.Create(Person("P1")), ImmutableArray.Create(Referral("R1", "P1", "2023-05-10"))));
        var (family, next) = (inputs.ForFamily(), inputs.ForFamily());

        Assert.Same(family.Referrals, family.Referrals);
        Assert.NotSame(family.Referrals, next.Referrals);
        Assert.Equal(family.Referrals, next.Referrals);
        Assert.Same(family.Persons, next.Persons);
        Assert.Same(inputs.Persons, family.ForFamily().Persons);
        Assert.Same(family.CinReturnChildren, next.CinReturnChildren);
    }

    [Fact]
    public void Stage_NextFamilysRulesStart_WhileTheFamilyBeforeStillRuns()
    {
        // The first family's rule finishes only once the second family's rule has run: family after family, it would wait out
        // its ten seconds and find the signal unset.
        using var secondRan = new ManualResetEventSlim();
        var waitedFor = false;
        var inputs = new QualityInputs(ExtractOf(D("2023-06-30"), ImmutableArray.Create(Referral("R1", "P1", "2023-05-10"))));

        QualityStage.Run(inputs,
        [
            Rule("first", "a", _ => waitedFor = secondRan.Wait(TimeSpan.FromSeconds(10))),
            Rule("second", "b", _ => secondRan.Set()),
        ]);

        Assert.True(waitedFor);
    }

    [Fact]
    public void Stage_RulesOfAFamily_ReadOneLookup_AndAnotherFamilyBuildsItsOwn()
    {
        var read = new System.Collections.Concurrent.ConcurrentDictionary<string, object>();
        var inputs = new QualityInputs(ExtractOf(D("2023-06-30"), ImmutableArray.Create(Referral("R1", "P1", "2023-05-10"))));

        QualityStage.Run(inputs,
        [
            Rule("a1", "a", i => read["a1"] = i.Referrals),
            Rule("a2", "a", i => read["a2"] = i.Referrals),
            Rule("b1", "b", i => read["b1"] = i.Referrals),
        ]);

        Assert.Same(read["a1"], read["a2"]);
        Assert.NotSame(read["a1"], read["b1"]);
        Assert.Equal(read["a1"], read["b1"]);
    }

    [Fact]
    public void Stage_DfeRulesOfOneReturn_ReadOneLookup_AcrossTheirFamilies()
    {
        var read = new System.Collections.Concurrent.ConcurrentDictionary<string, object>();
        var inputs = new QualityInputs(ExtractOf(D("2023-06-30"), ImmutableArray.Create(Referral("R1", "P1", "2023-05-10"))));
        QualityRule AsDfe(string code, string family, string key) => QualityRules.Find(code)! with
        {
            Family = family,
            Needs = [],
            Find = i =>
            {
                read[key] = i.Referrals;
                return [];
            },
        };

        var summary = QualityStage.Run(inputs, [AsDfe("CIN:8540", "dfe_cin_child", "child"), AsDfe("CIN:8555Q", "dfe_cin_referrals", "referrals"),
            Rule("own", "references", i => read["own"] = i.Referrals)]).Summary;

        Assert.All(summary, r => Assert.Equal(RuleStatus.Checked, r.Status));
        Assert.Same(read["child"], read["referrals"]);
        Assert.NotSame(read["child"], read["own"]);
    }

    private static QualityRule Rule(string code, string family, Action<QualityInputs> find) => new()
    {
        Code = code,
        Title = code,
        Severity = Severity.Query,
        Tables = ["ssd_cin_episodes"],
        Fields = "",
        Description = code,
        Family = family,
        Find = inputs =>
        {
            find(inputs);
            return [];
        },
    };

    [Fact]
    public void OrphanPerson_RecordForUnknownPerson_IsFlagged()
    {
        var found = Find("orphan_person",
            ImmutableArray.Create(Person("P1")),
            ImmutableArray.Create(Referral("R1", "P1", "2023-05-10"), Referral("R2", "P404", "2023-05-10")));

        Assert.Equal([("ssd_cin_episodes", "R2", "P404")], found.Select(f => (f.Table, f.RecordId, f.PersonId!)));
    }

    [Fact]
    public void OrphanPerson_EpisodeInTonightsReturnOrCareLeaver_IsTheDfesInternalCheckNotThisRule()
    {
        var found = Find("orphan_person",
            ImmutableArray.Create(Person("P1")),
            ImmutableArray.Create(
                new ClaEpisode("E1", "P404", D("2023-05-01"), "S", "N1", null, null, "CLA1", null, null, null, null),              // 903:INT03
                new ClaEpisode("E2", "P404", D("2020-05-01"), "S", "N1", D("2021-01-01"), "E4A", "CLA2", null, null, null, null)), // not in the return
            ImmutableArray.Create(new CareLeaver("L1", "P404", null, "YES", null, "D", "1", "F2", null, null, null, null)));   // 903:INT06

        Assert.Equal(["E2"], found.Select(f => f.RecordId));
    }

    [Fact]
    public void DuplicateId_ChildOfTonightsCinCensus_IsTheDfesRuleNotThisOne()
    {
        var found = Find("duplicate_id",
            ImmutableArray.Create(Person("P1"), Person("P1"), Person("P2"), Person("P2")),
            ImmutableArray.Create(Referral("R1", "P1", "2023-05-10")));

        Assert.Equal(["P2", "P2"], found.Select(f => f.RecordId)); // P1 is CIN:8510's
    }

    [Fact]
    public void DuplicateId_EveryCopyListedUnderOneErrorId()
    {
        var found = Find("duplicate_id",
            ImmutableArray.Create(Referral("R1", "P1", "2023-05-10"), Referral("R1", "P1", "2023-05-10"), Referral("R2", "P1", "2023-05-10")));

        Assert.Equal(2, found.Count);
        Assert.Single(found.Select(f => f.ErrorId).Distinct());
    }

    [Fact]
    public void CpPlanOpenOver2Years_OpenAndStartedMoreThanTwoYearsBeforeAsAt_IsFlagged()
    {
        // as_at 2023-06-30: two years before is 2021-06-30.
        var found = Find("cp_plan_open_over_2y", ImmutableArray.Create(
            CpPlan("CP1", "P1", "2021-06-29"),
            CpPlan("CP2", "P2", "2021-06-30"),
            CpPlan("CP3", "P3", "2019-01-01", "2020-01-01")));

        Assert.Equal(["CP1"], found.Select(f => f.RecordId));
    }

    [Fact]
    public void Registry_CodesAreUniqueAndEveryRuleDescribed()
    {
        Assert.Equal(QualityRules.All.Length, QualityRules.All.Select(r => r.Code).Distinct().Count());
        Assert.All(QualityRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
    }

    [Fact]
    public void Registry_EveryRuleOfOurOwn_SaysWhyTheDfeHasNothingLikeIt()
    {
        // The extension tables' rules judge tables the DfE's returns do not carry at all (their family says so, in the README).
        var own = QualityRules.All.Where(r => r.Dfe is null && r.Family != "extensions").ToList();

        Assert.NotEmpty(own);
        Assert.All(own, r => Assert.True(
            r.Description.Contains("DfE", StringComparison.Ordinal) && r.DfeEquivalent is null,
            $"{r.Code} does not say why the DfE has nothing like it"));
    }
}
