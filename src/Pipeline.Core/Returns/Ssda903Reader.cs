using System.Xml;
using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Ingest.Csv;

namespace Pipeline.Returns;

/// <summary>
/// Reads the SSDA903 return, as CSV tables or as the return's XML, into the SSD tables its declaration names
/// (<see cref="Ssda903Mapping"/>). Both layouts become the same records (<see cref="SourceRecord"/>), so they map alike.
/// </summary>
/// <remarks>
/// Episodes are the one part held until every file is read: placements and legal statuses are runs of a child's episodes in
/// date order, and a CSV need not be sorted. Everything else goes into its table as it is read.
/// </remarks>
public sealed class Ssda903Reader(ReturnSet set)
{
    private static readonly HashSet<string> NewPlacement = new(["S", "P", "T", "U", "B"], StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> NewLegalStatus = new(["S", "L", "U", "B"], StringComparer.OrdinalIgnoreCase);

    private readonly List<(ReturnFile File, SourceRecord Record, string Child, string Id, DateOnly? Start, DateOnly? End)> _episodes = [];
    private readonly HashSet<string> _episodeIds = new(StringComparer.Ordinal);

    /// <summary>The table a CSV file holds, from its name: <c>episodes.csv</c>, <c>episodes_last.csv.gz</c>; null when it is none of the return's.</summary>
    public static (string Part, bool LastYear)? PartOf(string fileName)
    {
        var table = ManifestFile.TableOf(fileName);
        var last = table.EndsWith("_last", StringComparison.Ordinal);
        var part = last ? table[..^"_last".Length] : table;
        return Ssda903Mapping.Columns.ContainsKey(part) && (fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
            ? (part, last)
            : null;
    }

    /// <summary>
    /// Reads one CSV table. Returns why the file is not the table its name says (the set is then rejected), or null; a header
    /// without CHILD rejects just the file (<see cref="FileIngestStats.Rejected"/>, via <paramref name="rejectedBecause"/>).
    /// </summary>
    public string? ReadCsv(CsvRecordReader csv, ReturnFile file, string part, out string? rejectedBecause)
    {
        rejectedBecause = null;
        var header = csv.ReadHeader();
        var columns = Ssda903Mapping.Columns[part];
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; header is not null && i < header.Length; i++)
        {
            index.TryAdd(header[i].Trim().TrimStart('\uFEFF'), i);
        }

        if (!columns.Any(index.ContainsKey))
        {
            return $"{file.Listed.Name} is not an SSDA903 {part} table: its header has none of {string.Join(", ", columns)}";
        }

        var table = MainTable(part);
        if (!index.TryGetValue("CHILD", out var childColumn) || csv.Error is not null || csv.BadEncodingFields.Count > 0)
        {
            rejectedBecause = csv.Error is not null || csv.BadEncodingFields.Count > 0 ? "the header row is malformed" : "key column CHILD is missing from the header";
            while (csv.Read() && file.NextRow())
            {
            }

            set.Quarantine.Add(new QuarantineEntry(table, file.Listed.Name, 1, "CHILD",
                rejectedBecause.StartsWith("key", StringComparison.Ordinal) ? IngestRule.MissingKeyColumn : IngestRule.BadHeader,
                QuarantineAction.FileRejected, $"{rejectedBecause}; {file.RowsRead} rows not used", null, null));
            return null;
        }

        var ids = new IdMaker();
        while (csv.Read() && file.NextRow())
        {
            var at = new SourceLocation(csv.RecordLine, $"{part}.CHILD");
            if (csv.Error is { } error || csv.FieldCount != header!.Length)
            {
                file.RejectRow(table, at, null, csv.Error is null ? IngestRule.FieldCount : IngestRule.MalformedRow,
                    csv.Error ?? $"expected {header!.Length} fields, found {csv.FieldCount}", null);
                continue;
            }

            var record = new SourceRecord(part, at);
            foreach (var column in columns)
            {
                if (index.TryGetValue(column, out var i))
                {
                    if (csv.BadEncodingFields.Contains(i))
                    {
                        set.Quarantine.Add(new QuarantineEntry(table, file.Listed.Name, csv.RecordLine, $"{part}.{column}", IngestRule.BadEncoding,
                            QuarantineAction.ValueCleared, $"{column} holds bytes that are not UTF-8; read as empty", csv.Field(childColumn).ToString(), null));
                        continue;
                    }

                    var raw = csv.Field(i);
                    if (!ValueParsers.IsEmpty(raw))
                    {
                        record.Add(column, raw.ToString(), new SourceLocation(csv.RecordLine, $"{part}.{column}"));
                    }
                }
            }

            Add(file, record, ids);
        }

        return null;
    }

    /// <summary>Reads the return's XML. Returns why the file is not an SSDA903 return (the set is then rejected), or null.</summary>
    /// <exception cref="XmlException">The file is not well-formed (a truncated file, a DTD, nesting too deep).</exception>
    public string? ReadXml(XmlReader reader, ReturnFile file)
    {
        var root = XmlRecords.Root(reader);
        if (root != "EXPSSDA903")
        {
            return $"{file.Listed.Name} is not an SSDA903 return: its root element is {Shown(root)}, not EXPSSDA903";
        }

        if (reader.IsEmptyElement)
        {
            return null;
        }

        XmlRecords.ReadRecords(reader, 1, "CHILD", file, child => ReadChild(child, file));
        return null;
    }

    /// <summary>Maps the episodes held back: the episodes themselves, then each child's placements and legal statuses.</summary>
    public void Finish()
    {
        foreach (var child in _episodes.GroupBy(e => e.Child, StringComparer.Ordinal))
        {
            var episodes = child.OrderBy(e => e.Start ?? DateOnly.MaxValue).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
            DateOnly? enteredCare = null;
            var placementStart = 0;
            var statusStart = 0;
            var placementIds = new string?[episodes.Count];
            var enteredCareOf = new DateOnly?[episodes.Count];
            for (var i = 0; i < episodes.Count; i++)
            {
                var (_, record, _, _, start, _) = episodes[i];
                var rne = record["RNE"]?.Trim() ?? "";
                var previous = i == 0 ? default : episodes[i - 1];
                var continues = i > 0 && previous.End is { } previousEnd && start == previousEnd;
                if (rne.Equals("S", StringComparison.OrdinalIgnoreCase))
                {
                    enteredCare = start;
                }

                if (i > 0 && (!continues || NewPlacement.Contains(rne) || !Same(previous.Record, record, "PLACE")))
                {
                    EmitPlacement(child.Key, episodes, placementStart, i - 1, placementIds);
                    placementStart = i;
                }

                if (i > 0 && (!continues || NewLegalStatus.Contains(rne) || !Same(previous.Record, record, "LS")))
                {
                    EmitLegalStatus(child.Key, episodes, statusStart, i - 1);
                    statusStart = i;
                }

                enteredCareOf[i] = enteredCare;
            }

            EmitPlacement(child.Key, episodes, placementStart, episodes.Count - 1, placementIds);
            EmitLegalStatus(child.Key, episodes, statusStart, episodes.Count - 1);
            for (var i = 0; i < episodes.Count; i++)
            {
                var (file, record, _, id, _, _) = episodes[i];
                file.Emit("ssd_cla_episodes", record, id,
                    ("clae_cla_id", child.Key), ("clae_cla_placement_id", placementIds[i]), ("clae_entered_care_date", enteredCareOf[i]));
            }
        }

        _episodes.Clear();
    }

    private void EmitPlacement(string child, List<(ReturnFile File, SourceRecord Record, string Child, string Id, DateOnly? Start, DateOnly? End)> episodes,
        int first, int last, string?[] placementIds)
    {
        var (file, record, _, _, start, _) = episodes[first];
        var id = $"{child}:P:{Day(start)}";
        var reason = file.Declaration.Field(Ssda903Mapping.Episodes, "REASON_PLACE_CHANGE").Value(episodes[last].Record["REASON_PLACE_CHANGE"]);
        file.Emit("ssd_cla_placement", record, id,
            ("clap_cla_placement_start_date", start), ("clap_cla_placement_end_date", episodes[last].End), ("clap_cla_id", child), ("clap_person_id", child),
            ("clap_cla_placement_change_reason", reason));
        for (var i = first; i <= last; i++)
        {
            placementIds[i] = id;
        }
    }

    private static void EmitLegalStatus(string child, List<(ReturnFile File, SourceRecord Record, string Child, string Id, DateOnly? Start, DateOnly? End)> episodes,
        int first, int last)
    {
        var (file, record, _, _, start, _) = episodes[first];
        file.Emit("ssd_legal_status", record, $"{child}:L:{Day(start)}",
            ("lega_person_id", child), ("lega_legal_status_start_date", start), ("lega_legal_status_end_date", episodes[last].End));
    }

    private static bool Same(SourceRecord a, SourceRecord b, string field) =>
        string.Equals(a[field]?.Trim(), b[field]?.Trim(), StringComparison.OrdinalIgnoreCase);

    // One CHILD of the XML: its HEADER's leaves are the header (and the one-record tables: UASC, OC3, AD1); its elements the rest.
    private void ReadChild(XmlNode child, ReturnFile file)
    {
        var header = child.Element("HEADER");
        var at = new SourceLocation(child.Line, "CHILD");
        var leaves = header?.Children.Where(n => n.IsLeaf).ToList() ?? [];
        var ids = new IdMaker();
        var headerRecord = Record(Ssda903Mapping.Header, header ?? child, leaves);
        var childId = headerRecord["CHILD"];
        if (childId is null || ValueParsers.IsEmpty(childId))
        {
            file.RejectRow("ssd_person", at, "CHILD/HEADER/CHILDID", IngestRule.KeyMissing, "CHILDID is empty or missing, so the child cannot be identified", null);
            return;
        }

        Add(file, headerRecord, ids);
        foreach (var single in new[] { Ssda903Mapping.Uasc, Ssda903Mapping.Oc3, Ssda903Mapping.Ad1 })
        {
            var nested = header?.Element(single.ToUpperInvariant());
            var fields = leaves.Concat(nested?.Children.Where(n => n.IsLeaf) ?? []).Where(n => IsField(single, n.Name) && n.Name != "CHILDID").ToList();
            if (fields.Any(f => !Ssda903Mapping.Columns[Ssda903Mapping.Header].Contains(Renamed(f.Name), StringComparer.OrdinalIgnoreCase)
                    && !string.IsNullOrWhiteSpace(f.Text) && !(single == Ssda903Mapping.Uasc && f.Name == "UASC" && f.Text?.Trim() is "0")))
            {
                Add(file, WithChild(Record(single, nested ?? header!, fields), childId, header!), ids);
            }
        }

        foreach (var (element, part) in new[]
                 {
                     ("AREVIEW", Ssda903Mapping.Reviews), ("AMISSING", Ssda903Mapping.Missing), ("OC2", Ssda903Mapping.Oc2),
                     ("PERMANENCE", Ssda903Mapping.PrevPerm), ("AD_PLACED", Ssda903Mapping.PlacedForAdoption),
                 })
        {
            foreach (var node in header?.Elements(element) ?? [])
            {
                Add(file, WithChild(Record(part, node, node.Children.Where(n => n.IsLeaf)), childId, node), ids);
            }
        }

        foreach (var node in child.Elements("EPISODE"))
        {
            Add(file, WithChild(Record(Ssda903Mapping.Episodes, node, node.Children.Where(n => n.IsLeaf)), childId, node), ids);
        }
    }

    private static bool IsField(string part, string element) => Ssda903Mapping.Columns[part].Contains(Renamed(element), StringComparer.OrdinalIgnoreCase)
        || (part == Ssda903Mapping.Uasc && element == "UASC");

    private static SourceRecord Record(string part, XmlNode parent, IEnumerable<XmlNode> leaves)
    {
        var record = new SourceRecord(part, new SourceLocation(parent.Line, parent.Path));
        foreach (var leaf in leaves)
        {
            if (leaf.Text is { } text && !ValueParsers.IsEmpty(text))
            {
                record.Add(Renamed(leaf.Name), text, new SourceLocation(leaf.Line, leaf.Path));
            }
        }

        return record;
    }

    private static SourceRecord WithChild(SourceRecord record, string childId, XmlNode at)
    {
        record.Add("CHILD", childId, new SourceLocation(at.Line, "CHILD/HEADER/CHILDID"));
        return record;
    }

    private static string Renamed(string element) => Ssda903Mapping.XmlRenames.TryGetValue(element, out var column) ? column : element;

    // One record of any part, from either layout.
    private void Add(ReturnFile file, SourceRecord record, IdMaker ids)
    {
        var child = record["CHILD"]?.Trim();
        var table = MainTable(record.Part);
        if (string.IsNullOrEmpty(child))
        {
            file.RejectRow(table, record.At, record.At.Where, IngestRule.KeyMissing, "CHILD is empty, so the row cannot be identified", null);
            return;
        }

        switch (record.Part)
        {
            case Ssda903Mapping.Header:
                file.Emit("ssd_person", record, child);
                break;
            case Ssda903Mapping.Episodes:
                var start = Quiet(record["DECOM"]);
                var id = ids.Next($"{child}:E:{Day(start)}");
                if (_episodeIds.Add(id))
                {
                    _episodes.Add((file, record, child, id, start, Quiet(record["DEC"])));
                }

                break;
            case Ssda903Mapping.Reviews:
                file.Emit("ssd_cla_reviews", record, ids.Next($"{child}:R:{Day(Quiet(record["REVIEW"]))}"));
                break;
            case Ssda903Mapping.Oc3:
                file.Emit("ssd_care_leavers", record, $"{child}:CL");
                break;
            case Ssda903Mapping.Uasc when record["UASC"]?.Trim() != "0":
                file.Emit("ssd_immigration_status", record, $"{child}:UASC", ("immi_immigration_status", Ssda903Mapping.UascStatus));
                break;
            case Ssda903Mapping.PlacedForAdoption:
                // One id for a decision and its AD1 (DATE_INT is DATE_PLACED, 903:523): whichever is read second fills in the other's empty columns.
                file.Emit("ssd_permanence", record, ids.Next($"{child}:PERM:{Day(Quiet(record["DATE_PLACED"]))}"), ("perm_cla_id", child));
                break;
            case Ssda903Mapping.Ad1:
                file.Emit("ssd_permanence", record, $"{child}:PERM:{Day(Quiet(record["DATE_INT"]))}", ("perm_cla_id", child));
                break;
            case Ssda903Mapping.Missing:
                file.Emit("ssd_missing", record, ids.Next($"{child}:M:{Day(Quiet(record["MIS_START"]))}"));
                break;
            case Ssda903Mapping.SwEpisodes:
                file.Emit("ssd_involvements", record, ids.Next($"{child}:SW:{Day(Quiet(record["SW_DECOM"]))}"),
                    ("invo_professional_role_id", Ssda903Mapping.SocialWorkerRole));
                break;
        }
    }

    // The SSD table a part's rows fill (for a quarantined row), or the part itself when it fills none.
    private static string MainTable(string part) => part switch
    {
        Ssda903Mapping.Header => "ssd_person",
        Ssda903Mapping.Episodes => "ssd_cla_episodes",
        Ssda903Mapping.Reviews => "ssd_cla_reviews",
        Ssda903Mapping.Oc3 => "ssd_care_leavers",
        Ssda903Mapping.Uasc => "ssd_immigration_status",
        Ssda903Mapping.PlacedForAdoption or Ssda903Mapping.Ad1 => "ssd_permanence",
        Ssda903Mapping.Missing => "ssd_missing",
        Ssda903Mapping.SwEpisodes => "ssd_involvements",
        _ => "ssda903." + part,
    };

    // A date read only to build an id or order episodes: a bad one is quarantined when its column is mapped, not here.
    private static DateOnly? Quiet(string? raw) => raw is not null && ValueParsers.TryDate(raw, out var date) ? date : null;

    private static string Day(DateOnly? date) => date is { } d ? ReturnFile.Day(d) : "undated";

    private static string Shown(string name) => name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? name : "(not shown)";
}
