using System.Text.Json;
using Pipeline.Synthetic;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>Every defect the generator injects is caught where its sidecar says: quarantine or a data-quality rule.</summary>
public class AnomalyTests
{
    [Fact]
    public void Run_GeneratedAnomalies_EachIsQuarantinedOrFlaggedAsTheSidecarSays()
    {
        using var extract = new TempFolder();
        using var output = new TempFolder();
        ExtractGenerator.Generate(new GeneratorOptions { Children = 8_000, AsAt = new DateOnly(2026, 10, 31), Seed = 7, Anomalies = true }, extract.Path);

        var (exitCode, printed) = Repo.RunCli("run", "--extract", extract.Path, "--out", output.Path);

        Assert.True(exitCode == 0, printed);
        using var latest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output.Path, "latest.json")));
        string Dataset(string name) => DuckDb.Literal(Path.Combine(output.Path, latest.RootElement.GetProperty("files").GetProperty(name).GetString()!));
        var quarantined = DuckDb.Query($"SELECT \"table\", line, rule FROM read_parquet({Dataset("quarantine")})")
            .Select(r => ((string)r[0]!, Convert.ToInt64(r[1], null), (string)r[2]!)).ToHashSet();
        var flagged = DuckDb.Query($"SELECT rule_code, \"table\", record_id FROM read_parquet({Dataset("dq_issues")})")
            .Select(r => ((string)r[0]!, (string)r[1]!, (string)r[2]!)).ToHashSet();

        using var sidecar = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(extract.Path, "_generator", "anomalies.json")));
        var anomalies = sidecar.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(anomalies);
        var missed = new List<string>();
        foreach (var anomaly in anomalies)
        {
            var table = anomaly.GetProperty("table").GetString()!;
            var rule = anomaly.GetProperty("rule").GetString()!;
            var caught = anomaly.GetProperty("expect").GetString() == "quarantine"
                ? quarantined.Contains((table, anomaly.GetProperty("line").GetInt64(), rule))
                : flagged.Contains((rule, table, anomaly.GetProperty("record_id").GetString()!));
            if (!caught)
            {
                missed.Add(anomaly.GetRawText());
            }
        }

        Assert.Empty(missed);
    }
}
