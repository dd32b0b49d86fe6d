using Microsoft.Extensions.Time.Testing;
using Pipeline.Application;
using Pipeline.Publish;
using Pipeline.Reference;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Application;

public class NightlyRunTests
{
    private const string Episodes = "cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-06-10\r\nR2,P1,2023-06-20\r\nR3,P2,2023-05-02\r\n";
    private const string Persons = "pers_person_id,pers_sex,pers_dob\r\nP1,F,2015-01-01\r\nP2,M,2016-01-01\r\n";

    private static readonly ReferenceData Reference = Fixtures.Population(10_000, 2023);

    private static Task<RunOutcome> Run(string extract, string store, FakeTimeProvider clock) =>
        new NightlyRun(clock).RunAsync(new LocalFolderExtractSource(extract), Reference, new LocalFolderSnapshotStore(store));

    [Fact]
    public async Task RunAsync_GoodSet_PublishesSnapshotThatLatestNames()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero));

        var outcome = await Run(set.Path, store.Path, clock);

        Assert.Equal(RunStatus.Published, outcome.Status);
        Assert.StartsWith("2023-06-30_20230701T013000000Z_", outcome.RunId, StringComparison.Ordinal);
        var latest = LatestDocument.Parse(File.ReadAllBytes(store.File("latest.json")))!;
        Assert.Equal((outcome.RunId, new DateOnly(2023, 6, 30), Fixtures.LaCode), (latest.RunId, latest.AsAt, latest.LaCode));
        foreach (var dataset in new[] { "indicator_values", "indicator_catalogue", "dq_summary", "dq_issues", "quarantine", "run_manifest" })
        {
            Assert.True(File.Exists(store.File(latest.Files[dataset])), dataset);
        }

        Assert.StartsWith("restricted/", latest.Files["dq_issues"], StringComparison.Ordinal);
        Assert.StartsWith("restricted/", latest.Files["quarantine"], StringComparison.Ordinal);
        Assert.StartsWith("published/", latest.Files["indicator_values"], StringComparison.Ordinal);

        // June: R1 and R2 (R2 repeats R1) -> 2 referrals x 365 / 30 days per 10,000 children; 1 repeat of 2 = 50%.
        var values = DuckDb.Literal(store.File(latest.Files["indicator_values"]));
        Assert.Equal(2.0 * 365 / 30, (double)DuckDb.Scalar($"SELECT value FROM read_parquet({values}) WHERE indicator_id = 'referrals_rate' AND period_type = 'month' AND period_end = DATE '2023-06-30'")!, 9);
        Assert.Equal(50.0, DuckDb.Scalar($"SELECT value FROM read_parquet({values}) WHERE indicator_id = 'referrals_repeat_pct' AND period_type = 'month' AND period_end = DATE '2023-06-30'"));
        Assert.True(File.Exists(store.File("published/indicator_values/as_at=2023-06-30/part-0.parquet")));
    }

    [Fact]
    public async Task RunAsync_RejectedSet_LeavesLatestUntouchedAndRecordsWhy()
    {
        using var good = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();
        using var bad = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes, rows: 99).WriteManifest("2023-07-31");
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero));
        var published = await Run(good.Path, store.Path, clock);
        var latestBefore = File.ReadAllBytes(store.File("latest.json"));
        clock.Advance(TimeSpan.FromDays(31));

        var outcome = await Run(bad.Path, store.Path, clock);

        Assert.Equal(RunStatus.Rejected, outcome.Status);
        Assert.Contains("manifest says 99 rows, the file has 3", outcome.Reason);
        Assert.Equal(latestBefore, File.ReadAllBytes(store.File("latest.json")));
        Assert.False(Directory.Exists(store.File("published/indicator_values/as_at=2023-07-31")));
        var manifest = File.ReadAllText(store.File(SnapshotLayout.RunManifest(outcome.RunId)));
        Assert.Contains("\"status\": \"rejected\"", manifest, StringComparison.Ordinal);
        Assert.Contains("manifest says 99 rows", File.ReadAllText(store.File(outcome.Outputs["dq_report"])), StringComparison.Ordinal);
        Assert.NotEqual(published.RunId, outcome.RunId);
    }

    [Fact]
    public async Task RunAsync_SameExtractTwice_SameFigureFilesAndOnePartition()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero));

        var first = await Run(set.Path, store.Path, clock);
        clock.Advance(TimeSpan.FromHours(1));
        var second = await Run(set.Path, store.Path, clock);

        Assert.NotEqual(first.RunId, second.RunId);
        foreach (var dataset in new[] { "indicator_values", "indicator_catalogue", "dq_summary", "dq_issues", "quarantine" })
        {
            Assert.Equal(File.ReadAllBytes(store.File(first.Outputs[dataset])), File.ReadAllBytes(store.File(second.Outputs[dataset])));
        }

        Assert.Single(Directory.GetFiles(store.File("published/indicator_values"), "*.parquet", SearchOption.AllDirectories));
        Assert.Equal(second.RunId, LatestDocument.Parse(File.ReadAllBytes(store.File("latest.json")))!.RunId);
    }

    [Fact]
    public async Task RunAsync_LatestChangedDuringTheRun_DoesNotOverwriteIt()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();
        using var store = new TempFolder();
        var snapshots = new RacingStore(new LocalFolderSnapshotStore(store.Path));

        var outcome = await new NightlyRun(new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero)))
            .RunAsync(new LocalFolderExtractSource(set.Path), Reference, snapshots);

        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.Contains("another run published first", outcome.Reason);
        Assert.Equal("{\"run_id\":\"the other run\"}"u8.ToArray(), File.ReadAllBytes(store.File("latest.json")));
    }

    [Fact]
    public async Task RunAsync_AnotherRunHoldsTheAsAt_StopsWithoutWritingAnything()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();
        using var store = new TempFolder();
        var snapshots = new LocalFolderSnapshotStore(store.Path);
        await using var held = await snapshots.TryLockAsync(new DateOnly(2023, 6, 30), CancellationToken.None);
        Assert.NotNull(held);

        var outcome = await Run(set.Path, store.Path, new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero)));

        Assert.Equal(RunStatus.Skipped, outcome.Status);
        Assert.Contains("another run is publishing as_at 2023-06-30", outcome.Reason);
        Assert.False(File.Exists(store.File("latest.json")));
        Assert.False(Directory.Exists(store.File("published")));
    }

    [Fact]
    public async Task RunAsync_LockReleased_NextRunPublishes()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();
        using var store = new TempFolder();
        var snapshots = new LocalFolderSnapshotStore(store.Path);
        await (await snapshots.TryLockAsync(new DateOnly(2023, 6, 30), CancellationToken.None))!.DisposeAsync();

        var outcome = await Run(set.Path, store.Path, new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero)));

        Assert.Equal(RunStatus.Published, outcome.Status);
    }

    [Fact]
    public async Task RunAsync_OlderNightAfterNewer_PublishesItsPartitionsButLatestStaysOnTheNewer()
    {
        using var june = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest("2023-06-30");
        using var july = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest("2023-07-31");
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 8, 1, 1, 30, 0, TimeSpan.Zero));
        var newer = await Run(july.Path, store.Path, clock);
        clock.Advance(TimeSpan.FromHours(1));

        var older = await Run(june.Path, store.Path, clock);

        Assert.Equal(RunStatus.Published, older.Status);
        Assert.Equal(newer.RunId, LatestDocument.Parse(File.ReadAllBytes(store.File("latest.json")))!.RunId);
        Assert.True(File.Exists(store.File("published/indicator_values/as_at=2023-06-30/part-0.parquet")));
        Assert.True(File.Exists(store.File("published/indicator_values/as_at=2023-07-31/part-0.parquet")));
    }

    [Fact]
    public async Task RunAsync_ThreeNights_IssueAppearsPersistsAndIsResolved()
    {
        // Night 1 (30 June): R2 is assessed before its referral (CIN:1103). Night 2 (31 July): the
        // same record is still wrong: persisting, first seen 30 June. Night 3 (31 August): corrected: resolved.
        const string wrong = "cina_assessment_id,cina_person_id,cina_referral_id,cina_assessment_start_date\r\nA1,P1,R2,2023-06-01\r\n";
        const string fixedUp = "cina_assessment_id,cina_person_id,cina_referral_id,cina_assessment_start_date\r\nA1,P1,R2,2023-06-21\r\n";
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero));
        var nights = new List<RunOutcome>();
        foreach (var (asAt, assessments) in new[] { ("2023-06-30", wrong), ("2023-07-31", wrong), ("2023-08-31", fixedUp) })
        {
            using var set = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).Add("ssd_cin_assessments.csv", assessments).WriteManifest(asAt);
            nights.Add(await Run(set.Path, store.Path, clock));
            clock.Advance(TimeSpan.FromDays(31));
        }

        var issues = nights.Select(n => DuckDb.Query(
            $"SELECT status, first_seen, age_days FROM read_parquet({DuckDb.Literal(store.File(n.Outputs["dq_issues"]))}) WHERE rule_code = 'CIN:1103'")
            .Select(r => ((string)r[0]!, r[1] is DateOnly d ? d : DateOnly.FromDateTime((DateTime)r[1]!), Convert.ToInt64(r[2], null))).ToList()).ToList();
        Assert.Equal([("new", new DateOnly(2023, 6, 30), 0L)], issues[0]);
        Assert.Equal([("persisting", new DateOnly(2023, 6, 30), 31L)], issues[1]);
        Assert.Equal([("resolved", new DateOnly(2023, 6, 30), 62L)], issues[2]);
        var summary = DuckDb.Query($"SELECT count, new, resolved FROM read_parquet({DuckDb.Literal(store.File(nights[2].Outputs["dq_summary"]))}) WHERE rule_code = 'CIN:1103'").Single();
        Assert.Equal((0L, 0L, 1L), (Convert.ToInt64(summary[0], null), Convert.ToInt64(summary[1], null), Convert.ToInt64(summary[2], null)));
    }

    [Fact]
    public async Task RunAsync_PersonGoneOvernight_CountedInThePublishedChecks()
    {
        using var night1 = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();
        using var night2 = new ExtractFolder().Add("ssd_person.csv", "pers_person_id,pers_sex,pers_dob\r\nP1,F,2015-01-01\r\n")
            .Add("ssd_cin_episodes.csv", Episodes).WriteManifest("2023-07-31");
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero));
        await Run(night1.Path, store.Path, clock);
        clock.Advance(TimeSpan.FromDays(31));

        var outcome = await Run(night2.Path, store.Path, clock);

        var checks = DuckDb.Query($"SELECT subject, message FROM read_parquet({DuckDb.Literal(store.File(outcome.Outputs["dq_run_checks"]))}) WHERE \"check\" = 'ids_gone'");
        Assert.Equal(("ssd_person", "1 of last night's 2 ids are gone tonight"), ((string)checks.Single()[0]!, (string)checks.Single()[1]!));
        Assert.StartsWith("published/", outcome.Outputs["dq_run_checks"], StringComparison.Ordinal);
        Assert.Contains("1 of last night", File.ReadAllText(store.File(outcome.Outputs["dq_report"])), StringComparison.Ordinal);
        Assert.StartsWith("restricted/", outcome.Outputs["record_ids"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TooManyRowsQuarantined_BlocksAndKeepsThePreviousSnapshot()
    {
        using var good = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();
        // Two of three referral rows have no id: 67% quarantined, over the 5% gate.
        using var bad = new ExtractFolder().Add("ssd_person.csv", Persons)
            .Add("ssd_cin_episodes.csv", "cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-07-10\r\n,P1,2023-07-20\r\n,P2,2023-07-02\r\n")
            .WriteManifest("2023-07-31");
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero));
        await Run(good.Path, store.Path, clock);
        var latestBefore = File.ReadAllBytes(store.File("latest.json"));
        clock.Advance(TimeSpan.FromDays(31));

        var outcome = await Run(bad.Path, store.Path, clock);

        Assert.Equal(RunStatus.Blocked, outcome.Status);
        Assert.Contains("ssd_cin_episodes: 2 of 3 rows quarantined", outcome.Reason);
        Assert.Equal(latestBefore, File.ReadAllBytes(store.File("latest.json")));
        Assert.False(Directory.Exists(store.File("published/indicator_values/as_at=2023-07-31")));
        Assert.True(File.Exists(store.File(outcome.Outputs["dq_summary"])));
        Assert.True(File.Exists(store.File(outcome.Outputs["quarantine"])));
    }

    [Fact]
    public async Task RunAsync_VolumeCollapse_Blocks()
    {
        var many = "cine_referral_id,cine_person_id,cine_referral_date\r\n" + string.Concat(Enumerable.Range(1, 200).Select(i => $"R{i},P1,2023-06-10\r\n"));
        var few = "cine_referral_id,cine_person_id,cine_referral_date\r\n" + string.Concat(Enumerable.Range(1, 60).Select(i => $"R{i},P1,2023-06-10\r\n"));
        using var night1 = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", many).WriteManifest();
        using var night2 = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", few).WriteManifest("2023-07-31");
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero));
        await Run(night1.Path, store.Path, clock);
        clock.Advance(TimeSpan.FromDays(31));

        var outcome = await Run(night2.Path, store.Path, clock);

        // 60 rows against 200: below half.
        Assert.Equal(RunStatus.Blocked, outcome.Status);
        Assert.Contains("ssd_cin_episodes: 60 rows tonight against 200 last time", outcome.Reason);
    }

    [Fact]
    public async Task RunAsync_RerunWithAnEmptiedTable_BlockedAgainstTheSnapshotItWouldReplace()
    {
        var many = "cine_referral_id,cine_person_id,cine_referral_date\r\n" + string.Concat(Enumerable.Range(1, 200).Select(i => $"R{i},P1,2023-06-10\r\n"));
        using var good = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", many).WriteManifest();
        using var emptied = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", "cine_referral_id,cine_person_id,cine_referral_date\r\n").WriteManifest();
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero));
        var published = await Run(good.Path, store.Path, clock);
        var latestBefore = File.ReadAllBytes(store.File("latest.json"));
        clock.Advance(TimeSpan.FromHours(2));

        // The same night again, with no referrals: there is no earlier night, but there is the snapshot it would replace.
        var outcome = await Run(emptied.Path, store.Path, clock);

        Assert.Equal(RunStatus.Blocked, outcome.Status);
        Assert.Contains($"ssd_cin_episodes: 0 rows tonight against 200 in the snapshot of 2023-06-30 this rerun would replace ({published.RunId})", outcome.Reason);
        Assert.Equal(latestBefore, File.ReadAllBytes(store.File("latest.json")));
        BiFolders.AssertComplete(BiFolders.ReadFolder(store.Path), new DateOnly(2023, 6, 30), published.RunId);
    }

    [Fact]
    public async Task RunAsync_PublishedWithWarnings_OutcomeAndReportSaySo()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes)
            .Add("ssd_pre_proceedings.csv", "prep_person_id\r\nP1\r\n").WriteManifest();
        File.WriteAllText(Path.Combine(set.Path, "stray.csv"), "x");
        using var store = new TempFolder();

        var outcome = await new NightlyRun(new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero)))
            .RunAsync(new LocalFolderExtractSource(set.Path), new ReferenceData(), new LocalFolderSnapshotStore(store.Path));

        Assert.Equal(RunStatus.Published, outcome.Status);
        Assert.Contains(outcome.Warnings, w => w.StartsWith("stray.csv is in the set but not in the manifest", StringComparison.Ordinal));
        Assert.Contains(outcome.Warnings, w => w.StartsWith("ssd_pre_proceedings.csv is not a table the pipeline reads", StringComparison.Ordinal));
        Assert.Contains("population.csv has no figure for E10000099: every rate per 10,000 children is unavailable", outcome.Warnings);
        var report = File.ReadAllText(store.File(outcome.Outputs["dq_report"]));
        Assert.Contains("Run status: <strong>published with 3 warnings</strong>", report, StringComparison.Ordinal);
        Assert.Contains("stray.csv is in the set but not in the manifest", report, StringComparison.Ordinal);
        Assert.Equal(outcome.Warnings.ToArray(), RunManifest.Parse(File.ReadAllBytes(store.File(outcome.Outputs["run_manifest"])))!.Warnings.ToArray());
    }

    [Fact]
    public async Task RunAsync_NoReadableManifest_RunIdSaysThereIsNoAsAt()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes);
        File.WriteAllText(Path.Combine(set.Path, "manifest.json"), "{ broken");
        using var store = new TempFolder();

        var outcome = await Run(set.Path, store.Path, new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero)));

        Assert.Equal(RunStatus.Rejected, outcome.Status);
        Assert.Equal("no-as-at_20230701T013000000Z", outcome.RunId);
        Assert.Null(outcome.AsAt);
        var report = File.ReadAllText(store.File(outcome.Outputs["dq_report"]));
        Assert.Contains("as at unknown (no readable manifest)", report, StringComparison.Ordinal);
        Assert.Contains("no data-quality rule was run", report, StringComparison.Ordinal);
        Assert.DoesNotContain("open issues", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FirstNight_ReportSaysThereIsNothingToCompareWith()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", Episodes)
            .Add("ssd_cin_assessments.csv", "cina_assessment_id,cina_person_id,cina_referral_id,cina_assessment_start_date\r\nA1,P1,R2,2023-06-01\r\n").WriteManifest();
        using var store = new TempFolder();

        var outcome = await Run(set.Path, store.Path, new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero)));

        var report = File.ReadAllText(store.File(outcome.Outputs["dq_report"]));
        Assert.Contains("This is the first snapshot, so no issue is counted as new or resolved", report, StringComparison.Ordinal);
        Assert.DoesNotContain("new tonight", report, StringComparison.Ordinal);
        Assert.Contains("<h2>What changed overnight</h2><p>This is the first snapshot: there is no earlier night to compare with.</p>", report, StringComparison.Ordinal);
    }

    // Another writer swaps latest.json between this run's start and its publish step.
    private sealed class RacingStore(LocalFolderSnapshotStore inner) : ISnapshotStore
    {
        public string Location => inner.Location;

        public Task CreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.CreateAsync(path, content, cancellationToken);

        public Task ReplaceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.ReplaceAsync(path, content, cancellationToken);

        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => inner.ReadAsync(path, cancellationToken);

        public Task DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

        public Task<LatestPointer?> ReadLatestAsync(CancellationToken cancellationToken) => inner.ReadLatestAsync(cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task<IWriterLock?> TryLockAsync(DateOnly asAt, CancellationToken cancellationToken) => inner.TryLockAsync(asAt, cancellationToken);

        public async Task<bool> SwapLatestAsync(ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken)
        {
            await inner.SwapLatestAsync("{\"run_id\":\"the other run\"}"u8.ToArray(), expectedETag, cancellationToken);
            return await inner.SwapLatestAsync(content, expectedETag, cancellationToken);
        }
    }
}
