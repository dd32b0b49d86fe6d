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
/// The data team's morning report: an HTML page and a spreadsheet (summary sheet and child-level sheet, the layout
/// councils know from the DfE return validators, and the quarantine). Both hold ids, codes and dates, and quarantined
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

            html.Append("<h2>By rule</h2><table><tr><th>Severity</th><th>Rule</th><th>Title</th><th>DfE rule</th><th>Issues</th><th>New</th><th>Resolved</th><th>Recent nights</th></tr>");
            foreach (var rule in input.Quality.Summary.OrderBy(r => SeverityOrder(r.Severity)).ThenByDescending(r => r.Count).ThenBy(r => r.RuleCode, StringComparer.Ordinal))
            {
                var trend = input.History.Where(h => h.RuleCode == rule.RuleCode).OrderBy(h => h.AsAt).Select(h => h.Count).Append(rule.Count);
                html.Append("<tr><td class=\"").Append(E(rule.Severity)).Append("\">").Append(E(rule.Severity)).Append("</td><td>")
                    .Append(E(rule.RuleCode)).Append("</td><td title=\"").Append(E(rule.Description)).Append("\">").Append(E(rule.Title)).Append("</td><td>")
                    .Append(E(rule.DfeEquivalent)).Append("</td><td class=\"num\">").Append(N(rule.Count))
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
            .Select(r => (IReadOnlyList<object?>)[r.RuleCode, r.Severity, r.Title, r.DfeEquivalent, r.Count, r.New, r.Resolved, r.Description])
            .ToList();
        var issues = input.Quality.Issues
            .Select(i => (IReadOnlyList<object?>)[i.PersonId, i.RuleCode, i.Severity, i.Table, i.RecordId, i.WorkerId,
                i.TeamId is null ? null : TeamName(input, i.TeamId), i.Fields, i.Message, Date(i.FirstSeen), i.AgeDays, i.Status, i.ErrorId])
            .ToList();
        var quarantine = input.Quarantine
            .Select(q => (IReadOnlyList<object?>)[q.Table, q.File, q.Line, q.Column, q.Rule, q.Action, q.Reason, q.RecordId, q.Value])
            .ToList();
        return XlsxWriter.Write(
        [
            new Worksheet("Summary", ["Rule code", "Severity", "Title", "DfE rule", "Issues", "New", "Resolved", "Description"], summary),
            new Worksheet("Child level", ["LAchildID", "Rule code", "Severity", "Table", "Record ID", "Worker ID", "Team", "Fields", "Message",
                "First seen", "Age (days)", "Status", "Error ID"], issues),
            new Worksheet("Quarantine", ["Table", "File", "Line", "Column", "Rule", "Action", "Reason", "Record ID", "Value"], quarantine),
        ]);
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
