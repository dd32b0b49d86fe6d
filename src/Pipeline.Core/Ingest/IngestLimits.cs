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

    /// <summary>Elements nested inside one another in an XML return (<c>max_xml_depth</c>): the CIN census nests six deep.</summary>
    public int MaxXmlDepth { get; init; } = 32;

    /// <summary>
    /// Elements in one record of an XML return (<c>max_xml_record_elements</c>): a CIN census <c>Child</c> or an SSDA903 <c>CHILD</c>, which
    /// is held whole while it is mapped. A child with a long history has a few hundred.
    /// </summary>
    public int MaxXmlRecordElements { get; init; } = 65_536;

    /// <summary>Bytes of a workbook (<c>max_workbook_bytes</c>), as stored (compressed): Annex A for a large council is a few megabytes.</summary>
    public int MaxWorkbookBytes { get; init; } = 268_435_456;

    /// <summary>Entries in a workbook's zip (<c>max_zip_entries</c>): an Annex A workbook has a few dozen.</summary>
    public int MaxZipEntries { get; init; } = 1_000;

    /// <summary>Bytes one entry of a workbook may inflate to (<c>max_zip_entry_bytes</c>).</summary>
    public int MaxZipEntryBytes { get; init; } = 1_073_741_824;

    /// <summary>How many times its stored size an entry may inflate to (<c>max_zip_ratio</c>): worksheets compress about 10 to 1; a zip bomb, thousands.</summary>
    public int MaxZipRatio { get; init; } = 200;

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
        "max_xml_depth" => this with { MaxXmlDepth = value },
        "max_xml_record_elements" => this with { MaxXmlRecordElements = value },
        "max_workbook_bytes" => this with { MaxWorkbookBytes = value },
        "max_zip_entries" => this with { MaxZipEntries = value },
        "max_zip_entry_bytes" => this with { MaxZipEntryBytes = value },
        "max_zip_ratio" => this with { MaxZipRatio = value },
        _ => null,
    };

    private static IReadOnlyList<(string, int, string)> Describe(IngestLimits d) =>
    [
        ("max_field_chars", d.MaxFieldChars, "characters in one CSV field; a longer one makes its row malformed (quarantined)"),
        ("max_record_chars", d.MaxRecordChars, "characters in one CSV record (line); the rest is not read and the row is malformed"),
        ("max_fields_per_row", d.MaxFieldsPerRow, "fields in one CSV record; the rest are not read and the row is malformed"),
        ("max_manifest_bytes", d.MaxManifestBytes, "bytes of manifest.json; a larger one rejects the set unread"),
        ("max_manifest_files", d.MaxManifestFiles, "entries in the manifest's file list; more reject the set"),
        ("max_xml_depth", d.MaxXmlDepth, "elements nested in one another in an XML return; deeper rejects the set (the file cannot be a return)"),
        ("max_xml_record_elements", d.MaxXmlRecordElements, "elements in one child of an XML return (CIN census Child, SSDA903 CHILD); more quarantines the child, unread"),
        ("max_workbook_bytes", d.MaxWorkbookBytes, "bytes of an Annex A workbook as stored; a larger one rejects the set unread"),
        ("max_zip_entries", d.MaxZipEntries, "entries in a workbook's zip; more rejects the set before any is opened"),
        ("max_zip_entry_bytes", d.MaxZipEntryBytes, "bytes one workbook entry may inflate to; more rejects the set, reading stopped there"),
        ("max_zip_ratio", d.MaxZipRatio, "times its stored size a workbook entry may inflate to (a zip bomb inflates thousands of times); more rejects the set"),
    ];
}

/// <summary>What the ingest needs besides the set: its limits, and the clock the as_at is judged against.</summary>
public sealed record IngestOptions
{
    public IngestLimits Limits { get; init; } = new();

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// The memory files may be read in beside what is already in use: null for what the GC may use (the machine's, or a
    /// host's heap limit). It decides only how many files are read at once, never what is read.
    /// </summary>
    public long? ReadingMemory { get; init; }

    public static IngestOptions Default { get; } = new();
}
