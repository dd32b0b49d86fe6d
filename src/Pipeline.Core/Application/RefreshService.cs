using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Pipeline.Publish;
using Pipeline.Reference;
using Pipeline.Storage;

namespace Pipeline.Application;

/// <summary>Everything a deployment keeps in storage, behind the core's seams (a local folder or an Azure account).</summary>
/// <param name="Requests">The rerun queue; null where nothing asks for reruns (a one-off run).</param>
public sealed record PipelineDeployment(
    IExtractStore Extracts,
    Func<CancellationToken, Task<ReferenceData>> LoadReference,
    ISnapshotStore Snapshots,
    IDashboardStore Dashboards,
    IRunLedger Ledger,
    IRefreshQueue? Requests = null);

/// <summary>What <see cref="RefreshService.StatusAsync"/> returns: the current pointer, the recent runs and the recent rerun requests.</summary>
public sealed record RefreshStatus(LatestDocument? Latest, IReadOnlyList<RunManifest> RecentRuns, IReadOnlyList<RefreshRequestRecord> Requests);

/// <summary>
/// The one application service every host calls: the Functions app's triggers, <c>pipeline serve</c>'s scheduler
/// and watcher, <c>pipeline run</c> and <c>pipeline backfill</c>. Every entry point is idempotent: an arrival is
/// keyed by its as_at and manifest ETag in the ledger, and one as_at is written by one run at a time (the writer
/// lock in <see cref="NightlyRun"/>); how a run's snapshot is committed is <see cref="SnapshotCommit"/>.
/// </summary>
public sealed partial class RefreshService(PipelineDeployment deployment, TimeProvider clock, ILogger logger, Action<string>? progress = null)
{
    /// <summary>Runs one landed set now, whatever the ledger says (the CLI's <c>run</c>, the <c>RefreshNow</c> endpoint).</summary>
    public async Task<RunOutcome> RunAsync(DateOnly asAt, CancellationToken cancellationToken)
    {
        var set = (await deployment.Extracts.ListSetsAsync(cancellationToken)).FirstOrDefault(s => s.AsAt == asAt);
        var outcome = await RunOnceAsync(asAt, cancellationToken);
        if (set is not null)
        {
            await RecordAsync(set, outcome, previous: await deployment.Ledger.GetAsync(set.AsAt, set.ManifestETag, cancellationToken), error: null, cancellationToken);
        }

        return outcome;
    }

    /// <summary>
    /// A manifest has arrived (a blob event, or the watcher saw it). A repeat of an arrival already done or
    /// poisoned is a no-op (returns null); a failure is recorded and retried on the next arrival or catch-up,
    /// up to <see cref="RunLedger.MaxAttempts"/> attempts.
    /// </summary>
    public async Task<RunOutcome?> ProcessArrivalAsync(LandedSet set, CancellationToken cancellationToken)
    {
        var previous = await deployment.Ledger.GetAsync(set.AsAt, set.ManifestETag, cancellationToken);
        if (previous?.Status is LedgerStatus.Done or LedgerStatus.Poison)
        {
            var day = Day(set.AsAt);
            RefreshLog.AlreadyHandled(logger, day, set.ManifestETag, previous.Status);
            return null;
        }

        RunOutcome? outcome = null;
        string? error = null;
        try
        {
            outcome = await RunOnceAsync(set.AsAt, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything unexpected counts as a failed attempt, so one bad set is poisoned rather than retried forever.
            error = $"{e.GetType().Name}: {e.Message}";
            var day = Day(set.AsAt);
            RefreshLog.RunThrew(logger, e, day);
        }

        await RecordAsync(set, outcome, previous, error, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Every landed set not yet done, oldest first (so night-to-night checks see the right history): the nightly
    /// timer's work, and the watcher's each time it looks. A no-op when there is none.
    /// </summary>
    /// <param name="stopBetweenSets">Stops before the next set, letting the one in progress finish (a host shutting down).</param>
    public async Task<IReadOnlyList<RunOutcome>> CatchUpAsync(CancellationToken cancellationToken, CancellationToken stopBetweenSets = default)
    {
        var outcomes = new List<RunOutcome>();
        foreach (var set in await deployment.Extracts.ListSetsAsync(cancellationToken))
        {
            if (stopBetweenSets.IsCancellationRequested)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (await ProcessArrivalAsync(set, cancellationToken) is { } outcome)
            {
                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Every landed set from <paramref name="from"/> to <paramref name="to"/> in date order, skipping those already
    /// published (their as_at has a published snapshot) unless <paramref name="force"/>.
    /// </summary>
    public async Task<IReadOnlyList<RunOutcome>> BackfillAsync(DateOnly from, DateOnly to, bool force, CancellationToken cancellationToken)
    {
        var outcomes = new List<RunOutcome>();
        foreach (var set in (await deployment.Extracts.ListSetsAsync(cancellationToken)).Where(s => s.AsAt >= from && s.AsAt <= to).OrderBy(s => s.AsAt))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!force && await IsPublishedAsync(set.AsAt, cancellationToken))
            {
                progress?.Invoke($"backfill: {set.AsAt:yyyy-MM-dd} already published; skipped (--force reruns it)");
                continue;
            }

            outcomes.Add(await RunAsync(set.AsAt, cancellationToken));
        }

        return outcomes;
    }

    /// <summary>
    /// Tonight's set is the one for yesterday in the council's own calendar (Europe/London): schedules run in UTC,
    /// business dates do not. Logs a warning and returns false when it has not landed.
    /// </summary>
    public async Task<bool> WarnIfTonightsSetIsMissingAsync(TimeZoneInfo businessTimeZone, CancellationToken cancellationToken)
    {
        var expected = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), businessTimeZone).DateTime).AddDays(-1);
        if ((await deployment.Extracts.ListSetsAsync(cancellationToken)).Any(s => s.AsAt == expected))
        {
            return true;
        }

        var day = Day(expected);
        RefreshLog.SetMissing(logger, day);
        return false;
    }

    /// <summary>latest.json, the last <paramref name="recent"/> runs, and up to as many rerun requests of the last 30 days.</summary>
    public async Task<RefreshStatus> StatusAsync(int recent, CancellationToken cancellationToken)
    {
        var latest = await deployment.Snapshots.ReadLatestAsync(cancellationToken);
        return new RefreshStatus(latest is null ? null : LatestDocument.Parse(latest.Content), await deployment.Dashboards.RecentRunsAsync(recent, cancellationToken),
            await deployment.Ledger.RecentRequestsAsync(clock.GetUtcNow() - RefreshQueue.StatusWindow, recent, cancellationToken));
    }

    /// <summary>
    /// The dashboard of the snapshot latest.json names (the Functions app's <c>Dashboard</c> endpoint, <c>pipeline serve --http</c>);
    /// null when nothing is published yet or the latest snapshot predates the dashboard.
    /// </summary>
    public async Task<byte[]?> LatestDashboardAsync(CancellationToken cancellationToken)
    {
        var latest = await deployment.Snapshots.ReadLatestAsync(cancellationToken);
        // The path is rebuilt from the run id (which the layout validates), never taken from the document as written.
        return latest is not null && LatestDocument.Parse(latest.Content) is { } document && document.Files.ContainsKey(Datasets.Dashboard)
            ? await deployment.Snapshots.ReadAsync(SnapshotLayout.RunFile(document.RunId, Datasets.Dashboard), cancellationToken)
            : null;
    }

    /// <summary>The dashboard published for <paramref name="asAt"/> (its as_at partition), or null when that night has none.</summary>
    public Task<byte[]?> DashboardAsync(DateOnly asAt, CancellationToken cancellationToken) =>
        deployment.Snapshots.ReadAsync(SnapshotLayout.Partition(Datasets.Dashboard, asAt), cancellationToken);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    // Published and whole: a night a killed run left half published is run again, which finishes it.
    private async Task<bool> IsPublishedAsync(DateOnly asAt, CancellationToken cancellationToken)
    {
        var latest = SnapshotCommit.ParseLatest(await deployment.Snapshots.ReadLatestAsync(cancellationToken));
        return await new SnapshotCommit(deployment.Snapshots, clock).CommittedAsync(asAt, latest, cancellationToken) is { Complete: true };
    }

    private async Task<RunOutcome> RunOnceAsync(DateOnly asAt, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["AsAt"] = Day(asAt) });
        var reference = await deployment.LoadReference(cancellationToken);
        var run = new NightlyRun(clock, progress) { Dashboards = deployment.Dashboards };
        var outcome = await run.RunAsync(deployment.Extracts.Open(asAt), reference, deployment.Snapshots, cancellationToken);
        Log(outcome);
        return outcome;
    }

    // The run's shape, never its content: ids of the run, counts and timings; no child data.
    private void Log(RunOutcome outcome)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var stages = string.Join(", ", outcome.Timings.Select(t => $"{t.Stage}={t.Milliseconds}"));
        var day = outcome.AsAt is { } asAt ? Day(asAt) : null;
        var level = outcome.Status is RunStatus.Published or RunStatus.Skipped ? LogLevel.Information : LogLevel.Warning;
        var elapsed = (long)outcome.Elapsed.TotalMilliseconds;
        RefreshLog.RunFinished(logger, level, outcome.RunId, day, outcome.Status, elapsed, outcome.RowsRead, outcome.RowsQuarantined,
            outcome.IndicatorValues, outcome.DqIssues, stages, outcome.Reason);
    }

    private async Task RecordAsync(LandedSet set, RunOutcome? outcome, LedgerEntry? previous, string? error, CancellationToken cancellationToken)
    {
        if (outcome?.Status == RunStatus.Skipped)
        {
            // Another run has this as_at right now; it will record its own result.
            return;
        }

        var attempts = (previous?.Attempts ?? 0) + 1;
        var failed = outcome is null || outcome.Status == RunStatus.Failed;
        var status = !failed ? LedgerStatus.Done : attempts >= RunLedger.MaxAttempts ? LedgerStatus.Poison : LedgerStatus.Retrying;
        var entry = new LedgerEntry(set.AsAt, set.ManifestETag, status, attempts, outcome?.RunId, outcome?.Status, error ?? (failed ? outcome?.Reason : null), clock.GetUtcNow());
        await deployment.Ledger.PutAsync(entry, cancellationToken);
        if (status == LedgerStatus.Poison)
        {
            var day = Day(set.AsAt);
            RefreshLog.Poisoned(logger, day, set.ManifestETag, attempts, entry.LastError);
        }
    }
}

/// <summary>The service's structured log lines: run ids, dates, statuses, counts and timings; never extract content.</summary>
internal static partial class RefreshLog
{
    [LoggerMessage(EventId = 1, Message = "Run {RunId} for as_at {AsAt}: {Status} in {ElapsedMs} ms; rows read {RowsRead}, quarantined {RowsQuarantined}; {IndicatorValues} indicator values; {DqIssues} quality issues; stages (ms) {Stages}; reason {Reason}")]
    public static partial void RunFinished(ILogger logger, LogLevel level, string runId, string? asAt, string status, long elapsedMs, long rowsRead,
        long rowsQuarantined, int indicatorValues, int dqIssues, string stages, string? reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Arrival {AsAt} ({ManifestETag}) already {LedgerStatus}; nothing to do")]
    public static partial void AlreadyHandled(ILogger logger, string asAt, string manifestETag, string ledgerStatus);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Run for as_at {AsAt} threw")]
    public static partial void RunThrew(ILogger logger, Exception exception, string asAt);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "No extract set has landed for as_at {AsAt}: the export may have failed")]
    public static partial void SetMissing(ILogger logger, string asAt);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Arrival {AsAt} ({ManifestETag}) poisoned after {Attempts} attempts: {LastError}")]
    public static partial void Poisoned(ILogger logger, string asAt, string manifestETag, int attempts, string? lastError);
}
