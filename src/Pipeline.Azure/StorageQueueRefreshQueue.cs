using Azure.Storage.Queues;
using Pipeline.Storage;

namespace Pipeline.Azure;

/// <summary>
/// The rerun queue on the pipeline's account (<c>refresh-requests</c>), the one the Functions app's queue trigger
/// reads. Messages are Base64, as that trigger expects. The Functions host receives, retries and poisons on its own;
/// <c>pipeline serve</c> does it through the receive side, moving poisoned messages to the same poison queue the
/// host uses (<c>refresh-requests-poison</c>).
/// </summary>
/// <remarks>
/// NOTE: a send retried after its answer was lost can queue the request twice; running a request twice reruns the
/// same as_at, which gives the same snapshot.
/// </remarks>
public sealed class StorageQueueRefreshQueue(AzureStorageAccount account) : IRefreshQueue
{
    private readonly QueueClient queue = account.Queues.GetQueueClient(RefreshQueue.Name);
    private readonly QueueClient poison = account.Queues.GetQueueClient(RefreshQueue.PoisonName);

    public string Location => $"{account.Name}/{RefreshQueue.Name}";

    public Task SendAsync(string text, CancellationToken cancellationToken) =>
        account.Resilience.RunAsync($"queueing on {RefreshQueue.Name}", async token => await queue.SendMessageAsync(text, token), cancellationToken);

    public async Task<QueuedMessage?> ReceiveAsync(TimeSpan visibility, CancellationToken cancellationToken)
    {
        var message = await account.Resilience.RunAsync($"receiving from {RefreshQueue.Name}",
            async token => (await queue.ReceiveMessageAsync(visibility, token)).Value, cancellationToken);
        return message is null ? null : new QueuedMessage(message.MessageId, message.PopReceipt, message.Body.ToString(), message.DequeueCount);
    }

    public Task DeleteAsync(QueuedMessage message, CancellationToken cancellationToken) =>
        account.Resilience.RunAsync($"deleting a message from {RefreshQueue.Name}",
            async token => await queue.DeleteMessageAsync(message.Id, message.Receipt, token), cancellationToken);

    public Task ReleaseAsync(QueuedMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        account.Resilience.RunAsync($"releasing a message on {RefreshQueue.Name}",
            async token => await queue.UpdateMessageAsync(message.Id, message.Receipt, visibilityTimeout: delay, cancellationToken: token), cancellationToken);

    public async Task PoisonAsync(QueuedMessage message, CancellationToken cancellationToken)
    {
        await account.Resilience.RunAsync($"queueing on {RefreshQueue.PoisonName}", async token => await poison.SendMessageAsync(message.Text, token), cancellationToken);
        await DeleteAsync(message, cancellationToken);
    }
}
