using Pipeline.Application;

namespace Pipeline.Hosting;

/// <summary>
/// The local host's blob trigger: looks for landed manifests every <paramref name="interval"/> and hands each new
/// arrival (as_at and manifest ETag) to the service, which keeps a receipt per arrival in the ledger, so each is
/// processed once, retried up to five times when it fails, then poisoned without holding up the next.
/// </summary>
/// <remarks>
/// NOTE: it polls, where the Functions app uses Event Grid (the polling blob trigger can miss blobs and is not
/// offered on Flex Consumption). Polling a listing every few seconds is fine for one account's few dozen sets,
/// and it also catches sets whose event was lost, as the nightly timer does in Azure.
/// </remarks>
public sealed class ExtractWatcher(RefreshService service, TimeSpan interval, TimeProvider clock, Action<string>? report = null)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await service.CatchUpAsync(CancellationToken.None, stopping);
            }
            catch (IOException e)
            {
                // Storage unreachable for now: say so and look again next time.
                report?.Invoke($"watcher: {e.Message}");
            }

            try
            {
                await Task.Delay(interval, clock, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
