using System.Globalization;
using System.Net;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Application;
using Pipeline.Storage;

namespace Pipeline.Functions;

/// <summary>
/// The triggers. Each one binds its input and calls <see cref="RefreshService"/>, the service the CLI and
/// <c>pipeline serve</c> call; nothing else happens here. Idempotency lives in the service (a ledger entry per
/// as_at and manifest ETag; one writer per as_at), because blob events can arrive twice and timers fire late.
/// </summary>
public sealed class PipelineFunctions(RefreshService refresh, PipelineSettings settings)
{
    /// <summary>
    /// Every night (UTC: Flex Consumption ignores WEBSITE_TIME_ZONE), runs every landed set not yet done, oldest
    /// first: a no-op when there is none, and the safety net for a blob event that never came.
    /// </summary>
    [Function("NightlyRefresh")]
    public async Task NightlyRefresh([TimerTrigger("%NightlySchedule%", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        await refresh.CatchUpAsync(cancellationToken);
        await refresh.WarnIfTonightsSetIsMissingAsync(settings.BusinessTimeZone, cancellationToken);
    }

    /// <summary>A manifest landed (Event Grid BlobCreated, filtered to extracts/…/manifest.json by the subscription).</summary>
    [Function("ExtractArrived")]
    public async Task ExtractArrived(
        [BlobTrigger("extracts/{asAt}/manifest.json", Source = BlobTriggerSource.EventGrid, Connection = "PipelineStorage")] BlobClient manifest,
        string asAt,
        CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(asAt, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return; // not a set's folder; nothing the pipeline reads
        }

        var properties = await manifest.GetPropertiesAsync(cancellationToken: cancellationToken);
        await refresh.ProcessArrivalAsync(new LandedSet(date, properties.Value.ETag.ToString()), cancellationToken);
    }

    /// <summary>Reruns one as_at now (function key): 200 published, 409 another run has it, 422 rejected or blocked, 503 storage failed.</summary>
    [Function("RefreshNow")]
    public async Task<HttpResponseData> RefreshNow(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "refresh/{asAt}")] HttpRequestData request,
        string asAt,
        CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(asAt, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return await Json(request, HttpStatusCode.BadRequest, new { error = "as_at must be yyyy-MM-dd" });
        }

        var outcome = await refresh.RunAsync(date, cancellationToken);
        var code = outcome.Status switch
        {
            Publish.RunStatus.Published => HttpStatusCode.OK,
            Publish.RunStatus.Skipped => HttpStatusCode.Conflict,
            Publish.RunStatus.Failed => HttpStatusCode.ServiceUnavailable,
            _ => HttpStatusCode.UnprocessableEntity,
        };
        return await Json(request, code, new { run_id = outcome.RunId, status = outcome.Status, reason = outcome.Reason });
    }

    /// <summary>latest.json and the last runs from the run log (function key).</summary>
    [Function("Status")]
    public async Task<HttpResponseData> Status(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "status")] HttpRequestData request,
        CancellationToken cancellationToken) =>
        await Json(request, HttpStatusCode.OK, await refresh.StatusAsync(20, cancellationToken));

    private static async Task<HttpResponseData> Json<T>(HttpRequestData request, HttpStatusCode code, T body)
    {
        var response = request.CreateResponse(code);
        await response.WriteAsJsonAsync(body, code);
        return response;
    }
}
