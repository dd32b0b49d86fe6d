using System.Globalization;
using System.Text.Json;
using Pipeline.Publish;

namespace Pipeline.Storage;

/// <summary>
/// The request queue as a folder beside the snapshots (<c>queues/refresh-requests/</c>, poisoned messages in
/// <c>queues/refresh-requests-poison/</c>): one JSON file per message with its text, delivery count and the time it
/// is visible again, so it behaves as the storage queue does for one <c>pipeline serve</c> on the folder.
/// </summary>
/// <remarks>
/// NOTE: a receive is a read then a replace, not atomic across processes; two hosts draining one folder could
/// both take a message. The writer lock still lets only one of them publish its as_at.
/// </remarks>
public sealed class LocalFolderRefreshQueue(string root, TimeProvider clock) : IRefreshQueue
{
    private readonly string queue = Path.Combine(Path.GetFullPath(root), "queues", RefreshQueue.Name);
    private readonly string poison = Path.Combine(Path.GetFullPath(root), "queues", RefreshQueue.PoisonName);

    public string Location => queue;

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        // Named by the time it was sent, so a listing is the queue's order.
        var id = string.Create(CultureInfo.InvariantCulture, $"{clock.GetUtcNow().UtcTicks:D19}-{Guid.NewGuid():N}");
        await WriteAsync(queue, new Entry(id, "", text, 0, clock.GetUtcNow()), cancellationToken);
    }

    public async Task<QueuedMessage?> ReceiveAsync(TimeSpan visibility, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(queue))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        foreach (var file in Directory.GetFiles(queue, "*.json").Order(StringComparer.Ordinal))
        {
            if (await ReadAsync(file, cancellationToken) is { } entry && entry.VisibleAt <= now)
            {
                var taken = entry with { Receipt = Guid.NewGuid().ToString("N"), DequeueCount = entry.DequeueCount + 1, VisibleAt = now + visibility };
                await WriteAsync(queue, taken, cancellationToken);
                return new QueuedMessage(taken.Id, taken.Receipt, taken.Text, taken.DequeueCount);
            }
        }

        return null;
    }

    public async Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        if (await HeldAsync(message, cancellationToken) is not null)
        {
            File.Delete(PathOf(queue, message.Id));
        }
    }

    public async Task ReleaseAsync(QueuedMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (await HeldAsync(message, cancellationToken) is { } entry)
        {
            await WriteAsync(queue, entry with { VisibleAt = clock.GetUtcNow() + delay }, cancellationToken);
        }
    }

    public async Task PoisonAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        if (await HeldAsync(message, cancellationToken) is { } entry)
        {
            await WriteAsync(poison, entry, cancellationToken);
            File.Delete(PathOf(queue, message.Id));
        }
    }

    /// <summary>The message's entry if this receipt still holds it (it was not received again since).</summary>
    private async Task<Entry?> HeldAsync(QueuedMessage message, CancellationToken cancellationToken) =>
        await ReadAsync(PathOf(queue, message.Id), cancellationToken) is { } entry && entry.Receipt == message.Receipt ? entry : null;

    private static string PathOf(string folder, string id) =>
        id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? Path.Combine(folder, id + ".json") : throw new ArgumentException("not a message id", nameof(id));

    private static async Task<Entry?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return JsonSerializer.Deserialize<Entry>(await File.ReadAllBytesAsync(path, cancellationToken), RunManifest.Json);
        }
        catch (FileNotFoundException)
        {
            return null; // deleted since it was listed
        }
    }

    private static async Task WriteAsync(string folder, Entry entry, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var path = PathOf(folder, entry.Id);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(entry, RunManifest.Json), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    private sealed record Entry(string Id, string Receipt, string Text, long DequeueCount, DateTimeOffset VisibleAt);
}
