using Pipeline.Indicators;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

public class ReportingPeriodsTests
{
    [Fact]
    public void For_AsAtOnAMonthEnd_FourteenCompleteMonthsAndNoMonthToDate()
    {
        var periods = ReportingPeriods.For(D("2023-06-30"));

        var months = periods.Where(p => p.Type == PeriodType.Month).ToList();
        Assert.Equal(14, months.Count);
        Assert.Equal((D("2022-05-01"), D("2022-05-31")), (months[0].Start, months[0].End));
        Assert.Equal((D("2023-06-01"), D("2023-06-30")), (months[^1].Start, months[^1].End));
        Assert.DoesNotContain(periods, p => p.Type == PeriodType.MonthToDate);
        Assert.Equal(14, periods.Count(p => p.Type == PeriodType.Rolling12Months));
        Assert.Single(periods, p => p.Type == PeriodType.Snapshot && p.Start == D("2023-06-30") && p.End == D("2023-06-30"));
    }

    [Fact]
    public void For_AsAtMidMonth_ThirteenMonthsPlusPartialMonthToDate()
    {
        var periods = ReportingPeriods.For(D("2023-06-15"));

        Assert.Equal(13, periods.Count(p => p.Type == PeriodType.Month));
        var mtd = Assert.Single(periods, p => p.Type == PeriodType.MonthToDate);
        Assert.Equal((D("2023-06-01"), D("2023-06-15"), true), (mtd.Start, mtd.End, mtd.IsPartial));
        // Rolling windows end at each complete month end and at as_at: 12 months ending 15 June start 16 June.
        var lastWindow = periods.Last(p => p.Type == PeriodType.Rolling12Months);
        Assert.Equal((D("2022-06-16"), D("2023-06-15")), (lastWindow.Start, lastWindow.End));
        Assert.Equal(14, periods.Count(p => p.Type == PeriodType.Rolling12Months));
    }

    [Fact]
    public void For_FinancialYearToDate_StartsOnTheAprilBeforeEachMonthEnd()
    {
        var periods = ReportingPeriods.For(D("2023-06-30")).Where(p => p.Type == PeriodType.FinancialYearToDate).ToList();

        Assert.Equal((D("2022-04-01"), D("2022-05-31")), (periods[0].Start, periods[0].End));
        Assert.Contains(periods, p => p.Start == D("2022-04-01") && p.End == D("2023-03-31"));
        Assert.Contains(periods, p => p.Start == D("2023-04-01") && p.End == D("2023-04-30"));
    }

    [Fact]
    public void RollingSampleDates_WindowEndingMidMonth_ElevenMonthEndsAndTheEnd()
    {
        var window = new Period(PeriodType.Rolling12Months, D("2022-06-16"), D("2023-06-15"), false);

        var dates = ReportingPeriods.RollingSampleDates(window).ToList();

        Assert.Equal(12, dates.Count);
        Assert.Equal(D("2023-06-15"), dates[0]);
        Assert.Equal(D("2023-05-31"), dates[1]);
        Assert.Equal(D("2022-07-31"), dates[^1]);
    }

    [Fact]
    public void For_LeapYearFebruary_WindowEndingOnTheLeapDayStartsFirstOfMarch()
    {
        var periods = ReportingPeriods.For(D("2024-02-29"));

        Assert.Contains(periods, p => p.Type == PeriodType.Rolling12Months && p.Start == D("2023-03-01") && p.End == D("2024-02-29"));
        Assert.Contains(periods, p => p.Type == PeriodType.Month && p.Start == D("2024-02-01") && p.End == D("2024-02-29"));
    }
}
