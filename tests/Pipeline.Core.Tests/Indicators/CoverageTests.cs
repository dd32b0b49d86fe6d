using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Indicators;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

/// <summary>
/// A table from a statutory return covers its collection years: a period before that (or reading history before it) is
/// unavailable with the reason, for every indicator alike, never a figure missing what came before the data.
/// </summary>
public class CoverageTests
{
    private static readonly DateOnly AsAt = D("2026-10-31");

    private static ExtractSet Covered(string table, TableCoverage coverage, object rows) =>
        new(Manifest(AsAt), ImmutableDictionary<Type, object>.Empty.Add(rows.GetType().GetGenericArguments()[0], rows),
            coverage: ImmutableDictionary<string, TableCoverage>.Empty.Add(table, coverage));

    private static List<IndicatorValue> Compute(ExtractSet extract, string id) =>
        [.. IndicatorEngine.Compute(new IndicatorInputs(extract, Population(10_000, 2025, 2026)), [Catalogue.Find(id)!]).Values.Where(v => v.Breakdown == "")];

    [Fact]
    public void PeriodsBeforeTheCoverage_AreUnavailableWithTheDate_AndTheRestComputed()
    {
        // Referrals on 2 April and 5 May 2026; the return covers 2026-27 from 1 April.
        var referrals = ImmutableArray.Create(Referral("R1", "P1", "2026-04-02"), Referral("R2", "P2", "2026-05-05"));
        var extract = Covered("ssd_cin_episodes", new TableCoverage(D("2026-04-01"), AsAt, "CIN census 2026-27"), referrals);

        var values = Compute(extract, "referrals_rate");

        var march = values.Single(v => v.PeriodType == "month" && v.PeriodStart == D("2026-03-01"));
        Assert.Equal((false, "before the data's coverage: 2026-04-01"), (march.Available, march.UnavailableReason));
        var rolling = values.Single(v => v.PeriodType == "rolling_12m" && v.PeriodEnd == AsAt);
        Assert.False(rolling.Available);
        // April: one referral in 30 days, annualised per 10,000: 1 x 365 / 30 / 10,000 x 10,000.
        var april = values.Single(v => v.PeriodType == "month" && v.PeriodStart == D("2026-04-01"));
        Assert.Equal((true, 1.0), (april.Available, april.Numerator));
        Assert.Equal(365.0 / 30, april.Value!.Value, 9);
        var fytd = values.Single(v => v.PeriodType == "fytd" && v.PeriodEnd == AsAt);
        Assert.Equal((true, 2.0), (fytd.Available, fytd.Numerator));
    }

    [Fact]
    public void ALookBack_MovesTheFirstComputablePeriodOn()
    {
        var referrals = ImmutableArray.Create(Referral("R1", "P1", "2025-06-02"), Referral("R2", "P1", "2026-05-05"));
        var extract = Covered("ssd_cin_episodes", new TableCoverage(D("2025-04-01"), AsAt, "CIN census 2025-26 to 2026-27"), referrals);

        var values = Compute(extract, "referrals_repeat_pct");

        // A repeat is within 12 months of a previous referral: a month is only computed once 12 months before its start are covered.
        var march = values.Single(v => v.PeriodType == "month" && v.PeriodStart == D("2026-03-01"));
        Assert.Equal("before the data's coverage: 2025-04-01 (the figure reads back to 2025-03-01)", march.UnavailableReason);
        var may = values.Single(v => v.PeriodType == "month" && v.PeriodStart == D("2026-05-01"));
        Assert.Equal((true, 1.0, 1.0), (may.Available, may.Numerator, may.Denominator));
    }

    [Fact]
    public void EverythingBefore_MakesAnIndicatorUnavailableUnderAnyCoverage()
    {
        var plans = ImmutableArray.Create(CpPlan("CP1", "P1", "2025-06-01", "2025-09-01"), CpPlan("CP2", "P1", "2026-06-01"));
        var extract = Covered("ssd_cp_plans", new TableCoverage(D("2025-04-01"), AsAt, "CIN census 2025-26 to 2026-27"), plans);

        var values = Compute(extract, "cp_second_plan_pct");

        Assert.All(values, v => Assert.False(v.Available));
        Assert.Contains("before the data's coverage: 2025-04-01", values[0].UnavailableReason, StringComparison.Ordinal);
        Assert.All(Compute(ExtractOf(AsAt, plans), "cp_second_plan_pct").Where(v => v.PeriodType == "month"), v => Assert.True(v.Available));
    }

    [Fact]
    public void AFinalReturn_LeavesPeriodsAfterItsYearEndUnavailable()
    {
        var referrals = ImmutableArray.Create(Referral("R1", "P1", "2025-06-02"));
        var extract = Covered("ssd_cin_episodes", new TableCoverage(D("2025-04-01"), D("2026-03-31"), "CIN census 2025-26"), referrals);

        var values = Compute(extract, "referrals_rate");

        Assert.Equal("after the data's coverage: 2026-03-31", values.Single(v => v.PeriodType == "month" && v.PeriodStart == D("2026-04-01")).UnavailableReason);
        Assert.True(values.Single(v => v.PeriodType == "month" && v.PeriodStart == D("2026-03-01")).Available);
    }

    [Fact]
    public void ALimitation_MakesEveryPeriodUnavailableWithItsReason()
    {
        var referrals = ImmutableArray.Create(Referral("R1", "P1", "2026-06-02"));
        var extract = Covered("ssd_cin_episodes", new TableCoverage(D("2026-04-01"), AsAt, "test", "only part of the referrals"), referrals);

        var values = Compute(extract, "referrals_rate");

        Assert.All(values, v => Assert.Equal((false, "only part of the referrals"), (v.Available, v.UnavailableReason)));
    }

    [Fact]
    public void AnSsdTable_CoversEverything()
    {
        var extract = ExtractOf(AsAt, ImmutableArray.Create(Referral("R1", "P1", "2024-06-02")));

        Assert.Equal(TableCoverage.Complete, extract.CoverageOf("ssd_cin_episodes"));
        Assert.All(Compute(extract, "referrals_rate").Where(v => v.PeriodType == "month"), v => Assert.True(v.Available));
    }
}
