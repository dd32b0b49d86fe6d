using Pipeline.Extract;

namespace Pipeline.Indicators;

/// <summary>
/// Whether an indicator can be computed from an extract, decided the same way for every indicator from what it declares
/// (<see cref="IndicatorDefinition.Tables"/>, <see cref="IndicatorDefinition.Needs"/>, then its own
/// <see cref="IndicatorDefinition.Unavailable"/> check): an indicator whose numerator or denominator would rest on a
/// table or column that holds nothing is published unavailable with the reason, never as 0 (spec, "Unavailable, not zero").
/// </summary>
public static class Availability
{
    /// <summary>Why the indicator cannot be computed, naming the tables and columns; null when it can.</summary>
    public static string? Reason(IndicatorDefinition indicator, IndicatorInputs inputs)
    {
        var extract = inputs.Extract;
        var absent = indicator.Tables.Where(t => !extract.HasTable(t)).ToList();
        if (absent.Count > 0)
        {
            return $"{string.Join(", ", absent)} not in the extract";
        }

        var limited = indicator.Tables.Select(t => extract.CoverageOf(t)).Where(c => c.Limitation is not null).Select(c => c.Limitation!).Distinct().ToList();
        if (limited.Count > 0)
        {
            return string.Join("; ", limited);
        }

        var empty = indicator.Tables.Where(t => extract.RowCount(t) == 0).ToList();
        if (empty.Count > 0)
        {
            return $"{string.Join(", ", empty)} {(empty.Count == 1 ? "has" : "have")} no rows";
        }

        var unmet = indicator.ColumnNeeds
            .Select(anyOf => anyOf.Select(c => c.Problem(extract.StateOf(c.Table, c.Column))).ToList())
            .Where(problems => problems.All(p => p is not null))
            .Select(problems => string.Join(", and ", problems))
            .ToList();
        return unmet.Count > 0 ? string.Join("; ", unmet) : indicator.Unavailable?.Invoke(inputs);
    }

    /// <summary>
    /// Why the indicator has no figure for the period from <paramref name="start"/> to <paramref name="end"/> although it is available:
    /// a table it needs does not cover the period and the history the figure reads before it (<see cref="IndicatorDefinition.LookBack"/>);
    /// null when every one does. An SSD table covers everything; a table from a statutory return, its collection years.
    /// </summary>
    public static string? Uncovered(IndicatorDefinition indicator, ExtractSet extract, DateOnly start, DateOnly end)
    {
        var from = indicator.LookBack.From(start);
        return indicator.Tables.Select(t => extract.CoverageOf(t).Gap(from, start, end)).FirstOrDefault(g => g is not null);
    }
}
