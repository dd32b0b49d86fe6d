using System.Globalization;
using System.Text.Json;
using Pipeline.Publish;

namespace Pipeline.Storage;

/// <summary>The hosts' bookkeeping as small JSON files beside the snapshots (<c>ledger/</c>, <c>schedules/</c>, <c>requests/</c>).</summary>
public sealed class LocalFolderRunLedger(string root) : IRunLedger
{
    private readonly string root = Path.GetFullPath(root);

    public Task<LedgerEntry?> GetAsync(DateOnly asAt, string manifestETag, CancellationToken cancellationToken) =>
        ReadAsync<LedgerEntry>(EntryPath(asAt, manifestETag), cancellationToken);

    public Task PutAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        WriteAsync(EntryPath(entry.AsAt, entry.ManifestETag), entry, cancellationToken);

    public Task<ScheduleStatus?> GetScheduleAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync<ScheduleStatus>(SchedulePath(name), cancellationToken);

    public Task PutScheduleAsync(string name, ScheduleStatus status, CancellationToken cancellationToken) =>
        WriteAsync(SchedulePath(name), status, cancellationToken);

    public Task PutRequestAsync(RefreshRequestRecord record, CancellationToken cancellationToken) =>
        RefreshRequest.IsValidId(record.Id)
            ? WriteAsync(RequestPath(record.Id), record, cancellationToken)
            : throw new ArgumentException("a request id has letters, digits and '-' only", nameof(record));

    public Task<RefreshRequestRecord?> GetRequestAsync(string id, CancellationToken cancellationToken) =>
        RefreshRequest.IsValidId(id) ? ReadAsync<RefreshRequestRecord>(RequestPath(id), cancellationToken) : Task.FromResult<RefreshRequestRecord?>(null);

    public async Task<IReadOnlyList<RefreshRequestRecord>> RecentRequestsAsync(DateTimeOffset since, int count, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, "requests");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        // Ids start with the time they were asked for: newest first is descending name order.
        var from = RefreshRequest.IdPrefix(since);
        var records = new List<RefreshRequestRecord>();
        foreach (var id in Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension)
                     .Where(id => string.CompareOrdinal(id, from) >= 0).OrderDescending(StringComparer.Ordinal).Take(count))
        {
            if (await ReadAsync<RefreshRequestRecord>(RequestPath(id!), cancellationToken) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    // Ids are checked (letters, digits, '-') before they get here.
    private string RequestPath(string id) => Path.Combine(root, "requests", id + ".json");

    private string EntryPath(DateOnly asAt, string etag) =>
        Path.Combine(root, "ledger", string.Create(CultureInfo.InvariantCulture, $"{asAt:yyyy-MM-dd}_{Safe(etag)}.json"));

    private string SchedulePath(string name) => Path.Combine(root, "schedules", Safe(name) + ".json");

    // ETags and names become file names: keep letters and digits only.
    private static string Safe(string text) => new([.. text.Where(char.IsAsciiLetterOrDigit)]);

    private static async Task<T?> ReadAsync<T>(string path, CancellationToken cancellationToken) where T : class =>
        File.Exists(path) ? JsonSerializer.Deserialize<T>(await File.ReadAllBytesAsync(path, cancellationToken), RunManifest.Json) : null;

    private static async Task WriteAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(value, RunManifest.Json), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
