namespace Pipeline.Extract;

/// <summary>
/// What stretch of time one table of a set can answer for. An SSD table holds the council's records as its system keeps
/// them (no bound: <see cref="Complete"/>); a table filled from a statutory return holds what the return holds: a collection
/// year (1 April to 31 March) and whatever was open at its start, so an event before <see cref="From"/> may be missing and a
/// figure for a period that starts earlier would be wrong. The indicator engine publishes such a period unavailable, with
/// the reason, instead (<c>Indicators/Availability.cs</c>).
/// </summary>
/// <param name="From">The first day every event of the table is in the set (null: no bound).</param>
/// <param name="To">The last day the table describes (null: as_at).</param>
/// <param name="Source">Where the table came from, for messages (e.g. <c>SSDA903 2025-26 to 2026-27</c>).</param>
/// <param name="Limitation">Set when the table describes only part of what an indicator reading it counts, or describes it
/// differently (the SSDA903's social-worker episodes are looked-after children's only): every indicator that needs the table
/// is then unavailable with this reason, whatever the period.</param>
public sealed record TableCoverage(DateOnly? From, DateOnly? To, string Source, string? Limitation = null)
{
    /// <summary>A table as an SSD export gives it: everything the case-management system holds.</summary>
    public static TableCoverage Complete { get; } = new(null, null, "SSD");

    /// <summary>Why a period from <paramref name="start"/> to <paramref name="end"/> is not covered, or null when it is.</summary>
    /// <param name="lookBackFrom">The earliest day the figure reads (the period's start less any history the indicator looks back over).</param>
    public string? Gap(DateOnly lookBackFrom, DateOnly start, DateOnly end)
    {
        if (From is { } from && lookBackFrom < from)
        {
            return lookBackFrom == start ? $"before the data's coverage: {from:yyyy-MM-dd}"
                : lookBackFrom == DateOnly.MinValue ? $"before the data's coverage: {from:yyyy-MM-dd} (the figure reads all the history before its period)"
                : $"before the data's coverage: {from:yyyy-MM-dd} (the figure reads back to {lookBackFrom:yyyy-MM-dd})";
        }

        return To is { } to && end > to ? $"after the data's coverage: {to:yyyy-MM-dd}" : null;
    }
}
