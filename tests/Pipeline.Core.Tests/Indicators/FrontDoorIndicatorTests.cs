using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Indicators;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

public class FrontDoorIndicatorTests
{
    private static IndicatorValue Value(string id, string end, params object[] tables) =>
        IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(D("2023-09-30"), tables), Population(10_000, 2023)), [Catalogue.Find(id)!]).Values
            .Single(v => v.PeriodType == "month" && v.PeriodEnd == D(end) && v.Breakdown == "");

    private static Assessment Assessment(string id, string start, string? auth, bool? nfa = null, string? team = null) =>
        new(id, "P1", null, D(start), null, auth is null ? null : D(auth), null, nfa, team, null);

    [Fact]
    public void ContactsRate_September_AnnualisedOverThirtyDays()
    {
        // 3 contacts in September (30 days): 3 x 365 / 30 per 10,000 children; the one on 1 October is after the month.
        var contacts = ImmutableArray.Create(
            new Contact("C1", "P1", D("2023-09-01"), null, null), new Contact("C2", "P2", D("2023-09-30"), null, null),
            new Contact("C3", "P3", D("2023-09-15"), null, null), new Contact("C4", "P3", D("2023-08-31"), null, null));

        Assert.Equal(3.0 * 365 / 30, Value("contacts_rate", "2023-09-30", contacts).Value!.Value, 9);
    }

    [Fact]
    public void ReferralsNfaPct_EmptyFlagCountsInTheDenominatorOnly()
    {
        // R1 NFA = Y, R2 NFA = N, R3 flag empty: 1 of 3.
        var referrals = ImmutableArray.Create(
            Referral("R1", "A", "2023-09-01") with { ReferralNfa = true }, Referral("R2", "B", "2023-09-02"), Referral("R3", "C", "2023-09-03") with { ReferralNfa = null });

        var september = Value("referrals_nfa_pct", "2023-09-30", referrals);

        Assert.Equal((1.0, 3.0), (september.Numerator, september.Denominator));
    }

    [Fact]
    public void AssessmentsRate_CountsAuthorisationsNotStarts()
    {
        // A1 started in August and authorised in September counts; A2 started in September, not yet authorised, does not.
        var september = Value("assessments_rate", "2023-09-30",
            ImmutableArray.Create(Assessment("A1", "2023-08-20", "2023-09-05"), Assessment("A2", "2023-09-10", null)));

        Assert.Equal(1.0, september.Numerator);
    }

    [Fact]
    public void Assessments45WdPct_FortyFiveWorkingDaysIsOnTimeFortySixIsNot()
    {
        // Start Mon 24 July 2023; Mon 28 August is a bank holiday, so the 45th working day is Tue 26 September.
        // A1 authorised 26 Sept (45) on time; A2 27 Sept (46) late; A3 authorised before it started and A4 with no start
        // are data-quality issues left out of both numerator and denominator. 1 of 2.
        var september = Value("assessments_45wd_pct", "2023-09-30", ImmutableArray.Create(
            Assessment("A1", "2023-07-24", "2023-09-26", team: "T1"), Assessment("A2", "2023-07-24", "2023-09-27", team: "T2"),
            Assessment("A3", "2023-09-20", "2023-09-10"),
            new Assessment("A4", "P1", null, null, null, D("2023-09-12"), null, null, null, null)));

        Assert.Equal((1.0, 2.0, 50.0), (september.Numerator, september.Denominator, september.Value));
    }

    [Fact]
    public void AssessmentsNfaPct_AmongThoseAuthorisedInThePeriod()
    {
        var september = Value("assessments_nfa_pct", "2023-09-30", ImmutableArray.Create(
            Assessment("A1", "2023-09-01", "2023-09-05", nfa: true), Assessment("A2", "2023-09-01", "2023-09-06", nfa: false),
            Assessment("A3", "2023-09-01", "2023-09-07"), Assessment("A4", "2023-08-01", "2023-08-10", nfa: true)));

        Assert.Equal((1.0, 3.0), (september.Numerator, september.Denominator));
    }

    [Fact]
    public void AssessmentsOverdueCount_OpenAtPeriodEndAndPastFortyFiveWorkingDays()
    {
        // Period end Sat 30 Sept 2023; an open assessment is overdue when WD(start, 30 Sept) > 45.
        // A1: started 24 July: the 45th working day is 26 Sept, then 27, 28 and 29 Sept -> WD = 48, open -> overdue.
        // A2: started 25 August: WD = 24 -> not overdue. A3: started 24 July but authorised 29 Sept -> not open at period end.
        // A4: started 24 July, authorised 2 October (after the period end) -> still open at 30 Sept -> overdue.
        var september = Value("assessments_overdue_count", "2023-09-30", ImmutableArray.Create(
            Assessment("A1", "2023-07-24", null), Assessment("A2", "2023-08-25", null),
            Assessment("A3", "2023-07-24", "2023-09-29"), Assessment("A4", "2023-07-24", "2023-10-02")));

        Assert.Equal(2.0, september.Value);
    }
}
