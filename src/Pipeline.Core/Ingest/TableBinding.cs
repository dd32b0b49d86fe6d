using System.Linq.Expressions;
using System.Reflection;
using Pipeline.Extract;
using Pipeline.Ingest.Csv;

namespace Pipeline.Ingest;

/// <summary>How a column's text becomes a value; decided by the record parameter's C# type.</summary>
public enum ColumnKind
{
    Text,
    Date,

    /// <summary>A datetime that keeps its time of day (<see cref="Extract.Timestamp"/>): the local extension tables only.</summary>
    Timestamp,
    Flag,
    Integer,
    Decimal,
    OutcomeJson,
}

public sealed record ColumnBinding(string Name, ColumnKind Kind, bool IsKey);

/// <summary>
/// The contract for one table, read off its record type: the SSD columns, their kinds, the keys, the
/// columns never read, and a compiled constructor so building a record costs a delegate call.
/// </summary>
public sealed class TableBinding<T> : ITableBinding
{
    private readonly Func<object?[], T> _create;
    private readonly ConstructorInfo _constructor;

    private TableBinding()
    {
        var table = typeof(T).GetCustomAttribute<SsdTableAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [SsdTable].");
        var constructor = typeof(T).GetConstructors().Single();
        var parameters = constructor.GetParameters();
        _constructor = constructor;

        Table = table.Name;
        NeverRead = table.NeverRead;
        Columns = parameters.Select(p =>
        {
            var column = p.GetCustomAttribute<SsdAttribute>()
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} has no [Ssd].");
            return new ColumnBinding(column.Column, KindOf(p.ParameterType), column.Key);
        }).ToArray();

        var values = Expression.Parameter(typeof(object?[]), "values");
        var arguments = parameters.Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(i)), p.ParameterType));
        _create = Expression.Lambda<Func<object?[], T>>(Expression.New(constructor, arguments), values).Compile();
    }

    public static TableBinding<T> Instance { get; } = new();

    public string Table { get; }

    public IReadOnlyList<ColumnBinding> Columns { get; }

    public IReadOnlyList<string> NeverRead { get; }

    /// <summary>Builds a record from values already parsed to each column's kind (null for empty).</summary>
    public T Create(object?[] values) => _create(values);

    /// <summary>
    /// Compiles the reader of row i of a table held as <paramref name="columns"/> (one per constructor parameter,
    /// null for a column the file did not have): each column's typed Get, straight into the constructor, no boxing.
    /// </summary>
    public Func<int, T> Materialiser(IReadOnlyList<object?> columns)
    {
        var row = Expression.Parameter(typeof(int), "row");
        var arguments = _constructor.GetParameters().Select((p, i) => columns[i] is { } column
            ? Expression.Convert(Expression.Call(Expression.Constant(column), column.GetType().GetMethod("Get")!, row), p.ParameterType)
            : (Expression)Expression.Default(p.ParameterType));
        return Expression.Lambda<Func<int, T>>(Expression.New(_constructor, arguments), row).Compile();
    }

    public TableReadResult Read(CsvRecordReader csv, string file, string sha256, List<QuarantineEntry> quarantine, StringPool strings, int expectedRows = 0) =>
        TableReader.Read(this, csv, file, sha256, quarantine, strings, expectedRows);

    private static ColumnKind KindOf(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => ColumnKind.Text,
        var t when t == typeof(DateOnly) => ColumnKind.Date,
        var t when t == typeof(Timestamp) => ColumnKind.Timestamp,
        var t when t == typeof(bool) => ColumnKind.Flag,
        var t when t == typeof(int) => ColumnKind.Integer,
        var t when t == typeof(double) => ColumnKind.Decimal,
        var t when t == typeof(OutcomeFlags) => ColumnKind.OutcomeJson,
        var t => throw new InvalidOperationException($"No column kind for {t.Name}."),
    };
}

public interface ITableBinding
{
    string Table { get; }

    IReadOnlyList<ColumnBinding> Columns { get; }

    IReadOnlyList<string> NeverRead { get; }

    /// <param name="expectedRows">The manifest's row count, to size the columns (a hint, never trusted).</param>
    TableReadResult Read(CsvRecordReader csv, string file, string sha256, List<QuarantineEntry> quarantine, StringPool strings, int expectedRows = 0);
}
