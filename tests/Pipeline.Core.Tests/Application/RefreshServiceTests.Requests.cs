using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Application;
using Pipeline.Publish;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Application;

/// <summary>Reruns through the queue: asked for (RefreshNow), then run by whichever host takes the message.</summary>
public partial class RefreshServiceTests
{
    private static readonly DateTimeOffset Night = new(2023, 8, 1, 1, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task RequestRunAsync_LandedSet_RecordsItQueuedAndPutsItOnTheQueue()
    {
        using var deployment = new Deployment().Land("2023-07-31");
        var built = WithQueue(deployment);

        var result = await Service(built).RequestRunAsync(new DateOnly(2023, 7, 31), CancellationToken.None);

        Assert.Equal(RefreshRequestAnswer.Queued, result.Answer);
        var message = await built.Requests!.ReceiveAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        var request = RefreshRequest.Parse(message!.Text);
        Assert.Equal((result.Request!.Id, new DateOnly(2023, 7, 31), Night), (request.Id, request.AsAt, request.RequestedAt));
        Assert.StartsWith("20230801T013000000Z-", request.Id, StringComparison.Ordinal);
        var record = await built.Ledger.GetRequestAsync(request.Id, CancellationToken.None);
        Assert.Equal((RefreshRequestStatus.Queued, 0, null), (record!.Status, record.Attempts, record.RunId));
        // Asked for, not run: that is the queue trigger's work.
        Assert.False(File.Exists(Path.Combine(deployment.Output, "latest.json")));
    }

    [Fact]
    public async Task RequestRunAsync_NothingLandedForThatDate_NotLandedAndNothingQueued()
    {
        using var deployment = new Deployment().Land("2023-07-31");
        var built = WithQueue(deployment);

        var result = await Service(built).RequestRunAsync(new DateOnly(2023, 7, 30), CancellationToken.None);

        Assert.Equal((RefreshRequestAnswer.NotLanded, "no extract set has landed for as_at 2023-07-30"), (result.Answer, result.Reason));
        Assert.Null(await built.Requests!.ReceiveAsync(TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Empty(await built.Ledger.RecentRequestsAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
    }

    [Fact]
    public async Task RequestRunAsync_QueueRefuses_RecordsItFailedAndAnswersUnavailable()
    {
        using var deployment = new Deployment().Land("2023-07-31");
        var built = deployment.Build() with { Requests = new RefusingQueue() };

        var result = await Service(built).RequestRunAsync(new DateOnly(2023, 7, 31), CancellationToken.None);

        Assert.Equal(RefreshRequestAnswer.Unavailable, result.Answer);
        var record = await built.Ledger.GetRequestAsync(result.Request!.Id, CancellationToken.None);
        Assert.Equal(RefreshRequestStatus.Failed, record!.Status);
        Assert.Equal("could not be queued: the queue service is unreachable", record.Reason);
    }

    [Fact]
    public async Task RunRequestedAsync_QueuedRequest_RunsItAndRecordsItDone()
    {
        using var deployment = new Deployment().Land("2023-07-31");
        var built = WithQueue(deployment);
        var service = Service(built);
        var id = (await service.RequestRunAsync(new DateOnly(2023, 7, 31), CancellationToken.None)).Request!.Id;
        var message = await built.Requests!.ReceiveAsync(TimeSpan.FromMinutes(1), CancellationToken.None);

        var outcome = await service.RunRequestedAsync(message!.Text, message.DequeueCount, CancellationToken.None);

        Assert.Equal(RunStatus.Published, outcome.Status);
        var record = (await service.RequestStatusAsync(id, CancellationToken.None))!;
        Assert.Equal((RefreshRequestStatus.Done, 1, outcome.RunId, RunStatus.Published), (record.Status, record.Attempts, record.RunId, record.RunStatus));
        Assert.Equal(id, Assert.Single((await service.StatusAsync(10, CancellationToken.None)).Requests).Id);
    }

    [Fact]
    public async Task RunRequestedAsync_AnotherRunHoldsTheDate_WaitsForItThenRuns()
    {
        using var deployment = new Deployment().Land("2023-07-31");
        var built = WithQueue(deployment);
        var service = new RefreshService(built, TimeProvider.System, NullLogger.Instance)
        {
            RequestOptions = new RefreshRequestOptions { WriterPollInterval = TimeSpan.FromMilliseconds(50) },
        };
        var request = RefreshRequest.New(new DateOnly(2023, 7, 31), Night);
        var holder = await built.Snapshots.TryLockAsync(request.AsAt, CancellationToken.None);

        var running = service.RunRequestedAsync(request.ToMessage(), 1, CancellationToken.None);
        await Eventually.Until("the request waits", async () => (await built.Ledger.GetRequestAsync(request.Id, CancellationToken.None))?.Reason?.StartsWith("waiting", StringComparison.Ordinal) == true);
        await Task.Delay(300);
        var stillWaiting = !running.IsCompleted && !File.Exists(Path.Combine(deployment.Output, "latest.json"));
        await holder!.DisposeAsync();
        var outcome = await running;

        Assert.True(stillWaiting);
        Assert.Equal(RunStatus.Published, outcome.Status);
        Assert.Equal(RefreshRequestStatus.Done, (await built.Ledger.GetRequestAsync(request.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task RunRequestedAsync_DateHeldPastTheWaitLimit_FailsThisAttemptForTheQueueToRetry()
    {
        using var deployment = new Deployment().Land("2023-07-31");
        var built = WithQueue(deployment);
        var service = new RefreshService(built, TimeProvider.System, NullLogger.Instance)
        {
            RequestOptions = new RefreshRequestOptions { WriterPollInterval = TimeSpan.FromMilliseconds(20), WriterWaitLimit = TimeSpan.FromMilliseconds(200) },
        };
        var request = RefreshRequest.New(new DateOnly(2023, 7, 31), Night);
        await using var holder = await built.Snapshots.TryLockAsync(request.AsAt, CancellationToken.None);

        var error = await Assert.ThrowsAsync<RefreshRequestFailedException>(() => service.RunRequestedAsync(request.ToMessage(), 2, CancellationToken.None));

        var record = (await built.Ledger.GetRequestAsync(request.Id, CancellationToken.None))!;
        Assert.Equal((RefreshRequestStatus.Queued, 2), (record.Status, record.Attempts));
        Assert.Contains("another run still held as_at 2023-07-31", record.Reason, StringComparison.Ordinal);
        Assert.Contains("attempt 2", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(deployment.Output, "latest.json")));
    }

    [Fact]
    public async Task RunRequestedAsync_FailsEveryAttempt_QueuedForRetryThenFailedOnTheFifth()
    {
        using var deployment = new Deployment().Land("2023-07-31");
        var built = WithQueue(deployment);
        var service = Service(built with { Extracts = new FailingFor(built.Extracts, new DateOnly(2023, 7, 31)) });
        var request = RefreshRequest.New(new DateOnly(2023, 7, 31), Night);

        var statuses = new List<string>();
        for (var attempt = 1; attempt <= RunLedger.MaxAttempts; attempt++)
        {
            await Assert.ThrowsAsync<RefreshRequestFailedException>(() => service.RunRequestedAsync(request.ToMessage(), attempt, CancellationToken.None));
            statuses.Add((await built.Ledger.GetRequestAsync(request.Id, CancellationToken.None))!.Status);
        }

        Assert.Equal(["queued", "queued", "queued", "queued", "failed"], statuses);
        var record = (await built.Ledger.GetRequestAsync(request.Id, CancellationToken.None))!;
        Assert.Equal((5, RunStatus.Failed), (record.Attempts, record.RunStatus));
        Assert.StartsWith("failed 5 times, left in the refresh-requests-poison queue; last: storage failed: the blob store is unreachable", record.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"id\":\"../../etc\",\"as_at\":\"2023-07-31\",\"requested_at\":\"2023-08-01T01:30:00Z\"}")]
    [InlineData("{\"id\":\"x\",\"requested_at\":\"2023-08-01T01:30:00Z\"}")]
    [InlineData("{\"id\":\"x\",\"as_at\":\"2023-07-31\",\"requested_at\":\"2023-08-01T01:30:00Z\",\"force\":true}")]
    public async Task RunRequestedAsync_NotARequest_FormatExceptionAndNothingRuns(string message)
    {
        using var deployment = new Deployment().Land("2023-07-31");
        var built = WithQueue(deployment);

        await Assert.ThrowsAsync<FormatException>(() => Service(built).RunRequestedAsync(message, 1, CancellationToken.None));

        Assert.False(File.Exists(Path.Combine(deployment.Output, "latest.json")));
        Assert.Empty(await built.Ledger.RecentRequestsAsync(DateTimeOffset.MinValue, 10, CancellationToken.None));
    }

    [Fact]
    public async Task StatusAsync_RequestsOfTheLastThirtyDays_NewestFirst()
    {
        using var deployment = new Deployment().Land("2023-07-31");
        var built = WithQueue(deployment);
        var clock = new FakeTimeProvider(Night.AddDays(-40));
        var service = Service(built, clock);
        var ids = new List<string>();
        foreach (var days in new[] { 0, 15, 25, 30 })
        {
            clock.SetUtcNow(Night.AddDays(-40 + days));
            ids.Add((await service.RequestRunAsync(new DateOnly(2023, 7, 31), CancellationToken.None)).Request!.Id);
        }

        clock.SetUtcNow(Night);
        var status = await service.StatusAsync(10, CancellationToken.None);
        var two = await service.StatusAsync(2, CancellationToken.None);

        // 40 days ago is past the window; the other three, newest first.
        Assert.Equal([ids[3], ids[2], ids[1]], status.Requests.Select(r => r.Id));
        Assert.Equal([ids[3], ids[2]], two.Requests.Select(r => r.Id));
        Assert.NotNull(await service.RequestStatusAsync(ids[0], CancellationToken.None));
        Assert.Null(await service.RequestStatusAsync("../ledger", CancellationToken.None));
    }

    private static PipelineDeployment WithQueue(Deployment deployment) =>
        deployment.Build() with { Requests = new LocalFolderRefreshQueue(deployment.Output, TimeProvider.System) };

    private sealed class RefusingQueue : IRefreshQueue
    {
        public string Location => "nowhere";

        public Task SendAsync(string text, CancellationToken cancellationToken) => throw new IOException("the queue service is unreachable");

        public Task<QueuedMessage?> ReceiveAsync(TimeSpan visibility, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ReleaseAsync(QueuedMessage message, TimeSpan delay, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task PoisonAsync(QueuedMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
