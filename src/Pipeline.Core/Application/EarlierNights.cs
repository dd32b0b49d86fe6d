using System.Collections.Immutable;
using Pipeline.Indicators;
using Pipeline.Publish;
using Pipeline.Publish.Reports;
using Pipeline.Quality;
using Pipeline.Storage;

namespace Pipeline.Application;

/// <summary>
/// What tonight's run compares itself with, read from the committed runs' own files (never from the BI partitions, which a
/// crashed run may have left half replaced): the night before, up to seven nights of history, and the snapshot of this
/// same night that a rerun would replace.
/// </summary>
public sealed record EarlierNights
{
    /// <summary>Nights of history the volume checks and the report's trend look at.</summary>
    public const int HistoryNights = 7;

    /// <summary>The last committed night before tonight's as_at: its issues (for the lifecycle), or null on a first night.</summary>
    public PreviousIssues? PreviousIssues { get; init; }

    /// <summary>The last committed night before tonight's: its run manifest (the gate's night-to-night baseline).</summary>
    public RunManifest? PreviousManifest { get; init; }

    /// <summary>The run already committed for tonight's as_at, which a rerun would replace (the gate's other baseline).</summary>
    public RunManifest? ReplacedManifest { get; init; }

    public IReadOnlyList<PublishedNight> Nights { get; init; } = [];

    public IReadOnlyList<IndicatorValue> PreviousValues { get; init; } = [];

    public IReadOnlyList<TableIds> PreviousIds { get; init; } = [];

    /// <summary>Each rule's count on up to six nights before tonight, for the report's trend.</summary>
    public IReadOnlyList<RuleCount> RuleCounts { get; init; } = [];

    /// <summary>
    /// Reads the earlier nights of <paramref name="asAt"/>. A night left incomplete by a run killed mid-publish is finished
    /// first when its writer lock is free (a run holding it will finish it itself).
    /// </summary>
    public static async Task<EarlierNights> ReadAsync(ISnapshotStore store, SnapshotCommit commit, DateOnly asAt, LatestDocument? latest,
        CancellationToken cancellationToken)
    {
        var nights = await commit.NightsAsync(cancellationToken);
        var committed = new List<(DateOnly AsAt, RunManifest Manifest)>();
        foreach (var night in nights.Where(n => n < asAt).Reverse())
        {
            if (committed.Count == HistoryNights)
            {
                break;
            }

            if (await commit.CommittedAsync(night, latest, cancellationToken) is not { } run)
            {
                continue;
            }

            if (!run.Complete)
            {
                await RecoverQuietlyAsync(store, commit, night, cancellationToken);
            }

            if (await ReadManifestAsync(store, run.RunId, cancellationToken) is { } manifest)
            {
                committed.Add((night, manifest));
            }
        }

        committed.Reverse();
        var replaced = nights.Contains(asAt) && await commit.CommittedAsync(asAt, latest, cancellationToken) is { } tonight
            ? await ReadManifestAsync(store, tonight.RunId, cancellationToken)
            : null;
        if (committed.Count == 0)
        {
            return new EarlierNights { ReplacedManifest = replaced };
        }

        var (previousAsAt, previous) = committed[^1];
        var counts = new List<RuleCount>();
        foreach (var (night, manifest) in committed.TakeLast(6))
        {
            if (await ReadOutputAsync(store, manifest, Datasets.DqSummary, cancellationToken) is { } bytes)
            {
                var columns = await ParquetTable<DqSummaryRow>.ReadColumnsAsync(bytes, cancellationToken);
                var rules = (string?[])columns["rule_code"];
                var values = (long[])columns["count"];
                counts.AddRange(rules.Select((rule, i) => new RuleCount(night, rule!, values[i])));
            }
        }

        return new EarlierNights
        {
            PreviousIssues = await ReadOutputAsync(store, previous, Datasets.DqIssues, cancellationToken) is { } issues
                ? new PreviousIssues(previousAsAt, await Datasets.ReadDqIssuesAsync(issues, cancellationToken))
                : null,
            PreviousManifest = previous,
            ReplacedManifest = replaced,
            Nights = [.. committed.Select(n => new PublishedNight(n.AsAt, n.Manifest.Files))],
            PreviousValues = await ReadOutputAsync(store, previous, Datasets.IndicatorValues, cancellationToken) is { } figures
                ? await Datasets.ReadIndicatorValuesAsync(figures, cancellationToken)
                : ImmutableArray<IndicatorValue>.Empty,
            PreviousIds = await ReadOutputAsync(store, previous, Datasets.RecordIds, cancellationToken) is { } ids
                ? await Datasets.ReadRecordIdsAsync(ids, cancellationToken)
                : [],
            RuleCounts = counts,
        };
    }

    private static async Task RecoverQuietlyAsync(ISnapshotStore store, SnapshotCommit commit, DateOnly night, CancellationToken cancellationToken)
    {
        await using var writer = await store.TryLockAsync(night, cancellationToken);
        if (writer is not null)
        {
            await commit.RecoverAsync(night, cancellationToken);
        }
    }

    private static async Task<RunManifest?> ReadManifestAsync(ISnapshotStore store, string runId, CancellationToken cancellationToken) =>
        await store.ReadAsync(SnapshotLayout.RunManifest(runId), cancellationToken) is { } bytes ? RunManifest.Parse(bytes) : null;

    private static async Task<byte[]?> ReadOutputAsync(ISnapshotStore store, RunManifest manifest, string dataset, CancellationToken cancellationToken) =>
        manifest.Outputs.TryGetValue(dataset, out var path) ? await store.ReadAsync(path, cancellationToken) : null;
}
