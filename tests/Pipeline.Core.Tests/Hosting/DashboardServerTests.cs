using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Application;
using Pipeline.Hosting;
using Pipeline.Publish;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Hosting;

/// <summary>
/// <c>pipeline serve --http</c>'s listener on a real loopback port, over a snapshot a real run published. Requests
/// are written byte for byte on a socket, so dot segments and encodings reach the server as an attacker sends them
/// (an HTTP client would tidy them first).
/// </summary>
public sealed class DashboardServerTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder output = new();
    private readonly CancellationTokenSource stopping = new();
    private DashboardServer server = null!;
    private Task running = Task.CompletedTask;
    private string runId = "";

    public async Task InitializeAsync()
    {
        using var extract = new ExtractFolder().Add("ssd_person.csv", ExtractFolder.MinimalPerson).Add("ssd_cin_episodes.csv", ExtractFolder.MinimalEpisodes)
            .WriteManifest("2023-06-30");
        var outcome = await new NightlyRun(new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero)))
            .RunAsync(new LocalFolderExtractSource(extract.Path), Fixtures.Population(10_000, 2023), new LocalFolderSnapshotStore(output.Path));
        Assert.Equal(RunStatus.Published, outcome.Status);
        runId = outcome.RunId;
        (server, running) = StartOn(output.Path);
    }

    public async Task DisposeAsync()
    {
        await stopping.CancelAsync();
        await running;
        await server.DisposeAsync();
    }

    public void Dispose()
    {
        stopping.Dispose();
        output.Dispose();
    }

    [Fact]
    public async Task Dashboard_Latest_IsTheRunsPage_AsHtmlThatMayFetchNothing()
    {
        var response = await SendAsync("GET /dashboard HTTP/1.1");

        Assert.Equal(200, response.Status);
        Assert.Equal(File.ReadAllBytes(Path.Combine(output.Path, "published", "runs", runId, "dashboard.html")), response.Body);
        Assert.Equal("text/html; charset=utf-8", response.Headers["Content-Type"]);
        Assert.Equal(DashboardHttp.ContentSecurityPolicy, response.Headers["Content-Security-Policy"]);
        Assert.Equal("nosniff", response.Headers["X-Content-Type-Options"]);
        Assert.Equal(response.Body, (await SendAsync("GET / HTTP/1.1")).Body);
    }

    [Fact]
    public async Task Dashboard_ByAsAt_IsThePartitionsPage_AndAnotherNightIs404()
    {
        var published = await SendAsync("GET /dashboard/2023-06-30 HTTP/1.1");
        var missing = await SendAsync("GET /dashboard/2023-06-29 HTTP/1.1");

        Assert.Equal(200, published.Status);
        Assert.Equal(File.ReadAllBytes(Path.Combine(output.Path, "published", "dashboard", "as_at=2023-06-30", "dashboard.html")), published.Body);
        Assert.Equal(404, missing.Status);
        Assert.Equal("no dashboard is published for as_at 2023-06-29\n", Encoding.UTF8.GetString(missing.Body));
    }

    [Fact]
    public async Task Status_IsLatestJsonAndRecentRuns()
    {
        var response = await SendAsync("GET /status HTTP/1.1");

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.Headers["Content-Type"], StringComparison.Ordinal);
        using var status = JsonDocument.Parse(response.Body);
        Assert.Equal(runId, status.RootElement.GetProperty("latest").GetProperty("run_id").GetString());
        Assert.Equal($"published/runs/{runId}/dashboard.html", status.RootElement.GetProperty("latest").GetProperty("files").GetProperty("dashboard").GetString());
    }

    [Theory]
    [InlineData("GET /dashboard/../latest.json HTTP/1.1")]
    [InlineData("GET /dashboard/../../restricted/runs/{run}/dq_report.html HTTP/1.1")]
    [InlineData("GET /dashboard/..%2F..%2Frestricted%2Fruns%2F{run}%2Fdq_report.html HTTP/1.1")]
    [InlineData("GET /dashboard/..%2f..%2flatest.json HTTP/1.1")]
    [InlineData("GET /%2e%2e/%2e%2e/restricted/runs/{run}/dq_report.html HTTP/1.1")]
    [InlineData("GET /dashboard%2F2023-06-30 HTTP/1.1")]
    [InlineData("GET /dashboard/2023-06-30%00 HTTP/1.1")]
    [InlineData("GET /dashboard/2023-06-30/../../../restricted/runs/{run}/dq_report.html HTTP/1.1")]
    [InlineData("GET /restricted/runs/{run}/dq_report.html HTTP/1.1")]
    [InlineData("GET /published/runs/{run}/indicator_values.parquet HTTP/1.1")]
    [InlineData("GET /latest.json HTTP/1.1")]
    [InlineData("GET //restricted/runs/{run}/dq_report.html HTTP/1.1")]
    [InlineData("GET /dashboard/2023-6-30 HTTP/1.1")]
    [InlineData("GET /dashboard/2023-06-31 HTTP/1.1")]
    [InlineData("GET /dashboard/2023-06-30.html HTTP/1.1")]
    [InlineData("GET /dashboard\\..\\latest.json HTTP/1.1")]
    public async Task AnythingOutsideTheRoutes_IsNotFound_AndNothingOutsidePublishedLeaks(string requestLine)
    {
        var report = File.ReadAllText(Path.Combine(output.Path, "restricted", "runs", runId, "dq_report.html"));

        var response = await SendAsync(requestLine.Replace("{run}", runId, StringComparison.Ordinal));

        Assert.True(response.Status is 400 or 404, $"{requestLine}: {response.Status}");
        var body = Encoding.UTF8.GetString(response.Body);
        Assert.DoesNotContain("Data quality report", body, StringComparison.Ordinal);
        Assert.DoesNotContain(runId, body, StringComparison.Ordinal);
        Assert.Contains("Data quality report", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task WritingMethods_AreRefused405_AndChangeNothing(string method)
    {
        var before = Directory.GetFiles(output.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        var response = await SendAsync($"{method} /dashboard HTTP/1.1", "Content-Length: 0");

        Assert.Equal(405, response.Status);
        Assert.Equal("GET, HEAD", response.Headers["Allow"]);
        Assert.Equal(before, Directory.GetFiles(output.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Head_GivesTheLengthWithoutTheBody()
    {
        var get = await SendAsync("GET /dashboard HTTP/1.1");

        var head = await SendAsync("HEAD /dashboard HTTP/1.1");

        Assert.Equal(200, head.Status);
        Assert.Equal(get.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), head.Headers["Content-Length"]);
        Assert.Empty(head.Body);
    }

    [Fact]
    public async Task NothingPublished_Latest404_StatusStill200()
    {
        using var empty = new TempFolder();
        using var stop = new CancellationTokenSource();
        var (other, run) = StartOn(empty.Path, stop.Token);
        await using (other)
        {
            var dashboard = await SendAsync("GET /dashboard HTTP/1.1", address: other.Address);
            var status = await SendAsync("GET /status HTTP/1.1", address: other.Address);

            Assert.Equal(404, dashboard.Status);
            Assert.Equal(200, status.Status);
            await stop.CancelAsync();
            await run;
        }
    }

    [Fact]
    public async Task LatestJsonNamingAnotherPlace_StillServesOnlyTheRunsDashboardFromPublished()
    {
        // A latest.json edited to point its dashboard at a restricted file: the path is rebuilt from the run id instead.
        var latestPath = Path.Combine(output.Path, "latest.json");
        var latest = LatestDocument.Parse(File.ReadAllBytes(latestPath))!;
        var tampered = latest with { Files = latest.Files.SetItem(Datasets.Dashboard, $"restricted/runs/{runId}/dq_report.html") };
        File.WriteAllBytes(latestPath, tampered.ToJson());
        var badRunId = latest with { RunId = "../../restricted" };

        var response = await SendAsync("GET /dashboard HTTP/1.1");
        File.WriteAllBytes(latestPath, badRunId.ToJson());
        var refused = await SendAsync("GET /dashboard HTTP/1.1");

        Assert.Equal(File.ReadAllBytes(Path.Combine(output.Path, "published", "runs", runId, "dashboard.html")), response.Body);
        Assert.Equal(500, refused.Status);
        Assert.DoesNotContain("Data quality report", Encoding.UTF8.GetString(refused.Body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("8080", "127.0.0.1", 8080)]
    [InlineData("0.0.0.0:9000", "0.0.0.0", 9000)]
    [InlineData("[::1]:8080", "::1", 8080)]
    public void ParseEndpoint_HostAndPort_OrAPortAloneOnLoopback(string text, string address, int port)
    {
        var endpoint = DashboardServer.ParseEndpoint(text);

        Assert.Equal((IPAddress.Parse(address), port), (endpoint.Address, endpoint.Port));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("70000")]
    public void ParseEndpoint_NotHostAndPort_IsAFormatError(string text) =>
        Assert.Throws<FormatException>(() => DashboardServer.ParseEndpoint(text));

    private (DashboardServer Server, Task Running) StartOn(string folder, CancellationToken? token = null)
    {
        var deployment = new PipelineDeployment(new LocalFolderExtractStore(Path.Combine(folder, "no-extracts")), _ => Task.FromResult(Fixtures.Population(10_000, 2023)),
            new LocalFolderSnapshotStore(folder), NoDashboardStore.Instance, new LocalFolderRunLedger(folder));
        var service = new RefreshService(deployment, TimeProvider.System, NullLogger.Instance);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var started = DashboardServer.Start(service, new IPEndPoint(IPAddress.Loopback, CliProcess.FreeLoopbackPort()));
                return (started, started.RunAsync(token ?? stopping.Token));
            }
            catch (IOException) when (attempt < 5)
            {
                // Another process took the port between looking and listening: look again.
            }
        }
    }

    private sealed record RawResponse(int Status, Dictionary<string, string> Headers, byte[] Body);

    private Task<RawResponse> SendAsync(string requestLine, string? header = null, Uri? address = null) => SendRawAsync(address ?? server.Address, requestLine, header);

    private static async Task<RawResponse> SendRawAsync(Uri address, string requestLine, string? header)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        await using var stream = client.GetStream();
        var request = $"{requestLine}\r\nHost: {address.Host}:{address.Port}\r\n{(header is null ? "" : header + "\r\n")}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var buffer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(buffer, timeout.Token);
        var bytes = buffer.ToArray();
        var split = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = Encoding.ASCII.GetString(bytes, 0, split).Split("\r\n");
        var headers = head.Skip(1).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        var body = bytes[(split + 4)..];
        if (headers.GetValueOrDefault("Transfer-Encoding") == "chunked")
        {
            body = Unchunk(body);
        }

        return new RawResponse(int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, body);
    }

    private static byte[] Unchunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var at = 0;
        while (true)
        {
            var end = chunked.AsSpan(at).IndexOf("\r\n"u8) + at;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, at, end - at).Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToArray();
            }

            body.Write(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }
    }
}
