using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipeline.Synthetic;

/// <summary>What to generate: a council of <see cref="Children"/> children, history up to <see cref="AsAt"/>.</summary>
public sealed class GeneratorOptions
{
    /// <summary>The council's population aged 0-17 (in the as_at year).</summary>
    public required int Children { get; init; }

    /// <summary>The last complete day covered.</summary>
    public required DateOnly AsAt { get; init; }

    public required int Seed { get; init; }

    /// <summary>Years of history in the extract.</summary>
    public int Years { get; init; } = 6;

    /// <summary>Plant the known defects listed in <c>_generator/anomalies.json</c>.</summary>
    public bool Anomalies { get; init; }

    /// <summary>Write <c>.csv.gz</c> instead of <c>.csv</c>.</summary>
    public bool Gzip { get; init; }

    public string LaCode { get; init; } = "E10000099";

    public string SourceSystem { get; init; } = "synthetic";
}

/// <summary>One file of the set as written: its manifest entry.</summary>
public sealed record TableSummary(string Table, string FileName, long Rows, string Sha256);

public sealed class GenerationSummary
{
    /// <summary>Every table, in manifest order.</summary>
    public required IReadOnlyList<TableSummary> Tables { get; init; }

    /// <summary>Defects planted (0 without <see cref="GeneratorOptions.Anomalies"/>).</summary>
    public required int AnomalyCount { get; init; }

    public long TotalRows => Tables.Sum(t => t.Rows);

    /// <summary>Data rows written for an SSD table name such as <c>ssd_person</c>.</summary>
    public long RowsOf(string table) =>
        Tables.FirstOrDefault(t => t.Table == table)?.Rows ?? throw new ArgumentException($"No table {table}", nameof(table));
}

/// <summary>
/// Writes a synthetic nightly extract set: one CSV per SSD table, then <c>manifest.json</c> last (its arrival is
/// what triggers ingest), plus a <c>_generator/</c> sidecar with the population figures and the list of planted
/// defects. The same options always give byte-identical files.
/// </summary>
public static class ExtractGenerator
{
    public const string SsdVersion = "1.4.5";
    public const string ManifestFileName = "manifest.json";
    public const string SidecarFolder = "_generator";
    public const string AnomaliesFileName = "anomalies.json";
    public const string PopulationFileName = "population.csv";

    /// <summary>The SSD table names in manifest order.</summary>
    public static IReadOnlyList<string> TableNames { get; } = Schema.Tables.Select(t => t.Name).ToArray();

    /// <summary>The SSD columns written for a table, in order (the header).</summary>
    public static IReadOnlyList<string> ColumnsOf(string table) =>
        Schema.Tables.FirstOrDefault(t => t.Name == table)?.Columns ?? throw new ArgumentException($"No table {table}", nameof(table));

    public static GenerationSummary Generate(GeneratorOptions options, string outDir)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(outDir);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Children, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Years, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Years, 30);

        Directory.CreateDirectory(outDir);
        var sidecar = Path.Combine(outDir, SidecarFolder);
        Directory.CreateDirectory(sidecar);

        // An old manifest must not describe files that are about to be rewritten.
        File.Delete(Path.Combine(outDir, ManifestFileName));
        foreach (var spec in Schema.Tables)
        {
            File.Delete(Path.Combine(outDir, spec.Name + ".csv"));
            File.Delete(Path.Combine(outDir, spec.Name + ".csv.gz"));
        }

        var writers = new TableWriter[Schema.Tables.Length];
        IReadOnlyList<Anomaly> anomalies = [];
        var files = new List<WrittenFile>();
        int historyStart;
        try
        {
            for (var i = 0; i < writers.Length; i++)
            {
                writers[i] = new TableWriter(Schema.Tables[i], outDir, options.Gzip);
            }

            var workforce = Workforce.Build(options.Children, new Prng(Prng.StreamSeed(options.Seed, Simulation.Streams.Workforce, 0)));
            var injector = options.Anomalies ? new AnomalyInjector(options) : null;
            var extensionAnomalies = options.Anomalies ? new ExtensionAnomalies(options) : null;
            if (injector is not null)
            {
                // The extension tables' defects are planted as their rows are written (ExtensionAnomalies).
                foreach (var writer in writers.Where(w => !w.Spec.IsExtension))
                {
                    writer.Hook = injector;
                }
            }

            var simulation = new Simulation(options, writers, workforce, injector, extensionAnomalies);
            simulation.Run();
            simulation.WriteWorkerSupervisions();
            historyStart = simulation.HistoryStart;
            workforce.WriteDepartments(writers[(int)Table.Department]);
            workforce.WriteProfessionals(writers[(int)Table.Professionals]);
            if (injector is not null)
            {
                injector.Finish(writers, workforce, historyStart);
                anomalies = [.. injector.Entries.Concat(extensionAnomalies!.Entries).Order(AnomalyOrder.Instance)];
            }

            foreach (var writer in writers)
            {
                files.Add(writer.Complete());
            }
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer?.Dispose();
            }
        }

        File.WriteAllBytes(Path.Combine(sidecar, AnomaliesFileName), AnomaliesJson(anomalies));
        File.WriteAllText(Path.Combine(sidecar, PopulationFileName), PopulationCsv(options, historyStart), new UTF8Encoding(false));

        // Written last, and moved into place whole, so a watcher never sees a partial manifest.
        var manifest = Path.Combine(outDir, ManifestFileName);
        File.WriteAllBytes(manifest + ".tmp", ManifestJson(options, files));
        File.Move(manifest + ".tmp", manifest, overwrite: true);

        return new GenerationSummary
        {
            Tables = files.Select((f, i) => new TableSummary(Schema.Tables[i].Name, f.Name, f.Rows, f.Sha256)).ToArray(),
            AnomalyCount = anomalies.Count,
        };
    }

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static byte[] ManifestJson(GeneratorOptions options, List<WrittenFile> files)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("la_code", options.LaCode);
            json.WriteString("source_system", options.SourceSystem);
            json.WriteString("ssd_version", SsdVersion);
            json.WriteString("as_at", options.AsAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("extracted_at", options.AsAt.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T01:12:44Z");
            json.WriteStartArray("files");
            foreach (var file in files)
            {
                json.WriteStartObject();
                json.WriteString("name", file.Name);
                json.WriteNumber("rows", file.Rows);
                json.WriteString("sha256", file.Sha256);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static byte[] AnomaliesJson(IReadOnlyList<Anomaly> anomalies)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartArray();
            foreach (var a in anomalies)
            {
                json.WriteStartObject();
                json.WriteString("kind", a.Kind);
                json.WriteString("table", a.Table);
                if (a.RecordId is null)
                {
                    json.WriteNull("record_id");
                }
                else
                {
                    json.WriteString("record_id", a.RecordId);
                }

                if (a.Column is null)
                {
                    json.WriteNull("column");
                }
                else
                {
                    json.WriteString("column", a.Column);
                }

                json.WriteNumber("line", a.Line);
                json.WriteString("expect", a.Expect);
                json.WriteString("rule", a.Rule);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static string PopulationCsv(GeneratorOptions options, int historyStart)
    {
        var text = new StringBuilder("la_code,year,population\r\n");
        for (var year = DateOnly.FromDayNumber(historyStart).Year; year <= options.AsAt.Year; year++)
        {
            text.Append(options.LaCode).Append(',')
                .Append(year.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Simulation.Population(options, year).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        return text.ToString();
    }
}
