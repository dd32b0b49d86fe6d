namespace Pipeline.Storage;

/// <summary>An extract set in a local folder: the embedded default, nothing to start.</summary>
/// <remarks>
/// Only regular files are read. A symbolic link is refused (it could point anywhere: <c>/dev/zero</c>, a file outside the
/// set); and a listed file the file system reports as empty is never opened, because that is also how a FIFO or a device
/// looks (opening a FIFO blocks until something writes to it; a device can read forever), so neither can hold a run.
/// </remarks>
public sealed class LocalFolderExtractSource(string folder) : IExtractSource
{
    public string Location { get; } = Path.GetFullPath(folder);

    public Task<IReadOnlyList<string>> ListFilesAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> names = Directory.Exists(Location)
            ? Directory.EnumerateFiles(Location).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        return Task.FromResult(names);
    }

    /// <exception cref="InvalidDataException">The name is a symbolic link.</exception>
    public Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Location, name);
        var file = new FileInfo(path);
        if (Path.GetFileName(name) != name || !file.Exists)
        {
            return Task.FromResult<Stream?>(null);
        }

        if (file.LinkTarget is not null)
        {
            throw new InvalidDataException("it is a symbolic link; only regular files in the set are read");
        }

        Stream stream = file.Length == 0
            ? new MemoryStream([], writable: false)
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Task.FromResult<Stream?>(stream);
    }
}
