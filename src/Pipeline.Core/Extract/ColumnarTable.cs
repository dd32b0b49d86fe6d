using System.Collections;

namespace Pipeline.Extract;

/// <summary>
/// A read-only list of a table's records over its columns (<see cref="IdColumn"/> and the others): a record is
/// built when it is read, so only the rows a stage is looking at exist as objects.
/// </summary>
/// <remarks>
/// NOTE: every read builds a new record, so records from two reads are equal but not the same instance, and a
/// caller that reads a table many times pays for the records each time; groupings that keep records should keep
/// only the fields they need.
/// </remarks>
/// <param name="columns">Each record field's column by its name (null: a column the file did not have), for
/// <see cref="Field{TValue}"/>; none for a table whose fields cannot be read alone.</param>
/// <param name="rows">The column rows the table's rows are, when not all of them (a table that let rows go).</param>
public sealed class ColumnarTable<T>(int count, Func<int, T> materialise, IReadOnlyDictionary<string, object?>? columns = null, int[]? rows = null)
    : IReadOnlyList<T>, IList<T>, IColumnarTable
{
    public int Count { get; } = count;

    /// <summary>
    /// Reads the field <paramref name="name"/> (the record's property) of row i straight from its column, without building
    /// the record; null when the table cannot (no such column, or one of another type). See <see cref="FieldReads.Field"/>.
    /// </summary>
    public Func<int, TValue>? Field<TValue>(string name)
    {
        if (columns is null || !columns.TryGetValue(name, out var column))
        {
            return null;
        }

        if (column is null)
        {
            // The file had no such column: every record holds the type's default there.
            return _ => default!;
        }

        if (column.GetType().GetMethod("Get") is not { } get || get.ReturnType != typeof(TValue))
        {
            return null;
        }

        var read = get.CreateDelegate<Func<int, TValue>>(column);
        return rows is null ? read : row => read(rows[row]);
    }

    public Func<int, bool>? HasValue(string name)
    {
        if (columns is null || !columns.TryGetValue(name, out var column) || column is not IValuesColumn values)
        {
            return null;
        }

        return rows is null ? values.HasValueAt : row => values.HasValueAt(rows[row]);
    }

    /// <summary>
    /// Hashes row i's id in the field <paramref name="name"/> (<see cref="IdColumn.HashAt"/>) without building its string;
    /// null when that field is not held as an <see cref="IdColumn"/>.
    /// </summary>
    public Func<int, ulong>? IdHashes(string name)
    {
        if (columns is null || !columns.TryGetValue(name, out var column) || column is not IdColumn ids)
        {
            return null;
        }

        return rows is null ? ids.HashAt : row => ids.HashAt(rows[row]);
    }

    public bool IsReadOnly => true;

    public T this[int index]
    {
        get => (uint)index < (uint)Count ? materialise(index) : throw new ArgumentOutOfRangeException(nameof(index));
        set => throw new NotSupportedException();
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return materialise(i);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void CopyTo(T[] array, int arrayIndex)
    {
        for (var i = 0; i < Count; i++)
        {
            array[arrayIndex + i] = materialise(i);
        }
    }

    public int IndexOf(T item)
    {
        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < Count; i++)
        {
            if (comparer.Equals(materialise(i), item))
            {
                return i;
            }
        }

        return -1;
    }

    public bool Contains(T item) => IndexOf(item) >= 0;

    public void Add(T item) => throw new NotSupportedException();

    public void Clear() => throw new NotSupportedException();

    public void Insert(int index, T item) => throw new NotSupportedException();

    public bool Remove(T item) => throw new NotSupportedException();

    public void RemoveAt(int index) => throw new NotSupportedException();
}

/// <summary>A <see cref="ColumnarTable{T}"/> whatever its record type.</summary>
internal interface IColumnarTable
{
    int Count { get; }

    /// <summary>
    /// Whether row i has a value in the field <paramref name="name"/> (not null, and for text not blank), read from its column;
    /// null when the table cannot tell without building records (no such column held).
    /// </summary>
    Func<int, bool>? HasValue(string name);
}

/// <summary>Reading one field of a table's rows without building its records.</summary>
public static class FieldReads
{
    /// <summary>
    /// Row i's field <paramref name="name"/>: straight from its column when the table is held as columns (no record built:
    /// a rule that reads two fields of a large table pays for two, not for every field and an id string), otherwise through
    /// the record, by <paramref name="ofRecord"/>, which must read that same field.
    /// </summary>
    public static Func<int, TValue> Field<T, TValue>(this IReadOnlyList<T> rows, string name, Func<T, TValue> ofRecord) =>
        rows is ColumnarTable<T> table && table.Field<TValue>(name) is { } read ? read : row => ofRecord(rows[row]);

    /// <summary>
    /// Row i's id in the field <paramref name="name"/> hashed (<see cref="Quality.IdHash"/>): from its column's bytes when it is an
    /// id column (no string built), otherwise of the field as <see cref="Field{T, TValue}"/> reads it.
    /// </summary>
    public static Func<int, ulong> IdHashes<T>(this IReadOnlyList<T> rows, string name, Func<T, string> ofRecord)
    {
        if (rows is ColumnarTable<T> table && table.IdHashes(name) is { } hash)
        {
            return hash;
        }

        var id = rows.Field(name, ofRecord);
        return row => Quality.IdHash.Of(id(row));
    }
}
