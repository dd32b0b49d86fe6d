using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Pipeline.Azure;
using Pipeline.Synthetic;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Application;

/// <summary>
/// kill -9 of a publishing <c>pipeline run --storage</c> process against Azurite, at points drawn from a seeded generator
/// (see <see cref="KillPoints"/>; a write killed "during" is a Put Blob or a table batch in flight). After each kill the
/// night's BI blobs hold only files of the run latest.json names; then a rerun converges to a complete night. The killed
/// run's lease would outlive it by up to 60 s: the test breaks it, as its expiry would.
/// </summary>
public class KillOnAzuriteTests
{
    private static readonly DateOnly AsAt = new(2026, 10, 30);

    [Fact]
    public async Task Run_KilledAtRandomPointsOfARerun_BiBlobsHoldOneRunAndARerunConverges()
    {
        await using var azurite = await Azurite.StartAsync();
        using var work = new TempFolder();
        var a = work.File("a");
        ExtractGenerator.Generate(new GeneratorOptions { Children = 300, AsAt = AsAt, Seed = 21 }, a);
        var b = ExtractSets.Copy(a, work.File("b"));
        ExtractSets.KeepRows(b, "ssd_cin_episodes.csv", File.ReadAllLines(Path.Combine(a, "ssd_cin_episodes.csv")).Length - 31);
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None);
        await ExtractLanding.LandReferenceAsync(account, ExtractSets.Reference(a, work.File("reference")), CancellationToken.None);

        await LandAsync(account, a);
        var first = Run(azurite, null);
        Assert.True(first.Exit == 0, first.Output);
        await LandAsync(account, b);
        var traced = Run(azurite, "0");
        Assert.True(traced.Exit == 0, traced.Output);
        var writes = KillPoints.Writes(traced.Output);
        Assert.True(writes > 15, $"a rerun makes {writes} writes");

        var random = new Random(20261205);
        var (current, other) = (b, a);
        var killed = 0;
        for (var point = 0; point < KillPoints.Count; point++)
        {
            await LandAsync(account, other);
            var plan = KillPoints.Draw(random, writes);
            var (exit, output) = Run(azurite, plan);
            Assert.True(exit is KillPoints.Killed or 0, $"kill at {plan}: exit {exit}\n{output}");
            killed += exit == KillPoints.Killed ? 1 : 0;
            await BreakLeaseAsync(account);

            var files = await ReadStoreAsync(account);
            Assert.NotNull(BiFolders.AssertOneRun(files, AsAt));
            KillPoints.AssertLatestComplete(files);

            var rerun = Run(azurite, null);
            Assert.True(rerun.Exit == 0, rerun.Output);
            BiFolders.AssertComplete(await ReadStoreAsync(account), AsAt, KillPoints.PublishedRun(rerun.Output));
            (current, other) = (other, current);
        }

        Assert.True(killed >= KillPoints.Count - 2, $"only {killed} of {KillPoints.Count} runs were killed");
    }

    private static (int Exit, string Output) Run(Azurite azurite, string? kill) =>
        Repo.RunCli(kill is null ? new Dictionary<string, string>() : new() { [KillPoints.Variable] = kill },
            "run", "--storage", azurite.ConnectionString, "--as-at", "2026-10-30");

    // Landing is write-once, so the night's set is cleared first: the exporter re-landing a corrected extract.
    private static async Task LandAsync(AzureStorageAccount account, string set)
    {
        var extracts = account.Container(account.Options.ExtractsContainer);
        await foreach (var blob in extracts.GetBlobsAsync(new GetBlobsOptions { Prefix = "2026-10-30/" }))
        {
            await extracts.DeleteBlobAsync(blob.Name);
        }

        await ExtractLanding.LandExtractAsync(account, set, CancellationToken.None);
    }

    private static async Task BreakLeaseAsync(AzureStorageAccount account)
    {
        try
        {
            await account.Container(account.Options.PublishedContainer).GetBlobClient("_locks/as_at=2026-10-30").GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // No lease: the run had released it, or never taken it.
        }
    }

    // Both containers as store paths (latest.json at the root), as a BI reader with access to both would see them: everything
    // but the runs' own folders, and of those only the runs latest.json and the commit marker name (the rest cannot matter).
    private static async Task<Dictionary<string, byte[]>> ReadStoreAsync(AzureStorageAccount account)
    {
        var names = new List<(string Container, string Blob, string Path)>();
        foreach (var (container, area) in new[] { (account.Options.PublishedContainer, "published"), (account.Options.RestrictedContainer, "restricted") })
        {
            await foreach (var blob in account.Container(container).GetBlobsAsync())
            {
                if (!blob.Name.StartsWith("_locks/", StringComparison.Ordinal))
                {
                    names.Add((container, blob.Name, area == "published" && blob.Name == "latest.json" ? "latest.json" : $"{area}/{blob.Name}"));
                }
            }
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (container, blob, path) in names.Where(n => !n.Blob.StartsWith("runs/", StringComparison.Ordinal)))
        {
            files[path] = await DownloadAsync(account, container, blob);
        }

        var runs = new[] { "latest.json", "published/_commits/as_at=2026-10-30.json" }.Where(files.ContainsKey)
            .Select(p => System.Text.Json.JsonDocument.Parse(files[p]).RootElement.GetProperty("run_id").GetString()!).ToHashSet(StringComparer.Ordinal);
        foreach (var (container, blob, path) in names.Where(n => runs.Any(r => n.Blob.StartsWith($"runs/{r}/", StringComparison.Ordinal))))
        {
            files[path] = await DownloadAsync(account, container, blob);
        }

        return files;
    }

    private static async Task<byte[]> DownloadAsync(AzureStorageAccount account, string container, string blob) =>
        (await account.Container(container).GetBlobClient(blob).DownloadContentAsync()).Value.Content.ToArray();
}
