using Pipeline.Indicators;

namespace Pipeline.Tests.Indicators;

public class JudgementTests
{
    [Theory]
    [InlineData(95.0, "green")]
    [InlineData(94.9, "amber")]
    [InlineData(90.0, "amber")]
    [InlineData(89.9, "red")]
    public void Rate_TargetHigherIsBetter_UsesMinimumAndUpper(double value, string expected) =>
        Assert.Equal((expected, "target"), Judgement.Rate(value, Unit.Percent, Polarity.HigherIsBetter, 90, 95, 50, 50));

    [Theory]
    [InlineData(10.0, "green")]
    [InlineData(12.0, "amber")]
    [InlineData(15.0, "amber")]
    [InlineData(15.1, "red")]
    public void Rate_TargetLowerIsBetter_UpperIsTheGoodEnd(double value, string expected) =>
        Assert.Equal((expected, "target"), Judgement.Rate(value, Unit.Percent, Polarity.LowerIsBetter, 15, 10, null, null));

    [Theory]
    [InlineData(84.0, "green")]
    [InlineData(74.0, "amber")]
    [InlineData(73.9, "red")]
    public void Rate_PercentAgainstNeighbours_TenPercentagePoints(double value, string expected) =>
        Assert.Equal((expected, "statistical_neighbours"), Judgement.Rate(value, Unit.Percent, Polarity.HigherIsBetter, null, null, 84, 99));

    [Theory]
    [InlineData(100.0, "green")]
    [InlineData(110.0, "amber")]
    [InlineData(110.1, "red")]
    public void Rate_RateLowerIsBetterAgainstEngland_TenPercentOfTheComparator(double value, string expected) =>
        Assert.Equal((expected, "england"), Judgement.Rate(value, Unit.Per10k, Polarity.LowerIsBetter, null, null, null, 100));

    [Fact]
    public void Rate_NeutralOrNoValueOrNoBasis_IsNotRated()
    {
        Assert.Equal((null, null), Judgement.Rate(50, Unit.Per10k, Polarity.Neutral, 1, 2, 3, 4));
        Assert.Equal((null, null), Judgement.Rate(null, Unit.Percent, Polarity.HigherIsBetter, 90, 95, null, null));
        Assert.Equal((null, null), Judgement.Rate(50, Unit.Percent, Polarity.HigherIsBetter, null, null, null, null));
    }

    [Fact]
    public void Direction_ComparedAtDisplayPrecision()
    {
        Assert.Equal(("same", (bool?)null), Judgement.Direction(40.04, 40.0, Unit.Percent, Polarity.HigherIsBetter));
        Assert.Equal(("up", (bool?)true), Judgement.Direction(40.06, 40.0, Unit.Percent, Polarity.HigherIsBetter));
        Assert.Equal(("up", (bool?)false), Judgement.Direction(40.06, 40.0, Unit.Percent, Polarity.LowerIsBetter));
        Assert.Equal(("down", (bool?)true), Judgement.Direction(3, 4, Unit.Count, Polarity.LowerIsBetter));
        Assert.Equal(("down", (bool?)null), Judgement.Direction(3, 4, Unit.Count, Polarity.Neutral));
        Assert.Equal(("same", (bool?)null), Judgement.Direction(3.4, 3.0, Unit.Count, Polarity.Neutral));
        Assert.Equal((null, null), Judgement.Direction(null, 3.0, Unit.Count, Polarity.Neutral));
    }
}
