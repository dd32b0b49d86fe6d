namespace Pipeline.Extract;

/// <summary>Building records only for the rows a pass keeps.</summary>
public static class RowSelection
{
    /// <summary>
    /// The records of the rows <paramref name="keep"/> holds for, in row order. <paramref name="keep"/> tests fields read from
    /// their columns (<see cref="FieldReads.Field"/>), so a rule that reports a few rows of a large table builds only those.
    /// </summary>
    public static IEnumerable<T> RowsWhere<T>(this IReadOnlyList<T> rows, Func<int, bool> keep)
    {
        for (var row = 0; row < rows.Count; row++)
        {
            if (keep(row))
            {
                yield return rows[row];
            }
        }
    }

    /// <summary>The row numbers 0 to Count - 1, for a pass that reads fields by row (<see cref="FieldReads.Field"/>).</summary>
    public static IEnumerable<int> RowNumbers<T>(this IReadOnlyList<T> rows) => Enumerable.Range(0, rows.Count);
}
