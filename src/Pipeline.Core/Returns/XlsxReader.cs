using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Pipeline.Ingest;

namespace Pipeline.Returns;

/// <summary>One cell as stored: a shared string's index, or its own text (a number, an inline string, a boolean).</summary>
public readonly record struct XlsxCell(int Column, int SharedString, string? Text, bool IsNumber)
{
    public bool IsShared => SharedString >= 0;
}

/// <summary>
/// Reads the sheets of an xlsx workbook (a zip of XML parts) as rows of cells, within bounds on the zip's entries, their sizes and
/// how far they inflate, so a zip bomb is refused with its reason rather than filling memory or disk.
/// </summary>
/// <remarks>
/// NOTE: why not a library. The feed serves DocumentFormat.OpenXml 3.3.0 (whose SAX <c>OpenXmlReader</c> streams a sheet) and
/// ExcelDataReader 3.6.0; both open the package through System.IO.Packaging or their own zip handling, which this code could not
/// bound entry by entry before any is inflated, and both resolve every shared string, names included, as soon as a cell is read.
/// An xlsx sheet is three small XML parts (workbook, its relationships, the sheet) and a shared-string table: with
/// System.IO.Compression and the same secured <see cref="XmlReader"/> as the XML returns, this reader checks the zip's own
/// directory before opening it, counts every byte each entry inflates to, and resolves only the shared strings it is asked for,
/// so a worker's name in a column that is never read is never decoded.
/// </remarks>
public sealed class XlsxReader : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly IngestLimits _limits;
    private readonly string _name;

    private XlsxReader(ZipArchive zip, IngestLimits limits, string name)
    {
        _zip = zip;
        _limits = limits;
        _name = name;
    }

    /// <summary>The sheets, in the workbook's order: each sheet's name and its part in the zip.</summary>
    public IReadOnlyList<(string Name, string Part)> Sheets { get; private set; } = [];

    /// <summary>
    /// Opens a workbook stored in a seekable stream. Throws <see cref="InvalidDataException"/> with a one-line reason when it is not a
    /// workbook, or its zip is beyond the limits (<c>max_zip_entries</c>), before any entry is inflated.
    /// </summary>
    public static XlsxReader Open(Stream seekable, IngestLimits limits, string name)
    {
        var entries = CentralDirectoryEntries(seekable, name);
        if (entries > limits.MaxZipEntries)
        {
            throw new InvalidDataException($"{name}: its zip has {entries:N0} entries, more than the {limits.MaxZipEntries:N0} a workbook may have (setting max_zip_entries); not opened");
        }

        seekable.Position = 0;
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{name} is not a workbook: its zip cannot be read ({e.Message})", e);
        }

        var reader = new XlsxReader(zip, limits, name);
        reader.Sheets = reader.ReadSheets();
        return reader;
    }

    /// <summary>Reads a sheet's rows: each row's number and its cells with a value. <paramref name="take"/> limits how many rows are read.</summary>
    public IEnumerable<(long Row, List<XlsxCell> Cells)> Rows(string part, int take = int.MaxValue)
    {
        using var reader = XmlRecords.Open(Entry(part));
        var cells = new List<XlsxCell>();
        long rowNumber = 0;
        var taken = 0;
        while (taken < take && reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "row")
            {
                continue;
            }

            rowNumber = long.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : rowNumber + 1;
            cells.Clear();
            if (!reader.IsEmptyElement)
            {
                ReadCells(reader, cells);
            }

            if (cells.Count > _limits.MaxFieldsPerRow)
            {
                throw new InvalidDataException($"{_name}: row {rowNumber} of {part} has more than {_limits.MaxFieldsPerRow:N0} cells (setting max_fields_per_row)");
            }

            taken++;
            yield return (rowNumber, cells);
        }
    }

    /// <summary>The shared strings at <paramref name="wanted"/> (and no others: the rest are skipped unread).</summary>
    public Dictionary<int, string> SharedStrings(IReadOnlySet<int> wanted)
    {
        var found = new Dictionary<int, string>();
        var entry = _zip.GetEntry("xl/sharedStrings.xml");
        if (entry is null || wanted.Count == 0)
        {
            return found;
        }

        using var reader = XmlRecords.Open(Limited(entry));
        var index = -1;
        var text = new StringBuilder();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "si")
            {
                continue;
            }

            index++;
            if (!wanted.Contains(index) || reader.IsEmptyElement)
            {
                XmlRecords.SkipElement(reader);
                continue;
            }

            // A string is its <t> texts (several when the cell is formatted in runs), not its phonetic <rPh> readings.
            text.Clear();
            var depth = reader.Depth;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh")
                {
                    XmlRecords.SkipElement(reader);
                }
                else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace && text.Length <= _limits.MaxFieldChars)
                {
                    text.Append(reader.Value);
                }
            }

            found[index] = text.Length > _limits.MaxFieldChars ? XmlRecords.TooLong + text.ToString(0, 200) : text.ToString();
            if (found.Count == wanted.Count)
            {
                break;
            }
        }

        return found;
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>A column letter's number, from 0: A is 0, Z 25, AA 26.</summary>
    public static int ColumnOf(string reference)
    {
        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
            letters++;
        }

        return letters == 0 ? -1 : column - 1;
    }

    /// <summary>A column's letters, from its number.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private void ReadCells(XmlReader reader, List<XlsxCell> cells)
    {
        var depth = reader.Depth;
        var next = 0;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "c")
            {
                continue;
            }

            var reference = reader.GetAttribute("r");
            var column = reference is null ? next : ColumnOf(reference);
            next = column + 1;
            var type = reader.GetAttribute("t") ?? "n";
            if (reader.IsEmptyElement)
            {
                continue;
            }

            string? value = null;
            var cellDepth = reader.Depth;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == cellDepth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "v" or "t" && !reader.IsEmptyElement)
                {
                    var text = Bounded(reader);
                    value = value is null ? text : value + text;
                }
            }

            if (value is null || column < 0)
            {
                continue;
            }

            cells.Add(type switch
            {
                "s" => new XlsxCell(column, int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1, null, false),
                "n" => new XlsxCell(column, -1, value, true),
                "b" => new XlsxCell(column, -1, value == "1" ? "TRUE" : "FALSE", false),
                _ => new XlsxCell(column, -1, value, false),
            });
        }
    }

    // An element's text, at most max_field_chars of it (marked when longer).
    private string Bounded(XmlReader reader)
    {
        var text = new StringBuilder();
        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace && text.Length <= _limits.MaxFieldChars)
            {
                text.Append(reader.Value);
            }
        }

        return text.Length > _limits.MaxFieldChars ? XmlRecords.TooLong + text.ToString(0, 200) : text.ToString();
    }

    private List<(string, string)> ReadSheets()
    {
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
        {
            using var reader = XmlRecords.Open(Limited(rels));
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship" && reader.GetAttribute("Id") is { } id && reader.GetAttribute("Target") is { } target)
                {
                    targets[id] = target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
                }
            }
        }

        var sheets = new List<(string, string)>();
        var workbook = _zip.GetEntry("xl/workbook.xml")
            ?? throw new InvalidDataException($"{_name} is not a workbook: it has no xl/workbook.xml");
        using (var reader = XmlRecords.Open(Limited(workbook)))
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet")
                {
                    var id = reader.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                    if (reader.GetAttribute("name") is { } sheetName && id is not null && targets.TryGetValue(id, out var part))
                    {
                        sheets.Add((sheetName, part));
                    }
                }
            }
        }

        return sheets;
    }

    private Stream Entry(string part) => _zip.GetEntry(part) is { } entry
        ? Limited(entry)
        : throw new InvalidDataException($"{_name}: the workbook names {part}, which it does not hold");

    // An entry's bytes, counted as they inflate: beyond the declared size, the per-entry limit or the ratio, reading stops.
    private Stream Limited(ZipArchiveEntry entry)
    {
        if (entry.Length > _limits.MaxZipEntryBytes)
        {
            throw new InvalidDataException($"{_name}: entry {entry.FullName} inflates to {entry.Length:N0} bytes, more than {_limits.MaxZipEntryBytes:N0} (setting max_zip_entry_bytes); not read");
        }

        return new InflationLimit(entry.Open(), entry.FullName, _name, entry.CompressedLength, Math.Min(entry.Length, _limits.MaxZipEntryBytes), _limits.MaxZipRatio);
    }

    // Reads the zip's end-of-central-directory record for its entry count, before anything else: a zip that says it has a
    // million entries is refused without reading them. Zip64 (over 65,535 entries or 4 GB) is not a workbook this reads.
    private static long CentralDirectoryEntries(Stream stream, string name)
    {
        var length = stream.Length;
        if (length < 22)
        {
            throw new InvalidDataException($"{name} is not a workbook: it is not a zip file");
        }

        var tail = (int)Math.Min(length, 22 + 65_535);
        var buffer = new byte[tail];
        stream.Position = length - tail;
        stream.ReadExactly(buffer);
        for (var i = tail - 22; i >= 0; i--)
        {
            if (buffer[i] == 0x50 && buffer[i + 1] == 0x4b && buffer[i + 2] == 0x05 && buffer[i + 3] == 0x06)
            {
                var entries = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(i + 10, 2));
                if (entries == ushort.MaxValue)
                {
                    throw new InvalidDataException($"{name}: its zip is a Zip64 archive (65,535 entries or more, or over 4 GB), which no Annex A workbook is; not opened");
                }

                return entries;
            }
        }

        throw new InvalidDataException($"{name} is not a workbook: it is not a zip file");
    }

    private sealed class InflationLimit(Stream inner, string entry, string file, long compressed, long declared, int ratio) : ReadOnlyStream
    {
        // Small parts may compress far better than ratio (a sheet of empty cells); the ratio is judged beyond a megabyte.
        private const long RatioFloor = 1 << 20;
        private long _read;

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _read += n;
            if (_read > declared)
            {
                throw new InvalidDataException($"{file}: entry {entry} inflates beyond the {declared:N0} bytes it declares (or the max_zip_entry_bytes limit); reading stopped");
            }

            if (_read > RatioFloor && _read > Math.Max(compressed, 1) * ratio)
            {
                throw new InvalidDataException($"{file}: entry {entry} inflates more than {ratio} times its stored size of {compressed:N0} bytes (setting max_zip_ratio), as a zip bomb does; reading stopped");
            }

            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
