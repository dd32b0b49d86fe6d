using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Pipeline.Application;
using Pipeline.Publish;

namespace Pipeline.Hosting;

/// <summary>What a request asks for. Only these exist: no request path is ever mapped onto a storage path.</summary>
public enum DashboardRoute
{
    NotFound,
    LatestDashboard,
    DashboardByAsAt,
    Status,
    MethodNotAllowed,
}

/// <summary>
/// The read-only routes of <c>pipeline serve --http</c>: <c>/</c> and <c>/dashboard</c> (the latest snapshot's
/// dashboard), <c>/dashboard/YYYY-MM-DD</c> (the one published for that as_at) and <c>/status</c>. The raw request
/// target is matched exactly, before any decoding, so an encoded slash, a dot segment or a percent sign matches no
/// route; the only part taken from the request is a date, parsed strictly, from which the layout builds the path.
/// </summary>
public static class DashboardRoutes
{
    public static (DashboardRoute Route, DateOnly? AsAt) Match(string method, string rawTarget)
    {
        if (method is not ("GET" or "HEAD"))
        {
            return (DashboardRoute.MethodNotAllowed, null);
        }

        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? rawTarget[..query] : rawTarget;
        const string prefix = "/dashboard/";
        return path switch
        {
            "/" or "/dashboard" or "/dashboard/" => (DashboardRoute.LatestDashboard, null),
            "/status" => (DashboardRoute.Status, null),
            _ when path.Length == prefix.Length + 10 && path.StartsWith(prefix, StringComparison.Ordinal)
                && DateOnly.TryParseExact(path.AsSpan(prefix.Length), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asAt)
                => (DashboardRoute.DashboardByAsAt, asAt),
            _ => (DashboardRoute.NotFound, null),
        };
    }
}

/// <summary>
/// <c>pipeline serve --http</c>: a read-only HTTP listener over the same service the other hosts call, serving
/// the latest dashboard, a dashboard by as_at and the status JSON. Off unless asked for; it listens on loopback
/// unless given another address, and it has no sign-in, so anything it serves is what <c>published/</c> holds.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly RefreshService service;
    private readonly Action<string>? log;

    private DashboardServer(RefreshService service, Uri address, Action<string>? log)
    {
        this.service = service;
        this.log = log;
        Address = address;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri Address { get; }

    /// <summary>Parses <c>HOST:PORT</c> (or a port alone, on loopback) as <c>--http</c> takes it.</summary>
    public static IPEndPoint ParseEndpoint(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var portOnly))
        {
            return new IPEndPoint(IPAddress.Loopback, CheckPort(portOnly, text));
        }

        return IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0
            ? endpoint
            : throw new FormatException($"--http '{text}' is not HOST:PORT (e.g. 127.0.0.1:8080)");
    }

    /// <summary>Starts listening on <paramref name="endpoint"/>; throws <see cref="IOException"/> when the port cannot be had.</summary>
    public static DashboardServer Start(RefreshService service, IPEndPoint endpoint, Action<string>? log = null)
    {
        var host = endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) ? "*"
            : endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]"
            : endpoint.Address.ToString();
        var server = new DashboardServer(service, new Uri($"http://{(host == "*" ? "localhost" : host)}:{endpoint.Port}/"), log);
        server.listener.Prefixes.Add($"http://{host}:{endpoint.Port}/");
        try
        {
            server.listener.Start();
        }
        catch (HttpListenerException e)
        {
            server.listener.Close();
            throw new IOException($"cannot listen on {endpoint}: {e.Message}", e);
        }

        return server;
    }

    /// <summary>Answers requests until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var registration = stopping.Register(listener.Stop);
        var inFlight = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException && stopping.IsCancellationRequested)
            {
                break;
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            inFlight.Add(AnswerAsync(context, stopping));
        }

        await Task.WhenAll(inFlight);
    }

    public ValueTask DisposeAsync()
    {
        listener.Close();
        return ValueTask.CompletedTask;
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken stopping)
    {
        var request = context.Request;
        var response = context.Response;
        var (route, asAt) = DashboardRoutes.Match(request.HttpMethod, request.RawUrl ?? "");
        try
        {
            var (status, type, body) = route switch
            {
                DashboardRoute.LatestDashboard => Page(await service.LatestDashboardAsync(stopping), DashboardHttp.NoLatestDashboard),
                DashboardRoute.DashboardByAsAt => Page(await service.DashboardAsync(asAt!.Value, stopping), DashboardHttp.NoDashboardFor(asAt.Value)),
                DashboardRoute.Status => (200, "application/json; charset=utf-8",
                    JsonSerializer.SerializeToUtf8Bytes(await service.StatusAsync(20, stopping), RunManifest.Json)),
                DashboardRoute.MethodNotAllowed => (405, DashboardHttp.TextContentType, Encoding.UTF8.GetBytes("read-only: GET or HEAD\n")),
                _ => (404, DashboardHttp.TextContentType, Encoding.UTF8.GetBytes("not found: try /dashboard, /dashboard/YYYY-MM-DD or /status\n")),
            };
            await WriteAsync(request, response, status, type, body, stopping);
        }
        catch (OperationCanceledException)
        {
            response.Abort();
        }
        catch (Exception e)
        {
            // Storage unreachable, a damaged latest.json, or the client went away: answer if the client is still there,
            // never with the details (they could name storage), and keep listening.
            log?.Invoke($"http: {request.HttpMethod} {route} failed: {e.GetType().Name}");
            var (status, text) = e is IOException or UnauthorizedAccessException ? (503, DashboardHttp.StorageUnavailable) : (500, "the snapshot could not be read");
            try
            {
                await WriteAsync(request, response, status, DashboardHttp.TextContentType, Encoding.UTF8.GetBytes(text + "\n"), stopping);
            }
            catch (Exception inner) when (inner is IOException or HttpListenerException or InvalidOperationException or ObjectDisposedException)
            {
                response.Abort();
            }
        }
    }

    private static (int Status, string Type, byte[] Body) Page(byte[]? html, string missing) =>
        html is null ? (404, DashboardHttp.TextContentType, Encoding.UTF8.GetBytes(missing + "\n")) : (200, DashboardHttp.HtmlContentType, html);

    private static async Task WriteAsync(HttpListenerRequest request, HttpListenerResponse response, int status, string type, byte[] body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = type;
        foreach (var (name, value) in DashboardHttp.Headers)
        {
            response.Headers[name] = value;
        }

        if (status == 405)
        {
            response.Headers["Allow"] = "GET, HEAD";
        }

        response.ContentLength64 = body.Length;
        if (request.HttpMethod != "HEAD")
        {
            await response.OutputStream.WriteAsync(body, cancellationToken);
        }

        response.Close();
    }

    private static int CheckPort(int port, string text) =>
        port is > 0 and <= 65535 ? port : throw new FormatException($"--http '{text}': the port must be 1 to 65535");
}
