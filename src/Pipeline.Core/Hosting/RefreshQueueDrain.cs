using Pipeline.Application;
using Pipeline.Storage;

namespace Pipeline.Hosting;

/// <summary>
/// The local host's queue trigger: takes rerun requests off the queue the <c>RefreshNow</c> endpoint fills and hands
/// each to the service, with the Functions host's queue semantics: a message that fails is delivered again after
/// <see cref="RetryDelay"/>, and the <see cref="RunLedger.MaxAttempts"/>th failure moves it to the poison queue.
/// </summary>
public sealed class RefreshQueueDrain(RefreshService service, IRefreshQueue queue, TimeSpan interval, TimeProvider clock, Action<string>? report = null)
{
    /// <summary>
    /// How long a message stays hidden while it runs: longer than any run (the Functions host renews it instead). If
    /// the host dies mid-run, the message comes back after this.
    /// </summary>
    public static readonly TimeSpan Visibility = TimeSpan.FromMinutes(35);

    public TimeSpan RetryDelay { get; init; } = RefreshQueue.RetryDelay;

    /// <summary>Drains until <paramref name="stopping"/>; the request in progress is finished first.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            QueuedMessage? message = null;
            try
            {
                message = await queue.ReceiveAsync(Visibility, CancellationToken.None);
            }
            catch (IOException e)
            {
                report?.Invoke($"requests: {e.Message}");
            }

            if (message is not null)
            {
                await HandleAsync(message);
                continue;
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

    private async Task HandleAsync(QueuedMessage message)
    {
        try
        {
            await service.RunRequestedAsync(message.Text, message.DequeueCount, CancellationToken.None);
            await queue.DeleteAsync(message, CancellationToken.None);
            return;
        }
        catch (Exception e) when (e is RefreshRequestFailedException or FormatException or IOException)
        {
            report?.Invoke($"requests: {e.Message}");
        }

        try
        {
            if (message.DequeueCount >= RunLedger.MaxAttempts)
            {
                await queue.PoisonAsync(message, CancellationToken.None);
                report?.Invoke($"requests: message {message.Id} moved to {RefreshQueue.PoisonName} after {message.DequeueCount} attempts");
            }
            else
            {
                await queue.ReleaseAsync(message, RetryDelay, CancellationToken.None);
            }
        }
        catch (IOException e)
        {
            // It comes back on its own once its visibility runs out.
            report?.Invoke($"requests: {e.Message}");
        }
    }
}
