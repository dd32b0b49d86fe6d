using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace Pipeline.Tests.Support;

/// <summary>Builds small xlsx workbooks as a spreadsheet program writes them (text in a shared-string table), and broken ones.</summary>
public static class Workbook
{
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    /// <summary>An Excel date cell (a day number).</summary>
    public readonly record struct Day(DateOnly Date);

    /// <summary>A workbook of sheets: name, then rows (the first is the header); a cell is text, a number, a <see cref="Day"/> or null.</summary>
    public static byte[] Build(params (string Name, object?[][] Rows)[] sheets)
    {
        var shared = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var parts = new List<(string, string)>();
        for (var s = 0; s < sheets.Length; s++)
        {
            var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            for (var r = 0; r < sheets[s].Rows.Length; r++)
            {
                xml.Append(CultureInfo.InvariantCulture, $"<row r=\"{r + 1}\">");
                for (var c = 0; c < sheets[s].Rows[r].Length; c++)
                {
                    var reference = $"{Column(c)}{r + 1}";
                    switch (sheets[s].Rows[r][c])
                    {
                        case string text:
                            if (!index.TryGetValue(text, out var i))
                            {
                                index[text] = i = shared.Count;
                                shared.Add(text);
                            }

                            xml.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" t=\"s\"><v>{i}</v></c>");
                            break;
                        case Day day:
                            xml.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\" s=\"1\"><v>{day.Date.DayNumber - ExcelEpoch.DayNumber}</v></c>");
                            break;
                        case int number:
                            xml.Append(CultureInfo.InvariantCulture, $"<c r=\"{reference}\"><v>{number}</v></c>");
                            break;
                    }
                }

                xml.Append("</row>");
            }

            parts.Add(($"xl/worksheets/sheet{s + 1}.xml", xml.Append("</sheetData></worksheet>").ToString()));
        }

        parts.Add(("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"""
            + string.Concat(sheets.Select((s, i) => $"<sheet name=\"{SecurityElement.Escape(s.Name)}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>")) + "</sheets></workbook>"));
        parts.Add(("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"""
            + string.Concat(sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>"))
            + "</Relationships>"));
        parts.Add(("xl/sharedStrings.xml", """<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"""
            + string.Concat(shared.Select(t => $"<si><t>{SecurityElement.Escape(t)}</t></si>")) + "</sst>"));
        return Zip(parts.Select(p => (p.Item1, Encoding.UTF8.GetBytes(p.Item2))));
    }

    /// <summary>A zip of the given entries, each deflated.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    public static string Column(int column)
    {
        var name = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}
