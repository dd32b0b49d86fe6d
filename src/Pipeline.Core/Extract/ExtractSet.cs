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

    /// <param name="columns">For each table read from a file, the SSD columns its header had; a table
    /// without an entry (built in memory) is taken to have every column.</param>
    public ExtractSet(ExtractManifest manifest, ImmutableDictionary<Type, object> tables, ImmutableDictionary<string, ImmutableHashSet<string>>? columns = null)
    {
        Manifest = manifest;
        _tables = tables;
        _columns = columns ?? ImmutableDictionary<string, ImmutableHashSet<string>>.Empty;
    }

    public ExtractManifest Manifest { get; }

    public DateOnly AsAt => Manifest.AsAt;

    public string LaCode => Manifest.LaCode;

    public bool Has<T>() => _tables.ContainsKey(typeof(T));

    /// <summary>Whether the set holds the SSD table named <paramref name="table"/> (e.g. <c>ssd_cp_plans</c>).</summary>
    public bool HasTable(string table) =>
        _tables.Keys.Any(t => string.Equals(t.GetCustomAttribute<SsdTableAttribute>()?.Name, table, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the table's file had the column. Some definitions depend on it: a visit counts as "child seen"
    /// when the seen flag is Y, or when the extract has no seen column at all.
    /// </summary>
    public bool HasColumn(string table, string column) =>
        HasTable(table) && (!_columns.TryGetValue(table, out var present) || present.Contains(column));

    public ImmutableArray<T> Rows<T>() => _tables.TryGetValue(typeof(T), out var rows) ? (ImmutableArray<T>)rows : [];

    public ImmutableArray<Person> Persons => Rows<Person>();

    public ImmutableArray<CinEpisode> CinEpisodes => Rows<CinEpisode>();

    public ImmutableArray<Contact> Contacts => Rows<Contact>();

    public ImmutableArray<Assessment> Assessments => Rows<Assessment>();

    public ImmutableArray<S47Enquiry> S47Enquiries => Rows<S47Enquiry>();

    public ImmutableArray<InitialCpConference> InitialCpConferences => Rows<InitialCpConference>();

    public ImmutableArray<CpPlan> CpPlans => Rows<CpPlan>();

    public ImmutableArray<CpVisit> CpVisits => Rows<CpVisit>();

    public ImmutableArray<CpReview> CpReviews => Rows<CpReview>();

    public ImmutableArray<CinPlan> CinPlans => Rows<CinPlan>();

    public ImmutableArray<CinVisit> CinVisits => Rows<CinVisit>();

    public ImmutableArray<ClaEpisode> ClaEpisodes => Rows<ClaEpisode>();

    public ImmutableArray<ClaPlacement> ClaPlacements => Rows<ClaPlacement>();

    public ImmutableArray<LegalStatus> LegalStatuses => Rows<LegalStatus>();

    public ImmutableArray<ClaReview> ClaReviews => Rows<ClaReview>();

    public ImmutableArray<ClaVisit> ClaVisits => Rows<ClaVisit>();

    public ImmutableArray<ClaHealthCheck> ClaHealthChecks => Rows<ClaHealthCheck>();

    public ImmutableArray<ClaCarePlan> ClaCarePlans => Rows<ClaCarePlan>();

    public ImmutableArray<MissingEpisode> MissingEpisodes => Rows<MissingEpisode>();

    public ImmutableArray<CareLeaver> CareLeavers => Rows<CareLeaver>();

    public ImmutableArray<Professional> Professionals => Rows<Professional>();

    public ImmutableArray<Involvement> Involvements => Rows<Involvement>();

    public ImmutableArray<Department> Departments => Rows<Department>();
}
