using System.Globalization;
using System.Text;
using System.Xml;
using Pipeline.Extract;
using Pipeline.Reference;
using Pipeline.Returns;

namespace Pipeline.Synthetic.Formats;

/// <summary>
/// Writes the simulated council's SSDA903 return for a collection year, as the validators' CSV tables or as the return's XML:
/// every child looked after at some point of the year, each episode open in it, reviews and missing episodes of the year, the
/// care leavers' OC3 (current year only), social-worker episodes, UASC status and the adoption modules (placed_for_adoption, AD1).
/// A year not over is the return as at as_at (an in-year run, as councils make monthly); last year's is as its year end knew it,
/// so what ended later is still open there.
/// </summary>
internal sealed class Ssda903Writer(ReturnSource source)
{
    /// <summary>One collection year's records, ready to write in either layout.</summary>
    private sealed record YearRecords(
        List<Dictionary<string, string?>> Header,
        List<Dictionary<string, string?>> Episodes,
        List<Dictionary<string, string?>> Reviews,
        List<Dictionary<string, string?>> Oc3,
        List<Dictionary<string, string?>> Missing,
        List<Dictionary<string, string?>> SwEpisodes,
        List<Dictionary<string, string?>> Uasc,
        List<Dictionary<string, string?>> Ad1,
        List<Dictionary<string, string?>> PlacedForAdoption);

    /// <summary>Writes the year's tables as CSV (<c>episodes.csv</c>; <c>episodes_last.csv</c> for the previous year).</summary>
    public void WriteCsv(SetWriter set, CollectionYear year, bool lastYear)
    {
        var records = Records(year, withOc3: !lastYear);
        var suffix = lastYear ? "_last" : "";
        foreach (var (part, columns) in Ssda903Mapping.Columns)
        {
            var rows = part switch
            {
                Ssda903Mapping.Header => records.Header,
                Ssda903Mapping.Episodes => records.Episodes,
                Ssda903Mapping.Reviews => records.Reviews,
                Ssda903Mapping.Oc3 => records.Oc3,
                Ssda903Mapping.Missing => records.Missing,
                Ssda903Mapping.SwEpisodes => records.SwEpisodes,
                Ssda903Mapping.Uasc => records.Uasc,
                Ssda903Mapping.Ad1 => records.Ad1,
                Ssda903Mapping.PlacedForAdoption => records.PlacedForAdoption,
                _ => [],
            };
            set.Add($"{part}{suffix}.csv", stream => WriteTable(stream, columns, rows));
        }
    }

    /// <summary>Writes the year as the return's XML (<c>ssda903.xml</c>; <c>ssda903_last.xml</c> for the previous year). Social-worker episodes have no XML form.</summary>
    public void WriteXml(SetWriter set, CollectionYear year, bool lastYear)
    {
        var records = Records(year, withOc3: !lastYear);
        set.Add(lastYear ? "ssda903_last.xml" : "ssda903.xml", stream =>
        {
            using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = SetWriter.Utf8, Indent = true, NewLineChars = "\n" });
            xml.WriteStartDocument();
            xml.WriteStartElement("EXPSSDA903");
            ILookup<string, Dictionary<string, string?>> By(List<Dictionary<string, string?>> rows) => rows.ToLookup(r => r["CHILD"]!, StringComparer.Ordinal);
            var (episodes, reviews, missing, oc3) = (By(records.Episodes), By(records.Reviews), By(records.Missing), By(records.Oc3));
            var (uasc, ad1, placedForAdoption) = (By(records.Uasc), By(records.Ad1), By(records.PlacedForAdoption));
            foreach (var header in records.Header)
            {
                var child = header["CHILD"]!;
                xml.WriteStartElement("CHILD");
                xml.WriteStartElement("HEADER");
                Element(xml, "CHILDID", child);
                foreach (var column in new[] { "UPN", "SEX", "DOB", "ETHNIC", "MOTHER", "MC_DOB" })
                {
                    Element(xml, column, header[column]);
                }

                // UASC and AD1 are leaves of HEADER (UASC 1 or 0 for every child); each decision about adoption an AD_PLACED.
                var asylum = uasc[child].FirstOrDefault();
                Element(xml, "UASC", asylum is null ? "0" : "1");
                Element(xml, "DUC", asylum?["DUC"]);
                foreach (var adoption in ad1[child])
                {
                    foreach (var column in Ssda903Mapping.Columns[Ssda903Mapping.Ad1].Skip(2))
                    {
                        Element(xml, column, adoption[column]);
                    }
                }

                foreach (var decision in placedForAdoption[child])
                {
                    xml.WriteStartElement("AD_PLACED");
                    foreach (var column in Ssda903Mapping.Columns[Ssda903Mapping.PlacedForAdoption].Skip(2))
                    {
                        Element(xml, column, decision[column]);
                    }

                    xml.WriteEndElement();
                }

                foreach (var review in reviews[child])
                {
                    xml.WriteStartElement("AREVIEW");
                    Element(xml, "REVIEW", review["REVIEW"]);
                    Element(xml, "REVIEW_CODE", review["REVIEW_CODE"]);
                    xml.WriteEndElement();
                }

                foreach (var episode in missing[child])
                {
                    xml.WriteStartElement("AMISSING");
                    foreach (var column in new[] { "MISSING", "MIS_START", "MIS_END" })
                    {
                        Element(xml, column, episode[column]);
                    }

                    xml.WriteEndElement();
                }

                foreach (var leaver in oc3[child])
                {
                    foreach (var column in new[] { "IN_TOUCH", "ACTIV", "ACCOM" })
                    {
                        Element(xml, column, leaver[column]);
                    }
                }

                xml.WriteEndElement();
                foreach (var episode in episodes[child])
                {
                    xml.WriteStartElement("EPISODE");
                    foreach (var column in Ssda903Mapping.Columns[Ssda903Mapping.Episodes].Skip(1))
                    {
                        Element(xml, column == "PLACE" ? "PL" : column, episode[column]);
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
            return records.Header.Count;
        });
    }

    private YearRecords Records(CollectionYear year, bool withOc3)
    {
        var from = year.FirstDay;
        var to = year.LastDay < source.AsAt ? year.LastDay : source.AsAt;
        var records = new YearRecords([], [], [], [], [], [], [], [], []);
        var children = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (child, all) in source.ClaEpisodes.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var episodes = all.Where(e => ReturnSource.Overlaps(e.StartDate, e.CeasedDate, from, to)).ToList();
            if (episodes.Count == 0)
            {
                continue;
            }

            children.Add(child);
            for (var i = 0; i < episodes.Count; i++)
            {
                records.Episodes.Add(Episode(child, episodes[i], i + 1 < episodes.Count ? episodes[i + 1] : null, to));
            }

            var dob = Dob(child);
            foreach (var review in source.Reviews.GetValueOrDefault(child) ?? [])
            {
                if (review.Cancelled != true && review.ReviewDate is { } held && held >= from && held <= to)
                {
                    records.Reviews.Add(new() { ["CHILD"] = child, ["DOB"] = dob, ["REVIEW"] = Date(held), ["REVIEW_CODE"] = review.Participation });
                }
            }

            foreach (var missing in source.Missing.GetValueOrDefault(child) ?? [])
            {
                // The return's missing episodes are those of a looked-after child, begun in the year.
                if (missing.StartDate is { } start && start >= from && start <= to && all.Any(e => ReturnSource.Overlaps(e.StartDate, e.CeasedDate, start, start)))
                {
                    records.Missing.Add(new()
                    {
                        ["CHILD"] = child, ["DOB"] = dob, ["MISSING"] = ReturnSource.Code("missing_type", missing.EpisodeType, start),
                        ["MIS_START"] = Date(start), ["MIS_END"] = Date(ReturnSource.AsOf(missing.EndDate, to)),
                    });
                }
            }

            AddAdoption(records, child, dob, episodes, from, to);
            var asylum = (source.ImmigrationStatuses.GetValueOrDefault(child) ?? [])
                .LastOrDefault(s => s.Status?.Contains("UASC", StringComparison.OrdinalIgnoreCase) == true && s.StartDate is { } start && start <= to);
            if (asylum is not null)
            {
                records.Uasc.Add(new()
                {
                    ["CHILD"] = child, ["SEX"] = source.Persons.GetValueOrDefault(child)?.Sex, ["DOB"] = dob, ["DUC"] = Date(ReturnSource.AsOf(asylum.EndDate, to)),
                });
            }

            foreach (var allocation in source.Involvements.GetValueOrDefault(child) ?? [])
            {
                if (allocation.ProfessionalId is not null && ReturnSource.Overlaps(allocation.StartDate, allocation.EndDate, from, to)
                    && episodes.Any(e => ReturnSource.Overlaps(e.StartDate, e.CeasedDate, allocation.StartDate!.Value, allocation.EndDate ?? to)))
                {
                    var ended = ReturnSource.AsOf(allocation.EndDate, to);
                    records.SwEpisodes.Add(new()
                    {
                        ["CHILD"] = child, ["DOB"] = dob, ["SW_ID"] = allocation.ProfessionalId, ["SW_DECOM"] = Date(allocation.StartDate),
                        ["SW_DEC"] = Date(ended), ["SW_REASON"] = ended is null ? null : allocation.ChangeReason,
                    });
                }
            }
        }

        if (withOc3)
        {
            foreach (var leaver in source.Set.CareLeavers.OrderBy(c => c.PersonId, StringComparer.Ordinal))
            {
                children.Add(leaver.PersonId);
                var accommodation = leaver.Accommodation?.Trim();
                records.Oc3.Add(new()
                {
                    ["CHILD"] = leaver.PersonId, ["DOB"] = Dob(leaver.PersonId), ["IN_TOUCH"] = leaver.InTouch, ["ACTIV"] = leaver.Activity,
                    ["ACCOM"] = accommodation is null or "0" || leaver.AccommodationSuitable is null ? accommodation : accommodation + leaver.AccommodationSuitable.Trim(),
                });
            }
        }

        foreach (var child in children)
        {
            var person = source.Persons.GetValueOrDefault(child);
            records.Header.Add(new()
            {
                ["CHILD"] = child, ["SEX"] = person?.Sex, ["DOB"] = Date(person?.DateOfBirth), ["ETHNIC"] = person?.Ethnicity, ["UPN"] = null,
                ["MOTHER"] = person?.IsMother switch { true => "1", false => "0", _ => null }, ["MC_DOB"] = null,
            });
        }

        return records;
    }

    /// <summary>
    /// A looked-after child's adoption records: each decision that they should be placed for adoption, made in a period of care the
    /// year's episodes are in, known by the year's end and not reversed before it began (PlacedAdoption); and for a child adopted in
    /// the year (an episode ceased E11 or E12) the AD1 of the latest decision before the adoption, its DATE_INT that decision's date.
    /// A decision of an earlier period of care is not the return's: it would read as made before the child was looked after (903:1003).
    /// </summary>
    private void AddAdoption(YearRecords records, string child, string? dob, List<ClaEpisode> episodes, DateOnly from, DateOnly to)
    {
        var periods = episodes.Select(e => e.ClaId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var decisions = (source.Permanences.GetValueOrDefault(child) ?? [])
            .Where(p => p.ClaId is not null && periods.Contains(p.ClaId) && p.DecisionDate is { } d && d <= to
                && !(p.DecisionReversedDate is { } reversed && reversed < from)).ToList();
        foreach (var p in decisions)
        {
            var reversed = ReturnSource.AsOf(p.DecisionReversedDate, to);
            records.PlacedForAdoption.Add(new()
            {
                ["CHILD"] = child, ["DOB"] = dob, ["DATE_PLACED"] = Date(p.DecisionDate), ["DATE_PLACED_CEASED"] = Date(reversed),
                ["REASON_PLACED_CEASED"] = reversed is null ? null : p.DecisionReversedReason,
            });
        }

        var adopted = episodes.LastOrDefault(e => e.CeasedReason is "E11" or "E12" && ReturnSource.AsOf(e.CeasedDate, to) is { } ceased && ceased >= from);
        if (adopted is null || decisions.LastOrDefault(p => p.DecisionDate <= adopted.CeasedDate) is not { } adoption)
        {
            return;
        }

        records.Ad1.Add(new()
        {
            ["CHILD"] = child, ["DOB"] = dob, ["DATE_INT"] = Date(adoption.DecisionDate), ["DATE_MATCH"] = Date(ReturnSource.AsOf(adoption.MatchedDate, to)),
            ["FOSTER_CARE"] = adoption.AdoptedByCarer switch { true => "1", false => "0", _ => null }, ["NB_ADOPTR"] = adoption.NumberOfAdopters,
            ["SEX_ADOPTR"] = adoption.AdopterSex, ["LS_ADOPTR"] = adoption.AdopterLegalStatus,
        });
    }

    private Dictionary<string, string?> Episode(string child, ClaEpisode e, ClaEpisode? next, DateOnly to)
    {
        var placement = e.PlacementId is null ? null : source.Placements.GetValueOrDefault(e.PlacementId);
        var ceased = ReturnSource.AsOf(e.CeasedDate, to);
        // The reason a placement changed is given on the episode its move ends.
        var moves = ceased is not null && next is not null && next.PlacementId != e.PlacementId;
        return new()
        {
            ["CHILD"] = child,
            ["DECOM"] = Date(e.StartDate),
            ["RNE"] = e.StartReason,
            ["LS"] = e.StartDate is { } start ? source.LegalStatusOn(child, start) : null,
            ["CIN"] = e.PrimaryNeedCode,
            ["PLACE"] = placement?.PlacementType,
            ["PLACE_PROVIDER"] = placement?.Provider,
            ["DEC"] = Date(ceased),
            ["REC"] = ceased is null ? null : e.CeasedReason,
            ["REASON_PLACE_CHANGE"] = moves ? placement?.ChangeReason : null,
            ["HOME_POST"] = null,
            ["PL_POST"] = null,
            ["URN"] = placement?.Urn,
        };
    }

    private string? Dob(string child) => Date(source.Persons.GetValueOrDefault(child)?.DateOfBirth);

    // The return's date form: dd/MM/yyyy.
    private static string? Date(DateOnly? date) => date?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static void Element(XmlWriter xml, string name, string? value)
    {
        xml.WriteStartElement(name);
        if (value is not null)
        {
            xml.WriteString(value);
        }

        xml.WriteEndElement();
    }

    private static long WriteTable(Stream stream, string[] columns, List<Dictionary<string, string?>> rows)
    {
        using var text = new StreamWriter(stream, SetWriter.Utf8, 1 << 16) { NewLine = "\r\n" };
        text.WriteLine(string.Join(",", columns));
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (var i = 0; i < columns.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                var value = row.GetValueOrDefault(columns[i]);
                line.Append(value is not null && value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value);
            }

            text.WriteLine(line);
        }

        return rows.Count;
    }
}
