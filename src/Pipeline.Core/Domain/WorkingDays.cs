using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;

namespace Pipeline.Domain;

/// <summary>
/// England and Wales bank holidays (indicators spec, "Conventions"): the standing rules with their weekend
/// substitutes, the one-off changes made by proclamation, and a deployment's overrides from the reference
/// data's <c>bank_holidays.csv</c>. Each year is worked out on first use and cached; an instance never changes
/// after construction and is safe to share between threads.
/// </summary>
/// <remarks>The standing rules are the ones in force since 1978 (when early May began); they are applied
/// unchanged to any year, so earlier years are not historically exact.</remarks>
public sealed class BankHolidays
{
    /// <summary>The reference-data file whose lines <see cref="WithOverrides"/> reads.</summary>
    public const string OverrideFile = "bank_holidays.csv";

    // A holiday moved by proclamation is a removal plus an addition; both lists are the spec's, exactly.
    private static readonly ImmutableArray<DateOnly> OneOffRemovals =
    [
        new(1995, 5, 1),   // early May moved to VE Day's 50th anniversary
        new(2002, 5, 27),  // spring moved for the Golden Jubilee
        new(2012, 5, 28),  // spring moved for the Diamond Jubilee
        new(2020, 5, 4),   // early May moved to VE Day's 75th anniversary
        new(2022, 5, 30),  // spring moved for the Platinum Jubilee
    ];

    private static readonly ImmutableArray<DateOnly> OneOffAdditions =
    [
        new(1995, 5, 8),
        new(1999, 12, 31), // millennium
        new(2002, 6, 3),
        new(2002, 6, 4),   // Golden Jubilee
        new(2011, 4, 29),  // royal wedding
        new(2012, 6, 4),
        new(2012, 6, 5),   // Diamond Jubilee
        new(2020, 5, 8),
        new(2022, 6, 2),
        new(2022, 6, 3),   // Platinum Jubilee
        new(2022, 9, 19),  // state funeral of Queen Elizabeth II
        new(2023, 5, 8),   // coronation of King Charles III
    ];

    private readonly ImmutableArray<DateOnly> _addedByOverride;
    private readonly ImmutableArray<DateOnly> _removedByOverride;
    private readonly ConcurrentDictionary<int, ImmutableArray<DateOnly>> _years = new();

    private BankHolidays(ImmutableArray<DateOnly> addedByOverride, ImmutableArray<DateOnly> removedByOverride)
    {
        _addedByOverride = addedByOverride;
        _removedByOverride = removedByOverride;
    }

    /// <summary>The rules and the one-off changes, without any deployment overrides.</summary>
    public static BankHolidays Default { get; } = new([], []);

    /// <summary>
    /// <see cref="Default"/> plus the overrides in <paramref name="csvText"/>: a header <c>date,action,name</c>
    /// then one line per change, <c>yyyy-MM-dd,add|remove,description</c> (the description may be empty or
    /// contain commas). Adding a date that is already a holiday, or removing one that is not, changes nothing,
    /// so an override stays harmless once the rules catch up with it. Blank lines, a byte-order mark and CRLF
    /// line ends are accepted; an empty text means no overrides.
    /// </summary>
    /// <exception cref="FormatException">A line is malformed, or one date is both added and removed; the message
    /// names the line.</exception>
    public static BankHolidays WithOverrides(string csvText)
    {
        ArgumentNullException.ThrowIfNull(csvText);

        // date -> (added?, line) so a contradiction can name both lines.
        var changes = new Dictionary<DateOnly, (bool Add, int Line)>();
        var sawHeader = false;
        var lines = csvText.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i].TrimEnd('\r');
            if (i == 0)
            {
                line = line.TrimStart('\uFEFF');
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split(',', 3);
            if (!sawHeader)
            {
                if (fields.Length != 3 || Field(fields[0]) != "date" || Field(fields[1]) != "action" || Field(fields[2]) != "name")
                {
                    throw Malformed(lineNumber, line, "expected the header 'date,action,name'");
                }

                sawHeader = true;
                continue;
            }

            if (fields.Length < 2)
            {
                throw Malformed(lineNumber, line, "expected date,action,name");
            }

            if (!DateOnly.TryParseExact(Field(fields[0]), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw Malformed(lineNumber, line, $"'{fields[0].Trim()}' is not a yyyy-MM-dd date");
            }

            var add = Field(fields[1]).ToLowerInvariant() switch
            {
                "add" => true,
                "remove" => false,
                _ => throw Malformed(lineNumber, line, $"action '{fields[1].Trim()}' is not 'add' or 'remove'"),
            };

            if (changes.TryGetValue(date, out var earlier) && earlier.Add != add)
            {
                throw Malformed(lineNumber, line, $"{date:yyyy-MM-dd} is both added and removed (see line {earlier.Line})");
            }

            changes[date] = (add, lineNumber);
        }

        if (changes.Count == 0)
        {
            return Default;
        }

        return new BankHolidays(
            [.. changes.Where(c => c.Value.Add).Select(c => c.Key)],
            [.. changes.Where(c => !c.Value.Add).Select(c => c.Key)]);

        // Spreadsheets quote fields at will; the values themselves never contain quotes.
        static string Field(string raw) => raw.Trim().Trim('"').Trim();
    }

    public bool IsHoliday(DateOnly date)
    {
        // At most a dozen dates a year: a scan beats hashing.
        foreach (var holiday in Year(date.Year))
        {
            if (holiday == date)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The bank holidays in <paramref name="year"/>, in date order.</summary>
    public IEnumerable<DateOnly> InYear(int year) => Year(year);

    /// <summary>Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    internal static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var monthAndDay = h + l - (7 * m) + 114;
        return new DateOnly(year, monthAndDay / 31, (monthAndDay % 31) + 1);
    }

    private ImmutableArray<DateOnly> Year(int year)
    {
        if (year < DateOnly.MinValue.Year || year > DateOnly.MaxValue.Year)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "Not a year a DateOnly can hold.");
        }

        // TryGetValue first: the hot path then allocates no delegate. Computing a year is pure, so two threads
        // racing on a new year just compute the same answer.
        return _years.TryGetValue(year, out var days) ? days : _years.GetOrAdd(year, Compute);
    }

    private ImmutableArray<DateOnly> Compute(int year)
    {
        var days = new SortedSet<DateOnly>(StandingRules(year));

        // Overrides come last so a deployment can undo a one-off as well as a rule.
        days.ExceptWith(OneOffRemovals.Where(d => d.Year == year));
        days.UnionWith(OneOffAdditions.Where(d => d.Year == year));
        days.ExceptWith(_removedByOverride.Where(d => d.Year == year));
        days.UnionWith(_addedByOverride.Where(d => d.Year == year));
        return [.. days];
    }

    private static List<DateOnly> StandingRules(int year)
    {
        var easter = EasterSunday(year);
        var holidays = new List<DateOnly>(8)
        {
            NextWeekday(new DateOnly(year, 1, 1)),
            easter.AddDays(-2),
            easter.AddDays(1),
            FirstMonday(year, 5),
            LastMonday(year, 5),
            LastMonday(year, 8),
        };

        // Christmas then Boxing Day, each moved to the next weekday not already taken. That yields Mon 27 and
        // Tue 28 when Christmas is a Saturday, Mon 26 and Tue 27 when it is a Sunday, and Mon 28 when only
        // Boxing Day falls on a weekend: the published substitutes in every case.
        foreach (var day in (ReadOnlySpan<int>)[25, 26])
        {
            var date = new DateOnly(year, 12, day);
            while (IsWeekend(date) || holidays.Contains(date))
            {
                date = date.AddDays(1);
            }

            holidays.Add(date);
        }

        return holidays;
    }

    internal static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static DateOnly NextWeekday(DateOnly date)
    {
        while (IsWeekend(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    private static DateOnly FirstMonday(int year, int month)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays(((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7);
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)DayOfWeek.Monday + 7) % 7));
    }

    private static FormatException Malformed(int lineNumber, string line, string problem) =>
        new($"{OverrideFile} line {lineNumber} ('{line}'): {problem}");
}

/// <summary>
/// Working days (Monday to Friday less bank holidays) and the spec's <c>WD(a, b)</c>. Timeliness indicators
/// call <see cref="WD"/> millions of times, so it reads a table of running working-day counts by day number:
/// two array lookups, no loop. The table covers the years asked about plus a margin and is rebuilt wider
/// when a date outside it turns up; it is safe to use from many threads.
/// </summary>
public sealed class WorkingDayCalendar
{
    // Years of slack either side of what was asked for, so one run over a few years of extract builds the
    // table once instead of creeping outwards date by date.
    private const int MarginYears = 5;

    private readonly Lock _growing = new();
    private RunningCounts? _counts;

    public WorkingDayCalendar(BankHolidays holidays)
    {
        ArgumentNullException.ThrowIfNull(holidays);
        Holidays = holidays;
    }

    public BankHolidays Holidays { get; }

    public bool IsWorkingDay(DateOnly date) => Covering(date.DayNumber, date.DayNumber).IsWorking(date.DayNumber);

    /// <summary>
    /// The number of working days <c>d</c> with <paramref name="a"/> &lt; <c>d</c> &lt;= <paramref name="b"/>;
    /// 0 when the dates are equal and <c>-WD(b, a)</c> when <paramref name="b"/> is before <paramref name="a"/>.
    /// "Within N working days of a" is <c>WD(a, b) &lt;= N</c>.
    /// </summary>
    public int WD(DateOnly a, DateOnly b)
    {
        var counts = Covering(Math.Min(a.DayNumber, b.DayNumber), Math.Max(a.DayNumber, b.DayNumber));
        return counts.Through(b.DayNumber) - counts.Through(a.DayNumber);
    }

    /// <summary>The <paramref name="n"/>th working day after <paramref name="a"/>: the working day
    /// <c>d</c> with <c>WD(a, d) == n</c>.</summary>
    public DateOnly AddWorkingDays(DateOnly a, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);

        // Every week has five weekdays and no year loses more than a dozen to holidays, so this guess is
        // nearly always enough; doubling covers an override file that adds a run of holidays.
        var span = ((n / 5L) + 1) * 7 + 21;
        var last = DateOnly.MaxValue.DayNumber;
        while (true)
        {
            var end = (int)Math.Min(a.DayNumber + span, last);
            var counts = Covering(a.DayNumber, end);
            var target = counts.Through(a.DayNumber) + n;
            if (counts.Through(end) >= target)
            {
                return DateOnly.FromDayNumber(counts.FirstReaching(target, a.DayNumber + 1, end));
            }

            if (end == last)
            {
                throw new ArgumentOutOfRangeException(nameof(n), n, $"The {n}th working day after {a:yyyy-MM-dd} is past {DateOnly.MaxValue:yyyy-MM-dd}.");
            }

            span *= 2;
        }
    }

    private RunningCounts Covering(int firstDay, int lastDay)
    {
        var counts = Volatile.Read(ref _counts);
        if (counts is not null && counts.Covers(firstDay, lastDay))
        {
            return counts;
        }

        lock (_growing)
        {
            counts = _counts;
            if (counts is not null && counts.Covers(firstDay, lastDay))
            {
                return counts;
            }

            if (counts is not null)
            {
                // Rebuild over the union so callers holding the old table and callers of the new one agree.
                firstDay = Math.Min(firstDay, counts.FirstDay);
                lastDay = Math.Max(lastDay, counts.LastDay);
            }

            var built = RunningCounts.Build(Holidays, firstDay, lastDay);
            Volatile.Write(ref _counts, built);
            return built;
        }
    }

    /// <summary><c>Counts[i]</c> = working days in <c>[FirstDay, FirstDay + i]</c>, so
    /// <c>WD(a, b) = Through(b) - Through(a)</c>.</summary>
    private sealed class RunningCounts
    {
        private readonly int[] _counts;

        private RunningCounts(int firstDay, int[] counts)
        {
            FirstDay = firstDay;
            _counts = counts;
        }

        public int FirstDay { get; }

        public int LastDay => FirstDay + _counts.Length - 1;

        public static RunningCounts Build(BankHolidays holidays, int firstDay, int lastDay)
        {
            var fromYear = Math.Max(DateOnly.FromDayNumber(firstDay).Year - MarginYears, DateOnly.MinValue.Year);
            var toYear = Math.Min(DateOnly.FromDayNumber(lastDay).Year + MarginYears, DateOnly.MaxValue.Year);
            var first = new DateOnly(fromYear, 1, 1);
            var length = new DateOnly(toYear, 12, 31).DayNumber - first.DayNumber + 1;

            var working = new bool[length];
            for (var i = 0; i < length; i++)
            {
                working[i] = !BankHolidays.IsWeekend(first.AddDays(i));
            }

            // Marking each year's holidays off is cheaper than asking about every day.
            for (var year = fromYear; year <= toYear; year++)
            {
                foreach (var holiday in holidays.InYear(year))
                {
                    working[holiday.DayNumber - first.DayNumber] = false;
                }
            }

            var counts = new int[length];
            var running = 0;
            for (var i = 0; i < length; i++)
            {
                running += working[i] ? 1 : 0;
                counts[i] = running;
            }

            return new RunningCounts(first.DayNumber, counts);
        }

        public bool Covers(int firstDay, int lastDay) => firstDay >= FirstDay && lastDay <= LastDay;

        public int Through(int day) => _counts[day - FirstDay];

        // Nothing before FirstDay is counted, so the running count just before it is 0.
        public bool IsWorking(int day) => Through(day) - (day == FirstDay ? 0 : Through(day - 1)) == 1;

        /// <summary>The first day in <c>[fromDay, toDay]</c> whose running count reaches <paramref name="target"/>;
        /// the count only steps up on working days, so that day is one.</summary>
        public int FirstReaching(int target, int fromDay, int toDay)
        {
            var lo = fromDay - FirstDay;
            var hi = toDay - FirstDay;
            while (lo < hi)
            {
                var mid = lo + ((hi - lo) / 2);
                if (_counts[mid] >= target)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            return FirstDay + lo;
        }
    }
}
