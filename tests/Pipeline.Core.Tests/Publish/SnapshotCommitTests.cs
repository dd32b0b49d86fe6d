using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Application;
using Pipeline.Publish;
using Pipeline.Reference;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Publish;

/// <summary>
/// The commit protocol, with the run stopped dead at each of its storage writes in turn (in process: the write throws and
/// nothing after it runs, as after kill -9), then the BI folders checked as a reader finds them, then a rerun.
/// </summary>
public class SnapshotCommitTests
{
    private const string Persons = "pers_person_id,pers_sex,pers_dob\r\nP1,F,2015-01-01\r\nP2,M,2016-01-01\r\n";
    private const string EpisodesA = "cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-06-10\r\nR2,P1,2023-06-20\r\nR3,P2,2023-05-02\r\n";
    private const string EpisodesB = "cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-06-10\r\nR3,P2,2023-05-02\r\nR4,P2,2023-06-25\r\nR5,P1,2023-04-01\r\n";
    private static readonly DateOnly June = new(2023, 6, 30);
    private static readonly ReferenceData Reference = Fixtures.Population(10_000, 2023);

    [Fact]
    public async Task Rerun_KilledAtEveryWrite_BiFoldersHoldLatestsRunAndARerunConverges()
    {
        using var a = Set(EpisodesA, "2023-06-30");
        using var b = Set(EpisodesB, "2023-06-30");
        using var good = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero));
        var first = await Run(a, good.Path, clock);
        Assert.Equal(RunStatus.Published, first.Status);
        var writes = await CountWritesAsync(b, good.Path, clock);
        Assert.True(writes > 15, $"a rerun's publish makes {writes} writes");

        for (var n = 1; n <= writes; n++)
        {
            using var store = new TempFolder();
            CopyFolder(good.Path, store.Path);
            clock.Advance(TimeSpan.FromMinutes(1));

            await Assert.ThrowsAsync<SimulatedKill>(() => Run(b, new DyingStore(new LocalFolderSnapshotStore(store.Path), n), clock));

            var holder = BiFolders.AssertOneRun(BiFolders.ReadFolder(store.Path), June);
            Assert.NotNull(holder);
            clock.Advance(TimeSpan.FromMinutes(1));
            var rerun = await Run(b, new LocalFolderSnapshotStore(store.Path), clock);
            Assert.Equal(RunStatus.Published, rerun.Status);
            BiFolders.AssertComplete(BiFolders.ReadFolder(store.Path), June, rerun.RunId);
        }
    }

    [Fact]
    public async Task Backfill_KilledAtEveryWrite_BiFoldersHoldTheCommittedRunAndLatestStaysOnTheNewerNight()
    {
        using var a = Set(EpisodesA, "2023-06-30");
        using var b = Set(EpisodesB, "2023-06-30");
        using var july = Set(EpisodesA, "2023-07-31");
        using var good = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 8, 1, 1, 30, 0, TimeSpan.Zero));
        await Run(a, good.Path, clock);
        clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await Run(july, good.Path, clock);
        var writes = await CountWritesAsync(b, good.Path, clock);

        for (var n = 1; n <= writes; n++)
        {
            using var store = new TempFolder();
            CopyFolder(good.Path, store.Path);
            clock.Advance(TimeSpan.FromMinutes(1));

            await Assert.ThrowsAsync<SimulatedKill>(() => Run(b, new DyingStore(new LocalFolderSnapshotStore(store.Path), n), clock));

            var files = BiFolders.ReadFolder(store.Path);
            Assert.NotNull(BiFolders.AssertOneRun(files, June));
            BiFolders.AssertComplete(files, new DateOnly(2023, 7, 31), newer.RunId);
            clock.Advance(TimeSpan.FromMinutes(1));
            var rerun = await Run(b, new LocalFolderSnapshotStore(store.Path), clock);
            BiFolders.AssertComplete(BiFolders.ReadFolder(store.Path), June, rerun.RunId);
            Assert.Equal(newer.RunId, Latest(store.Path).RunId);
        }
    }

    [Fact]
    public async Task NewNight_KilledBeforeLatestMoved_ItsFoldersAreEmptyAndTheNextRunClearsTheAttempt()
    {
        using var june = Set(EpisodesA, "2023-06-30");
        using var july = Set(EpisodesB, "2023-07-31");
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 8, 1, 1, 30, 0, TimeSpan.Zero));
        var good = await Run(june, store.Path, clock);
        var trace = new List<string>();
        using (var copy = new TempFolder())
        {
            CopyFolder(store.Path, copy.Path);
            await Run(july, new DyingStore(new LocalFolderSnapshotStore(copy.Path), int.MaxValue, trace), clock);
        }

        // Stop July's first run on its latest.json swap: its run files and commit marker are written, nothing else.
        var swap = trace.FindIndex(t => t.StartsWith("swap", StringComparison.Ordinal)) + 1;
        await Assert.ThrowsAsync<SimulatedKill>(() => Run(july, new DyingStore(new LocalFolderSnapshotStore(store.Path), swap), clock));

        var files = BiFolders.ReadFolder(store.Path);
        Assert.Contains("published/_commits/as_at=2023-07-31.json", files.Keys);
        Assert.DoesNotContain(files.Keys, k => k.Contains("/as_at=2023-07-31/", StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2023, 6, 30), Latest(store.Path).AsAt);
        BiFolders.AssertComplete(files, June, good.RunId);
        // The next run of that night finds the unfinished attempt and clears it before publishing its own.
        clock.Advance(TimeSpan.FromMinutes(1));
        var rerun = await Run(july, store.Path, clock);
        BiFolders.AssertComplete(BiFolders.ReadFolder(store.Path), new DateOnly(2023, 7, 31), rerun.RunId);
        Assert.NotEqual(good.RunId, rerun.RunId);
    }

    [Fact]
    public async Task Commit_LatestNamesAFarFutureNight_TheRealNightTakesLatest()
    {
        using var set = Set(EpisodesA, "2023-06-30");
        using var store = new TempFolder();
        // An older version published as_at 2099-01-01, which became latest and kept every real night from it.
        File.WriteAllText(store.File("latest.json"), """{"as_at":"2099-01-01","run_id":"2099-01-01_20230701T000000000Z_aaaaaaaa","la_code":"E10000099","published_at":"2023-07-01T00:00:00+00:00","files":{}}""");

        var outcome = await Run(set, store.Path, new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero)));

        Assert.Equal(RunStatus.Published, outcome.Status);
        Assert.Equal((outcome.RunId, June), (Latest(store.Path).RunId, Latest(store.Path).AsAt));
    }

    [Fact]
    public async Task Commit_AnotherNightsRunSwappedLatestMeanwhile_NewerKeepsItOlderIsSwappedOver()
    {
        using var june = Set(EpisodesA, "2023-06-30");
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 8, 1, 1, 30, 0, TimeSpan.Zero));
        var newer = """{"as_at":"2023-07-31","run_id":"2023-07-31_20230801T000000000Z_bbbbbbbb","la_code":"E10000099","published_at":"2023-08-01T00:00:00+00:00","files":{}}""";
        var older = """{"as_at":"2023-05-31","run_id":"2023-05-31_20230801T000000000Z_cccccccc","la_code":"E10000099","published_at":"2023-08-01T00:00:00+00:00","files":{}}""";

        // A newer night got there first: June is published, and latest.json stays on July.
        var behind = await Run(june, new SwapRacer(new LocalFolderSnapshotStore(store.Path), newer), clock);
        Assert.Equal(RunStatus.Published, behind.Status);
        Assert.Equal(new DateOnly(2023, 7, 31), Latest(store.Path).AsAt);
        BiFolders.AssertComplete(BiFolders.ReadFolder(store.Path), June, behind.RunId);

        // An older night got there first: June looks again and takes latest.json.
        using var second = new TempFolder();
        var ahead = await Run(june, new SwapRacer(new LocalFolderSnapshotStore(second.Path), older), clock);
        Assert.Equal((RunStatus.Published, ahead.RunId), (ahead.Status, Latest(second.Path).RunId));
    }

    [Fact]
    public async Task Commit_FolderFromBeforeMarkers_IsReadAsHistoryAndReplacedWhole()
    {
        using var a = Set(EpisodesA, "2023-06-30");
        using var b = Set(EpisodesB, "2023-06-30");
        using var store = new TempFolder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero));
        var old = await Run(a, store.Path, clock);
        // As an older version left it: partitions and the run manifest partition, no commit marker.
        File.Delete(store.File("published/_commits/as_at=2023-06-30.json"));
        clock.Advance(TimeSpan.FromHours(1));

        var rerun = await Run(b, store.Path, clock);

        Assert.Equal(RunStatus.Published, rerun.Status);
        BiFolders.AssertComplete(BiFolders.ReadFolder(store.Path), June, rerun.RunId);
        Assert.NotEqual(old.RunId, rerun.RunId);
    }

    private static ExtractFolder Set(string episodes, string asAt) =>
        new ExtractFolder().Add("ssd_person.csv", Persons).Add("ssd_cin_episodes.csv", episodes).WriteManifest(asAt);

    private static Task<RunOutcome> Run(ExtractFolder set, string store, TimeProvider clock) => Run(set, new LocalFolderSnapshotStore(store), clock);

    private static Task<RunOutcome> Run(ExtractFolder set, ISnapshotStore store, TimeProvider clock) =>
        new NightlyRun(clock).RunAsync(new LocalFolderExtractSource(set.Path), Reference, store);

    private static LatestDocument Latest(string store) => LatestDocument.Parse(File.ReadAllBytes(Path.Combine(store, "latest.json")))!;

    // How many writes a run of the set makes on a copy of the store (so every one of them can be the last).
    private static async Task<int> CountWritesAsync(ExtractFolder set, string store, FakeTimeProvider clock)
    {
        using var copy = new TempFolder();
        CopyFolder(store, copy.Path);
        var trace = new List<string>();
        await Run(set, new DyingStore(new LocalFolderSnapshotStore(copy.Path), int.MaxValue, trace), clock);
        return trace.Count;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private sealed class SimulatedKill : Exception;

    /// <summary>Dies (throws, and nothing after runs) at its <c>n</c>th write, before making it.</summary>
    private sealed class DyingStore(ISnapshotStore inner, int dieAt, List<string>? trace = null) : ISnapshotStore
    {
        private int writes;

        public string Location => inner.Location;

        public Task CreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            Write("create " + path, () => inner.CreateAsync(path, content, cancellationToken));

        public Task ReplaceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            Write("replace " + path, () => inner.ReplaceAsync(path, content, cancellationToken));

        public Task DeleteAsync(string path, CancellationToken cancellationToken) =>
            Write("delete " + path, () => inner.DeleteAsync(path, cancellationToken));

        public async Task<bool> SwapLatestAsync(ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken)
        {
            var swapped = false;
            await Write("swap latest.json", async () => swapped = await inner.SwapLatestAsync(content, expectedETag, cancellationToken));
            return swapped;
        }

        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => inner.ReadAsync(path, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task<LatestPointer?> ReadLatestAsync(CancellationToken cancellationToken) => inner.ReadLatestAsync(cancellationToken);

        public Task<IWriterLock?> TryLockAsync(DateOnly asAt, CancellationToken cancellationToken) => inner.TryLockAsync(asAt, cancellationToken);

        private Task Write(string what, Func<Task> write)
        {
            trace?.Add(what);
            return ++writes == dieAt ? throw new SimulatedKill() : write();
        }
    }

    /// <summary>Another night's run swaps latest.json just before this run's first swap.</summary>
    private sealed class SwapRacer(LocalFolderSnapshotStore inner, string other) : ISnapshotStore
    {
        private bool raced;

        public string Location => inner.Location;

        public Task CreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.CreateAsync(path, content, cancellationToken);

        public Task ReplaceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.ReplaceAsync(path, content, cancellationToken);

        public Task DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => inner.ReadAsync(path, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task<LatestPointer?> ReadLatestAsync(CancellationToken cancellationToken) => inner.ReadLatestAsync(cancellationToken);

        public Task<IWriterLock?> TryLockAsync(DateOnly asAt, CancellationToken cancellationToken) => inner.TryLockAsync(asAt, cancellationToken);

        public async Task<bool> SwapLatestAsync(ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken)
        {
            if (!raced)
            {
                raced = true;
                await inner.SwapLatestAsync(Encoding.UTF8.GetBytes(other), expectedETag, cancellationToken);
            }

            return await inner.SwapLatestAsync(content, expectedETag, cancellationToken);
        }
    }
}
