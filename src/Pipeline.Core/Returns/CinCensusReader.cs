using System.Xml;
using Pipeline.Ingest;
using Pipeline.Reference;

namespace Pipeline.Returns;

/// <summary>
/// Reads a CIN census XML file, one <c>Child</c> at a time (<see cref="XmlRecords"/>), into the SSD tables its declaration names
/// (<see cref="CinCensusMapping"/>). The census has no ids below the child: every record's id is made from the child's id, its
/// own dates and, for two of a kind on one day, an ordinal (see the declaration).
/// </summary>
public sealed class CinCensusReader
{
    /// <summary>
    /// What a CIN census file says of itself before its children: its collection year (from <c>ReferenceDate</c>), or why it is
    /// not a CIN census. Reads only the file's start.
    /// </summary>
    /// <exception cref="XmlException">The start of the file is not well-formed.</exception>
    public static (CollectionYear? Year, string? NotACensus) Peek(XmlReader reader, string fileName, IngestLimits limits)
    {
        var root = XmlRecords.Root(reader);
        if (root != "Message")
        {
            return (null, $"{fileName} is not a CIN census: its root element is {Shown(root)}, not Message");
        }

        while (!reader.IsEmptyElement && XmlRecords.NextElement(reader, 1))
        {
            if (reader.LocalName == "Children")
            {
                return (null, null);
            }

            if (reader.LocalName != "Header")
            {
                XmlRecords.SkipElement(reader);
                continue;
            }

            var details = XmlRecords.ReadRecord(reader, limits)?.Element("CollectionDetails");
            var collection = details?.Element("Collection")?.Text?.Trim();
            if (collection is not null && !collection.Equals("CIN", StringComparison.OrdinalIgnoreCase))
            {
                return (null, $"{fileName} is not a CIN census: its Header/CollectionDetails/Collection is {Shown(collection)}, not CIN");
            }

            var reference = details?.Element("ReferenceDate")?.Text;
            return reference is not null && ValueParsers.TryDate(reference, out var date)
                ? (CollectionYear.Of(date), null)
                : (null, null);
        }

        return (null, null);
    }

    /// <summary>Reads the file's children. Returns why it is not a CIN census (the set is then rejected), or null.</summary>
    /// <exception cref="XmlException">The file is not well-formed (truncated, a DTD, nesting too deep).</exception>
    public string? Read(XmlReader reader, ReturnFile file)
    {
        var root = XmlRecords.Root(reader);
        if (root != "Message")
        {
            return $"{file.Listed.Name} is not a CIN census: its root element is {Shown(root)}, not Message";
        }

        var sawChildren = false;
        while (!reader.IsEmptyElement && XmlRecords.NextElement(reader, 1))
        {
            if (reader.LocalName != "Children")
            {
                XmlRecords.SkipElement(reader);
                continue;
            }

            sawChildren = true;
            if (reader.IsEmptyElement)
            {
                continue;
            }

            XmlRecords.ReadRecords(reader, 2, "Child", file, child => ReadChild(child, file));
            if (file.Overflowed)
            {
                // Reading stops at the first child beyond the manifest's count: nothing after it is read.
                return null;
            }
        }

        return sawChildren ? null : $"{file.Listed.Name} is not a CIN census: it has no Children element";
    }

    private static void ReadChild(XmlNode child, ReturnFile file)
    {
        var identifiers = Record(CinCensusMapping.Identifiers, child.Element("ChildIdentifiers") ?? child);
        var childId = identifiers["LAchildID"]?.Trim();
        if (string.IsNullOrEmpty(childId))
        {
            file.RejectRow("ssd_person", new SourceLocation(child.Line, "Child"), "Child/ChildIdentifiers/LAchildID", IngestRule.KeyMissing,
                "LAchildID is empty or missing, so the child cannot be identified", null);
            return;
        }

        file.Emit("ssd_person", identifiers, childId);
        var ids = new IdMaker();
        if (child.Element("ChildCharacteristics") is { } characteristics)
        {
            file.Emit("ssd_person", Record(CinCensusMapping.Characteristics, characteristics), childId);
            var ordinal = 0;
            foreach (var disability in characteristics.Elements("Disabilities").SelectMany(d => d.Elements("Disability")))
            {
                ordinal++;
                file.Emit("ssd_disability", Leaf(CinCensusMapping.Disabilities, disability), ids.Next($"{childId}:DIS:{Code(disability.Text, ordinal)}"), ("disa_person_id", childId));
            }
        }

        foreach (var details in child.Elements("CINdetails"))
        {
            ReadDetails(details, childId, ids, file);
        }
    }

    private static void ReadDetails(XmlNode details, string childId, IdMaker ids, ReturnFile file)
    {
        var episode = Record(CinCensusMapping.Details, details);
        var referralId = ids.Next($"{childId}:R:{Day(episode["CINreferralDate"])}");
        file.Emit("ssd_cin_episodes", episode, referralId, ("cine_person_id", childId));
        (string, object?) Person(string column) => (column, childId);
        (string, object?) Referral(string column) => (column, referralId);

        foreach (var node in details.Elements("Assessments"))
        {
            var assessment = Record(CinCensusMapping.Assessments, node);
            file.Emit("ssd_cin_assessments", assessment, ids.Next($"{referralId}:A:{Day(assessment["AssessmentActualStartDate"])}"),
                Person("cina_person_id"), Referral("cina_referral_id"));
        }

        foreach (var node in details.Elements("CINPlanDates"))
        {
            var plan = Record(CinCensusMapping.PlanDates, node);
            file.Emit("ssd_cin_plans", plan, ids.Next($"{referralId}:CINP:{Day(plan["CINPlanStartDate"])}"), Person("cinp_person_id"), Referral("cinp_referral_id"));
        }

        var plans = details.Elements("ChildProtectionPlans").Select(n => (Node: n, Record: Record(CinCensusMapping.Plans, n))).ToList();
        var planStarts = plans.Select(p => Day(p.Record["CPPstartDate"])).ToHashSet(StringComparer.Ordinal);
        var conferences = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in details.Elements("Section47"))
        {
            var enquiry = Record(CinCensusMapping.Section47, node);
            var enquiryId = ids.Next($"{referralId}:S47:{Day(enquiry["S47ActualStartDate"])}");
            file.Emit("ssd_s47_enquiry", enquiry, enquiryId, Person("s47e_person_id"), Referral("s47e_referral_id"));
            if (enquiry["DateOfInitialCPC"] is { } held)
            {
                var conferenceId = enquiryId + ":ICPC";
                conferences.TryAdd(Day(held), conferenceId);
                file.Emit("ssd_initial_cp_conference", enquiry, conferenceId, ("icpc_s47_enquiry_id", enquiryId), Person("icpc_person_id"),
                    Referral("icpc_referral_id"), ("icpc_icpc_outcome_cp_flag", planStarts.Contains(Day(held))));
            }
        }

        // A conference recorded on the CINdetails itself, unless an enquiry above already gave it (the same date).
        if (episode["DateOfInitialCPC"] is { } conference && !conferences.ContainsKey(Day(conference)))
        {
            var conferenceId = ids.Next($"{referralId}:ICPC:{Day(conference)}");
            conferences[Day(conference)] = conferenceId;
            file.Emit("ssd_initial_cp_conference", episode, conferenceId, Person("icpc_person_id"), Referral("icpc_referral_id"),
                ("icpc_icpc_outcome_cp_flag", planStarts.Contains(Day(conference))));
        }

        foreach (var (node, plan) in plans)
        {
            var planId = ids.Next($"{referralId}:CPP:{Day(plan["CPPstartDate"])}");
            file.Emit("ssd_cp_plans", plan, planId, Person("cppl_person_id"), Referral("cppl_referral_id"),
                ("cppl_icpc_id", conferences.GetValueOrDefault(Day(plan["CPPstartDate"]))));
            foreach (var review in node.Elements("Reviews").SelectMany(r => r.Elements("CPPreviewDate")))
            {
                file.Emit("ssd_cp_reviews", Leaf(CinCensusMapping.Reviews, review), ids.Next($"{planId}:REV:{Day(review.Text)}"), Person("cppr_person_id"), ("cppr_cp_plan_id", planId));
            }
        }
    }

    // The element's leaves, as a record of the part.
    private static SourceRecord Record(string part, XmlNode element)
    {
        var record = new SourceRecord(part, new SourceLocation(element.Line, element.Path));
        foreach (var leaf in element.Children.Where(c => c.IsLeaf))
        {
            if (leaf.Text is { } text && !ValueParsers.IsEmpty(text))
            {
                record.Add(leaf.Name, text, new SourceLocation(leaf.Line, leaf.Path));
            }
        }

        return record;
    }

    // A repeated leaf (a review date, a disability) as a record of its own.
    private static SourceRecord Leaf(string part, XmlNode leaf)
    {
        var at = new SourceLocation(leaf.Line, leaf.Path);
        var record = new SourceRecord(part, at);
        if (leaf.Text is { } text && !ValueParsers.IsEmpty(text))
        {
            record.Add(leaf.Name, text, at);
        }

        return record;
    }

    // A date as it goes into an id: yyyy-MM-dd when it reads as one (quarantined, if bad, where its column is mapped).
    private static string Day(string? raw) => raw is not null && ValueParsers.TryDate(raw, out var date) ? ReturnFile.Day(date) : "undated";

    // A disability's code as it goes into an id: the code when it is one (letters, at most 8), else its place among the child's.
    private static string Code(string? raw, int ordinal) =>
        raw?.Trim() is { Length: > 0 and <= 8 } code && code.All(char.IsAsciiLetter)
            ? code.ToUpperInvariant()
            : ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Shown(string name) => name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? name : "(not shown)";
}
