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
    public static TableReadResult Read<T>(TableBinding<T> binding, CsvRecordReader csv, string file, string sha256, List<QuarantineEntry> quarantine, StringPool strings, int expectedRows = 0)
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
        // NOTE: a row's own id is unique to it, so pooling it would only add an entry, unless other tables refer to it.
        var poolId = SsdTables.IsReferenced(binding);
        // A column read twice (cont_contact_date: as a date, and again with its time of day) reports a bad value once.
        var reportsBadValue = binding.Columns.Select((c, i) => FirstOf(binding, c.Name) == i).ToArray();
        var columns = new object?[kinds.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = columnIndex[i] < 0 ? null : i == keyColumn && !poolId ? new IdColumn(expectedRows) : kinds[i] switch
            {
                ColumnKind.Text => new TextColumn(strings, expectedRows),
                ColumnKind.Date => new DateColumn(expectedRows),
                ColumnKind.Timestamp => new TimestampColumn(expectedRows),
                ColumnKind.Flag => new FlagColumn(expectedRows),
                ColumnKind.Integer => new ValueColumn<int?>(expectedRows),
                ColumnKind.Decimal => new ValueColumn<double?>(expectedRows),
                ColumnKind.OutcomeJson => new ValueColumn<OutcomeFlags?>(expectedRows),
                _ => throw new InvalidOperationException($"No column for {kinds[i]}."),
            };
        }

        var accepted = 0;
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

            var id = csv.Field(columnIndex[keyColumn]).Trim();
            for (var i = 0; i < columns.Length; i++)
            {
                var column = columns[i];
                if (column is null)
                {
                    continue;
                }

                if (i == keyColumn)
                {
                    if (column is IdColumn ids)
                    {
                        ids.Add(id);
                    }
                    else
                    {
                        ((TextColumn)column).Add(strings.IndexOf(id));
                    }

                    continue;
                }

                var raw = csv.Field(columnIndex[i]);
                if (!Add(kinds[i], column, raw, strings, outcomes) && reportsBadValue[i])
                {
                    var name = binding.Columns[i].Name;
                    cleared++;
                    quarantine.Add(new QuarantineEntry(binding.Table, file, csv.RecordLine, name, RuleFor(kinds[i]), QuarantineAction.ValueCleared,
                        $"{name} is not a valid {Describe(kinds[i])}; read as empty", id.ToString(), Clip(raw)));
                }
            }

            accepted++;
        }

        foreach (var ids in columns.OfType<IdColumn>())
        {
            ids.Trim();
        }

        var present = binding.Columns.Where((_, i) => columnIndex[i] >= 0).Select(c => c.Name).ToImmutableHashSet(StringComparer.Ordinal);
        return new TableReadResult(typeof(T), new ColumnarTable<T>(accepted, binding.Materialiser(columns)),
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

    // Appends one cell (null when empty or bad); false when the value was bad and read as empty.
    private static bool Add(ColumnKind kind, object column, ReadOnlySpan<char> raw, StringPool strings, Dictionary<string, OutcomeFlags?> outcomes)
    {
        var empty = ValueParsers.IsEmpty(raw);
        switch (kind)
        {
            case ColumnKind.Text:
                ((TextColumn)column).Add(empty ? -1 : strings.IndexOf(raw.Trim()));
                return true;
            case ColumnKind.Date:
                DateOnly date = default;
                var dateOk = empty || ValueParsers.TryDate(raw, out date);
                ((DateColumn)column).Add(!empty && dateOk ? date : null);
                return dateOk;
            case ColumnKind.Timestamp:
                Timestamp timestamp = default;
                var timestampOk = empty || ValueParsers.TryTimestamp(raw, out timestamp);
                ((TimestampColumn)column).Add(!empty && timestampOk ? timestamp : null);
                return timestampOk;
            case ColumnKind.Flag:
                var flag = false;
                var flagOk = empty || ValueParsers.TryFlag(raw, out flag);
                ((FlagColumn)column).Add(!empty && flagOk ? flag : null);
                return flagOk;
            case ColumnKind.Integer:
                var integer = 0;
                var integerOk = empty || ValueParsers.TryInteger(raw, out integer);
                ((ValueColumn<int?>)column).Add(!empty && integerOk ? integer : null);
                return integerOk;
            case ColumnKind.Decimal:
                var number = 0d;
                var numberOk = empty || ValueParsers.TryDecimal(raw, out number);
                ((ValueColumn<double?>)column).Add(!empty && numberOk ? number : null);
                return numberOk;
            case ColumnKind.OutcomeJson:
                var flags = empty ? null : ParseOutcome(raw, outcomes);
                ((ValueColumn<OutcomeFlags?>)column).Add(flags);
                return empty || flags is not null;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static string RuleFor(ColumnKind kind) => kind switch
    {
        ColumnKind.Date or ColumnKind.Timestamp => IngestRule.BadDate,
        ColumnKind.Flag => IngestRule.BadFlag,
        ColumnKind.Integer or ColumnKind.Decimal => IngestRule.BadNumber,
        ColumnKind.OutcomeJson => IngestRule.BadJson,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    // Extracts repeat a handful of outcome JSON shapes thousands of times; each distinct text is parsed once.
    private static OutcomeFlags? ParseOutcome(ReadOnlySpan<char> raw, Dictionary<string, OutcomeFlags?> parsed)
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

        return flags;
    }

    private static string Describe(ColumnKind kind) => kind switch
    {
        ColumnKind.Date or ColumnKind.Timestamp => "date (yyyy-MM-dd, yyyy-MM-dd HH:mm:ss, yyyy-MM-ddTHH:mm:ss or dd/MM/yyyy)",
        ColumnKind.Flag => "flag (Y/N, Yes/No, 1/0, true/false)",
        ColumnKind.Integer => "whole number",
        ColumnKind.Decimal => "number",
        ColumnKind.OutcomeJson => "outcome JSON object",
        _ => "value",
    };

    private static string DescribeRow(ITableBinding binding, CsvRecordReader csv, int[] columnIndex)
    {
        var text = new StringBuilder();
        for (var i = 0; i < binding.Columns.Count && text.Length <= MaxQuarantinedValueLength; i++)
        {
            var raw = columnIndex[i] < 0 || FirstOf(binding, binding.Columns[i].Name) != i ? default : csv.Field(columnIndex[i]).Trim();
            if (!raw.IsEmpty)
            {
                text.Append(text.Length > 0 ? "; " : "").Append(binding.Columns[i].Name).Append('=').Append(raw);
            }
        }

        return text.ToString();
    }

    private static int FirstOf(ITableBinding binding, string column)
    {
        for (var i = 0; ; i++)
        {
            if (string.Equals(binding.Columns[i].Name, column, StringComparison.Ordinal))
            {
                return i;
            }
        }
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
