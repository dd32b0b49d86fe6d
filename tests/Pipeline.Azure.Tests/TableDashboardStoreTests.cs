using Pipeline.Azure;

namespace Pipeline.Tests;

public class TableDashboardStoreTests
{
    [Theory]
    [InlineData("Team A", "Team A")]
    [InlineData("North/West", "North%2FWest")]
    [InlineData("A#1?", "A%231%3F")]
    [InlineData("50% done", "50%25 done")]
    [InlineData("back\\slash\ttab", "back%5Cslash%09tab")]
    public void Key_CharactersTablesForbid_AreEscapedReversibly(string raw, string key) =>
        Assert.Equal(key, TableDashboardStore.Key(raw));

    [Fact]
    public void Key_TwoNamesThatDifferOnlyByAnEscapedCharacter_StayDistinct() =>
        Assert.NotEqual(TableDashboardStore.Key("A/B"), TableDashboardStore.Key("A%2FB"));
}
