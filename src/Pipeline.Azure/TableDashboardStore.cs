using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Pipeline.Indicators;
using Pipeline.Publish;
using Pipeline.Quality;
using Pipeline.Storage;

namespace Pipeline.Azure;

/// <summary>
/// Dashboards' tables. Keys are chosen so that each thing a dashboard asks is one partition query:
/// <list type="bullet">
/// <item><c>IndicatorValues</c>: PK <c>{la}_{as_at}</c>, every value of one snapshot (the latest one's as_at is in
/// <c>latest.json</c> and in <c>Snapshots</c>); RK <c>{indicator}|{period_type}|{period_end}|{breakdown}|{value}</c>.</item>
/// <item><c>IndicatorHistory</c>: PK <c>{la}_{indicator}</c>, that indicator's series as the latest snapshot states
/// it, kept as the series grows; RK <c>{period_type}|{period_end}|{breakdown}|{value}</c>.</item>
/// <item><c>DqSummary</c>: PK <c>{la}_{as_at}</c>, RK rule code: every rule, zeros included.</item>
/// <item><c>Snapshots</c>: PK <c>{la}</c>; RK <c>latest</c> names the current snapshot, RK <c>{as_at}</c> each one published.</item>
/// <item><c>RunLog</c>: PK <c>runs</c>, RK newest first (inverted start time, then run id): one entity per run.</item>
/// </list>
/// Every write is an upsert (replace) in batches of at most 100 within a partition, so reruns overwrite.
/// </summary>
public sealed class TableDashboardStore(AzureStorageAccount account) : IDashboardStore
{
    public const string IndicatorValuesTable = "IndicatorValues";
    public const string IndicatorHistoryTable = "IndicatorHistory";
    public const string DqSummaryTable = "DqSummary";
    public const string SnapshotsTable = "Snapshots";
    public const string RunLogTable = "RunLog";
    public const string RunLogPartition = "runs";
    public const string LatestRow = "latest";

    /// <summary>The service's transaction limit: 100 operations, one partition.</summary>
    public const int BatchSize = 100;

    /// <summary>Transactions in flight at once.</summary>
    public const int ParallelBatches = 4;

    // A string property holds at most 32K characters; a manifest longer than this is logged without its file list.
    private const int MaxManifestChars = 30_000;

    public static IReadOnlyList<string> TableNames { get; } = [IndicatorValuesTable, IndicatorHistoryTable, DqSummaryTable, SnapshotsTable, RunLogTable];

    public async Task WriteSnapshotAsync(DashboardSnapshot snapshot, CancellationToken cancellationToken)
    {
        var partition = SnapshotPartition(snapshot.LaCode, snapshot.AsAt);
        await UpsertAsync(IndicatorValuesTable, snapshot.Values.Select(v => ValueEntity(partition, ValueKey(v, withIndicator: true), v, snapshot.RunId)), cancellationToken);
        await UpsertAsync(DqSummaryTable, snapshot.DqSummary.Select(r => SummaryEntity(partition, r, snapshot.RunId)), cancellationToken);
        await UpsertAsync(SnapshotsTable, [SnapshotEntity(snapshot, Day(snapshot.AsAt), null)], cancellationToken);
    }

    public async Task MarkLatestAsync(DashboardSnapshot snapshot, DateTimeOffset publishedAt, CancellationToken cancellationToken)
    {
        await UpsertAsync(IndicatorHistoryTable,
            snapshot.Values.Select(v => ValueEntity(Key($"{snapshot.LaCode}_{v.IndicatorId}"), ValueKey(v, withIndicator: false), v, snapshot.RunId)), cancellationToken);
        await UpsertAsync(SnapshotsTable, [SnapshotEntity(snapshot, LatestRow, publishedAt)], cancellationToken);
    }

    public async Task LogRunAsync(RunManifest run, CancellationToken cancellationToken)
    {
        var json = Encoding.UTF8.GetString(run.ToJson());
        if (json.Length > MaxManifestChars)
        {
            json = Encoding.UTF8.GetString((run with { Files = [], Warnings = [.. run.Warnings.Take(5)] }).ToJson());
        }

        var entity = new TableEntity(RunLogPartition, RunLogKey(run))
        {
            ["RunId"] = run.RunId,
            ["Status"] = run.Status,
            ["Reason"] = run.Reason,
            ["AsAt"] = run.AsAt is { } asAt ? Day(asAt) : null,
            ["LaCode"] = run.LaCode,
            ["StartedAt"] = run.StartedAt,
            ["FinishedAt"] = run.FinishedAt,
            ["CodeVersion"] = run.CodeVersion,
            ["ExtractManifestSha256"] = run.ExtractManifestSha256,
            ["RowsRead"] = run.RowsRead,
            ["RowsQuarantined"] = run.RowsQuarantined,
            ["IndicatorValues"] = run.IndicatorValues,
            ["DqIssues"] = run.DqIssues,
            ["TimingsMs"] = string.Join(", ", run.Timings.Select(t => $"{t.Stage} {t.Milliseconds}")),
            ["Manifest"] = json,
        };
        await UpsertAsync(RunLogTable, [entity], cancellationToken);
    }

    public Task<IReadOnlyList<RunManifest>> RecentRunsAsync(int count, CancellationToken cancellationToken)
    {
        var table = account.Tables.GetTableClient(RunLogTable);
        return account.Resilience.RunAsync("reading the run log", async token =>
        {
            var runs = new List<RunManifest>();
            await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == RunLogPartition, maxPerPage: Math.Min(count, 1000), select: ["Manifest"], cancellationToken: token))
            {
                if (entity.GetString("Manifest") is { } json && RunManifest.Parse(Encoding.UTF8.GetBytes(json)) is { } run)
                {
                    runs.Add(run);
                }

                if (runs.Count == count)
                {
                    break;
                }
            }

            return (IReadOnlyList<RunManifest>)runs;
        }, cancellationToken);
    }

    public static string SnapshotPartition(string laCode, DateOnly asAt) => Key($"{laCode}_{Day(asAt)}");

    /// <summary>Newest first under the service's ascending key order: the start time counted down, then the run id.</summary>
    public static string RunLogKey(RunManifest run) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - run.StartedAt.UtcTicks:D19}_{run.RunId}");

    public static string ValueKey(IndicatorValue v, bool withIndicator) =>
        Key((withIndicator ? v.IndicatorId + "|" : "") + $"{v.PeriodType}|{Day(v.PeriodEnd)}|{v.Breakdown}|{v.BreakdownValue}");

    /// <summary>
    /// Keys may not hold '/', '\', '#', '?' or control characters, and team names come from the extract: those
    /// characters (and '%', the escape) become %XX, so distinct names stay distinct keys.
    /// </summary>
    public static string Key(string raw)
    {
        var key = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                key.Append(CultureInfo.InvariantCulture, $"%{(int)c:X2}");
            }
            else
            {
                key.Append(c);
            }
        }

        return key.ToString();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static TableEntity ValueEntity(string partition, string row, IndicatorValue v, string runId) => new(partition, row)
    {
        ["AsAt"] = At(v.AsAt),
        ["LaCode"] = v.LaCode,
        ["RunId"] = runId,
        ["IndicatorId"] = v.IndicatorId,
        ["PeriodType"] = v.PeriodType,
        ["PeriodStart"] = At(v.PeriodStart),
        ["PeriodEnd"] = At(v.PeriodEnd),
        ["Breakdown"] = v.Breakdown,
        ["BreakdownValue"] = v.BreakdownValue,
        ["Numerator"] = v.Numerator,
        ["Denominator"] = v.Denominator,
        ["Value"] = v.Value,
        ["Unit"] = v.Unit,
        ["Polarity"] = v.Polarity,
        ["TargetMin"] = v.TargetMin,
        ["TargetUpper"] = v.TargetUpper,
        ["England"] = v.England,
        ["StatisticalNeighbours"] = v.StatisticalNeighbours,
        ["Rag"] = v.Rag,
        ["RagBasis"] = v.RagBasis,
        ["Dot"] = v.Dot,
        ["DotGood"] = v.DotGood,
        ["IsPartial"] = v.IsPartial,
        ["Available"] = v.Available,
        ["UnavailableReason"] = v.UnavailableReason,
    };

    private static TableEntity SummaryEntity(string partition, DqSummaryRow r, string runId) => new(partition, Key(r.RuleCode))
    {
        ["AsAt"] = At(r.AsAt),
        ["RunId"] = runId,
        ["Severity"] = r.Severity,
        ["Title"] = r.Title,
        ["Count"] = r.Count,
        ["New"] = r.New,
        ["Resolved"] = r.Resolved,
        ["Status"] = r.Status,
        ["StatusReason"] = r.StatusReason,
        ["DfeReturn"] = r.DfeReturn,
        ["CollectionYear"] = r.CollectionYear,
        ["OldestFirstSeen"] = r.OldestFirstSeen is { } oldest ? At(oldest) : (DateTimeOffset?)null,
    };

    private static TableEntity SnapshotEntity(DashboardSnapshot snapshot, string row, DateTimeOffset? publishedAt) => new(Key(snapshot.LaCode), row)
    {
        ["AsAt"] = At(snapshot.AsAt),
        ["RunId"] = snapshot.RunId,
        ["ValuesPartition"] = SnapshotPartition(snapshot.LaCode, snapshot.AsAt),
        ["IndicatorValues"] = snapshot.Values.Length,
        ["PublishedAt"] = publishedAt,
    };

    private async Task UpsertAsync(string tableName, IEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        var table = account.Tables.GetTableClient(tableName);
        var batches = entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).SelectMany(partition => partition.Chunk(BatchSize)).ToList();
        // Batches touch distinct keys, so they may go in any order and side by side: the end state is the same.
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches, CancellationToken = cancellationToken }, async (batch, token) =>
            // Upsert (replace) is idempotent, so a batch whose answer was lost is simply sent again.
            await account.Resilience.RunAsync($"writing {batch.Length} entities to table {tableName}", async attempt =>
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), attempt),
                token));
    }
}
