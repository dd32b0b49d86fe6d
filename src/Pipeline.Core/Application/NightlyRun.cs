using System.Collections.Immutable;
using System.Reflection;
using Pipeline.Extract;
using Pipeline.Indicators;
using Pipeline.Ingest;
using Pipeline.Publish;
using Pipeline.Publish.Dashboard;
using Pipeline.Publish.Reports;
using Pipeline.Quality;
using Pipeline.Reference;
using Pipeline.Storage;

namespace Pipeline.Application;

/// <summary>What a run did, for the host to report.</summary>
public sealed record RunOutcome(
    string RunId,
    string Status,
    string? Reason,
    DateOnly? AsAt,
    long RowsRead,
    long RowsQuarantined,
    long ValuesCleared,
    int IndicatorsComputed,
    int IndicatorValues,
    int DqIssues,
    string StoreLocation,
    ImmutableSortedDictionary<string, string> Outputs,
    ImmutableArray<IndicatorValue> Values)
{
    /// <summary>How long the run took, from ingest to the last file published.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Milliseconds per stage, publish included (the run manifest can only time up to its own writing).</summary>
    public ImmutableArray<StageTiming> Timings { get; init; } = [];

    public bool Succeeded => Status == RunStatus.Published;
}

/// <summary>
/// The one application service every host calls (CLI, local scheduler, Azure Functions): ingest, quality,
/// indicators, publish. Stages are pure functions of their inputs; I/O stays in the source and the store.
/// </summary>
public sealed class NightlyRun(TimeProvider clock, Action<string>? progress = null)
{
    public static string CodeVersion { get; } =
        typeof(NightlyRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Where dashboards read (Table storage on Azure); none for a local folder.</summary>
    public IDashboardStore Dashboards { get; init; } = NoDashboardStore.Instance;

    /// <summary>
    /// Runs the job on one extract set. Only one run writes an as_at at a time: a run that finds the as_at's
    /// writer lock held stops at once as <see cref="RunStatus.Skipped"/>. A storage failure (after the store's own
    /// retries) ends the run as <see cref="RunStatus.Failed"/> with the reason; latest.json is then untouched.
    /// </summary>
    public async Task<RunOutcome> RunAsync(IExtractSource source, ReferenceData reference, ISnapshotStore store, CancellationToken cancellationToken = default)
    {
        var startedAt = clock.GetUtcNow();
        var runStarted = clock.GetTimestamp();
        ExtractManifest? peek = null;
        var runId = SnapshotLayout.NewRunId(DateOnly.FromDateTime(startedAt.UtcDateTime), startedAt, new string('0', 64));

        RunOutcome Stopped(string status, string reason) =>
            new(runId, status, reason, peek?.AsAt, 0, 0, 0, 0, 0, 0, store.Location, ImmutableSortedDictionary<string, string>.Empty, [])
            {
                Elapsed = clock.GetElapsedTime(runStarted),
            };

        IWriterLock? writer = null;
        try
        {
            (peek, _) = await ExtractIngestor.ReadManifestAsync(source, cancellationToken);
            if (peek is not null)
            {
                runId = SnapshotLayout.NewRunId(peek.AsAt, startedAt, peek.Sha256);
                writer = await store.TryLockAsync(peek.AsAt, cancellationToken);
                if (writer is null)
                {
                    var reason = $"another run is publishing as_at {peek.AsAt:yyyy-MM-dd} (its writer lock is held); this run stopped before reading anything";
                    progress?.Invoke($"lock: {reason}");
                    await LogRunQuietlyAsync(StoppedManifest(runId, RunStatus.Skipped, reason, source, reference, peek, startedAt), cancellationToken);
                    return Stopped(RunStatus.Skipped, reason);
                }
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, writer?.Lost ?? CancellationToken.None);
            return await RunLockedAsync(runId, startedAt, runStarted, source, reference, store, linked.Token);
        }
        catch (Exception e) when (e is IOException || (e is OperationCanceledException && writer is not null && writer.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException
                ? "the as_at's writer lock was lost while the run worked (its lease could not be renewed); nothing was made latest"
                : $"storage failed: {e.Message}; latest.json still names the last good snapshot";
            progress?.Invoke($"failed: {reason}");
            await LogRunQuietlyAsync(StoppedManifest(runId, RunStatus.Failed, reason, source, reference, peek, startedAt), cancellationToken);
            return Stopped(RunStatus.Failed, reason);
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
    }

    private async Task<RunOutcome> RunLockedAsync(string runId, DateTimeOffset startedAt, long runStarted, IExtractSource source, ReferenceData reference,
        ISnapshotStore store, CancellationToken cancellationToken)
    {
        var timings = ImmutableArray.CreateBuilder<StageTiming>();
        var latestAtStart = await store.ReadLatestAsync(cancellationToken);

        T Timed<T>(string stage, Func<T> work)
        {
            var stageStarted = clock.GetTimestamp();
            var result = work();
            timings.Add(new StageTiming(stage, (long)clock.GetElapsedTime(stageStarted).TotalMilliseconds));
            return result;
        }

        progress?.Invoke($"ingest: reading {source.Location}");
        var ingestStarted = clock.GetTimestamp();
        var ingest = await ExtractIngestor.IngestAsync(source, cancellationToken);
        timings.Add(new StageTiming("ingest", (long)clock.GetElapsedTime(ingestStarted).TotalMilliseconds));
        progress?.Invoke($"ingest: {ingest.RowsRead:N0} rows read in {ingest.Files.Length} files, {ingest.RowsQuarantined:N0} rows quarantined, {ingest.ValuesCleared:N0} values cleared");

        var quarantineBytes = await Datasets.QuarantineTable.WriteAsync(ingest.Quarantine, cancellationToken);
        if (ingest.IsRejected)
        {
            progress?.Invoke($"ingest: set rejected: {ingest.RejectedReason}");
            // The data team still gets a report saying why; nothing else of tonight is usable.
            var rejectedReport = new QualityReportInput(ingest.Manifest?.LaCode ?? "unknown", ingest.Manifest?.AsAt ?? DateOnly.FromDateTime(startedAt.UtcDateTime),
                ingest.Manifest?.Sha256 ?? "", RunStatus.Rejected, ingest.RejectedReason, ingest.Files, new QualityResult([], []), [], [],
                new Dictionary<string, string>());
            var rejectedFiles = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
            {
                [Datasets.Quarantine] = quarantineBytes,
                [Datasets.DqReport] = QualityReport.Html(rejectedReport),
                [Datasets.DqWorkbook] = QualityReport.Spreadsheet(rejectedReport),
            };
            var outputs = rejectedFiles.Keys.ToImmutableSortedDictionary(d => d, d => SnapshotLayout.RunFile(runId, d), StringComparer.Ordinal);
            foreach (var (dataset, bytes) in rejectedFiles)
            {
                await store.CreateAsync(outputs[dataset], bytes, cancellationToken);
            }

            var rejected = Manifest(runId, RunStatus.Rejected, ingest.RejectedReason, source, reference, ingest, startedAt, timings, [], outputs, 0, 0);
            await store.CreateAsync(SnapshotLayout.RunManifest(runId), rejected.ToJson(), cancellationToken);
            await LogRunQuietlyAsync(rejected, cancellationToken);
            return new RunOutcome(runId, RunStatus.Rejected, ingest.RejectedReason, ingest.Manifest?.AsAt, ingest.RowsRead, ingest.RowsQuarantined,
                ingest.ValuesCleared, 0, 0, 0, store.Location, outputs, []) { Elapsed = clock.GetElapsedTime(runStarted) };
        }

        var extract = ingest.Extract!;
        var (previousIssues, previousManifest) = await PreviousSnapshotAsync(store, extract.AsAt, cancellationToken);
        var quality = Timed("quality", () => QualityStage.Run(new QualityInputs(extract, reference), QualityRules.All, previousIssues));
        progress?.Invoke($"quality: {QualityRules.All.Length} rules, {quality.Issues.Count(i => i.Status != IssueStatus.Resolved):N0} issues"
            + (previousIssues is null ? "" : $" ({quality.Summary.Sum(r => r.New ?? 0):N0} new, {quality.Summary.Sum(r => r.Resolved ?? 0):N0} resolved since {previousIssues.AsAt:yyyy-MM-dd})"));
        var blockedBy = PublicationGate.Check(ingest.Files, previousManifest?.Files, reference.Settings);
        var history = await RecentRuleCountsAsync(store, extract.AsAt, cancellationToken);

        var indicators = Timed("indicators", () => IndicatorEngine.Compute(new IndicatorInputs(extract, reference), Catalogue.All));
        progress?.Invoke($"indicators: {Catalogue.All.Length} indicators, {indicators.Values.Length:N0} values");

        var tonightIds = RecordIds(extract);
        var runChecks = RunToRunChecks.Check(new RunToRunInputs(
            extract.AsAt,
            latestAtStart is null ? null : LatestDocument.Parse(latestAtStart.Content)?.AsAt,
            ingest.Files,
            await PreviousNightsAsync(store, extract.AsAt, cancellationToken),
            indicators.Values,
            previousIssues is null ? [] : await PreviousValuesAsync(store, previousIssues.AsAt, cancellationToken))
        {
            TonightIds = tonightIds,
            PreviousIds = previousIssues is null ? [] : await PreviousIdsAsync(store, previousIssues.AsAt, cancellationToken),
        });
        progress?.Invoke($"quality: {runChecks.Length} night-to-night findings");

        // Publishing reads only the manifest and team names: let the tables go first (gigabytes on a national extract),
        // and leave this frame once so none of its slots still holds them (NOTE: code that runs once is compiled without
        // liveness tracking, and the writes below mostly complete without yielding).
        (ingest, extract) = (ingest with { Extract = null }, extract.KeepOnly<Extract.Department>());
        await Task.Yield();

        var publishStarted = clock.GetTimestamp();
        var datasets = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [Datasets.IndicatorValues] = await Datasets.IndicatorValuesTable.WriteAsync(indicators.Values, cancellationToken),
            [Datasets.IndicatorCatalogue] = await Datasets.IndicatorCatalogueTable.WriteAsync(Catalogue.All, cancellationToken),
            [Datasets.DqSummary] = await Datasets.DqSummaryTable.WriteAsync(quality.Summary, cancellationToken),
            [Datasets.DqIssues] = await Datasets.DqIssuesTable.WriteAsync(quality.Issues, cancellationToken),
            [Datasets.Quarantine] = quarantineBytes,
            [Datasets.DqRunChecks] = await Datasets.DqRunChecksTable.WriteAsync(runChecks, cancellationToken),
            [Datasets.RecordIds] = await Datasets.WriteRecordIdsAsync(tonightIds, cancellationToken),
        };
        var report = new QualityReportInput(extract.LaCode, extract.AsAt, extract.Manifest.Sha256,
            blockedBy.Length > 0 ? RunStatus.Blocked : RunStatus.Published, blockedBy.Length > 0 ? string.Join("; ", blockedBy) : null,
            ingest.Files, quality, history, runChecks,
            extract.Departments.Where(d => d.TeamName is not null).GroupBy(d => d.TeamId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().TeamName!, StringComparer.Ordinal));
        datasets[Datasets.DqReport] = QualityReport.Html(report);
        datasets[Datasets.DqWorkbook] = QualityReport.Spreadsheet(report);
        datasets[Datasets.Dashboard] = Timed("dashboard", () => DashboardPage.Html(Dashboard(runId, startedAt, report, ingest, reference, indicators)));

        // Everything under the run's id first, then the per-as_at BI partitions, latest.json last.
        var files = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (dataset, bytes) in datasets)
        {
            files[dataset] = SnapshotLayout.RunFile(runId, dataset);
            await store.CreateAsync(files[dataset], bytes, cancellationToken);
        }

        files[Datasets.RunManifest] = SnapshotLayout.RunManifest(runId);
        var warnings = ingest.Warnings.Concat(indicators.Warnings).ToImmutableArray();
        // The manifest is itself one of the run's files, so it can time the publish only this far: writing the run's files.
        timings.Add(new StageTiming("run_files", (long)clock.GetElapsedTime(publishStarted).TotalMilliseconds));
        if (blockedBy.Length > 0)
        {
            // The data team still gets tonight's quality outputs under the run id; readers stay on the last good snapshot.
            var reason = "publication blocked: " + string.Join("; ", blockedBy);
            progress?.Invoke($"gate: {reason}");
            var blocked = Manifest(runId, RunStatus.Blocked, reason, source, reference, ingest, startedAt, timings, warnings, files.ToImmutable(),
                indicators.Values.Length, quality.Issues.Length);
            await store.CreateAsync(files[Datasets.RunManifest], blocked.ToJson(), cancellationToken);
            await LogRunQuietlyAsync(blocked, cancellationToken);
            return new RunOutcome(runId, RunStatus.Blocked, reason, extract.AsAt, ingest.RowsRead, ingest.RowsQuarantined, ingest.ValuesCleared,
                Catalogue.All.Length, indicators.Values.Length, quality.Issues.Length, store.Location, files.ToImmutable(), indicators.Values) { Elapsed = clock.GetElapsedTime(runStarted) };
        }

        var manifest = Manifest(runId, RunStatus.Published, null, source, reference, ingest, startedAt, timings, warnings, files.ToImmutable(),
            indicators.Values.Length, quality.Issues.Length);
        var manifestJson = manifest.ToJson();
        await store.CreateAsync(files[Datasets.RunManifest], manifestJson, cancellationToken);

        // The BI view: one file per as_at per dataset, replaced whole, so a rerun never double-counts. The manifest
        // partition goes last: it marks the as_at complete. The writer lock means no other run writes this as_at.
        foreach (var (dataset, bytes) in datasets)
        {
            await store.ReplaceAsync(SnapshotLayout.Partition(dataset, extract.AsAt), bytes, cancellationToken);
        }

        await store.ReplaceAsync(SnapshotLayout.ManifestPartition(extract.AsAt), manifestJson, cancellationToken);
        var dashboard = new DashboardSnapshot(extract.LaCode, extract.AsAt, runId, indicators.Values, quality.Summary);
        await Dashboards.WriteSnapshotAsync(dashboard, cancellationToken);

        // The whole publish, to latest.json and the dashboards: in the outcome and the run log, after the fact.
        ImmutableArray<StageTiming> Timings() => [.. timings, new StageTiming("publish", (long)clock.GetElapsedTime(publishStarted).TotalMilliseconds)];

        RunOutcome Outcome(string status, string? reason) =>
            new(runId, status, reason, extract.AsAt, ingest.RowsRead, ingest.RowsQuarantined, ingest.ValuesCleared,
                Catalogue.All.Length, indicators.Values.Length, quality.Issues.Length, store.Location, files.ToImmutable(), indicators.Values)
            {
                Elapsed = clock.GetElapsedTime(runStarted),
                Timings = Timings(),
            };

        // latest.json last. A backfilled night older than the current snapshot is published (its run files and its
        // partitions) without moving readers back in time.
        var currentLatest = latestAtStart is null ? null : LatestDocument.Parse(latestAtStart.Content);
        if (currentLatest?.AsAt > extract.AsAt)
        {
            progress?.Invoke($"publish: snapshot {runId} published; latest.json stays on the newer as_at {currentLatest.AsAt:yyyy-MM-dd}");
            await LogRunQuietlyAsync(manifest with { Timings = Timings() }, cancellationToken);
            return Outcome(RunStatus.Published, null);
        }

        var publishedAt = clock.GetUtcNow();
        var latest = new LatestDocument
        {
            AsAt = extract.AsAt,
            RunId = runId,
            LaCode = extract.LaCode,
            PublishedAt = publishedAt,
            Files = files.ToImmutable(),
        };
        if (!await store.SwapLatestAsync(latest.ToJson(), latestAtStart?.ETag, cancellationToken))
        {
            const string reason = "latest.json changed while this run worked (another run published first); this run's files stay under its run id and latest.json was not overwritten";
            progress?.Invoke($"publish: {reason}");
            await LogRunQuietlyAsync(manifest with { Status = RunStatus.Failed, Reason = reason, Timings = Timings() }, cancellationToken);
            return Outcome(RunStatus.Failed, reason);
        }

        try
        {
            await Dashboards.MarkLatestAsync(dashboard, publishedAt, cancellationToken);
        }
        catch (IOException e)
        {
            var reason = $"the snapshot is published (latest.json names it) but the dashboard tables still point at the previous one: {e.Message}; a rerun converges";
            progress?.Invoke($"publish: {reason}");
            await LogRunQuietlyAsync(manifest with { Status = RunStatus.Failed, Reason = reason, Timings = Timings() }, cancellationToken);
            return Outcome(RunStatus.Failed, reason);
        }

        await LogRunQuietlyAsync(manifest with { Timings = Timings() }, cancellationToken);
        progress?.Invoke($"publish: snapshot {runId} is now latest");
        return Outcome(RunStatus.Published, null);
    }

    /// <summary>The committee's page: from the run's published aggregates and freshness facts only.</summary>
    private static DashboardInput Dashboard(string runId, DateTimeOffset startedAt, QualityReportInput report, IngestResult ingest, ReferenceData reference,
        IndicatorResult indicators) => new DashboardInput
    {
        LaCode = report.LaCode,
        AsAt = report.AsAt,
        RunId = runId,
        Status = report.Status,
        Reason = report.Reason,
        Catalogue = Catalogue.All,
        Values = indicators.Values,
        DqSummary = report.Quality.Summary,
        Freshness = new DashboardFreshness
        {
            RunStartedAt = startedAt,
            ExtractedAt = ingest.Manifest?.ExtractedAt,
            SourceSystem = ingest.Manifest?.SourceSystem,
            SsdVersion = ingest.Manifest?.SsdVersion,
            CodeVersion = CodeVersion,
            Files = ingest.Files,
            Warnings = [.. ingest.Warnings, .. indicators.Warnings],
        },
    }.WithReference(reference);

    /// <summary>
    /// Records the run in the dashboards' run log. The log is a convenience beside the run manifests, which are
    /// the record: a run whose outputs are safe is not failed because its log line could not be written.
    /// </summary>
    private async Task LogRunQuietlyAsync(RunManifest run, CancellationToken cancellationToken)
    {
        try
        {
            await Dashboards.LogRunAsync(run, cancellationToken);
        }
        catch (IOException e)
        {
            progress?.Invoke($"run log: not written ({e.Message})");
        }
    }

    private RunManifest StoppedManifest(string runId, string status, string reason, IExtractSource source, ReferenceData reference,
        ExtractManifest? extract, DateTimeOffset startedAt) => new()
    {
        RunId = runId,
        Status = status,
        Reason = reason,
        AsAt = extract?.AsAt,
        LaCode = extract?.LaCode,
        StartedAt = startedAt,
        FinishedAt = clock.GetUtcNow(),
        CodeVersion = CodeVersion,
        ExtractLocation = source.Location,
        ExtractManifestSha256 = extract?.Sha256,
        SourceSystem = extract?.SourceSystem,
        SsdVersion = extract?.SsdVersion,
        ExtractedAt = extract?.ExtractedAt,
        ReferenceVersions = reference.Versions,
        Files = [],
        Timings = [],
        Warnings = [],
        Outputs = ImmutableSortedDictionary<string, string>.Empty,
    };

    /// <summary>
    /// The last published snapshot before <paramref name="asAt"/> (not the latest: a rerun or a backfill must
    /// compare with the night before it, so reruns give the same lifecycle): its issues and its run manifest.
    /// </summary>
    private static async Task<(PreviousIssues? Issues, RunManifest? Manifest)> PreviousSnapshotAsync(ISnapshotStore store, DateOnly asAt, CancellationToken cancellationToken)
    {
        var earlier = (await store.ListAsync(SnapshotLayout.PartitionFolder(Datasets.DqIssues), cancellationToken))
            .Select(path => (Path: path, AsAt: SnapshotLayout.AsAtOfPartition(path)))
            .Where(p => p.AsAt < asAt)
            .OrderBy(p => p.AsAt)
            .LastOrDefault();
        if (earlier.Path is null || earlier.AsAt is not { } previousAsAt)
        {
            return (null, null);
        }

        var issues = await store.ReadAsync(earlier.Path, cancellationToken);
        var manifest = await store.ReadAsync(SnapshotLayout.ManifestPartition(previousAsAt), cancellationToken);
        return (issues is null ? null : new PreviousIssues(previousAsAt, await Datasets.ReadDqIssuesAsync(issues, cancellationToken)),
            manifest is null ? null : RunManifest.Parse(manifest));
    }

    /// <summary>Up to seven published nights before <paramref name="asAt"/>, from their run manifests.</summary>
    private static async Task<IReadOnlyList<PublishedNight>> PreviousNightsAsync(ISnapshotStore store, DateOnly asAt, CancellationToken cancellationToken)
    {
        var nights = new List<PublishedNight>();
        foreach (var path in (await store.ListAsync(SnapshotLayout.PartitionFolder(Datasets.RunManifest), cancellationToken))
                     .Where(p => SnapshotLayout.AsAtOfPartition(p) < asAt).OrderBy(SnapshotLayout.AsAtOfPartition).TakeLast(7))
        {
            if (await store.ReadAsync(path, cancellationToken) is { } bytes && RunManifest.Parse(bytes) is { AsAt: { } night } manifest)
            {
                nights.Add(new PublishedNight(night, manifest.Files));
            }
        }

        return nights;
    }

    private static IReadOnlyList<TableIds> RecordIds(Extract.ExtractSet extract) =>
    [
        .. RunToRunChecks.IdTables.Where(extract.HasTable).Select(table => TableIds.Of(table, table switch
        {
            "ssd_person" => extract.Persons.Select(r => r.PersonId),
            "ssd_cin_episodes" => extract.CinEpisodes.Select(r => r.ReferralId),
            "ssd_cin_assessments" => extract.Assessments.Select(r => r.AssessmentId),
            "ssd_s47_enquiry" => extract.S47Enquiries.Select(r => r.EnquiryId),
            "ssd_initial_cp_conference" => extract.InitialCpConferences.Select(r => r.IcpcId),
            "ssd_cp_plans" => extract.CpPlans.Select(r => r.PlanId),
            "ssd_cin_plans" => extract.CinPlans.Select(r => r.PlanId),
            "ssd_cla_episodes" => extract.ClaEpisodes.Select(r => r.EpisodeId),
            "ssd_care_leavers" => extract.CareLeavers.Select(r => r.CareLeaverId),
            _ => extract.Professionals.Select(r => r.ProfessionalId),
        })),
    ];

    private static async Task<IReadOnlyList<TableIds>> PreviousIdsAsync(ISnapshotStore store, DateOnly previousAsAt, CancellationToken cancellationToken) =>
        await store.ReadAsync(SnapshotLayout.Partition(Datasets.RecordIds, previousAsAt), cancellationToken) is { } bytes
            ? await Datasets.ReadRecordIdsAsync(bytes, cancellationToken)
            : [];

    private static async Task<IReadOnlyList<IndicatorValue>> PreviousValuesAsync(ISnapshotStore store, DateOnly previousAsAt, CancellationToken cancellationToken) =>
        await store.ReadAsync(SnapshotLayout.Partition(Datasets.IndicatorValues, previousAsAt), cancellationToken) is { } bytes
            ? await Datasets.ReadIndicatorValuesAsync(bytes, cancellationToken)
            : [];

    /// <summary>Each rule's count on up to six published nights before <paramref name="asAt"/>, for the report's trend.</summary>
    private static async Task<IReadOnlyList<RuleCount>> RecentRuleCountsAsync(ISnapshotStore store, DateOnly asAt, CancellationToken cancellationToken)
    {
        var counts = new List<RuleCount>();
        var nights = (await store.ListAsync(SnapshotLayout.PartitionFolder(Datasets.DqSummary), cancellationToken))
            .Select(path => (Path: path, AsAt: SnapshotLayout.AsAtOfPartition(path)))
            .Where(p => p.AsAt < asAt)
            .OrderBy(p => p.AsAt)
            .TakeLast(6);
        foreach (var (path, night) in nights)
        {
            if (await store.ReadAsync(path, cancellationToken) is not { } bytes)
            {
                continue;
            }

            var columns = await ParquetTable<DqSummaryRow>.ReadColumnsAsync(bytes, cancellationToken);
            var rules = (string?[])columns["rule_code"];
            var values = (long[])columns["count"];
            counts.AddRange(rules.Select((rule, i) => new RuleCount(night!.Value, rule!, values[i])));
        }

        return counts;
    }

    private RunManifest Manifest(string runId, string status, string? reason, IExtractSource source, ReferenceData reference, IngestResult ingest,
        DateTimeOffset startedAt, ImmutableArray<StageTiming>.Builder timings, ImmutableArray<string> warnings,
        ImmutableSortedDictionary<string, string> outputs, int indicatorValues, int dqIssues) => new()
    {
        RunId = runId,
        Status = status,
        Reason = reason,
        AsAt = ingest.Manifest?.AsAt,
        LaCode = ingest.Manifest?.LaCode,
        StartedAt = startedAt,
        FinishedAt = clock.GetUtcNow(),
        CodeVersion = CodeVersion,
        ExtractLocation = source.Location,
        ExtractManifestSha256 = ingest.Manifest?.Sha256,
        SourceSystem = ingest.Manifest?.SourceSystem,
        SsdVersion = ingest.Manifest?.SsdVersion,
        ExtractedAt = ingest.Manifest?.ExtractedAt,
        ReferenceVersions = reference.Versions,
        Files = ingest.Files,
        RowsRead = ingest.RowsRead,
        RowsQuarantined = ingest.RowsQuarantined,
        ValuesCleared = ingest.ValuesCleared,
        IndicatorValues = indicatorValues,
        DqIssues = dqIssues,
        Timings = timings.ToImmutable(),
        Warnings = warnings.IsDefault ? ingest.Warnings : warnings,
        Outputs = outputs,
    };
}
