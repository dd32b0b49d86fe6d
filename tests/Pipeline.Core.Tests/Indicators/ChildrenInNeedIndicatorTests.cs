using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Indicators;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

public class ChildrenInNeedIndicatorTests
{
    private static IndicatorValue Value(string id, string end, params object[] tables) =>
        IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(D("2023-06-30"), tables), Population(10_000, 2023)), [Catalogue.Find(id)!]).Values
            .Single(v => v.PeriodType == "month" && v.PeriodEnd == D(end) && v.Breakdown == "");

    private static CinPlan Plan(string id, string person, string start, string? end = null) => new(id, null, person, D(start), end is null ? null : D(end), null, null);

    private static CinVisit Visit(string id, string person, string date, bool? seen = true) => new(id, person, D(date), seen, null, null);

    [Fact]
    public void CinRate_DistinctChildrenOpenAtPeriodEnd()
    {
        // A has two open episodes (one child); B's closes on 30 June (not open that day). 1 child per 10,000.
        var june = Value("cin_rate", "2023-06-30", ImmutableArray.Create(
            Referral("R1", "A", "2023-01-01"), Referral("R2", "A", "2023-03-01"), Referral("R3", "B", "2023-01-01", closed: "2023-06-30")));

        Assert.Equal((1.0, 10_000.0, 1.0), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void CinPlanCount_PlanEndingOnThePeriodEnd_IsNotOpen()
    {
        var june = Value("cin_plan_count", "2023-06-30", ImmutableArray.Create(Plan("P1", "A", "2023-01-01"), Plan("P2", "B", "2023-01-01", "2023-06-30")));

        Assert.Equal(1.0, june.Value);
    }

    [Fact]
    public void CinPlanCount_EachMonthEnd_CountsAChildOnceWhateverItsPlansOverlap()
    {
        // A: P1 15 Jan to 31 Mar (closed on 31 March itself), P2 from 1 Feb, open. B: P3 28 Feb (open on its first day) to 15 May.
        // C: P4 starts and ends on 31 May, so is open on no day. Month ends:
        //   31 Jan: A (P1)                       = 1
        //   28 Feb: A (P1 and P2, once), B (P3)   = 2
        //   31 Mar: A (P2; P1 closed that day), B = 2
        //   30 Apr: A, B                          = 2
        //   31 May: A (B closed 15 May; C never)  = 1
        //   30 Jun: A                             = 1
        var plans = ImmutableArray.Create(Plan("P1", "A", "2023-01-15", "2023-03-31"), Plan("P2", "A", "2023-02-01"),
            Plan("P3", "B", "2023-02-28", "2023-05-15"), Plan("P4", "C", "2023-05-31", "2023-05-31"));

        var counts = new[] { "2023-01-31", "2023-02-28", "2023-03-31", "2023-04-30", "2023-05-31", "2023-06-30" }
            .Select(end => Value("cin_plan_count", end, plans).Value);

        Assert.Equal([1.0, 2.0, 2.0, 2.0, 1.0, 1.0], counts);
    }

    [Fact]
    public void CinVisitsTimelyPct_TwentyEightDayWindowBothEnds()
    {
        // d = 30 June, N = 28. A: plan from 2 June (28 days before: due), seen 2 June (28 days before: in time).
        // B: plan from 3 June (27 days): not yet due. C: plan since January, last seen 1 June (29 days): late. 1 of 2.
        var june = Value("cin_visits_timely_pct", "2023-06-30",
            ImmutableArray.Create(Plan("P1", "A", "2023-06-02"), Plan("P2", "B", "2023-06-03"), Plan("P3", "C", "2023-01-01")),
            ImmutableArray.Create(Visit("V1", "A", "2023-06-02"), Visit("V2", "C", "2023-06-01"), Visit("V3", "C", "2023-06-20", seen: false)));

        Assert.Equal((1.0, 2.0), (june.Numerator, june.Denominator));
    }

    [Fact]
    public void CinVisitsTimelyPct_NoChildDue_HasNoValue()
    {
        // A's plan started 10 days before d: not yet due. (A visit elsewhere keeps ssd_cin_visits from being empty, which would
        // make the indicator unavailable rather than valueless.)
        var june = Value("cin_visits_timely_pct", "2023-06-30", ImmutableArray.Create(Plan("P1", "A", "2023-06-20")), ImmutableArray.Create(Visit("V1", "B", "2023-06-01")));

        Assert.Equal((0.0, 0.0, (double?)null), (june.Numerator, june.Denominator, june.Value));
    }
}
