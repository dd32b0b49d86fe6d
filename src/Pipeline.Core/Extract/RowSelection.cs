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

    /// <summary>
    /// Every row's field <paramref name="name"/>, in row order, read from its column (<see cref="FieldReads.Field"/>;
    /// <paramref name="read"/> reads the same field of a record, for a table not held as columns).
    /// </summary>
    public static IEnumerable<TValue> Values<T, TValue>(this IReadOnlyList<T> rows, string name, Func<T, TValue> read)
    {
        var field = rows.Field(name, read);
        return rows.RowNumbers().Select(field);
    }

    /// <summary>The row numbers 0 to Count - 1, for a pass that reads fields by row (<see cref="FieldReads.Field"/>).</summary>
    public static IEnumerable<int> RowNumbers<T>(this IReadOnlyList<T> rows) => Enumerable.Range(0, rows.Count);
}
