using Parquet;
using Parquet.Schema;

namespace Pipeline.Publish;

/// <summary>
/// A Parquet layout for a row type: named columns and how to read each from a row. Written with Parquet.Net's
/// column API so the schema (names, types, nullability) is exactly what BI tools see, whatever the C# shape.
/// </summary>
public sealed class ParquetTable<TRow>
{
    private readonly List<(DataField Field, Func<ParquetRowGroupWriter, IReadOnlyList<TRow>, CancellationToken, Task> Write)> _columns = [];

    /// <summary>A string column; null values are allowed.</summary>
    public ParquetTable<TRow> Text(string name, Func<TRow, string?> value)
    {
        var field = new DataField<string>(name, nullable: true);
        _columns.Add((field, (group, rows, _) => group.WriteAsync(field, rows.Select(value).ToArray()!, null)));
        return this;
    }

    /// <summary>A value column that is never null (dates, booleans, counts).</summary>
    public ParquetTable<TRow> Required<T>(string name, Func<TRow, T> value)
        where T : struct
    {
        var field = new DataField<T>(name, nullable: false);
        _columns.Add((field, (group, rows, ct) => group.WriteAsync(field, new ReadOnlyMemory<T>(rows.Select(value).ToArray()), null, null, ct)));
        return this;
    }

    /// <summary>A value column that may be null.</summary>
    public ParquetTable<TRow> Optional<T>(string name, Func<TRow, T?> value)
        where T : struct
    {
        var field = new DataField<T?>(name, nullable: true);
        _columns.Add((field, (group, rows, ct) => group.WriteAsync(field, new ReadOnlyMemory<T?>(rows.Select(value).ToArray()), null, null, ct)));
        return this;
    }

    public IEnumerable<string> ColumnNames => _columns.Select(c => c.Field.Name);

    /// <summary>
    /// Reads a file this library wrote back into columns by name (for the pipeline's own use: last night's issues).
    /// Strings come back as <c>string?[]</c>, dates as <c>DateOnly[]</c>, other values as arrays of their type.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, Array>> ReadColumnsAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var options = new ParquetOptions { UseDateOnlyTypeForDates = true };
        await using var reader = await ParquetReader.CreateAsync(stream, options, false, cancellationToken);
        var columns = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = (int)group.RowCount;
            foreach (var field in reader.Schema.DataFields)
            {
                var values = columns.TryGetValue(field.Name, out var existing) ? existing : columns[field.Name] = [];
                values.AddRange(await ReadColumnAsync(group, field, rows, cancellationToken));
            }
        }

        return columns.ToDictionary(c => c.Key, c => ToTypedArray(c.Value, reader.Schema.DataFields.First(f => f.Name == c.Key)), StringComparer.Ordinal);
    }

    private static async Task<IEnumerable<object?>> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var type = ValueType(field);
        if (type == typeof(string))
        {
            var text = new string?[rows];
            await group.ReadAsync(field, text.AsMemory(), null, cancellationToken);
            return text;
        }

        if (type == typeof(DateOnly))
        {
            return field.IsNullable ? await ReadNullable<DateOnly>(group, field, rows, cancellationToken) : await ReadRequired<DateOnly>(group, field, rows, cancellationToken);
        }

        if (type == typeof(long))
        {
            return field.IsNullable ? await ReadNullable<long>(group, field, rows, cancellationToken) : await ReadRequired<long>(group, field, rows, cancellationToken);
        }

        if (type == typeof(int))
        {
            return field.IsNullable ? await ReadNullable<int>(group, field, rows, cancellationToken) : await ReadRequired<int>(group, field, rows, cancellationToken);
        }

        if (type == typeof(bool))
        {
            return field.IsNullable ? await ReadNullable<bool>(group, field, rows, cancellationToken) : await ReadRequired<bool>(group, field, rows, cancellationToken);
        }

        return field.IsNullable ? await ReadNullable<double>(group, field, rows, cancellationToken) : await ReadRequired<double>(group, field, rows, cancellationToken);
    }

    private static async Task<IEnumerable<object?>> ReadRequired<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T[rows];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
        return values.Cast<object?>();
    }

    private static async Task<IEnumerable<object?>> ReadNullable<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync(field, values.AsMemory(), null, cancellationToken);
        return values.Cast<object?>();
    }

    // Parquet.Net presents byte-array strings as ReadOnlyMemory<char>; they are read back as strings.
    private static Type ValueType(DataField field)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        return type == typeof(ReadOnlyMemory<char>) ? typeof(string) : type;
    }

    private static Array ToTypedArray(List<object?> values, DataField field)
    {
        var type = ValueType(field);
        var elementType = type == typeof(string) ? typeof(string) : field.IsNullable ? typeof(Nullable<>).MakeGenericType(type) : type;
        var array = Array.CreateInstance(elementType, values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            array.SetValue(values[i], i);
        }

        return array;
    }

    /// <summary>Writes <paramref name="rows"/> as a file of one row group.</summary>
    public Task<byte[]> WriteAsync(IReadOnlyList<TRow> rows, CancellationToken cancellationToken = default) =>
        WriteRowGroupsAsync([rows], cancellationToken);

    /// <summary>
    /// Writes a file of one row group per element of <paramref name="rowGroups"/>, taken one at a time, so a large
    /// dataset never needs all its rows at once. With none, the file has one empty row group, as for no rows.
    /// </summary>
    public async Task<byte[]> WriteRowGroupsAsync(IEnumerable<IReadOnlyList<TRow>> rowGroups, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        var schema = new ParquetSchema(_columns.Select(c => (Field)c.Field).ToArray());
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, UseDateOnlyTypeForDates = true };
        await using (var writer = await ParquetWriter.CreateAsync(schema, buffer, options, false, cancellationToken))
        {
            var written = false;
            foreach (var rows in rowGroups)
            {
                await WriteRowGroupAsync(writer, rows, cancellationToken);
                written = true;
            }

            if (!written)
            {
                await WriteRowGroupAsync(writer, [], cancellationToken);
            }
        }

        return buffer.ToArray();
    }

    private async Task WriteRowGroupAsync(ParquetWriter writer, IReadOnlyList<TRow> rows, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        foreach (var (_, write) in _columns)
        {
            await write(group, rows, cancellationToken);
        }

        group.CompleteValidate();
    }
}
