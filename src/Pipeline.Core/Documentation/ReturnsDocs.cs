using System.Text;
using Pipeline.Extract;
using Pipeline.Returns;

namespace Pipeline.Documentation;

/// <summary>
/// <c>docs/statutory-returns.md</c>: how each statutory return maps into the SSD, written from the same declarations the readers
/// look their fields up in (<c>Returns/*Mapping.cs</c>), so the page cannot say one thing while the reader does another.
/// </summary>
public static class ReturnsDocs
{
    public static string Page()
    {
        var md = new StringBuilder();
        Line(md, "# Statutory returns: SSDA903, CIN census and Annex A");
        Line(md);
        Line(md, $"<!-- Generated from the code by `{ReferenceDocs.RegenerateCommand}`: edit the declarations (src/Pipeline.Core/Returns/*Mapping.cs), not this page. -->");
        Line(md);
        Line(md, "Besides the SSD tables, an extract set may hold the statutory returns a council already makes. Each is read into the same");
        Line(md, "extract set the SSD fills (the SSD's tables and typed columns, no intermediate files), so the data-quality rules, the indicators");
        Line(md, "and publishing are the same whatever the door. The manifest says what the set holds:");
        Line(md);
        Line(md, "```json");
        Line(md, "{ \"la_code\": \"E10000099\", \"format\": [\"ssda903\", \"cin_census\"], \"as_at\": \"2026-10-31\", \"extracted_at\": \"2026-11-01T01:12:44Z\",");
        Line(md, "  \"files\": [ { \"name\": \"episodes.csv\", \"rows\": 3120, \"sha256\": \"…\" }, { \"name\": \"cin_census_2026-27.xml\", \"rows\": 5210, \"sha256\": \"…\" } ] }");
        Line(md, "```");
        Line(md);
        Line(md, "- `format`: `ssd` (the default, the extract contract), `ssda903`, `cin_census`, `annex_a`, or an array of the last three. The SSD is never");
        Line(md, "  combined with a return (both would fill the same tables). A file entry may say `\"format\"` itself; otherwise its name and content tell.");
        Line(md, "- `collection_year` (optional, e.g. `2025-26`): the collection year of the set's current SSDA903 files; without it, the year containing");
        Line(md, "  `as_at` (a return run in year, as councils run them monthly for ChAT). A file entry may give its own (`collection_year`).");
        Line(md, "- Every file is listed with `rows` and `sha256`, checked in the pass that reads it, as for the SSD; what `rows` counts for each format is below.");
        Line(md, "  A file that is not what the manifest says (an XML that is not a CIN census, a workbook with no Annex A list, a CSV named after no");
        Line(md, "  SSDA903 table) rejects the set with a one-line reason; a bad value is quarantined with its file, line and CSV column, XML element path");
        Line(md, "  or sheet cell; a record that cannot be identified (no child id) is rejected and counted. Names are never read.");
        Line(md);
        Line(md, "**Which table comes from where.** A table is taken from one format of the set: the first of CIN census, SSDA903, Annex A that gives");
        Line(md, "all of it, or, when none does, the first that gives it at all. `ssd_person` alone is merged from every format, by the child's id: each value");
        Line(md, "from the first format, then the latest year, that has one. Within a format, files are read latest year first, and a record already read");
        Line(md, "(the same derived id: a referral open across the year end is in both years' files) is only filled in by the older copy.");
        Line(md);
        Line(md, "**Coverage.** A return covers a collection year (1 April to 31 March) and what was open at its start; last year's files as well make");
        Line(md, "two years (the years must run on unbroken to the latest). Each table of a run knows the time it covers (the run manifest lists it), and");
        Line(md, "an indicator for a period starting before a table it needs covers (or ending after it), or that reads history before the period the");
        Line(md, "table does not reach (a previous referral within 12 months; a plan's earlier reviews), is published unavailable with the reason, e.g.");
        Line(md, "`before the data's coverage: 2025-04-01`, never a wrong number ([indicators](indicators.md) lists each indicator's look-back). A table a");
        Line(md, "return gives only part of (below, *Limitations*) makes the indicators that need it unavailable whatever the period.");
        Line(md);
        Line(md, "**Ids.** The returns have no ids below the child (the CIN census's referrals, assessments, plans...; the SSDA903's episodes): each is made");
        Line(md, "from the child's id, the record's kind and its own date (`P0001234:R:2025-06-03` is that child's referral of 3 June 2025), with `:2`, `:3` for");
        Line(md, "a second or third of one kind on one day, in file order. The same record in two years' files gets the same id.");

        foreach (var format in ReturnFormats.All)
        {
            Line(md);
            Line(md, $"## {format.Format.Title()} (`{format.Format.Name()}`)");
            Line(md);
            Line(md, format.Summary);
            Line(md);
            Line(md, $"- **Files.** {format.Files}");
            Line(md, $"- **Rows** (the manifest's `rows`). {format.Rows}");
            Line(md, $"- **Coverage.** {format.Coverage}");
            Line(md, "- **Where the names come from.**");
            foreach (var source in format.Sources)
            {
                Line(md, $"  - {source}");
            }

            var limits = format.Tables.Select(t => (Table: t, Why: ReturnFormats.Limitation(format.Format, t))).Where(l => l.Why is not null).ToList();
            if (limits.Count > 0)
            {
                Line(md, "- **Limitations** (the indicators that need these tables are unavailable through this format):");
                foreach (var (table, why) in limits)
                {
                    Line(md, $"  - `{table}`: {why}.");
                }
            }

            if (format.Format == ExtractFormat.Ssda903)
            {
                Line(md, "- **XML.** The same tables, as elements of each `EXPSSDA903/CHILD`:");
                foreach (var (part, element) in Ssda903Mapping.XmlElements)
                {
                    Line(md, $"  - `{part}`: `{element}`");
                }

                Line(md, "  (`sw_episodes` has no XML form in the validator's reader.)");
            }

            Line(md);
            Line(md, "| part | field | SSD column | how |");
            Line(md, "|---|---|---|---|");
            foreach (var field in format.Fields)
            {
                var target = field.Target is null ? (field.NeverRead ? "**never read**" : "") : $"`{field.Target}`";
                Line(md, $"| {Cell(field.Part)} | {(field.IsDerived ? "*derived*" : $"`{Cell(field.Field)}`")} | {target} | {Cell(field.Rule)} |");
            }
        }

        Line(md);
        Line(md, "## The same council through two doors");
        Line(md);
        Line(md, "[two-doors.md](two-doors.md) compares, for a generated council, every indicator from its SSD set with the same indicator from its");
        Line(md, "statutory set (SSDA903 and CIN census): which agree within the returns' coverage, and why the others are unavailable through the returns.");
        return md.ToString();
    }

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
