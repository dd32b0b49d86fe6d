using Pipeline.Domain;

namespace Pipeline.Synthetic;

/// <summary>
/// Dates inside the simulation are day numbers (<see cref="DateOnly.DayNumber"/>): plain ints are cheap to
/// compare and store for millions of records. Working days come from the pipeline's own calendar (weekdays
/// less England and Wales bank holidays), so a conference is never dated on a bank holiday.
/// </summary>
internal static class Days
{
    private static readonly WorkingDayCalendar Calendar = new(BankHolidays.Default);

    /// <summary>An end date that has not happened by as_at: written as an empty field.</summary>
    public const int Open = int.MaxValue;

    public static DateOnly ToDate(int day) => DateOnly.FromDayNumber(day);

    /// <summary>0 = Monday ... 6 = Sunday (day number 0 is Monday 0001-01-01).</summary>
    public static int Weekday(int day) => day % 7;

    /// <summary>The date <paramref name="n"/> (at least 1) working days after <paramref name="day"/>.</summary>
    public static int AddWorkingDays(int day, int n) => Calendar.AddWorkingDays(ToDate(day), n).DayNumber;

    public static bool IsWorkingDay(int day) => Calendar.IsWorkingDay(ToDate(day));

    /// <summary>The next working day on or after <paramref name="day"/>.</summary>
    public static int OnWorkingDay(int day)
    {
        while (!Calendar.IsWorkingDay(ToDate(day)))
        {
            day++;
        }

        return day;
    }

    /// <summary>The last working day on or before <paramref name="day"/>.</summary>
    public static int PreviousWorkingDay(int day)
    {
        while (!Calendar.IsWorkingDay(ToDate(day)))
        {
            day--;
        }

        return day;
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
