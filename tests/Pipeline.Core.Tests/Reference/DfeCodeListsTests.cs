using Pipeline.Reference;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Reference;

public class DfeCodeListsTests
{
    private static readonly DfeCodeLists Lists = DfeCodeLists.Default;

    [Theory]
    [InlineData("2024-03-31", 2023)]
    [InlineData("2024-04-01", 2024)]
    [InlineData("2025-01-15", 2024)]
    [InlineData("2025-12-31", 2025)]
    public void CollectionYearOf_RunsFromAprilToMarch(string date, int startYear)
    {
        Assert.Equal(new CollectionYear(startYear), CollectionYear.Of(D(date)));
        Assert.Equal(D($"{startYear}-04-01"), CollectionYear.Of(D(date)).FirstDay);
        Assert.Equal(D($"{startYear + 1}-03-31"), CollectionYear.Of(D(date)).LastDay);
    }

    [Fact]
    public void CollectionYearParse_ReadsTheDfeLabelAndRefusesAnythingElse()
    {
        Assert.Equal(new CollectionYear(2024), CollectionYear.Parse("2024-25"));
        Assert.Equal("1999-00", new CollectionYear(1999).ToString());
        Assert.Throws<FormatException>(() => CollectionYear.Parse("2024-26"));
        Assert.Throws<FormatException>(() => CollectionYear.Parse("2024"));
    }

    [Fact]
    public void Default_HoldsTheListsTheRulesRead()
    {
        string[] expected =
        [
            "care_leaver_accommodation", "care_leaver_activity", "care_leaver_in_touch", "cin_closure_reason", "cp_category_of_abuse", "ethnicity",
            "legal_status", "missing_type", "placement_provider", "placement_type", "primary_need", "reason_episode_ceased", "reason_new_episode",
            "reason_place_change", "referral_source", "review_participation", "sex", "upn_unknown",
        ];

        Assert.All(expected, list => Assert.NotEmpty(Lists.Codes(list)));
        Assert.Equal(20, Lists.CodesValidIn("ethnicity", new CollectionYear(2025)).Length);
        Assert.Equal(["S", "P", "L", "T", "U", "B"], Lists.CodesValidIn("reason_new_episode", new CollectionYear(2025)).AsEnumerable());
        Assert.Equal(new CollectionYear(2025), Lists.NewestYear);
    }

    [Fact]
    public void Check_ChineseIsChneAndTheSsdGuidanceSpellingCnheIsAcceptedWithAWarning()
    {
        Assert.Equal(CodeStatus.Valid, Lists.Check("ethnicity", "chne", D("2026-01-01")).Status);

        var cnhe = Lists.Check("ethnicity", " CNHE ", D("2026-01-01"));
        Assert.Equal(CodeStatus.SsdSpelling, cnhe.Status);
        Assert.True(cnhe.IsAccepted);
        Assert.Contains("CHNE", cnhe.Spelling!.Warning!, StringComparison.Ordinal);
        Assert.Equal("CHNE", cnhe.Codes.Single().Code);
    }

    [Fact]
    public void Check_PlacementTypes_H5P2Z1RetiredAfter202425AndK3Z11ValidFromTheirFirstYear()
    {
        // 31 March 2025 is the last day of 2024-25, 1 April 2025 the first of 2025-26.
        Assert.Equal(CodeStatus.Valid, Lists.Check("placement_type", "H5", D("2025-03-31")).Status);
        var h5 = Lists.Check("placement_type", "H5", D("2025-04-01"));
        Assert.Equal((CodeStatus.Retired, (CollectionYear?)new CollectionYear(2024)), (h5.Status, h5.Boundary));
        Assert.Equal(CodeStatus.Retired, Lists.Check("placement_type", "P2", D("2026-10-31")).Status);
        Assert.Equal(CodeStatus.Retired, Lists.Check("placement_type", "z1", D("2026-10-31")).Status);

        var k3 = Lists.Check("placement_type", "K3", D("2024-03-31"));
        Assert.Equal((CodeStatus.NotYetValid, (CollectionYear?)new CollectionYear(2024)), (k3.Status, k3.Boundary));
        Assert.Equal(CodeStatus.Valid, Lists.Check("placement_type", "K3", D("2024-04-01")).Status);
        Assert.Equal(CodeStatus.NotYetValid, Lists.Check("placement_type", "Z11", D("2025-03-31")).Status);
        Assert.Equal(CodeStatus.Valid, Lists.Check("placement_type", "Z14", D("2025-04-01")).Status);
    }

    [Fact]
    public void Check_ACodeOfTheOldestRuleset_IsValidInEarlierYearsToo()
    {
        // The validators start at 2022-23; that is not when H5 or WBRI were introduced.
        Assert.Equal(CodeStatus.Valid, Lists.Check("placement_type", "H5", D("2015-06-01")).Status);
        Assert.Equal(CodeStatus.Valid, Lists.Check("ethnicity", "WBRI", D("2001-06-01")).Status);
    }

    [Fact]
    public void Check_Sex_DfeNumericCodesRetiredAfter202324AndTheSsdLettersValidInEveryYear()
    {
        Assert.Equal(CodeStatus.Valid, Lists.Check("sex", "9", D("2024-03-31")).Status);
        Assert.Equal(CodeStatus.Valid, Lists.Check("sex", "0", D("2023-06-30")).Status);
        Assert.Equal(CodeStatus.Retired, Lists.Check("sex", "1", D("2024-04-01")).Status);
        Assert.Equal(CodeStatus.SsdSpelling, Lists.Check("sex", "F", D("2020-01-01")).Status);
        Assert.Null(Lists.Check("sex", "F", D("2020-01-01")).Spelling!.Warning);
        Assert.Equal(CodeStatus.Unknown, Lists.Check("sex", "X", D("2024-04-01")).Status);
    }

    [Fact]
    public void Check_SsdWordings_CpCategoryMissingTypeAndAccommodationLetters()
    {
        Assert.Equal("NEG", Lists.Check("cp_category_of_abuse", "neglect", D("2024-01-01")).Codes.Single().Code);
        Assert.Equal("MUL", Lists.Check("cp_category_of_abuse", "Multiple: Neglect, Emotional abuse", D("2024-01-01")).Codes.Single().Code);
        Assert.Equal(CodeStatus.Unknown, Lists.Check("cp_category_of_abuse", "Multiplex", D("2024-01-01")).Status);
        Assert.Equal(CodeStatus.Valid, Lists.Check("cp_category_of_abuse", "emo", D("2024-01-01")).Status);
        Assert.Equal("M", Lists.Check("missing_type", " MISSING from care", D("2024-01-01")).Codes.Single().Code);
        Assert.Equal("A", Lists.Check("missing_type", "absent", D("2024-01-01")).Codes.Single().Code);
        Assert.Equal(CodeStatus.Valid, Lists.Check("missing_type", "a", D("2024-01-01")).Status);
        Assert.Equal(["S2"], Lists.Check("care_leaver_accommodation", "S", D("2024-01-01")).Codes.Select(c => c.Code));
    }

    [Fact]
    public void Check_ReturnNamed_JudgesAgainstThatReturnsListOnly()
    {
        // N9 is a CIN census need (cases other than children in need), not an SSDA903 category of need.
        Assert.Equal(CodeStatus.Valid, Lists.Check("primary_need", "N9", D("2024-01-01"), "CIN").Status);
        Assert.Equal(CodeStatus.Unknown, Lists.Check("primary_need", "N9", D("2024-01-01"), "903").Status);
    }

    [Fact]
    public void Describe_GivesTheDfeDescription()
    {
        Assert.Equal("Chinese", Lists.Describe("ethnicity", "CHNE"));
        Assert.StartsWith("Semi-independent living accommodation", Lists.Describe("placement_type", "h5"), StringComparison.Ordinal);
        Assert.Null(Lists.Describe("placement_type", "Q9"));
    }

    [Fact]
    public void Parse_SpellingNamingACodeNotInTheList_IsRefused()
    {
        const string Codes = "list,code,description,return,first_year,last_year,source\nethnicity,CHNE,Chinese,903,2022-23,,x\n";

        Assert.Throws<FormatException>(() => DfeCodeLists.Parse([Codes], "list,value,codes,match,warning\nethnicity,CNHE,CHIN,exact,typo\n"));
        Assert.Equal(CodeStatus.SsdSpelling,
            DfeCodeLists.Parse([Codes], "list,value,codes,match,warning\nethnicity,CNHE,CHNE,exact,typo\n").Check("ethnicity", "CNHE", D("2024-01-01")).Status);
    }
}
