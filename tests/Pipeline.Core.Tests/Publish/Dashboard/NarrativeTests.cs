using Pipeline.Indicators;
using Pipeline.Publish.Dashboard;
using static Pipeline.Tests.Publish.Dashboard.DashboardRows;

namespace Pipeline.Tests.Publish.Dashboard;

public class NarrativeTests
{
    private static readonly IndicatorDefinition Referrals = Definition("referrals_rate", "Referrals per 10,000 children", Unit.Per10k, IndicatorKind.Flow);

    private static readonly IndicatorDefinition Visits = Definition("cla_visits_timely_pct", "% children looked after visited within the standard",
        Unit.Percent, IndicatorKind.PointInTime, Polarity.HigherIsBetter);

    private static readonly IndicatorDefinition Placements = Definition("cla_3plus_placements_pct", "% children looked after with 3 or more placements",
        Unit.Percent, IndicatorKind.PointInTime, Polarity.LowerIsBetter);

    private static readonly IndicatorDefinition Caseload = Definition("caseload_avg", "Average caseload", Unit.Mean, IndicatorKind.PointInTime, Polarity.LowerIsBetter);

    [Fact]
    public void FlowRate_MonthRoseAndTwelveMonthsFell_SaysBothAndComparesTheTwelveMonthsWithEnglandAndNeighbours()
    {
        // Monthly rates 474.5 then 541.6129 (541.6 shown); the rolling 12 months 460.0 against 469.34 a year before (469.3 shown).
        // Against England 538: 460 - 538 = -78, beyond 2% of 538 (10.76): lower. Against neighbours 465: -5, within 2% of 465 (9.3): in line.
        void Comparators(Judged j) => (j.England, j.Neighbours) = (538, 465);
        var series = Series(Referrals,
            Month(Referrals, "2026-09-30", 474.5, Comparators), Month(Referrals, "2026-10-31", 541.6129, Comparators),
            Rolling(Referrals, "2025-10-31", 469.34, Comparators), Rolling(Referrals, "2026-10-31", 460.0, Comparators));

        var sentences = Narrative.For(series);

        Assert.Equal(Lines(
        [
            "Referrals per 10,000 children rose from 474.5 in September 2026 to 541.6 in October 2026; over the 12 months to October 2026 it was 460.0, down from 469.3 in the 12 months before.",
            "The 12-month figure is lower than the England average (538.0, 2021/22) and in line with statistical neighbours (465.0, 2021/22).",
        ]), Lines(sentences));
    }

    [Fact]
    public void PointInTimePercentage_BetweenMinimumAndUpperTarget_SaysItMissesTheTargetButMeetsTheMinimum()
    {
        // 94.2% is below the upper target 95 and at or above the minimum 90: amber on the minimum/upper model.
        void Target(Judged j) => (j.TargetMin, j.TargetUpper) = (90, 95);
        var series = Series(Visits,
            Month(Visits, "2025-10-31", 88.0, Target), Month(Visits, "2026-09-30", 92.5, Target), Month(Visits, "2026-10-31", 94.2, Target));

        var sentences = Narrative.For(series);

        Assert.Equal(Lines(
        [
            "The percentage of children looked after visited within the standard rose from 92.5% in September 2026 to 94.2% in October 2026; a year earlier (October 2025) it was 88.0%.",
            "It misses the target of 95.0% but meets the minimum of 90.0%.",
        ]), Lines(sentences));
    }

    [Theory]
    [InlineData(9.0, "meets the target of 10.0%")]
    [InlineData(12.0, "misses the target of 10.0% but meets the minimum of 15.0%")]
    [InlineData(15.04, "misses the target of 10.0% but meets the minimum of 15.0%")]
    [InlineData(16.0, "misses the minimum of 15.0%")]
    public void LowerIsBetterTarget_UpperIsTheStricterBound(double value, string expected)
    {
        // Lower is better, minimum 15 and upper 10: green at 10 or below, amber up to 15 (15.04 shows as 15.0), red above.
        void Target(Judged j) => (j.TargetMin, j.TargetUpper) = (15, 10);
        var series = Series(Placements, Month(Placements, "2026-09-30", 11.0, Target), Month(Placements, "2026-10-31", value, Target));

        Assert.EndsWith(expected + ".", Narrative.For(series)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void FiguresEqualAtDisplayPrecision_StayTheSame()
    {
        // 17.94 and 17.86 both show as 17.9: no change, as the direction of travel judges it.
        var series = Series(Caseload, Month(Caseload, "2026-09-30", 17.94), Month(Caseload, "2026-10-31", 17.86));

        Assert.Equal("Average caseload stayed at 17.9 in October 2026, as in September 2026.", Lines(Narrative.For(series)));
    }

    [Fact]
    public void LatestMonthUnavailable_SaysSoWithTheReason_AndStatesNoFigure()
    {
        var series = Series(Visits,
            Month(Visits, "2026-09-30", 92.5, j => (j.TargetMin, j.TargetUpper) = (90, 95)),
            Unavailable(Visits, "month", "2026-10-31", "ssd_cla_visits not in the extract"));

        var sentences = Narrative.For(series);

        Assert.Equal("The percentage of children looked after visited within the standard: no figure for October 2026 (ssd_cla_visits not in the extract).", Lines(sentences));
    }

    [Fact]
    public void LatestMonthWithoutAValue_SaysThereWasNothingToMeasure_NeverZero()
    {
        var series = Series(Visits, Month(Visits, "2026-09-30", 92.5), Month(Visits, "2026-10-31", null));

        var sentence = Assert.Single(Narrative.For(series));

        Assert.Equal("The percentage of children looked after visited within the standard: no value for October 2026, as there was nothing to measure.", sentence);
    }

    [Fact]
    public void PreviousMonthUnavailable_StatesTheLatestAlone_WithoutADirection()
    {
        // A current-position source: only the month ending at as_at has a figure.
        var series = Series(Visits,
            Unavailable(Visits, "month", "2025-10-31", "current position only"),
            Unavailable(Visits, "month", "2026-09-30", "current position only"),
            Month(Visits, "2026-10-31", 100.0, j => (j.England, j.Neighbours) = (94, 95)));

        var sentences = Narrative.For(series);

        Assert.Equal(Lines(
        [
            "The percentage of children looked after visited within the standard was 100.0% in October 2026, with no figure for September 2026 to compare with.",
            "This is higher than the England average (94.0%, 2021/22) and higher than statistical neighbours (95.0%, 2021/22).",
        ]), Lines(sentences));
    }

    [Fact]
    public void PartialMonthToDate_IsNeverDescribed()
    {
        // as_at mid-month: the month to date (partial, 999.9) exists beside the last complete month; only the complete month is described.
        var asAt = new DateOnly(2026, 11, 15);
        IndicatorValue[] rows =
        [
            Month(Referrals, "2026-09-30", 474.5), Month(Referrals, "2026-10-31", 541.6),
            Row(Referrals, "month_to_date", new DateOnly(2026, 11, 1), asAt, 999.9, null),
        ];
        var series = IndicatorSeries.Of(Referrals, rows, asAt);

        var text = string.Join(" ", Narrative.For(series));

        Assert.True(series.Latest!.IsPartial);
        Assert.DoesNotContain("999.9", text, StringComparison.Ordinal);
        Assert.DoesNotContain("November", text, StringComparison.Ordinal);
        Assert.StartsWith("Referrals per 10,000 children rose from 474.5 in September 2026 to 541.6 in October 2026", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CurrentPositionIndicatorMidMonth_DescribesTheSnapshotAtAsAt_AsTheExtractsDate()
    {
        var asAt = new DateOnly(2026, 11, 15);
        IndicatorValue[] rows =
        [
            Unavailable(Visits, "month", "2026-10-31", "current position only"),
            Row(Visits, "snapshot", asAt, asAt, 87.5, null),
        ];

        var sentence = Assert.Single(Narrative.For(IndicatorSeries.Of(Visits, rows, asAt)));

        Assert.Equal("The percentage of children looked after visited within the standard was 87.5% on 15 November 2026, the extract's date; there are no complete months to compare it with.", sentence);
    }

    private static string Lines(IEnumerable<string> sentences) => string.Join("\n", sentences);

    [Theory]
    [InlineData("% referrals with no further action", "The percentage of referrals with no further action")]
    [InlineData("Workers holding more than 25 children (threshold configurable, default 25)", "Workers holding more than 25 children")]
    [InlineData("Average caseload", "Average caseload")]
    public void Subject_ReadsAsTheStartOfASentence(string title, string expected) => Assert.Equal(expected, Narrative.Subject(title));
}
