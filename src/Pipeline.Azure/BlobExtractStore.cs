using System.Globalization;
using Azure.Storage.Blobs.Models;
using Pipeline.Storage;

namespace Pipeline.Azure;

/// <summary>The <c>extracts</c> container: a set per <c>{as_at}/</c> prefix, complete once its manifest has landed.</summary>
public sealed class BlobExtractStore(AzureStorageAccount account) : IExtractStore
{
    public string Location => $"{account.Name}/{account.Options.ExtractsContainer}";

    public Task<IReadOnlyList<LandedSet>> ListSetsAsync(CancellationToken cancellationToken)
    {
        var container = account.Container(account.Options.ExtractsContainer);
        return account.Resilience.RunAsync("listing extract sets", async token =>
        {
            var sets = new SortedDictionary<DateOnly, LandedSet>();
            await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions(), token))
            {
                var slash = blob.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash == 10 && blob.Name.AsSpan(slash + 1).SequenceEqual("manifest.json")
                    && DateOnly.TryParseExact(blob.Name.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asAt))
                {
                    sets[asAt] = new LandedSet(asAt, blob.Properties.ETag?.ToString() ?? "");
                }
            }

            return (IReadOnlyList<LandedSet>)[.. sets.Values];
        }, cancellationToken);
    }

    public IExtractSource Open(DateOnly asAt) => account.ExtractSet(asAt);
}
