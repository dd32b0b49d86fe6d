using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Application;
using Pipeline.Reference;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>
/// The local extension tables on the bundled sample: with them the four measures are published with values and team rows;
/// without them (an SSD-only set, as every council has on day one) the four are unavailable with the reason, and nothing
/// else the run publishes changes.
/// </summary>
public class ExtensionTablesOnSampleTests
{
    private static readonly string[] ExtensionIndicators = ["contacts_decided_24h_pct", "referrals_decided_72h_pct", "worker_supervision_pct", "case_supervision_pct"];

    private static readonly string[] ExtensionTables = ["ext_front_door_decisions", "ext_supervisions"];

    private static readonly Lazy<(RunOutcome Full, RunOutcome SsdOnly, string FullStore, string SsdOnlyStore)> Runs = new(() =>
    {
        var reference = ReferenceData.LoadFolder(Repo.Seeds("reference"));
        var ssdOnly = new TempFolder();
        foreach (var file in Directory.EnumerateFiles(Repo.Seeds("sample-extract")))
        {
            if (!ExtensionTables.Any(t => Path.GetFileName(file).StartsWith(t, StringComparison.Ordinal)))
            {
                File.Copy(file, ssdOnly.File(Path.GetFileName(file)));
            }
        }

        // The same manifest without the two files: the SSD tables keep their row counts and hashes.
        var manifest = JsonNode.Parse(File.ReadAllText(ssdOnly.File("manifest.json")))!;
        var files = manifest["files"]!.AsArray();
        foreach (var entry in files.Where(f => ExtensionTables.Any(t => f!["name"]!.GetValue<string>().StartsWith(t, StringComparison.Ordinal))).ToList())
        {
            files.Remove(entry);
        }

        File.WriteAllText(ssdOnly.File("manifest.json"), manifest.ToJsonString());
        var (fullStore, ssdOnlyStore) = (new TempFolder(), new TempFolder());
        RunOutcome Run(string extract, TempFolder store) => new NightlyRun(TimeProvider.System)
            .RunAsync(new LocalFolderExtractSource(extract), reference, new LocalFolderSnapshotStore(store.Path)).GetAwaiter().GetResult();
        return (Run(Repo.Seeds("sample-extract"), fullStore), Run(ssdOnly.Path, ssdOnlyStore), fullStore.Path, ssdOnlyStore.Path);
    });

    [Fact]
    public void Run_Sample_PublishesTheFourWithValuesAndTeamRows()
    {
        var (full, _, _, _) = Runs.Value;

        Assert.True(full.Succeeded, full.Reason);
        foreach (var id in ExtensionIndicators)
        {
            var latest = full.Values.Single(v => v.IndicatorId == id && v.PeriodType == "month" && v.PeriodEnd == full.AsAt && v.Breakdown == "");
            Assert.True(latest.Available, latest.UnavailableReason);
            Assert.NotNull(latest.Value);
            Assert.Contains(full.Values, v => v.IndicatorId == id && v.Breakdown == "team" && v.PeriodEnd == full.AsAt && v.Value is not null);
        }

        // The council's example targets rate the MASH measures; supervision has none, and no comparator either.
        Assert.All(full.Values.Where(v => v.IndicatorId == "contacts_decided_24h_pct"), v => Assert.Equal((90.0, 96.0), (v.TargetMin, v.TargetUpper)));
        Assert.All(full.Values.Where(v => v.IndicatorId == "worker_supervision_pct"), v => Assert.Null(v.Rag));
    }

    [Fact]
    public void Run_SsdOnlySet_TheFourAreUnavailableWithTheReasonAndNothingElseChanges()
    {
        var (full, ssdOnly, _, _) = Runs.Value;

        Assert.True(ssdOnly.Succeeded, ssdOnly.Reason);
        var four = ssdOnly.Values.Where(v => ExtensionIndicators.Contains(v.IndicatorId)).ToList();
        Assert.NotEmpty(four);
        Assert.All(four, v => Assert.False(v.Available));
        Assert.All(four.Where(v => v.IndicatorId.Contains("decided", StringComparison.Ordinal)),
            v => Assert.Equal("ext_front_door_decisions not in the extract", v.UnavailableReason));
        Assert.All(four.Where(v => v.IndicatorId.Contains("supervision", StringComparison.Ordinal)),
            v => Assert.Equal("ext_supervisions not in the extract", v.UnavailableReason));

        // Every other value row is the same, to the last bit.
        Assert.Equal(full.Values.Where(v => !ExtensionIndicators.Contains(v.IndicatorId)), ssdOnly.Values.Where(v => !ExtensionIndicators.Contains(v.IndicatorId)));
    }

    [Fact]
    public void Run_SsdOnlySet_DataQualityDiffersOnlyInTheExtensionRules()
    {
        var (full, ssdOnly, fullStore, ssdOnlyStore) = Runs.Value;
        List<string> Issues(RunOutcome outcome, string store, string where) => DuckDb.Query(
                $"SELECT rule_code || ' ' || \"table\" || ' ' || record_id || ' ' || message FROM read_parquet({DuckDb.Literal(Path.Combine(store, outcome.Outputs["dq_issues"]))}) WHERE {where} ORDER BY 1")
            .Select(r => (string)r[0]!).ToList();
        const string Extension = "\"table\" LIKE 'ext_%'";

        Assert.Equal(Issues(full, fullStore, "NOT " + Extension), Issues(ssdOnly, ssdOnlyStore, "NOT " + Extension));
        Assert.NotEmpty(Issues(full, fullStore, Extension));
        Assert.Empty(Issues(ssdOnly, ssdOnlyStore, Extension));
    }

    [Fact]
    public void Run_Sample_TheMorningReportListsTheExtensionTablesAndTheirRules()
    {
        var (full, _, fullStore, _) = Runs.Value;

        var report = File.ReadAllText(Path.Combine(fullStore, full.Outputs["dq_report"]));

        Assert.Contains("<tr><td>ext_front_door_decisions</td><td>ext_front_door_decisions.csv</td><td>accepted</td>", report, StringComparison.Ordinal);
        Assert.Contains("<tr><td>ext_supervisions</td><td>ext_supervisions.csv</td><td>accepted</td>", report, StringComparison.Ordinal);
        Assert.All(Pipeline.Quality.QualityRules.All.Where(r => r.Family == "extensions"), r => Assert.Contains($"<td>{r.Code}</td>", report, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_Sample_EveryPlantedExtensionDefectIsFlaggedByItsRule()
    {
        var (full, _, fullStore, _) = Runs.Value;
        var flagged = DuckDb.Query($"SELECT rule_code, record_id FROM read_parquet({DuckDb.Literal(Path.Combine(fullStore, full.Outputs["dq_issues"]))})")
            .Select(r => ((string)r[0]!, (string)r[1]!)).ToHashSet();
        using var sidecar = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Repo.Seeds("sample-extract"), "_generator", "anomalies.json")));

        var planted = sidecar.RootElement.EnumerateArray().Where(a => a.GetProperty("table").GetString()!.StartsWith("ext_", StringComparison.Ordinal))
            .Select(a => (a.GetProperty("rule").GetString()!, a.GetProperty("record_id").GetString()!)).ToList();

        Assert.Equal(5, planted.Select(p => p.Item1).Distinct().Count());
        Assert.All(planted, p => Assert.Contains(p, flagged));
    }
}
