using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Indicators;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

public class ChildProtectionIndicatorTests
{
    private static readonly DateOnly AsAt = D("2023-06-30");

    private static IndicatorValue Value(string id, string end, params object[] tables) =>
        IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(AsAt, tables), Population(10_000, 2023)), [Catalogue.Find(id)!]).Values
            .Single(v => v.PeriodType == "month" && v.PeriodEnd == D(end) && v.Breakdown == "");

    private static S47Enquiry S47(string id, string person, string start, string? end = null, OutcomeFlags? outcome = null) =>
        new(id, null, person, D(start), end is null ? null : D(end), null, outcome, null, null);

    private static InitialCpConference Icpc(string id, string person, string date, string? s47 = null, bool transferIn = false, string? team = null) =>
        new(id, null, s47, person, null, null, transferIn, null, D(date), null, null, team, null);

    private static CpVisit Visit(string id, string person, string date, bool? seen = true) => new(id, person, null, D(date), seen, null, null);

    private static CpReview Review(string id, string plan, string date, string? due = null) => new(id, null, plan, due is null ? null : D(due), D(date), null, null, null, null);

    [Fact]
    public void S47Rate_June_CountsStartsInTheMonthAnnualised()
    {
        // 1 and 30 June count; 31 May does not. 2 x 365 / 30 per 10,000.
        var june = Value("s47_rate", "2023-06-30", ImmutableArray.Create(S47("S1", "A", "2023-06-01"), S47("S2", "B", "2023-06-30"), S47("S3", "C", "2023-05-31")));

        Assert.Equal((2.0, 2.0 * 365 / 30), (june.Numerator, june.Value!.Value));
    }

    [Fact]
    public void S47ToIcpcPct_LinkedConferenceOrOutcomeFlag_Counts()
    {
        // Ending in June: S1 (an ICPC links to it), S2 (outcome CP_CONFERENCE_FLAG = Y), S3 (neither) -> 2 of 3.
        // S4 ended in May and does not count in June although an ICPC links to it.
        ValueParsersFlags("""{"CP_CONFERENCE_FLAG":"Y"}""", out var conference);
        var june = Value("s47_to_icpc_pct", "2023-06-30",
            ImmutableArray.Create(S47("S1", "A", "2023-06-01", "2023-06-10"), S47("S2", "B", "2023-06-01", "2023-06-20", conference),
                S47("S3", "C", "2023-06-01", "2023-06-25"), S47("S4", "D", "2023-04-01", "2023-05-01")),
            ImmutableArray.Create(Icpc("C1", "A", "2023-06-20", "S1", transferIn: true), Icpc("C4", "D", "2023-05-10", "S4")));

        Assert.Equal((2.0, 3.0), (june.Numerator, june.Denominator));
    }

    [Fact]
    public void IcpcRate_TransferInConferences_AreLeftOut()
    {
        var june = Value("icpc_rate", "2023-06-30", ImmutableArray.Create(Icpc("C1", "A", "2023-06-05"), Icpc("C2", "B", "2023-06-06", transferIn: true)));

        Assert.Equal(1.0, june.Numerator);
    }

    [Fact]
    public void Icpc15WdPct_FifteenthWorkingDayIsOnTimeSixteenthIsNot()
    {
        // Spec example: strategy discussion Mon 5 June 2023, 15th working day Mon 26 June. C1 on the 26th is on time,
        // C2 on the 27th (16 working days) is not. C3 is dated before its S47 and C4 has no S47: left out. C5 is a transfer-in.
        var june = Value("icpc_15wd_pct", "2023-06-30",
            ImmutableArray.Create(S47("S1", "A", "2023-06-05"), S47("S2", "B", "2023-06-05"), S47("S3", "C", "2023-06-20")),
            ImmutableArray.Create(Icpc("C1", "A", "2023-06-26", "S1"), Icpc("C2", "B", "2023-06-27", "S2"), Icpc("C3", "C", "2023-06-19", "S3"),
                Icpc("C4", "D", "2023-06-19"), Icpc("C5", "A", "2023-06-28", "S1", transferIn: true)));

        Assert.Equal((1.0, 2.0, 50.0), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void Icpc15WdPct_WindowCrossingEarlyMayAndTheCoronationHoliday_CountsOnlyWorkingDays()
    {
        // S47 Fri 28 April 2023. Mon 1 May (early May) and Mon 8 May (coronation, a one-off) are bank holidays:
        // working days 2-5 May (4), 9-12 (8), 15-19 (13), 22 (14), 23 (15). The ICPC on 23 May is on time; 24 May is not.
        var may = Value("icpc_15wd_pct", "2023-05-31",
            ImmutableArray.Create(S47("S1", "A", "2023-04-28"), S47("S2", "B", "2023-04-28")),
            ImmutableArray.Create(Icpc("C1", "A", "2023-05-23", "S1"), Icpc("C2", "B", "2023-05-24", "S2")));

        Assert.Equal((1.0, 2.0), (may.Numerator, may.Denominator));
    }

    [Fact]
    public void Icpc15WdPct_ByTeam_SplitsByConferenceTeam()
    {
        var values = IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(AsAt,
            ImmutableArray.Create(S47("S1", "A", "2023-06-05"), S47("S2", "B", "2023-06-05")),
            ImmutableArray.Create(Icpc("C1", "A", "2023-06-26", "S1", team: "T1"), Icpc("C2", "B", "2023-06-27", "S2", team: "T2")),
            ImmutableArray.Create(new Department("T1", "Assessment Team 1", null, null))), Population(10_000, 2023)),
            [Catalogue.Find("icpc_15wd_pct")!]).Values.Where(v => v.PeriodType == "month" && v.PeriodEnd == AsAt).ToList();

        Assert.Equal(100.0, values.Single(v => v.Breakdown == "team" && v.BreakdownValue == "Assessment Team 1").Value);
        Assert.Equal(0.0, values.Single(v => v.Breakdown == "team" && v.BreakdownValue == "T2").Value);
    }

    [Fact]
    public void CpCount_PlanEndingOnThePeriodEndOlaAndOverlaps_CountedAsTheSpecSays()
    {
        // P1 open; P2's plan ends on 30 June so is not open that day; P3's plan is another council's (OLA);
        // P4 has two overlapping plans and is one child. 2 children.
        object[] plans = [ImmutableArray.Create(CpPlan("CP1", "P1", "2023-01-01"), CpPlan("CP2", "P2", "2023-01-01", "2023-06-30"),
            CpPlan("CP3", "P3", "2023-01-01", ola: true), CpPlan("CP4", "P4", "2023-01-01"), CpPlan("CP5", "P4", "2023-03-01"))];

        Assert.Equal(2.0, Value("cp_count", "2023-06-30", plans).Value);
        Assert.Equal(2.0, Value("cp_rate", "2023-06-30", plans).Value);
        Assert.Equal(3.0, Value("cp_count", "2023-05-31", plans).Value);
    }

    [Fact]
    public void CpStartsRate_OlaPlansAreNotThisCouncils()
    {
        var june = Value("cp_starts_rate", "2023-06-30", ImmutableArray.Create(CpPlan("CP1", "P1", "2023-06-01"), CpPlan("CP2", "P2", "2023-06-01", ola: true)));

        Assert.Equal(1.0, june.Numerator);
    }

    [Fact]
    public void CpSecondPlanPct_EarlierOwnPlanCountsOlaDoesNot()
    {
        // A: a plan in 2015 then one on 10 June - second. B: an OLA plan in 2020 then one on 15 June - first with this council.
        // C: first plan on 20 June. 1 of 3.
        var june = Value("cp_second_plan_pct", "2023-06-30", ImmutableArray.Create(
            CpPlan("A1", "A", "2015-01-01", "2015-09-01"), CpPlan("A2", "A", "2023-06-10"),
            CpPlan("B1", "B", "2020-01-01", "2020-09-01", ola: true), CpPlan("B2", "B", "2023-06-15"),
            CpPlan("C1", "C", "2023-06-20")));

        Assert.Equal((1.0, 3.0), (june.Numerator, june.Denominator));
    }

    [Fact]
    public void Cp2YrsPct_ExactlyTwoYearsCountsOneDayShortDoesNot()
    {
        var june = Value("cp_2yrs_pct", "2023-06-30", ImmutableArray.Create(
            CpPlan("CP1", "A", "2021-06-10", "2023-06-10"), CpPlan("CP2", "B", "2021-06-11", "2023-06-10"), CpPlan("CP3", "C", "2023-06-20", "2023-06-01")));

        Assert.Equal((1.0, 2.0), (june.Numerator, june.Denominator));
    }

    [Fact]
    public void CpVisitsTimelyPct_FifteenWorkingDaysBeforeThePeriodEnd()
    {
        // d = Fri 30 June 2023, N = 15. A: plan since January, seen Fri 9 June: WD(9 June, 30 June) = 15 -> visited.
        // B: plan started 20 June, WD = 8 < 15 -> not yet due. C: seen Thu 8 June (16 working days); a visit on 29 June
        // where the child was not seen does not count -> due, not visited. 1 of 2.
        var june = Value("cp_visits_timely_pct", "2023-06-30",
            ImmutableArray.Create(CpPlan("CP1", "A", "2023-01-01"), CpPlan("CP2", "B", "2023-06-20"), CpPlan("CP3", "C", "2023-01-01")),
            ImmutableArray.Create(Visit("V1", "A", "2023-06-09"), Visit("V2", "C", "2023-06-08"), Visit("V3", "C", "2023-06-29", seen: false)));

        Assert.Equal((1.0, 2.0, 50.0), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void CpVisitsTimelyPct_NoVisitsTable_IsUnavailable()
    {
        var june = Value("cp_visits_timely_pct", "2023-06-30", ImmutableArray.Create(CpPlan("CP1", "A", "2023-01-01")));

        Assert.Equal((false, "ssd_cp_visits not in the extract"), (june.Available, june.UnavailableReason));
    }

    [Fact]
    public void CpReviewsTimelyPct_DueDatesGivenOrDerived()
    {
        // CP1 started 1 March: its first review on 1 June has no due date, so due = start + 3 months = 1 June -> on time.
        // CP2 started 1 Dec: reviews 1 March (due given 1 March, on time, but in March) and 2 June (no due: previous
        // review + 6 months = 1 Sept -> on time). CP3: due 10 June, held 12 June -> late. June: 2 of 3.
        var june = Value("cp_reviews_timely_pct", "2023-06-30",
            ImmutableArray.Create(CpPlan("CP1", "A", "2023-03-01"), CpPlan("CP2", "B", "2022-12-01"), CpPlan("CP3", "C", "2023-01-01")),
            ImmutableArray.Create(Review("R1", "CP1", "2023-06-01"), Review("R2", "CP2", "2023-03-01", "2023-03-01"), Review("R3", "CP2", "2023-06-02"),
                Review("R4", "CP3", "2023-06-12", "2023-06-10")));

        Assert.Equal((2.0, 3.0), (june.Numerator, june.Denominator));
    }

    private static void ValueParsersFlags(string json, out OutcomeFlags flags) => Pipeline.Ingest.ValueParsers.TryOutcomeFlags(json, out flags);
}
