using System.Globalization;

namespace Pipeline.Domain;

/// <summary>
/// Which nights a snapshot can be for. An extract's <c>as_at</c> is the last complete day it covers, in the council's own
/// calendar (Europe/London): it cannot be after the day the extract was made, nor after today there (one day of slack for
/// an exporter whose clock runs on UTC across midnight), nor before the pipeline's records begin. A snapshot outside this
/// window can never become latest, and one already named by <c>latest.json</c> is replaced by the next plausible night.
/// </summary>
public static class AsAtRules
{
    /// <summary>No children's social care extract in SSD form describes a night before this.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    /// <summary>The council's calendar: business dates (as_at, "yesterday's set") are dates in England.</summary>
    public static TimeZoneInfo CouncilTimeZone { get; } = FindCouncilTimeZone();

    /// <summary>Today in the council's calendar.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), CouncilTimeZone).DateTime);

    /// <summary>The latest as_at any extract can have tonight: today in England plus one day.</summary>
    public static DateOnly Latest(TimeProvider clock) => Today(clock).AddDays(1);

    /// <summary>Whether a snapshot for <paramref name="asAt"/> could have been made by now (so may be, or stay, latest).</summary>
    public static bool IsPlausible(DateOnly asAt, TimeProvider clock) => asAt >= Earliest && asAt <= Latest(clock);

    /// <summary>
    /// Why <paramref name="asAt"/> cannot be a night's as_at, or null when it can. <paramref name="extractedAt"/> is the
    /// manifest's <c>extracted_at</c> text (ISO 8601, with or without a time and offset), or null when it has none.
    /// </summary>
    public static string? Check(DateOnly asAt, string? extractedAt, TimeProvider clock)
    {
        var day = Day(asAt);
        if (asAt < Earliest)
        {
            return $"manifest as_at {day} is before {Day(Earliest)}: no extract covers a night that early";
        }

        var latest = Latest(clock);
        if (asAt > latest)
        {
            return $"manifest as_at {day} is in the future (today in England is {Day(Today(clock))}); a snapshot can only be for a night that has ended";
        }

        if (extractedAt is null)
        {
            return null;
        }

        if (!TryExtractedDay(extractedAt, out var extracted))
        {
            return "manifest extracted_at is not an ISO 8601 date or date-time (e.g. 2026-11-01T01:12:44Z)";
        }

        return asAt > extracted
            ? $"manifest as_at {day} is after the day the extract was made (extracted_at {Day(extracted)}): an extract cannot cover a night that had not ended"
            : null;
    }

    // The day the extract was made, in England: a UTC time just after midnight in summer is already the next day there.
    private static bool TryExtractedDay(string text, out DateOnly day)
    {
        day = default;
        var trimmed = text.Trim();
        if (trimmed.Length == 10)
        {
            return DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
        }

        if (trimmed.Length < 16 || trimmed[4] != '-' || trimmed[10] is not ('T' or ' '))
        {
            return false;
        }

        var hasOffset = trimmed.EndsWith('Z') || trimmed[^6] is '+' or '-' && trimmed[^3] == ':';
        if (!DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, hasOffset ? DateTimeStyles.None : DateTimeStyles.AssumeUniversal, out var at))
        {
            return false;
        }

        day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, CouncilTimeZone).DateTime);
        return true;
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindCouncilTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        }
        catch (TimeZoneNotFoundException)
        {
            // A machine without time-zone data: UTC is at most an hour out, which the day of slack absorbs.
            return TimeZoneInfo.Utc;
        }
    }
}
