using Azure.Storage.Blobs;
using Pipeline.Azure;
using Pipeline.Publish;
using Pipeline.Storage;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Application.NightlyRunOnAzuriteTests;

namespace Pipeline.Tests.Application;

/// <summary>Storage that fails: transient faults on a share of calls, and the emulator killed in the middle of a publish.</summary>
public class FaultTests
{
    [Fact]
    public async Task RunAsync_TransientFaultsOnAShareOfCalls_CompletesWithTheSameFigures()
    {
        await using var azurite = await Azurite.StartAsync();
        await Scenario.LandedAsync(azurite);
        var faults = new FaultInjectingHandler(0.15, seed: 11, Fault.ServerInternalError, Fault.DroppedBeforeSending, Fault.DroppedAfterProcessing);
        var faulty = Scenario.Account(azurite, faults);

        var outcome = await Scenario.RunAsync(faulty, Scenario.Clock());

        Assert.Equal(RunStatus.Published, outcome.Status);
        Assert.True(faults.Injected >= 5, $"only {faults.Injected} faults in {faults.Calls} calls");
        // The same figures as a run that saw no fault, on a second, clean emulator.
        await using var clean = await Azurite.StartAsync();
        var reference = await Scenario.RunAsync(await Scenario.LandedAsync(clean), Scenario.Clock());
        var cleanAccount = Scenario.Account(clean);
        // What the faulty run wrote, read without faults: a fault on the test's own read would prove nothing.
        Assert.Equal(
            (await Blob(cleanAccount, "published", "indicator_values/as_at=2026-10-31/part-0.parquet")).ToArray(),
            (await Blob(Scenario.Account(azurite), "published", "indicator_values/as_at=2026-10-31/part-0.parquet")).ToArray());
        await AssertLatestIsComplete(Scenario.Account(azurite));
        Assert.Equal(reference.IndicatorValues, outcome.IndicatorValues);
    }

    [Fact]
    public async Task RunAsync_FaultsBeyondTheRetries_FailsCleanlyAndLeavesTheLastGoodSnapshot()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = await Scenario.LandedAsync(azurite);
        var good = await Scenario.RunAsync(account, Scenario.Clock(1));
        var latestBefore = (await Blob(account, "published", "latest.json")).ToArray();
        // Most calls fail and a call is tried only twice: the run cannot get through.
        var faults = new FaultInjectingHandler(0.6, seed: 3, Fault.ServerInternalError, Fault.DroppedBeforeSending, Fault.DroppedAfterProcessing);
        var faulty = Scenario.Account(azurite, faults, o => o.MaxRetryAttempts = 1);

        var outcome = await Scenario.RunAsync(faulty, Scenario.Clock(3));

        Assert.Equal(RunStatus.Failed, outcome.Status);
        Assert.Contains("storage failed", outcome.Reason);
        Assert.Equal(latestBefore, (await Blob(account, "published", "latest.json")).ToArray());
        Assert.Equal(good.RunId, LatestDocument.Parse(latestBefore)!.RunId);
        await AssertLatestIsComplete(account);
    }

    [Fact]
    public async Task RunAsync_NonTransientError_IsNotRetriedAndSaysWhy()
    {
        await using var azurite = await Azurite.StartAsync();
        await Scenario.LandedAsync(azurite);
        var calls = new FaultInjectingHandler(0, seed: 1);
        // A wrong key: every call is refused with 403, which no retry can fix.
        var wrongKey = Azurite_WithKey(azurite, Convert.ToBase64String(new byte[64]));
        var account = AzureStorageAccount.Connect(wrongKey, new AzureStorageOptions
        {
            Transport = new global::Azure.Core.Pipeline.HttpClientTransport(new HttpClient(calls)),
            RetryDelay = TimeSpan.FromMilliseconds(10),
        });

        var error = await Assert.ThrowsAsync<StorageException>(() => account.ListExtractSetsAsync(CancellationToken.None));

        Assert.Contains("403", error.Message);
        Assert.Equal(1, calls.Calls);
        Assert.DoesNotContain(Convert.ToBase64String(new byte[64]), error.Message);
    }

    [Fact]
    public async Task RunAsync_EmulatorKilledMidPublish_LatestNeverIncompleteAndARerunConverges()
    {
        using var disk = new TempFolder();
        var azurite = await Azurite.StartAsync(disk.Path);
        try
        {
            // A good snapshot, saved to disk by a clean stop.
            var account = await Scenario.LandedAsync(azurite);
            var good = await Scenario.RunAsync(account, Scenario.Clock(1));
            await azurite.StopAsync();
            await azurite.RestartAsync();

            // A rerun of the night, whose emulator dies (SIGKILL) in the middle of its commit (at its second replace).
            var store = new KillOnSecondPartition(Scenario.Account(azurite, configure: o =>
            {
                o.MaxRetryAttempts = 2;
                o.AttemptTimeout = TimeSpan.FromSeconds(3);
                o.LeaseDuration = TimeSpan.FromSeconds(15);
            }).Snapshots(), azurite);
            var killed = await new Pipeline.Application.NightlyRun(Scenario.Clock(2)).RunAsync(account.ExtractSet(Scenario.AsAt), Scenario.Reference, store);

            Assert.Equal(RunStatus.Failed, killed.Status);
            Assert.Contains("storage failed", killed.Reason);
            await azurite.RestartAsync();
            var restarted = Scenario.Account(azurite);
            await restarted.EnsureCreatedAsync(CancellationToken.None);
            var latestAfterCrash = await restarted.Container("published").GetBlobClient("latest.json").ExistsAsync()
                ? LatestDocument.Parse((await Blob(restarted, "published", "latest.json")).ToArray())
                : null;
            Assert.NotEqual(killed.RunId, latestAfterCrash?.RunId);
            await AssertLatestIsComplete(restarted);

            // The killed run's lease can outlive it by up to its duration: a rerun that finds it held stops cleanly; a later one publishes.
            await ExtractLanding.LandExtractAsync(restarted, Scenario.Extract, CancellationToken.None);
            Pipeline.Application.RunOutcome rerun;
            var attempts = 0;
            do
            {
                rerun = await Scenario.RunAsync(restarted, Scenario.Clock(3 + attempts));
                attempts++;
                if (rerun.Status == RunStatus.Skipped)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2));
                }
            }
            while (rerun.Status == RunStatus.Skipped && attempts < 15);

            Assert.Equal(RunStatus.Published, rerun.Status);
            Assert.Equal(rerun.RunId, LatestDocument.Parse((await Blob(restarted, "published", "latest.json")).ToArray())!.RunId);
            await AssertLatestIsComplete(restarted);
            Assert.Single(await Names(restarted, "published"), n => n.StartsWith("indicator_values/", StringComparison.Ordinal));
            Assert.NotEqual(good.RunId, rerun.RunId);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    /// <summary>Everything latest.json names exists and, for Parquet, reads back whole.</summary>
    private static async Task AssertLatestIsComplete(AzureStorageAccount account)
    {
        var latestBlob = account.Container("published").GetBlobClient("latest.json");
        if (!await latestBlob.ExistsAsync())
        {
            return;
        }

        var latest = LatestDocument.Parse((await latestBlob.DownloadContentAsync()).Value.Content.ToArray())!;
        using var local = new TempFolder();
        foreach (var (dataset, path) in latest.Files)
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            var blob = account.Container(path[..slash]).GetBlobClient(path[(slash + 1)..]);
            Assert.True(await blob.ExistsAsync(), $"latest.json names {path}, which is not there");
            if (path.EndsWith(".parquet", StringComparison.Ordinal))
            {
                var file = local.File(dataset + ".parquet");
                await blob.DownloadToAsync(file);
                Assert.NotNull(DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(file)})"));
            }
        }
    }

    private static string Azurite_WithKey(Azurite azurite, string key) =>
        azurite.ConnectionString.Replace(azurite.ConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal)), "AccountKey=" + key, StringComparison.Ordinal);

    /// <summary>Kills the emulator (SIGKILL) as the run makes its second replace (its commit marker): mid-publish.</summary>
    private sealed class KillOnSecondPartition(ISnapshotStore inner, Azurite azurite) : ISnapshotStore
    {
        private int replaced;

        public string Location => inner.Location;

        public Task CreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.CreateAsync(path, content, cancellationToken);

        public async Task ReplaceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref replaced) == 2)
            {
                await azurite.KillAsync();
            }

            await inner.ReplaceAsync(path, content, cancellationToken);
        }

        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => inner.ReadAsync(path, cancellationToken);

        public Task DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task<LatestPointer?> ReadLatestAsync(CancellationToken cancellationToken) => inner.ReadLatestAsync(cancellationToken);

        public Task<bool> SwapLatestAsync(ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken) =>
            inner.SwapLatestAsync(content, expectedETag, cancellationToken);

        public Task<IWriterLock?> TryLockAsync(DateOnly asAt, CancellationToken cancellationToken) => inner.TryLockAsync(asAt, cancellationToken);
    }
}
