using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Indicators;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

public class CareLeaverIndicatorTests
{
    private static readonly DateOnly AsAt = D("2023-06-30");

    // as_at Fri 30 June 2023 (a month end, so June is a complete month ending at as_at). Pathway reviews count
    // from 2022-12-30 (= as_at.AddMonths(-6)) to 2023-06-30.
    //
    //   person  dob         age  band    in touch   suitable  activity  pathway review
    //   P16     2006-07-01  16   -       YES        1         F1        2023-05-01  pathway only: 17 tomorrow
    //   P17     2006-06-30  17   17-18   YES        1         F2        2022-12-30  17 on as_at; review exactly 6 months before
    //   P18     2005-06-30  18   17-18   no         2         G5        2022-12-29  18 on as_at (stays 17-18); review a day too early
    //   P18b    2004-07-01  18   17-18   " yes "    -         p4        -           19 tomorrow; codes trimmed, any case
    //   PDied   2005-01-01  18   17-18   died       1         F1        2023-06-01  DIED: out of every denominator
    //   P19     2004-06-30  19   19-21   YES        1         G4        2023-06-30  19 on as_at: moves to 19-21; review on as_at
    //   P20     2003-01-01  20   19-21   RHOM       1         F3        2023-07-01  F3 superseded; review after as_at
    //   P21     2001-07-01  21   19-21   REFU       -         F5        2023-01-15  22 tomorrow
    //   P22     2001-06-30  22   -       YES        1         F1        2023-06-01  22 on as_at: out of every band
    //   PNoDob  (no dob)    -    -       YES        1         F1        2023-06-01  no age: left out
    //   PNoRow  (no person) -    -       YES        1         F1        2023-06-01  no person row: left out
    //
    // 17-18: P17, P18, P18b = 3.   in touch P17, P18b = 2;  suitable P17 = 1;  EET P17, P18b = 2.
    // 19-21: P19, P20, P21 = 3.    in touch P19 = 1;        suitable P19, P20 = 2;  EET P21 = 1.
    // 16-21: P16, P17, P18, P18b, P19, P20, P21 = 7; reviewed P16, P17, P19, P21 = 4.
    private static readonly object[] Tables =
    [
        ImmutableArray.Create(
            Person("P16", D("2006-07-01")), Person("P17", D("2006-06-30")), Person("P18", D("2005-06-30")), Person("P18b", D("2004-07-01")),
            Person("PDied", D("2005-01-01")), Person("P19", D("2004-06-30")), Person("P20", D("2003-01-01")), Person("P21", D("2001-07-01")),
            Person("P22", D("2001-06-30")), Person("PNoDob")),
        ImmutableArray.Create(
            Leaver("P16", "YES", "1", "F1", "2023-05-01"),
            Leaver("P17", "YES", "1", "F2", "2022-12-30"),
            Leaver("P18", "no", "2", "G5", "2022-12-29"),
            Leaver("P18b", " yes ", null, "p4", null),
            Leaver("PDied", "died", "1", "F1", "2023-06-01"),
            Leaver("P19", "YES", "1", "G4", "2023-06-30"),
            Leaver("P20", "RHOM", "1", "F3", "2023-07-01"),
            Leaver("P21", "REFU", null, "F5", "2023-01-15"),
            Leaver("P22", "YES", "1", "F1", "2023-06-01"),
            Leaver("PNoDob", "YES", "1", "F1", "2023-06-01"),
            Leaver("PNoRow", "YES", "1", "F1", "2023-06-01")),
    ];

    private static readonly ImmutableArray<IndicatorValue> Values = Compute(AsAt, Tables);

    private static CareLeaver Leaver(string person, string? inTouch, string? suitable, string? activity, string? review,
        string? id = null, string? latestContact = null) =>
        new(id ?? "CL-" + person, person, null, inTouch, latestContact is null ? null : D(latestContact), null, suitable, activity,
            review is null ? null : D(review), null, null, null);

    private static ImmutableArray<IndicatorValue> Compute(DateOnly asAt, params object[] tables) =>
        IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(asAt, tables), Population(10_000, asAt.Year)),
            Catalogue.All.Where(i => i.Area == "Care leavers")).Values;

    private static IndicatorValue Value(string id, string periodType = "snapshot", string end = "2023-06-30") =>
        Values.Single(v => v.IndicatorId == id && v.PeriodType == periodType && v.PeriodEnd == D(end) && v.Breakdown == "");

    [Fact]
    public void Catalogue_CareLeavers_DeclaresTheSevenIndicatorsAsCurrentOnlyPointInTime()
    {
        var ids = Catalogue.All.Where(i => i.Area == "Care leavers").Select(i => i.Id).ToList();

        Assert.Equal(["cl_in_touch_17_18_pct", "cl_in_touch_19_21_pct", "cl_suitable_accom_17_18_pct", "cl_suitable_accom_19_21_pct",
            "cl_eet_17_18_pct", "cl_eet_19_21_pct", "cl_pathway_plan_pct"], ids);
        Assert.All(Catalogue.All.Where(i => i.Area == "Care leavers"), i =>
            Assert.Equal((IndicatorKind.PointInTime, Unit.Percent, Polarity.HigherIsBetter, true),
                (i.Kind, i.Unit, i.Polarity, i.CurrentOnlyReason is not null)));
    }

    [Fact]
    public void ClInTouch1718_AtAsAt_CountsYesOfSeventeenAndEighteenYearOldsLessDied()
    {
        // P17 (YES) and P18b (" yes ") of P17, P18, P18b; PDied left out; P16 too young; P19 moved band on as_at.
        var snapshot = Value("cl_in_touch_17_18_pct");

        Assert.Equal((2.0, 3.0), (snapshot.Numerator, snapshot.Denominator));
        Assert.Equal(200.0 / 3, snapshot.Value!.Value, 9);
    }

    [Fact]
    public void ClInTouch1921_AtAsAt_RefusedAndReturnedHomeAreNotInTouch()
    {
        // P19 (YES) of P19, P20 (RHOM), P21 (REFU); P22 turned 22 on as_at and is out.
        var snapshot = Value("cl_in_touch_19_21_pct");

        Assert.Equal((1.0, 3.0), (snapshot.Numerator, snapshot.Denominator));
    }

    [Fact]
    public void ClSuitableAccom1718_AtAsAt_OnlyCodeOneIsSuitable()
    {
        // P17 (1) of P17, P18 (2), P18b (empty).
        var snapshot = Value("cl_suitable_accom_17_18_pct");

        Assert.Equal((1.0, 3.0), (snapshot.Numerator, snapshot.Denominator));
    }

    [Fact]
    public void ClSuitableAccom1921_AtAsAt_CountsCodeOneOfNineteenToTwentyOne()
    {
        // P19 (1), P20 (1) of P19, P20, P21 (empty).
        var snapshot = Value("cl_suitable_accom_19_21_pct");

        Assert.Equal((2.0, 3.0), (snapshot.Numerator, snapshot.Denominator));
    }

    [Fact]
    public void ClEet1718_AtAsAt_LowerCaseCodeCountsNeetDoesNot()
    {
        // P17 (F2), P18b ("p4") of P17, P18 (G5), P18b.
        var snapshot = Value("cl_eet_17_18_pct");

        Assert.Equal((2.0, 3.0), (snapshot.Numerator, snapshot.Denominator));
    }

    [Fact]
    public void ClEet1921_AtAsAt_SupersededF3AndIllnessG4AreNotEet()
    {
        // P21 (F5) of P19 (G4), P20 (F3), P21.
        var snapshot = Value("cl_eet_19_21_pct");

        Assert.Equal((1.0, 3.0), (snapshot.Numerator, snapshot.Denominator));
    }

    [Fact]
    public void ClPathwayPlan_AtAsAt_SixteenCountsAndExactlySixMonthsBeforeCounts()
    {
        // 16-21: P16, P17, P18, P18b, P19, P20, P21 = 7 (PDied, P22, PNoDob, PNoRow out).
        // Reviewed on or after 2022-12-30 and by as_at: P16 (05-01), P17 (12-30, exactly 6 months), P19 (on as_at), P21 (01-15) = 4.
        // Not: P18 (12-29, a day early), P18b (none), P20 (07-01, after as_at).
        var snapshot = Value("cl_pathway_plan_pct");

        Assert.Equal((4.0, 7.0), (snapshot.Numerator, snapshot.Denominator));
        Assert.Equal(400.0 / 7, snapshot.Value!.Value, 9);
    }

    [Fact]
    public void ClInTouch1718_MonthEndingAtAsAt_EqualsTheSnapshot()
    {
        var june = Value("cl_in_touch_17_18_pct", "month");

        Assert.Equal((true, 2.0, 3.0), (june.Available, june.Numerator, june.Denominator));
    }

    [Fact]
    public void ClInTouch1718_EarlierMonthsAndRollingWindows_AreUnavailableBecauseOnlyCurrentStatusIsHeld()
    {
        var may = Value("cl_in_touch_17_18_pct", "month", "2023-05-31");
        var rolling = Value("cl_in_touch_17_18_pct", "rolling_12m");

        Assert.Equal((false, (double?)null), (may.Available, may.Value));
        Assert.Contains("current status only", may.UnavailableReason, StringComparison.Ordinal);
        Assert.False(rolling.Available);
        Assert.DoesNotContain(Values, v => v.PeriodType == "fytd");
    }

    [Fact]
    public void ClInTouch1718_MidMonthAsAt_MonthToDateAndSnapshotHaveValues()
    {
        // as_at 2023-06-15, before the June birthdays: P17 is 16 (out), P18 is 17, P18b 18, and P19 still 18 (back in 17-18):
        // 17-18 = P18 (no), P18b (yes), P19 (YES) = 3.
        var values = Compute(D("2023-06-15"), Tables);
        var mtd = values.Single(v => v.IndicatorId == "cl_in_touch_17_18_pct" && v.PeriodType == "month_to_date");
        var may = values.Single(v => v.IndicatorId == "cl_in_touch_17_18_pct" && v.PeriodType == "month" && v.PeriodEnd == D("2023-05-31"));

        Assert.Equal((true, 2.0, 3.0), (mtd.Available, mtd.Numerator, mtd.Denominator));
        Assert.False(may.Available);
    }

    [Fact]
    public void ClInTouch1718_OnlyDiedInTheBand_HasNoValueRatherThanZero()
    {
        // The one 17-18 year old died: denominator 0, so no value.
        var values = Compute(AsAt, ImmutableArray.Create(Person("A", D("2005-01-01"))), ImmutableArray.Create(Leaver("A", "DIED", "1", "F1", "2023-06-01")));
        var snapshot = values.Single(v => v.IndicatorId == "cl_in_touch_17_18_pct" && v.PeriodType == "snapshot");

        Assert.Equal((true, 0.0, 0.0, (double?)null), (snapshot.Available, snapshot.Numerator, snapshot.Denominator, snapshot.Value));
    }

    [Fact]
    public void ClInTouch1718_SeveralRowsForOnePerson_CountsThemOnceWithTheLatestContact()
    {
        // A has two rows: NO (contact 2023-01-01) and YES (contact 2023-05-01); the later one is the status: 1 of 1.
        var values = Compute(AsAt, ImmutableArray.Create(Person("A", D("2005-01-01"))),
            ImmutableArray.Create(Leaver("A", "YES", "1", "F1", null, id: "CL1", latestContact: "2023-05-01"),
                Leaver("A", "NO", "1", "F1", null, id: "CL2", latestContact: "2023-01-01")));
        var snapshot = values.Single(v => v.IndicatorId == "cl_in_touch_17_18_pct" && v.PeriodType == "snapshot");

        Assert.Equal((1.0, 1.0), (snapshot.Numerator, snapshot.Denominator));
    }

    [Fact]
    public void ClPathwayPlan_NoCareLeaversTable_IsUnavailableWithTheReason()
    {
        var values = Compute(AsAt, ImmutableArray.Create(Person("A", D("2005-01-01"))));

        Assert.All(values, v => Assert.Equal((false, "ssd_care_leavers not in the extract", (double?)null), (v.Available, v.UnavailableReason, v.Value)));
    }

    [Fact]
    public void ClEet1921_NoPersonTable_IsUnavailableBecauseAgeNeedsDateOfBirth()
    {
        var values = Compute(AsAt, ImmutableArray.Create(Leaver("A", "YES", "1", "F1", null)));

        Assert.All(values, v => Assert.Equal((false, "ssd_person not in the extract"), (v.Available, v.UnavailableReason)));
    }
}
