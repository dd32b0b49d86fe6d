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
    public void AssessmentBeforeReferral_StartEarlierThanItsReferral_IsFlaggedSameDayIsNot()
    {
        var found = Find("assessment_before_referral",
            ImmutableArray.Create(Referral("R1", "P1", "2023-05-10")),
            ImmutableArray.Create(Assessment("A1", "P1", "R1", "2023-05-09"), Assessment("A2", "P1", "R1", "2023-05-10"), Assessment("A3", "P1", "R9", "2020-01-01")));

        Assert.Equal(["A1"], found.Select(f => f.RecordId));
    }

    [Fact]
    public void ReleaseLookups_LookupAskedForAgain_IsRebuiltTheSame()
    {
        var inputs = new QualityInputs(ExtractOf(D("2023-06-30"), ImmutableArray.Create(Referral("R1", "P1", "2023-05-10"))));
        var before = inputs.Referrals;

        inputs.ReleaseLookups();

        Assert.NotSame(before, inputs.Referrals);
        Assert.Equal(before, inputs.Referrals);
    }

    [Fact]
    public void EndBeforeStart_EachKindOfRecord_IsFlaggedButSameDayIsNot()
    {
        var found = Find("end_before_start",
            ImmutableArray.Create(Referral("R1", "P1", "2023-05-10", closed: "2023-05-09"), Referral("R2", "P1", "2023-05-10", closed: "2023-05-10")),
            ImmutableArray.Create(CpPlan("CP1", "P1", "2023-01-10", "2023-01-09")),
            ImmutableArray.Create(Assessment("A1", "P1", null, "2023-05-10", "2023-05-01")));

        Assert.Equal(["R1", "A1", "CP1"], found.Select(f => f.RecordId));
    }

    [Fact]
    public void OrphanPerson_RecordForUnknownPerson_IsFlagged()
    {
        var found = Find("orphan_person",
            ImmutableArray.Create(Person("P1")),
            ImmutableArray.Create(Referral("R1", "P1", "2023-05-10"), Referral("R2", "P404", "2023-05-10")));

        Assert.Equal([("ssd_cin_episodes", "R2", "P404")], found.Select(f => (f.Table, f.RecordId, f.PersonId!)));
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
    public void CpPlanOverlap_SecondPlanStartingBeforeFirstEnds_FlagsBothButNotBackToBackOrOla()
    {
        var found = Find("cp_plan_overlap", ImmutableArray.Create(
            CpPlan("CP1", "P1", "2022-01-01", "2022-06-01"),
            CpPlan("CP2", "P1", "2022-06-01"),                 // starts the day CP1 ends: no overlap
            CpPlan("CP3", "P1", "2023-01-01", "2023-02-01"),   // inside the still-open CP2
            CpPlan("CP4", "P2", "2022-01-01"),
            CpPlan("CP5", "P2", "2022-03-01", ola: true)));    // another council's plan

        Assert.Equal(["CP2", "CP3"], found.Select(f => f.RecordId).Order(StringComparer.Ordinal));
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
    public void OpenEpisodeAge25Plus_OpenForSomeoneAged25_IsFlaggedNotAt24()
    {
        var found = Find("open_episode_age_25_plus",
            ImmutableArray.Create(Person("P25", D("1998-06-30")), Person("P24", D("1998-07-01"))),
            ImmutableArray.Create(Referral("R1", "P25", "2010-01-01"), Referral("R2", "P24", "2010-01-01"), Referral("R3", "P25", "2010-01-01", closed: "2011-01-01")));

        Assert.Equal(["R1"], found.Select(f => f.RecordId));
    }

    [Fact]
    public void InvalidCode_CodesOutsideTheSet_AreFlaggedCaseInsensitivelyUnderOneRulePerField()
    {
        var persons = ImmutableArray.Create(Person("P1", sex: "X"), Person("P2", sex: "f"), Person("P3", sex: "Quillon Brackenholt"));
        var referrals = ImmutableArray.Create(Referral("R1", "P1", "2023-01-01") with { PrimaryNeedCode = "N12" }, Referral("R2", "P1", "2023-01-01") with { PrimaryNeedCode = "n3" });

        var sex = Find("invalid_sex", persons, referrals);
        var need = Find("invalid_primary_need", persons, referrals);

        Assert.Equal(["P1", "P3"], sex.Select(f => f.RecordId));
        Assert.Equal(["R1"], need.Select(f => f.RecordId));
        Assert.DoesNotContain("Quillon", string.Join(" ", sex.Concat(need).Select(f => f.Message)));
        Assert.Null(QualityRules.Find("invalid_code"));
    }

    [Fact]
    public void Registry_CodesAreUniqueAndEveryRuleDescribed()
    {
        Assert.Equal(QualityRules.All.Length, QualityRules.All.Select(r => r.Code).Distinct().Count());
        Assert.All(QualityRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
    }
}
