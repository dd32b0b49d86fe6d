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
    /// The records of the rows whose field <paramref name="field"/> passes <paramref name="keep"/>: the field read from its column
    /// (<see cref="FieldReads.Field"/>), the record built only for the rows kept.
    /// </summary>
    // NOTE: a rule or lookup passing over every row of a large table for its few findings spent its time and memory building records.
    public static IEnumerable<T> RowsWhere<T, TA>(this IReadOnlyList<T> rows, (string Name, Func<T, TA> Read) field, Func<TA, bool> keep)
    {
        var a = rows.Field(field.Name, field.Read);
        return rows.RowsWhere(row => keep(a(row)));
    }

    /// <summary>The records of the rows whose two fields pass <paramref name="keep"/>, as <see cref="RowsWhere{T, TA}"/>.</summary>
    public static IEnumerable<T> RowsWhere<T, TA, TB>(this IReadOnlyList<T> rows, (string Name, Func<T, TA> Read) first, (string Name, Func<T, TB> Read) second,
        Func<TA, TB, bool> keep)
    {
        var (a, b) = (rows.Field(first.Name, first.Read), rows.Field(second.Name, second.Read));
        return rows.RowsWhere(row => keep(a(row), b(row)));
    }

    /// <summary>The records of the rows whose three fields pass <paramref name="keep"/>, as <see cref="RowsWhere{T, TA}"/>.</summary>
    public static IEnumerable<T> RowsWhere<T, TA, TB, TC>(this IReadOnlyList<T> rows, (string Name, Func<T, TA> Read) first, (string Name, Func<T, TB> Read) second,
        (string Name, Func<T, TC> Read) third, Func<TA, TB, TC, bool> keep)
    {
        var (a, b, c) = (rows.Field(first.Name, first.Read), rows.Field(second.Name, second.Read), rows.Field(third.Name, third.Read));
        return rows.RowsWhere(row => keep(a(row), b(row), c(row)));
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
