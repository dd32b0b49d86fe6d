namespace Pipeline.Ingest;

/// <summary>What happened to what was quarantined.</summary>
public static class QuarantineAction
{
    /// <summary>The value was unusable and reads as empty; the rest of the row is used.</summary>
    public const string ValueCleared = "value_cleared";

    /// <summary>The row is not used at all.</summary>
    public const string RowRejected = "row_rejected";

    /// <summary>No row of the file is used; the table is treated as absent.</summary>
    public const string FileRejected = "file_rejected";
}

/// <summary>
/// The ingest's rules. A bad optional value clears only that value (a bad close date should not throw
/// away a referral); a row is rejected only when it cannot be identified or cannot be split into its
/// columns; a file is rejected only when a key column is missing from its header.
/// </summary>
public static class IngestRule
{
    public const string BadDate = "bad_date";
    public const string BadFlag = "bad_flag";
    public const string BadNumber = "bad_number";
    public const string BadJson = "bad_json";
    public const string KeyMissing = "key_missing";
    public const string FieldCount = "field_count";
    public const string MalformedRow = "malformed_row";
    public const string MissingKeyColumn = "missing_key_column";
}

/// <summary>
/// One quarantined thing: a value, a row or a file, with where it was and why. <see cref="Value"/> holds
/// the offending raw value (or, for a rejected row, its readable columns as <c>column=value</c> pairs),
/// truncated; it is never taken from a name column. Quarantine is child-level data and is published only
/// under <c>restricted/</c>.
/// </summary>
public sealed record QuarantineEntry(
    string Table,
    string File,
    long Line,
    string? Column,
    string Rule,
    string Action,
    string Reason,
    string? RecordId,
    string? Value);

/// <summary>What the ingest did with one file: <c>rows read = rows accepted + rows quarantined</c>.</summary>
public sealed record FileIngestStats(
    string Table,
    string File,
    string Status,
    long RowsRead,
    long RowsAccepted,
    long RowsQuarantined,
    long ValuesCleared,
    long BlankLines,
    string Sha256)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string NotRead = "not_read";
}
