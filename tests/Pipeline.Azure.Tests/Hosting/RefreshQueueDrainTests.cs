using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Application;
using Pipeline.Azure;
using Pipeline.Hosting;
using Pipeline.Publish;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Hosting;

/// <summary><c>pipeline serve</c>'s queue trigger against Azurite: the same queue RefreshNow fills, the host's retry and poison.</summary>
public class RefreshQueueDrainTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task RunAsync_RequestQueued_RunsItRecordsItDoneAndEmptiesTheQueue()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = await Scenario.LandedAsync(azurite);
        await ExtractLanding.LandReferenceAsync(account, Repo.Seeds("reference"), CancellationToken.None);
        var service = new RefreshService(account.Deployment(), TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var draining = new RefreshQueueDrain(service, account.Requests(), Poll, TimeProvider.System).RunAsync(stop.Token);

        var id = (await service.RequestRunAsync(Scenario.AsAt, CancellationToken.None)).Request!.Id;
        await Eventually.Until("drain", async () => (await service.RequestStatusAsync(id, CancellationToken.None))!.Status == RefreshRequestStatus.Done);
        await Task.Delay(Poll * 5);
        await stop.CancelAsync();
        await draining;

        var record = (await service.RequestStatusAsync(id, CancellationToken.None))!;
        var run = Assert.Single(await account.Dashboards().RecentRunsAsync(10, CancellationToken.None));
        Assert.Equal((RunStatus.Published, run.RunId), (record.RunStatus, record.RunId));
        Assert.Equal(run.RunId, LatestDocument.Parse((await account.Snapshots().ReadLatestAsync(CancellationToken.None))!.Content)!.RunId);
        Assert.Empty((await account.Queues.GetQueueClient(RefreshQueue.Name).PeekMessagesAsync(10)).Value);
    }

    [Fact]
    public async Task RunAsync_RequestFailingEveryTime_FiveAttemptsThenThePoisonQueueAndRecordedFailed()
    {
        await using var azurite = await Azurite.StartAsync();
        var setup = await Scenario.LandedAsync(azurite);
        // Every read of the set's tables fails (500) however often it is retried; its manifest and listing read fine.
        var faults = new FaultInjectingHandler(1.0, seed: 1, Fault.ServerInternalError)
        {
            Applies = r => r.RequestUri!.AbsolutePath.Contains("/extracts/2026-10-31/ssd_", StringComparison.Ordinal),
        };
        var account = Scenario.Account(azurite, faults, o => o.MaxRetryAttempts = 1);
        var service = new RefreshService(account.Deployment(), TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var drain = new RefreshQueueDrain(service, account.Requests(), Poll, TimeProvider.System) { RetryDelay = TimeSpan.FromMilliseconds(200) };
        var draining = drain.RunAsync(stop.Token);

        var id = (await service.RequestRunAsync(Scenario.AsAt, CancellationToken.None)).Request!.Id;
        await Eventually.Until("drain", async () => (await service.RequestStatusAsync(id, CancellationToken.None))!.Status == RefreshRequestStatus.Failed);
        await Eventually.Until("drain", async () => (await setup.Queues.GetQueueClient(RefreshQueue.PoisonName).PeekMessagesAsync(10)).Value.Length == 1);
        await Task.Delay(Poll * 5);
        await stop.CancelAsync();
        await draining;

        var record = (await service.RequestStatusAsync(id, CancellationToken.None))!;
        Assert.Equal(RunLedger.MaxAttempts, record.Attempts);
        Assert.StartsWith("failed 5 times, left in the refresh-requests-poison queue", record.Reason, StringComparison.Ordinal);
        Assert.Equal(RunLedger.MaxAttempts, (await setup.Dashboards().RecentRunsAsync(20, CancellationToken.None)).Count(r => r.Status == RunStatus.Failed));
        Assert.Empty((await setup.Queues.GetQueueClient(RefreshQueue.Name).PeekMessagesAsync(10)).Value);
        var poisoned = (await new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(RefreshQueue.PoisonName).PeekMessagesAsync(10)).Value;
        Assert.Equal(id, RefreshRequest.Parse(Assert.Single(poisoned).Body.ToString()).Id);
        Assert.Null(await setup.Snapshots().ReadLatestAsync(CancellationToken.None));
    }
}
