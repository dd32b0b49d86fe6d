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

    public async Task<byte[]> WriteAsync(IReadOnlyList<TRow> rows, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        var schema = new ParquetSchema(_columns.Select(c => (Field)c.Field).ToArray());
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy, UseDateOnlyTypeForDates = true };
        await using (var writer = await ParquetWriter.CreateAsync(schema, buffer, options, false, cancellationToken))
        {
            using var group = writer.CreateRowGroup();
            foreach (var (_, write) in _columns)
            {
                await write(group, rows, cancellationToken);
            }

            group.CompleteValidate();
        }

        return buffer.ToArray();
    }
}
