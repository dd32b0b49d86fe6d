namespace Pipeline.Storage;

/// <summary>Where one extract set is read from: a local folder or a blob prefix.</summary>
public interface IExtractSource
{
    /// <summary>Where the set is, for messages (never includes secrets).</summary>
    string Location { get; }

    /// <summary>The names of the files directly in the set (not in sub-folders).</summary>
    Task<IReadOnlyList<string>> ListFilesAsync(CancellationToken cancellationToken);

    /// <summary>Opens a file of the set for reading, or returns null when it is not there.</summary>
    Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken);
}
