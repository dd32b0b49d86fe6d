using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Pipeline.Extract;
using Pipeline.Ingest;

namespace Pipeline.Azure;

/// <summary>What landing did with each file.</summary>
public sealed record LandingResult(DateOnly? AsAt, IReadOnlyList<string> Uploaded, IReadOnlyList<string> AlreadyThere);

/// <summary>
/// Puts a local extract set (or reference folder) into the account the way an exporter would: write-once
/// (create-if-absent), the manifest last so that anything watching for it sees a complete set. A file already
/// landed with the same bytes is left alone; one with other bytes is refused, never overwritten.
/// </summary>
public static class ExtractLanding
{
    public static async Task<LandingResult> LandExtractAsync(AzureStorageAccount account, string folder, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(folder, ExtractIngestor.ManifestName);
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"no {ExtractIngestor.ManifestName} in {folder}: not an extract set");
        }

        // Read as a run reads it (size and entry limits, as_at rules), so a set the pipeline would refuse is not landed.
        var (manifest, error) = await ExtractIngestor.ReadManifestAsync(new Storage.LocalFolderExtractSource(folder), cancellationToken: cancellationToken);
        if (manifest is null)
        {
            throw new FormatException($"{folder}: {error}");
        }

        var prefix = manifest.AsAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "/";
        var names = Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => n != ExtractIngestor.ManifestName && BlobPaths.IsPlainName(n))
            .Order(StringComparer.Ordinal)
            .Append(ExtractIngestor.ManifestName);
        var result = await LandAsync(account, account.Options.ExtractsContainer, prefix, folder, names, cancellationToken);
        return result with { AsAt = manifest.AsAt };
    }

    public static Task<LandingResult> LandReferenceAsync(AzureStorageAccount account, string folder, CancellationToken cancellationToken) =>
        LandAsync(account, account.Options.ReferenceContainer, "", folder,
            Reference.ReferenceData.FileNames.Where(n => File.Exists(Path.Combine(folder, n))), cancellationToken);

    private static async Task<LandingResult> LandAsync(AzureStorageAccount account, string containerName, string prefix, string folder,
        IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var container = account.Container(containerName);
        await account.Resilience.RunAsync($"creating container {containerName}", async token => await container.CreateIfNotExistsAsync(cancellationToken: token), cancellationToken);
        var uploaded = new List<string>();
        var already = new List<string>();
        foreach (var name in names)
        {
            var path = Path.Combine(folder, name);
            var blob = container.GetBlobClient(prefix + name);
            try
            {
                await account.Resilience.RunAsync($"landing {containerName}/{prefix}{name}", async token =>
                {
                    // Reopened on every attempt: a retry re-sends the file from its start.
                    await using var file = File.OpenRead(path);
                    await blob.UploadAsync(file, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, token);
                }, cancellationToken, e => e.Status == 409);
                uploaded.Add(name);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                if (!await SameBytesAsync(account, blob, path, cancellationToken))
                {
                    throw new StorageException($"{containerName}/{prefix}{name} has already landed with other content; landing is write-once, so it was not replaced", e);
                }

                already.Add(name);
            }
        }

        return new LandingResult(null, uploaded, already);
    }

    private static async Task<bool> SameBytesAsync(AzureStorageAccount account, global::Azure.Storage.Blobs.BlobClient blob, string path, CancellationToken cancellationToken)
    {
        byte[] local;
        await using (var file = File.OpenRead(path))
        {
            local = await SHA256.HashDataAsync(file, cancellationToken);
        }

        return await account.Resilience.RunAsync($"checking {blob.Name}", async token =>
        {
            await using var remote = await blob.OpenReadAsync(cancellationToken: token);
            return (await SHA256.HashDataAsync(remote, token)).AsSpan().SequenceEqual(local);
        }, cancellationToken);
    }
}
