using Pipeline.Domain;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Domain;

public class WorkingDaysTests
{
    private static readonly WorkingDayCalendar Calendar = new(BankHolidays.Default);

    // The published gov.uk England and Wales lists, written out by hand rather than derived from the rules.
    public static TheoryData<int, string[]> PublishedYears => new()
    {
        { 1995, ["01-02", "04-14", "04-17", "05-08", "05-29", "08-28", "12-25", "12-26"] },
        { 1999, ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28", "12-31"] },
        { 2000, ["01-03", "04-21", "04-24", "05-01", "05-29", "08-28", "12-25", "12-26"] },
        { 2002, ["01-01", "03-29", "04-01", "05-06", "06-03", "06-04", "08-26", "12-25", "12-26"] },
        { 2011, ["01-03", "04-22", "04-25", "04-29", "05-02", "05-30", "08-29", "12-26", "12-27"] },
        { 2012, ["01-02", "04-06", "04-09", "05-07", "06-04", "06-05", "08-27", "12-25", "12-26"] },
        { 2013, ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"] },
        { 2014, ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"] },
        { 2015, ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"] },
        { 2016, ["01-01", "03-25", "03-28", "05-02", "05-30", "08-29", "12-26", "12-27"] },
        { 2017, ["01-02", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"] },
        { 2018, ["01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"] },
        { 2019, ["01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"] },
        { 2020, ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"] },
        { 2021, ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"] },
        { 2022, ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"] },
        { 2023, ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"] },
        { 2024, ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"] },
        { 2025, ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"] },
        { 2026, ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"] },
        { 2027, ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"] },
    };

    [Theory]
    [MemberData(nameof(PublishedYears))]
    public void InYear_PublishedYear_MatchesGovUkListExactly(int year, string[] monthDays)
    {
        var expected = monthDays.Select(md => D($"{year}-{md}")).ToList();

        Assert.Equal(expected, BankHolidays.Default.InYear(year).ToList());
    }

    [Fact]
    public void InYear_EveryYear2011To2027_IsCoveredByThePublishedLists()
    {
        // Guards the theory data itself: no year in the range the brief fixes may be dropped by accident.
        var years = PublishedYears.Select(row => (int)row[0]).ToHashSet();

        Assert.All(Enumerable.Range(2011, 17), year => Assert.Contains(year, years));
    }

    [Theory]
    [InlineData("1995-05-01", false)]
    [InlineData("1995-05-08", true)]
    [InlineData("1999-12-31", true)]
    [InlineData("2002-05-27", false)]
    [InlineData("2002-06-03", true)]
    [InlineData("2002-06-04", true)]
    [InlineData("2011-04-29", true)]
    [InlineData("2012-05-28", false)]
    [InlineData("2012-06-04", true)]
    [InlineData("2012-06-05", true)]
    [InlineData("2020-05-04", false)]
    [InlineData("2020-05-08", true)]
    [InlineData("2022-05-30", false)]
    [InlineData("2022-06-02", true)]
    [InlineData("2022-06-03", true)]
    [InlineData("2022-09-19", true)]
    [InlineData("2023-05-08", true)]
    [InlineData("2023-05-01", true)]
    public void IsHoliday_OneOffChangeDates_FollowTheProclamations(string date, bool expected)
    {
        Assert.Equal(expected, BankHolidays.Default.IsHoliday(D(date)));
        Assert.Equal(!expected && D(date).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), Calendar.IsWorkingDay(D(date)));
    }

    [Theory]
    [InlineData(1990, "1990-04-15")]
    [InlineData(2000, "2000-04-23")]
    [InlineData(2008, "2008-03-23")]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(2100, "2100-03-28")]
    public void EasterSunday_KnownYears_MatchesTheTables(int year, string easter)
    {
        Assert.Equal(D(easter), BankHolidays.EasterSunday(year));
    }

    [Fact]
    public void InYear_Every1990To2100Year_EightWeekdayHolidaysUnlessAOneOffYear()
    {
        int[] oneOffYears = [1995, 1999, 2002, 2011, 2012, 2020, 2022, 2023];

        for (var year = 1990; year <= 2100; year++)
        {
            var days = BankHolidays.Default.InYear(year).ToList();

            Assert.All(days, d => Assert.Equal(year, d.Year));
            Assert.All(days, d => Assert.InRange((int)d.DayOfWeek, (int)DayOfWeek.Monday, (int)DayOfWeek.Friday));
            Assert.Equal(days.Order().ToList(), days);
            Assert.Equal(days.Count, days.Distinct().Count());
            if (!oneOffYears.Contains(year))
            {
                Assert.Equal(8, days.Count);
            }
        }
    }

    [Theory]
    [InlineData(2021, "12-27", "12-28")] // Christmas Saturday: Mon 27 for Christmas, Tue 28 for Boxing Day
    [InlineData(2022, "12-26", "12-27")] // Christmas Sunday: Boxing Day Mon 26, Christmas Tue 27
    [InlineData(2026, "12-25", "12-28")] // Boxing Day Saturday: Mon 28
    [InlineData(2032, "12-27", "12-28")] // Christmas Saturday
    [InlineData(2033, "12-26", "12-27")] // Christmas Sunday
    [InlineData(2037, "12-25", "12-28")] // Boxing Day Saturday
    public void InYear_ChristmasOnAWeekend_SubstitutesFollowTheRule(int year, string first, string second)
    {
        var december = BankHolidays.Default.InYear(year).Where(d => d.Month == 12).ToList();

        Assert.Equal([D($"{year}-{first}"), D($"{year}-{second}")], december);
    }

    [Fact]
    public void WD_SameDay_IsZero()
    {
        Assert.Equal(0, Calendar.WD(D("2023-06-05"), D("2023-06-05")));
        Assert.Equal(0, Calendar.WD(D("2023-06-10"), D("2023-06-10")));
        Assert.Equal(0, Calendar.WD(D("2023-05-08"), D("2023-05-08")));
    }

    [Theory]
    [InlineData("2023-06-09", "2023-06-12", 1)] // Fri -> Mon
    [InlineData("2023-06-10", "2023-06-11", 0)] // Sat -> Sun
    [InlineData("2023-06-09", "2023-06-11", 0)] // Fri -> Sun
    [InlineData("2023-06-10", "2023-06-12", 1)] // Sat -> Mon
    [InlineData("2023-06-08", "2023-06-15", 5)] // Thu -> Thu, a full week
    public void WD_AcrossAWeekend_CountsOnlyWeekdays(string a, string b, int expected)
    {
        Assert.Equal(expected, Calendar.WD(D(a), D(b)));
    }

    [Theory]
    [InlineData("2023-08-25", "2023-08-29", 1)] // summer holiday Mon 28
    [InlineData("2023-08-25", "2023-08-28", 0)] // ending on the holiday itself
    [InlineData("2023-04-06", "2023-04-11", 1)] // Good Friday and Easter Monday
    [InlineData("2022-12-23", "2023-01-03", 4)] // Christmas Sunday substitutes and New Year Monday
    public void WD_AcrossABankHoliday_SkipsIt(string a, string b, int expected)
    {
        Assert.Equal(expected, Calendar.WD(D(a), D(b)));
    }

    [Theory]
    [InlineData("2022-06-01", "2022-06-06", 1)] // Thu 2 and Fri 3 June 2022 off
    [InlineData("2022-05-27", "2022-05-30", 1)] // the moved spring holiday is a working day
    [InlineData("2022-05-27", "2022-06-10", 8)]
    [InlineData("2022-09-16", "2022-09-20", 1)] // state funeral
    [InlineData("2023-05-05", "2023-05-09", 1)] // coronation Mon 8 May 2023
    [InlineData("2023-04-28", "2023-05-09", 5)] // early May and the coronation
    public void WD_AcrossTheJubileeAndCoronationOneOffs_SkipsThem(string a, string b, int expected)
    {
        Assert.Equal(expected, Calendar.WD(D(a), D(b)));
    }

    [Fact]
    public void WD_SpecExample_StrategyDiscussionFifteenthWorkingDay()
    {
        Assert.Equal(15, Calendar.WD(D("2023-06-05"), D("2023-06-26")));
        Assert.Equal(D("2023-06-26"), Calendar.AddWorkingDays(D("2023-06-05"), 15));
    }

    [Fact]
    public void WD_FortyFiveWorkingDayBoundary_SummerHolidayPushesItADay()
    {
        // Mon 24 Jul 2023 + 9 weeks is Mon 25 Sep, one short of 45 because of the 28 Aug holiday.
        var start = D("2023-07-24");

        Assert.Equal(44, Calendar.WD(start, D("2023-09-25")));
        Assert.Equal(45, Calendar.WD(start, D("2023-09-26")));
        Assert.Equal(46, Calendar.WD(start, D("2023-09-27")));
        Assert.Equal(D("2023-09-26"), Calendar.AddWorkingDays(start, 45));
        Assert.Equal(D("2023-09-27"), Calendar.AddWorkingDays(start, 46));
    }

    [Fact]
    public void WD_BIsBeforeA_IsMinusTheForwardCount()
    {
        Assert.Equal(-15, Calendar.WD(D("2023-06-26"), D("2023-06-05")));
        Assert.Equal(-1, Calendar.WD(D("2023-06-12"), D("2023-06-09")));
        Assert.Equal(0, Calendar.WD(D("2023-06-11"), D("2023-06-10")));
    }

    [Theory]
    [InlineData("2023-06-05", 1, "2023-06-06")]
    [InlineData("2023-06-09", 1, "2023-06-12")] // Fri -> Mon
    [InlineData("2023-06-10", 1, "2023-06-12")] // from a Saturday
    [InlineData("2023-05-05", 1, "2023-05-09")] // over the coronation
    [InlineData("2022-12-23", 1, "2022-12-28")]
    public void AddWorkingDays_KnownDates_LandsOnTheNextWorkingDays(string a, int n, string expected)
    {
        Assert.Equal(D(expected), Calendar.AddWorkingDays(D(a), n));
    }

    [Fact]
    public void AddWorkingDays_NotPositive_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D("2023-06-05"), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D("2023-06-05"), -3));
    }

    [Fact]
    public void IsWorkingDay_EveryDayOf2010To2030_IsAWeekdayThatIsNotAHoliday()
    {
        var calendar = new WorkingDayCalendar(BankHolidays.Default);

        for (var d = D("2010-01-01"); d <= D("2030-12-31"); d = d.AddDays(1))
        {
            var expected = d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !BankHolidays.Default.IsHoliday(d);
            Assert.Equal(expected, calendar.IsWorkingDay(d));
        }
    }

    [Fact]
    public void WD_EdgesOfTheDateRange_WorkAndAddingPastTheEndThrows()
    {
        var calendar = new WorkingDayCalendar(BankHolidays.Default);

        Assert.False(calendar.IsWorkingDay(DateOnly.MinValue)); // Monday 1 January 0001, New Year's Day
        Assert.True(calendar.IsWorkingDay(D("0001-01-02")));
        Assert.True(calendar.IsWorkingDay(DateOnly.MaxValue)); // Friday 31 December 9999
        Assert.Equal(1, calendar.WD(DateOnly.MinValue, D("0001-01-02")));
        Assert.Equal(D("9999-12-30"), calendar.AddWorkingDays(D("9999-12-28"), 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => calendar.AddWorkingDays(D("9999-12-20"), 10));
    }

    [Fact]
    public void AddWorkingDays_RandomDates2010To2030_IsTheInverseOfWD()
    {
        var rng = new Random(20230605);
        var calendar = new WorkingDayCalendar(BankHolidays.Default);
        var from = D("2010-01-01").DayNumber;
        var to = D("2030-12-31").DayNumber;

        for (var i = 0; i < 5000; i++)
        {
            var a = DateOnly.FromDayNumber(rng.Next(from, to + 1));
            var n = rng.Next(1, 300);

            var d = calendar.AddWorkingDays(a, n);

            Assert.Equal(n, calendar.WD(a, d));
            Assert.True(calendar.IsWorkingDay(d), $"{a} + {n} = {d} is not a working day");
            // The first such day: the day before is still one short.
            Assert.Equal(n - 1, calendar.WD(a, d.AddDays(-1)));
        }
    }

    [Fact]
    public void WD_RandomTriples_IsAdditive()
    {
        var rng = new Random(45);
        var from = D("2009-01-01").DayNumber;
        var to = D("2031-12-31").DayNumber;

        for (var i = 0; i < 5000; i++)
        {
            var a = DateOnly.FromDayNumber(rng.Next(from, to + 1));
            var b = DateOnly.FromDayNumber(rng.Next(from, to + 1));
            var c = DateOnly.FromDayNumber(rng.Next(from, to + 1));

            Assert.Equal(Calendar.WD(a, c), Calendar.WD(a, b) + Calendar.WD(b, c));
        }
    }

    [Fact]
    public void WD_RandomPairs_MatchesADayByDayCount()
    {
        var rng = new Random(15);
        var from = D("1995-01-01").DayNumber;
        var to = D("2035-12-31").DayNumber;

        for (var i = 0; i < 2000; i++)
        {
            var a = DateOnly.FromDayNumber(rng.Next(from, to + 1));
            var b = DateOnly.FromDayNumber(Math.Clamp(a.DayNumber + rng.Next(-400, 401), from, to));

            Assert.Equal(CountDayByDay(BankHolidays.Default, a, b), Calendar.WD(a, b));
        }
    }

    [Fact]
    public void WD_DatesOutsideTheFirstTable_GrowsItBothWays()
    {
        // A fresh calendar builds around its first question; later ones far either side must still be right.
        var calendar = new WorkingDayCalendar(BankHolidays.Default);
        (DateOnly A, DateOnly B)[] pairs =
        [
            (D("2023-06-05"), D("2023-06-26")),
            (D("1990-01-01"), D("1991-03-01")),
            (D("2099-11-01"), D("2100-12-31")),
            (D("1960-07-01"), D("2080-02-29")),
        ];

        foreach (var (a, b) in pairs)
        {
            Assert.Equal(CountDayByDay(BankHolidays.Default, a, b), calendar.WD(a, b));
        }

        Assert.Equal(15, calendar.WD(D("2023-06-05"), D("2023-06-26")));
    }

    [Fact]
    public void WD_ManyThreadsOnAFreshCalendar_AllAgreeWithADayByDayCount()
    {
        var calendar = new WorkingDayCalendar(BankHolidays.Default);
        var rng = new Random(7);
        var from = D("1980-01-01").DayNumber;
        var to = D("2070-12-31").DayNumber;
        var cases = Enumerable.Range(0, 400).Select(_ =>
        {
            var a = DateOnly.FromDayNumber(rng.Next(from, to + 1));
            var b = DateOnly.FromDayNumber(Math.Clamp(a.DayNumber + rng.Next(-200, 201), from, to));
            return (A: a, B: b, Expected: CountDayByDay(BankHolidays.Default, a, b));
        }).ToList();

        var wrong = 0;
        Parallel.ForEach(cases, c =>
        {
            if (calendar.WD(c.A, c.B) != c.Expected)
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }

    [Fact]
    public void WithOverrides_AddLine_MakesTheDateAHoliday()
    {
        var holidays = BankHolidays.WithOverrides("date,action,name\n2030-06-10,add,Hypothetical celebration\n");
        var calendar = new WorkingDayCalendar(holidays);

        Assert.True(holidays.IsHoliday(D("2030-06-10")));
        Assert.Contains(D("2030-06-10"), holidays.InYear(2030));
        Assert.Equal(9, holidays.InYear(2030).Count());
        Assert.Equal(1, calendar.WD(D("2030-06-07"), D("2030-06-11")));
        Assert.False(BankHolidays.Default.IsHoliday(D("2030-06-10")));
    }

    [Fact]
    public void WithOverrides_RemoveLines_CancelRuleAndOneOffHolidays()
    {
        var holidays = BankHolidays.WithOverrides("date,action,name\r\n2030-12-25,remove,Cancelled\r\n2023-05-08,remove,Not kept locally\r\n");
        var calendar = new WorkingDayCalendar(holidays);

        Assert.False(holidays.IsHoliday(D("2030-12-25")));
        Assert.False(holidays.IsHoliday(D("2023-05-08")));
        Assert.True(calendar.IsWorkingDay(D("2023-05-08")));
        Assert.Equal(2, calendar.WD(D("2023-05-05"), D("2023-05-09")));
        Assert.Equal(7, holidays.InYear(2030).Count());
        Assert.True(BankHolidays.Default.IsHoliday(D("2023-05-08")));
    }

    [Fact]
    public void WithOverrides_RedundantLinesBomBlankLinesAndQuotes_AreAccepted()
    {
        var text = "\uFEFFdate,action,name\n\n2023-05-08,ADD,\"Coronation, already a holiday\"\n\"2031-01-06\",\"add\",\n2031-06-10,remove,Never a holiday\n";

        var holidays = BankHolidays.WithOverrides(text);

        Assert.Equal(BankHolidays.Default.InYear(2023), holidays.InYear(2023));
        Assert.True(holidays.IsHoliday(D("2031-01-06")));
        Assert.False(holidays.IsHoliday(D("2031-06-10")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("date,action,name\n")]
    public void WithOverrides_NoChanges_IsTheDefault(string text)
    {
        Assert.Same(BankHolidays.Default, BankHolidays.WithOverrides(text));
    }

    [Theory]
    [InlineData("date,action,name\n2030-06-10,add,x\n2030-13-01,add,Bad month\n", "line 3")]
    [InlineData("date,action,name\n10/06/2030,add,UK order\n", "line 2")]
    [InlineData("date,action,name\n2030-06-10,move,Bad action\n", "line 2")]
    [InlineData("date,action,name\n\n2030-06-10\n", "line 3")]
    [InlineData("day,what,name\n2030-06-10,add,x\n", "line 1")]
    [InlineData("2030-06-10,add,No header\n", "line 1")]
    [InlineData("date,action,name\n2030-06-10,add,x\n2030-06-10,remove,y\n", "line 3")]
    public void WithOverrides_MalformedLine_ThrowsFormatExceptionNamingTheLine(string text, string line)
    {
        var error = Assert.Throws<FormatException>(() => BankHolidays.WithOverrides(text));

        Assert.Contains(line, error.Message, StringComparison.Ordinal);
        Assert.Contains(BankHolidays.OverrideFile, error.Message, StringComparison.Ordinal);
    }

    // The oracle for WD: the definition read literally.
    private static int CountDayByDay(BankHolidays holidays, DateOnly a, DateOnly b)
    {
        if (b < a)
        {
            return -CountDayByDay(holidays, b, a);
        }

        var count = 0;
        for (var d = a.AddDays(1); d <= b; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.IsHoliday(d))
            {
                count++;
            }
        }

        return count;
    }
}
