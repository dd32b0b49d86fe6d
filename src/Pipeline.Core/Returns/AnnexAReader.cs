using System.Globalization;
using Pipeline.Ingest;

namespace Pipeline.Returns;

/// <summary>
/// Reads an Annex A workbook into the SSD tables its declaration names (<see cref="AnnexAMapping"/>). A sheet is a list when its
/// header row holds the list's child id and key column (as liia-tools recognises them); only the columns the declaration maps are
/// read, so a name column (the allocated worker's, the personal adviser's) is never read: its cells' shared strings are not even
/// decoded.
/// </summary>
public sealed class AnnexAReader
{
    private const string ChildId = "Child Unique ID";

    /// <summary>Reads the workbook. Returns why it is not an Annex A (the set is then rejected), or null.</summary>
    /// <exception cref="InvalidDataException">The zip is malformed or beyond its limits.</exception>
    public string? Read(XlsxReader workbook, ReturnFile file)
    {
        // The header rows first: their strings say which sheet is which list and which columns are read.
        var headers = new List<(string Sheet, string Part, List<XlsxCell> Cells)>();
        foreach (var (sheet, part) in workbook.Sheets)
        {
            foreach (var (_, cells) in workbook.Rows(part, take: 1))
            {
                headers.Add((sheet, part, [.. cells]));
            }
        }

        var headerStrings = workbook.SharedStrings(headers.SelectMany(h => h.Cells).Where(c => c.IsShared).Select(c => c.SharedString).ToHashSet());
        var lists = new List<SheetList>();
        foreach (var (sheet, part, cells) in headers)
        {
            var names = cells.ToDictionary(c => c.Column, c => (c.IsShared ? headerStrings.GetValueOrDefault(c.SharedString) : c.Text) ?? "");
            if (Identify(sheet, names.Values) is { } list && lists.All(l => l.List != list))
            {
                lists.Add(new SheetList(list, sheet, part, Columns(list, names)));
            }
        }

        if (lists.Count == 0)
        {
            return $"{file.Listed.Name} holds no Annex A list: no sheet's first row has a list's headers (Child Unique ID and its key column, e.g. Date of Contact)";
        }

        // Then the data rows, holding only the columns read, then only the strings those cells use.
        var rows = new List<(SheetList List, long Row, Dictionary<int, XlsxCell> Cells)>();
        foreach (var list in lists.OrderBy(l => int.Parse(l.List[5..], CultureInfo.InvariantCulture)))
        {
            var first = true;
            foreach (var (row, cells) in workbook.Rows(list.Part))
            {
                if (first)
                {
                    first = false;
                    continue;
                }

                if (cells.Count == 0)
                {
                    continue;
                }

                if (!file.NextRow())
                {
                    return null;
                }

                rows.Add((list, row, cells.Where(c => list.Columns.ContainsKey(c.Column)).ToDictionary(c => c.Column)));
            }
        }

        var strings = workbook.SharedStrings(rows.SelectMany(r => r.Cells.Values).Where(c => c.IsShared).Select(c => c.SharedString).ToHashSet());
        var ids = new IdMaker();
        foreach (var (list, row, cells) in rows)
        {
            var person = new SourceRecord(AnnexAMapping.EveryList, new SourceLocation(row, $"{list.Sheet}!A{row}"));
            var record = new SourceRecord(list.List, new SourceLocation(row, $"{list.Sheet}!A{row}"));
            foreach (var (column, cell) in cells)
            {
                var (header, field) = list.Columns[column];
                var value = Value(cell, strings, field);
                if (value is null)
                {
                    continue;
                }

                var at = new SourceLocation(row, $"{list.Sheet}!{XlsxReader.ColumnName(column)}{row.ToString(CultureInfo.InvariantCulture)}");
                (field.Part == AnnexAMapping.EveryList ? person : record).Add(header, value, at);
            }

            if (!Maps(list.List))
            {
                continue;
            }

            var child = person[ChildId]?.Trim();
            if (string.IsNullOrEmpty(child))
            {
                file.RejectRow(MainTable(list.List), person.At, ChildId, IngestRule.KeyMissing, "Child Unique ID is empty, so the row cannot be identified", null);
                continue;
            }

            file.Emit("ssd_person", person, child);
            Emit(list.List, record, child, ids, file);
        }

        return null;
    }

    // Lists 2, 10 and 11 (early help, adoption, adopters) map nothing: their rows are counted, not read further.
    private static bool Maps(string list) => AnnexAMapping.Format.Fields.Any(f => f.Part == list && f.Target is not null);

    private static void Emit(string list, SourceRecord r, string child, IdMaker ids, ReturnFile file)
    {
        switch (list)
        {
            case AnnexAMapping.List1:
                file.Emit("ssd_contacts", r, ids.Next($"{child}:C:{Day(r["Date of Contact"])}"), ("cont_person_id", child));
                break;
            case AnnexAMapping.List3:
                file.Emit("ssd_cin_episodes", r, $"{child}:R:{Day(r["Date of referral"])}", ("cine_person_id", child));
                break;
            case AnnexAMapping.List4:
                file.Emit("ssd_cin_assessments", r, ids.Next($"{child}:A:{Day(r["Continuous Assessment Start Date"])}"), ("cina_person_id", child));
                break;
            case AnnexAMapping.List5:
                var enquiry = ids.Next($"{child}:S47:{Day(r["Strategy discussion initiating Section 47 Enquiry Start Date"])}");
                file.Emit("ssd_s47_enquiry", r, enquiry, ("s47e_person_id", child));
                if (r.Has("Date of Initial Child Protection Conference"))
                {
                    file.Emit("ssd_initial_cp_conference", r, enquiry + ":ICPC", ("icpc_s47_enquiry_id", enquiry), ("icpc_person_id", child));
                }

                break;
            case AnnexAMapping.List6:
                file.Emit("ssd_cin_episodes", r, $"{child}:R:{Day(r["CIN Start Date"])}", ("cine_person_id", child));
                if (r["Date Child Was Last Seen"] is { } seen)
                {
                    file.Emit("ssd_cin_visits", r, $"{child}:V:{Day(seen)}", ("cinv_person_id", child), ("cinv_cin_visit_seen", true));
                }

                break;
            case AnnexAMapping.List7:
                var plan = ids.Next($"{child}:CPP:{Day(r["Child Protection Plan Start Date"])}");
                file.Emit("ssd_cp_plans", r, plan, ("cppl_person_id", child));
                if (r["Date of the Last Statutory Visit"] is { } visited)
                {
                    file.Emit("ssd_cp_visits", r, $"{plan}:V:{Day(visited)}", ("cppv_person_id", child), ("cppv_cp_plan_id", plan));
                }

                if (r["Date of latest review conference"] is { } reviewed)
                {
                    file.Emit("ssd_cp_reviews", r, $"{plan}:REV:{Day(reviewed)}", ("cppr_person_id", child), ("cppr_cp_plan_id", plan));
                }

                break;
            case AnnexAMapping.List8:
                EmitLookedAfter(r, child, ids, file);
                break;
            case AnnexAMapping.List9:
                file.Emit("ssd_care_leavers", r, $"{child}:CL", ("clea_person_id", child));
                break;
        }
    }

    private static void EmitLookedAfter(SourceRecord r, string child, IdMaker ids, ReturnFile file)
    {
        string? placement = null;
        if (r["Start Date of Most Recent Placement"] is { } placed)
        {
            placement = $"{child}:P:{Day(placed)}";
            // The placement ends when care does (a bad date is quarantined once, as the episode's).
            var ceased = r["Date Ceased to be Looked After"] is { } text && ValueParsers.TryDate(text, out var date) ? date : (DateOnly?)null;
            file.Emit("ssd_cla_placement", r, placement, ("clap_cla_id", child), ("clap_person_id", child), ("clap_cla_placement_end_date", ceased));
        }

        file.Emit("ssd_cla_episodes", r, ids.Next($"{child}:E:{Day(r["Date Started to be Looked After"])}"),
            ("clae_person_id", child), ("clae_cla_id", child), ("clae_cla_episode_start_reason", "S"), ("clae_cla_placement_id", placement));
        if (r.Has("Child's Legal Status") || r.Has("Start date of current legal status"))
        {
            file.Emit("ssd_legal_status", r, $"{child}:L:{Day(r["Start date of current legal status"])}", ("lega_person_id", child));
        }

        if (r["Date of Latest Statutory Review"] is { } reviewed)
        {
            file.Emit("ssd_cla_reviews", r, $"{child}:R:{Day(reviewed)}", ("clar_cla_id", child));
        }

        if (r["Date of Last Social Work Visit"] is { } visited)
        {
            file.Emit("ssd_cla_visits", r, $"{child}:V:{Day(visited)}", ("clav_cla_id", child), ("clav_person_id", child));
        }

        // Two health checks from two columns of one row: each is its own record, holding only its own date.
        foreach (var (column, type, code) in new[] { ("Date of Last Health Assessment", "Health assessment", "HA"), ("Date of Last Dental Check", "Dental check", "DC") })
        {
            if (r[column] is { } checkedOn)
            {
                var check = new SourceRecord(r.Part, r.Where(column));
                check.Add(column, checkedOn, r.Where(column));
                file.Emit("ssd_cla_health", check, $"{child}:{code}:{Day(checkedOn)}", ("clah_person_id", child), ("clah_health_check_type", type));
            }
        }
    }

    // Which list a sheet is: its name says "List n" and its headers have that list's child id and key column, or its headers alone do.
    private static string? Identify(string sheet, IEnumerable<string> headers)
    {
        var present = headers.Select(AnnexAMapping.Normal).ToHashSet(StringComparer.Ordinal);
        bool Fits(string list) =>
            present.Contains(AnnexAMapping.Normal(AnnexAMapping.Headers[list][0])) && present.Contains(AnnexAMapping.Normal(AnnexAMapping.KeyColumns[list]));

        var named = AnnexAMapping.Headers.Keys.FirstOrDefault(l => AnnexAMapping.Normal(sheet) == AnnexAMapping.Normal(l)
            || AnnexAMapping.Normal(sheet).StartsWith(AnnexAMapping.Normal(l) + " ", StringComparison.Ordinal));
        return named is not null && Fits(named) ? named : AnnexAMapping.Headers.Keys.FirstOrDefault(Fits);
    }

    // The sheet's columns that are read: the child's id, and every header the declaration maps (a name header never).
    private static Dictionary<int, (string Header, FieldMapping Field)> Columns(string list, Dictionary<int, string> names)
    {
        var declaration = AnnexAMapping.Format;
        var read = new Dictionary<int, (string, FieldMapping)>();
        foreach (var (column, header) in names)
        {
            if (AnnexAMapping.IsNameHeader(header))
            {
                continue;
            }

            var normal = AnnexAMapping.Normal(header);
            var field = declaration.Fields.FirstOrDefault(f => f.Target is not null && !f.NeverRead && (f.Part == list || f.Part == AnnexAMapping.EveryList)
                && AnnexAMapping.Normal(f.Field) == normal);
            if (field is not null && !read.Values.Any(v => v.Item1 == field.Field))
            {
                read[column] = (field.Field, field);
            }
        }

        return read;
    }

    // A cell's text as the record holds it: an Excel date (a day number) in a date column as yyyy-MM-dd.
    private static string? Value(XlsxCell cell, Dictionary<int, string> strings, FieldMapping field)
    {
        var text = cell.IsShared ? strings.GetValueOrDefault(cell.SharedString) : cell.Text;
        if (text is null || ValueParsers.IsEmpty(text))
        {
            return null;
        }

        if (cell.IsNumber && IsDate(field) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2958466)
        {
            return ReturnFile.Day(DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial))));
        }

        return text;
    }

    private static bool IsDate(FieldMapping field) =>
        SsdTables.Find(field.TargetTable!)?.Columns.FirstOrDefault(c => c.Name == field.TargetColumn)?.Kind is ColumnKind.Date or ColumnKind.Timestamp;

    private static string MainTable(string list) => list switch
    {
        AnnexAMapping.List1 => "ssd_contacts",
        AnnexAMapping.List3 or AnnexAMapping.List6 => "ssd_cin_episodes",
        AnnexAMapping.List4 => "ssd_cin_assessments",
        AnnexAMapping.List5 => "ssd_s47_enquiry",
        AnnexAMapping.List7 => "ssd_cp_plans",
        AnnexAMapping.List8 => "ssd_cla_episodes",
        AnnexAMapping.List9 => "ssd_care_leavers",
        _ => "annex_a." + list.Replace(' ', '_').ToLowerInvariant(),
    };

    private static string Day(string? raw) => raw is not null && ValueParsers.TryDate(raw, out var date) ? ReturnFile.Day(date) : "undated";

    private sealed record SheetList(string List, string Sheet, string Part, Dictionary<int, (string Header, FieldMapping Field)> Columns);
}
