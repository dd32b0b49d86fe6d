using System.Collections.Immutable;
using Pipeline.Indicators;
using Pipeline.Publish;
using Pipeline.Quality;

namespace Pipeline.Storage;

/// <summary>What dashboards read for one snapshot: every indicator value and the data-quality summary.</summary>
public sealed record DashboardSnapshot(string LaCode, DateOnly AsAt, string RunId, ImmutableArray<IndicatorValue> Values, ImmutableArray<DqSummaryRow> DqSummary);

/// <summary>
/// Where dashboards read from (Azure Table storage). Every write is an upsert keyed by what it describes, so a
/// rerun overwrites rather than duplicates.
/// </summary>
public interface IDashboardStore
{
    /// <summary>Writes a snapshot's values and quality summary; written before the snapshot becomes latest.</summary>
    Task WriteSnapshotAsync(DashboardSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Points dashboards at the snapshot latest.json now names, and updates each indicator's history with the
    /// figures as this snapshot states them (only the latest snapshot does, so a backfilled night never rewrites it).
    /// </summary>
    Task MarkLatestAsync(DashboardSnapshot snapshot, DateTimeOffset publishedAt, CancellationToken cancellationToken);

    /// <summary>Records a run in the run log, whatever its status.</summary>
    Task LogRunAsync(RunManifest run, CancellationToken cancellationToken);

    /// <summary>The most recent runs in the log, newest first.</summary>
    Task<IReadOnlyList<RunManifest>> RecentRunsAsync(int count, CancellationToken cancellationToken);
}

/// <summary>
/// No dashboard tables: the local folder's default. The run manifests under <c>runs/</c> are its run log.
/// </summary>
public sealed class NoDashboardStore : IDashboardStore
{
    public static NoDashboardStore Instance { get; } = new();

    public Task WriteSnapshotAsync(DashboardSnapshot snapshot, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task MarkLatestAsync(DashboardSnapshot snapshot, DateTimeOffset publishedAt, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task LogRunAsync(RunManifest run, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IReadOnlyList<RunManifest>> RecentRunsAsync(int count, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RunManifest>>([]);
}
