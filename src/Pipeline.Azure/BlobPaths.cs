namespace Pipeline.Azure;

/// <summary>
/// Maps the core's store paths onto containers and checks every name before it reaches the service: blob
/// names are built only from validated dates, dataset names and run ids, never from extract content.
/// </summary>
internal static class BlobPaths
{
    /// <summary>A file name with nothing that could climb or nest: letters, digits, '.', '_', '-', '='.</summary>
    public static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 200 && name is not "." and not ".." && !name.Contains("..", StringComparison.Ordinal)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '=');

    /// <summary>
    /// <c>published/…</c> and <c>restricted/…</c> go to those containers; anything else at the root (latest.json)
    /// to the published one, beside the aggregates it points at.
    /// </summary>
    public static (string Container, string Blob) Split(string path, AzureStorageOptions options)
    {
        var segments = path.Split('/');
        if (segments.Any(s => !IsPlainName(s)))
        {
            throw new ArgumentException($"'{path}' is not a store path", nameof(path));
        }

        return segments switch
        {
            ["published", .. var rest] when rest.Length > 0 => (options.PublishedContainer, string.Join('/', rest)),
            ["restricted", .. var rest] when rest.Length > 0 => (options.RestrictedContainer, string.Join('/', rest)),
            [var single] => (options.PublishedContainer, single),
            _ => throw new ArgumentException($"'{path}' is not under published/ or restricted/", nameof(path)),
        };
    }

    /// <summary>A folder prefix such as <c>published/dq_issues/</c>: its container and blob-name prefix.</summary>
    public static (string Container, string Prefix) SplitPrefix(string prefix, AzureStorageOptions options)
    {
        var (container, blob) = Split(prefix.TrimEnd('/') + "/x", options);
        return (container, blob[..^1]);
    }

    public static string Join(string container, string blob, AzureStorageOptions options) =>
        container == options.RestrictedContainer ? $"restricted/{blob}" : $"published/{blob}";
}
