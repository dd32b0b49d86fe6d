using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Ingest;

namespace Pipeline.Publish;

public static class RunStatus
{
    public const string Published = "published";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
    public const string Blocked = "blocked";

    /// <summary>Another run held the as_at's writer lock: this one stopped before doing anything.</summary>
    public const string Skipped = "skipped";
}

/// <summary>How a snapshot was made (outputs spec, "Every snapshot says how it was made").</summary>
public sealed record RunManifest
{
    public required string RunId { get; init; }

    public required string Status { get; init; }

    public string? Reason { get; init; }

    public DateOnly? AsAt { get; init; }

    public string? LaCode { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public required string CodeVersion { get; init; }

    public required string ExtractLocation { get; init; }

    public string? ExtractManifestSha256 { get; init; }

    public string? SourceSystem { get; init; }

    public string? SsdVersion { get; init; }

    public string? ExtractedAt { get; init; }

    /// <summary>What the extract set was (the manifest's <c>format</c>): <c>ssd</c>, or the statutory returns it held.</summary>
    public ImmutableArray<string> Formats { get; init; } = [];

    /// <summary>For each table filled from a statutory return, the time it covers (an SSD table covers everything and is not listed).</summary>
    public ImmutableSortedDictionary<string, Extract.TableCoverage> Coverage { get; init; } = ImmutableSortedDictionary<string, Extract.TableCoverage>.Empty;

    public required ImmutableSortedDictionary<string, string> ReferenceVersions { get; init; }

    public required ImmutableArray<FileIngestStats> Files { get; init; }

    public long RowsRead { get; init; }

    public long RowsQuarantined { get; init; }

    public long ValuesCleared { get; init; }

    public int IndicatorValues { get; init; }

    public int DqIssues { get; init; }

    /// <summary>Milliseconds per stage, in the order the stages ran.</summary>
    public required ImmutableArray<StageTiming> Timings { get; init; }

    public required ImmutableArray<string> Warnings { get; init; }

    /// <summary>Dataset name to path relative to the store's root.</summary>
    public required ImmutableSortedDictionary<string, string> Outputs { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static RunManifest? Parse(byte[] json) => JsonSerializer.Deserialize<RunManifest>(json, Json);
}

public sealed record StageTiming(string Stage, long Milliseconds);

/// <summary>The document readers follow to the current snapshot.</summary>
public sealed record LatestDocument
{
    public required DateOnly AsAt { get; init; }

    public required string RunId { get; init; }

    public required string LaCode { get; init; }

    public required DateTimeOffset PublishedAt { get; init; }

    public required ImmutableSortedDictionary<string, string> Files { get; init; }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, RunManifest.Json);

    public static LatestDocument? Parse(byte[] json) => JsonSerializer.Deserialize<LatestDocument>(json, RunManifest.Json);
}
