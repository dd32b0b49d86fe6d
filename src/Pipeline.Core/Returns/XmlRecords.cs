using System.Text;
using System.Xml;
using Pipeline.Ingest;

namespace Pipeline.Returns;

/// <summary>One element of an XML return's record, as read: its name, line, text (a leaf) and child elements.</summary>
public sealed class XmlNode(string name, long line, string path)
{
    public string Name { get; } = name;

    public long Line { get; } = line;

    /// <summary>The element's path from the record's element (<c>Child/CINdetails/Assessments/AssessmentActualStartDate</c>).</summary>
    public string Path { get; } = path;

    public string? Text { get; set; }

    public List<XmlNode> Children { get; } = [];

    public IEnumerable<XmlNode> Elements(string name) => Children.Where(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public XmlNode? Element(string name) => Children.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public bool IsLeaf => Children.Count == 0;
}

/// <summary>
/// Reads an XML return as a stream, one record element (a CIN census <c>Child</c>, an SSDA903 <c>CHILD</c>) at a time, so memory
/// holds one child however large the file: a 500 MB census costs no more than its largest child.
/// </summary>
/// <remarks>
/// DTDs are refused outright (<see cref="DtdProcessing.Prohibit"/>; no resolver), so neither entity expansion nor an external
/// entity can be read; nesting is bounded (<c>max_xml_depth</c>), elements per record too (<c>max_xml_record_elements</c>), and a
/// text longer than <c>max_field_chars</c> is read in chunks and kept only as its first characters, marked too long.
/// </remarks>
public static class XmlRecords
{
    /// <summary>Marks a text longer than the field limit (only its first characters are kept).</summary>
    public const char TooLong = '\u0001';

    public static XmlReader Open(Stream stream) => XmlReader.Create(stream, new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        MaxCharactersFromEntities = 1024,
        CloseInput = false,
    });

    public static long Line(XmlReader reader) => reader is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    /// <summary>Moves to the document's root element and returns its name (throws <see cref="XmlException"/> on anything malformed).</summary>
    public static string Root(XmlReader reader)
    {
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                return reader.LocalName;
            }
        }

        throw new XmlException("the file has no root element");
    }

    /// <summary>
    /// Advances to the next start element at <paramref name="depth"/> (reading past anything deeper), or returns false once the
    /// element enclosing that level ends.
    /// </summary>
    public static bool NextElement(XmlReader reader, int depth)
    {
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth)
            {
                return true;
            }

            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth < depth)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads each <paramref name="name"/> element at <paramref name="depth"/> (one child of a return) as a record, counting it as a row
    /// of <paramref name="file"/>, until the level ends or the file holds more rows than its manifest lists. A record beyond the element
    /// limit is quarantined unread; elements of other names are skipped.
    /// </summary>
    public static void ReadRecords(XmlReader reader, int depth, string name, ReturnFile file, Action<XmlNode> read)
    {
        while (NextElement(reader, depth))
        {
            if (reader.LocalName != name)
            {
                SkipElement(reader);
                continue;
            }

            if (!file.NextRow())
            {
                return;
            }

            var line = Line(reader);
            var limits = file.Set.Limits;
            if (ReadRecord(reader, limits) is { } record)
            {
                read(record);
            }
            else
            {
                file.RejectRow("ssd_person", new SourceLocation(line, name), null, IngestRule.MalformedRow,
                    $"the {name} has more than {limits.MaxXmlRecordElements:N0} elements (setting max_xml_record_elements); not read", null);
            }
        }
    }

    /// <summary>Reads past the element the reader is on, leaving the reader on its end (so <see cref="NextElement"/> moves on from there).</summary>
    public static void SkipElement(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        var depth = reader.Depth;
        while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
        }
    }

    /// <summary>
    /// Reads the element the reader is on, and everything inside it, into a tree, then leaves the reader on its end. Returns null
    /// (having read past the element without holding it) when it has more than <c>max_xml_record_elements</c> elements.
    /// </summary>
    /// <exception cref="XmlException">Malformed XML, or nesting deeper than <c>max_xml_depth</c>.</exception>
    public static XmlNode? ReadRecord(XmlReader reader, IngestLimits limits)
    {
        var rootDepth = reader.Depth;
        var root = new XmlNode(reader.LocalName, Line(reader), reader.LocalName);
        if (reader.IsEmptyElement)
        {
            return root;
        }

        // The open elements being held, innermost last, with their depths.
        var open = new Stack<(XmlNode Node, int Depth)>();
        open.Push((root, rootDepth));
        var elements = 1;
        var overflow = false;
        var text = new StringBuilder();
        var buffer = new char[4096];
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth > limits.MaxXmlDepth)
                    {
                        throw new XmlException($"elements are nested more than {limits.MaxXmlDepth} deep (setting max_xml_depth) at line {Line(reader)}");
                    }

                    overflow |= ++elements > limits.MaxXmlRecordElements;
                    if (!overflow)
                    {
                        var parent = open.Peek().Node;
                        var node = new XmlNode(reader.LocalName, Line(reader), parent.Path + "/" + reader.LocalName);
                        parent.Children.Add(node);
                        if (!reader.IsEmptyElement)
                        {
                            open.Push((node, reader.Depth));
                        }
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    text.Clear();
                    int read;
                    while ((read = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
                    {
                        // A text beyond the field limit is read on in chunks, but only its start is kept.
                        if (text.Length <= limits.MaxFieldChars)
                        {
                            text.Append(buffer, 0, Math.Min(read, limits.MaxFieldChars + 1 - text.Length));
                        }
                    }

                    if (!overflow && open.Peek().Depth == reader.Depth - 1)
                    {
                        var value = text.Length > limits.MaxFieldChars ? TooLong + text.ToString(0, Math.Min(200, limits.MaxFieldChars)) : text.ToString();
                        open.Peek().Node.Text = (open.Peek().Node.Text ?? "") + value;
                    }

                    break;
                case XmlNodeType.EndElement:
                    if (reader.Depth == rootDepth)
                    {
                        return overflow ? null : root;
                    }

                    if (open.Peek().Depth == reader.Depth)
                    {
                        open.Pop();
                    }

                    break;
            }
        }

        throw new XmlException("the file ends inside an element (a truncated file?)");
    }
}
