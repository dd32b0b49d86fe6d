using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Pipeline.Tests.Synthetic.Support;

/// <summary>One CSV record with the physical line it starts on (header = line 1).</summary>
public sealed record CsvRow(long Line, string[] Fields);

/// <summary>
/// A generated table read back with an independent RFC 4180 parser, so the tests check what is on disk rather
/// than trusting the writer.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string[] header, List<CsvRow> rows)
    {
        Header = header;
        Rows = rows;
        _columns = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
    }

    public string[] Header { get; }

    public List<CsvRow> Rows { get; }

    public static CsvTable Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            bytes = plain.ToArray();
        }

        var records = Parse(new UTF8Encoding(false, true).GetString(bytes));
        return new CsvTable(records[0].Fields, records.Skip(1).ToList());
    }

    public int Column(string name) => _columns.TryGetValue(name, out var i) ? i : throw new KeyNotFoundException(name);

    public string Get(CsvRow row, string column)
    {
        var i = Column(column);
        return i < row.Fields.Length ? row.Fields[i] : "";
    }

    public DateOnly? Date(CsvRow row, string column) => ParseDate(Get(row, column));

    /// <summary>The contract's date forms; null for empty. Throws on anything else.</summary>
    public static DateOnly? ParseDate(string value) =>
        value.Length == 0 ? null : TryParseDate(value, out var date) ? date : throw new FormatException($"not a contract date: {value}");

    public static bool TryParseDate(string value, out DateOnly date)
    {
        string[] forms = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.fff", "dd/MM/yyyy"];
        if (DateTime.TryParseExact(value, forms, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = DateOnly.FromDateTime(parsed);
            return true;
        }

        date = default;
        return false;
    }

    private static List<CsvRow> Parse(string text)
    {
        var records = new List<CsvRow>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        long line = 1;
        var recordLine = line;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add(new CsvRow(recordLine, [.. fields]));
                fields.Clear();
                i++;
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(new CsvRow(recordLine, [.. fields]));
        }

        return records;
    }
}
