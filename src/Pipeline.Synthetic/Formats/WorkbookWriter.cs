using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Pipeline.Synthetic.Formats;

/// <summary>
/// A small xlsx writer for the generated Annex A, written as a spreadsheet program writes one: text in a shared-string table,
/// dates as day numbers with a date format, fixed timestamps so the same council gives the same bytes.
/// </summary>
internal static class WorkbookWriter
{
    private static readonly DateTimeOffset FixedTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    /// <summary>A sheet: its name, header and rows; a cell is a string, a number, a <see cref="DateOnly"/> or null.</summary>
    public sealed record Sheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<object?[]> Rows);

    public static byte[] Write(IReadOnlyList<Sheet> sheets)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        int Shared(string text)
        {
            if (!strings.TryGetValue(text, out var index))
            {
                strings[text] = index = order.Count;
                order.Add(text);
            }

            return index;
        }

        var sheetXml = sheets.Select(s => SheetXml(s, Shared)).ToList();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"""
                + string.Concat(Enumerable.Range(1, sheets.Count).Select(i => $"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""))
                + "</Types>");
            Add(zip, "_rels/.rels",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add(zip, "xl/workbook.xml",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"""
                + string.Concat(sheets.Select((s, i) => $"""<sheet name="{SecurityElement.Escape(s.Name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>"""))
                + "</sheets></workbook>");
            Add(zip, "xl/_rels/workbook.xml.rels",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"""
                + string.Concat(Enumerable.Range(1, sheets.Count).Select(i => $"""<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"""))
                + $"""<Relationship Id="rId{sheets.Count + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"""
                + $"""<Relationship Id="rId{sheets.Count + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"""
                + "</Relationships>");
            Add(zip, "xl/styles.xml",
                """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf fontId="0"/><xf fontId="0" numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>""");
            for (var i = 0; i < sheets.Count; i++)
            {
                Add(zip, $"xl/worksheets/sheet{i + 1}.xml", sheetXml[i]);
            }

            var sst = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{order.Count}" uniqueCount="{order.Count}">""");
            foreach (var text in order)
            {
                sst.Append("<si><t xml:space=\"preserve\">").Append(SecurityElement.Escape(text)).Append("</t></si>");
            }

            Add(zip, "xl/sharedStrings.xml", sst.Append("</sst>").ToString());
        }

        return buffer.ToArray();
    }

    private static string SheetXml(Sheet sheet, Func<string, int> shared)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        Row(xml, 1, sheet.Header.Cast<object?>().ToArray(), shared);
        for (var i = 0; i < sheet.Rows.Count; i++)
        {
            Row(xml, i + 2, sheet.Rows[i], shared);
        }

        return xml.Append("</sheetData></worksheet>").ToString();
    }

    private static void Row(StringBuilder xml, int number, object?[] cells, Func<string, int> shared)
    {
        xml.Append("<row r=\"").Append(number.ToString(CultureInfo.InvariantCulture)).Append("\">");
        for (var c = 0; c < cells.Length; c++)
        {
            var reference = Returns.XlsxReader.ColumnName(c) + number.ToString(CultureInfo.InvariantCulture);
            switch (cells[c])
            {
                case null:
                    break;
                case string text when text.Length > 0:
                    xml.Append("<c r=\"").Append(reference).Append("\" t=\"s\"><v>").Append(shared(text).ToString(CultureInfo.InvariantCulture)).Append("</v></c>");
                    break;
                case DateOnly date:
                    xml.Append("<c r=\"").Append(reference).Append("\" s=\"1\"><v>").Append((date.DayNumber - ExcelEpoch.DayNumber).ToString(CultureInfo.InvariantCulture)).Append("</v></c>");
                    break;
                case int or long or double:
                    xml.Append("<c r=\"").Append(reference).Append("\"><v>").Append(Convert.ToString(cells[c], CultureInfo.InvariantCulture)).Append("</v></c>");
                    break;
            }
        }

        xml.Append("</row>");
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = FixedTimestamp;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
