using System.Diagnostics;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Application;
using Pipeline.Azure;
using Pipeline.Hosting;
using Pipeline.Publish;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Hosting;

/// <summary><c>pipeline serve</c>'s watcher against Azurite: each landed manifest (blob and ETag) is processed once.</summary>
public class ExtractWatcherTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task RunAsync_ManifestLands_PublishesOnceAndAgainOnlyForANewETag()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None);
        await ExtractLanding.LandReferenceAsync(account, Repo.Seeds("reference"), CancellationToken.None);
        var service = new RefreshService(account.Deployment(), TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var watching = new ExtractWatcher(service, Poll, TimeProvider.System).RunAsync(stop.Token);

        var landed = Stopwatch.StartNew();
        await ExtractLanding.LandExtractAsync(account, Scenario.Extract, CancellationToken.None);
        await Eventually.Until("watcher", async () => (await account.Snapshots().ReadLatestAsync(CancellationToken.None)) is not null);
        var firstPublish = landed.Elapsed;
        // The arrival's receipt is its last write (after the run log): from then on, many more looks at the same
        // blob and ETag, and nothing more happens.
        var arrival = Assert.Single(await account.Extracts().ListSetsAsync(CancellationToken.None));
        await Eventually.Until("watcher", async () => (await account.Ledger().GetAsync(arrival.AsAt, arrival.ManifestETag, CancellationToken.None))?.Status == LedgerStatus.Done);
        await Task.Delay(Poll * 8);
        var afterRepeats = await account.Dashboards().RecentRunsAsync(10, CancellationToken.None);

        // The exporter writes the manifest again (a new ETag): a new arrival.
        var manifest = account.Container("extracts").GetBlobClient("2026-10-31/manifest.json");
        await manifest.UploadAsync(BinaryData.FromBytes(File.ReadAllBytes(Path.Combine(Scenario.Extract, "manifest.json"))), overwrite: true);
        await Eventually.Until("watcher", async () => (await account.Dashboards().RecentRunsAsync(10, CancellationToken.None)).Count == 2);
        await Task.Delay(Poll * 5);
        var final = await account.Dashboards().RecentRunsAsync(10, CancellationToken.None);
        await stop.CancelAsync();
        await watching;

        Assert.True(firstPublish < TimeSpan.FromSeconds(30), $"published {firstPublish.TotalSeconds:0.0} s after landing");
        Assert.Equal(RunStatus.Published, Assert.Single(afterRepeats).Status);
        Assert.Equal(2, final.Count);
        Assert.All(final, r => Assert.Equal(RunStatus.Published, r.Status));
    }

    [Fact]
    public async Task RunAsync_SetFailingEveryTime_PoisonedAfterFiveAttemptsAndTheNextNightStillPublishes()
    {
        await using var azurite = await Azurite.StartAsync();
        var setup = Scenario.Account(azurite);
        await setup.EnsureCreatedAsync(CancellationToken.None);
        await ExtractLanding.LandReferenceAsync(setup, Repo.Seeds("reference"), CancellationToken.None);
        var brokenNight = new DateOnly(2026, 10, 30);
        await ExtractLanding.LandExtractAsync(setup, Scenario.ExtractFor(brokenNight), CancellationToken.None);
        await ExtractLanding.LandExtractAsync(setup, Scenario.Extract, CancellationToken.None);
        // Every read of the 30th's tables fails (500) however often it is retried; its manifest reads fine.
        var faults = new FaultInjectingHandler(1.0, seed: 1, Fault.ServerInternalError)
        {
            Applies = r => r.RequestUri!.AbsolutePath.Contains("/extracts/2026-10-30/ssd_", StringComparison.Ordinal),
        };
        var account = Scenario.Account(azurite, faults, o => o.MaxRetryAttempts = 1);
        var service = new RefreshService(account.Deployment(), TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var watching = new ExtractWatcher(service, Poll, TimeProvider.System).RunAsync(stop.Token);

        var broken = (await account.Extracts().ListSetsAsync(CancellationToken.None)).Single(s => s.AsAt == brokenNight);
        await Eventually.Until("watcher", async () => (await account.Ledger().GetAsync(broken.AsAt, broken.ManifestETag, CancellationToken.None))?.Status == LedgerStatus.Poison);
        await Task.Delay(Poll * 5);
        await stop.CancelAsync();
        await watching;

        var entry = (await account.Ledger().GetAsync(broken.AsAt, broken.ManifestETag, CancellationToken.None))!;
        Assert.Equal(RunLedger.MaxAttempts, entry.Attempts);
        Assert.Contains("storage failed", entry.LastError);
        var runs = await account.Dashboards().RecentRunsAsync(20, CancellationToken.None);
        Assert.Equal(RunLedger.MaxAttempts, runs.Count(r => r.AsAt == brokenNight && r.Status == RunStatus.Failed));
        Assert.Equal(RunStatus.Published, Assert.Single(runs, r => r.AsAt == Scenario.AsAt).Status);
        Assert.Equal(Scenario.AsAt, LatestDocument.Parse((await account.Snapshots().ReadLatestAsync(CancellationToken.None))!.Content)!.AsAt);
    }
}
