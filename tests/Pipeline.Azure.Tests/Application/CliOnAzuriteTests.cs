using System.Globalization;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Application;
using Pipeline.Publish;
using Pipeline.Storage;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Application.NightlyRunOnAzuriteTests;

namespace Pipeline.Tests.Application;

/// <summary>The operator's commands, run as separate processes against Azurite, and a BI tool reading what they published.</summary>
public class CliOnAzuriteTests
{
    [Fact]
    public async Task LandThenRun_BundledSample_PublishesAndDuckDbSumsMatchTheEngine()
    {
        await using var azurite = await Azurite.StartAsync();

        var (landExit, landOutput) = Repo.RunCli("land", "--storage", azurite.ConnectionString);
        var (runExit, runOutput) = Repo.RunCli("run", "--storage", azurite.ConnectionString);

        Assert.True(landExit == 0, landOutput);
        Assert.True(runExit == 0, runOutput);
        Assert.Contains("extract set 2026-10-31: 29 files landed", landOutput); // 28 tables (26 SSD, 2 extension) and the manifest
        Assert.Contains("published", runOutput);
        // The account key is a secret: never echoed.
        Assert.DoesNotContain("AccountKey", landOutput + runOutput);
        Assert.DoesNotContain(azurite.ConnectionString.Split("AccountKey=")[1][..20], landOutput + runOutput);

        // A BI tool's read: copy the Hive-partitioned dataset locally and let DuckDB add it up.
        var account = Scenario.Account(azurite);
        var latest = LatestDocument.Parse((await Blob(account, "published", "latest.json")).ToArray())!;
        // Landing and running need no queue rights: only serve, which drains the rerun queue, makes it.
        Assert.False(await account.Queues.GetQueueClient(RefreshQueue.Name).ExistsAsync());
        using var local = new TempFolder();
        await foreach (var blob in account.Container("published").GetBlobsAsync(new global::Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = "indicator_values/" }))
        {
            var file = Path.Combine(local.Path, blob.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await account.Container("published").GetBlobClient(blob.Name).DownloadToAsync(file);
        }

        var glob = DuckDb.Literal(Path.Combine(local.Path, "indicator_values", "*", "*.parquet"));
        var (rows, sum, partitionAsAt) = (DuckDb.Query($"SELECT count(*), sum(value), min(as_at)::VARCHAR FROM read_parquet({glob}, hive_partitioning = true) WHERE available") is [var only]
            ? (Convert.ToInt64(only[0], CultureInfo.InvariantCulture), Convert.ToDouble(only[1], CultureInfo.InvariantCulture), (string)only[2]!)
            : throw new InvalidOperationException());
        var engine = await ReadValues(account, latest.Files["indicator_values"]);
        Assert.Equal(engine.Count(v => v.Available), rows);
        Assert.Equal(engine.Where(v => v.Available).Sum(v => v.Value ?? 0), sum, 6);
        Assert.Equal("2026-10-31", partitionAsAt);
    }

    [Fact]
    public async Task Run_AzuriteWithNothingLanded_LandsAndPublishesTheBundledSample()
    {
        await using var azurite = await Azurite.StartAsync();

        var (exit, output) = Repo.RunCli("run", "--storage", azurite.ConnectionString);

        Assert.True(exit == 0, output);
        Assert.Contains("landing the bundled sample", output);
        var account = Scenario.Account(azurite);
        Assert.Equal([new DateOnly(2026, 10, 31)], await account.ListExtractSetsAsync(CancellationToken.None));
        Assert.Equal(new DateOnly(2026, 10, 31), LatestDocument.Parse((await Blob(account, "published", "latest.json")).ToArray())!.AsAt);
        // The reference data came along, so the rates have a population to divide by.
        Assert.Contains("referrals_rate", output);
        Assert.DoesNotContain("no population", output);
    }

    [Fact]
    public async Task Serve_ManifestLandsThenARerunIsQueued_PublishesBothAndStopsCleanlyOnSigterm()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None);
        await Pipeline.Azure.ExtractLanding.LandReferenceAsync(account, Repo.Seeds("reference"), CancellationToken.None);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "pipeline.dll"), "serve", "--storage", azurite.ConnectionString, "--poll-seconds", "1" })
        {
            start.ArgumentList.Add(arg);
        }

        using var serve = System.Diagnostics.Process.Start(start)!;
        var output = serve.StandardOutput.ReadToEndAsync();
        var errors = serve.StandardError.ReadToEndAsync();
        try
        {
            var landed = System.Diagnostics.Stopwatch.StartNew();
            await Pipeline.Azure.ExtractLanding.LandExtractAsync(account, Scenario.Extract, CancellationToken.None);
            while (!await account.Container("published").GetBlobClient("latest.json").ExistsAsync())
            {
                Assert.True(landed.Elapsed < TimeSpan.FromSeconds(60), "serve did not publish within 60 s of the manifest landing");
                await Task.Delay(200);
            }

            Assert.True(landed.Elapsed < TimeSpan.FromSeconds(30), $"published {landed.Elapsed.TotalSeconds:0.0} s after landing");

            // A rerun asked for as RefreshNow asks: serve drains the same queue the Functions app's queue trigger reads.
            var requests = new RefreshService(account.Deployment(), TimeProvider.System, NullLogger.Instance);
            var id = (await requests.RequestRunAsync(Scenario.AsAt, CancellationToken.None)).Request!.Id;
            var asked = System.Diagnostics.Stopwatch.StartNew();
            while ((await requests.RequestStatusAsync(id, CancellationToken.None))!.Status != RefreshRequestStatus.Done)
            {
                Assert.True(asked.Elapsed < TimeSpan.FromSeconds(60), "serve did not run the queued request within 60 s");
                await Task.Delay(200);
            }

            Assert.Equal(2, (await account.Dashboards().RecentRunsAsync(10, CancellationToken.None)).Count(r => r.Status == RunStatus.Published));
        }
        finally
        {
            using var term = System.Diagnostics.Process.Start("kill", ["-TERM", serve.Id.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await serve.WaitForExitAsync(wait.Token);
        var printed = await output + await errors;
        Assert.Equal(0, serve.ExitCode);
        Assert.Contains("pipeline serve: stopped", printed);
        // Structured run log line, without the account key.
        Assert.Contains("\"Status\":\"published\"", printed);
        Assert.DoesNotContain(azurite.ConnectionString.Split("AccountKey=")[1][..20], printed);
    }

    private static async Task<IReadOnlyList<Pipeline.Indicators.IndicatorValue>> ReadValues(Pipeline.Azure.AzureStorageAccount account, string path) =>
        await Datasets.ReadIndicatorValuesAsync((await Blob(account, "published", path["published/".Length..])).ToArray(), CancellationToken.None);
}
