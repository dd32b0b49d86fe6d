using System.Globalization;

namespace Pipeline.Extract;

/// <summary>
/// A date and, when the extract gave one, its time of day (the council's clock time, as its case-management system
/// records it). Only the MASH and supervision measures read times: the datetimes of the local extension tables, and
/// <c>cont_contact_date</c> read a second time beside the date every other indicator uses. Every other SSD datetime is
/// a <see cref="DateOnly"/> (extract contract: "the time part is dropped").
/// </summary>
/// <remarks>
/// A value written without a time part (<c>yyyy-MM-dd</c>, <c>dd/MM/yyyy</c>) has no time of day, and so does one whose
/// time is exactly midnight (<c>00:00:00.000</c>): that is how SQL Server writes a date-only field cast to datetime,
/// which is how most case-management systems' date fields reach an SSD export, and a real event logged at midnight to the
/// millisecond is rare enough that reading it by date costs less than reading every date-only field as midnight. A
/// timestamp without a time of day is judged by date (<see cref="Domain.ClockHours"/>). Times are kept to the millisecond.
/// </remarks>
public readonly record struct Timestamp
{
    public Timestamp(DateOnly date, TimeOnly? timeOfDay = null)
    {
        Date = date;
        TimeOfDay = timeOfDay == TimeOnly.MinValue ? null : timeOfDay;
    }

    public DateOnly Date { get; }

    /// <summary>Null when the value had no time of day (see the remarks on midnight).</summary>
    public TimeOnly? TimeOfDay { get; }

    public bool HasTimeOfDay => TimeOfDay is not null;

    /// <summary>The moment on the clock; a timestamp without a time of day is taken as the start of its day.</summary>
    public DateTime ToDateTime() => Date.ToDateTime(TimeOfDay ?? TimeOnly.MinValue);

    /// <summary><c>yyyy-MM-dd HH:mm</c>, with seconds when they are not 0; <c>yyyy-MM-dd</c> without a time of day.</summary>
    public override string ToString() => TimeOfDay is not { } time
        ? Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + time.ToString(time.Second == 0 && time.Millisecond == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);
}
