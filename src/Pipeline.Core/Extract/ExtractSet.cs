using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;

namespace Pipeline.Extract;

/// <summary>
/// The typed, accepted rows of one extract set, table by table. A table the set did not contain (or whose
/// file was rejected) is absent, which is different from present and empty: indicators that need an
/// absent table are unavailable, never zero.
/// </summary>
public sealed class ExtractSet
{
    private readonly ImmutableDictionary<Type, object> _tables;
    private readonly ImmutableDictionary<string, ImmutableHashSet<string>> _columns;
    private readonly ImmutableDictionary<string, TableCoverage> _coverage;
    private readonly ConcurrentDictionary<(string Table, string Column), Lazy<ColumnState>> _states = new();

    /// <param name="tables">Each table's rows as an <see cref="IReadOnlyList{T}"/> of its record type.</param>
    /// <param name="columns">For each table read from a file, the SSD columns its header had; a table
    /// without an entry (built in memory) is taken to have every column.</param>
    /// <param name="coverage">For each table filled from a statutory return, the time it covers; a table without an entry
    /// (an SSD table) is <see cref="TableCoverage.Complete"/>.</param>
    public ExtractSet(ExtractManifest manifest, ImmutableDictionary<Type, object> tables, ImmutableDictionary<string, ImmutableHashSet<string>>? columns = null,
        ImmutableDictionary<string, TableCoverage>? coverage = null)
    {
        Manifest = manifest;
        _tables = tables;
        _columns = columns ?? ImmutableDictionary<string, ImmutableHashSet<string>>.Empty;
        _coverage = coverage ?? ImmutableDictionary<string, TableCoverage>.Empty;
    }

    public ExtractManifest Manifest { get; }

    public DateOnly AsAt => Manifest.AsAt;

    public string LaCode => Manifest.LaCode;

    public bool Has<T>() => _tables.ContainsKey(typeof(T));

    /// <summary>What stretch of time the table named <paramref name="table"/> answers for (<see cref="TableCoverage"/>).</summary>
    public TableCoverage CoverageOf(string table) =>
        _coverage.TryGetValue(table, out var coverage) ? coverage : TableCoverage.Complete;

    /// <summary>The coverage of every table that has one (tables from statutory returns), by table name.</summary>
    public ImmutableDictionary<string, TableCoverage> Coverage => _coverage;

    /// <summary>Whether the set holds the SSD table named <paramref name="table"/> (e.g. <c>ssd_cp_plans</c>).</summary>
    public bool HasTable(string table) => TypeOf(table) is not null;

    private Type? TypeOf(string table) =>
        _tables.Keys.FirstOrDefault(t => string.Equals(t.GetCustomAttribute<SsdTableAttribute>()?.Name, table, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the table's file had the column. Some definitions depend on it: a visit counts as "child seen"
    /// when the seen flag is Y, or when the extract has no seen column at all (<see cref="StateOf"/> also tells an empty one).
    /// </summary>
    public bool HasColumn(string table, string column) =>
        HasTable(table) && (!_columns.TryGetValue(table, out var present) || present.Contains(column));

    /// <summary>
    /// What the set holds of a column: no table, a table with no rows, no such column in its file, a column empty in every
    /// row, or values (<see cref="ColumnState"/>). Worked out once per column: a column with values is found at its first
    /// filled row; only an empty one is read to the end.
    /// </summary>
    // NOTE: a Lazy per column, so that rules asking at once (they run side by side) read an empty column once.
    public ColumnState StateOf(string table, string column) =>
        _states.GetOrAdd((table, column), key => new Lazy<ColumnState>(() => ReadStateOf(key.Table, key.Column))).Value;

    private ColumnState ReadStateOf(string table, string column)
    {
        if (TypeOf(table) is not { } type)
        {
            return ColumnState.TableAbsent;
        }

        // Every record type is a class, so any table's rows read as objects.
        var rows = (IReadOnlyCollection<object>)_tables[type];
        if (rows.Count == 0)
        {
            return ColumnState.TableEmpty;
        }

        var parameter = type.GetConstructors().Single().GetParameters()
            .FirstOrDefault(p => string.Equals(p.GetCustomAttribute<SsdAttribute>()?.Column, column, StringComparison.OrdinalIgnoreCase));
        if (parameter is null || !HasColumn(table, column))
        {
            return ColumnState.ColumnAbsent;
        }

        // A table held as columns answers from the column: an empty one is read to the end, and no record is built for it.
        if (rows is IColumnarTable columnar && columnar.HasValue(parameter.Name!) is { } hasValue)
        {
            for (var row = 0; row < columnar.Count; row++)
            {
                if (hasValue(row))
                {
                    return ColumnState.Filled;
                }
            }

            return ColumnState.ColumnEmpty;
        }

        var property = type.GetProperty(parameter.Name!)!;
        foreach (var row in rows)
        {
            if (property.GetValue(row) is { } value && (value is not string text || !string.IsNullOrWhiteSpace(text)))
            {
                return ColumnState.Filled;
            }
        }

        return ColumnState.ColumnEmpty;
    }

    /// <summary>The number of rows of the SSD table named <paramref name="table"/>; 0 when it is absent.</summary>
    public int RowCount(string table) => TypeOf(table) is { } type ? ((IReadOnlyCollection<object>)_tables[type]).Count : 0;

    /// <summary>Whether the column has a value in at least one row (<see cref="ColumnState.Filled"/>).</summary>
    public bool HasValues(string table, string column) => StateOf(table, column) == ColumnState.Filled;

    /// <summary>
    /// The table's records: a <see cref="ColumnarTable{T}"/> when read from a file (records built as they are read),
    /// or whatever read-only list of records the set was built with in memory (e.g. an <c>ImmutableArray</c>).
    /// </summary>
    public IReadOnlyList<T> Rows<T>() => _tables.TryGetValue(typeof(T), out var rows) ? (IReadOnlyList<T>)rows : [];

    /// <summary>
    /// The same set holding only the table of <typeparamref name="T"/>, its records copied out of the columns, so that
    /// the other tables (and the string pool their columns share) can be let go once the stages that read them are done.
    /// </summary>
    public ExtractSet KeepOnly<T>() =>
        new(Manifest,
            Has<T>() ? ImmutableDictionary<Type, object>.Empty.Add(typeof(T), Rows<T>().ToImmutableArray()) : ImmutableDictionary<Type, object>.Empty,
            _columns.Where(c => string.Equals(c.Key, typeof(T).GetCustomAttribute<SsdTableAttribute>()?.Name, StringComparison.OrdinalIgnoreCase))
                .ToImmutableDictionary(StringComparer.Ordinal),
            _coverage);

    public IReadOnlyList<Person> Persons => Rows<Person>();

    public IReadOnlyList<CinEpisode> CinEpisodes => Rows<CinEpisode>();

    public IReadOnlyList<Contact> Contacts => Rows<Contact>();

    public IReadOnlyList<Assessment> Assessments => Rows<Assessment>();

    public IReadOnlyList<S47Enquiry> S47Enquiries => Rows<S47Enquiry>();

    public IReadOnlyList<InitialCpConference> InitialCpConferences => Rows<InitialCpConference>();

    public IReadOnlyList<CpPlan> CpPlans => Rows<CpPlan>();

    public IReadOnlyList<CpVisit> CpVisits => Rows<CpVisit>();

    public IReadOnlyList<CpReview> CpReviews => Rows<CpReview>();

    public IReadOnlyList<CinPlan> CinPlans => Rows<CinPlan>();

    public IReadOnlyList<CinVisit> CinVisits => Rows<CinVisit>();

    public IReadOnlyList<ClaEpisode> ClaEpisodes => Rows<ClaEpisode>();

    public IReadOnlyList<ClaPlacement> ClaPlacements => Rows<ClaPlacement>();

    public IReadOnlyList<LegalStatus> LegalStatuses => Rows<LegalStatus>();

    public IReadOnlyList<ClaReview> ClaReviews => Rows<ClaReview>();

    public IReadOnlyList<ClaVisit> ClaVisits => Rows<ClaVisit>();

    public IReadOnlyList<ClaHealthCheck> ClaHealthChecks => Rows<ClaHealthCheck>();

    public IReadOnlyList<ClaCarePlan> ClaCarePlans => Rows<ClaCarePlan>();

    public IReadOnlyList<MissingEpisode> MissingEpisodes => Rows<MissingEpisode>();

    public IReadOnlyList<CareLeaver> CareLeavers => Rows<CareLeaver>();

    public IReadOnlyList<Disability> Disabilities => Rows<Disability>();

    public IReadOnlyList<ImmigrationStatus> ImmigrationStatuses => Rows<ImmigrationStatus>();

    public IReadOnlyList<Permanence> Permanences => Rows<Permanence>();

    public IReadOnlyList<Professional> Professionals => Rows<Professional>();

    public IReadOnlyList<Involvement> Involvements => Rows<Involvement>();

    public IReadOnlyList<Department> Departments => Rows<Department>();

    /// <summary>The local extension table ext_front_door_decisions.</summary>
    public IReadOnlyList<FrontDoorDecision> FrontDoorDecisions => Rows<FrontDoorDecision>();

    /// <summary>The local extension table ext_supervisions.</summary>
    public IReadOnlyList<Supervision> Supervisions => Rows<Supervision>();
}
