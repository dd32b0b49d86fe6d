using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Storage;

namespace Pipeline.Azure;

/// <summary>One extract set in Blob storage: the blobs directly under <c>extracts/{as_at}/</c>.</summary>
public sealed class BlobExtractSource(AzureStorageAccount account, DateOnly asAt) : IExtractSource
{
    private readonly BlobContainerClient container = account.Container(account.Options.ExtractsContainer);
    private readonly string prefix = asAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "/";

    public string Location => $"{account.Name}/{account.Options.ExtractsContainer}/{prefix}";

    public Task<IReadOnlyList<string>> ListFilesAsync(CancellationToken cancellationToken) =>
        account.Resilience.RunAsync($"listing {Location}", async token =>
        {
            var names = new List<string>();
            await foreach (var item in container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = prefix, Delimiter = "/" }, token))
            {
                if (item.IsBlob)
                {
                    names.Add(item.Blob.Name[prefix.Length..]);
                }
            }

            names.Sort(StringComparer.Ordinal);
            return (IReadOnlyList<string>)names;
        }, cancellationToken);

    public async Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        if (!BlobPaths.IsPlainName(name))
        {
            return null;
        }

        var blob = container.GetBlobClient(prefix + name);
        try
        {
            var properties = await account.Resilience.RunAsync($"reading {Location}{name}",
                async token => (await blob.GetPropertiesAsync(cancellationToken: token)).Value, cancellationToken, e => e.Status == 404);
            return new ChunkedBlobStream(blob, properties.ContentLength, properties.ETag, account.Resilience, account.Options.ReadChunkBytes, $"{Location}{name}");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}

/// <summary>
/// Reads a blob front to back in ranged requests, each one retried on its own, so a dropped connection costs
/// one chunk rather than the whole file; every range is read against the ETag seen when it was opened, so a
/// blob replaced mid-read fails loudly instead of splicing two versions. Memory is one chunk, whatever the size.
/// </summary>
internal sealed class ChunkedBlobStream(BlobClient blob, long length, ETag etag, StorageResilience resilience, int chunkBytes, string what) : Stream
{
    private byte[] chunk = [];
    private int chunkOffset;
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (chunkOffset == chunk.Length)
        {
            if (position >= length)
            {
                return 0;
            }

            chunk = resilience.Run($"reading {what}", token => Download(token), CancellationToken.None);
            chunkOffset = 0;
        }

        return Take(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (chunkOffset == chunk.Length)
        {
            if (position >= length)
            {
                return 0;
            }

            chunk = await resilience.RunAsync($"reading {what}", async token => await DownloadAsync(token), cancellationToken);
            chunkOffset = 0;
        }

        return Take(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Take(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, chunk.Length - chunkOffset);
        chunk.AsSpan(chunkOffset, n).CopyTo(buffer);
        chunkOffset += n;
        position += n;
        return n;
    }

    private BlobDownloadOptions Range() => new()
    {
        Range = new HttpRange(position, Math.Min(chunkBytes, length - position)),
        Conditions = new BlobRequestConditions { IfMatch = etag },
    };

    private byte[] Download(CancellationToken token) => Checked(blob.DownloadContent(Range(), token).Value.Content.ToArray());

    private async Task<byte[]> DownloadAsync(CancellationToken token) => Checked((await blob.DownloadContentAsync(Range(), token)).Value.Content.ToArray());

    private byte[] Checked(byte[] bytes) =>
        bytes.Length > 0 ? bytes : throw new StorageException($"reading {what}: the blob ended at byte {position} of {length}");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
