using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Ingest;
using Pipeline.Quality;

namespace Pipeline.Publish.Reports;

/// <summary>One night's count for a rule, for the trend column.</summary>
public sealed record RuleCount(DateOnly AsAt, string RuleCode, long Count);

/// <summary>What the morning report is made from.</summary>
public sealed record QualityReportInput(
    string LaCode,
    DateOnly AsAt,
    string ExtractSha256,
    string Status,
    string? Reason,
    IReadOnlyList<FileIngestStats> Files,
    QualityResult Quality,
    IReadOnlyList<RuleCount> History,
    IReadOnlyList<RunCheckFinding> RunChecks,
    IReadOnlyDictionary<string, string> TeamNames);

/// <summary>
/// The data team's morning report: an HTML page and a spreadsheet (summary sheet and child-level sheet, the layout
/// councils know from the DfE return validators). Both hold ids, codes and dates only - messages are built by the
/// rules from those - and the same input gives the same bytes.
/// </summary>
public static class QualityReport
{
    /// <summary>The page lists at most this many child-level rows; the spreadsheet lists them all.</summary>
    public const int MaxHtmlRows = 5_000;

    public static byte[] Html(QualityReportInput input)
    {
        var html = new StringBuilder();
        string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var open = input.Quality.Issues.Where(i => i.Status != IssueStatus.Resolved).ToList();
        var resolved = input.Quality.Issues.Where(i => i.Status == IssueStatus.Resolved).ToList();

        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Data quality ")
            .Append(E(input.LaCode)).Append(' ').Append(Date(input.AsAt)).Append("</title><style>")
            .Append("body{font-family:Segoe UI,Arial,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}th{background:#eee}")
            .Append(".error{color:#a00;font-weight:bold}.warning{color:#a60}.query{color:#036}.num{text-align:right}.new{font-weight:bold}")
            .Append("</style></head><body>");
        html.Append("<h1>Data quality report: ").Append(E(input.LaCode)).Append(", as at ").Append(Date(input.AsAt)).Append("</h1>");
        html.Append("<p>Run status: <strong>").Append(E(input.Status)).Append("</strong>");
        if (input.Reason is not null)
        {
            html.Append(" (").Append(E(input.Reason)).Append(')');
        }

        html.Append(". Extract manifest SHA-256 ").Append(E(input.ExtractSha256[..Math.Min(12, input.ExtractSha256.Length)])).Append("….</p>");
        html.Append("<p>").Append(open.Count.ToString("N0", CultureInfo.InvariantCulture)).Append(" open issues (")
            .Append(open.Count(i => i.Status == IssueStatus.New).ToString("N0", CultureInfo.InvariantCulture)).Append(" new tonight), ")
            .Append(resolved.Count.ToString("N0", CultureInfo.InvariantCulture)).Append(" resolved since the previous snapshot.</p>");

        html.Append("<h2>What changed overnight</h2>");
        if (input.RunChecks.Count == 0)
        {
            html.Append("<p>Nothing out of line with previous nights.</p>");
        }
        else
        {
            html.Append("<table><tr><th>Severity</th><th>Check</th><th>About</th><th>Finding</th></tr>");
            foreach (var finding in input.RunChecks)
            {
                html.Append("<tr><td class=\"").Append(E(finding.Severity)).Append("\">").Append(E(finding.Severity)).Append("</td><td>")
                    .Append(E(finding.Check)).Append("</td><td>").Append(E(finding.Subject)).Append("</td><td>").Append(E(finding.Message)).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<h2>By rule</h2><table><tr><th>Severity</th><th>Rule</th><th>Title</th><th>DfE rule</th><th>Issues</th><th>New</th><th>Resolved</th><th>Recent nights</th></tr>");
        foreach (var rule in input.Quality.Summary.OrderBy(r => SeverityOrder(r.Severity)).ThenByDescending(r => r.Count).ThenBy(r => r.RuleCode, StringComparer.Ordinal))
        {
            var trend = input.History.Where(h => h.RuleCode == rule.RuleCode).OrderBy(h => h.AsAt).Select(h => h.Count).Append(rule.Count);
            html.Append("<tr><td class=\"").Append(E(rule.Severity)).Append("\">").Append(E(rule.Severity)).Append("</td><td>")
                .Append(E(rule.RuleCode)).Append("</td><td title=\"").Append(E(rule.Description)).Append("\">").Append(E(rule.Title)).Append("</td><td>")
                .Append(E(rule.DfeEquivalent)).Append("</td><td class=\"num\">").Append(rule.Count.ToString("N0", CultureInfo.InvariantCulture))
                .Append("</td><td class=\"num\">").Append(rule.New?.ToString("N0", CultureInfo.InvariantCulture) ?? "")
                .Append("</td><td class=\"num\">").Append(rule.Resolved?.ToString("N0", CultureInfo.InvariantCulture) ?? "")
                .Append("</td><td>").Append(E(string.Join(" → ", trend.Select(t => t.ToString(CultureInfo.InvariantCulture))))).Append("</td></tr>");
        }

        html.Append("</table>");

        html.Append("<h2>Files read</h2><table><tr><th>Table</th><th>Status</th><th>Rows read</th><th>Accepted</th><th>Quarantined</th><th>Values cleared</th></tr>");
        foreach (var file in input.Files)
        {
            html.Append("<tr><td>").Append(E(file.Table)).Append("</td><td>").Append(E(file.Status)).Append("</td><td class=\"num\">")
                .Append(file.RowsRead.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">")
                .Append(file.RowsAccepted.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">")
                .Append(file.RowsQuarantined.ToString("N0", CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">")
                .Append(file.ValuesCleared.ToString("N0", CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append("</table>");

        html.Append("<h2>Open issues by team and worker</h2>");
        if (open.Count > MaxHtmlRows)
        {
            html.Append("<p>The first ").Append(MaxHtmlRows.ToString("N0", CultureInfo.InvariantCulture))
                .Append(" are listed here, errors first; the spreadsheet lists every one.</p>");
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
        return XlsxWriter.Write(
        [
            new Worksheet("Summary", ["Rule code", "Severity", "Title", "DfE rule", "Issues", "New", "Resolved", "Description"], summary),
            new Worksheet("Child level", ["LAchildID", "Rule code", "Severity", "Table", "Record ID", "Worker ID", "Team", "Fields", "Message",
                "First seen", "Age (days)", "Status", "Error ID"], issues),
        ]);
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
