using System.Globalization;
using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Reference;

namespace Pipeline.Returns;

/// <summary>
/// One file of a statutory return as it is read: its counts (<c>rows read = rows accepted + rows quarantined</c>, as for every file)
/// and the one place its records' values become SSD values, quarantining what cannot.
/// </summary>
public sealed class ReturnFile(ReturnSet set, ExtractFormat format, ManifestFile listed, string label, CollectionYear? year)
{
    private const int MaxQuarantinedValueLength = 200;

    public ReturnSet Set => set;

    public ExtractFormat Format => format;

    public ReturnFormat Declaration { get; } = ReturnFormats.Of(format);

    public ManifestFile Listed => listed;

    /// <summary>How the file is named in the run's counts (<see cref="FileIngestStats.Table"/>): its format and part, and its year when not the set's.</summary>
    public string Label => label;

    public CollectionYear? Year => year;

    public long RowsRead { get; private set; }

    public long RowsRejected { get; private set; }

    public long ValuesCleared { get; private set; }

    /// <summary>Set when the file has more rows than its manifest entry lists: reading stopped at the first one beyond.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Counts a row; false (and nothing more is read) when it is one beyond the manifest's count.</summary>
    public bool NextRow()
    {
        if (RowsRead == listed.Rows)
        {
            Overflowed = true;
            return false;
        }

        RowsRead++;
        return true;
    }

    /// <summary>Quarantines a whole row (it is not used), naming the table it would have filled.</summary>
    public void RejectRow(string table, SourceLocation at, string? column, string rule, string reason, string? recordId, string? value = null)
    {
        RowsRejected++;
        set.Quarantine.Add(new QuarantineEntry(table, listed.Name, at.Line, column ?? at.Where, rule, QuarantineAction.RowRejected, reason, recordId, Clip(value)));
    }

    /// <summary>
    /// Maps the record's declared fields into <paramref name="table"/> (those of its part the declaration sends there), sets the derived
    /// values given, and commits the record. Returns false when another format fills the table in this set.
    /// </summary>
    public bool Emit(string table, SourceRecord record, string id, params (string Column, object? Value)[] derived)
    {
        if (set.Builder(format, table) is not { } builder)
        {
            return false;
        }

        builder.SetId(id);
        foreach (var field in Declaration.Into(record.Part, table))
        {
            if (record[field.Field] is { } raw)
            {
                builder.Set(builder.IndexOf(field.TargetColumn!), Parse(builder, field, raw, record.Where(field.Field), id));
            }
        }

        foreach (var (column, value) in derived)
        {
            builder.Set(column, value);
        }

        builder.Commit(Merge.Fill);
        return true;
    }

    /// <summary>A record's value as <paramref name="field"/>'s column takes it: translated, then typed; a bad one is quarantined and reads as empty.</summary>
    public object? Parse(IRecordTableBuilder builder, FieldMapping field, string raw, SourceLocation at, string recordId)
    {
        if (raw.Length > 0 && raw[0] == XmlRecords.TooLong)
        {
            Clear(builder.Table, at, IngestRule.MalformedRow, $"{field.Field} is longer than max_field_chars; read as empty", recordId, raw[1..]);
            return null;
        }

        var value = field.Value(raw);
        if (value is null || ValueParsers.IsEmpty(value))
        {
            return null;
        }

        var column = builder.Binding(builder.IndexOf(field.TargetColumn!));
        switch (column.Kind)
        {
            case ColumnKind.Text:
                return value;
            case ColumnKind.Date:
                if (!ValueParsers.TryDate(value, out var date))
                {
                    return Clear(builder.Table, at, IngestRule.BadDate, $"{field.Field} is not a valid date (dd/MM/yyyy or yyyy-MM-dd); read as empty", recordId, raw);
                }

                return column.MaxAgeYears > 0 && date < set.AsAt.AddYears(-column.MaxAgeYears)
                    ? Clear(builder.Table, at, IngestRule.OutOfRange, $"{field.Field} is more than {column.MaxAgeYears} years before as_at; read as empty", recordId, raw)
                    : date;
            case ColumnKind.Timestamp:
                return ValueParsers.TryTimestamp(value, out var timestamp)
                    ? timestamp
                    : Clear(builder.Table, at, IngestRule.BadDate, $"{field.Field} is not a valid date; read as empty", recordId, raw);
            case ColumnKind.Flag:
                return ValueParsers.TryFlag(value, out var flag)
                    ? flag
                    : Clear(builder.Table, at, IngestRule.BadFlag, $"{field.Field} is not a valid flag (Y/N, true/false, 1/0); read as empty", recordId, raw);
            case ColumnKind.Integer:
                if (!ValueParsers.TryInteger(value, out var integer))
                {
                    return Clear(builder.Table, at, IngestRule.BadNumber, $"{field.Field} is not a whole number; read as empty", recordId, raw);
                }

                return InRange(column, integer) ? integer : Clear(builder.Table, at, IngestRule.OutOfRange, $"{field.Field} is outside its plausible range; read as empty", recordId, raw);
            case ColumnKind.Decimal:
                if (!ValueParsers.TryDecimal(value, out var number))
                {
                    return Clear(builder.Table, at, IngestRule.BadNumber, $"{field.Field} is not a number; read as empty", recordId, raw);
                }

                return InRange(column, number) ? number : Clear(builder.Table, at, IngestRule.OutOfRange, $"{field.Field} is outside its plausible range; read as empty", recordId, raw);
            case ColumnKind.OutcomeJson:
                return ValueParsers.TryOutcomeFlags(value, out var flags)
                    ? flags
                    : Clear(builder.Table, at, IngestRule.BadJson, $"{field.Field} does not translate to an outcome; read as empty", recordId, raw);
            default:
                throw new InvalidOperationException($"No parser for {column.Kind}.");
        }
    }

    /// <summary>A date of the return's own (a key part of a derived id), parsed as the contract parses dates; null when empty or bad (quarantined).</summary>
    public DateOnly? Date(SourceRecord record, string field, string table, string recordId)
    {
        var raw = record[field];
        if (raw is null || ValueParsers.IsEmpty(raw))
        {
            return null;
        }

        return ValueParsers.TryDate(raw, out var date)
            ? date
            : (DateOnly?)Clear(table, record.Where(field), IngestRule.BadDate, $"{field} is not a valid date (dd/MM/yyyy or yyyy-MM-dd); read as empty", recordId, raw);
    }

    public FileIngestStats Stats(string sha256) =>
        new(label, listed.Name, FileIngestStats.Accepted, RowsRead, RowsRead - RowsRejected, RowsRejected, ValuesCleared, 0, sha256);

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private object? Clear(string table, SourceLocation at, string rule, string reason, string recordId, string raw)
    {
        ValuesCleared++;
        set.Quarantine.Add(new QuarantineEntry(table, listed.Name, at.Line, at.Where, rule, QuarantineAction.ValueCleared, reason, recordId, Clip(raw)));
        return null;
    }

    private static bool InRange(ColumnBinding column, double value) =>
        (double.IsNaN(column.Min) || value >= column.Min) && (double.IsNaN(column.Max) || value <= column.Max);

    private static string? Clip(string? raw) => raw is null ? null
        : raw.Length <= MaxQuarantinedValueLength ? raw : string.Concat(raw.AsSpan(0, MaxQuarantinedValueLength), "…");
}

/// <summary>Ids made from a record's own fields, with an ordinal when one scope holds two records with the same base id.</summary>
public sealed class IdMaker
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary><paramref name="baseId"/> the first time it is asked for in this scope, then <c>baseId:2</c>, <c>baseId:3</c>...</summary>
    public string Next(string baseId)
    {
        var n = _seen[baseId] = _seen.GetValueOrDefault(baseId) + 1;
        return n == 1 ? baseId : string.Create(CultureInfo.InvariantCulture, $"{baseId}:{n}");
    }

    public void Clear() => _seen.Clear();
}
