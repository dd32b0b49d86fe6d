using Pipeline.Extract;

namespace Pipeline.Domain;

/// <summary>
/// Clock-hour windows, as the MASH measures count them ("a decision within 24 hours", "completed in 72 hours"): hours on
/// the clock, weekends and bank holidays included, unlike <see cref="WorkingDayCalendar.WD"/>, which counts working days.
/// The one implementation the indicators and the data-quality rules call.
/// </summary>
/// <remarks>
/// When both timestamps have a time of day, the window is the exact span (no more than <c>hours</c> is inside: a decision
/// 24 h 00 min after its contact is in time, 24 h 01 min is not). When either has none, it is judged by date, a day for each
/// 24 hours (indicators spec, "Local extensions"): within 24 hours is on the start's day or the next, within 72 hours on the
/// start's day or one of the three after. Windows are whole days so that the date rule can apply.
/// </remarks>
public static class ClockHours
{
    /// <summary>Whether <paramref name="later"/> is before <paramref name="start"/>: by the clock when both have a time, else by date.</summary>
    public static bool IsBefore(Timestamp later, Timestamp start) =>
        later.HasTimeOfDay && start.HasTimeOfDay ? later.ToDateTime() < start.ToDateTime() : later.Date < start.Date;

    /// <summary>Whether <paramref name="end"/> is no more than <paramref name="hours"/> after <paramref name="start"/> (and not before it).</summary>
    public static bool IsWithin(Timestamp start, Timestamp end, int hours)
    {
        var days = WholeDays(hours);
        if (IsBefore(end, start))
        {
            return false;
        }

        return start.HasTimeOfDay && end.HasTimeOfDay
            ? end.ToDateTime() - start.ToDateTime() <= TimeSpan.FromHours(hours)
            : end.Date.DayNumber - start.Date.DayNumber <= days;
    }

    /// <summary>
    /// Whether the window of <paramref name="hours"/> from <paramref name="start"/> has closed by the end of
    /// <paramref name="asAt"/> (the last complete day the extract covers), so an event without its decision is late rather
    /// than not yet due. By date for a start without a time of day: its last day is on or before as_at.
    /// </summary>
    public static bool HasClosedBy(Timestamp start, int hours, DateOnly asAt)
    {
        var days = WholeDays(hours);
        var endOfAsAt = asAt.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return start.HasTimeOfDay
            ? start.ToDateTime().AddHours(hours) <= endOfAsAt
            : start.Date.DayNumber + days <= asAt.DayNumber;
    }

    private static int WholeDays(int hours) => hours > 0 && hours % 24 == 0
        ? hours / 24
        : throw new ArgumentOutOfRangeException(nameof(hours), hours, "a window of whole days, so that the date-only rule applies");
}
