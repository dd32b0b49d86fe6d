using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Pipeline.Storage;

namespace Pipeline.Azure;

/// <summary>
/// The hosts' bookkeeping in Table storage, shared by every instance: <c>RunLedger</c> (PK as_at, RK the manifest's
/// ETag: one receipt per arrival), <c>ScheduleStatus</c> (PK <c>schedule</c>, RK its name) and
/// <c>RefreshRequests</c> (PK <c>requests</c>, RK the request id, which starts with the time it was asked for).
/// </summary>
public sealed class TableRunLedger(AzureStorageAccount account) : IRunLedger
{
    public const string LedgerTable = "RunLedger";
    public const string ScheduleTable = "ScheduleStatus";
    public const string RequestTable = "RefreshRequests";
    public const string RequestPartition = "requests";

    public static IReadOnlyList<string> TableNames { get; } = [LedgerTable, ScheduleTable, RequestTable];

    public async Task<LedgerEntry?> GetAsync(DateOnly asAt, string manifestETag, CancellationToken cancellationToken) =>
        await GetEntityAsync(LedgerTable, Day(asAt), TableDashboardStore.Key(manifestETag), cancellationToken) is { } e
            ? new LedgerEntry(asAt, manifestETag, e.GetString("Status")!, e.GetInt32("Attempts") ?? 0, e.GetString("RunId"), e.GetString("RunStatus"),
                e.GetString("LastError"), e.GetDateTimeOffset("UpdatedAt") ?? default)
            : null;

    public Task PutAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        UpsertAsync(LedgerTable, new TableEntity(Day(entry.AsAt), TableDashboardStore.Key(entry.ManifestETag))
        {
            ["Status"] = entry.Status,
            ["Attempts"] = entry.Attempts,
            ["RunId"] = entry.RunId,
            ["RunStatus"] = entry.RunStatus,
            ["LastError"] = entry.LastError is { Length: > 4000 } error ? error[..4000] : entry.LastError,
            ["UpdatedAt"] = entry.UpdatedAt,
        }, cancellationToken);

    public async Task<ScheduleStatus?> GetScheduleAsync(string name, CancellationToken cancellationToken) =>
        await GetEntityAsync(ScheduleTable, "schedule", TableDashboardStore.Key(name), cancellationToken) is { } e && e.GetDateTimeOffset("Next") is { } next
            ? new ScheduleStatus(e.GetDateTimeOffset("Last"), next, e.GetDateTimeOffset("LastUpdated") ?? default)
            : null;

    public Task PutScheduleAsync(string name, ScheduleStatus status, CancellationToken cancellationToken) =>
        UpsertAsync(ScheduleTable, new TableEntity("schedule", TableDashboardStore.Key(name))
        {
            ["Last"] = status.Last,
            ["Next"] = status.Next,
            ["LastUpdated"] = status.LastUpdated,
        }, cancellationToken);

    public Task PutRequestAsync(RefreshRequestRecord record, CancellationToken cancellationToken) =>
        RefreshRequest.IsValidId(record.Id)
            ? UpsertAsync(RequestTable, new TableEntity(RequestPartition, record.Id)
            {
                ["AsAt"] = Day(record.AsAt),
                ["RequestedAt"] = record.RequestedAt,
                ["Status"] = record.Status,
                ["Attempts"] = record.Attempts,
                ["RunId"] = record.RunId,
                ["RunStatus"] = record.RunStatus,
                ["Reason"] = record.Reason is { Length: > 4000 } reason ? reason[..4000] : record.Reason,
                ["UpdatedAt"] = record.UpdatedAt,
            }, cancellationToken)
            : throw new ArgumentException("a request id has letters, digits and '-' only", nameof(record));

    public async Task<RefreshRequestRecord?> GetRequestAsync(string id, CancellationToken cancellationToken) =>
        RefreshRequest.IsValidId(id) && await GetEntityAsync(RequestTable, RequestPartition, id, cancellationToken) is { } e ? RequestOf(e) : null;

    public async Task<IReadOnlyList<RefreshRequestRecord>> RecentRequestsAsync(DateTimeOffset since, int count, CancellationToken cancellationToken)
    {
        // Keys sort in the order requests were asked for; a month's requests are few, so read them and keep the newest.
        var from = RefreshRequest.IdPrefix(since);
        var client = account.Tables.GetTableClient(RequestTable);
        var entities = await account.Resilience.RunAsync($"reading table {RequestTable}", async token =>
        {
            var found = new List<TableEntity>();
            await foreach (var entity in client.QueryAsync<TableEntity>(e => e.PartitionKey == RequestPartition && e.RowKey.CompareTo(from) >= 0, cancellationToken: token))
            {
                found.Add(entity);
            }

            return found;
        }, cancellationToken);
        return [.. entities.OrderByDescending(e => e.RowKey, StringComparer.Ordinal).Take(count).Select(RequestOf)];
    }

    private static RefreshRequestRecord RequestOf(TableEntity e) => new(
        e.RowKey,
        DateOnly.ParseExact(e.GetString("AsAt")!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        e.GetDateTimeOffset("RequestedAt") ?? default,
        e.GetString("Status")!,
        e.GetInt32("Attempts") ?? 0,
        e.GetString("RunId"),
        e.GetString("RunStatus"),
        e.GetString("Reason"),
        e.GetDateTimeOffset("UpdatedAt") ?? default);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<TableEntity?> GetEntityAsync(string table, string partition, string row, CancellationToken cancellationToken)
    {
        var client = account.Tables.GetTableClient(table);
        var response = await account.Resilience.RunAsync($"reading table {table}",
            async token => await client.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: token), cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private Task UpsertAsync(string table, TableEntity entity, CancellationToken cancellationToken)
    {
        var client = account.Tables.GetTableClient(table);
        return account.Resilience.RunAsync($"writing table {table}",
            async token => await client.UpsertEntityAsync(entity, TableUpdateMode.Replace, token), cancellationToken);
    }
}
