namespace Pipeline.Synthetic;

/// <summary>
/// Dates inside the simulation are day numbers (<see cref="DateOnly.DayNumber"/>): plain ints are cheap to
/// compare and store for millions of records. Working days are Monday to Friday; bank holidays are ignored,
/// which moves timeliness figures by a point or so and keeps the arithmetic O(1).
/// </summary>
internal static class Days
{
    /// <summary>An end date that has not happened by as_at: written as an empty field.</summary>
    public const int Open = int.MaxValue;

    public static DateOnly ToDate(int day) => DateOnly.FromDayNumber(day);

    /// <summary>0 = Monday ... 6 = Sunday (day number 0 is Monday 0001-01-01).</summary>
    public static int Weekday(int day) => day % 7;

    /// <summary>The date <paramref name="n"/> (at least 1) working days after <paramref name="day"/>.</summary>
    public static int AddWorkingDays(int day, int n)
    {
        // Step back to the preceding Friday when starting on a weekend so the week arithmetic stays exact.
        var wd = Weekday(day);
        if (wd > 4)
        {
            day -= wd - 4;
            wd = 4;
        }

        var weeks = n / 5;
        var rest = n % 5;
        var result = day + (weeks * 7) + rest;
        if (wd + rest > 4)
        {
            result += 2;
        }

        return result;
    }

    /// <summary>The next working day on or after <paramref name="day"/>.</summary>
    public static int OnWorkingDay(int day)
    {
        var wd = Weekday(day);
        return wd < 5 ? day : day + (7 - wd);
    }

    /// <summary>The last working day on or before <paramref name="day"/>.</summary>
    public static int PreviousWorkingDay(int day)
    {
        var wd = Weekday(day);
        return wd < 5 ? day : day - (wd - 4);
    }

    public static int AddMonths(int day, int months) => ToDate(day).AddMonths(months).DayNumber;

    public static int AddYears(int day, int years) => ToDate(day).AddYears(years).DayNumber;

    /// <summary>Whole years from <paramref name="dob"/> to <paramref name="day"/>.</summary>
    public static int AgeAt(int dob, int day)
    {
        var d = ToDate(day);
        var b = ToDate(dob);
        var age = d.Year - b.Year;
        if (d.Month < b.Month || (d.Month == b.Month && d.Day < b.Day))
        {
            age--;
        }

        return age;
    }
}
