using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Domain;
using Pipeline.Storage;

namespace Pipeline.Publish;

/// <summary>The states of an as_at's commit marker.</summary>
public static class CommitState
{
    /// <summary>
    /// The night's BI partitions are being changed: every file present is the committed run's, but some may be missing.
    /// A reader that needs the night whole waits for <see cref="Complete"/>.
    /// </summary>
    public const string Writing = "writing";

    /// <summary>Every BI partition of the night is there, and each is the marker's run's file (its SHA-256 is listed).</summary>
    public const string Complete = "complete";
}

/// <summary>One BI partition of a committed night: where it is, which run file it is a copy of, and that file's SHA-256.</summary>
public sealed record CommitPartition
{
    public required string Dataset { get; init; }

    public required string Path { get; init; }

    public required string Source { get; init; }

    public required string Sha256 { get; init; }
}

/// <summary>
/// An as_at's commit marker (<c>published/_commits/as_at=YYYY-MM-DD.json</c>): which run the night's BI partitions belong to
/// and whether they are all there. Small, replaced whole, never listed by a BI folder.
/// </summary>
public sealed record CommitRecord
{
    public required DateOnly AsAt { get; init; }

    /// <summary>The run whose files the night's partitions are (or are becoming).</summary>
    public required string RunId { get; init; }

    public required string State { get; init; }

    /// <summary>
    /// While <see cref="CommitState.Writing"/>: the run committed for the night before this attempt, which stays the
    /// night's if the attempt never reaches its commit point (null: the night had none).
    /// </summary>
    public string? PreviousRunId { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public required ImmutableArray<CommitPartition> Partitions { get; init; }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, RunManifest.Json);

    public static CommitRecord? Parse(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize<CommitRecord>(json, RunManifest.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A run ready to be committed: its files (already written under its run id) and what dashboards show.</summary>
public sealed record CommitCandidate(DateOnly AsAt, string RunId, string LaCode, ImmutableSortedDictionary<string, byte[]> Files)
{
    /// <summary>Dataset name to the run file's path, as latest.json and the run manifest name them.</summary>
    public ImmutableSortedDictionary<string, string> Paths =>
        Files.Keys.ToImmutableSortedDictionary(d => d, d => SnapshotLayout.RunFile(RunId, d), StringComparer.Ordinal);

    public DashboardSnapshot? Dashboard { get; init; }
}

/// <summary>How a commit ended: the night is the run's (and latest.json names it, or a newer night stays latest), or not.</summary>
public sealed record CommitOutcome(bool Committed, bool IsLatest, string? Failure);

/// <summary>
/// How a snapshot is committed, so that a reader of <c>published/{dataset}/as_at=…/</c> never sees a file of a run that did
/// not become the night's published one, and never files of two runs in one as_at.
/// </summary>
/// <remarks>
/// <para>The run's own files are written first, under its run id, once (<see cref="WriteRunFilesAsync"/>). Then, holding
/// the as_at's writer lock, <see cref="CommitAsync"/>:</para>
/// <list type="number">
/// <item><b>Retract</b>: if the night's partitions hold files that differ from this run's, its marker is set to
/// <see cref="CommitState.Writing"/> (still naming the run they belong to) and those files are deleted, run manifest first.
/// What is left is files this run would write byte for byte, or nothing.</item>
/// <item><b>Commit</b>: the marker names this run (writing, with the previous committed run kept for a rollback); the
/// dashboard tables get the run's values; then, if the night is not older than latest.json's, latest.json is swapped
/// (If-Match). The swap is the commit point of a night that is or becomes latest; the marker is the commit point of an
/// older night (a backfill).</item>
/// <item><b>Publish</b>: the run's files are copied into the partitions, each replaced whole, the run manifest last.</item>
/// <item><b>Complete</b>: the marker says <see cref="CommitState.Complete"/>, with every partition's SHA-256.</item>
/// </list>
/// <para>At every moment the files in a night's partitions are a subset of one run's, and that run is the committed one:
/// latest.json's for the latest night, the marker's for an older one. A run killed anywhere leaves the marker writing;
/// <see cref="RecoverAsync"/> (called by the next run of that as_at, or by any run that reads it as history) finishes the
/// committed run's partitions or, when the attempt never reached its commit point, rolls back to the previous run's.</para>
/// </remarks>
public sealed class SnapshotCommit(ISnapshotStore store, TimeProvider clock, Action<string>? progress = null)
{
    /// <summary>How many times a lost latest.json swap is looked at again (another night's run swapped it meanwhile).</summary>
    private const int SwapAttempts = 5;

    /// <summary>Where dashboards read (Table storage on Azure); none for a local folder.</summary>
    public IDashboardStore Dashboards { get; init; } = NoDashboardStore.Instance;

    /// <summary>Writes a run's files under its run id, each once; returns dataset name to path.</summary>
    public async Task<ImmutableSortedDictionary<string, string>> WriteRunFilesAsync(string runId, IEnumerable<KeyValuePair<string, byte[]>> files,
        CancellationToken cancellationToken)
    {
        var paths = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (dataset, bytes) in files)
        {
            paths[dataset] = SnapshotLayout.RunFile(runId, dataset);
            await store.CreateAsync(paths[dataset], bytes, cancellationToken);
        }

        return paths.ToImmutable();
    }

    /// <summary>
    /// Commits a run whose files are written (see the type's remarks). The caller holds the as_at's writer lock. Storage
    /// failures throw; a failure to take latest.json (it changed to something this run cannot judge) is returned, and
    /// the night is then left as it was before the attempt.
    /// </summary>
    public async Task<CommitOutcome> CommitAsync(CommitCandidate run, CancellationToken cancellationToken)
    {
        var partitions = run.Files.Select(f => Partition(run.AsAt, f.Key, SnapshotLayout.RunFile(run.RunId, f.Key), f.Value)).ToImmutableArray();
        var marker = await ReadMarkerAsync(run.AsAt, cancellationToken);
        var latestPointer = await store.ReadLatestAsync(cancellationToken);
        var latest = ParseLatest(latestPointer);
        var previous = Committed(run.AsAt, marker, latest, await LegacyRunAsync(run.AsAt, cancellationToken));

        var kept = await RetractAsync(run.AsAt, marker, previous, partitions, cancellationToken);
        await WriteMarkerAsync(new CommitRecord
        {
            AsAt = run.AsAt,
            RunId = run.RunId,
            State = CommitState.Writing,
            PreviousRunId = previous,
            UpdatedAt = clock.GetUtcNow(),
            Partitions = partitions,
        }, cancellationToken);
        if (run.Dashboard is { } dashboard)
        {
            await Dashboards.WriteSnapshotAsync(dashboard, cancellationToken);
        }

        var (isLatest, failure) = await TakeLatestAsync(run, latestPointer, cancellationToken);
        if (failure is not null)
        {
            await RecoverAsync(run.AsAt, cancellationToken);
            return new CommitOutcome(false, false, failure);
        }

        string? dashboardFailure = null;
        if (isLatest && run.Dashboard is { } current)
        {
            try
            {
                await Dashboards.MarkLatestAsync(current, clock.GetUtcNow(), cancellationToken);
            }
            catch (IOException e)
            {
                // The snapshot is committed: the BI view is finished all the same, and a rerun moves the dashboards.
                dashboardFailure = $"the snapshot is published (latest.json names it) but the dashboard tables still point at the previous one: {e.Message}; a rerun converges";
            }
        }

        await PublishPartitionsAsync(partitions, kept, run.Files.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal), cancellationToken);
        await WriteMarkerAsync(new CommitRecord
        {
            AsAt = run.AsAt,
            RunId = run.RunId,
            State = CommitState.Complete,
            UpdatedAt = clock.GetUtcNow(),
            Partitions = partitions,
        }, cancellationToken);
        return new CommitOutcome(true, isLatest, dashboardFailure);
    }

    /// <summary>
    /// Finishes what a run killed mid-commit left for <paramref name="asAt"/>: the committed run's partitions are completed,
    /// or, if the attempt never reached its commit point, the previous run's are restored (or the night's are removed when
    /// it had none). A no-op when the night is complete or was never committed. The caller holds the as_at's writer lock.
    /// Returns whether anything was done.
    /// </summary>
    public async Task<bool> RecoverAsync(DateOnly asAt, CancellationToken cancellationToken)
    {
        var marker = await ReadMarkerAsync(asAt, cancellationToken);
        if (marker is null || marker.State == CommitState.Complete)
        {
            return false;
        }

        var committed = Committed(asAt, marker, ParseLatest(await store.ReadLatestAsync(cancellationToken)), null);
        var partitions = committed is null ? [] : committed == marker.RunId ? marker.Partitions : await PartitionsOfRunAsync(asAt, committed, cancellationToken);
        if (committed is not null && partitions.IsDefaultOrEmpty)
        {
            // The committed run's manifest is gone (someone deleted runs/): nothing to rebuild from, so leave it for a person.
            progress?.Invoke($"commit: as_at {Day(asAt)} names run {committed}, whose run files are missing; its BI folders are left incomplete");
            return false;
        }

        var kept = await RetractAsync(asAt, marker, committed, partitions, cancellationToken);
        if (committed is null)
        {
            await store.DeleteAsync(SnapshotLayout.CommitMarker(asAt), cancellationToken);
            progress?.Invoke($"commit: as_at {Day(asAt)} had an unfinished attempt that never became the night's snapshot; its BI folders were cleared");
            return true;
        }

        var sources = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var partition in partitions.Where(p => !kept.Contains(p.Path)))
        {
            sources[partition.Dataset] = await store.ReadAsync(partition.Source, cancellationToken)
                ?? throw new IOException($"{partition.Source} is missing, so the BI partition {partition.Path} cannot be restored");
        }

        if (marker.RunId != committed)
        {
            await WriteMarkerAsync(new CommitRecord
            {
                AsAt = asAt,
                RunId = committed,
                State = CommitState.Writing,
                PreviousRunId = committed,
                UpdatedAt = clock.GetUtcNow(),
                Partitions = partitions,
            }, cancellationToken);
        }

        await PublishPartitionsAsync(partitions, kept, sources, cancellationToken);
        await WriteMarkerAsync(new CommitRecord
        {
            AsAt = asAt,
            RunId = committed,
            State = CommitState.Complete,
            UpdatedAt = clock.GetUtcNow(),
            Partitions = partitions,
        }, cancellationToken);
        progress?.Invoke($"commit: finished as_at {Day(asAt)}'s BI folders for run {committed}, left incomplete by a run that stopped mid-publish");
        return true;
    }

    /// <summary>Every as_at that has been committed (a marker, or a run manifest partition from before markers), oldest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> NightsAsync(CancellationToken cancellationToken)
    {
        var nights = new SortedSet<DateOnly>();
        foreach (var path in await store.ListAsync(SnapshotLayout.CommitFolder, cancellationToken))
        {
            if (SnapshotLayout.AsAtOfPartition(path) is { } night)
            {
                nights.Add(night);
            }
        }

        foreach (var path in await store.ListAsync(SnapshotLayout.PartitionFolder(Datasets.RunManifest), cancellationToken))
        {
            if (SnapshotLayout.AsAtOfPartition(path) is { } night)
            {
                nights.Add(night);
            }
        }

        return [.. nights];
    }

    /// <summary>
    /// The run committed for <paramref name="asAt"/>: latest.json's when it names that night, otherwise the marker's (or,
    /// before markers existed, the run manifest partition's); and whether the night's BI partitions are all there.
    /// Null when no run was ever committed for it.
    /// </summary>
    public async Task<(string RunId, bool Complete)?> CommittedAsync(DateOnly asAt, LatestDocument? latest, CancellationToken cancellationToken)
    {
        var marker = await ReadMarkerAsync(asAt, cancellationToken);
        var legacy = marker is null ? await LegacyRunAsync(asAt, cancellationToken) : null;
        return Committed(asAt, marker, latest, legacy) is { } runId
            ? (runId, marker is null || (marker.State == CommitState.Complete && marker.RunId == runId))
            : null;
    }

    /// <summary>The committed run of a night, from its marker and latest.json (see the type's remarks).</summary>
    private string? Committed(DateOnly asAt, CommitRecord? marker, LatestDocument? latest, string? legacyRunId)
    {
        var plausible = latest is not null && AsAtRules.IsPlausible(latest.AsAt, clock) ? latest : null;
        if (plausible?.AsAt == asAt)
        {
            return plausible.RunId;
        }

        if (marker is null)
        {
            return legacyRunId;
        }

        if (marker.State == CommitState.Complete)
        {
            return marker.RunId;
        }

        // Writing: a night older than latest was committed when its marker named the run; a newer one only by the swap,
        // which has not happened (latest.json would name it), so it is still the previous run's.
        return plausible is not null && plausible.AsAt > asAt ? marker.RunId : marker.PreviousRunId;
    }

    /// <summary>
    /// Removes every partition of the night that is not byte for byte one of <paramref name="wanted"/>, first setting a
    /// complete marker to writing (naming <paramref name="committed"/>, the run the remaining files still belong to).
    /// Returns the paths already holding a wanted file.
    /// </summary>
    private async Task<HashSet<string>> RetractAsync(DateOnly asAt, CommitRecord? marker, string? committed, ImmutableArray<CommitPartition> wanted,
        CancellationToken cancellationToken)
    {
        var want = wanted.ToDictionary(p => p.Path, p => p.Sha256, StringComparer.Ordinal);
        var present = new Dictionary<string, string>(StringComparer.Ordinal);
        if (marker is { State: CommitState.Complete })
        {
            // A complete marker lists what is there: no need to read the files back.
            foreach (var partition in marker.Partitions)
            {
                present[partition.Path] = partition.Sha256;
            }
        }
        else
        {
            var datasets = Datasets.All.Concat(wanted.Select(p => p.Dataset)).Concat(marker?.Partitions.Select(p => p.Dataset) ?? []).Distinct(StringComparer.Ordinal);
            foreach (var dataset in datasets)
            {
                var path = SnapshotLayout.Partition(dataset, asAt);
                if (await store.ReadAsync(path, cancellationToken) is { } bytes)
                {
                    present[path] = Sha256(bytes);
                }
            }
        }

        var stale = present.Where(p => !want.TryGetValue(p.Key, out var sha) || sha != p.Value).Select(p => p.Key)
            .OrderBy(p => p == SnapshotLayout.ManifestPartition(asAt) ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal).ToList();
        if (stale.Count > 0 && marker is { State: CommitState.Complete } && committed is not null)
        {
            await WriteMarkerAsync(marker with { RunId = committed, State = CommitState.Writing, PreviousRunId = committed, UpdatedAt = clock.GetUtcNow() }, cancellationToken);
        }

        foreach (var path in stale)
        {
            // The run manifest partition goes first: it is what told readers of old that the night was complete.
            await store.DeleteAsync(path, cancellationToken);
        }

        return [.. present.Keys.Except(stale, StringComparer.Ordinal)];
    }

    // Copies the run's files into the night's partitions, skipping those already there, the run manifest last.
    private async Task PublishPartitionsAsync(ImmutableArray<CommitPartition> partitions, HashSet<string> kept, IReadOnlyDictionary<string, byte[]> bytes,
        CancellationToken cancellationToken)
    {
        foreach (var partition in partitions.Where(p => !kept.Contains(p.Path)).OrderBy(p => p.Dataset == Datasets.RunManifest ? 1 : 0))
        {
            await store.ReplaceAsync(partition.Path, bytes[partition.Dataset], cancellationToken);
        }
    }

    /// <summary>
    /// Swaps latest.json to the run unless a newer night is latest. A swap lost to another night's run is looked at
    /// again: a newer night keeps latest (this one is then a backfill), an older one is swapped over.
    /// </summary>
    private async Task<(bool IsLatest, string? Failure)> TakeLatestAsync(CommitCandidate run, LatestPointer? pointer, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < SwapAttempts; attempt++)
        {
            var current = ParseLatest(pointer);
            if (pointer is not null && current is null)
            {
                return (false, "latest.json changed while this run worked (another run published first, and its latest.json cannot be read); this run's files stay under its run id and latest.json was not overwritten");
            }

            // A snapshot dated after any night that can have ended (a bad as_at published by an older version) never holds latest.
            if (current is not null && current.AsAt > run.AsAt && AsAtRules.IsPlausible(current.AsAt, clock))
            {
                progress?.Invoke($"publish: latest.json stays on the newer as_at {Day(current.AsAt)}");
                return (false, null);
            }

            var latest = new LatestDocument
            {
                AsAt = run.AsAt,
                RunId = run.RunId,
                LaCode = run.LaCode,
                PublishedAt = clock.GetUtcNow(),
                Files = run.Paths,
            };
            if (await store.SwapLatestAsync(latest.ToJson(), pointer?.ETag, cancellationToken))
            {
                return (true, null);
            }

            pointer = await store.ReadLatestAsync(cancellationToken);
        }

        return (false, "latest.json kept changing while this run tried to take it; this run's files stay under its run id and latest.json was not overwritten");
    }

    private async Task<ImmutableArray<CommitPartition>> PartitionsOfRunAsync(DateOnly asAt, string runId, CancellationToken cancellationToken)
    {
        if (await store.ReadAsync(SnapshotLayout.RunManifest(runId), cancellationToken) is not { } json || RunManifest.Parse(json) is not { } manifest)
        {
            return [];
        }

        var partitions = ImmutableArray.CreateBuilder<CommitPartition>();
        foreach (var (dataset, source) in manifest.Outputs)
        {
            var bytes = source == SnapshotLayout.RunManifest(runId) ? json : await store.ReadAsync(source, cancellationToken);
            if (bytes is null)
            {
                return [];
            }

            partitions.Add(Partition(asAt, dataset, source, bytes));
        }

        return partitions.ToImmutable();
    }

    private async Task<string?> LegacyRunAsync(DateOnly asAt, CancellationToken cancellationToken) =>
        await store.ReadAsync(SnapshotLayout.ManifestPartition(asAt), cancellationToken) is { } bytes ? RunManifest.Parse(bytes)?.RunId : null;

    private async Task<CommitRecord?> ReadMarkerAsync(DateOnly asAt, CancellationToken cancellationToken) =>
        await store.ReadAsync(SnapshotLayout.CommitMarker(asAt), cancellationToken) is { } bytes ? CommitRecord.Parse(bytes) : null;

    private Task WriteMarkerAsync(CommitRecord marker, CancellationToken cancellationToken) =>
        store.ReplaceAsync(SnapshotLayout.CommitMarker(marker.AsAt), marker.ToJson(), cancellationToken);

    private static CommitPartition Partition(DateOnly asAt, string dataset, string source, byte[] bytes) => new()
    {
        Dataset = dataset,
        Path = SnapshotLayout.Partition(dataset, asAt),
        Source = source,
        Sha256 = Sha256(bytes),
    };

    /// <summary>latest.json's document, or null when there is none or it cannot be read.</summary>
    public static LatestDocument? ParseLatest(LatestPointer? pointer)
    {
        if (pointer is null)
        {
            return null;
        }

        try
        {
            return LatestDocument.Parse(pointer.Content);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
