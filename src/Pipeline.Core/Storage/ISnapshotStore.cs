namespace Pipeline.Storage;

/// <summary>The current <c>latest.json</c> and a tag to swap it conditionally against.</summary>
public sealed record LatestPointer(byte[] Content, string ETag);

/// <summary>
/// Where snapshots are published: a local folder or a storage account. Paths are relative, '/'-separated
/// and built only by <see cref="Publish.SnapshotLayout"/> from validated dates and ids.
/// </summary>
public interface ISnapshotStore
{
    string Location { get; }

    /// <summary>Writes a file that must not exist yet (a run's own files are written once).</summary>
    Task CreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Replaces a file whole, so a reader sees the old or the new content, never a mix.</summary>
    Task ReplaceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Removes a file if it is there (a BI partition being replaced by another run's); a no-op when it is not.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken);

    /// <summary>Paths of the files under <paramref name="prefix"/> (a folder path ending in '/'), in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);

    Task<LatestPointer?> ReadLatestAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Replaces <c>latest.json</c> only if it still carries <paramref name="expectedETag"/> (null: only if
    /// there is none). Returns false when another run swapped it first.
    /// </summary>
    Task<bool> SwapLatestAsync(ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the writer lock for <paramref name="asAt"/>, or returns null at once when another run holds it. Any other
    /// failure (a read-only folder, storage refusing the call) throws: it is a storage error, never "held".
    /// </summary>
    Task<IWriterLock?> TryLockAsync(DateOnly asAt, CancellationToken cancellationToken);
}
