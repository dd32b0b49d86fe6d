using System.Globalization;
using System.Text;
using Pipeline.Domain;
using Pipeline.Indicators;
using Pipeline.Ingest;
using Pipeline.Quality;

namespace Pipeline.Documentation;

/// <summary>
/// The reference pages in <c>docs/</c>, written from the declarations themselves (the indicator catalogue, the rule
/// registry, the ingest's rules and limits), so the documentation cannot drift from the code: <c>pipeline docs</c> writes
/// them, and a test fails when the committed pages differ from what this gives.
/// </summary>
public static class ReferenceDocs
{
    public const string RegenerateCommand = "dotnet run --project src/Pipeline.Cli -- docs";

    /// <summary>Every page: its file name under <c>docs/</c> and its content (LF line ends).</summary>
    public static IReadOnlyList<(string File, string Content)> All() =>
    [
        ("indicators.md", Indicators()),
        ("data-quality-rules.md", QualityRulesPage()),
        ("ingest-rules.md", IngestRules()),
        ("statutory-returns.md", ReturnsDocs.Page()),
    ];

    public static string Indicators()
    {
        var md = Page("Indicators");
        md.Line("Every figure the pipeline publishes, as declared in `src/Pipeline.Core/Indicators/Catalogue.*.cs` (one file per area).")
            .Line("The same declarations are published with every snapshot as the `indicator_catalogue` dataset.")
            .Line()
            .Line("## Conventions")
            .Line()
            .Line("- **Periods.** Each indicator is computed for every month (`month`), the month to date at `as_at` (`month_to_date`), the rolling 12 months")
            .Line("  (`rolling_12m`), the financial year to date (`fytd`) and `as_at` itself (`snapshot`). A period not complete at `as_at` has `is_partial` true.")
            .Line("- **Flow** indicators count events dated in the period. **Point-in-time** indicators take the value at the period's end; their rolling")
            .Line("  12-month value is the mean of the 12 month ends.")
            .Line("- **Rates per 10,000** use the population of children aged 0-17 (`population.csv`) for the calendar year the period ends in, or the")
            .Line("  latest earlier year (with a warning). Monthly, month-to-date and financial-year-to-date flow rates are annualised (`count x 365 / days`).")
            .Line("- **Percentages and means** with an empty denominator have no value (null), never 0.")
            .Line("- **Unavailable, not zero.** An indicator whose source table is absent from the extract (or rejected) or has no rows, a column it needs")
            .Line("  absent from its file or empty in every row, or which has no population figure, is published with `available` false and the reason in")
            .Line("  `unavailable_reason`.")
            .Line("- **RAG** is against the council's target (`targets.csv`, minimum/upper model) where there is one, else statistical neighbours, else England")
            .Line("  (`comparators.csv`): green at or better than the comparator, amber worse by at most 10 (percentage points, or percent of the comparator for")
            .Line("  rates), red beyond. Neutral indicators have no RAG.")
            .Line("- **Direction of travel** compares each complete month with the one before, at display precision: `up`, `down` or `same`, and whether that is good.")
            .Line("- **Working days** (`WD(a, b)`): weekdays after `a` up to and including `b` that are not England and Wales bank holidays (every one-off change")
            .Line("  since 1995 is built in; `bank_holidays.csv` adds or removes dates).")
            .Line("- **Current position only.** Care-leaver and agency indicators come from tables holding only the current position: they have values for")
            .Line("  periods ending at `as_at`, and the nightly snapshots become their history.")
            .Line();
        md.Line("## Catalogue").Line()
            .Line("| indicator | title | kind | unit | polarity | by team |")
            .Line("|---|---|---|---|---|---|");
        foreach (var area in Catalogue.All.GroupBy(i => i.Area))
        {
            md.Line($"| **{area.Key}** | | | | | |");
            foreach (var indicator in area)
            {
                md.Line($"| [`{indicator.Id}`](#{indicator.Id}) | {Cell(indicator.Title)} | {indicator.KindName.Replace('_', '-')} | {indicator.UnitName} | {indicator.PolarityName.Replace('_', ' ')} | {(indicator.ByTeam ? "yes" : "")} |");
            }
        }

        foreach (var area in Catalogue.All.GroupBy(i => i.Area))
        {
            md.Line().Line($"## {area.Key}");
            foreach (var indicator in area)
            {
                md.Line().Line($"### {indicator.Id}").Line()
                    .Line($"**{indicator.Title}**: {indicator.KindName.Replace('_', '-')}, {indicator.UnitName}, {indicator.PolarityName.Replace('_', ' ')}"
                        + (indicator.ByTeam ? ", also by team" : "") + ".")
                    .Line()
                    .Line(indicator.Definition)
                    .Line()
                    .Line($"Source tables: {string.Join(", ", indicator.Tables.Select(t => $"`{t}`"))}."
                        + (indicator.Needs.IsDefaultOrEmpty ? "" : $" Needs a value in: {string.Join(", ", indicator.Needs.Select(n => $"`{n}`"))}."));
                if (indicator.LookBack.Describe() is { Length: > 0 } lookBack)
                {
                    md.Line().Line($"Looks back: {lookBack} (a period the data does not reach that far before is unavailable, see [statutory returns](statutory-returns.md)).");
                }

                if (indicator.CurrentOnlyReason is { } current)
                {
                    md.Line().Line($"Current position only: {current}");
                }
            }
        }

        return md.ToString();
    }

    public static string QualityRulesPage()
    {
        var md = Page("Data-quality rules");
        md.Line("Every record-level rule, as declared in `src/Pipeline.Core/Quality/QualityRules.*.cs` (one file per family). Each has a stable code and a")
            .Line("severity (`error`, `warning`, `query`); every issue it raises has a stable key (rule and record) and is dated against the previous published")
            .Line("snapshot: `new`, `persisting` (with `first_seen` and its age in days) or `resolved` (flagged last time, not tonight). Messages carry ids, codes")
            .Line("and dates, never free text from the extract. The rules' counts are published as `dq_summary`, the issues (child level) as `dq_issues` under")
            .Line("`restricted/`.")
            .Line()
            .Line("The `dfe` families are the DfE's own validation rules for the CIN census and the SSDA903, under the DfE's codes (`CIN:8840`, `903:103`) with")
            .Line("the DfE's messages as titles; each judges the return that would be made tonight (the collection year containing `as_at`) and is")
            .Line("`not_applicable` in `dq_summary`, with the reason, when the set lacks what it reads or it is not in force that year. The rules of the DfE's")
            .Line("lists not implemented are listed [at the end](#dfe-rules-not-implemented), each with the reason.")
            .Line()
            .Line("| rule | severity | title | DfE rule |")
            .Line("|---|---|---|---|");
        foreach (var family in QualityRules.All.GroupBy(r => r.Family))
        {
            md.Line($"| **{family.Key.Replace('_', ' ')}** | | | |");
            foreach (var rule in family)
            {
                md.Line($"| [`{rule.Code}`](#{rule.Code}) | {rule.SeverityName} | {Cell(rule.Title)} | {Cell(rule.DfeEquivalent ?? (rule.Dfe is { } dfe ? $"the {dfe.ReturnName}'s own" : ""))} |");
            }
        }

        foreach (var family in QualityRules.All.GroupBy(r => r.Family))
        {
            md.Line().Line($"## {family.Key.Replace('_', ' ')}");
            foreach (var rule in family)
            {
                md.Line().Line($"### {rule.Code}").Line()
                    .Line($"**{rule.Title}** ({rule.SeverityName}{(rule.DfeEquivalent is null ? "" : "; mirrors " + rule.DfeEquivalent)}).")
                    .Line()
                    .Line(rule.Description)
                    .Line()
                    .Line($"Reads {string.Join(", ", rule.Tables.Select(t => $"`{t}`"))}: {rule.Fields}.");
            }
        }

        md.Line().Line("## DfE rules not implemented").Line()
            .Line("Rules of the DfE's lists the pipeline does not run, and why (`src/Pipeline.Core/Reference/dfe-validation-rules/not_implemented.csv`).")
            .Line()
            .Line("| rule | why not |")
            .Line("|---|---|");
        foreach (var (code, reason) in Reference.DfeRules.Default.NotImplemented.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            md.Line($"| `{code}` | {Cell(reason)} |");
        }

        md.Line().Line("## Night-to-night checks").Line()
            .Line("Published as `dq_run_checks` (counts, never record ids) and at the top of the data team's report.")
            .Line()
            .Line("| check | severity | what it finds |")
            .Line("|---|---|---|")
            .Line($"| `{RunToRunChecks.AsAtNotAdvanced}` | warning | the extract's `as_at` is not after the latest published snapshot's |")
            .Line($"| `{RunToRunChecks.VolumeOutOfLine}` | warning | a table's rows far from a robust baseline (median and MAD) of the last {Application.EarlierNights.HistoryNights} nights, after {RunToRunChecks.WarmUpNights} nights of warm-up |")
            .Line($"| `{RunToRunChecks.HistoryRewritten}` | query | a complete month published last night whose figure changed tonight |")
            .Line($"| `{RunToRunChecks.IndicatorJump}` | query | a latest month far outside the indicator's own previous months (within tonight's snapshot) |")
            .Line($"| `{RunToRunChecks.IdsGone}` | warning | records of the main tables ({string.Join(", ", RunToRunChecks.IdTables.Select(t => $"`{t}`"))}) present last night and gone tonight, counted from 64-bit id hashes |")
            .Line()
            .Line("## Publication gate").Line()
            .Line("A run is **blocked** (its outputs kept under its run id, `latest.json` and the BI folders left on the last good snapshot) when a table has more")
            .Line("than `gate_max_quarantined_share` (default 5%) of its rows quarantined, or when a table's rows accepted fall below `gate_min_volume_ratio` (default")
            .Line("50%) of the previous night's, or, for a rerun of a night already published, of the snapshot it would replace (tables of 100 rows or more).");
        return md.ToString();
    }

    public static string IngestRules()
    {
        var md = Page("Ingest: what is quarantined, and the limits");
        md.Line("How an extract set is read (`src/Pipeline.Core/Ingest/`). Every rejected value, row or file is kept in `quarantine` (under `restricted/`) with")
            .Line("its file, line, column, rule and reason, and counted: for every file, `rows read = rows accepted + rows quarantined`.")
            .Line()
            .Line("## Quarantine rules").Line()
            .Line("| rule | what happens | what it catches |")
            .Line("|---|---|---|");
        foreach (var (rule, action, meaning) in IngestRule.All)
        {
            md.Line($"| `{rule}` | {action.Replace('_', ' ')} | {Cell(meaning)} |");
        }

        md.Line()
            .Line("A value cleared reads as empty and the rest of the row is used (a bad close date does not throw away a referral). A required table")
            .Line($"({string.Join(", ", SsdTables.Required.Select(t => $"`{t}`"))}) rejected rejects the whole set.")
            .Line()
            .Line("## Names").Line()
            .Line($"Name columns ({string.Join(", ", SsdTables.NameColumns.Select(c => $"`{c}`"))}) are never read. In the tables that hold them")
            .Line($"({string.Join(", ", SsdTables.All.Where(t => t.HoldsNames).Select(t => $"`{t.Table}`"))}) no quarantined value is kept as written, whatever its")
            .Line("column: only its shape (its length and the kinds of character in it, e.g. `11 characters: capital letters, small letters`), and a malformed")
            .Line("row's values are withheld. A header that names a column twice, or puts a column the SSD does not have where one it does should be, rejects the")
            .Line("file before any value is read, because a name could then be under any column name.")
            .Line()
            .Line("## Plausible ranges").Line()
            .Line("| table | column | plausible |")
            .Line("|---|---|---|");
        foreach (var table in SsdTables.All)
        {
            foreach (var column in table.Columns.Where(c => c.HasRange))
            {
                var range = column.MaxAgeYears > 0
                    ? $"at most {column.MaxAgeYears} years before `as_at`"
                    : string.Create(CultureInfo.InvariantCulture, $"{column.Min:0.##} to {column.Max:0.##}");
                md.Line($"| `{table.Table}` | `{column.Name}` | {range} |");
            }
        }

        md.Line()
            .Line("## The manifest's as_at").Line()
            .Line($"`as_at` must be a night that has ended: not before {AsAtRules.Earliest:yyyy-MM-dd}, not after today in England (Europe/London) plus one day,")
            .Line("and not after the day `extracted_at` says the extract was made. A set outside this is rejected with a one-line reason; a snapshot dated")
            .Line("after any night that can have ended never holds `latest.json` (one left by an older version is replaced by the next real night).")
            .Line()
            .Line("## Limits").Line()
            .Line("Whatever a file holds, memory stays within these (set any of them in the reference data's `settings.csv`, `key,value`):")
            .Line()
            .Line("| setting | default | meaning |")
            .Line("|---|---|---|");
        foreach (var (key, value, meaning) in IngestLimits.Keys)
        {
            md.Line(string.Create(CultureInfo.InvariantCulture, $"| `{key}` | {value:N0} | {meaning} |"));
        }

        md.Line()
            .Line("Besides: a file with more rows than its manifest entry lists is rejected at the first extra row, before it is read further (so a gzip")
            .Line("that inflates to gigabytes costs no more than the rows it promised); a manifest's row count only sizes memory as far as the file's own size")
            .Line("allows; only regular files are read (a symbolic link is refused, and a file the file system reports as empty, as FIFOs and devices are,")
            .Line("is never opened); invalid UTF-8 is quarantined as `bad_encoding`, never replaced.")
            .Line()
            .Line("## Statutory returns").Line()
            .Line("A set of SSDA903, CIN census or Annex A files is read under the same rules ([statutory-returns.md](statutory-returns.md)): rows and SHA-256")
            .Line("checked against the manifest, a bad value cleared and quarantined with its file, line and CSV column, XML element path or sheet cell, a")
            .Line("record without its child's id rejected and counted, a file that is not what the manifest says rejecting the set. XML is streamed one")
            .Line("child at a time with DTDs prohibited (so no entity can expand) and the depth and elements of a child bounded; a workbook's zip is checked")
            .Line("(entry count from its central directory before any entry is opened, each entry's inflated size and ratio counted as it inflates), so a")
            .Line("zip bomb is refused with its reason.");
        return md.ToString();
    }

    private static StringBuilder Page(string title) =>
        new StringBuilder().Line($"# {title}").Line()
            .Line($"<!-- Generated from the code by `{RegenerateCommand}`: edit the declarations, not this page. -->").Line();

    private static StringBuilder Line(this StringBuilder md, string text = "") => md.Append(text).Append('\n');

    // A table cell holds one line, and a pipe would end it.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
