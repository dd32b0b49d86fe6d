using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Pipeline.Azure;
using Pipeline.Publish;
using Pipeline.Quality;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Application;

/// <summary>The nightly run against the real Blob and Table protocols (Azurite), end to end.</summary>
public class NightlyRunOnAzuriteTests
{
    [Fact]
    public async Task RunAsync_LandedExtract_PublishesBlobsLatestTablesAndRunLog()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = await Scenario.LandedAsync(azurite);

        var outcome = await Scenario.RunAsync(account, Scenario.Clock());

        Assert.Equal(RunStatus.Published, outcome.Status);
        var latest = LatestDocument.Parse((await Blob(account, "published", "latest.json")).ToArray())!;
        Assert.Equal((outcome.RunId, Scenario.AsAt), (latest.RunId, latest.AsAt));
        foreach (var (dataset, path) in latest.Files)
        {
            var (container, blob) = (path.Split('/')[0], path[(path.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            Assert.True(await account.Container(container).GetBlobClient(blob).ExistsAsync(), $"{dataset}: {path}");
            Assert.Equal(Datasets.IsRestricted(dataset) ? "restricted" : "published", container);
        }

        // One Hive partition per dataset for the as_at, in the container its audience may read.
        var published = await Names(account, "published");
        Assert.Contains("indicator_values/as_at=2026-10-31/part-0.parquet", published);
        Assert.Contains("dq_summary/as_at=2026-10-31/part-0.parquet", published);
        Assert.Contains("run_manifest/as_at=2026-10-31/run_manifest.json", published);
        Assert.DoesNotContain(published, n => n.StartsWith("dq_issues/", StringComparison.Ordinal) || n.StartsWith("quarantine/", StringComparison.Ordinal));
        Assert.Contains("dq_issues/as_at=2026-10-31/part-0.parquet", await Names(account, "restricted"));

        // Dashboards: one partition query gives the snapshot's every value; the latest pointer names it.
        var partition = TableDashboardStore.SnapshotPartition("E10000099", Scenario.AsAt);
        Assert.Equal(outcome.IndicatorValues, await Count(account, TableDashboardStore.IndicatorValuesTable, partition));
        Assert.Equal(QualityRules.All.Length, await Count(account, TableDashboardStore.DqSummaryTable, partition));
        var pointer = (await account.Tables.GetTableClient(TableDashboardStore.SnapshotsTable).GetEntityAsync<TableEntity>("E10000099", "latest")).Value;
        Assert.Equal((outcome.RunId, partition), (pointer.GetString("RunId"), pointer.GetString("ValuesPartition")));
        // History per indicator, without touching any other indicator's partition.
        var history = account.Tables.GetTableClient(TableDashboardStore.IndicatorHistoryTable)
            .Query<TableEntity>(e => e.PartitionKey == "E10000099_referrals_rate").ToList();
        Assert.Equal(outcome.Values.Count(v => v.IndicatorId == "referrals_rate"), history.Count);
        Assert.All(history, e => Assert.Equal("referrals_rate", e.GetString("IndicatorId")));

        var runs = await account.Dashboards().RecentRunsAsync(10, CancellationToken.None);
        Assert.Equal(outcome.RunId, Assert.Single(runs).RunId);
        Assert.Equal(RunStatus.Published, runs[0].Status);
    }

    [Fact]
    public async Task RunAsync_SameExtractAgain_SameFiguresNoDuplicateBlobsOrEntities()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = await Scenario.LandedAsync(azurite);
        var clock = Scenario.Clock();
        var first = await Scenario.RunAsync(account, clock);
        var partitionBefore = await Blob(account, "published", "indicator_values/as_at=2026-10-31/part-0.parquet");
        var publishedBefore = (await Names(account, "published")).Where(n => !n.StartsWith("runs/", StringComparison.Ordinal)).ToList();
        var entitiesBefore = await Count(account, TableDashboardStore.IndicatorValuesTable, TableDashboardStore.SnapshotPartition("E10000099", Scenario.AsAt));
        var historyBefore = await Count(account, TableDashboardStore.IndicatorHistoryTable, null);
        clock.Advance(TimeSpan.FromHours(2));

        var second = await Scenario.RunAsync(account, clock);

        Assert.Equal(RunStatus.Published, second.Status);
        Assert.NotEqual(first.RunId, second.RunId);
        // The figures are the same bytes; the BI view still has one file per dataset for the as_at.
        Assert.Equal(partitionBefore.ToArray(), (await Blob(account, "published", "indicator_values/as_at=2026-10-31/part-0.parquet")).ToArray());
        Assert.Equal(publishedBefore, (await Names(account, "published")).Where(n => !n.StartsWith("runs/", StringComparison.Ordinal)).ToList());
        Assert.Equal(entitiesBefore, await Count(account, TableDashboardStore.IndicatorValuesTable, TableDashboardStore.SnapshotPartition("E10000099", Scenario.AsAt)));
        Assert.Equal(historyBefore, await Count(account, TableDashboardStore.IndicatorHistoryTable, null));
        // Each run keeps its own folder (a run never changes what an earlier one wrote) and its own log line.
        Assert.Equal(2, (await Names(account, "published")).Count(n => n.StartsWith("runs/", StringComparison.Ordinal) && n.EndsWith("run_manifest.json", StringComparison.Ordinal)));
        Assert.Equal([second.RunId, first.RunId], (await account.Dashboards().RecentRunsAsync(10, CancellationToken.None)).Select(r => r.RunId));
    }

    [Fact]
    public async Task RunAsync_TwoRunsForOneAsAtAtOnce_OnePublishesTheOtherStopsCleanly()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = await Scenario.LandedAsync(azurite);
        var firstHoldsTheLock = new TaskCompletionSource();
        var secondDone = new TaskCompletionSource();

        // The first run pauses once it holds the as_at (it is reading) until the second has tried and stopped.
        var first = Task.Run(() => Scenario.RunAsync(account, Scenario.Clock(1), message =>
        {
            if (message.StartsWith("ingest: reading", StringComparison.Ordinal))
            {
                firstHoldsTheLock.SetResult();
                secondDone.Task.Wait(TimeSpan.FromSeconds(60));
            }
        }));
        await firstHoldsTheLock.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var second = await Scenario.RunAsync(Scenario.Account(azurite), Scenario.Clock(2));
        secondDone.SetResult();
        var winner = await first;

        Assert.Equal(RunStatus.Published, winner.Status);
        Assert.Equal(RunStatus.Skipped, second.Status);
        Assert.Contains("another run is publishing as_at 2026-10-31", second.Reason);
        Assert.DoesNotContain(await Names(account, "published"), n => n.Contains(second.RunId, StringComparison.Ordinal));
        Assert.Equal(winner.RunId, LatestDocument.Parse((await Blob(account, "published", "latest.json")).ToArray())!.RunId);
        var log = await account.Dashboards().RecentRunsAsync(10, CancellationToken.None);
        Assert.Equal([RunStatus.Published, RunStatus.Skipped], log.OrderBy(r => r.StartedAt).Select(r => r.Status));
    }

    internal static async Task<BinaryData> Blob(AzureStorageAccount account, string container, string name) =>
        (await account.Container(container).GetBlobClient(name).DownloadContentAsync()).Value.Content;

    internal static async Task<List<string>> Names(AzureStorageAccount account, string container)
    {
        var names = new List<string>();
        await foreach (var blob in account.Container(container).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    internal static async Task<int> Count(AzureStorageAccount account, string table, string? partition)
    {
        var count = 0;
        var client = account.Tables.GetTableClient(table);
        await foreach (var _ in partition is null ? client.QueryAsync<TableEntity>(select: ["RowKey"]) : client.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }
}
