namespace Pipeline.Extract;

/// <summary>What an extract holds of one column: the question behind "unavailable, not zero".</summary>
public enum ColumnState
{
    /// <summary>The set has no such table (or its file was rejected).</summary>
    TableAbsent,

    /// <summary>The table is present with no rows.</summary>
    TableEmpty,

    /// <summary>The table's file has no such column.</summary>
    ColumnAbsent,

    /// <summary>The column is present and empty (or, after quarantine, unreadable) in every row.</summary>
    ColumnEmpty,

    /// <summary>At least one row has a value.</summary>
    Filled,
}

/// <summary>One SSD column, named as <c>table.column</c> (<c>ssd_cla_reviews.clar_cla_id</c>).</summary>
public sealed record SsdColumn(string Table, string Column)
{
    /// <summary>Reads <c>table.column</c>.</summary>
    public static SsdColumn Parse(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < name.Length - 1
            ? new SsdColumn(name[..dot].Trim(), name[(dot + 1)..].Trim())
            : throw new FormatException($"'{name}' is not table.column");
    }

    /// <summary>Why the column gives nothing to count, in words naming it; null when it is <see cref="ColumnState.Filled"/>.</summary>
    public string? Problem(ColumnState state) => state switch
    {
        ColumnState.TableAbsent => $"{Table} not in the extract",
        ColumnState.TableEmpty => $"{Table} has no rows",
        ColumnState.ColumnAbsent => $"{Column} not in {Table}",
        ColumnState.ColumnEmpty => $"{Column} empty in every row of {Table}",
        _ => null,
    };

    public override string ToString() => $"{Table}.{Column}";
}
