using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Indicators;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

public class LookedAfterIndicatorTests
{
    private static readonly DateOnly AsAt = D("2023-06-30");

    private static readonly ImmutableArray<LegalStatus> NoLegalStatuses = [];

    // ---- Legal status (the domain API every CLA indicator stands on; periods of care: Domain/PeriodsOfCareTests) ----

    [Fact]
    public void PeriodsOfCareLegalStatusAt_SeveralOpen_LatestStartingWinsAndAnEndDayIsClosed()
    {
        // 5 March: C1 (from 1 Jan) and V3 (from 1 March) are open; V3 started later, so the child is on a short break.
        // 10 March: V3 ended that day, so only C1 is open.
        ImmutableArray<LegalStatus> statuses = [Legal("L1", "A", "C1", "2023-01-01"), Legal("L2", "A", "V3", "2023-03-01", "2023-03-10")];

        Assert.Equal("V3", PeriodsOfCare.LegalStatusAt(statuses, D("2023-03-05"))?.Code);
        Assert.Equal("C1", PeriodsOfCare.LegalStatusAt(statuses, D("2023-03-10"))?.Code);
        Assert.Null(PeriodsOfCare.LegalStatusAt(statuses, D("2022-12-31")));

        // A start on 1 March takes V3 as its legal status: a short break, not a CLA start.
        var care = PeriodsOfCare.Build("A", [Episode("E1", "A", "2023-03-01", "2023-03-10")], statuses);
        Assert.True(care.Starts.Single().IsShortBreak);
    }

    // ---- cla_count, cla_rate ----

    // as_at 30 June 2023.
    //   A  episode from 1 Jan, open; legal status C2                      looked after at 31 May and 30 June
    //   B  episode 1 March - 30 June (ceases on the period end)           looked after at 31 May only: not open on 30 June
    //   C  episode from 1 Feb, open; legal status V3 (short break)        never looked after
    //   D  episodes 1 Feb - 10 April and 10 April - open (back to back)   one child, counted once
    //   E  episode from 15 May, open; no legal status row at all          looked after (unknown is not a short break)
    //   F  episode from 2022, open; V3 until 1 June 2023, then C2         looked after at 30 June, not at 31 May
    //   G  episode from 15 June, open                                     looked after at 30 June only
    // 30 June: A, D, E, F, G = 5. 31 May: A, B, D, E = 4.
    private static readonly object[] CountTables =
    [
        ImmutableArray.Create(Episode("A1", "A", "2023-01-01"), Episode("B1", "B", "2023-03-01", "2023-06-30"), Episode("C1", "C", "2023-02-01"),
            Episode("D1", "D", "2023-02-01", "2023-04-10"), Episode("D2", "D", "2023-04-10"), Episode("E1", "E", "2023-05-15"),
            Episode("F1", "F", "2022-01-01"), Episode("G1", "G", "2023-06-15")),
        ImmutableArray.Create(Legal("LA", "A", "C2", "2023-01-01"), Legal("LC", "C", "V3", "2023-02-01"),
            Legal("LF1", "F", "V3", "2022-01-01", "2023-06-01"), Legal("LF2", "F", "C2", "2023-06-01")),
    ];

    [Fact]
    public void ClaCount_EndOnPeriodEndShortBreakAndBackToBack_CountedAsTheSpecSays()
    {
        var june = Value("cla_count", "2023-06-30", CountTables);

        Assert.Equal((5.0, (double?)null, 5.0), (june.Numerator, june.Denominator, june.Value));
        Assert.Equal(4.0, Value("cla_count", "2023-05-31", CountTables).Value);
    }

    [Fact]
    public void ClaRate_June_IsDistinctChildrenPerTenThousandNotAnnualised()
    {
        // 5 children / 10,000 x 10,000 = 5; a point-in-time rate is never annualised.
        var june = Value("cla_rate", "2023-06-30", CountTables);

        Assert.Equal((5.0, 10_000.0, 5.0), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void ClaCount_NoLegalStatusTable_NoChildIsOnAShortBreak()
    {
        // Spec: without ssd_legal_status no episode is a short break, so the open episode counts.
        var june = Value("cla_count", "2023-06-30", ImmutableArray.Create(Episode("A1", "A", "2023-01-01")));

        Assert.Equal((true, 1.0), (june.Available, june.Value));
    }

    // ---- cla_starts_rate, cla_ends_rate ----

    // April 2023 (30 days), population 10,000.
    //   D  1 Feb - 10 April (X1), 10 April - open (P)   one period from February: no start and no end in April
    //   F  5 Jan - 18 April, 20 April - open      a day's gap: period 1 ends 18 April, period 2 starts 20 April
    //   G  5 - 7 April, legal status V3           a short break: neither a start nor an end
    //   H  30 April - open                        starts on the last day of April
    //   J  2 - 5 April, 10 April - open           two periods: two starts (a child starting twice counts twice), one end
    //   K  1 March - 1 May                        ends in May, not April
    //   L  31 March - 30 April                    ends on the last day of April
    // Starts in April: F2, H, J1, J2 = 4. Ends in April: F1, J1, L = 3.
    private static readonly object[] FlowTables =
    [
        ImmutableArray.Create(Episode("D1", "D", "2023-02-01", "2023-04-10", rec: "X1"), Episode("D2", "D", "2023-04-10", rne: "P"),
            Episode("F1", "F", "2023-01-05", "2023-04-18"), Episode("F2", "F", "2023-04-20"),
            Episode("G1", "G", "2023-04-05", "2023-04-07"), Episode("H1", "H", "2023-04-30"),
            Episode("J1", "J", "2023-04-02", "2023-04-05"), Episode("J2", "J", "2023-04-10"),
            Episode("K1", "K", "2023-03-01", "2023-05-01"), Episode("L1", "L", "2023-03-31", "2023-04-30")),
        ImmutableArray.Create(Legal("LG", "G", "V3", "2023-04-05", "2023-04-07")),
    ];

    [Fact]
    public void ClaStartsRate_April_BackToBackEpisodesAreOneStartAndShortBreaksAreLeftOut()
    {
        // 4 starts x 365 / 30 days / 10,000 x 10,000
        var april = Value("cla_starts_rate", "2023-04-30", FlowTables);

        Assert.Equal(4.0, april.Numerator);
        Assert.Equal(4.0 * 365 / 30, april.Value!.Value, 9);
    }

    [Fact]
    public void ClaEndsRate_April_OnlyTheLastEpisodeOfAPeriodEndsIt()
    {
        // 3 ends x 365 / 30; D1 ceasing on 10 April is not an end: its reason ceased is X1, and D2 starts that day.
        var april = Value("cla_ends_rate", "2023-04-30", FlowTables);

        Assert.Equal(3.0, april.Numerator);
        Assert.Equal(3.0 * 365 / 30, april.Value!.Value, 9);
    }

    // ---- cla_3plus_placements_pct ----

    [Fact]
    public void Cla3PlusPlacementsPct_A3ContinuationWindowEdgeClaIdLinkAndShortBreaks_CountedAsTheSpecSays()
    {
        // d = 30 June 2023; the 12 months ending at d run 1 July 2022 - 30 June 2023. Every child in care from 1 Jan 2022.
        //   P1  three placements, all open in the window                                   3 -> numerator
        //   P2  U4, U4, then A3 starting on the day the second ended: one continued placement 2 -> not
        //   P3  the first placement ended on 1 July 2022, so was never open in the window     2 -> not
        //   P4  three placements reaching the child only through clap_cla_id = clae_cla_id     3 -> numerator
        //   P5  A5 starting three days after the previous ended: a new placement              3 -> numerator
        //   P6  three placements, but the episode ceased on 30 June: not looked after         not in the denominator
        //   P7  two placements begun while the legal status was V3 (short breaks), then one   1 -> not
        // 3 of 6 = 50%.
        var june = Value("cla_3plus_placements_pct", "2023-06-30",
            ImmutableArray.Create(Episode("P1E", "P1", "2022-01-01"), Episode("P2E", "P2", "2022-01-01"), Episode("P3E", "P3", "2022-01-01"),
                Episode("P4E", "P4", "2022-01-01", claId: "P4C"), Episode("P5E", "P5", "2022-01-01"),
                Episode("P6E", "P6", "2022-01-01", "2023-06-30"), Episode("P7E", "P7", "2022-01-01")),
            ImmutableArray.Create(Legal("L7a", "P7", "V3", "2022-03-01", "2022-09-01"), Legal("L7b", "P7", "C2", "2022-09-01")),
            ImmutableArray.Create(
                Placement("P1a", "P1", "2022-01-01", "2022-08-01"), Placement("P1b", "P1", "2022-08-01", "2023-01-01"), Placement("P1c", "P1", "2023-01-01"),
                Placement("P2a", "P2", "2022-01-01", "2022-12-01", "U4"), Placement("P2b", "P2", "2022-12-01", "2023-03-01", "U4"),
                Placement("P2c", "P2", "2023-03-01", type: "A3"),
                Placement("P3a", "P3", "2022-01-01", "2022-07-01"), Placement("P3b", "P3", "2022-07-01", "2023-01-01"), Placement("P3c", "P3", "2023-01-01"),
                Placement("P4a", null, "2022-09-01", "2022-10-01", claId: "P4C"), Placement("P4b", null, "2022-10-01", "2022-11-01", claId: "P4C"),
                Placement("P4c", null, "2022-11-01", claId: "P4C"),
                Placement("P5a", "P5", "2022-06-01", "2022-10-01"), Placement("P5b", "P5", "2022-10-01", "2023-02-01"), Placement("P5c", "P5", "2023-02-04", type: "A5"),
                Placement("P6a", "P6", "2022-08-01", "2022-09-01"), Placement("P6b", "P6", "2022-09-01", "2022-10-01"), Placement("P6c", "P6", "2022-10-01", "2023-06-30"),
                Placement("P7a", "P7", "2022-08-01", "2022-08-03"), Placement("P7b", "P7", "2022-08-10", "2022-08-12"), Placement("P7c", "P7", "2022-09-01")));

        Assert.Equal((3.0, 6.0, 50.0), (june.Numerator, june.Denominator, june.Value));
    }

    // ---- cla_health_assessment_pct ----

    [Fact]
    public void ClaHealthAssessmentPct_UnderFiveSixMonthsAndTwelveMonthBoundaries_CountedAsTheSpecSays()
    {
        // d = 30 June 2023: 12 months before = 30 June 2022, 6 months before = 30 Dec 2022 (both days count).
        //   H1  age 10, in care since 2021; assessed 30 June 2022 (exactly 12 months)                     numerator
        //   H2  age 10, in care since 2021; assessed 29 June 2022 (a day too early)                       denominator only
        //   H3  age 3, in care since Jan 2022; assessed 29 Dec 2022: more than 6 months for an under-5    denominator only
        //   H4  age 3, in care since 30 June 2022 (exactly 12 months: due); assessed 30 Dec 2022           numerator
        //   H5  in care since 1 July 2022: not yet 12 months, not in the denominator
        //   H6  age 10; only a dental check and a refused assessment in the year                          denominator only
        //   H7  age 10; an initial health assessment on 1 Jan 2023 with an empty status                    numerator
        //   H8  turns 5 on 30 June 2023, so is held to 12 months; assessed 1 Sept 2022                      numerator
        // 4 of 7.
        var june = Value("cla_health_assessment_pct", "2023-06-30",
            ImmutableArray.Create(Person("H1", D("2013-01-01")), Person("H2", D("2013-01-01")), Person("H3", D("2020-01-01")), Person("H4", D("2020-01-01")),
                Person("H5", D("2013-01-01")), Person("H6", D("2013-01-01")), Person("H7", D("2013-01-01")), Person("H8", D("2018-06-30"))),
            ImmutableArray.Create(Episode("H1E", "H1", "2021-01-01"), Episode("H2E", "H2", "2021-01-01"), Episode("H3E", "H3", "2022-01-01"),
                Episode("H4E", "H4", "2022-06-30"), Episode("H5E", "H5", "2022-07-01"), Episode("H6E", "H6", "2021-01-01"),
                Episode("H7E", "H7", "2021-01-01"), Episode("H8E", "H8", "2021-01-01")),
            NoLegalStatuses,
            ImmutableArray.Create(Health("C1", "H1", "2022-06-30"), Health("C2", "H2", "2022-06-29"), Health("C3", "H3", "2022-12-29"),
                Health("C4", "H4", "2022-12-30"), Health("C5", "H5", "2023-01-01"),
                Health("C6a", "H6", "2023-05-01", "Dental Check"), Health("C6b", "H6", "2023-05-01", status: "Refused"),
                Health("C7", "H7", "2023-01-01", "Initial Health Assessment", status: null), Health("C8", "H8", "2022-09-01")));

        Assert.Equal((4.0, 7.0), (june.Numerator, june.Denominator));
        Assert.Equal(100.0 * 4 / 7, june.Value!.Value, 9);
    }

    [Fact]
    public void ClaHealthAssessmentPct_NoHealthTable_IsUnavailableWithTheReason()
    {
        var june = Value("cla_health_assessment_pct", "2023-06-30", ImmutableArray.Create(Person("H1", D("2013-01-01"))),
            ImmutableArray.Create(Episode("H1E", "H1", "2021-01-01")), NoLegalStatuses);

        Assert.Equal((false, "ssd_cla_health not in the extract", (double?)null), (june.Available, june.UnavailableReason, june.Value));
    }

    // ---- cla_visits_timely_pct ----

    [Fact]
    public void ClaVisitsTimelyPct_42Versus43DaysAnd84AfterTwelveMonths_CountedAsTheSpecSays()
    {
        // d = 30 June 2023. 42 days before = 19 May, 84 days before = 7 April; 12 months before = 30 June 2022.
        //   V1   in care since Jan 2023; visited 19 May (42 days)                                   numerator
        //   V2   in care since Jan 2023; visited 18 May (43 days)                                   denominator only
        //   V3   in care since 30 June 2022 (12 months: 84-day standard); visited 7 April (84 days)  numerator
        //   V4   in care since 30 June 2022; visited 6 April (85 days)                              denominator only
        //   V5   in care since 1 July 2022 (not yet 12 months: 42 days); visited 7 April              denominator only
        //   V6   in care since 24 June (6 days): not yet due, not in the denominator
        //   V7   in care since 23 June (7 days): due; visited that day                                numerator
        //   V8   new period from 1 June after a gap; the 20 May visit was in the previous period       denominator only
        //   V9   in care since Jan 2023; visited 20 June but not seen                                  denominator only
        //   V10  in care since Jan 2023; a visit on 1 June found only through clav_cla_id             numerator
        // 4 of 9.
        var june = Value("cla_visits_timely_pct", "2023-06-30",
            ImmutableArray.Create(Episode("V1E", "V1", "2023-01-01"), Episode("V2E", "V2", "2023-01-01"), Episode("V3E", "V3", "2022-06-30"),
                Episode("V4E", "V4", "2022-06-30"), Episode("V5E", "V5", "2022-07-01"), Episode("V6E", "V6", "2023-06-24"),
                Episode("V7E", "V7", "2023-06-23"), Episode("V8a", "V8", "2023-01-01", "2023-05-25"), Episode("V8b", "V8", "2023-06-01"),
                Episode("V9E", "V9", "2023-01-01"), Episode("V10E", "V10", "2023-01-01", claId: "V10C")),
            NoLegalStatuses,
            ImmutableArray.Create(Visit("W1", "V1", "2023-05-19"), Visit("W2", "V2", "2023-05-18"), Visit("W3", "V3", "2023-04-07"),
                Visit("W4", "V4", "2023-04-06"), Visit("W5", "V5", "2023-04-07"), Visit("W6", "V6", "2023-06-25"), Visit("W7", "V7", "2023-06-23"),
                Visit("W8", "V8", "2023-05-20"), Visit("W9", "V9", "2023-06-20", seen: false), Visit("W10", null, "2023-06-01", claId: "V10C")));

        Assert.Equal((4.0, 9.0), (june.Numerator, june.Denominator));
        Assert.Equal(100.0 * 4 / 9, june.Value!.Value, 9);
    }

    [Fact]
    public void ClaVisitsTimelyPct_ByTeam_TeamOfTheAllocatedWorkerOpenAtThePeriodEnd()
    {
        // d = 30 June 2023; all three in care since January.
        //   A  visited 1 June; allocated worker in T1 (role spelt in lower case: roles compare case-insensitively)
        //   B  not visited; the T1 allocation ended on 30 June (closed that day) and a T2 one began that day -> T2
        //   C  visited 10 June; only a family-support involvement in T1, no allocation -> council-wide figure only
        // Council: 2 of 3. T1: 1 of 1. T2: 0 of 1.
        var values = IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(AsAt,
                ImmutableArray.Create(Episode("AE", "A", "2023-01-01"), Episode("BE", "B", "2023-01-01"), Episode("CE", "C", "2023-01-01")),
                NoLegalStatuses,
                ImmutableArray.Create(Visit("W1", "A", "2023-06-01"), Visit("W2", "C", "2023-06-10")),
                ImmutableArray.Create(Allocation("I1", "A", "T1", "2023-01-01", role: "allocated_case_worker"),
                    Allocation("I2", "B", "T1", "2023-01-01", "2023-06-30"), Allocation("I3", "B", "T2", "2023-06-30"),
                    Allocation("I4", "C", "T1", "2023-01-01", role: "FAMILY_SUPPORT"))), Population(10_000, 2023)),
            [Catalogue.Find("cla_visits_timely_pct")!]).Values.Where(v => v.PeriodType == "month" && v.PeriodEnd == AsAt).ToList();

        var council = values.Single(v => v.Breakdown == "");
        Assert.Equal((2.0, 3.0), (council.Numerator, council.Denominator));
        Assert.Equal((1.0, 1.0, 100.0), Row(values.Single(v => v.Breakdown == "team" && v.BreakdownValue == "T1")));
        Assert.Equal((0.0, 1.0, 0.0), Row(values.Single(v => v.Breakdown == "team" && v.BreakdownValue == "T2")));
        Assert.Equal(2, values.Count(v => v.Breakdown == "team"));

        static (double?, double?, double?) Row(IndicatorValue v) => (v.Numerator, v.Denominator, v.Value);
    }

    [Fact]
    public void ClaVisitsTimelyPct_NobodyLookedAfter_HasNoValueRatherThanZero()
    {
        // The only child's episode ceased on 30 June: no one is due a visit, 0 of 0 is no value.
        var june = Value("cla_visits_timely_pct", "2023-06-30",
            ImmutableArray.Create(Episode("AE", "A", "2023-01-01", "2023-06-30")), NoLegalStatuses, ImmutableArray.Create(Visit("W1", "A", "2023-06-01")));

        Assert.Equal((0.0, 0.0, (double?)null, true), (june.Numerator, june.Denominator, june.Value, june.Available));
    }

    // ---- cla_reviews_timely_pct ----

    // as_at 31 Oct 2023. Periods starting Fri 24 March 2023 have their 20th working day on Tue 25 April: Good Friday
    // (7 April) and Easter Monday (10 April) are bank holidays, so 27-31 March (5), 3-6 April (9), 11-14 (13), 17-21 (18),
    // 24 (19), 25 (20). Without the holidays the 20th would be Fri 21 April.
    //   A  from 24 March (clar_cla_id AC): a cancelled review on 20 April (not held: neither counted nor the first);
    //      R1 25 April, first, WD = 20 -> on time; R2 26 July, second, due R1 + 3 months = 25 July -> late;
    //      R3 20 Oct, third, due R2 + 6 months = 26 Jan 2024 -> on time
    //   B  from 24 March: first review 26 April, WD = 21 -> late
    //   C  from 1 March: review 20 April with clar_cla_review_due_date 21 April -> on time (the given due date wins,
    //      though 20 April is past the 20th working day after 1 March)
    //   D  from 24 March on a V3 legal status (short break): its review on 20 April is left out
    //   Z  a review whose clar_cla_id matches no episode: left out
    // April: A.R1, C on time, B late = 2 of 3. July: 0 of 1. October: 1 of 1. June: no reviews, no value.
    private static readonly object[] ReviewTables =
    [
        ImmutableArray.Create(Episode("AE", "A", "2023-03-24", claId: "AC"), Episode("BE", "B", "2023-03-24", claId: "BC"),
            Episode("CE", "C", "2023-03-01", claId: "CC"), Episode("DE", "D", "2023-03-24", claId: "DC")),
        ImmutableArray.Create(Legal("LD", "D", "V3", "2023-03-24")),
        ImmutableArray.Create(Review("AX", "AC", "2023-04-20", cancelled: true), Review("A1", "AC", "2023-04-25"), Review("A2", "AC", "2023-07-26"),
            Review("A3", "AC", "2023-10-20"), Review("B1", "BC", "2023-04-26"), Review("C1", "CC", "2023-04-20", due: "2023-04-21"),
            Review("D1", "DC", "2023-04-20"), Review("Z1", "ZZ", "2023-04-20")),
    ];

    [Fact]
    public void ClaReviewsTimelyPct_FirstReviewDueTwentyWorkingDaysAfterStartAcrossEaster()
    {
        var april = Value("cla_reviews_timely_pct", "2023-04-30", D("2023-10-31"), ReviewTables);

        Assert.Equal(D("2023-04-25"), new WorkingDayCalendar(BankHolidays.Default).AddWorkingDays(D("2023-03-24"), 20));
        Assert.Equal((2.0, 3.0), (april.Numerator, april.Denominator));
    }

    [Fact]
    public void ClaReviewsTimelyPct_SecondDueThreeMonthsAfterFirstThenSixMonthly()
    {
        Assert.Equal((0.0, 1.0, 0.0), Row(Value("cla_reviews_timely_pct", "2023-07-31", D("2023-10-31"), ReviewTables)));
        Assert.Equal((1.0, 1.0, 100.0), Row(Value("cla_reviews_timely_pct", "2023-10-31", D("2023-10-31"), ReviewTables)));

        static (double?, double?, double?) Row(IndicatorValue v) => (v.Numerator, v.Denominator, v.Value);
    }

    [Fact]
    public void ClaReviewsTimelyPct_MonthWithoutReviews_HasNoValueRatherThanZero()
    {
        var june = Value("cla_reviews_timely_pct", "2023-06-30", D("2023-10-31"), ReviewTables);

        Assert.Equal((0.0, 0.0, (double?)null, true), (june.Numerator, june.Denominator, june.Value, june.Available));
    }

    // ---- cla_permanence_plan_pct ----

    [Fact]
    public void ClaPermanencePlanPct_TwoReviewsInTheCurrentPeriodAndANamedPlan_CountedAsTheSpecSays()
    {
        // d = 30 June 2023. Reviews reach the child through clar_cla_id.
        //   K1  in care since Jan 2022, reviews Feb and May 2022; plan open with ADOPTION = Y           numerator
        //   K2  same reviews; plan open but every flag N                                              denominator only
        //   K3  same reviews; plan with SGO = Y ended 30 June (not open that day)                        denominator only
        //   K4  one review held, the other cancelled: fewer than two, not in the denominator
        //   K5  two reviews in a period that ended Dec 2021, one in the current period: not in the denominator
        //   K6  two reviews; plan text "LONG_TERM_FOSTERING" (not a flags object, but names a plan)     numerator
        //   K7  in care since Dec 2022, reviews 15 Jan and 30 June 2023 (the period end counts); no plan  denominator only
        // 2 of 5.
        var june = Value("cla_permanence_plan_pct", "2023-06-30",
            ImmutableArray.Create(Episode("K1E", "K1", "2022-01-01", claId: "K1C"), Episode("K2E", "K2", "2022-01-01", claId: "K2C"),
                Episode("K3E", "K3", "2022-01-01", claId: "K3C"), Episode("K4E", "K4", "2022-01-01", claId: "K4C"),
                Episode("K5a", "K5", "2021-01-01", "2021-12-01", claId: "K5C"), Episode("K5b", "K5", "2022-06-01", claId: "K5C"),
                Episode("K6E", "K6", "2022-01-01", claId: "K6C"), Episode("K7E", "K7", "2022-12-01", claId: "K7C")),
            NoLegalStatuses,
            ImmutableArray.Create(Review("K1a", "K1C", "2022-02-01"), Review("K1b", "K1C", "2022-05-01"),
                Review("K2a", "K2C", "2022-02-01"), Review("K2b", "K2C", "2022-05-01"),
                Review("K3a", "K3C", "2022-02-01"), Review("K3b", "K3C", "2022-05-01"),
                Review("K4a", "K4C", "2022-02-01"), Review("K4b", "K4C", "2022-05-01", cancelled: true),
                Review("K5a", "K5C", "2021-02-01"), Review("K5b", "K5C", "2021-05-01"), Review("K5c", "K5C", "2022-07-01"),
                Review("K6a", "K6C", "2022-02-01"), Review("K6b", "K6C", "2022-05-01"),
                Review("K7a", "K7C", "2023-01-15"), Review("K7b", "K7C", "2023-06-30")),
            ImmutableArray.Create(CarePlan("P1", "K1", "2022-01-10", null, """{"ADOPTION":"Y","SGO":"N"}"""),
                CarePlan("P2", "K2", "2022-01-10", null, """{"ADOPTION":"N","SGO":"N"}"""),
                CarePlan("P3", "K3", "2022-01-10", "2023-06-30", """{"ADOPTION":"N","SGO":"Y"}"""),
                CarePlan("P4", "K4", "2022-01-10", null, """{"ADOPTION":"Y"}"""),
                CarePlan("P6", "K6", "2022-01-10", null, "LONG_TERM_FOSTERING")));

        Assert.Equal((2.0, 5.0, 40.0), (june.Numerator, june.Denominator, june.Value));
    }

    // ---- the revised periods of care, every affected indicator on one set of children ----

    // as_at 30 June 2023; every child born 2010 (aged 12-13: the 12-month health standard).
    //   A  A1 1 Jan 2023 - 1 June 2023 (S, E4A); A2 1 June - open (S)        left and came back the same day: two periods
    //   B  B1 1 Jan 2022 - open (S); B2 1 March 2023 - 1 May 2023 (S, E4A)    an S while B1 is open: a start and an end
    //   C  C1 1 Jan 2022 - 1 March 2022 (S, X1); C2 1 March 2022 - open (P)  X1 continuity: one period from 2022
    //   D  D1 1 Jan - 1 March 2023, D2 1 March - 1 May, D3 5 May - open       no codes: dates decide (start 1 Jan, end 1 May, start 5 May)
    //   E  E1 1 Jan 2022 - open (S), C2; E2 28 Feb - 5 March 2023 (S, E8), V3  a V3 episode inside a C2 period: neither start nor end
    //   F  F1 1 Jan - 1 May 2023 (S, E8); C2, then V3 from 1 March             changes to V3 mid-way: its end is a short break's
    // Periods before the revision (a run of touching or overlapping episodes, short breaks by the status on its first day):
    // A one period from 1 Jan 2023; B one from 1 Jan 2022; E one from 1 Jan 2022; F's end counted.
    private static readonly object[] RevisedTables =
    [
        ImmutableArray.Create(Person("A", D("2010-01-01")), Person("B", D("2010-01-01")), Person("C", D("2010-01-01")),
            Person("D", D("2010-01-01")), Person("E", D("2010-01-01")), Person("F", D("2010-01-01"))),
        ImmutableArray.Create(
            Episode("A1", "A", "2023-01-01", "2023-06-01", claId: "AC"), Episode("A2", "A", "2023-06-01", claId: "AC"),
            Episode("B1", "B", "2022-01-01", claId: "BC"), Episode("B2", "B", "2023-03-01", "2023-05-01", claId: "BC"),
            Episode("C1", "C", "2022-01-01", "2022-03-01", claId: "CC", rec: "X1"), Episode("C2", "C", "2022-03-01", claId: "CC", rne: "P"),
            Episode("D1", "D", "2023-01-01", "2023-03-01", rne: null, rec: null), Episode("D2", "D", "2023-03-01", "2023-05-01", rne: null, rec: null),
            Episode("D3", "D", "2023-05-05", rne: null),
            Episode("E1", "E", "2022-01-01", claId: "EC"), Episode("E2", "E", "2023-02-28", "2023-03-05", claId: "EC", rec: "E8"),
            Episode("F1", "F", "2023-01-01", "2023-05-01", rec: "E8")),
        ImmutableArray.Create(Legal("LE1", "E", "C2", "2022-01-01"), Legal("LE2", "E", "V3", "2023-02-28", "2023-03-05"),
            Legal("LF1", "F", "C2", "2023-01-01", "2023-03-01"), Legal("LF2", "F", "V3", "2023-03-01", "2023-05-01")),
        ImmutableArray.Create(Visit("WA", "A", "2023-05-25"), Visit("WB", "B", "2023-05-20"), Visit("WC", "C", "2023-06-01"), Visit("WE", "E", "2023-06-10")),
        ImmutableArray.Create(Health("HB", "B", "2022-12-01"), Health("HC", "C", "2022-09-01")),
        ImmutableArray.Create(Review("RB1", "BC", "2022-01-20"), Review("RB2", "BC", "2022-04-20"), Review("RB3", "BC", "2023-03-29"),
            Review("RC1", "CC", "2022-01-25"), Review("RC2", "CC", "2022-04-25"), Review("RE1", "EC", "2023-03-02", due: "2023-03-10")),
        ImmutableArray.Create(CarePlan("PB", "B", "2022-02-01", null, """{"ADOPTION":"Y"}""")),
        ImmutableArray.Create(
            Placement("PC1", "C", "2022-01-01", "2022-06-01"), Placement("PC2", "C", "2022-06-01", "2022-12-01"), Placement("PC3", "C", "2022-12-01"),
            Placement("PE1", "E", "2022-01-01", "2022-06-01"), Placement("PE2", "E", "2022-06-01"), Placement("PE3", "E", "2023-02-28", "2023-03-05"),
            Placement("PF1", "F", "2023-01-01", "2023-02-01"), Placement("PF2", "F", "2023-02-01", "2023-03-01"), Placement("PF3", "F", "2023-03-01", "2023-05-01")),
    ];

    [Theory]
    [InlineData("2023-01-31", 3, 0)] // A1, D1, F1 start; (B1, C1, E1 started in 2022)
    [InlineData("2023-02-28", 0, 0)] // E2 starts on V3: a short break
    [InlineData("2023-03-31", 1, 0)] // B2 starts (was 0: B was one period); D1 ceasing 1 March is no end (D2 starts that day); E2 a short break
    [InlineData("2023-05-31", 1, 2)] // D3 starts; B2 and D2 end (was D2 and F1: F1's last day of care, 30 April, was V3)
    [InlineData("2023-06-30", 1, 1)] // A2 starts and A1 ends the same day (was neither)
    public void ClaStartsAndEnds_RevisedPeriodsOfCare_ByCodeAndByTheStatusOnEachEventsDate(string month, int starts, int ends)
    {
        Assert.Equal(starts, Value("cla_starts_rate", month, RevisedTables).Numerator);
        Assert.Equal(ends, Value("cla_ends_rate", month, RevisedTables).Numerator);
    }

    [Theory]
    [InlineData("2023-02-28", 5)] // A, B, C, D, F (E on V3 from that day)
    [InlineData("2023-03-31", 5)] // A, B, C, D, E (F on V3)
    [InlineData("2023-06-30", 5)] // A, B, C, D, E (F ceased 1 May)
    public void ClaCount_RevisedPeriodsOfCare_ShortBreaksByTheStatusAtTheDate(string month, int children)
    {
        Assert.Equal(children, Value("cla_count", month, RevisedTables).Value);
    }

    [Fact]
    public void ClaVisitsTimelyPct_RevisedPeriodsOfCare_VisitMustFallInTheCurrentPeriod()
    {
        // 30 June. Current periods: A from 1 June (its 25 May visit is in the period before), B from 1 March 2023 (visited 20 May:
        // 41 days), C from 2022 (84-day standard, visited 1 June), D from 5 May (not visited), E from 2022 (visited 10 June).
        // 3 of 5 (was 4 of 5: A's one period from January took the 25 May visit).
        var june = Value("cla_visits_timely_pct", "2023-06-30", RevisedTables);

        Assert.Equal((3.0, 5.0, 60.0), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void ClaHealthAssessmentPct_RevisedPeriodsOfCare_TwelveMonthsInTheCurrentPeriod()
    {
        // 30 June: in the current period since 30 June 2022 or earlier: C and E (E2's start was a short break, so E's period began
        // in 2022); B's began 1 March 2023. C assessed 1 Sept 2022, E not: 1 of 2 (was 2 of 3 with B, assessed 1 Dec 2022).
        var june = Value("cla_health_assessment_pct", "2023-06-30", RevisedTables);

        Assert.Equal((1.0, 2.0, 50.0), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void ClaReviewsTimelyPct_RevisedPeriodsOfCare_NumberedWithinTheCurrentPeriodAndNoneOnAShortBreak()
    {
        // March 2023: B's 29 March review is the first of the period B2 began on 1 March: WD(1 March, 29 March) = 20, on time
        // (was the third of a period from 2022, due 20 Oct 2022: late). E's 2 March review falls on V3: left out (was counted,
        // on time by its due date). 1 of 1 (was 1 of 2).
        var march = Value("cla_reviews_timely_pct", "2023-03-31", RevisedTables);

        Assert.Equal(20, new WorkingDayCalendar(BankHolidays.Default).WD(D("2023-03-01"), D("2023-03-29")));
        Assert.Equal((1.0, 1.0, 100.0), (march.Numerator, march.Denominator, march.Value));
    }

    [Fact]
    public void ClaPermanencePlanPct_RevisedPeriodsOfCare_TwoReviewsInTheCurrentPeriod()
    {
        // 30 June: B's current period (from 1 March 2023) holds one review, so B is out; C (two reviews in 2022, no plan) is in;
        // E holds one. 0 of 1 (was 1 of 2: B's period from 2022 held three reviews and its plan names adoption).
        var june = Value("cla_permanence_plan_pct", "2023-06-30", RevisedTables);

        Assert.Equal((0.0, 1.0, 0.0), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void Cla3PlusPlacementsPct_RevisedPeriodsOfCare_ShortBreakPlacementAndAChildOnV3LeftOut()
    {
        // 31 March 2023 (window from 1 April 2022): A, B, C, D, E looked after; F is on V3. C has three placements in the window;
        // E's third began on V3 (a short break) and is not counted. 1 of 5, as before the revision.
        var march = Value("cla_3plus_placements_pct", "2023-03-31", RevisedTables);

        Assert.Equal((1.0, 5.0, 20.0), (march.Numerator, march.Denominator, march.Value));
    }

    // ---- missing_rhi_offered_pct ----

    [Fact]
    public void MissingRhiOfferedPct_MissingNotAbsentEndingInThePeriod_CountedAsTheSpecSays()
    {
        //   M1  Missing, ended 10 June, RHI offered                         numerator
        //   M2  Missing, ended 30 June (the period end), not offered        denominator only
        //   M3  Absent, ended 15 June, offered                              not a missing episode: left out
        //   M4  Missing, started 20 June, not ended                         not ended: left out
        //   M5  missing, ended 31 May, offered                              May, not June
        //   M6  " MISSING from care ", ended 5 June, offer flag empty       denominator only
        // June: 1 of 3. May: 1 of 1.
        object[] tables = [ImmutableArray.Create(Missing("M1", "A", "2023-06-09", "2023-06-10", "Missing", true),
            Missing("M2", "B", "2023-06-29", "2023-06-30", "Missing", false), Missing("M3", "C", "2023-06-14", "2023-06-15", "Absent", true),
            Missing("M4", "D", "2023-06-20", null, "Missing", null), Missing("M5", "E", "2023-05-30", "2023-05-31", "missing", true),
            Missing("M6", "F", "2023-06-04", "2023-06-05", " MISSING from care ", null))];

        var june = Value("missing_rhi_offered_pct", "2023-06-30", tables);
        Assert.Equal((1.0, 3.0), (june.Numerator, june.Denominator));
        Assert.Equal(100.0 / 3, june.Value!.Value, 9);
        var may = Value("missing_rhi_offered_pct", "2023-05-31", tables);
        Assert.Equal((1.0, 1.0), (may.Numerator, may.Denominator));
    }

    [Fact]
    public void MissingRhiOfferedPct_DfeCodesMAndAInAnyCase_CountLikeTheSsdWords()
    {
        //   M1  M, offered: numerator.  M2  m, not offered: denominator.  M3  A (away without authorisation): left out.
        //   M4  "Runaway": neither code nor word: left out (903:1006 reports it).
        // 1 of 2.
        var june = Value("missing_rhi_offered_pct", "2023-06-30", ImmutableArray.Create(
            Missing("M1", "A", "2023-06-01", "2023-06-02", "M", true), Missing("M2", "B", "2023-06-01", "2023-06-02", "m", false),
            Missing("M3", "C", "2023-06-01", "2023-06-02", "A", true), Missing("M4", "D", "2023-06-01", "2023-06-02", "Runaway", true)));

        Assert.Equal((1.0, 2.0, 50.0), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void MissingRhiOfferedPct_NoMissingTable_IsUnavailableWithTheReason()
    {
        var june = Value("missing_rhi_offered_pct", "2023-06-30", ImmutableArray.Create(Episode("AE", "A", "2023-01-01")));

        Assert.Equal((false, "ssd_missing not in the extract"), (june.Available, june.UnavailableReason));
    }

    [Fact]
    public void Catalogue_LookedAfterArea_DeclaresEveryIndicatorOnce()
    {
        string[] expected = ["cla_rate", "cla_count", "cla_starts_rate", "cla_ends_rate", "cla_3plus_placements_pct", "cla_health_assessment_pct",
            "cla_visits_timely_pct", "cla_reviews_timely_pct", "cla_permanence_plan_pct", "missing_rhi_offered_pct"];

        Assert.Equal(expected, Catalogue.All.Where(i => i.Area == "Children looked after").Select(i => i.Id));
    }

    // ---- fixture builders ----

    private static IndicatorValue Value(string id, string end, params object[] tables) => Value(id, end, AsAt, tables);

    private static IndicatorValue Value(string id, string end, DateOnly asAt, params object[] tables) =>
        IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(asAt, tables), Population(10_000, 2022, 2023)), [Catalogue.Find(id)!]).Values
            .Single(v => v.PeriodType == "month" && v.PeriodEnd == D(end) && v.Breakdown == "");

    // By default a period of its own: started to be looked after (S) and, when ceased, returned home (E4A).
    private static ClaEpisode Episode(string id, string person, string start, string? ceased = null, string? claId = null, string? rne = "S", string? rec = "E4A") =>
        new(id, person, D(start), rne, "N1", ceased is null ? null : D(ceased), ceased is null ? null : rec, claId, null, null, null, null);

    private static LegalStatus Legal(string id, string person, string code, string start, string? end = null) =>
        new(id, person, code, D(start), end is null ? null : D(end));

    private static ClaPlacement Placement(string id, string? person, string start, string? end = null, string type = "U1", string? claId = null) =>
        new(id, D(start), type, null, null, claId, null, end is null ? null : D(end), null, person);

    private static ClaVisit Visit(string id, string? person, string date, bool? seen = true, string? claId = null) =>
        new(id, claId, person, D(date), seen, null);

    private static ClaHealthCheck Health(string id, string person, string date, string type = "Review Health Assessment", string? status = "Completed") =>
        new(id, person, type, D(date), status);

    private static ClaReview Review(string id, string claId, string date, string? due = null, bool cancelled = false) =>
        new(id, claId, due is null ? null : D(due), D(date), cancelled, null);

    private static ClaCarePlan CarePlan(string id, string person, string start, string? end, string? plan) =>
        new(id, person, D(start), end is null ? null : D(end), plan);

    private static MissingEpisode Missing(string id, string person, string start, string? end, string type, bool? offered) =>
        new(id, person, D(start), type, end is null ? null : D(end), offered, null);

    private static Involvement Allocation(string id, string person, string team, string start, string? end = null, string role = "ALLOCATED_CASE_WORKER") =>
        new(id, "W-" + id, role, team, D(start), end is null ? null : D(end), null, person, null);
}
