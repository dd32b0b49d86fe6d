namespace Pipeline.Domain;

/// <summary>The date conventions every indicator and rule uses (indicators spec, "Conventions").</summary>
public static class Dates
{
    /// <summary>A record starting <paramref name="start"/> and ending <paramref name="end"/> is open at
    /// <paramref name="date"/> when it started on or before it and has not ended by it: an end on the date
    /// itself means closed that day.</summary>
    public static bool IsOpenAt(DateOnly? start, DateOnly? end, DateOnly date) =>
        start is { } s && s <= date && (end is not { } e || e > date);

    /// <summary>Whole years from <paramref name="dateOfBirth"/> to <paramref name="date"/>.</summary>
    public static int AgeAt(DateOnly dateOfBirth, DateOnly date)
    {
        var age = date.Year - dateOfBirth.Year;
        return dateOfBirth.AddYears(age) > date ? age - 1 : age;
    }

    /// <summary>First day of "the 12 months ending at <paramref name="end"/>": <c>end.AddMonths(-12) + 1 day</c>.</summary>
    public static DateOnly TwelveMonthsEndingAt(DateOnly end) => end.AddMonths(-12).AddDays(1);

    public static DateOnly MonthEnd(DateOnly date) => new DateOnly(date.Year, date.Month, 1).AddMonths(1).AddDays(-1);

    public static DateOnly MonthStart(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>1 April of the financial year containing <paramref name="date"/>.</summary>
    public static DateOnly FinancialYearStart(DateOnly date) => new(date.Month >= 4 ? date.Year : date.Year - 1, 4, 1);

    /// <summary>Days from <paramref name="start"/> to <paramref name="end"/>, both included.</summary>
    public static int DaysInclusive(DateOnly start, DateOnly end) => end.DayNumber - start.DayNumber + 1;
}
