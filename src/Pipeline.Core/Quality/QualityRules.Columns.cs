using Pipeline.Extract;
using Pipeline.Indicators;

namespace Pipeline.Quality;

// Columns the indicators rely on that hold nothing: the other half of "unavailable, not zero". An indicator that needs
// such a column is published unavailable with the reason (Indicators/Availability.cs); this family tells the data team
// which column to fill. The columns are the catalogue's own declarations, so the two cannot disagree.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> Columns() =>
    [
        new()
        {
            Code = "column_empty",
            Title = "Column an indicator needs is empty in every row, or missing",
            Severity = Severity.Warning,
            Tables = [.. CatalogueColumns().Select(c => c.Column.Table).Distinct()],
            Fields = "columns the indicators need",
            Description = "A column that an indicator needs a value in (as each indicator's definition declares) is empty in every row of "
                + "its table, or missing from the table's file, while the table has rows: the indicators that need it are published "
                + "unavailable rather than 0. A child-seen flag empty in every row is read as absent (every visit counts as the child "
                + "seen), and is reported too. One finding per column: the record id is the column's name."
                + " The DfE has nothing like it: it is about what the indicators can count.",
            Find = inputs => CatalogueColumns()
                .GroupBy(c => c.Column)
                .Select(g => (Column: g.Key, State: inputs.Extract.StateOf(g.Key.Table, g.Key.Column), Uses: g.ToList()))
                .Where(x => x.State == ColumnState.ColumnEmpty || (x.State == ColumnState.ColumnAbsent && x.Uses.Any(u => u.Needed)))
                .Select(x => new DqFinding(x.Column.Table, x.Column.Column, null, x.Column.Column,
                    ColumnMessage(x.Column, x.State, inputs.Extract.RowCount(x.Column.Table), x.Uses),
                    $"column_empty:{x.Column.Table}:{x.Column.Column}")),
        },
    ];

    private sealed record ColumnUse(SsdColumn Column, string IndicatorId, bool Needed);

    /// <summary>Every column the catalogue declares: needed ones, and those whose absence has a meaning.</summary>
    private static IEnumerable<ColumnUse> CatalogueColumns() =>
        Catalogue.All.SelectMany(i => i.ColumnNeeds.SelectMany(anyOf => anyOf).Select(c => new ColumnUse(c, i.Id, true))
            .Concat(i.EmptyMeansAbsent.Select(SsdColumn.Parse).Select(c => new ColumnUse(c, i.Id, false))));

    private static string ColumnMessage(SsdColumn column, ColumnState state, int rows, List<ColumnUse> uses)
    {
        var where = state == ColumnState.ColumnEmpty ? $"empty in every one of the {rows} rows of {column.Table}" : $"not in the file of {column.Table}";
        var needed = uses.Where(u => u.Needed).Select(u => u.IndicatorId).Distinct().ToList();
        var absentMeaning = uses.Where(u => !u.Needed).Select(u => u.IndicatorId).Distinct().ToList();
        return $"{column.Column} is {where}"
            + (needed.Count > 0 ? $"; needed by {string.Join(", ", needed)}" : "")
            + (absentMeaning.Count > 0 ? $"; read as absent by {string.Join(", ", absentMeaning)} (every visit counts as the child seen)" : "");
    }
}
