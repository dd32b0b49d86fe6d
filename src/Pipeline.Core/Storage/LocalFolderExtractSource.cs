namespace Pipeline.Storage;

/// <summary>An extract set in a local folder: the embedded default, nothing to start.</summary>
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

    public Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Location, name);
        Stream? stream = Path.GetFileName(name) == name && File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan)
            : null;
        return Task.FromResult(stream);
    }
}
