using System.Security.Cryptography;

namespace Pipeline.Storage;

/// <summary>
/// Snapshots in a local folder: the embedded default. Files are written to a temporary file in <c>.tmp/</c> (on the
/// same file system, outside every folder a reader lists) and renamed into place, so a reader never sees half a file,
/// and a run killed mid-write leaves nothing in a BI folder.
/// </summary>
/// <remarks>
/// NOTE: the conditional swap of latest.json compares a content hash and renames under a process-wide lock;
/// it guards against runs in this process and a stale pointer, not against another process racing in the
/// same instant. Concurrent writers are what the Azure store (blob ETags and leases) is for.
/// </remarks>
public sealed class LocalFolderSnapshotStore(string root) : ISnapshotStore
{
    public const string LatestName = "latest.json";

    /// <summary>Where files are written before being renamed into place; never listed, never read.</summary>
    public const string TemporaryFolder = ".tmp";

    private static readonly Lock SwapLock = new();

    public string Location { get; } = Path.GetFullPath(root);

    public async Task CreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var target = Resolve(path);
        if (File.Exists(target))
        {
            throw new IOException($"{path} already exists; a run never overwrites what a run wrote");
        }

        await WriteAtomicallyAsync(target, content, overwrite: false, cancellationToken);
    }

    public Task ReplaceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(Resolve(path), content, overwrite: true, cancellationToken);

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        // Unlinking is atomic: a reader that has the file open keeps reading the old bytes.
        File.Delete(Resolve(path));
        return Task.CompletedTask;
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var target = Resolve(path);
        return File.Exists(target) ? await File.ReadAllBytesAsync(target, cancellationToken) : null;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var folder = Resolve(prefix.TrimEnd('/') + "/.");
        IReadOnlyList<string> paths = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Location, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        return Task.FromResult(paths);
    }

    public async Task<LatestPointer?> ReadLatestAsync(CancellationToken cancellationToken)
    {
        var content = await ReadAsync(LatestName, cancellationToken);
        return content is null ? null : new LatestPointer(content, ETagOf(content));
    }

    public async Task<bool> SwapLatestAsync(ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken)
    {
        var target = Resolve(LatestName);
        var temporary = await WriteTemporaryAsync(content, cancellationToken);
        lock (SwapLock)
        {
            string? current = File.Exists(target) ? ETagOf(File.ReadAllBytes(target)) : null;
            if (current != expectedETag)
            {
                File.Delete(temporary);
                return false;
            }

            File.Move(temporary, target, overwrite: true);
            return true;
        }
    }

    public Task<IWriterLock?> TryLockAsync(DateOnly asAt, CancellationToken cancellationToken)
    {
        var path = Resolve(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"locks/as_at={asAt:yyyy-MM-dd}.lock"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // NOTE: FileShare.None is an OS lock (flock on Linux), so it also holds against other processes; the file
            // is left in place when released, because deleting it would let a waiting opener lock a stale inode.
            var handle = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return Task.FromResult<IWriterLock?>(new FileLock(handle));
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            return Task.FromResult<IWriterLock?>(null);
        }
    }

    /// <summary>
    /// Whether opening the lock file failed because another process holds it, rather than because the folder cannot be
    /// written (read-only, full, gone): only the first is a clean "someone else is publishing".
    /// </summary>
    /// <remarks>NOTE: .NET reports flock's EWOULDBLOCK (11 on Linux) as the IOException's HResult on Unix, and a sharing
    /// violation (0x80070020) on Windows.</remarks>
    internal static bool IsHeldByAnother(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020);

    private sealed class FileLock(FileStream handle) : IWriterLock
    {
        public CancellationToken Lost => CancellationToken.None;

        public ValueTask DisposeAsync() => handle.DisposeAsync();
    }

    private static string ETagOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private string Resolve(string path)
    {
        var full = Path.GetFullPath(Path.Combine(Location, path));
        if (!full.StartsWith(Location + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is outside the snapshot store", nameof(path));
        }

        return full;
    }

    private async Task WriteAtomicallyAsync(string target, ReadOnlyMemory<byte> content, bool overwrite, CancellationToken cancellationToken)
    {
        var temporary = await WriteTemporaryAsync(content, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(temporary, target, overwrite);
        }
        catch (IOException)
        {
            File.Delete(temporary);
            throw;
        }
    }

    private async Task<string> WriteTemporaryAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Location, TemporaryFolder);
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $"{Guid.NewGuid():N}.tmp");
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            await stream.WriteAsync(content, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        return temporary;
    }
}
