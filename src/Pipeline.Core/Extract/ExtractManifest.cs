using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Pipeline.Reference;

namespace Pipeline.Extract;

public sealed record ManifestFile(string Name, long Rows, string Sha256)
{
    /// <summary>The format the entry says the file is (<c>"format"</c>), when it says; otherwise the ingest tells by the name.</summary>
    public ExtractFormat? Format { get; init; }

    /// <summary>For a statutory return's file, the collection year the entry says it is (<c>"collection_year"</c>), when it says.</summary>
    public CollectionYear? CollectionYear { get; init; }

    /// <summary>The SSD table the file holds: its name without <c>.csv</c> or <c>.csv.gz</c>.</summary>
    public string Table => TableOf(Name);

    public bool IsGzip => Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    public static string TableOf(string fileName)
    {
        var name = fileName;
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        return (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name).ToLowerInvariant();
    }
}

/// <summary>The extract set's <c>manifest.json</c>: what the exporter says it uploaded.</summary>
public sealed record ExtractManifest(
    string LaCode,
    string SourceSystem,
    string SsdVersion,
    DateOnly AsAt,
    string ExtractedAt,
    ImmutableArray<ManifestFile> Files,
    string Sha256)
{
    /// <summary>What the set's files are (<c>"format"</c>: one name or an array; <c>ssd</c> when absent).</summary>
    public ImmutableArray<ExtractFormat> Formats { get; init; } = [ExtractFormat.Ssd];

    /// <summary>
    /// For a set of statutory returns, the collection year its current files are (<c>"collection_year"</c>, e.g. <c>2026-27</c>);
    /// when absent, the year containing as_at (a return run in-year, as councils run them monthly).
    /// </summary>
    public CollectionYear? CollectionYear { get; init; }

    /// <summary>The collection year of the set's current statutory files.</summary>
    public CollectionYear Year => CollectionYear ?? Reference.CollectionYear.Of(AsAt);

    /// <summary>Entries a manifest may list unless the deployment says otherwise (see <c>IngestLimits.MaxManifestFiles</c>).</summary>
    public const int DefaultMaxFiles = 500;

    /// <summary>
    /// Parses a manifest in one pass over its entries (a set of names, so a long list costs linear time); a
    /// <see cref="FormatException"/> names the first thing wrong with it, quoting at most a short stretch of any value.
    /// </summary>
    public static ExtractManifest Parse(byte[] json, int maxFiles = DefaultMaxFiles)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"manifest.json is not valid JSON ({e.Message})", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("manifest.json is not a JSON object");
            }

            var laCode = RequiredString(root, "la_code");
            if (!IsSafeId(laCode))
            {
                throw new FormatException("manifest la_code may hold only letters, digits, '-' and '_'");
            }

            var asAtText = RequiredString(root, "as_at");
            if (!DateOnly.TryParseExact(asAtText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asAt))
            {
                throw new FormatException($"manifest as_at '{Clip(asAtText)}' is not a yyyy-MM-dd date");
            }

            if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("manifest has no 'files' array");
            }

            if (files.GetArrayLength() > maxFiles)
            {
                throw new FormatException($"manifest lists {files.GetArrayLength():N0} files, more than the {maxFiles:N0} a set may hold (setting max_manifest_files)");
            }

            var listed = ImmutableArray.CreateBuilder<ManifestFile>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in files.EnumerateArray())
            {
                var name = RequiredString(file, "name");
                if (name.Length > 255 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.StartsWith('.')
                    || name.Any(char.IsControl))
                {
                    throw new FormatException($"manifest file name '{Clip(name)}' is not a plain file name");
                }

                if (!file.TryGetProperty("rows", out var rows) || !rows.TryGetInt64(out var rowCount) || rowCount < 0)
                {
                    throw new FormatException($"manifest entry for {Clip(name)} has no valid 'rows'");
                }

                var sha = RequiredString(file, "sha256").ToLowerInvariant();
                if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
                {
                    throw new FormatException($"manifest entry for {Clip(name)} has no valid 'sha256'");
                }

                if (!names.Add(name))
                {
                    throw new FormatException($"manifest lists {Clip(name)} twice");
                }

                listed.Add(new ManifestFile(name, rowCount, sha)
                {
                    Format = OptionalString(file, "format") is { } format ? ParseFormat(format) : null,
                    CollectionYear = OptionalString(file, "collection_year") is { } year ? ParseYear(year, $"manifest entry for {Clip(name)}") : null,
                });
            }

            var formats = ParseFormats(root);
            foreach (var entry in listed.Where(f => f.Format is { } format && !formats.Contains(format)))
            {
                throw new FormatException($"manifest entry for {Clip(entry.Name)} says it is {entry.Format!.Value.Name()}, which the set's format ({string.Join(", ", formats.Select(f => f.Name()))}) does not include");
            }

            return new ExtractManifest(
                laCode,
                OptionalString(root, "source_system") ?? "",
                OptionalString(root, "ssd_version") ?? "",
                asAt,
                OptionalString(root, "extracted_at") ?? "",
                listed.ToImmutable(),
                Convert.ToHexStringLower(SHA256.HashData(json)))
            {
                Formats = formats,
                CollectionYear = OptionalString(root, "collection_year") is { } setYear ? ParseYear(setYear, "manifest") : null,
            };
        }
    }

    // "format": "ssda903" or ["ssda903", "cin_census"]; the SSD is never combined with a return (both would fill the same tables).
    private static ImmutableArray<ExtractFormat> ParseFormats(JsonElement root)
    {
        if (!root.TryGetProperty("format", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [ExtractFormat.Ssd];
        }

        var names = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) => value.EnumerateArray().Select(v => v.GetString()!).ToList(),
            _ => throw new FormatException("manifest format must be a format name or an array of them"),
        };
        if (names.Count is 0 or > 8)
        {
            throw new FormatException("manifest format must name at least one format");
        }

        var formats = names.Select(ParseFormat).ToList();
        if (formats.Distinct().Count() != formats.Count)
        {
            throw new FormatException("manifest format names a format twice");
        }

        if (formats.Contains(ExtractFormat.Ssd) && formats.Count > 1)
        {
            throw new FormatException("manifest format ssd cannot be combined with a statutory return: both fill the same tables");
        }

        return [.. ExtractFormats.All.Where(formats.Contains)];
    }

    private static ExtractFormat ParseFormat(string name) => ExtractFormats.Parse(name)
        ?? throw new FormatException($"manifest format '{Clip(name)}' is not one of {string.Join(", ", ExtractFormats.All.Select(f => f.Name()))}");

    private static CollectionYear ParseYear(string text, string where)
    {
        try
        {
            return Reference.CollectionYear.Parse(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"{where} collection_year '{Clip(text)}' is not a collection year such as 2025-26");
        }
    }

    /// <summary>At most a short stretch of a value from the manifest, for a message that stays one readable line.</summary>
    public static string Clip(string value) => value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 80), "…");

    private static bool IsSafeId(string value) =>
        value.Length is > 0 and <= 32 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string RequiredString(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new FormatException($"manifest has no '{name}'");

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : null;
}
