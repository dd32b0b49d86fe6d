using System.Text.Json;
using Pipeline.Synthetic;

namespace Pipeline.Tests.Synthetic.Support;

/// <summary>A generated extract set in a temporary folder, with its tables read back on demand.</summary>
public sealed class GeneratedSet : IDisposable
{
    private readonly Dictionary<string, CsvTable> _tables = new(StringComparer.Ordinal);

    public GeneratedSet(GeneratorOptions options, string? folder = null)
    {
        Options = options;
        Directory = folder ?? Path.Combine(Path.GetTempPath(), "synthetic-tests", Guid.NewGuid().ToString("N"));
        Summary = ExtractGenerator.Generate(options, Directory);
    }

    public GeneratorOptions Options { get; }

    public string Directory { get; }

    public GenerationSummary Summary { get; }

    public DateOnly AsAt => Options.AsAt;

    public string FileOf(string table) => Path.Combine(Directory, table + (Options.Gzip ? ".csv.gz" : ".csv"));

    public CsvTable this[string table]
    {
        get
        {
            if (!_tables.TryGetValue(table, out var loaded))
            {
                loaded = CsvTable.Load(FileOf(table));
                _tables[table] = loaded;
            }

            return loaded;
        }
    }

    public JsonDocument Manifest() => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, ExtractGenerator.ManifestFileName)));

    public JsonDocument Anomalies() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, ExtractGenerator.SidecarFolder, ExtractGenerator.AnomaliesFileName)));

    /// <summary>Every file of the set, relative path to bytes (tables, manifest and sidecar).</summary>
    public SortedDictionary<string, byte[]> AllFiles()
    {
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.GetFiles(Directory, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(Directory, path)] = File.ReadAllBytes(path);
        }

        return files;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over clean-up.
        }
    }
}

/// <summary>
/// The sets most tests read, generated once per test run: a clean mid-sized council for the plausibility and
/// integrity checks and a small one with anomalies. Sizes are kept small so the suite stays fast.
/// </summary>
public sealed class SharedSets : IDisposable
{
    public static readonly DateOnly AsAt = new(2024, 3, 31);

    private readonly Lazy<GeneratedSet> _clean = new(() => new GeneratedSet(new GeneratorOptions { Children = 20000, AsAt = AsAt, Seed = 2024 }));
    private readonly Lazy<GeneratedSet> _anomalous = new(() => new GeneratedSet(new GeneratorOptions { Children = 8000, AsAt = AsAt, Seed = 77, Anomalies = true }));

    /// <summary>20,000 children, six years, no anomalies.</summary>
    public GeneratedSet Clean => _clean.Value;

    /// <summary>8,000 children, six years, with anomalies.</summary>
    public GeneratedSet Anomalous => _anomalous.Value;

    public void Dispose()
    {
        if (_clean.IsValueCreated)
        {
            _clean.Value.Dispose();
        }

        if (_anomalous.IsValueCreated)
        {
            _anomalous.Value.Dispose();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedSetsCollection : ICollectionFixture<SharedSets>
{
    public const string Name = "Generated extract sets";
}

/// <summary>Monday-to-Friday working days, as the generator approximates them.</summary>
public static class WorkingDays
{
    /// <summary>Working days d with a &lt; d &lt;= b.</summary>
    public static int Between(DateOnly a, DateOnly b)
    {
        var count = 0;
        for (var d = a.AddDays(1); d <= b; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                count++;
            }
        }

        return count;
    }
}
