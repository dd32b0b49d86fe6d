using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Pipeline.Publish;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Application;

/// <summary>The dashboard over Blob storage: published by the run, served by <c>pipeline serve --storage … --http</c>.</summary>
public class DashboardOnAzuriteTests
{
    [Fact]
    public async Task ServeWithHttp_OnStorage_ServesTheDashboardTheWatcherPublished_AndNothingOutsidePublished()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None);
        await Pipeline.Azure.ExtractLanding.LandReferenceAsync(account, Repo.Seeds("reference"), CancellationToken.None);
        await Pipeline.Azure.ExtractLanding.LandExtractAsync(account, Scenario.Extract, CancellationToken.None);
        var port = CliProcess.FreeLoopbackPort();
        using var serve = new CliProcess("serve", "--storage", azurite.ConnectionString, "--poll-seconds", "1", "--http", $"127.0.0.1:{port}");
        var (exitCode, printed) = (-1, "");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            // The watcher picks the landed set up and publishes it; until then the listener says there is nothing yet.
            var waited = Stopwatch.StartNew();
            HttpResponseMessage latest;
            while ((latest = await GetAsync(http, "dashboard")).StatusCode != HttpStatusCode.OK)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"no dashboard served after {waited.Elapsed.TotalSeconds:0} s: {latest.StatusCode}");
                await Task.Delay(500);
            }

            // latest.json is the commit point; the night's BI partitions follow it, and the commit marker says when they are all there.
            var marker = account.Container("published").GetBlobClient("_commits/as_at=2026-10-31.json");
            await Eventually.Until("the night's BI partitions complete", async () =>
                await marker.ExistsAsync() && CommitRecord.Parse((await marker.DownloadContentAsync()).Value.Content.ToArray())?.State == CommitState.Complete);
            var pointer = LatestDocument.Parse((await account.Container("published").GetBlobClient("latest.json").DownloadContentAsync()).Value.Content.ToArray())!;
            var runPage = (await account.Container("published").GetBlobClient($"runs/{pointer.RunId}/dashboard.html").DownloadContentAsync()).Value.Content.ToArray();
            var partitionPage = (await account.Container("published").GetBlobClient("dashboard/as_at=2026-10-31/dashboard.html").DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(runPage, await latest.Content.ReadAsByteArrayAsync());
            Assert.Equal(partitionPage, await (await GetAsync(http, "dashboard/2026-10-31")).Content.ReadAsByteArrayAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(http, "dashboard/2026-10-30")).StatusCode);
            using var status = JsonDocument.Parse(await (await GetAsync(http, "status")).Content.ReadAsStringAsync());
            Assert.Equal(pointer.RunId, status.RootElement.GetProperty("latest").GetProperty("run_id").GetString());
            // The restricted container is never reachable: there is no route to a blob, encoded or not.
            foreach (var path in new[] { $"restricted/runs/{pointer.RunId}/dq_report.html", $"dashboard/..%2F..%2Frestricted%2Fruns%2F{pointer.RunId}%2Fdq_report.html", "latest.json" })
            {
                var response = await GetAsync(http, path);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.DoesNotContain(pointer.RunId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            (exitCode, printed) = await serve.StopAsync();
        }

        Assert.True(exitCode == 0, printed);
        Assert.Contains($"dashboard at http://127.0.0.1:{port}/dashboard", printed, StringComparison.Ordinal);
        Assert.Contains("pipeline serve: stopped", printed, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path)
    {
        try
        {
            return await http.GetAsync(new Uri(path, UriKind.Relative));
        }
        catch (HttpRequestException)
        {
            // The process is still starting its listener.
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }
    }
}
