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

    /// <summary>What the run published despite (an unlisted file, a table rejected, no population figure): hosts say so.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    public bool Succeeded => Status == RunStatus.Published;
}

/// <summary>
/// One run of the nightly job on one extract set: ingest, quality, indicators, then the run's files and their commit
/// (<see cref="SnapshotCommit"/>). Stages are pure functions of their inputs; I/O stays in the source and the store.
/// Hosts call it through <see cref="RefreshService"/>.
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
        var run = new Run(clock, source, reference, store, clock.GetUtcNow(), clock.GetTimestamp());
        IWriterLock? writer = null;
        try
        {
            var (peek, _) = await ExtractIngestor.ReadManifestAsync(source, run.Options, cancellationToken);
            if (peek is not null)
            {
                run.Identify(peek);
                writer = await store.TryLockAsync(peek.AsAt, cancellationToken);
                if (writer is null)
                {
                    var reason = $"another run is publishing as_at {peek.AsAt:yyyy-MM-dd} (its writer lock is held); this run stopped before reading anything";
                    progress?.Invoke($"lock: {reason}");
                    await LogRunQuietlyAsync(run.Manifest(RunStatus.Skipped, reason), cancellationToken);
                    return run.Stopped(RunStatus.Skipped, reason);
                }
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, writer?.Lost ?? CancellationToken.None);
            return await RunLockedAsync(run, linked.Token);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException
            || (e is OperationCanceledException && writer is not null && writer.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is OperationCanceledException
                ? "the as_at's writer lock was lost while the run worked (its lease could not be renewed); nothing was made latest"
                : $"storage failed: {e.Message}; latest.json still names the last good snapshot";
            progress?.Invoke($"failed: {reason}");
            await LogRunQuietlyAsync(run.Manifest(RunStatus.Failed, reason), cancellationToken);
            return run.Stopped(RunStatus.Failed, reason);
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
    }

    private async Task<RunOutcome> RunLockedAsync(Run run, CancellationToken cancellationToken)
    {
        var commit = new SnapshotCommit(run.Store, clock, progress) { Dashboards = Dashboards };
        if (run.AsAt is { } night)
        {
            // A run of this night killed mid-publish left its BI folders half done: finish (or undo) that first.
            await commit.RecoverAsync(night, cancellationToken);
        }

        var latestAtStart = SnapshotCommit.ParseLatest(await run.Store.ReadLatestAsync(cancellationToken));
        progress?.Invoke($"ingest: reading {run.Source.Location}");
        var ingest = await run.TimedAsync("ingest", () => ExtractIngestor.IngestAsync(run.Source, run.Options, cancellationToken));
        run.Ingested(ingest);
        progress?.Invoke($"ingest: {ingest.RowsRead:N0} rows read in {ingest.Files.Count(f => f.Status is FileIngestStats.Accepted or FileIngestStats.NotRead):N0} files, "
            + $"{ingest.RowsQuarantined:N0} rows quarantined, {ingest.ValuesCleared:N0} values cleared");
        var quarantineBytes = await Datasets.QuarantineTable.WriteAsync(ingest.Quarantine, cancellationToken);
        if (ingest.IsRejected)
        {
            return await RejectedAsync(run, commit, ingest, quarantineBytes, cancellationToken);
        }

        var extract = ingest.Extract!;
        var earlier = await EarlierNights.ReadAsync(run.Store, commit, extract.AsAt, latestAtStart, cancellationToken);
        var (quality, indicators) = await QualityAndIndicatorsAsync(run, extract, earlier.PreviousIssues);
        progress?.Invoke($"quality: {QualityRules.All.Length} rules, {quality.Issues.Count(i => i.Status != IssueStatus.Resolved):N0} issues"
            + (earlier.PreviousIssues is not { } previous ? "" : $" ({quality.Summary.Sum(r => r.New ?? 0):N0} new, {quality.Summary.Sum(r => r.Resolved ?? 0):N0} resolved since {previous.AsAt:yyyy-MM-dd})"));
        var blockedBy = PublicationGate.Check(ingest.Files, Baselines(earlier, extract.AsAt), run.Reference.Settings);

        progress?.Invoke($"indicators: {Catalogue.All.Length} indicators, {indicators.Values.Length:N0} values");
        run.Warn(indicators.Warnings);
        if (run.Reference.PopulationFor(extract.LaCode, extract.AsAt.Year) is null)
        {
            run.Warn([$"population.csv has no figure for {extract.LaCode}: every rate per 10,000 children is unavailable"]);
        }

        var tonightIds = RecordIds(extract);
        var runChecks = RunToRunChecks.Check(new RunToRunInputs(extract.AsAt, latestAtStart?.AsAt, ingest.Files, earlier.Nights, indicators.Values, earlier.PreviousValues)
        {
            TonightIds = tonightIds,
            PreviousIds = earlier.PreviousIds,
        });
        progress?.Invoke($"quality: {runChecks.Length} night-to-night findings");

        // Publishing reads only the manifest and team names: let the tables go first (gigabytes on a national extract),
        // and leave this frame once so none of its slots still holds them (NOTE: code that runs once is compiled without
        // liveness tracking, and the writes below mostly complete without yielding).
        var teams = extract.Departments.Where(d => d.TeamName is not null).GroupBy(d => d.TeamId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().TeamName!, StringComparer.Ordinal);
        (ingest, extract) = (ingest with { Extract = null }, null);
        run.Ingested(ingest);
        await Task.Yield();

        var publishStarted = clock.GetTimestamp();
        // The run's files: one line each. A dataset added here is written under the run id, named in latest.json and
        // the run manifest, and copied into its BI partition by the commit, with nothing else to change.
        // NOTE: each file is made from tonight's results alone, so they are made side by side (and beside the reports below).
        var made = new SortedDictionary<string, Task<byte[]>>(StringComparer.Ordinal)
        {
            [Datasets.IndicatorValues] = Task.Run(() => Datasets.IndicatorValuesTable.WriteAsync(indicators.Values, cancellationToken)),
            [Datasets.IndicatorCatalogue] = Task.Run(() => Datasets.IndicatorCatalogueTable.WriteAsync(Catalogue.All, cancellationToken)),
            [Datasets.DqSummary] = Task.Run(() => Datasets.DqSummaryTable.WriteAsync(quality.Summary, cancellationToken)),
            [Datasets.DqIssues] = Task.Run(() => Datasets.DqIssuesTable.WriteAsync(quality.Issues, cancellationToken)),
            [Datasets.Quarantine] = Task.FromResult(quarantineBytes),
            [Datasets.DqRunChecks] = Task.Run(() => Datasets.DqRunChecksTable.WriteAsync(runChecks, cancellationToken)),
            [Datasets.RecordIds] = Task.Run(() => Datasets.WriteRecordIdsAsync(tonightIds, cancellationToken)),
        };
        var blockedReason = blockedBy.Length > 0 ? "publication blocked: " + string.Join("; ", blockedBy) : null;
        var report = new QualityReportInput(run.LaCode!, run.AsAt, run.ManifestSha256!, blockedReason is null ? RunStatus.Published : RunStatus.Blocked,
            blockedReason, ingest.Files, quality, earlier.RuleCounts, runChecks, teams)
        {
            Warnings = run.Warnings,
            Quarantine = ingest.Quarantine,
            HasPreviousSnapshot = earlier.PreviousIssues is not null,
        };
        made[Datasets.DqReport] = Task.Run(() => QualityReport.Html(report));
        made[Datasets.DqWorkbook] = Task.Run(() => QualityReport.Spreadsheet(report));
        var dashboard = run.Timed("dashboard", () => DashboardPage.Html(Dashboard(run, report, ingest, indicators)));
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal) { [Datasets.Dashboard] = dashboard };
        foreach (var (dataset, making) in made)
        {
            files[dataset] = await making;
        }

        var paths = (await commit.WriteRunFilesAsync(run.RunId, files, cancellationToken)).Add(Datasets.RunManifest, SnapshotLayout.RunManifest(run.RunId));
        // The manifest is itself one of the run's files, so it can time the publish only this far: writing the run's files.
        run.Timings.Add(new StageTiming("run_files", (long)clock.GetElapsedTime(publishStarted).TotalMilliseconds));
        run.Produced(paths, indicators.Values, quality.Issues.Length);
        if (blockedReason is not null)
        {
            // The data team still gets tonight's quality outputs under the run id; readers stay on the last good snapshot.
            progress?.Invoke($"gate: {blockedReason}");
            var blocked = run.Manifest(RunStatus.Blocked, blockedReason);
            await run.Store.CreateAsync(paths[Datasets.RunManifest], blocked.ToJson(), cancellationToken);
            await LogRunQuietlyAsync(blocked, cancellationToken);
            return run.Outcome(RunStatus.Blocked, blockedReason);
        }

        var manifest = run.Manifest(RunStatus.Published, null);
        var manifestJson = manifest.ToJson();
        await run.Store.CreateAsync(paths[Datasets.RunManifest], manifestJson, cancellationToken);
        files[Datasets.RunManifest] = manifestJson;

        var committed = await commit.CommitAsync(new CommitCandidate(run.AsAt!.Value, run.RunId, run.LaCode!, files.ToImmutableSortedDictionary(StringComparer.Ordinal))
        {
            Dashboard = new DashboardSnapshot(run.LaCode!, run.AsAt.Value, run.RunId, indicators.Values, quality.Summary),
        }, cancellationToken);
        run.Timings.Add(new StageTiming("publish", (long)clock.GetElapsedTime(publishStarted).TotalMilliseconds));
        if (committed.Failure is { } failure)
        {
            progress?.Invoke($"publish: {failure}");
            await LogRunQuietlyAsync(manifest with { Status = RunStatus.Failed, Reason = failure, Timings = run.Timings.ToImmutable() }, cancellationToken);
            return run.Outcome(RunStatus.Failed, failure);
        }

        await LogRunQuietlyAsync(manifest with { Timings = run.Timings.ToImmutable() }, cancellationToken);
        progress?.Invoke(committed.IsLatest ? $"publish: snapshot {run.RunId} is now latest" : $"publish: snapshot {run.RunId} published for {run.AsAt:yyyy-MM-dd}");
        return run.Outcome(RunStatus.Published, null);
    }

    /// <summary>
    /// The quality and indicator stages. Each reads the extract and reference data and nothing of the other, so they run
    /// side by side (within each, rules and indicator areas already share the cores) when memory allows both stages'
    /// lookups at once; otherwise one after the other. Either way the indicators of an area run side by side, and each
    /// stage's result is its own, so the outputs are the same.
    /// </summary>
    private static async Task<(QualityResult Quality, IndicatorResult Indicators)> QualityAndIndicatorsAsync(Run run, ExtractSet extract, PreviousIssues? previous)
    {
        if (!RoomForBothStages())
        {
            return (run.Timed("quality", () => QualityStage.Run(new QualityInputs(extract, run.Reference), QualityRules.All, previous)),
                run.Timed("indicators", () => IndicatorEngine.Compute(new IndicatorInputs(extract, run.Reference), Catalogue.All, Environment.ProcessorCount)));
        }

        var shared = new IndicatorInputs(extract, run.Reference) { SharedWithQuality = true };
        var quality = Task.Run(() => run.Measure(() => QualityStage.Run(new QualityInputs(extract, run.Reference) { SharedGroupings = shared }, QualityRules.All, previous)));
        var indicators = Task.Run(() => run.Measure(() => IndicatorEngine.Compute(shared, Catalogue.All, Environment.ProcessorCount)));
        await Task.WhenAll(quality, indicators);
        // Timed in the same order as when the stages run one after the other: the run manifest lists them so.
        run.Timings.Add(new StageTiming("quality", quality.Result.Milliseconds));
        run.Timings.Add(new StageTiming("indicators", indicators.Result.Milliseconds));
        return (quality.Result.Result, indicators.Result.Result);
    }

    /// <summary>
    /// Whether the memory the GC may use (the machine's, or the heap limit a host sets) holds five times what is allocated
    /// now, the extract's columns being most of it. Both stages at once peaked at about 3.3 times the extract nationally
    /// (3,659 MB resident against 1,123 MB live after the ingest, under an 8 GiB heap limit; bench/README.md, seventh pass),
    /// and were no faster there than one after the other. A national extract under a 4 GiB heap limit runs them one after
    /// the other.
    /// </summary>
    /// <remarks>NOTE: five, not four: since the seventh pass the extract is smaller beside the stages' lookups, and at four an
    /// extract a little smaller than the national one would have run both at once under a 4 GiB limit.</remarks>
    private static bool RoomForBothStages() => GC.GetTotalMemory(false) * 5 < GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    // The data team still gets a report saying why, and the quarantine; nothing else of tonight is usable.
    private async Task<RunOutcome> RejectedAsync(Run run, SnapshotCommit commit, IngestResult ingest, byte[] quarantineBytes, CancellationToken cancellationToken)
    {
        progress?.Invoke($"ingest: set rejected: {ingest.RejectedReason}");
        var report = new QualityReportInput(run.LaCode ?? "unknown", run.AsAt, run.ManifestSha256 ?? "", RunStatus.Rejected, ingest.RejectedReason, ingest.Files,
            new QualityResult([], []), [], [], new Dictionary<string, string>())
        {
            Warnings = ingest.Warnings,
            Quarantine = ingest.Quarantine,
        };
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [Datasets.Quarantine] = quarantineBytes,
            [Datasets.DqReport] = QualityReport.Html(report),
            [Datasets.DqWorkbook] = QualityReport.Spreadsheet(report),
        };
        var paths = (await commit.WriteRunFilesAsync(run.RunId, files, cancellationToken)).Add(Datasets.RunManifest, SnapshotLayout.RunManifest(run.RunId));
        run.Produced(paths, [], 0);
        var rejected = run.Manifest(RunStatus.Rejected, ingest.RejectedReason);
        await run.Store.CreateAsync(paths[Datasets.RunManifest], rejected.ToJson(), cancellationToken);
        await LogRunQuietlyAsync(rejected, cancellationToken);
        return run.Outcome(RunStatus.Rejected, ingest.RejectedReason);
    }

    /// <summary>The committee's page: from the run's published aggregates and freshness facts only.</summary>
    private static DashboardInput Dashboard(Run run, QualityReportInput report, IngestResult ingest, IndicatorResult indicators) => new DashboardInput
    {
        LaCode = report.LaCode,
        AsAt = run.AsAt!.Value,
        RunId = run.RunId,
        Status = report.Status,
        Reason = report.Reason,
        Catalogue = Catalogue.All,
        Values = indicators.Values,
        DqSummary = report.Quality.Summary,
        Freshness = new DashboardFreshness
        {
            RunStartedAt = run.StartedAt,
            ExtractedAt = ingest.Manifest?.ExtractedAt,
            SourceSystem = ingest.Manifest?.SourceSystem,
            SsdVersion = ingest.Manifest?.SsdVersion,
            CodeVersion = CodeVersion,
            Files = ingest.Files,
            Warnings = run.Warnings,
        },
    }.WithReference(run.Reference);

    // The gate compares tonight with the night before and, for a rerun, with the snapshot of this night it would replace.
    private static List<GateBaseline> Baselines(EarlierNights earlier, DateOnly asAt)
    {
        var baselines = new List<GateBaseline>();
        if (earlier.PreviousManifest is { } previous)
        {
            baselines.Add(new GateBaseline("last time", previous.Files));
        }

        if (earlier.ReplacedManifest is { } replaced)
        {
            baselines.Add(new GateBaseline($"in the snapshot of {asAt:yyyy-MM-dd} this rerun would replace ({replaced.RunId})", replaced.Files));
        }

        return baselines;
    }

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

    // NOTE: each table's id read from its column (no record built), tables side by side. Tried beside the quality and
    // indicator stages as well: no faster, once those keep both cores busy.
    private static IReadOnlyList<TableIds> RecordIds(ExtractSet extract) =>
    [
        .. RunToRunChecks.IdTables.Where(extract.HasTable).AsParallel().AsOrdered().Select(table => TableIds.Of(table, table switch
        {
            "ssd_person" => extract.Persons.Values(nameof(Person.PersonId), r => r.PersonId),
            "ssd_cin_episodes" => extract.CinEpisodes.Values(nameof(CinEpisode.ReferralId), r => r.ReferralId),
            "ssd_cin_assessments" => extract.Assessments.Values(nameof(Assessment.AssessmentId), r => r.AssessmentId),
            "ssd_s47_enquiry" => extract.S47Enquiries.Values(nameof(S47Enquiry.EnquiryId), r => r.EnquiryId),
            "ssd_initial_cp_conference" => extract.InitialCpConferences.Values(nameof(InitialCpConference.IcpcId), r => r.IcpcId),
            "ssd_cp_plans" => extract.CpPlans.Values(nameof(CpPlan.PlanId), r => r.PlanId),
            "ssd_cin_plans" => extract.CinPlans.Values(nameof(CinPlan.PlanId), r => r.PlanId),
            "ssd_cla_episodes" => extract.ClaEpisodes.Values(nameof(ClaEpisode.EpisodeId), r => r.EpisodeId),
            "ssd_care_leavers" => extract.CareLeavers.Values(nameof(CareLeaver.CareLeaverId), r => r.CareLeaverId),
            _ => extract.Professionals.Values(nameof(Professional.ProfessionalId), r => r.ProfessionalId),
        })),
    ];

    /// <summary>One run's facts as they become known, and the one factory each for its manifest and its outcome.</summary>
    private sealed class Run(TimeProvider clock, IExtractSource source, ReferenceData reference, ISnapshotStore store, DateTimeOffset startedAt, long started)
    {
        private ExtractManifest? manifest;
        private IngestResult? ingest;
        private ImmutableSortedDictionary<string, TableCoverage> coverage = ImmutableSortedDictionary<string, TableCoverage>.Empty;
        private ImmutableSortedDictionary<string, string> outputs = ImmutableSortedDictionary<string, string>.Empty;
        private ImmutableArray<IndicatorValue> values = [];
        private int dqIssues;
        private readonly ImmutableArray<string>.Builder warnings = ImmutableArray.CreateBuilder<string>();

        public IExtractSource Source => source;

        public ReferenceData Reference => reference;

        public ISnapshotStore Store => store;

        public DateTimeOffset StartedAt => startedAt;

        public IngestOptions Options { get; } = new() { Limits = reference.Settings.Limits, Clock = clock };

        /// <summary>Until a manifest is read, the run has no as_at, and its id says so rather than borrowing today's date.</summary>
        public string RunId { get; private set; } = SnapshotLayout.NoAsAtRunId(startedAt);

        public DateOnly? AsAt => manifest?.AsAt;

        public string? LaCode => manifest?.LaCode;

        public string? ManifestSha256 => manifest?.Sha256;

        public ImmutableArray<StageTiming>.Builder Timings { get; } = ImmutableArray.CreateBuilder<StageTiming>();

        public ImmutableArray<string> Warnings => warnings.ToImmutable();

        public void Identify(ExtractManifest peek)
        {
            manifest = peek;
            RunId = SnapshotLayout.NewRunId(peek.AsAt, startedAt, peek.Sha256);
        }

        public void Ingested(IngestResult result)
        {
            if (ingest is null)
            {
                warnings.AddRange(result.Warnings);
            }

            ingest = result;
            manifest ??= result.Manifest;
            if (result.Extract is { } extract)
            {
                coverage = extract.Coverage.ToImmutableSortedDictionary(StringComparer.Ordinal);
            }
        }

        public void Warn(IEnumerable<string> more) => warnings.AddRange(more.Where(w => !warnings.Contains(w)));

        public void Produced(ImmutableSortedDictionary<string, string> paths, ImmutableArray<IndicatorValue> computed, int issues) =>
            (outputs, values, dqIssues) = (paths, computed, issues);

        public T Timed<T>(string stage, Func<T> work)
        {
            var stageStarted = clock.GetTimestamp();
            var result = work();
            Timings.Add(new StageTiming(stage, (long)clock.GetElapsedTime(stageStarted).TotalMilliseconds));
            return result;
        }

        /// <summary>Runs <paramref name="work"/> and says how long it took, for a stage timed alongside another.</summary>
        public (T Result, long Milliseconds) Measure<T>(Func<T> work)
        {
            var stageStarted = clock.GetTimestamp();
            var result = work();
            return (result, (long)clock.GetElapsedTime(stageStarted).TotalMilliseconds);
        }

        public async Task<T> TimedAsync<T>(string stage, Func<Task<T>> work)
        {
            var stageStarted = clock.GetTimestamp();
            var result = await work();
            Timings.Add(new StageTiming(stage, (long)clock.GetElapsedTime(stageStarted).TotalMilliseconds));
            return result;
        }

        public RunManifest Manifest(string status, string? reason) => new()
        {
            RunId = RunId,
            Status = status,
            Reason = reason,
            AsAt = manifest?.AsAt,
            LaCode = manifest?.LaCode,
            StartedAt = startedAt,
            FinishedAt = clock.GetUtcNow(),
            CodeVersion = CodeVersion,
            ExtractLocation = source.Location,
            ExtractManifestSha256 = manifest?.Sha256,
            SourceSystem = manifest?.SourceSystem,
            SsdVersion = manifest?.SsdVersion,
            ExtractedAt = manifest?.ExtractedAt,
            Formats = manifest is null ? [] : [.. manifest.Formats.Select(f => f.Name())],
            Coverage = coverage,
            ReferenceVersions = reference.Versions,
            Files = ingest?.Files ?? [],
            RowsRead = ingest?.RowsRead ?? 0,
            RowsQuarantined = ingest?.RowsQuarantined ?? 0,
            ValuesCleared = ingest?.ValuesCleared ?? 0,
            IndicatorValues = values.Length,
            DqIssues = dqIssues,
            Timings = Timings.ToImmutable(),
            Warnings = Warnings,
            Outputs = outputs,
        };

        public RunOutcome Outcome(string status, string? reason) =>
            new(RunId, status, reason, AsAt, ingest?.RowsRead ?? 0, ingest?.RowsQuarantined ?? 0, ingest?.ValuesCleared ?? 0,
                values.IsDefaultOrEmpty ? 0 : Catalogue.All.Length, values.Length, dqIssues, store.Location, outputs, values)
            {
                Elapsed = clock.GetElapsedTime(started),
                Timings = Timings.ToImmutable(),
                Warnings = Warnings,
            };

        /// <summary>A run that stopped before ingest (lock held, storage failed): nothing it made is kept as an output.</summary>
        public RunOutcome Stopped(string status, string reason) =>
            new(RunId, status, reason, AsAt, 0, 0, 0, 0, 0, 0, store.Location, ImmutableSortedDictionary<string, string>.Empty, [])
            {
                Elapsed = clock.GetElapsedTime(started),
            };
    }
}
