using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Storage;

/// <summary>
/// A rerun somebody asked for (the <c>RefreshNow</c> endpoint): what travels on the <c>refresh-requests</c> queue.
/// </summary>
/// <param name="Id">Starts with the UTC time it was asked for, so ids sort in the order they were asked.</param>
public sealed record RefreshRequest(string Id, DateOnly AsAt, DateTimeOffset RequestedAt)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static RefreshRequest New(DateOnly asAt, DateTimeOffset now) =>
        new(IdPrefix(now) + "-" + Guid.NewGuid().ToString("N")[..8], asAt, now);

    /// <summary>The part of every id asked for at <paramref name="time"/>: ids of later requests sort after it.</summary>
    public static string IdPrefix(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Ids become table keys and file names: letters, digits and '-' only.</summary>
    public static bool IsValidId(string? id) => id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public string ToMessage() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a queue message; anything else is a <see cref="FormatException"/> (it can never succeed).</summary>
    public static RefreshRequest Parse(string message)
    {
        RefreshRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<RefreshRequest>(message, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not a refresh request: {e.Message}", e);
        }

        return request is not null && IsValidId(request.Id) && request.AsAt != default
            ? request
            : throw new FormatException("not a refresh request: it needs an id (letters, digits, '-') and an as_at");
    }
}

/// <summary>Where a <see cref="RefreshRequest"/> stands, as <c>Status</c> shows it.</summary>
public static class RefreshRequestStatus
{
    /// <summary>On the queue: not picked up yet, or picked up, failed, and waiting for the queue's next delivery.</summary>
    public const string Queued = "queued";

    /// <summary>A host has it: its run is under way (or waiting for another run of the same as_at to finish).</summary>
    public const string Running = "running";

    /// <summary>Its run finished: published, rejected or blocked, as <see cref="RefreshRequestRecord.RunStatus"/> says.</summary>
    public const string Done = "done";

    /// <summary>Never got a finished run: could not be queued, or failed every attempt and went to the poison queue.</summary>
    public const string Failed = "failed";
}

/// <summary>The hosts' record of one request, kept beside the run ledger.</summary>
public sealed record RefreshRequestRecord(
    string Id,
    DateOnly AsAt,
    DateTimeOffset RequestedAt,
    string Status,
    int Attempts,
    string? RunId,
    string? RunStatus,
    string? Reason,
    DateTimeOffset UpdatedAt);

/// <summary>A message as a queue hands it over: its text, how often it has been handed over, and its receipt.</summary>
/// <param name="DequeueCount">1 the first time; the host's poison handling counts the same way.</param>
public sealed record QueuedMessage(string Id, string Receipt, string Text, long DequeueCount);

/// <summary>
/// The queue of rerun requests (<c>refresh-requests</c> on the pipeline's storage account, or a folder locally). In
/// Azure the Functions host receives, retries and poisons its messages; <c>pipeline serve</c> does the same through
/// the receive side here.
/// </summary>
public interface IRefreshQueue
{
    string Location { get; }

    Task SendAsync(string text, CancellationToken cancellationToken);

    /// <summary>The oldest visible message, hidden from other receivers for <paramref name="visibility"/>; null when none.</summary>
    Task<QueuedMessage?> ReceiveAsync(TimeSpan visibility, CancellationToken cancellationToken);

    /// <summary>Done with: removed for good.</summary>
    Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken);

    /// <summary>Failed this time: visible again after <paramref name="delay"/>, for another attempt.</summary>
    Task ReleaseAsync(QueuedMessage message, TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Failed for good: moved to the poison queue (<c>{name}-poison</c>), where someone can look at it.</summary>
    Task PoisonAsync(QueuedMessage message, CancellationToken cancellationToken);
}

/// <summary>The request queue's names and timings, shared by the Functions app, its host.json and <c>pipeline serve</c>.</summary>
public static class RefreshQueue
{
    /// <summary>The queue's name (a const: the Functions queue trigger's attribute names it).</summary>
    public const string Name = "refresh-requests";

    /// <summary>Where a message goes after <see cref="RunLedger.MaxAttempts"/> failed deliveries (the host's naming).</summary>
    public const string PoisonName = Name + "-poison";

    /// <summary>How long a failed message stays hidden before its next delivery (host.json <c>queues.visibilityTimeout</c>).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>How far back <c>Status</c> lists requests.</summary>
    public static readonly TimeSpan StatusWindow = TimeSpan.FromDays(30);
}
