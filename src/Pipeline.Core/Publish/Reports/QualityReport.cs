using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Ingest;
using Pipeline.Quality;

namespace Pipeline.Publish.Reports;

/// <summary>One night's count for a rule, for the trend column.</summary>
public sealed record RuleCount(DateOnly AsAt, string RuleCode, long Count);

/// <summary>What the morning report is made from.</summary>
/// <param name="AsAt">The set's as_at, or null when it had no readable manifest.</param>
public sealed record QualityReportInput(
    string LaCode,
    DateOnly? AsAt,
    string ExtractSha256,
    string Status,
    string? Reason,
    IReadOnlyList<FileIngestStats> Files,
    QualityResult Quality,
    IReadOnlyList<RuleCount> History,
    IReadOnlyList<RunCheckFinding> RunChecks,
    IReadOnlyDictionary<string, string> TeamNames)
{
    /// <summary>What the run published despite: shown at the top, beside the status.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Tonight's quarantine: listed (values as the ingest kept them: only shapes from tables holding names).</summary>
    public IReadOnlyList<QuarantineEntry> Quarantine { get; init; } = [];

    /// <summary>Whether there was an earlier snapshot to compare with (on a first night nothing is "new" or "resolved").</summary>
    public bool HasPreviousSnapshot { get; init; }
}

/// <summary>
/// The data team's morning report: an HTML page and a spreadsheet (summary sheet and child-level sheet; for the DfE returns, a
/// sheet of the errors and queries each would raise tonight and one of the children they name, the layout councils know from
/// the DfE return validators; and the quarantine). Both hold ids, codes and dates, and quarantined
/// values as the ingest kept them (never from a name column, and only as shapes from tables holding names); messages are
/// built by the rules from ids, codes and dates. Every cell goes through <see cref="SafeCell"/>. The same input gives the
/// same bytes.
/// </summary>
public static class QualityReport
{
    /// <summary>The page lists at most this many child-level rows (and quarantined rows); the spreadsheet lists them all.</summary>
    public const int MaxHtmlRows = 5_000;

    /// <summary>Checks that compare tonight with an earlier night; the rest (<c>indicator_jump</c>) compare within tonight's figures.</summary>
    private static readonly HashSet<string> NightToNight =
        [RunToRunChecks.AsAtNotAdvanced, RunToRunChecks.VolumeOutOfLine, RunToRunChecks.HistoryRewritten, RunToRunChecks.IdsGone];

    public static byte[] Html(QualityReportInput input)
    {
        var html = new StringBuilder();
        static string E(string? text) => WebUtility.HtmlEncode(SafeCell.Clean(text));
        string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var open = input.Quality.Issues.Where(i => i.Status != IssueStatus.Resolved).ToList();
        var resolved = input.Quality.Issues.Where(i => i.Status == IssueStatus.Resolved).ToList();
        var rejected = input.Status == RunStatus.Rejected;
        var night = input.AsAt is { } asAt ? Date(asAt) : "unknown (no readable manifest)";

        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Data quality ")
            .Append(E(input.LaCode)).Append(' ').Append(E(night)).Append("</title><style>")
            .Append("body{font-family:Segoe UI,Arial,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}th{background:#eee}")
            .Append(".error{color:#a00;font-weight:bold}.warning{color:#a60}.query{color:#036}.num{text-align:right}.new{font-weight:bold}")
            .Append("</style></head><body>");
        html.Append("<h1>Data quality report: ").Append(E(input.LaCode)).Append(", as at ").Append(E(night)).Append("</h1>");
        html.Append("<p>Run status: <strong>").Append(E(input.Status));
        if (input.Status == RunStatus.Published && input.Warnings.Count > 0)
        {
            html.Append(" with ").Append(N(input.Warnings.Count)).Append(input.Warnings.Count == 1 ? " warning" : " warnings");
        }

        html.Append("</strong>");
        if (input.Reason is not null)
        {
            html.Append(" (").Append(E(input.Reason)).Append(')');
        }

        html.Append('.');
        if (input.ExtractSha256.Length > 0)
        {
            html.Append(" Extract manifest SHA-256 ").Append(E(input.ExtractSha256[..Math.Min(12, input.ExtractSha256.Length)])).Append("….");
        }

        html.Append("</p>");
        if (input.Warnings.Count > 0)
        {
            html.Append("<h2>Warnings</h2><ul>");
            foreach (var warning in input.Warnings)
            {
                html.Append("<li>").Append(E(warning)).Append("</li>");
            }

            html.Append("</ul>");
        }

        if (rejected)
        {
            // Nothing was checked: saying "0 open issues" would read as a clean night.
            html.Append("<p>The extract set was rejected, so no data-quality rule was run and nothing was compared with earlier nights. ")
                .Append("The reason is above; the files table shows where reading stopped.</p>");
        }
        else
        {
            html.Append("<p>").Append(N(open.Count)).Append(" open issues");
            html.Append(input.HasPreviousSnapshot
                ? $" ({N(open.Count(i => i.Status == IssueStatus.New))} new tonight), {N(resolved.Count)} resolved since the previous snapshot.</p>"
                : ". This is the first snapshot, so no issue is counted as new or resolved: there is no earlier night to compare with.</p>");

            RunChecks(html, "What changed overnight", input.RunChecks.Where(f => NightToNight.Contains(f.Check)).ToList(),
                input.HasPreviousSnapshot ? "Nothing out of line with previous nights." : "This is the first snapshot: there is no earlier night to compare with.", E);
            RunChecks(html, "Figures out of line with their own history", input.RunChecks.Where(f => !NightToNight.Contains(f.Check)).ToList(),
                "No indicator's latest month is far from its own previous months.", E);

            ReturnReadiness(html, input, E);

            html.Append("<h2>By rule</h2><table><tr><th>Severity</th><th>Rule</th><th>Title</th><th>DfE rule</th><th>Issues</th><th>New</th><th>Resolved</th><th>Recent nights</th></tr>");
            foreach (var rule in input.Quality.Summary.OrderBy(r => SeverityOrder(r.Severity)).ThenByDescending(r => r.Count).ThenBy(r => r.RuleCode, StringComparer.Ordinal))
            {
                var trend = input.History.Where(h => h.RuleCode == rule.RuleCode).OrderBy(h => h.AsAt).Select(h => h.Count).Append(rule.Count);
                html.Append("<tr><td class=\"").Append(E(rule.Severity)).Append("\">").Append(E(rule.Severity)).Append("</td><td>")
                    .Append(E(rule.RuleCode)).Append("</td><td title=\"").Append(E(rule.Description)).Append("\">").Append(E(rule.Title)).Append("</td><td>")
                    .Append(E(rule.DfeEquivalent)).Append("</td><td class=\"num\"")
                    .Append(rule.Status == RuleStatus.NotApplicable ? $" title=\"{E(rule.StatusReason)}\">not applicable" : $">{N(rule.Count)}")
                    .Append("</td><td class=\"num\">").Append(rule.New is { } n ? N(n) : "-")
                    .Append("</td><td class=\"num\">").Append(rule.Resolved is { } r ? N(r) : "-")
                    .Append("</td><td>").Append(E(string.Join(" → ", trend.Select(t => t.ToString(CultureInfo.InvariantCulture))))).Append("</td></tr>");
            }

            html.Append("</table>");
            if (!input.HasPreviousSnapshot)
            {
                html.Append("<p>New and Resolved show “-”: they count changes since the previous snapshot, and there is none yet.</p>");
            }
        }

        html.Append("<h2>Files read</h2><table><tr><th>Table</th><th>File</th><th>Status</th><th>Rows read</th><th>Accepted</th><th>Quarantined</th><th>Values cleared</th><th>Note</th></tr>");
        foreach (var file in input.Files)
        {
            html.Append("<tr><td>").Append(E(file.Table)).Append("</td><td>").Append(E(file.File)).Append("</td><td>").Append(E(file.Status))
                .Append("</td><td class=\"num\">").Append(N(file.RowsRead)).Append("</td><td class=\"num\">").Append(N(file.RowsAccepted))
                .Append("</td><td class=\"num\">").Append(N(file.RowsQuarantined)).Append("</td><td class=\"num\">").Append(N(file.ValuesCleared))
                .Append("</td><td>").Append(E(file.Reason)).Append("</td></tr>");
        }

        html.Append("</table>");
        Quarantine(html, input.Quarantine, E);

        if (!rejected)
        {
            html.Append("<h2>Open issues by team and worker</h2>");
            if (open.Count > MaxHtmlRows)
            {
                html.Append("<p>The first ").Append(N(MaxHtmlRows)).Append(" are listed here, errors first; the spreadsheet lists every one.</p>");
            }

            var listed = open.OrderBy(i => SeverityOrder(i.Severity)).Take(MaxHtmlRows).ToList();
            foreach (var team in listed.GroupBy(i => i.TeamId ?? "").OrderBy(g => g.Key == "" ? 1 : 0).ThenBy(g => TeamName(input, g.Key), StringComparer.Ordinal))
            {
                html.Append("<h3>").Append(E(team.Key == "" ? "No team recorded" : TeamName(input, team.Key))).Append("</h3>");
                foreach (var worker in team.GroupBy(i => i.WorkerId ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    html.Append("<h4>Worker ").Append(E(worker.Key == "" ? "not recorded" : worker.Key)).Append("</h4>");
                    IssueTable(html, worker, E);
                }
            }

            if (resolved.Count > 0)
            {
                html.Append("<h2>Resolved since the previous snapshot</h2>");
                IssueTable(html, resolved.Take(MaxHtmlRows), E);
            }
        }

        html.Append("</body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    public static byte[] Spreadsheet(QualityReportInput input)
    {
        var summary = input.Quality.Summary
            .Select(r => (IReadOnlyList<object?>)[r.RuleCode, r.Severity, r.Title, r.DfeEquivalent, r.Count, r.New, r.Resolved, r.Description,
                r.Status, r.StatusReason, r.DfeReturn, r.CollectionYear, r.OldestFirstSeen is { } oldest ? Date(oldest) : null])
            .ToList();
        var issues = input.Quality.Issues
            .Select(i => (IReadOnlyList<object?>)[i.PersonId, i.RuleCode, i.Severity, i.Table, i.RecordId, i.WorkerId,
                i.TeamId is null ? null : TeamName(input, i.TeamId), i.Fields, i.Message, Date(i.FirstSeen), i.AgeDays, i.Status, i.ErrorId])
            .ToList();

        // The DfE validators' own layout: one sheet of the errors and queries the returns would raise, one of the children they name.
        var returns = Returns(input);
        var returnErrors = returns.SelectMany(r => r.Rules.Select(rule => (IReadOnlyList<object?>)[r.Return, r.Year, rule.RuleCode, rule.Severity, rule.Title,
                rule.Count, rule.New, rule.Resolved, rule.OldestFirstSeen is { } oldest ? Date(oldest) : null]))
            .ToList();
        var returnChildren = returns.SelectMany(r => r.Children.Select(i => (IReadOnlyList<object?>)[r.Return, r.Year, i.PersonId, i.RuleCode, i.Severity,
                i.Table, i.RecordId, i.Fields, i.Message, Date(i.FirstSeen), i.Status, i.WorkerId, i.TeamId is null ? null : TeamName(input, i.TeamId)]))
            .ToList();
        var quarantine = input.Quarantine
            .Select(q => (IReadOnlyList<object?>)[q.Table, q.File, q.Line, q.Column, q.Rule, q.Action, q.Reason, q.RecordId, q.Value])
            .ToList();
        return XlsxWriter.Write(
        [
            new Worksheet("Summary", ["Rule code", "Severity", "Title", "DfE rule", "Issues", "New", "Resolved", "Description",
                "Status", "Status reason", "DfE return", "Collection year", "Oldest first seen"], summary),
            new Worksheet("Child level", ["LAchildID", "Rule code", "Severity", "Table", "Record ID", "Worker ID", "Team", "Fields", "Message",
                "First seen", "Age (days)", "Status", "Error ID"], issues),
            new Worksheet("Return errors", ["Return", "Collection year", "Rule code", "Type", "Message", "Issues", "New", "Resolved", "Oldest first seen"],
                returnErrors),
            new Worksheet("Return children", ["Return", "Collection year", "LAchildID", "Rule code", "Type", "Table", "Record ID", "Fields", "Message",
                "First seen", "Status", "Worker ID", "Team"], returnChildren),
            new Worksheet("Quarantine", ["Table", "File", "Line", "Column", "Rule", "Action", "Reason", "Record ID", "Value"], quarantine),
        ]);
    }

    /// <summary>One DfE return as it would be made tonight: its rules that found something or were resolved, and its open findings.</summary>
    private sealed record ReturnState(string Return, string Year, IReadOnlyList<DqSummaryRow> Rules, IReadOnlyList<DqSummaryRow> NotApplicable,
        IReadOnlyList<DqIssueRow> Children)
    {
        public long Errors => Rules.Where(r => r.Severity == "error").Sum(r => r.Count);

        public long Queries => Rules.Where(r => r.Severity != "error").Sum(r => r.Count);
    }

    /// <summary>The DfE returns the rules judged (CIN census, SSDA903), each for the collection year containing as_at.</summary>
    private static List<ReturnState> Returns(QualityReportInput input)
    {
        var dfe = input.Quality.Summary.Where(r => r.DfeReturn is not null).ToList();
        var returnOf = dfe.ToDictionary(r => r.RuleCode, r => (r.DfeReturn!, r.CollectionYear ?? ""), StringComparer.Ordinal);
        var open = input.Quality.Issues.Where(i => i.Status != IssueStatus.Resolved && returnOf.ContainsKey(i.RuleCode))
            .ToLookup(i => returnOf[i.RuleCode]);
        return [.. dfe.GroupBy(r => (Return: r.DfeReturn!, Year: r.CollectionYear ?? ""))
            .OrderBy(g => g.Key.Return, StringComparer.Ordinal).ThenBy(g => g.Key.Year, StringComparer.Ordinal)
            .Select(g => new ReturnState(g.Key.Return, g.Key.Year,
                [.. g.Where(r => r.Status == RuleStatus.Checked && (r.Count > 0 || r.Resolved > 0))
                    .OrderBy(r => SeverityOrder(r.Severity)).ThenByDescending(r => r.Count).ThenBy(r => r.RuleCode, StringComparer.Ordinal)],
                [.. g.Where(r => r.Status == RuleStatus.NotApplicable).OrderBy(r => r.RuleCode, StringComparer.Ordinal)],
                [.. open[(g.Key.Return, g.Key.Year)].OrderBy(i => i.PersonId ?? "", StringComparer.Ordinal).ThenBy(i => SeverityOrder(i.Severity))
                    .ThenBy(i => i.RuleCode, StringComparer.Ordinal).ThenBy(i => i.RecordId, StringComparer.Ordinal)]))];
    }

    /// <summary>
    /// Return readiness: per DfE return and collection year, the errors and queries it would raise if made tonight, by rule, with
    /// new and resolved since the previous snapshot and the oldest still open; then the children they name, as the validators list them.
    /// </summary>
    private static void ReturnReadiness(StringBuilder html, QualityReportInput input, Func<string?, string> e)
    {
        var returns = Returns(input);
        if (returns.Count == 0)
        {
            return;
        }

        html.Append("<h2>Return readiness</h2><p>What the DfE's validation rules would raise if each return were made tonight: the return of the "
            + "collection year containing as_at, its records being those open on or ended since 1 April.</p>");
        foreach (var r in returns)
        {
            var oldest = r.Rules.Where(x => x.Count > 0 && x.OldestFirstSeen is not null).Select(x => x.OldestFirstSeen!.Value).DefaultIfEmpty().Min();
            html.Append("<h3>").Append(e(r.Return)).Append(' ').Append(e(r.Year)).Append("</h3><p><span class=\"error\">")
                .Append(r.Errors.ToString("N0", CultureInfo.InvariantCulture)).Append(" errors</span>, <span class=\"query\">")
                .Append(r.Queries.ToString("N0", CultureInfo.InvariantCulture)).Append(" queries</span> from ")
                .Append(r.Rules.Count(x => x.Count > 0).ToString(CultureInfo.InvariantCulture)).Append(" rules, about ")
                .Append(r.Children.Select(i => i.PersonId).Where(p => p is not null).Distinct(StringComparer.Ordinal).Count().ToString("N0", CultureInfo.InvariantCulture))
                .Append(" children");
            var newTonight = r.Rules.Sum(x => x.New ?? 0);
            var resolved = r.Rules.Sum(x => x.Resolved ?? 0);
            if (input.HasPreviousSnapshot)
            {
                html.Append("; ").Append(newTonight.ToString("N0", CultureInfo.InvariantCulture)).Append(" new and ")
                    .Append(resolved.ToString("N0", CultureInfo.InvariantCulture)).Append(" resolved since the previous snapshot");
            }

            if (oldest != default)
            {
                html.Append("; the oldest still open first seen ").Append(Date(oldest));
            }

            html.Append(".</p>");
            if (r.Rules.Count > 0)
            {
                html.Append("<table><tr><th>Type</th><th>Rule</th><th>DfE message</th><th>Issues</th><th>New</th><th>Resolved</th><th>Oldest open</th></tr>");
                foreach (var rule in r.Rules)
                {
                    html.Append("<tr><td class=\"").Append(e(rule.Severity)).Append("\">").Append(e(rule.Severity)).Append("</td><td>").Append(e(rule.RuleCode))
                        .Append("</td><td title=\"").Append(e(rule.Description)).Append("\">").Append(e(rule.Title)).Append("</td><td class=\"num\">")
                        .Append(rule.Count.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">")
                        .Append(rule.New?.ToString("N0", CultureInfo.InvariantCulture) ?? "").Append("</td><td class=\"num\">")
                        .Append(rule.Resolved?.ToString("N0", CultureInfo.InvariantCulture) ?? "").Append("</td><td>")
                        .Append(rule.OldestFirstSeen is { } first ? Date(first) : "").Append("</td></tr>");
                }

                html.Append("</table>");
            }

            if (r.NotApplicable.Count > 0)
            {
                html.Append("<details><summary>").Append(r.NotApplicable.Count.ToString(CultureInfo.InvariantCulture))
                    .Append(" rules not applicable tonight (not judged, so not passed)</summary><table><tr><th>Rule</th><th>Why</th></tr>");
                foreach (var rule in r.NotApplicable)
                {
                    html.Append("<tr><td>").Append(e(rule.RuleCode)).Append("</td><td>").Append(e(rule.StatusReason)).Append("</td></tr>");
                }

                html.Append("</table></details>");
            }

            if (r.Children.Count > 0)
            {
                html.Append("<details><summary>Children (").Append(r.Children.Count.ToString("N0", CultureInfo.InvariantCulture)).Append(" findings")
                    .Append(r.Children.Count > MaxHtmlRows ? $"; the first {MaxHtmlRows.ToString("N0", CultureInfo.InvariantCulture)} here, the spreadsheet's Return children sheet lists every one" : "")
                    .Append(")</summary><table><tr><th>LAchildID</th><th>Type</th><th>Rule</th><th>Table</th><th>Record</th><th>Fields</th><th>Message</th><th>First seen</th></tr>");
                foreach (var i in r.Children.Take(MaxHtmlRows))
                {
                    html.Append("<tr class=\"").Append(i.Status == IssueStatus.New ? "new" : "").Append("\"><td>").Append(e(i.PersonId)).Append("</td><td class=\"")
                        .Append(e(i.Severity)).Append("\">").Append(e(i.Severity)).Append("</td><td>").Append(e(i.RuleCode)).Append("</td><td>").Append(e(i.Table))
                        .Append("</td><td>").Append(e(i.RecordId)).Append("</td><td>").Append(e(i.Fields)).Append("</td><td>").Append(e(i.Message))
                        .Append("</td><td>").Append(Date(i.FirstSeen)).Append("</td></tr>");
                }

                html.Append("</table></details>");
            }
        }
    }

    private static void RunChecks(StringBuilder html, string heading, List<RunCheckFinding> findings, string none, Func<string?, string> e)
    {
        html.Append("<h2>").Append(e(heading)).Append("</h2>");
        if (findings.Count == 0)
        {
            html.Append("<p>").Append(e(none)).Append("</p>");
            return;
        }

        html.Append("<table><tr><th>Severity</th><th>Check</th><th>About</th><th>Finding</th></tr>");
        foreach (var finding in findings)
        {
            html.Append("<tr><td class=\"").Append(e(finding.Severity)).Append("\">").Append(e(finding.Severity)).Append("</td><td>")
                .Append(e(finding.Check)).Append("</td><td>").Append(e(finding.Subject)).Append("</td><td>").Append(e(finding.Message)).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Quarantine(StringBuilder html, IReadOnlyList<QuarantineEntry> entries, Func<string?, string> e)
    {
        html.Append("<h2>Quarantined</h2>");
        if (entries.Count == 0)
        {
            html.Append("<p>Nothing was quarantined.</p>");
            return;
        }

        html.Append("<p>").Append(entries.Count.ToString("N0", CultureInfo.InvariantCulture)).Append(" values, rows or files were quarantined")
            .Append(entries.Count > MaxHtmlRows ? $"; the first {MaxHtmlRows:N0} are listed here, the spreadsheet lists every one" : "")
            .Append(". Values from tables holding names are shown only by their shape (length and kinds of character).</p>");
        html.Append("<table><tr><th>Table</th><th>File</th><th>Line</th><th>Column</th><th>Rule</th><th>Action</th><th>Reason</th><th>Record</th><th>Value</th></tr>");
        foreach (var entry in entries.Take(MaxHtmlRows))
        {
            html.Append("<tr><td>").Append(e(entry.Table)).Append("</td><td>").Append(e(entry.File)).Append("</td><td class=\"num\">")
                .Append(entry.Line.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(e(entry.Column)).Append("</td><td>")
                .Append(e(entry.Rule)).Append("</td><td>").Append(e(entry.Action)).Append("</td><td>").Append(e(entry.Reason)).Append("</td><td>")
                .Append(e(entry.RecordId)).Append("</td><td>").Append(e(entry.Value)).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static void IssueTable(StringBuilder html, IEnumerable<DqIssueRow> issues, Func<string?, string> e)
    {
        html.Append("<table><tr><th>Severity</th><th>Rule</th><th>Table</th><th>Record</th><th>Child</th><th>Message</th><th>First seen</th><th>Age (days)</th><th>Status</th></tr>");
        foreach (var issue in issues)
        {
            html.Append("<tr class=\"").Append(issue.Status == IssueStatus.New ? "new" : "").Append("\"><td class=\"").Append(e(issue.Severity)).Append("\">")
                .Append(e(issue.Severity)).Append("</td><td>").Append(e(issue.RuleCode)).Append("</td><td>").Append(e(issue.Table))
                .Append("</td><td>").Append(e(issue.RecordId)).Append("</td><td>").Append(e(issue.PersonId)).Append("</td><td>")
                .Append(e(issue.Message)).Append("</td><td>").Append(Date(issue.FirstSeen)).Append("</td><td class=\"num\">")
                .Append(issue.AgeDays.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(e(issue.Status)).Append("</td></tr>");
        }

        html.Append("</table>");
    }

    private static string TeamName(QualityReportInput input, string teamId) => input.TeamNames.GetValueOrDefault(teamId, teamId);

    private static int SeverityOrder(string severity) => severity switch { "error" => 0, "warning" => 1, _ => 2 };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
