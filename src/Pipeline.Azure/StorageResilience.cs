using Azure;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Pipeline.Azure;

/// <summary>A storage call failed for good: not transient, or still failing when the retries ran out.</summary>
public sealed class StorageException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// The one resilience pipeline every storage call goes through (the SDK's own retries are switched off, so
/// there is exactly one policy): jittered exponential retries of transient failures around a per-attempt
/// timeout. Non-transient answers (400, 403, 404, 409, 412) are not retried.
/// </summary>
public sealed class StorageResilience
{
    private readonly ResiliencePipeline pipeline;

    public StorageResilience(AzureStorageOptions options)
    {
        pipeline = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<RequestFailedException>(IsTransient)
                    .Handle<HttpRequestException>()
                    .Handle<IOException>(e => e is not StorageException)
                    .Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(10),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    /// <summary>408, 429 and 5xx, and status 0: the request never got an answer (a dropped connection).</summary>
    public static bool IsTransient(RequestFailedException e) => e.Status is 0 or 408 or 429 or >= 500;

    /// <summary>
    /// Runs <paramref name="call"/> with retries. A failure that ends it is rethrown as a
    /// <see cref="StorageException"/> saying what was being done, unless <paramref name="expected"/> accepts it
    /// (e.g. 404 on a read, 409 on a create), in which case that exception reaches the caller as it is.
    /// </summary>
    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken,
        Func<RequestFailedException, bool>? expected = null)
    {
        try
        {
            return await pipeline.ExecuteAsync(call, cancellationToken);
        }
        catch (RequestFailedException e) when (expected?.Invoke(e) == true)
        {
            throw;
        }
        catch (Exception e) when (Failed(what, e) is { } failure)
        {
            throw failure;
        }
    }

    public Task RunAsync(string what, Func<CancellationToken, ValueTask> call, CancellationToken cancellationToken,
        Func<RequestFailedException, bool>? expected = null) =>
        RunAsync(what, async token =>
        {
            await call(token);
            return true;
        }, cancellationToken, expected);

    /// <summary>The synchronous form, for stream reads the CSV reader makes synchronously.</summary>
    public T Run<T>(string what, Func<CancellationToken, T> call, CancellationToken cancellationToken)
    {
        try
        {
            return pipeline.Execute(call, cancellationToken);
        }
        catch (Exception e) when (Failed(what, e) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>What a call that ended in <paramref name="e"/> reports, or null for exceptions that are not storage failures.</summary>
    private static StorageException? Failed(string what, Exception e) => e switch
    {
        StorageException => null,
        RequestFailedException failed => new StorageException($"{what}: {Describe(failed)}", e),
        TimeoutRejectedException => new StorageException($"{what}: no answer within the per-call timeout, and none on retrying", e),
        HttpRequestException or IOException => new StorageException($"{what}: {e.Message}", e),
        _ => null,
    };

    // Status and the service's error code only: the SDK's message repeats request headers, which can include
    // the account name and signed query strings.
    private static string Describe(RequestFailedException e) => e.Status switch
    {
        0 => $"no answer from storage ({e.InnerException?.Message ?? e.ErrorCode ?? "connection failed"})",
        403 => $"403 {e.ErrorCode}: access denied (check the identity's Storage Blob/Table Data role, or the key)",
        404 => $"404 {e.ErrorCode}: not found",
        409 => $"409 {e.ErrorCode}: conflict",
        412 => $"412 {e.ErrorCode}: a condition was not met (the blob changed)",
        _ => $"{e.Status} {e.ErrorCode}",
    };
}
