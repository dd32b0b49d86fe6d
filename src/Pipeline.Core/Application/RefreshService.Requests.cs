using Microsoft.Extensions.Logging;
using Pipeline.Publish;
using Pipeline.Storage;

namespace Pipeline.Application;

/// <summary>What became of asking for a rerun.</summary>
public enum RefreshRequestAnswer
{
    /// <summary>On the queue; a host will run it (<c>202 Accepted</c>).</summary>
    Queued,

    /// <summary>No extract set has landed for that as_at, so there is nothing to rerun (<c>404</c>).</summary>
    NotLanded,

    /// <summary>Storage could not be reached, or the queue refused the message (<c>503</c>): nothing was queued.</summary>
    Unavailable,
}

/// <param name="Request">The request's record: its id is what <c>Status</c> answers about. Null when nothing could be recorded.</param>
public sealed record RefreshRequestResult(RefreshRequestAnswer Answer, RefreshRequestRecord? Request, string? Reason);

/// <summary>A queued request's run did not finish: thrown so that the queue delivers it again, then poisons it.</summary>
public sealed class RefreshRequestFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Timings of queued reruns.</summary>
public sealed record RefreshRequestOptions
{
    /// <summary>How often a request looks again whether the run holding its as_at has finished.</summary>
    public TimeSpan WriterPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a request waits for that run before it counts as a failed attempt (the queue then tries again). A
    /// national run takes about five minutes; this plus one run stays inside host.json's 30-minute functionTimeout.
    /// </summary>
    public TimeSpan WriterWaitLimit { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Reruns through the queue: an HTTP request only queues one (Azure's front end gives up on a request after 230 s,
/// and a national run takes minutes); a queue-triggered host runs it. The record of each request (queued, running,
/// done, failed) is kept in the ledger for <see cref="StatusAsync"/>.
/// </summary>
public sealed partial class RefreshService
{
    public RefreshRequestOptions RequestOptions { get; init; } = new();

    /// <summary>
    /// Queues a rerun of <paramref name="asAt"/> (the <c>RefreshNow</c> endpoint): records the request as queued,
    /// then sends it, so a host never runs a request that has no record.
    /// </summary>
    public async Task<RefreshRequestResult> RequestRunAsync(DateOnly asAt, CancellationToken cancellationToken)
    {
        var queue = deployment.Requests ?? throw new InvalidOperationException("this deployment has no request queue");
        var request = RefreshRequest.New(asAt, clock.GetUtcNow());
        var record = Record(request, RefreshRequestStatus.Queued, attempts: 0);
        try
        {
            if (!(await deployment.Extracts.ListSetsAsync(cancellationToken)).Any(s => s.AsAt == asAt))
            {
                return new RefreshRequestResult(RefreshRequestAnswer.NotLanded, null, $"no extract set has landed for as_at {Day(asAt)}");
            }

            await deployment.Ledger.PutRequestAsync(record, cancellationToken);
        }
        catch (IOException e)
        {
            return new RefreshRequestResult(RefreshRequestAnswer.Unavailable, null, e.Message);
        }

        try
        {
            await queue.SendAsync(request.ToMessage(), cancellationToken);
        }
        catch (IOException e)
        {
            record = record with { Status = RefreshRequestStatus.Failed, Reason = $"could not be queued: {e.Message}", UpdatedAt = clock.GetUtcNow() };
            await PutQuietlyAsync(record, cancellationToken);
            return new RefreshRequestResult(RefreshRequestAnswer.Unavailable, record, record.Reason);
        }

        var day = Day(asAt);
        RefreshLog.RequestQueued(logger, request.Id, day);
        return new RefreshRequestResult(RefreshRequestAnswer.Queued, record, null);
    }

    /// <summary>
    /// Runs one queued request (the queue trigger; <c>pipeline serve</c>'s drain). A run that finished (published,
    /// rejected, blocked) completes the request. One that failed, or still found its as_at held by another run after
    /// <see cref="RefreshRequestOptions.WriterWaitLimit"/>, throws <see cref="RefreshRequestFailedException"/> so the
    /// queue delivers it again; the <see cref="RunLedger.MaxAttempts"/>th failure records it as failed, and the queue
    /// moves the message to its poison queue. A message that is not a request throws <see cref="FormatException"/>.
    /// </summary>
    /// <param name="dequeueCount">How often the queue has delivered this message, this time included.</param>
    public async Task<RunOutcome> RunRequestedAsync(string message, long dequeueCount, CancellationToken cancellationToken)
    {
        var request = RefreshRequest.Parse(message);
        var attempt = (int)Math.Min(dequeueCount, int.MaxValue);
        await deployment.Ledger.PutRequestAsync(Record(request, RefreshRequestStatus.Running, attempt), cancellationToken);

        RunOutcome? outcome = null;
        string reason;
        try
        {
            outcome = await RunWhenWriterIsFreeAsync(request, attempt, cancellationToken);
            reason = outcome?.Reason ?? $"another run still held as_at {Day(request.AsAt)} after {RequestOptions.WriterWaitLimit.TotalMinutes:0} minutes";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            reason = $"{e.GetType().Name}: {e.Message}";
            var day = Day(request.AsAt);
            RefreshLog.RunThrew(logger, e, day);
        }

        if (outcome is { Status: not RunStatus.Failed and not RunStatus.Skipped })
        {
            await deployment.Ledger.PutRequestAsync(Record(request, RefreshRequestStatus.Done, attempt, outcome), cancellationToken);
            return outcome;
        }

        var last = attempt >= RunLedger.MaxAttempts;
        var record = Record(request, last ? RefreshRequestStatus.Failed : RefreshRequestStatus.Queued, attempt, outcome) with
        {
            Reason = last ? $"failed {attempt} times, left in the {RefreshQueue.PoisonName} queue; last: {reason}" : $"attempt {attempt} failed, the queue will try again: {reason}",
        };
        await deployment.Ledger.PutRequestAsync(record, cancellationToken);
        var asAt = Day(request.AsAt);
        RefreshLog.RequestFailed(logger, request.Id, asAt, attempt, reason);
        throw new RefreshRequestFailedException($"refresh request {request.Id} (as_at {Day(request.AsAt)}) attempt {attempt}: {reason}");
    }

    /// <summary>One request's record, or null when there is no such request (<c>Status?request=ID</c>).</summary>
    public Task<RefreshRequestRecord?> RequestStatusAsync(string id, CancellationToken cancellationToken) =>
        RefreshRequest.IsValidId(id) ? deployment.Ledger.GetRequestAsync(id, cancellationToken) : Task.FromResult<RefreshRequestRecord?>(null);

    /// <summary>
    /// Waits while another run holds the as_at's writer lock (looking every <see cref="RefreshRequestOptions.WriterPollInterval"/>),
    /// then runs it. Null when the lock was still held at the limit.
    /// </summary>
    private async Task<RunOutcome?> RunWhenWriterIsFreeAsync(RefreshRequest request, int attempt, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + RequestOptions.WriterWaitLimit;
        var waiting = false;
        while (true)
        {
            if (await WriterIsFreeAsync(request.AsAt, cancellationToken))
            {
                var outcome = await RunAsync(request.AsAt, cancellationToken);
                if (outcome.Status != RunStatus.Skipped)
                {
                    return outcome;
                }
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return null;
            }

            if (!waiting)
            {
                waiting = true;
                await deployment.Ledger.PutRequestAsync(Record(request, RefreshRequestStatus.Running, attempt) with
                {
                    Reason = $"waiting: another run is publishing as_at {Day(request.AsAt)}",
                }, cancellationToken);
            }

            await Task.Delay(RequestOptions.WriterPollInterval, clock, cancellationToken);
        }
    }

    // Taking the lock and letting it go at once: a held lock makes the run itself stop as skipped, and log it, on every look.
    private async Task<bool> WriterIsFreeAsync(DateOnly asAt, CancellationToken cancellationToken)
    {
        var probe = await deployment.Snapshots.TryLockAsync(asAt, cancellationToken);
        if (probe is null)
        {
            return false;
        }

        await probe.DisposeAsync();
        return true;
    }

    private RefreshRequestRecord Record(RefreshRequest request, string status, int attempts, RunOutcome? outcome = null) =>
        new(request.Id, request.AsAt, request.RequestedAt, status, attempts, outcome?.RunId, outcome?.Status, outcome?.Reason, clock.GetUtcNow());

    private async Task PutQuietlyAsync(RefreshRequestRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await deployment.Ledger.PutRequestAsync(record, cancellationToken);
        }
        catch (IOException)
        {
            // Storage is what failed: the caller is told, and the record stays as queued until someone looks.
        }
    }
}

internal static partial class RefreshLog
{
    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Refresh request {RequestId} for as_at {AsAt} queued")]
    public static partial void RequestQueued(ILogger logger, string requestId, string asAt);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Refresh request {RequestId} for as_at {AsAt}, attempt {Attempt}, did not finish: {Reason}")]
    public static partial void RequestFailed(ILogger logger, string requestId, string asAt, int attempt, string reason);
}
