using System.Collections.Immutable;
using System.Text;
using Pipeline.Extract;
using Pipeline.Ingest.Csv;

namespace Pipeline.Ingest;

/// <summary>What the reader knows of a file beyond its text.</summary>
/// <param name="ManifestRows">The row count the manifest lists: reading stops at the first record beyond it.</param>
/// <param name="AsAt">The extract's as_at, which plausible ages are reckoned from.</param>
/// <param name="CapacityHint">Rows to size the columns for (bounded by the file's size: never trusted further).</param>
public sealed record TableReadContext(string File, string Sha256, long ManifestRows, DateOnly AsAt, int CapacityHint = 0);

/// <summary>The accepted rows of one file, and what happened to the rest.</summary>
/// <param name="Overflowed">The file has more records than the manifest lists: reading stopped at the first one beyond.</param>
public sealed record TableReadResult(Type RowType, object Rows, FileIngestStats Stats, ImmutableHashSet<string> Columns, bool Overflowed = false)
{
    /// <summary>The table's columns of pooled text, to point at the run's pool when the file was read into a pool of its own.</summary>
    public ImmutableArray<TextColumn> PooledColumns { get; init; } = [];
}

/// <summary>Reads one SSD table file into typed records, quarantining what it cannot use.</summary>
/// <remarks>
/// In a table holding names (<see cref="ITableBinding.HoldsNames"/>) no quarantined value is kept as written, whatever
/// its column: a relabelled header can put a surname under any column name, so only its shape is kept
/// (<see cref="QuarantineValue.Shape"/>). A header that names a column twice, or (in such a table) puts a column the SSD
/// does not have where one it does should be, rejects the file before any value is read.
/// </remarks>
public static class TableReader
{
    private const int MaxQuarantinedValueLength = 200;

    private enum ValueStatus
    {
        Ok,
        Bad,
        OutOfRange,
    }

    /// <summary>
    /// Reads every record of <paramref name="csv"/>, up to the manifest's count. A bad header or a missing key column
    /// rejects the file, but its records are still counted so the manifest's row count can be checked.
    /// </summary>
    public static TableReadResult Read<T>(TableBinding<T> binding, CsvRecordReader csv, TableReadContext context, List<QuarantineEntry> quarantine, StringPool strings)
    {
        var file = context.File;
        var header = csv.ReadHeader();
        var headerProblem = header is null ? (IngestRule.MissingKeyColumn, "the file is empty (no header row)", (string?)null)
            : csv.Error is { } headerError ? (IngestRule.BadHeader, $"the header row is malformed ({headerError})", null)
            : csv.BadEncodingFields.Count > 0 ? (IngestRule.BadEncoding, "the header row holds bytes that are not UTF-8", null)
            : HeaderProblem(binding, header);
        header ??= [];
        var columnIndex = ResolveColumns(binding, header);
        var missingKeys = binding.Columns.Where((c, i) => c.IsKey && columnIndex[i] < 0).Select(c => c.Name).ToList();
        if (headerProblem is null && missingKeys.Count > 0)
        {
            headerProblem = (IngestRule.MissingKeyColumn, $"key column {string.Join(", ", missingKeys)} is missing from the header", missingKeys[0]);
        }

        if (headerProblem is var (rule, problem, problemColumn))
        {
            long count = 0;
            var over = false;
            while (csv.Read())
            {
                if (count == context.ManifestRows)
                {
                    over = true;
                    break;
                }

                count++;
            }

            quarantine.Add(new QuarantineEntry(binding.Table, file, 1, problemColumn, rule, QuarantineAction.FileRejected, $"{problem}; {count} rows not used", null, null));
            return new TableReadResult(typeof(T), ImmutableArray<T>.Empty,
                new FileIngestStats(binding.Table, file, FileIngestStats.Rejected, count, 0, count, 0, csv.BlankLines, context.Sha256, problem), [], over);
        }

        var shapesOnly = ((ITableBinding)binding).HoldsNames;
        var expectedRows = context.CapacityHint;
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
            columns[i] = columnIndex[i] < 0 ? null : NewColumn(binding.Columns[i], i == keyColumn && !poolId, strings, expectedRows);
        }

        string? Kept(ReadOnlySpan<char> raw) => shapesOnly ? QuarantineValue.Shape(raw) : Clip(raw);

        var accepted = 0;
        long read = 0, rejected = 0, cleared = 0;
        var overflowed = false;
        while (csv.Read())
        {
            if (read == context.ManifestRows)
            {
                // More records than the manifest lists: the file is rejected whatever follows, so nothing more is read.
                overflowed = true;
                break;
            }

            read++;
            var malformed = csv.Error ?? (csv.FieldCount != header.Length ? $"expected {header.Length} fields, found {csv.FieldCount}" : null);
            if (malformed is not null)
            {
                rejected++;
                // The columns of a malformed row cannot be trusted to be where the header says, so in a table
                // that holds names none of its text is looked at: a shifted name could land in any column.
                var recordId = shapesOnly ? null : Clip(csv.Field(columnIndex[keyColumn]));
                var value = shapesOnly ? null : Clip(Visible(JoinFields(csv)));
                quarantine.Add(new QuarantineEntry(binding.Table, file, csv.RecordLine, null,
                    csv.Error is null ? IngestRule.FieldCount : IngestRule.MalformedRow, QuarantineAction.RowRejected,
                    shapesOnly ? malformed + " (values withheld: the table holds names)" : malformed, recordId, value));
                continue;
            }

            var badBytes = csv.BadEncodingFields;
            ColumnBinding? unusableKey = null;
            var keyRule = IngestRule.KeyMissing;
            foreach (var k in keyColumns)
            {
                if (badBytes.Count > 0 && badBytes.Contains(columnIndex[k]))
                {
                    (unusableKey, keyRule) = (binding.Columns[k], IngestRule.BadEncoding);
                    break;
                }

                if (ValueParsers.IsEmpty(csv.Field(columnIndex[k])))
                {
                    unusableKey = binding.Columns[k];
                    break;
                }
            }

            if (unusableKey is not null)
            {
                rejected++;
                quarantine.Add(new QuarantineEntry(binding.Table, file, csv.RecordLine, unusableKey.Name, keyRule, QuarantineAction.RowRejected,
                    keyRule == IngestRule.BadEncoding
                        ? $"{unusableKey.Name} holds bytes that are not UTF-8, so the row cannot be identified"
                        : $"{unusableKey.Name} is empty, so the row cannot be identified",
                    null, Clip(DescribeRow(binding, csv, columnIndex, shapesOnly))));
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
                var bad = badBytes.Count > 0 && badBytes.Contains(columnIndex[i]);
                var status = Add(binding.Columns[i], column, bad ? default : raw, strings, outcomes, context.AsAt);
                if ((bad || status != ValueStatus.Ok) && reportsBadValue[i])
                {
                    var name = binding.Columns[i].Name;
                    var (valueRule, reason) = bad
                        ? (IngestRule.BadEncoding, $"{name} holds bytes that are not UTF-8; read as empty")
                        : status == ValueStatus.OutOfRange
                            ? (IngestRule.OutOfRange, $"{name} is {Range(binding.Columns[i])}; read as empty")
                            : (RuleFor(kinds[i]), $"{name} is not a valid {Describe(kinds[i])}; read as empty");
                    cleared++;
                    quarantine.Add(new QuarantineEntry(binding.Table, file, csv.RecordLine, name, valueRule, QuarantineAction.ValueCleared,
                        reason, id.ToString(), bad ? Kept(Visible(raw)) : Kept(raw)));
                }
            }

            accepted++;
        }

        foreach (var ids in columns.OfType<IdColumn>())
        {
            ids.Trim();
        }

        var present = binding.Columns.Where((_, i) => columnIndex[i] >= 0).Select(c => c.Name).ToImmutableHashSet(StringComparer.Ordinal);
        return new TableReadResult(typeof(T), binding.Held(accepted, columns),
            new FileIngestStats(binding.Table, file, FileIngestStats.Accepted, read, read - rejected, rejected, cleared, csv.BlankLines, context.Sha256), present, overflowed)
        {
            PooledColumns = [.. columns.OfType<TextColumn>().Distinct()],
        };
    }

    /// <summary>The column that holds values of <paramref name="column"/> (every reader of a table, CSV or not, stores them alike).</summary>
    /// <param name="ownId">Whether it is the table's own id and no other table names its rows (<see cref="SsdTables.IsReferenced"/>).</param>
    internal static object NewColumn(ColumnBinding column, bool ownId, StringPool strings, int capacity) => column.Kind switch
    {
        _ when ownId || column.PerRow => new IdColumn(capacity),
        ColumnKind.Text => new TextColumn(strings, capacity),
        ColumnKind.Date => new DateColumn(capacity),
        ColumnKind.Timestamp => new TimestampColumn(capacity),
        ColumnKind.Flag => new FlagColumn(capacity),
        ColumnKind.Integer => new ValueColumn<int?>(capacity),
        ColumnKind.Decimal => new ValueColumn<double?>(capacity),
        ColumnKind.OutcomeJson => new ValueColumn<OutcomeFlags?>(capacity),
        var kind => throw new InvalidOperationException($"No column for {kind}."),
    };

    /// <summary>
    /// Counts the records of a file the pipeline does not read (still checked against the manifest), stopping at the
    /// first beyond <paramref name="manifestRows"/> (then returns <c>manifestRows + 1</c>).
    /// </summary>
    public static long CountRecords(CsvRecordReader csv, long manifestRows)
    {
        if (csv.ReadHeader() is null)
        {
            return 0;
        }

        long count = 0;
        while (count <= manifestRows && csv.Read())
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Why the header cannot be trusted, or null: a column named twice (which one holds what is unknowable), or, in a
    /// table holding names, a column the SSD does not have standing where one it does should be and is absent (a name
    /// column relabelled, or a column renamed over a name: either way no value of the file can be trusted to be what its
    /// header says).
    /// </summary>
    private static (string Rule, string Problem, string? Column)? HeaderProblem(ITableBinding binding, string[] header)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            var name = HeaderName(header[i]);
            if (name.Length > 0 && !seen.TryAdd(name, i))
            {
                return (IngestRule.BadHeader,
                    $"the header names {Shown(name)} twice (columns {seen[name] + 1} and {i + 1}): which one holds what cannot be known, so the file is not read",
                    IsIdentifier(name) ? name.ToLowerInvariant() : null);
            }
        }

        if (binding.SsdOrder.Count == 0)
        {
            return null;
        }

        var known = binding.SsdOrder.ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length && i < binding.SsdOrder.Count; i++)
        {
            var name = HeaderName(header[i]);
            if (!known.Contains(name) && !seen.ContainsKey(binding.SsdOrder[i]))
            {
                return (IngestRule.BadHeader,
                    $"column {i + 1} of the header is {(name.Length == 0 ? "blank" : Shown(name))}, which {binding.Table} does not have, where the SSD puts {binding.SsdOrder[i]} "
                    + "(absent): a column may have been relabelled, and the table holds names, so the file is not read",
                    binding.SsdOrder[i]);
            }
        }

        return null;
    }

    private static string HeaderName(string raw) => raw.Trim().TrimStart('\uFEFF').Trim();

    // A header name is the exporter's, not a child's; still, only something shaped like a column name is repeated.
    private static string Shown(string name) => IsIdentifier(name) ? $"'{name}'" : "a name that is not a column name (not shown)";

    private static bool IsIdentifier(string name) => name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string Range(ColumnBinding column) =>
        column.MaxAgeYears > 0 ? $"more than {column.MaxAgeYears} years before as_at"
        : (double.IsNaN(column.Min), double.IsNaN(column.Max)) switch
        {
            (false, false) => $"outside the plausible range {column.Min:0.##} to {column.Max:0.##}",
            (false, true) => $"below the plausible minimum {column.Min:0.##}",
            _ => $"above the plausible maximum {column.Max:0.##}",
        };

    // Invalid bytes were decoded to a marker; a person reading the quarantine sees the usual replacement character.
    private static string Visible(ReadOnlySpan<char> raw) => raw.ToString().Replace(CsvRecordReader.BadByte, '\uFFFD');

    // Header names match SSD names case-insensitively after trimming (a header naming one twice is rejected before this).
    private static int[] ResolveColumns(ITableBinding binding, string[] header)
    {
        var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            byName.TryAdd(HeaderName(header[i]), i);
        }

        return binding.Columns.Select(c => byName.TryGetValue(c.Name, out var index) ? index : -1).ToArray();
    }

    // Appends one cell (null when empty, bad or implausible) and says which it was.
    private static ValueStatus Add(ColumnBinding binding, object column, ReadOnlySpan<char> raw, StringPool strings, Dictionary<string, OutcomeFlags?> outcomes,
        DateOnly asAt)
    {
        var empty = ValueParsers.IsEmpty(raw);
        switch (binding.Kind)
        {
            case ColumnKind.Text when column is IdColumn ids:
                if (empty)
                {
                    ids.AddNull();
                }
                else
                {
                    ids.Add(raw.Trim());
                }

                return ValueStatus.Ok;
            case ColumnKind.Text:
                ((TextColumn)column).Add(empty ? -1 : strings.IndexOf(raw.Trim()));
                return ValueStatus.Ok;
            case ColumnKind.Date:
                DateOnly date = default;
                var dateOk = empty || ValueParsers.TryDate(raw, out date);
                var dateInRange = empty || !dateOk || binding.MaxAgeYears <= 0 || date >= asAt.AddYears(-binding.MaxAgeYears);
                ((DateColumn)column).Add(!empty && dateOk && dateInRange ? date : null);
                return Status(dateOk, dateInRange);
            case ColumnKind.Timestamp:
                Timestamp timestamp = default;
                var timestampOk = empty || ValueParsers.TryTimestamp(raw, out timestamp);
                ((TimestampColumn)column).Add(!empty && timestampOk ? timestamp : null);
                return Status(timestampOk, inRange: true);
            case ColumnKind.Flag:
                var flag = false;
                var flagOk = empty || ValueParsers.TryFlag(raw, out flag);
                ((FlagColumn)column).Add(!empty && flagOk ? flag : null);
                return Status(flagOk, true);
            case ColumnKind.Integer:
                var integer = 0;
                var integerOk = empty || ValueParsers.TryInteger(raw, out integer);
                var integerInRange = empty || !integerOk || InRange(binding, integer);
                ((ValueColumn<int?>)column).Add(!empty && integerOk && integerInRange ? integer : null);
                return Status(integerOk, integerInRange);
            case ColumnKind.Decimal:
                var number = 0d;
                var numberOk = empty || ValueParsers.TryDecimal(raw, out number);
                var numberInRange = empty || !numberOk || InRange(binding, number);
                ((ValueColumn<double?>)column).Add(!empty && numberOk && numberInRange ? number : null);
                return Status(numberOk, numberInRange);
            case ColumnKind.OutcomeJson:
                var flags = empty ? null : ParseOutcome(raw, outcomes);
                ((ValueColumn<OutcomeFlags?>)column).Add(flags);
                return Status(empty || flags is not null, true);
            default:
                throw new ArgumentOutOfRangeException(nameof(binding));
        }
    }

    private static ValueStatus Status(bool parsed, bool inRange) => !parsed ? ValueStatus.Bad : inRange ? ValueStatus.Ok : ValueStatus.OutOfRange;

    private static bool InRange(ColumnBinding column, double value) =>
        (double.IsNaN(column.Min) || value >= column.Min) && (double.IsNaN(column.Max) || value <= column.Max);

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

    private static string DescribeRow(ITableBinding binding, CsvRecordReader csv, int[] columnIndex, bool shapesOnly)
    {
        var text = new StringBuilder();
        for (var i = 0; i < binding.Columns.Count && text.Length <= MaxQuarantinedValueLength; i++)
        {
            var raw = columnIndex[i] < 0 || FirstOf(binding, binding.Columns[i].Name) != i ? default : csv.Field(columnIndex[i]).Trim();
            if (!raw.IsEmpty)
            {
                text.Append(text.Length > 0 ? "; " : "").Append(binding.Columns[i].Name).Append('=');
                text.Append(shapesOnly ? $"({QuarantineValue.Shape(raw)})" : Visible(raw));
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
