using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Tests.Support;

/// <summary>
/// What a BI reader of the Hive folders sees, judged from a copy of the whole store (path to bytes, '/'-separated, as
/// <c>latest.json</c>, <c>published/…</c>, <c>restricted/…</c>). Written from the layout as the README describes it, not
/// from the commit code, so it checks that code rather than restating it.
/// </summary>
public static partial class BiFolders
{
    /// <summary>
    /// Every file in the as_at's BI partitions is byte for byte the file of one run: the one latest.json names when it is
    /// for this night, otherwise the one the night's commit marker names (none: the folders must be empty). Returns that run.
    /// </summary>
    public static string? AssertOneRun(IReadOnlyDictionary<string, byte[]> store, DateOnly asAt)
    {
        var night = asAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var latest = store.TryGetValue("latest.json", out var latestBytes) ? JsonDocument.Parse(latestBytes).RootElement : (JsonElement?)null;
        var marker = store.TryGetValue($"published/_commits/as_at={night}.json", out var markerBytes) ? JsonDocument.Parse(markerBytes).RootElement : (JsonElement?)null;
        var run = latest is { } l && l.GetProperty("as_at").GetString() == night
            ? l.GetProperty("run_id").GetString()
            : marker?.GetProperty("run_id").GetString();

        var partitions = Partitions(store, night).ToList();
        if (run is null)
        {
            Assert.True(partitions.Count == 0, $"no run is committed for {night}, yet its BI folders hold {string.Join(", ", partitions.Select(p => p.Path))}");
            return null;
        }

        foreach (var (path, area, dataset, file) in partitions)
        {
            var source = RunFile(area, run, dataset, file);
            Assert.True(store.TryGetValue(source, out var expected), $"{path} is in the BI folders but {source} (run {run}) does not exist");
            Assert.True(expected.AsSpan().SequenceEqual(store[path]), $"{path} is not run {run}'s file: a BI reader sees another run's bytes");
        }

        return run;
    }

    /// <summary>
    /// The night is whole and is <paramref name="runId"/>'s: its marker says complete, latest.json (when for this night)
    /// names the run, and every file the run wrote has its partition, holding the same bytes.
    /// </summary>
    public static void AssertComplete(IReadOnlyDictionary<string, byte[]> store, DateOnly asAt, string runId)
    {
        var night = asAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(runId, AssertOneRun(store, asAt));
        var marker = JsonDocument.Parse(store[$"published/_commits/as_at={night}.json"]).RootElement;
        Assert.Equal((runId, "complete"), (marker.GetProperty("run_id").GetString(), marker.GetProperty("state").GetString()));
        var runFiles = store.Keys.Where(k => k.StartsWith($"published/runs/{runId}/", StringComparison.Ordinal) || k.StartsWith($"restricted/runs/{runId}/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        var partitions = Partitions(store, night).Select(p => RunFile(p.Area, runId, p.Dataset, p.File)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(runFiles, partitions);
    }

    /// <summary>A local store folder read whole, as the checks above take it (temporary files excluded, as readers never list them).</summary>
    public static Dictionary<string, byte[]> ReadFolder(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => !p.StartsWith(".tmp/", StringComparison.Ordinal) && !p.StartsWith("locks/", StringComparison.Ordinal))
            .ToDictionary(p => p, p => File.ReadAllBytes(Path.Combine(root, p)), StringComparer.Ordinal);

    private static IEnumerable<(string Path, string Area, string Dataset, string File)> Partitions(IReadOnlyDictionary<string, byte[]> store, string night) =>
        store.Keys.Select(k => (Key: k, Match: PartitionPath().Match(k)))
            .Where(x => x.Match.Success && x.Match.Groups["dataset"].Value is not ("runs" or "_commits") && x.Match.Groups["night"].Value == night)
            .Select(x => (x.Key, x.Match.Groups["area"].Value, x.Match.Groups["dataset"].Value, x.Match.Groups["file"].Value));

    // part-0.parquet is the dataset's Parquet file; anything else (run_manifest.json, dq_report.html) keeps its name.
    private static string RunFile(string area, string run, string dataset, string file) =>
        $"{area}/runs/{run}/{(file == "part-0.parquet" ? dataset + ".parquet" : file)}";

    [GeneratedRegex("^(?<area>published|restricted)/(?<dataset>[^/]+)/as_at=(?<night>[0-9-]{10})/(?<file>[^/]+)$")]
    private static partial Regex PartitionPath();
}
