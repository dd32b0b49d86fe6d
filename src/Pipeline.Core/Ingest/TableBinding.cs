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

/// <param name="Min">The smallest plausible number (NaN: no bound).</param>
/// <param name="Max">The largest plausible number (NaN: no bound).</param>
/// <param name="MaxAgeYears">For a date of birth, the most years before as_at it may be (0: no bound).</param>
/// <param name="PerRow">Text ids of the row's own that no other table names (<see cref="SsdAttribute.PerRow"/>).</param>
public sealed record ColumnBinding(string Name, ColumnKind Kind, bool IsKey, double Min = double.NaN, double Max = double.NaN, int MaxAgeYears = 0,
    bool PerRow = false)
{
    public bool HasRange => !double.IsNaN(Min) || !double.IsNaN(Max) || MaxAgeYears > 0;
}

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
        SsdOrder = table.SsdOrder;
        Columns = parameters.Select(p =>
        {
            var column = p.GetCustomAttribute<SsdAttribute>()
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} has no [Ssd].");
            var kind = KindOf(p.ParameterType);
            return column.PerRow && kind != ColumnKind.Text
                ? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} is PerRow, which only text can be.")
                : new ColumnBinding(column.Column, kind, column.Key, column.Min, column.Max, column.MaxAgeYears, column.PerRow);
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

    public IReadOnlyList<string> SsdOrder { get; }

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

    /// <summary>The table held as <paramref name="columns"/> (as for <see cref="Materialiser"/>), its records built as read.</summary>
    public ColumnarTable<T> Held(int count, IReadOnlyList<object?> columns, int[]? rows = null)
    {
        var materialise = Materialiser(columns);
        var byName = _constructor.GetParameters().Select((p, i) => (p.Name!, columns[i])).ToDictionary(c => c.Item1, c => c.Item2, StringComparer.Ordinal);
        return new ColumnarTable<T>(count, rows is null ? materialise : i => materialise(rows[i]), byName, rows);
    }

    public TableReadResult Read(CsvRecordReader csv, TableReadContext context, List<QuarantineEntry> quarantine, StringPool strings) =>
        TableReader.Read(this, csv, context, quarantine, strings);

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

    /// <summary>The SSD's column order, never-read columns included, for a table holding names; empty otherwise.</summary>
    IReadOnlyList<string> SsdOrder { get; }

    /// <summary>Whether the table holds names (children's or workers'): its quarantined values are kept only as shapes.</summary>
    bool HoldsNames => NeverRead.Count > 0;

    TableReadResult Read(CsvRecordReader csv, TableReadContext context, List<QuarantineEntry> quarantine, StringPool strings);
}
