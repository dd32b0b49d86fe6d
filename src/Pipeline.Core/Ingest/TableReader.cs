using System.Collections.Immutable;
using System.Text;
using Pipeline.Extract;
using Pipeline.Ingest.Csv;

namespace Pipeline.Ingest;

/// <summary>The accepted rows of one file, and what happened to the rest.</summary>
public sealed record TableReadResult(Type RowType, object Rows, FileIngestStats Stats, ImmutableHashSet<string> Columns);

/// <summary>Reads one SSD table file into typed records, quarantining what it cannot use.</summary>
public static class TableReader
{
    private const int MaxQuarantinedValueLength = 200;

    /// <summary>
    /// Reads every record of <paramref name="csv"/>. A missing key column rejects the file, but its records
    /// are still counted so the manifest's row count can be checked.
    /// </summary>
    public static TableReadResult Read<T>(TableBinding<T> binding, CsvRecordReader csv, string file, string sha256, List<QuarantineEntry> quarantine, StringPool strings)
    {
        var header = csv.ReadHeader() ?? [];
        var columnIndex = ResolveColumns(binding, header);
        var missingKeys = binding.Columns.Where((c, i) => c.IsKey && columnIndex[i] < 0).Select(c => c.Name).ToList();
        if (missingKeys.Count > 0)
        {
            long count = 0;
            while (csv.Read())
            {
                count++;
            }

            var reason = header.Length == 0 ? "the file is empty (no header row)" : $"key column {string.Join(", ", missingKeys)} is missing from the header";
            quarantine.Add(new QuarantineEntry(binding.Table, file, 1, missingKeys.FirstOrDefault(), IngestRule.MissingKeyColumn,
                QuarantineAction.FileRejected, $"{reason}; {count} rows not used", null, null));
            return new TableReadResult(typeof(T), ImmutableArray<T>.Empty,
                new FileIngestStats(binding.Table, file, FileIngestStats.Rejected, count, 0, count, 0, csv.BlankLines, sha256), []);
        }

        var withholdMalformed = binding.NeverRead.Count > 0;
        var keyColumns = binding.Columns.Select((c, i) => (c, i)).Where(x => x.c.IsKey).Select(x => x.i).ToArray();
        var keyColumn = keyColumns[0];
        var kinds = binding.Columns.Select(c => c.Kind).ToArray();
        var outcomes = new Dictionary<string, OutcomeFlags?>(StringComparer.Ordinal);
        var rows = ImmutableArray.CreateBuilder<T>();
        long read = 0, rejected = 0, cleared = 0;
        while (csv.Read())
        {
            read++;
            var malformed = csv.Error ?? (csv.FieldCount != header.Length ? $"expected {header.Length} fields, found {csv.FieldCount}" : null);
            if (malformed is not null)
            {
                rejected++;
                // The columns of a malformed row cannot be trusted to be where the header says, so in a table
                // that holds names none of its text is looked at: a shifted name could land in any column.
                var recordId = withholdMalformed ? null : Clip(csv.Field(columnIndex[keyColumn]));
                var value = withholdMalformed ? null : Clip(JoinFields(csv));
                quarantine.Add(new QuarantineEntry(binding.Table, file, csv.RecordLine, null,
                    csv.Error is null ? IngestRule.FieldCount : IngestRule.MalformedRow, QuarantineAction.RowRejected,
                    withholdMalformed ? malformed + " (values withheld: the table holds names)" : malformed, recordId, value));
                continue;
            }

            ColumnBinding? emptyKey = null;
            foreach (var k in keyColumns)
            {
                if (ValueParsers.IsEmpty(csv.Field(columnIndex[k])))
                {
                    emptyKey = binding.Columns[k];
                    break;
                }
            }

            if (emptyKey is not null)
            {
                rejected++;
                quarantine.Add(new QuarantineEntry(binding.Table, file, csv.RecordLine, emptyKey.Name, IngestRule.KeyMissing,
                    QuarantineAction.RowRejected, $"{emptyKey.Name} is empty, so the row cannot be identified",
                    null, Clip(DescribeRow(binding, csv, columnIndex))));
                continue;
            }

            // A row's own id is unique to it, so pooling it would only add an entry; everything else repeats.
            var id = csv.Field(columnIndex[keyColumn]).Trim().ToString();
            var values = new object?[binding.Columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                if (columnIndex[i] < 0)
                {
                    continue;
                }

                if (i == keyColumn)
                {
                    values[i] = id;
                    continue;
                }

                var raw = csv.Field(columnIndex[i]);
                if (ValueParsers.IsEmpty(raw))
                {
                    continue;
                }

                var (value, rule) = kinds[i] == ColumnKind.OutcomeJson ? ParseOutcome(raw, outcomes) : Parse(kinds[i], raw, strings);
                if (rule is null)
                {
                    values[i] = value;
                    continue;
                }

                var column = binding.Columns[i];
                cleared++;
                quarantine.Add(new QuarantineEntry(binding.Table, file, csv.RecordLine, column.Name, rule, QuarantineAction.ValueCleared,
                    $"{column.Name} is not a valid {Describe(column.Kind)}; read as empty", id, Clip(raw)));
            }

            rows.Add(binding.Create(values));
        }

        var present = binding.Columns.Where((_, i) => columnIndex[i] >= 0).Select(c => c.Name).ToImmutableHashSet(StringComparer.Ordinal);
        return new TableReadResult(typeof(T), rows.ToImmutable(),
            new FileIngestStats(binding.Table, file, FileIngestStats.Accepted, read, read - rejected, rejected, cleared, csv.BlankLines, sha256), present);
    }

    /// <summary>Counts the records of a file the pipeline does not read (still checked against the manifest).</summary>
    public static long CountRecords(CsvRecordReader csv)
    {
        if (csv.ReadHeader() is null)
        {
            return 0;
        }

        long count = 0;
        while (csv.Read())
        {
            count++;
        }

        return count;
    }

    // Header names match SSD names case-insensitively after trimming; the first of duplicates wins.
    private static int[] ResolveColumns(ITableBinding binding, string[] header)
    {
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            byName.TryAdd(header[i].Trim().TrimStart('\uFEFF'), i);
        }

        return binding.Columns.Select(c => byName.TryGetValue(c.Name, out var index) ? index : -1).ToArray();
    }

    // Extracts repeat a handful of outcome JSON shapes thousands of times; each distinct text is parsed once.
    private static (object? Value, string? Rule) ParseOutcome(ReadOnlySpan<char> raw, Dictionary<string, OutcomeFlags?> parsed)
    {
        var lookup = parsed.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(raw, out var flags))
        {
            var text = raw.ToString();
            flags = ValueParsers.TryOutcomeFlags(text, out var f) ? f : null;
            if (parsed.Count < 4096)
            {
                parsed[text] = flags;
            }
        }

        return flags is null ? (null, IngestRule.BadJson) : (flags, null);
    }

    private static (object? Value, string? Rule) Parse(ColumnKind kind, ReadOnlySpan<char> raw, StringPool strings) => kind switch
    {
        ColumnKind.Text => (strings.Get(raw.Trim()), null),
        ColumnKind.Date => ValueParsers.TryDate(raw, out var date) ? (date, null) : (null, IngestRule.BadDate),
        ColumnKind.Flag => ValueParsers.TryFlag(raw, out var flag) ? (flag, null) : (null, IngestRule.BadFlag),
        ColumnKind.Integer => ValueParsers.TryInteger(raw, out var integer) ? (integer, null) : (null, IngestRule.BadNumber),
        ColumnKind.Decimal => ValueParsers.TryDecimal(raw, out var number) ? (number, null) : (null, IngestRule.BadNumber),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string Describe(ColumnKind kind) => kind switch
    {
        ColumnKind.Date => "date (yyyy-MM-dd, yyyy-MM-dd HH:mm:ss, yyyy-MM-ddTHH:mm:ss or dd/MM/yyyy)",
        ColumnKind.Flag => "flag (Y/N, Yes/No, 1/0, true/false)",
        ColumnKind.Integer => "whole number",
        ColumnKind.Decimal => "number",
        ColumnKind.OutcomeJson => "outcome JSON object of flags",
        _ => "value",
    };

    private static string DescribeRow(ITableBinding binding, CsvRecordReader csv, int[] columnIndex)
    {
        var text = new StringBuilder();
        for (var i = 0; i < binding.Columns.Count && text.Length <= MaxQuarantinedValueLength; i++)
        {
            var raw = columnIndex[i] < 0 ? default : csv.Field(columnIndex[i]).Trim();
            if (!raw.IsEmpty)
            {
                text.Append(text.Length > 0 ? "; " : "").Append(binding.Columns[i].Name).Append('=').Append(raw);
            }
        }

        return text.ToString();
    }

    private static string JoinFields(CsvRecordReader csv)
    {
        var text = new StringBuilder();
        for (var i = 0; i < csv.FieldCount && text.Length <= MaxQuarantinedValueLength; i++)
        {
            text.Append(i > 0 ? "|" : "").Append(csv.Field(i));
        }

        return text.ToString();
    }

    private static string? Clip(ReadOnlySpan<char> raw) => raw.IsEmpty
        ? null
        : raw.Length <= MaxQuarantinedValueLength ? raw.ToString() : string.Concat(raw[..MaxQuarantinedValueLength], "…");

    private static string? Clip(string raw) => Clip(raw.AsSpan());
}
