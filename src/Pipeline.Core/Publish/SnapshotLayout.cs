using System.Globalization;

namespace Pipeline.Publish;

/// <summary>
/// Where everything goes, relative to the store's root. Paths are built only from validated dates, dataset
/// names and run ids, never from extract content.
/// <code>
/// latest.json
/// published/runs/{run_id}/{dataset}.parquet, run_manifest.json      (aggregates, written once)
/// restricted/runs/{run_id}/{dataset}.parquet, dq_report.html/.xlsx   (child-level, written once)
/// published/{dataset}/as_at=YYYY-MM-DD/part-0.parquet                (BI view: the committed run's files)
/// restricted/{dataset}/as_at=YYYY-MM-DD/part-0.parquet
/// published/_commits/as_at=YYYY-MM-DD.json                           (which run the BI view of a night holds, and whether whole)
/// </code>
/// </summary>
public static class SnapshotLayout
{
    public const string Latest = "latest.json";

    public static string NewRunId(DateOnly asAt, DateTimeOffset startedAt, string manifestSha256)
    {
        if (manifestSha256.Length < 8 || !manifestSha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException("not a SHA-256", nameof(manifestSha256));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{asAt:yyyy-MM-dd}_{startedAt.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}_{manifestSha256[..8]}");
    }

    /// <summary>
    /// The id of a run that never learned its as_at (no manifest, or one that cannot be read): it says so, rather than
    /// borrowing a date the set does not have.
    /// </summary>
    public static string NoAsAtRunId(DateTimeOffset startedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"no-as-at_{startedAt.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}");

    public static string Area(string dataset) => Datasets.IsRestricted(dataset) ? "restricted" : "published";

    public static string RunFile(string runId, string dataset) => $"{Area(dataset)}/runs/{CheckId(runId)}/{Datasets.FileName(dataset)}";

    public static string RunManifest(string runId) => RunFile(runId, Datasets.RunManifest);

    public static string Partition(string dataset, DateOnly asAt) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Area(dataset)}/{dataset}/as_at={asAt:yyyy-MM-dd}/{(Datasets.FileName(dataset).EndsWith(".parquet", StringComparison.Ordinal) ? "part-0.parquet" : Datasets.FileName(dataset))}");

    /// <summary>The run manifest of the snapshot published for an as_at (replaced with it).</summary>
    public static string ManifestPartition(DateOnly asAt) => Partition(Datasets.RunManifest, asAt);

    public static string PartitionFolder(string dataset) => $"{Area(dataset)}/{dataset}/";

    /// <summary>The folder of commit markers, one per as_at (see <see cref="SnapshotCommit"/>).</summary>
    public const string CommitFolder = "published/_commits/";

    /// <summary>The commit marker of an as_at: which run its BI partitions hold, and whether they are all there.</summary>
    public static string CommitMarker(DateOnly asAt) => string.Create(CultureInfo.InvariantCulture, $"{CommitFolder}as_at={asAt:yyyy-MM-dd}.json");

    /// <summary>The as_at in a partition path (<c>…/as_at=YYYY-MM-DD/…</c>), or null when it has none.</summary>
    public static DateOnly? AsAtOfPartition(string path)
    {
        var at = path.IndexOf("/as_at=", StringComparison.Ordinal);
        return at >= 0 && path.Length >= at + 17
            && DateOnly.TryParseExact(path.AsSpan(at + 7, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asAt)
            ? asAt
            : null;
    }

    private static string CheckId(string runId) =>
        runId.Length is > 0 and <= 64 && runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? runId
            : throw new ArgumentException($"'{runId}' is not a run id", nameof(runId));
}
