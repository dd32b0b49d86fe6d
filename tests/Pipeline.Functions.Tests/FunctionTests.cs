using System.Net;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Application;
using Pipeline.Azure;
using Pipeline.Functions;
using Pipeline.Hosting;
using Pipeline.Publish;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests;

/// <summary>
/// Every function called as the worker calls it, through the worker's own types (a function context, HTTP request
/// and response data, timer info, the manifest's real BlobClient, the queue's real message), on the app's own wiring
/// against Azurite with a generated council landed.
/// </summary>
public class FunctionTests
{
    private static readonly DateOnly DayBefore = Scenario.AsAt.AddDays(-1);

    [Fact]
    public async Task NightlyRefresh_TwoSetsLanded_PublishesBothOldestFirstThenIsANoOp()
    {
        await using var app = await App.StartAsync(DayBefore, Scenario.AsAt);

        await app.Functions.NightlyRefresh(new TimerInfo(), CancellationToken.None);
        var first = await app.Account.Dashboards().RecentRunsAsync(10, CancellationToken.None);
        await app.Functions.NightlyRefresh(new TimerInfo { IsPastDue = true }, CancellationToken.None);
        var second = await app.Account.Dashboards().RecentRunsAsync(10, CancellationToken.None);

        // Newest first: the 31st ran after the 30th, so its night-to-night checks saw the 30th.
        Assert.Equal([Scenario.AsAt, DayBefore], first.Select(r => r.AsAt!.Value));
        Assert.All(first, r => Assert.Equal(RunStatus.Published, r.Status));
        Assert.Equal(first.Select(r => r.RunId), second.Select(r => r.RunId));
        Assert.Equal(Scenario.AsAt, (await app.LatestAsync())!.AsAt);
    }

    [Fact]
    public async Task ExtractArrived_ManifestBlob_PublishesOnceAndNotAgainForTheSameETag()
    {
        await using var app = await App.StartAsync(Scenario.AsAt);
        var manifest = app.Account.Container("extracts").GetBlobClient("2026-10-31/manifest.json");

        await app.Functions.ExtractArrived(manifest, "2026-10-31", CancellationToken.None);
        await app.Functions.ExtractArrived(manifest, "2026-10-31", CancellationToken.None); // Event Grid delivered it twice

        var run = Assert.Single(await app.Account.Dashboards().RecentRunsAsync(10, CancellationToken.None));
        Assert.Equal(RunStatus.Published, run.Status);
        Assert.Equal(run.RunId, (await app.LatestAsync())!.RunId);
        var etag = (await manifest.GetPropertiesAsync()).Value.ETag.ToString();
        Assert.Equal(LedgerStatus.Done, (await app.Account.Ledger().GetAsync(Scenario.AsAt, etag, CancellationToken.None))!.Status);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("2026-13-01")]
    public async Task ExtractArrived_FolderThatIsNotADate_DoesNothing(string folder)
    {
        await using var app = await App.StartAsync(Scenario.AsAt);
        var manifest = app.Account.Container("extracts").GetBlobClient($"{folder}/manifest.json");
        await manifest.UploadAsync(BinaryData.FromString("{}"));

        await app.Functions.ExtractArrived(manifest, folder, CancellationToken.None);

        Assert.Empty(await app.Account.Dashboards().RecentRunsAsync(10, CancellationToken.None));
        Assert.Null(await app.LatestAsync());
    }

    [Fact]
    public async Task RefreshNow_LandedSet_QueuesItAnd202WithTheRequestAndAStatusLocation()
    {
        await using var app = await App.StartAsync(Scenario.AsAt);

        var response = await app.PostAsync("2026-10-31");
        var body = response.Json();
        var id = body.GetProperty("request_id").GetString()!;
        var queued = await app.PeekQueueAsync();
        var status = await app.GetAsync($"?request={id}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("2026-10-31", body.GetProperty("as_at").GetString());
        Assert.Equal("queued", body.GetProperty("status").GetString());
        // Status of the same app, without the caller's function key.
        Assert.Equal($"https://cscpipe-func.azurewebsites.net/api/status?request={id}", response.Header("Location"));
        Assert.Equal(response.Header("Location"), body.GetProperty("status_url").GetString());
        // Safely on the queue the queue trigger reads: one message, that request.
        var message = RefreshRequest.Parse(Assert.Single(queued).Body.ToString());
        Assert.Equal((id, Scenario.AsAt), (message.Id, message.AsAt));
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(RefreshRequestStatus.Queued, status.Json().GetProperty("status").GetString());
        // Nothing has run yet: the HTTP request only queued it.
        Assert.Empty(await app.Account.Dashboards().RecentRunsAsync(10, CancellationToken.None));
    }

    [Theory]
    [InlineData("31-10-2026", HttpStatusCode.BadRequest, "as_at must be yyyy-MM-dd")]
    [InlineData("2026-10-29", HttpStatusCode.NotFound, "no extract set has landed for as_at 2026-10-29")]
    public async Task RefreshNow_BadOrUnlandedDate_AnswersWithoutQueueing(string asAt, HttpStatusCode expected, string error)
    {
        await using var app = await App.StartAsync(Scenario.AsAt);

        var response = await app.PostAsync(asAt);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(error, response.Json().GetProperty("error").GetString());
        Assert.Empty(await app.PeekQueueAsync());
    }

    [Fact]
    public async Task RefreshNow_StorageDown_503()
    {
        await using var app = await App.StartAsync(Scenario.AsAt);
        await app.Azurite.KillAsync();

        var response = await app.PostAsync("2026-10-31");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("storage", response.Json().GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RunRequested_TheQueuedMessage_RunsItAndStatusShowsItDone()
    {
        await using var app = await App.StartAsync(Scenario.AsAt);
        var id = (await app.PostAsync("2026-10-31")).Json().GetProperty("request_id").GetString()!;
        var message = (await app.Queue.ReceiveMessageAsync()).Value;

        await app.Functions.RunRequested(message, CancellationToken.None);

        var record = (await app.GetAsync($"?request={id}")).Json();
        var status = (await app.GetAsync("")).Json();
        var run = Assert.Single(await app.Account.Dashboards().RecentRunsAsync(10, CancellationToken.None));
        Assert.Equal(RefreshRequestStatus.Done, record.GetProperty("status").GetString());
        Assert.Equal(RunStatus.Published, record.GetProperty("run_status").GetString());
        Assert.Equal(run.RunId, record.GetProperty("run_id").GetString());
        Assert.Equal(1, record.GetProperty("attempts").GetInt32());
        Assert.Equal(id, Assert.Single(status.GetProperty("requests").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task RunRequested_NotARequest_ThrowsSoTheHostRetriesThenPoisonsIt()
    {
        await using var app = await App.StartAsync(Scenario.AsAt);
        await app.Queue.SendMessageAsync("{\"as_at\":\"yesterday\"}");
        var message = (await app.Queue.ReceiveMessageAsync()).Value;

        await Assert.ThrowsAsync<FormatException>(() => app.Functions.RunRequested(message, CancellationToken.None));

        Assert.Empty(await app.Account.Dashboards().RecentRunsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task Status_AfterARun_ReturnsLatestJsonAndTheRunLog()
    {
        await using var app = await App.StartAsync(Scenario.AsAt);
        await app.Functions.NightlyRefresh(new TimerInfo(), CancellationToken.None);
        var latest = (await app.LatestAsync())!;

        var response = await app.GetAsync("");
        var body = response.Json();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal("2026-10-31", body.GetProperty("latest").GetProperty("as_at").GetString());
        Assert.Equal(latest.RunId, body.GetProperty("latest").GetProperty("run_id").GetString());
        Assert.Equal(latest.Files.Count, body.GetProperty("latest").GetProperty("files").EnumerateObject().Count());
        var run = Assert.Single(body.GetProperty("recent_runs").EnumerateArray());
        Assert.Equal(latest.RunId, run.GetProperty("run_id").GetString());
        Assert.Equal("published", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("rows_read").GetInt64() > 10_000);
        Assert.Empty(body.GetProperty("requests").EnumerateArray());
    }

    [Fact]
    public async Task Status_UnknownRequest_404()
    {
        await using var app = await App.StartAsync(Scenario.AsAt);

        var response = await app.GetAsync("?request=20261101T013000000Z-00000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_AfterANight_IsThePageLatestJsonNamesAsHtmlUnderTheServersHeaders()
    {
        await using var app = await App.StartAsync(Scenario.AsAt);
        await app.Functions.NightlyRefresh(new TimerInfo(), CancellationToken.None);
        var latest = (await app.LatestAsync())!;
        Assert.Equal($"published/runs/{latest.RunId}/dashboard.html", latest.Files["dashboard"]);
        var stored = await app.PublishedAsync($"runs/{latest.RunId}/dashboard.html");

        var response = await app.DashboardAsync(null);
        var trailingSlash = await app.DashboardAsync("");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stored, response.Bytes());
        Assert.Contains("2026-10-31", response.Text(), StringComparison.Ordinal);
        Assert.Equal("text/html; charset=utf-8", response.Header("Content-Type"));
        AssertServersHeaders(response);
        Assert.Equal(stored, trailingSlash.Bytes());
    }

    [Fact]
    public async Task Dashboard_ByAsAt_EachPublishedNightIsItsOwnPageAndAnotherNightIs404()
    {
        await using var app = await App.StartAsync(DayBefore, Scenario.AsAt);
        await app.Functions.NightlyRefresh(new TimerInfo(), CancellationToken.None);

        var before = await app.DashboardAsync("2026-10-30");
        var night = await app.DashboardAsync("2026-10-31");
        var latest = await app.DashboardAsync(null);
        var missing = await app.DashboardAsync("2026-10-29");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(await app.PublishedAsync("dashboard/as_at=2026-10-30/dashboard.html"), before.Bytes());
        Assert.Equal(await app.PublishedAsync("dashboard/as_at=2026-10-31/dashboard.html"), night.Bytes());
        // The latest is the newer night, and the older night's page is not it.
        Assert.Equal(night.Bytes(), latest.Bytes());
        Assert.NotEqual(before.Bytes(), night.Bytes());
        Assert.Equal("text/html; charset=utf-8", before.Header("Content-Type"));
        AssertServersHeaders(before);
        AssertRefused(missing, HttpStatusCode.NotFound, "no dashboard is published for as_at 2026-10-29");
    }

    [Fact]
    public async Task Dashboard_NothingPublishedYet_404ForTheLatestAndForALandedNight()
    {
        await using var app = await App.StartAsync(Scenario.AsAt);

        var latest = await app.DashboardAsync(null);
        var landed = await app.DashboardAsync("2026-10-31");

        AssertRefused(latest, HttpStatusCode.NotFound, "no snapshot with a dashboard is published yet");
        AssertRefused(landed, HttpStatusCode.NotFound, "no dashboard is published for as_at 2026-10-31");
    }

    [Theory]
    [InlineData("31-10-2026")]
    [InlineData("2026-02-30")]
    [InlineData("latest")]
    [InlineData("2026-10-31T00:00")]
    [InlineData("..%2Fpublished%2Flatest.json")]
    public async Task Dashboard_NotADate_400(string asAt)
    {
        await using var app = await App.StartAsync();

        var response = await app.DashboardAsync(asAt);

        AssertRefused(response, HttpStatusCode.BadRequest, "as_at must be yyyy-MM-dd");
    }

    [Fact]
    public async Task Dashboard_StorageDown_503WithoutTheDetails()
    {
        await using var app = await App.StartAsync(Scenario.AsAt);
        await app.Azurite.KillAsync();

        var latest = await app.DashboardAsync(null);
        var night = await app.DashboardAsync("2026-10-31");

        AssertRefused(latest, HttpStatusCode.ServiceUnavailable, "storage unavailable; try again");
        AssertRefused(night, HttpStatusCode.ServiceUnavailable, "storage unavailable; try again");
    }

    /// <summary>A refusal reads as one line of text, under the same headers as the page.</summary>
    private static void AssertRefused(TestHttpResponse response, HttpStatusCode code, string line)
    {
        Assert.Equal((code, line + "\n"), (response.StatusCode, response.Text()));
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        AssertServersHeaders(response);
    }

    /// <summary>The headers <c>pipeline serve --http</c> sends: the page may fetch nothing and is never sniffed.</summary>
    private static void AssertServersHeaders(TestHttpResponse response)
    {
        Assert.All(DashboardHttp.Headers, h => Assert.Equal(h.Value, response.Header(h.Key)));
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.StartsWith("default-src 'none';", response.Header("Content-Security-Policy"), StringComparison.Ordinal);
    }

    /// <summary>The app wired from the sample settings on a fresh Azurite with councils landed for <c>asAts</c>.</summary>
    private sealed class App : IAsyncDisposable
    {
        private App(Azurite azurite, AzureStorageAccount account, ServiceProvider services)
        {
            Azurite = azurite;
            Account = account;
            Services = services;
            Functions = FunctionsHost.Functions(services);
            Queue = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
                .GetQueueClient(RefreshQueue.Name);
        }

        public Azurite Azurite { get; }

        public AzureStorageAccount Account { get; }

        public ServiceProvider Services { get; }

        public PipelineFunctions Functions { get; }

        /// <summary>The request queue, read as the Functions host reads it (Base64).</summary>
        public QueueClient Queue { get; }

        public static async Task<App> StartAsync(params DateOnly[] asAts)
        {
            var azurite = await Azurite.StartAsync();
            var account = Scenario.Account(azurite);
            await account.EnsureCreatedAsync(CancellationToken.None, withQueues: true);
            await ExtractLanding.LandReferenceAsync(account, Repo.Seeds("reference"), CancellationToken.None);
            foreach (var asAt in asAts)
            {
                await ExtractLanding.LandExtractAsync(account, Scenario.ExtractFor(asAt), CancellationToken.None);
            }

            // Quick retries, so a storage-down test does not wait out the production back-off.
            var services = FunctionsHost.Services(FunctionsHost.SampleSettings(azurite), Scenario.Account(azurite).Options);
            return new App(azurite, account, services);
        }

        public async Task<LatestDocument?> LatestAsync() =>
            await Account.Snapshots().ReadLatestAsync(CancellationToken.None) is { } latest ? LatestDocument.Parse(latest.Content) : null;

        public Task<IReadOnlyList<PeekedMessage>> PeekQueueAsync() =>
            Task.FromResult<IReadOnlyList<PeekedMessage>>([.. Queue.PeekMessages(32).Value]);

        public async Task<TestHttpResponse> PostAsync(string asAt)
        {
            var request = Request("RefreshNow", "POST", $"https://cscpipe-func.azurewebsites.net/api/refresh/{asAt}?code=function-key");
            return (TestHttpResponse)await Functions.RefreshNow(request, asAt, CancellationToken.None);
        }

        public async Task<TestHttpResponse> GetAsync(string query)
        {
            var request = Request("Status", "GET", $"https://cscpipe-func.azurewebsites.net/api/status{query}");
            return (TestHttpResponse)await Functions.Status(request, CancellationToken.None);
        }

        public async Task<TestHttpResponse> DashboardAsync(string? asAt)
        {
            var request = Request("Dashboard", "GET", $"https://cscpipe-func.azurewebsites.net/api/dashboard/{asAt}");
            return (TestHttpResponse)await Functions.Dashboard(request, asAt, CancellationToken.None);
        }

        /// <summary>A blob of the published container, read directly rather than through the pipeline's store.</summary>
        public async Task<byte[]> PublishedAsync(string name) =>
            (await Account.Container("published").GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

        public async ValueTask DisposeAsync()
        {
            await Services.DisposeAsync();
            await Azurite.DisposeAsync();
        }

        private TestHttpRequest Request(string function, string method, string url) =>
            new(new TestFunctionContext(Services, function), method, new Uri(url));
    }
}
