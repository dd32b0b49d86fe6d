using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Pipeline.Publish;
using Pipeline.Storage;

namespace Pipeline.Azure;

/// <summary>
/// Snapshots in Blob storage. A run's own files are created only if absent; the BI partitions are replaced whole
/// (one Put Blob: readers see the old or the new file); latest.json is swapped with If-Match on the ETag read when
/// the run started; an as_at is written by one run at a time under a blob lease.
/// </summary>
public sealed class BlobSnapshotStore(AzureStorageAccount account) : ISnapshotStore
{
    private readonly AzureStorageOptions options = account.Options;

    public string Location => $"{account.Name}/{options.PublishedContainer}+{options.RestrictedContainer}";

    public async Task CreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var (container, name) = BlobPaths.Split(path, options);
        var blob = account.Container(container).GetBlobClient(name);
        try
        {
            await account.Resilience.RunAsync($"writing {path}", async token =>
                await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, token),
                cancellationToken, e => e.Status == 409);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A retried create whose first attempt landed before its answer was lost finds its own bytes: that is success.
            var existing = await account.DownloadOrNullAsync(container, name, cancellationToken);
            if (existing is null || !existing.AsSpan().SequenceEqual(content.Span))
            {
                throw new StorageException($"writing {path}: it already exists with other content; a run never overwrites what a run wrote", e);
            }
        }
    }

    public Task ReplaceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var (container, name) = BlobPaths.Split(path, options);
        var blob = account.Container(container).GetBlobClient(name);
        return account.Resilience.RunAsync($"replacing {path}", async token =>
            await blob.UploadAsync(BinaryData.FromBytes(content), overwrite: true, token), cancellationToken);
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var (container, name) = BlobPaths.Split(path, options);
        var blob = account.Container(container).GetBlobClient(name);
        return account.Resilience.RunAsync($"deleting {path}", async token =>
            await blob.DeleteIfExistsAsync(cancellationToken: token), cancellationToken);
    }

    public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var (container, name) = BlobPaths.Split(path, options);
        return account.DownloadOrNullAsync(container, name, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var (container, blobPrefix) = BlobPaths.SplitPrefix(prefix, options);
        return account.Resilience.RunAsync($"listing {prefix}", async token =>
        {
            var paths = new List<string>();
            await foreach (var blob in account.Container(container).GetBlobsAsync(new GetBlobsOptions { Prefix = blobPrefix }, token))
            {
                paths.Add(BlobPaths.Join(container, blob.Name, options));
            }

            paths.Sort(StringComparer.Ordinal);
            return (IReadOnlyList<string>)paths;
        }, cancellationToken);
    }

    public async Task<LatestPointer?> ReadLatestAsync(CancellationToken cancellationToken) =>
        await account.DownloadWithETagAsync(options.PublishedContainer, SnapshotLayout.Latest, cancellationToken) is { } latest
            ? new LatestPointer(latest.Content, latest.ETag.ToString())
            : null;

    public async Task<bool> SwapLatestAsync(ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken)
    {
        var blob = account.Container(options.PublishedContainer).GetBlobClient(SnapshotLayout.Latest);
        var conditions = expectedETag is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(expectedETag) };
        try
        {
            await account.Resilience.RunAsync("swapping latest.json", async token =>
                await blob.UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions { Conditions = conditions }, token),
                cancellationToken, e => e.Status is 409 or 412);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Either another run swapped it first (lost: report, never overwrite), or this run's own earlier attempt
            // landed and only its answer was lost (then latest.json already holds exactly these bytes).
            var current = await account.DownloadOrNullAsync(options.PublishedContainer, SnapshotLayout.Latest, cancellationToken);
            return current is not null && current.AsSpan().SequenceEqual(content.Span);
        }
    }

    public async Task<IWriterLock?> TryLockAsync(DateOnly asAt, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"_locks/as_at={asAt:yyyy-MM-dd}");
        var blob = account.Container(options.PublishedContainer).GetBlobClient(name);
        try
        {
            await account.Resilience.RunAsync($"creating the lock blob for {asAt:yyyy-MM-dd}", async token =>
                await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, token),
                cancellationToken, e => e.Status is 409 or 412);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // It exists (412 when it is leased right now): both mean carry on and try for the lease.
        }

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await account.Resilience.RunAsync($"leasing as_at {asAt:yyyy-MM-dd}", async token =>
                await lease.AcquireAsync(options.LeaseDuration, cancellationToken: token), cancellationToken, e => e.Status == 409);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }

        return new BlobLeaseLock(lease, account.Resilience, options);
    }

    /// <summary>A lease renewed at a third of its duration until released; if a renewal fails, <see cref="Lost"/> fires.</summary>
    private sealed class BlobLeaseLock : IWriterLock
    {
        private readonly BlobLeaseClient lease;
        private readonly StorageResilience resilience;
        private readonly CancellationTokenSource lost = new();
        private readonly CancellationTokenSource stop = new();
        private readonly Task renewing;

        public BlobLeaseLock(BlobLeaseClient lease, StorageResilience resilience, AzureStorageOptions options)
        {
            this.lease = lease;
            this.resilience = resilience;
            renewing = RenewAsync(options.LeaseDuration / 3, options.TimeProvider);
        }

        public CancellationToken Lost => lost.Token;

        private async Task RenewAsync(TimeSpan every, TimeProvider clock)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(every, clock, stop.Token);
                    await resilience.RunAsync("renewing the as_at lease", async token => await lease.RenewAsync(cancellationToken: token), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (StorageException)
            {
                await lost.CancelAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await renewing;
            try
            {
                await resilience.RunAsync("releasing the as_at lease", async token => await lease.ReleaseAsync(cancellationToken: token), CancellationToken.None);
            }
            catch (StorageException)
            {
                // The lease expires on its own within its duration; the next run for this as_at waits at most that long.
            }

            lost.Dispose();
            stop.Dispose();
        }
    }
}
