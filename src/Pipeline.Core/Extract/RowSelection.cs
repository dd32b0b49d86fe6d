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

    /// <summary>
    /// The row numbers 0 to <paramref name="count"/> - 1 by key (<paramref name="keyOf"/> of a row, a child's or a plan's id; rows
    /// without one left out), keys in the order first seen and each key's rows in row order, held as one array sliced by key.
    /// </summary>
    public static GroupedRows GroupedBy(int count, Func<int, string?> keyOf)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var children = new List<string>();
        var childOfRow = new int[count];
        var kept = 0;
        for (var row = 0; row < count; row++)
        {
            if (keyOf(row) is not { } child)
            {
                childOfRow[row] = -1;
                continue;
            }

            if (!index.TryGetValue(child, out var i))
            {
                index[child] = i = children.Count;
                children.Add(child);
            }

            childOfRow[row] = i;
            kept++;
        }

        var starts = new int[children.Count + 1];
        foreach (var i in childOfRow)
        {
            if (i >= 0)
            {
                starts[i + 1]++;
            }
        }

        for (var i = 0; i < children.Count; i++)
        {
            starts[i + 1] += starts[i];
        }

        var rows = new int[kept];
        var next = starts[..^1];
        for (var row = 0; row < count; row++)
        {
            if (childOfRow[row] is var i and >= 0)
            {
                rows[next[i]++] = row;
            }
        }

        return new GroupedRows(children, rows, starts);
    }
}

/// <summary>Row numbers grouped by key (<see cref="RowSelection.GroupedBy"/>): key i's rows are <c>Rows[Starts[i]..Starts[i + 1]]</c>.</summary>
public readonly record struct GroupedRows(List<string> Keys, int[] Rows, int[] Starts)
{
    /// <summary>The rows of key <paramref name="i"/>, in row order until a caller sorts them.</summary>
    public Span<int> Of(int i) => Rows.AsSpan(Starts[i], Starts[i + 1] - Starts[i]);

    /// <summary>Each key's value, made of its rows (which <paramref name="make"/> may reorder), in the order keys were first seen.</summary>
    public Dictionary<string, TValue> Build<TValue>(Func<string, Span<int>, TValue> make)
    {
        var values = new Dictionary<string, TValue>(Keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < Keys.Count; i++)
        {
            values.Add(Keys[i], make(Keys[i], Of(i)));
        }

        return values;
    }
}
