namespace Pipeline.Storage;

public static class LedgerStatus
{
    /// <summary>Run to an end that another attempt would not change (published, rejected, blocked).</summary>
    public const string Done = "done";

    /// <summary>Failed and will be tried again (storage trouble, an unexpected error).</summary>
    public const string Retrying = "retrying";

    /// <summary>Failed <see cref="RunLedger.MaxAttempts"/> times: left alone, with its last error, until someone looks.</summary>
    public const string Poison = "poison";
}

/// <summary>What the hosts have done with one arrival: an as_at and the manifest version that triggered it.</summary>
public sealed record LedgerEntry(DateOnly AsAt, string ManifestETag, string Status, int Attempts, string? RunId, string? RunStatus, string? LastError, DateTimeOffset UpdatedAt);

/// <summary>A schedule's memory, as the Functions timer keeps it with UseMonitor: the last and the next occurrence.</summary>
public sealed record ScheduleStatus(DateTimeOffset? Last, DateTimeOffset Next, DateTimeOffset LastUpdated);

/// <summary>
/// The hosts' bookkeeping, kept in storage so it survives restarts and is shared by every instance: a receipt per
/// arrival (blob events can come twice, timers late), each schedule's status (a run missed while the host was
/// down is caught up once) and a record per rerun request (what <c>Status</c> shows of the queue).
/// </summary>
public interface IRunLedger
{
    Task<LedgerEntry?> GetAsync(DateOnly asAt, string manifestETag, CancellationToken cancellationToken);

    Task PutAsync(LedgerEntry entry, CancellationToken cancellationToken);

    Task<ScheduleStatus?> GetScheduleAsync(string name, CancellationToken cancellationToken);

    Task PutScheduleAsync(string name, ScheduleStatus status, CancellationToken cancellationToken);

    /// <summary>Writes a request's record whole (keyed by its id), replacing what was there.</summary>
    Task PutRequestAsync(RefreshRequestRecord record, CancellationToken cancellationToken);

    Task<RefreshRequestRecord?> GetRequestAsync(string id, CancellationToken cancellationToken);

    /// <summary>Requests asked for since <paramref name="since"/>, newest first, at most <paramref name="count"/>.</summary>
    Task<IReadOnlyList<RefreshRequestRecord>> RecentRequestsAsync(DateTimeOffset since, int count, CancellationToken cancellationToken);
}

public static class RunLedger
{
    /// <summary>Attempts before an arrival is poisoned (as the Functions blob trigger's maxDequeueCount).</summary>
    public const int MaxAttempts = 5;
}
