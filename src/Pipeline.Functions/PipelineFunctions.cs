using System.Globalization;
using System.Net;
using System.Text;
using Azure.Core.Serialization;
using Azure.Storage.Blobs;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Application;
using Pipeline.Hosting;
using Pipeline.Publish;
using Pipeline.Storage;

namespace Pipeline.Functions;

/// <summary>
/// The triggers. Each one binds its input and calls <see cref="RefreshService"/>, the service the CLI and
/// <c>pipeline serve</c> call; nothing else happens here. Idempotency lives in the service (a ledger entry per
/// as_at and manifest ETag; one writer per as_at), because blob events can arrive twice and timers fire late.
/// </summary>
public sealed class PipelineFunctions(RefreshService refresh, PipelineSettings settings)
{
    /// <summary>What Status lists: the last runs and as many rerun requests.</summary>
    public const int StatusLength = 20;

    // The names the pipeline writes everywhere else (run manifests, latest.json): snake_case.
    private static readonly JsonObjectSerializer Json = new(RunManifest.Json);

    /// <summary>
    /// Every night (UTC: Flex Consumption ignores WEBSITE_TIME_ZONE), runs every landed set not yet done, oldest
    /// first: a no-op when there is none, and the safety net for a blob event that never came.
    /// </summary>
    [Function("NightlyRefresh")]
    public async Task NightlyRefresh([TimerTrigger("%" + PipelineSettings.NightlyScheduleSetting + "%", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        await refresh.CatchUpAsync(cancellationToken);
        await refresh.WarnIfTonightsSetIsMissingAsync(settings.BusinessTimeZone, cancellationToken);
    }

    /// <summary>A manifest landed (Event Grid BlobCreated, filtered to extracts/…/manifest.json by the subscription).</summary>
    [Function("ExtractArrived")]
    public async Task ExtractArrived(
        [BlobTrigger("extracts/{asAt}/manifest.json", Source = BlobTriggerSource.EventGrid, Connection = PipelineSettings.StorageConnection)] BlobClient manifest,
        string asAt,
        CancellationToken cancellationToken)
    {
        if (!TryParseDay(asAt, out var date))
        {
            return; // not a set's folder; nothing the pipeline reads
        }

        var properties = await manifest.GetPropertiesAsync(cancellationToken: cancellationToken);
        await refresh.ProcessArrivalAsync(new LandedSet(date, properties.Value.ETag.ToString()), cancellationToken);
    }

    /// <summary>
    /// Asks for a rerun of one as_at (function key). The run itself outlives any HTTP request (Azure's front end
    /// gives up after 230 s), so this only queues it: 202 with the request's id and a Location to Status once it is on
    /// the queue; 400 for a date that is not yyyy-MM-dd; 404 when no set has landed for it; 503 when storage could
    /// not take the request.
    /// </summary>
    [Function("RefreshNow")]
    public async Task<HttpResponseData> RefreshNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "refresh/{asAt}")] HttpRequestData request,
        string asAt,
        CancellationToken cancellationToken)
    {
        if (!TryParseDay(asAt, out var date))
        {
            return await JsonAsync(request, HttpStatusCode.BadRequest, new { error = "as_at must be yyyy-MM-dd" }, cancellationToken);
        }

        var result = await refresh.RequestRunAsync(date, cancellationToken);
        switch (result.Answer)
        {
            case RefreshRequestAnswer.Queued:
                var location = StatusUrl(request, result.Request!.Id);
                var response = await JsonAsync(request, HttpStatusCode.Accepted, new { request_id = result.Request.Id, as_at = date, status = result.Request.Status, status_url = location }, cancellationToken);
                response.Headers.Add("Location", location.AbsoluteUri);
                return response;
            case RefreshRequestAnswer.NotLanded:
                return await JsonAsync(request, HttpStatusCode.NotFound, new { error = result.Reason }, cancellationToken);
            default:
                return await JsonAsync(request, HttpStatusCode.ServiceUnavailable, new { error = result.Reason, request_id = result.Request?.Id }, cancellationToken);
        }
    }

    /// <summary>
    /// Runs a queued rerun. A failure throws, so the host delivers the message again (host.json queues:
    /// maxDequeueCount 5, visibilityTimeout 30 s) and then moves it to refresh-requests-poison.
    /// </summary>
    [Function("RunRequested")]
    public async Task RunRequested(
        [QueueTrigger(RefreshQueue.Name, Connection = PipelineSettings.StorageConnection)] QueueMessage message,
        CancellationToken cancellationToken) =>
        await refresh.RunRequestedAsync(message.Body.ToString(), message.DequeueCount, cancellationToken);

    /// <summary>
    /// latest.json, the last runs from the run log and the recent rerun requests (function key); with
    /// <c>?request=ID</c>, that one request (404 if there is none).
    /// </summary>
    [Function("Status")]
    public async Task<HttpResponseData> Status(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "status")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        try
        {
            if (request.Query["request"] is { } id)
            {
                return await refresh.RequestStatusAsync(id, cancellationToken) is { } record
                    ? await JsonAsync(request, HttpStatusCode.OK, record, cancellationToken)
                    : await JsonAsync(request, HttpStatusCode.NotFound, new { error = "no such refresh request" }, cancellationToken);
            }

            return await JsonAsync(request, HttpStatusCode.OK, await refresh.StatusAsync(StatusLength, cancellationToken), cancellationToken);
        }
        catch (IOException e)
        {
            return await JsonAsync(request, HttpStatusCode.ServiceUnavailable, new { error = e.Message }, cancellationToken);
        }
    }

    /// <summary>
    /// The performance dashboard (function key, and optionally Entra ID sign-in in front: infra/main.bicep):
    /// <c>GET dashboard</c> is the page of the snapshot latest.json names, <c>GET dashboard/yyyy-MM-dd</c> the one
    /// published for that as_at; 400 for a date that is not yyyy-MM-dd, 404 when there is no such page, 503 when
    /// storage cannot be read. The bytes and headers are those <c>pipeline serve --http</c> sends.
    /// </summary>
    [Function("Dashboard")]
    public async Task<HttpResponseData> Dashboard(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard/{asAt?}")] HttpRequestData request,
        string? asAt,
        CancellationToken cancellationToken)
    {
        try
        {
            if (string.IsNullOrEmpty(asAt)) // the route's optional segment absent: "dashboard" or "dashboard/"
            {
                return await PageAsync(request, await refresh.LatestDashboardAsync(cancellationToken), DashboardHttp.NoLatestDashboard, cancellationToken);
            }

            return TryParseDay(asAt, out var date)
                ? await PageAsync(request, await refresh.DashboardAsync(date, cancellationToken), DashboardHttp.NoDashboardFor(date), cancellationToken)
                : await TextAsync(request, HttpStatusCode.BadRequest, "as_at must be yyyy-MM-dd", cancellationToken);
        }
        catch (IOException)
        {
            return await TextAsync(request, HttpStatusCode.ServiceUnavailable, DashboardHttp.StorageUnavailable, cancellationToken);
        }
    }

    private static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    // Status of this app, at the same host: the query (and so the caller's function key) is not carried over.
    private static Uri StatusUrl(HttpRequestData request, string requestId) => new(request.Url, $"/api/status?request={Uri.EscapeDataString(requestId)}");

    // The page, or the refusal that says why there is none.
    private static Task<HttpResponseData> PageAsync(HttpRequestData request, byte[]? html, string missing, CancellationToken cancellationToken) =>
        html is null
            ? TextAsync(request, HttpStatusCode.NotFound, missing, cancellationToken)
            : SendAsync(request, HttpStatusCode.OK, DashboardHttp.HtmlContentType, html, cancellationToken);

    private static Task<HttpResponseData> TextAsync(HttpRequestData request, HttpStatusCode code, string text, CancellationToken cancellationToken) =>
        SendAsync(request, code, DashboardHttp.TextContentType, Encoding.UTF8.GetBytes(text + "\n"), cancellationToken);

    // Every answer of Dashboard, the page and the refusals alike, goes out under the headers pipeline serve --http sends.
    private static async Task<HttpResponseData> SendAsync(HttpRequestData request, HttpStatusCode code, string type, byte[] body, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse(code);
        response.Headers.Add("Content-Type", type);
        foreach (var (name, value) in DashboardHttp.Headers)
        {
            response.Headers.Add(name, value);
        }

        await response.Body.WriteAsync(body, cancellationToken);
        return response;
    }

    private static async Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode code, T body, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse();
        // Http 3.3.0's WriteAsJsonAsync has no status code argument: it is set here, and the write keeps it.
        response.StatusCode = code;
        await response.WriteAsJsonAsync(body, Json, cancellationToken);
        return response;
    }
}
