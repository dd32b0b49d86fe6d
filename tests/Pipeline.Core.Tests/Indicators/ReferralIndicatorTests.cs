using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Indicators;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

public class ReferralIndicatorTests
{
    // as_at 30 June 2023, population 10,000 children.
    //   A: 2022-06-15, 2023-06-15   the second is exactly 12 months after the first: a repeat
    //   B: 2022-06-14, 2023-06-15   12 months and a day: not a repeat
    //   C: 2023-06-01, 2023-06-01   two on one day: two referrals, neither a repeat of the other
    //   D: 2023-05-31, 2023-06-30   the second is on the period end: in June, and a repeat
    // June 2023: A2, B2, C1, C2, D2 = 5 referrals, repeats A2 and D2 = 2.
    private static readonly ImmutableArray<IndicatorValue> Values = IndicatorEngine.Compute(
        new IndicatorInputs(
            ExtractOf(D("2023-06-30"), ImmutableArray.Create(
                Referral("A1", "A", "2022-06-15"), Referral("A2", "A", "2023-06-15"),
                Referral("B1", "B", "2022-06-14"), Referral("B2", "B", "2023-06-15"),
                Referral("C1", "C", "2023-06-01"), Referral("C2", "C", "2023-06-01"),
                Referral("D1", "D", "2023-05-31"), Referral("D2", "D", "2023-06-30"))),
            Population(10_000, 2022, 2023)),
        Catalogue.All.Where(i => i.Id.StartsWith("referrals_", StringComparison.Ordinal))).Values;

    private static IndicatorValue Value(string id, string periodType, string end) =>
        Values.Single(v => v.IndicatorId == id && v.PeriodType == periodType && v.PeriodEnd == D(end) && v.Breakdown == "");

    [Fact]
    public void ForArea_EachAreaBuildsItsOwnGroupings()
    {
        var inputs = new IndicatorInputs(ExtractOf(D("2023-06-30"), ImmutableArray.Create(Referral("A1", "A", "2022-06-15"))), Population(10_000, 2023));
        var (area, next) = (inputs.ForArea(), inputs.ForArea());

        Assert.Same(area.ReferralsByChild, area.ReferralsByChild);
        Assert.NotSame(area.ReferralsByChild, next.ReferralsByChild);
        Assert.Equal(area.ReferralsByChild["A"].AsEnumerable(), next.ReferralsByChild["A"].AsEnumerable());
        Assert.Same(inputs.Calendar, next.ForArea().Calendar);
    }

    [Fact]
    public void ReferralsRate_Month_IsAnnualisedCountPerTenThousand()
    {
        var june = Value("referrals_rate", "month", "2023-06-30");

        // 5 referrals x 365 / 30 days / 10,000 children x 10,000
        Assert.Equal((5.0, 10_000.0), (june.Numerator, june.Denominator));
        Assert.Equal(5.0 * 365 / 30, june.Value!.Value, 9);
    }

    [Fact]
    public void ReferralsRate_Rolling12Months_IsNotAnnualised()
    {
        // 1 July 2022 - 30 June 2023 leaves out A1 and B1: 6 referrals / 10,000 x 10,000 = 6
        var rolling = Value("referrals_rate", "rolling_12m", "2023-06-30");

        Assert.Equal((D("2022-07-01"), 6.0, 6.0), (rolling.PeriodStart, rolling.Numerator, rolling.Value));
    }

    [Fact]
    public void ReferralsRate_FinancialYearToDate_IsAnnualisedOverItsDays()
    {
        // 1 April - 30 June 2023 = 91 days, 6 referrals: 6 x 365 / 91
        var fytd = Value("referrals_rate", "fytd", "2023-06-30");

        Assert.Equal(6.0 * 365 / 91, fytd.Value!.Value, 9);
    }

    [Fact]
    public void ReferralsRepeatPct_June_CountsExactlyTwelveMonthsButNotSameDay()
    {
        var june = Value("referrals_repeat_pct", "month", "2023-06-30");

        // A2 and D2 of 5
        Assert.Equal((2.0, 5.0, 40.0), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void ReferralsRepeatPct_EmptyMonth_HasNoValueRatherThanZero()
    {
        var april = Value("referrals_repeat_pct", "month", "2023-04-30");

        Assert.Equal((0.0, 0.0, (double?)null, true), (april.Numerator, april.Denominator, april.Value, april.Available));
    }

    [Fact]
    public void ReferralsRepeatPct_June_DirectionUpIsBadBecauseLowerIsBetter()
    {
        // May: D1 has no earlier referral, 0 of 1 = 0%; June 40%: up, and lower is better.
        var june = Value("referrals_repeat_pct", "month", "2023-06-30");

        Assert.Equal(0.0, Value("referrals_repeat_pct", "month", "2023-05-31").Value);
        Assert.Equal(("up", (bool?)false), (june.Dot, june.DotGood));
    }

    [Fact]
    public void ReferralsRate_NoEpisodesTable_IsUnavailableWithTheReason()
    {
        var values = IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(D("2023-06-30"), ImmutableArray<Person>.Empty), Population(10_000, 2023)),
            [Catalogue.Find("referrals_rate")!]).Values;

        Assert.All(values, v => Assert.Equal((false, "ssd_cin_episodes not in the extract", (double?)null), (v.Available, v.UnavailableReason, v.Value)));
    }

    [Fact]
    public void ReferralsRate_NoPopulation_IsUnavailableNotZero()
    {
        var values = IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(D("2023-06-30"), ImmutableArray.Create(Referral("A1", "A", "2023-06-15"))), new()),
            [Catalogue.Find("referrals_rate")!]).Values;

        Assert.All(values, v => Assert.False(v.Available));
        Assert.Contains("no population", values[0].UnavailableReason);
    }

    [Fact]
    public void ReferralsRate_PopulationYearMissing_FallsBackToTheLatestEarlierYearWithAWarning()
    {
        var result = IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(D("2023-06-30"), ImmutableArray.Create(Referral("A1", "A", "2023-06-15"))), Population(20_000, 2021)),
            [Catalogue.Find("referrals_rate")!]);

        var june = result.Values.Single(v => v.PeriodType == "month" && v.PeriodEnd == D("2023-06-30"));
        Assert.Equal(20_000.0, june.Denominator);
        Assert.Contains(result.Warnings, w => w.Contains("used 2021", StringComparison.Ordinal));
    }
}
