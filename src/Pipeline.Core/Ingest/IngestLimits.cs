using Pipeline.Ingest.Csv;

namespace Pipeline.Ingest;

/// <summary>
/// Bounds on what one extract set can make the ingest hold, so that memory and time stay within a night's budget whatever a
/// file holds (a line of a million commas, a manifest of a hundred thousand entries, a gzip that inflates to gigabytes).
/// Each is a setting (<c>settings.csv</c> in the reference data, key in brackets) with a default far above what an SSD
/// export needs. A record beyond a record limit is quarantined as malformed; a manifest beyond its limits rejects the set;
/// a file with more rows than its manifest entry says is rejected at the first extra row, before it is read further.
/// </summary>
public sealed record IngestLimits
{
    /// <summary>Characters in one field (<c>max_field_chars</c>): the longest SSD value, a JSON plan, is a few hundred.</summary>
    public int MaxFieldChars { get; init; } = 32_768;

    /// <summary>Characters in one record, i.e. one line (<c>max_record_chars</c>).</summary>
    public int MaxRecordChars { get; init; } = 1_048_576;

    /// <summary>Fields in one record (<c>max_fields_per_row</c>): the widest SSD table has a few dozen columns.</summary>
    public int MaxFieldsPerRow { get; init; } = 1_024;

    /// <summary>Bytes of <c>manifest.json</c> (<c>max_manifest_bytes</c>): a manifest of every SSD table is about 10 KB.</summary>
    public int MaxManifestBytes { get; init; } = 1_048_576;

    /// <summary>Entries in the manifest's file list (<c>max_manifest_files</c>): the SSD has about 45 tables.</summary>
    public int MaxManifestFiles { get; init; } = 500;

    public CsvLimits Csv => new(MaxRecordChars, MaxFieldChars, MaxFieldsPerRow);

    /// <summary>The settings.csv keys, with their defaults and meaning, as the documentation lists them.</summary>
    public static IReadOnlyList<(string Key, int Default, string Meaning)> Keys { get; } = Describe(new IngestLimits());

    /// <summary>These limits with setting <paramref name="key"/> changed, or null when it is not one of them.</summary>
    public IngestLimits? With(string key, int value) => key switch
    {
        "max_field_chars" => this with { MaxFieldChars = value },
        "max_record_chars" => this with { MaxRecordChars = value },
        "max_fields_per_row" => this with { MaxFieldsPerRow = value },
        "max_manifest_bytes" => this with { MaxManifestBytes = value },
        "max_manifest_files" => this with { MaxManifestFiles = value },
        _ => null,
    };

    private static IReadOnlyList<(string, int, string)> Describe(IngestLimits d) =>
    [
        ("max_field_chars", d.MaxFieldChars, "characters in one CSV field; a longer one makes its row malformed (quarantined)"),
        ("max_record_chars", d.MaxRecordChars, "characters in one CSV record (line); the rest is not read and the row is malformed"),
        ("max_fields_per_row", d.MaxFieldsPerRow, "fields in one CSV record; the rest are not read and the row is malformed"),
        ("max_manifest_bytes", d.MaxManifestBytes, "bytes of manifest.json; a larger one rejects the set unread"),
        ("max_manifest_files", d.MaxManifestFiles, "entries in the manifest's file list; more reject the set"),
    ];
}

/// <summary>What the ingest needs besides the set: its limits, and the clock the as_at is judged against.</summary>
public sealed record IngestOptions
{
    public IngestLimits Limits { get; init; } = new();

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public static IngestOptions Default { get; } = new();
}
