using System.Globalization;
using System.Security.Cryptography;

namespace Pipeline.Storage;

/// <summary>Extract sets as folders named by their as_at (<c>2026-10-31/</c>) under one root.</summary>
public sealed class LocalFolderExtractStore(string root) : IExtractStore
{
    public string Location { get; } = Path.GetFullPath(root);

    public async Task<IReadOnlyList<LandedSet>> ListSetsAsync(CancellationToken cancellationToken)
    {
        var sets = new List<LandedSet>();
        if (!Directory.Exists(Location))
        {
            return sets;
        }

        foreach (var folder in Directory.EnumerateDirectories(Location).Order(StringComparer.Ordinal))
        {
            var manifest = Path.Combine(folder, "manifest.json");
            if (DateOnly.TryParseExact(Path.GetFileName(folder), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asAt) && File.Exists(manifest))
            {
                // The manifest's own hash stands in for a blob ETag: it changes when the manifest is written again.
                sets.Add(new LandedSet(asAt, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(manifest, cancellationToken)))[..16]));
            }
        }

        return sets;
    }

    public IExtractSource Open(DateOnly asAt) => new LocalFolderExtractSource(Path.Combine(Location, asAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
}
