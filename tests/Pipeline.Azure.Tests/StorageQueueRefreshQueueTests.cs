using System.Text;
using Azure.Storage.Queues;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests;

/// <summary>The rerun queue and the request records on Azurite's real Queue and Table services.</summary>
public class StorageQueueRefreshQueueTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task SendAsync_Request_Base64OnTheWireAsTheQueueTriggerReadsIt()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None, withQueues: true);
        var text = RefreshRequest.New(Scenario.AsAt, Scenario.Clock().GetUtcNow()).ToMessage();

        await account.Requests().SendAsync(text, CancellationToken.None);

        // Read raw, without the client's decoding: what the host's queue extension (messageEncoding base64) gets.
        var raw = new QueueServiceClient(azurite.ConnectionString).GetQueueClient(RefreshQueue.Name);
        var peeked = Assert.Single((await raw.PeekMessagesAsync(10)).Value);
        Assert.Equal(text, Encoding.UTF8.GetString(Convert.FromBase64String(peeked.Body.ToString())));
    }

    [Fact]
    public async Task ReceiveReleasePoison_AsTheHostDoes_CountsDeliveriesAndEndsInThePoisonQueue()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None, withQueues: true);
        var queue = account.Requests();
        await queue.SendAsync("request", CancellationToken.None);

        var first = await queue.ReceiveAsync(Minute, CancellationToken.None);
        var hidden = await queue.ReceiveAsync(Minute, CancellationToken.None);
        await queue.ReleaseAsync(first!, TimeSpan.Zero, CancellationToken.None);
        var second = await queue.ReceiveAsync(Minute, CancellationToken.None);
        await queue.PoisonAsync(second!, CancellationToken.None);

        Assert.Equal(("request", 1L), (first!.Text, first.DequeueCount));
        Assert.Null(hidden);
        Assert.Equal(2, second!.DequeueCount);
        Assert.Null(await queue.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
        var poison = account.Queues.GetQueueClient(RefreshQueue.PoisonName);
        Assert.Equal("request", Assert.Single((await poison.PeekMessagesAsync(10)).Value).Body.ToString());
    }

    [Fact]
    public async Task RequestRecords_PutGetAndRecent_NewestFirstWithinTheWindow()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None, withQueues: true);
        var ledger = account.Ledger();
        var night = Scenario.Clock().GetUtcNow();
        var requests = new[] { -40, -20, -1 }.Select(days => RefreshRequest.New(Scenario.AsAt, night.AddDays(days))).ToList();
        foreach (var request in requests)
        {
            await ledger.PutRequestAsync(new RefreshRequestRecord(request.Id, request.AsAt, request.RequestedAt, RefreshRequestStatus.Queued, 0, null, null, null, night), CancellationToken.None);
        }

        var done = new RefreshRequestRecord(requests[2].Id, Scenario.AsAt, requests[2].RequestedAt, RefreshRequestStatus.Done, 1, "run-1", "published", null, night);
        await ledger.PutRequestAsync(done, CancellationToken.None);

        var recent = await ledger.RecentRequestsAsync(night.AddDays(-30), 10, CancellationToken.None);
        Assert.Equal([requests[2].Id, requests[1].Id], recent.Select(r => r.Id));
        Assert.Equal(done, recent[0]);
        Assert.Equal(requests[0].Id, (await ledger.GetRequestAsync(requests[0].Id, CancellationToken.None))!.Id);
        Assert.Null(await ledger.GetRequestAsync("20200101T000000000Z-00000000", CancellationToken.None));
    }
}
