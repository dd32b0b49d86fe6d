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
/// The ingest's rules. A bad or implausible optional value clears only that value (a bad close date should not
/// throw away a referral); a row is rejected only when it cannot be identified or cannot be split into its
/// columns; a file is rejected only when its header cannot be trusted or lacks a key column.
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

    /// <summary>A value outside what is plausible (an FTE of 1e300, a birth 200 years before as_at).</summary>
    public const string OutOfRange = "out_of_range";

    /// <summary>Bytes that are not UTF-8: the value is not guessed at (a replaced byte in an id would make a different id).</summary>
    public const string BadEncoding = "bad_encoding";

    /// <summary>A header naming a column twice, or (in a table holding names) a column the SSD does not have where one it does should be.</summary>
    public const string BadHeader = "bad_header";

    /// <summary>Every rule, what it catches and what happens to the rest, in the order the documentation lists them.</summary>
    public static readonly IReadOnlyList<(string Rule, string Action, string Meaning)> All =
    [
        (BadDate, QuarantineAction.ValueCleared, "a date that is not yyyy-MM-dd, yyyy-MM-ddTHH:mm:ss[.fff], yyyy-MM-dd HH:mm:ss[.fff] or dd/MM/yyyy, or is not a real day"),
        (BadFlag, QuarantineAction.ValueCleared, "a flag that is not Y/N, Yes/No, 1/0 or true/false"),
        (BadNumber, QuarantineAction.ValueCleared, "a number that does not parse, or is not finite"),
        (BadJson, QuarantineAction.ValueCleared, "an *_outcome_json value that is not an object of flags"),
        (OutOfRange, QuarantineAction.ValueCleared, "a number or a date of birth outside what is plausible (see the plausible ranges below)"),
        (BadEncoding, QuarantineAction.ValueCleared, "a value holding bytes that are not UTF-8; in a key column the row is rejected instead"),
        (KeyMissing, QuarantineAction.RowRejected, "an empty table id or person id: the row cannot be identified"),
        (FieldCount, QuarantineAction.RowRejected, "a row with more or fewer fields than the header"),
        (MalformedRow, QuarantineAction.RowRejected, "broken quoting, or a row beyond a record limit (characters, characters in a field, fields)"),
        (MissingKeyColumn, QuarantineAction.FileRejected, "a key column missing from the header, or no header at all: the table is treated as absent"),
        (BadHeader, QuarantineAction.FileRejected, "a header naming a column twice, a malformed header, or (in a table holding names) a column the SSD does not have "
            + "standing where one it does should be: the table is treated as absent"),
    ];
}

/// <summary>How a quarantined value is kept.</summary>
public static class QuarantineValue
{
    /// <summary>
    /// A value's shape, never its characters: its length and the kinds of character in it (e.g. "9 characters: capital
    /// letters, small letters"). What a table holding names keeps of a quarantined value, so that a surname under a
    /// relabelled header is never written down, while the data team can still see what kind of thing was there.
    /// </summary>
    public static string Shape(ReadOnlySpan<char> raw)
    {
        var value = raw.Trim();
        if (value.IsEmpty)
        {
            return "empty";
        }

        bool upper = false, lower = false, digit = false, space = false, punctuation = false, other = false;
        foreach (var c in value)
        {
            upper |= char.IsUpper(c);
            lower |= char.IsLower(c);
            digit |= char.IsDigit(c);
            space |= char.IsWhiteSpace(c);
            punctuation |= char.IsPunctuation(c) || char.IsSymbol(c);
            other |= !(char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c)) || (char.IsLetter(c) && !char.IsUpper(c) && !char.IsLower(c));
        }

        var kinds = new List<string>(6);
        if (upper) kinds.Add("capital letters");
        if (lower) kinds.Add("small letters");
        if (digit) kinds.Add("digits");
        if (space) kinds.Add("spaces");
        if (punctuation) kinds.Add("punctuation");
        if (other) kinds.Add("other characters");
        return $"{value.Length} character{(value.Length == 1 ? "" : "s")}: {string.Join(", ", kinds)}";
    }
}

/// <summary>
/// One quarantined thing: a value, a row or a file, with where it was and why. <see cref="Value"/> holds
/// the offending raw value (or, for a rejected row, its readable columns as <c>column=value</c> pairs),
/// truncated; it is never taken from a name column, and in a table holding names it is only the value's shape
/// (<see cref="QuarantineValue.Shape"/>). Quarantine is child-level data and is published only under <c>restricted/</c>.
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
    string Sha256,
    string? Reason = null)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string NotRead = "not_read";

    /// <summary>Listed in the manifest but not reached: the set was rejected at an earlier file.</summary>
    public const string Skipped = "skipped";
}
