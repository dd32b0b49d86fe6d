using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Reference;

namespace Pipeline.Returns;

/// <summary>
/// The SSD tables a set of statutory returns fills as its files are read: one builder per table, the format each table is taken
/// from, the collection years each format gave, and the quarantine. What it builds is an ordinary extract set.
/// </summary>
/// <remarks>
/// A table is taken from one format: the first of the set's formats (CIN census, SSDA903, Annex A) that gives all of it, or, when
/// none does (<see cref="Ssda903Mapping.Limitations"/>), the first that gives it at all. <c>ssd_person</c> alone is merged from
/// every format, by id: each value from the first format (then the latest year) that gives it. Within a format, files are read
/// latest year first, and a record already read (the same derived id) is only filled in by an older copy.
/// </remarks>
public sealed class ReturnSet
{
    private readonly Dictionary<string, IRecordTableBuilder> _builders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExtractFormat> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<ExtractFormat, SortedSet<CollectionYear>> _years = [];
    private readonly StringPool _strings;

    public ReturnSet(ExtractManifest manifest, IngestLimits limits, List<QuarantineEntry> quarantine, StringPool strings)
    {
        Manifest = manifest;
        Limits = limits;
        Quarantine = quarantine;
        _strings = strings;
        var formats = manifest.Formats.Where(f => f != ExtractFormat.Ssd).Select(ReturnFormats.Of).ToList();
        foreach (var table in formats.SelectMany(f => f.Tables).Distinct(StringComparer.Ordinal))
        {
            var givers = formats.Where(f => f.Tables.Contains(table)).ToList();
            _sources[table] = (givers.FirstOrDefault(f => ReturnFormats.Limitation(f.Format, table) is null) ?? givers[0]).Format;
        }
    }

    public ExtractManifest Manifest { get; }

    public IngestLimits Limits { get; }

    public DateOnly AsAt => Manifest.AsAt;

    public List<QuarantineEntry> Quarantine { get; }

    /// <summary>The format the table is taken from in this set, or null when none of its formats fills it.</summary>
    public ExtractFormat? SourceOf(string table) => _sources.TryGetValue(table, out var format) ? format : null;

    /// <summary>The builder of <paramref name="table"/> for records of <paramref name="format"/>; null when the table is taken from another format.</summary>
    public IRecordTableBuilder? Builder(ExtractFormat format, string table)
    {
        if (table != "ssd_person" && SourceOf(table) != format)
        {
            return null;
        }

        if (!_builders.TryGetValue(table, out var builder))
        {
            var columns = table == "ssd_person"
                ? Manifest.Formats.Where(f => f != ExtractFormat.Ssd).SelectMany(f => ReturnFormats.Of(f).ColumnsOf(table))
                : ReturnFormats.Of(format).ColumnsOf(table);
            var rowType = SsdTables.Find(table)!.GetType().GetGenericArguments()[0];
            builder = (IRecordTableBuilder)Activator.CreateInstance(typeof(RecordTableBuilder<>).MakeGenericType(rowType), _strings, columns.Distinct().ToList(), 0)!;
            _builders[table] = builder;
        }

        return builder;
    }

    /// <summary>Notes that a file of <paramref name="format"/> for <paramref name="year"/> was read, for the tables' coverage.</summary>
    public void Covered(ExtractFormat format, CollectionYear year)
    {
        if (!_years.TryGetValue(format, out var years))
        {
            _years[format] = years = [];
        }

        years.Add(year);
    }

    /// <summary>The tables, the columns each has, and what time each covers.</summary>
    public (ImmutableDictionary<Type, object> Tables, ImmutableDictionary<string, ImmutableHashSet<string>> Columns, ImmutableDictionary<string, TableCoverage> Coverage) Build()
    {
        var tables = ImmutableDictionary.CreateBuilder<Type, object>();
        var columns = ImmutableDictionary.CreateBuilder<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
        var coverage = ImmutableDictionary.CreateBuilder<string, TableCoverage>(StringComparer.Ordinal);
        foreach (var (table, builder) in _builders.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            tables[builder.RowType] = builder.Build();
            columns[table] = builder.Columns;
            if (table != "ssd_person" && CoverageOf(_sources[table], table) is { } covered)
            {
                coverage[table] = covered;
            }
        }

        return (tables.ToImmutable(), columns.ToImmutable(), coverage.ToImmutable());
    }

    // A return covers its collection years, from the first of an unbroken run ending at the latest, up to as_at; Annex A covers
    // the six months to as_at (only as_at for what its lists give as the latest only).
    private TableCoverage? CoverageOf(ExtractFormat format, string table)
    {
        var limitation = ReturnFormats.Limitation(format, table);
        if (format == ExtractFormat.AnnexA)
        {
            var from = AnnexAMapping.LatestOnly.Contains(table) ? AsAt : AnnexAMapping.CoverageStart(AsAt);
            return new TableCoverage(from, AsAt, $"Annex A to {AsAt:yyyy-MM-dd}", limitation);
        }

        if (!_years.TryGetValue(format, out var years) || years.Count == 0)
        {
            return null;
        }

        var first = years.Max;
        while (years.Contains(new CollectionYear(first.StartYear - 1)))
        {
            first = new CollectionYear(first.StartYear - 1);
        }

        var to = years.Max.LastDay < AsAt ? years.Max.LastDay : AsAt;
        var source = first == years.Max ? $"{format.Title()} {first}" : $"{format.Title()} {first} to {years.Max}";
        return new TableCoverage(first.FirstDay, to, source, limitation);
    }
}

/// <summary>The declarations of every statutory format.</summary>
public static class ReturnFormats
{
    public static IReadOnlyList<ReturnFormat> All { get; } = [CinCensusMapping.Format, Ssda903Mapping.Format, AnnexAMapping.Format];

    public static ReturnFormat Of(ExtractFormat format) => All.FirstOrDefault(f => f.Format == format)
        ?? throw new ArgumentException($"{format.Name()} is not a statutory return", nameof(format));

    /// <summary>Why a table the format fills cannot give the indicators' figures (see <see cref="TableCoverage.Limitation"/>), or null.</summary>
    public static string? Limitation(ExtractFormat format, string table) => format switch
    {
        ExtractFormat.Ssda903 => Ssda903Mapping.Limitations.GetValueOrDefault(table),
        ExtractFormat.AnnexA => AnnexAMapping.Limitations.GetValueOrDefault(table),
        _ => null,
    };
}
