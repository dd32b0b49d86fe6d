using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Pipeline.Ingest;
using Pipeline.Publish.Reports;
using Pipeline.Quality;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Publish.Reports;

public class QualityReportTests
{
    private static readonly string[] Payloads =
        ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "\u0001=HYPERLINK(\"http://x\")", "\0=1+1", "\u001b@SUM(A1)"];

    private static QualityReportInput Input(string payload) => new(
        LaCode,
        D("2023-06-30"),
        new string('a', 64),
        "published",
        null,
        [new FileIngestStats("ssd_person", "ssd_person.csv", FileIngestStats.Accepted, 10, 10, 0, 0, 0, new string('b', 64))],
        new QualityResult(
            [new DqIssueRow
            {
                AsAt = D("2023-06-30"), RuleCode = payload, Severity = "error", Table = payload, RecordId = payload, PersonId = payload,
                WorkerId = payload, TeamId = payload, Fields = payload, Message = payload + " <script>alert(1)</script>", ErrorId = payload,
                FirstSeen = D("2023-06-30"),
            }],
            [new DqSummaryRow { AsAt = D("2023-06-30"), RuleCode = payload, Severity = "error", Title = payload, Description = payload, DfeEquivalent = payload, Count = 1 }]),
        [],
        [new RunCheckFinding("history_rewritten", "query", payload, payload)],
        new Dictionary<string, string> { [payload] = payload });

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+44 7700", "'+44 7700")]
    [InlineData("-5", "'-5")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("\nx", "'\nx")]
    [InlineData("P0001", "P0001")]
    [InlineData("", "")]
    public void Neutralise_DangerousFirstCharacter_IsPrefixedWithAnApostrophe(string value, string expected) =>
        Assert.Equal(expected, SafeCell.Neutralise(value));

    // Control characters go first, so one cannot hide a formula from the check; then the check.
    [Theory]
    [InlineData("\u0001=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("\0x", "x")]
    [InlineData("\0\u0002+1", "'+1")]
    [InlineData("a\u0085b\u007fc", "abc")]
    [InlineData("Team\uFFFE\uFFFF A", "Team A")]
    [InlineData("\uD83D\uDE00", "\uD83D\uDE00")]
    [InlineData("tab\tline\nend", "tab\tline\nend")]
    public void Neutralise_ControlAndXmlForbiddenCharacters_AreRemovedBeforeTheCheck(string value, string expected) =>
        Assert.Equal(expected, SafeCell.Neutralise(value));

    // Built in code: an attribute's string cannot carry a lone surrogate through compiled metadata.
    [Fact]
    public void Clean_LoneSurrogate_IsRemovedAndAPairKept() =>
        Assert.Equal("xy\uD83D\uDE00", SafeCell.Clean("x" + '\uD800' + "y" + '\uDC00' + "\uD83D\uDE00"));

    [Fact]
    public void Spreadsheet_TeamNameWithNoncharacters_EveryWorksheetIsWellFormedXml()
    {
        var input = Input("x") with { TeamNames = new Dictionary<string, string> { ["x"] = "Referral\uFFFE team\uFFFF\u0003" } };

        var cells = CellTexts(QualityReport.Spreadsheet(input));

        Assert.Contains("Referral team", cells);
    }

    [Fact]
    public void Html_ControlAndNoncharacters_AreRemoved()
    {
        var input = Input("x") with { TeamNames = new Dictionary<string, string> { ["x"] = "Referral\uFFFE team\uFFFF\u0003" } };

        var html = Encoding.UTF8.GetString(QualityReport.Html(input));

        Assert.Contains("Referral team", html, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFE', html);
        Assert.DoesNotContain('\u0003', html);
    }

    [Fact]
    public void Spreadsheet_PayloadInEveryStringField_NoCellStartsAFormula()
    {
        foreach (var payload in Payloads)
        {
            var cells = CellTexts(QualityReport.Spreadsheet(Input(payload)));

            Assert.NotEmpty(cells);
            Assert.All(cells, text => Assert.False(text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\0', $"cell '{text}' for payload {payload}"));
            Assert.Contains(cells, text => text.StartsWith('\''));
        }
    }

    [Fact]
    public void Spreadsheet_SameInput_SameBytes()
    {
        Assert.Equal(QualityReport.Spreadsheet(Input("x")), QualityReport.Spreadsheet(Input("x")));
    }

    [Fact]
    public void Html_MarkupInMessages_IsEncoded()
    {
        var html = Encoding.UTF8.GetString(QualityReport.Html(Input("=1")));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    private static QualityReportInput Readiness()
    {
        var asAt = D("2023-06-30");
        DqIssueRow Issue(string rule, string severity, string child, string record, string status, string firstSeen) => new()
        {
            AsAt = asAt, RuleCode = rule, Severity = severity, Table = "ssd_cin_episodes", RecordId = record, PersonId = child,
            Fields = "cine_close_reason", Message = "m", ErrorId = $"{rule}:{record}", Status = status, FirstSeen = D(firstSeen),
        };
        DqSummaryRow Rule(string code, string severity, long count, long? @new, long? resolved, string? oldest, string? status = null, string? reason = null,
            string? dfeReturn = "CIN census") => new()
        {
            AsAt = asAt, RuleCode = code, Severity = severity, Title = "title " + code, Description = "d", Count = count, New = @new, Resolved = resolved,
            OldestFirstSeen = oldest is null ? null : D(oldest), Status = status ?? RuleStatus.Checked, StatusReason = reason, DfeReturn = dfeReturn,
            CollectionYear = dfeReturn is null ? null : "2023-24",
        };
        return Input("x") with
        {
            HasPreviousSnapshot = true,
            Quality = new QualityResult(
                [Issue("CIN:8805", "error", "P1", "R1", IssueStatus.Persisting, "2023-05-31"), Issue("CIN:8805", "error", "P2", "R2", IssueStatus.New, "2023-06-30"),
                    Issue("CIN:8805", "error", "P3", "R3", IssueStatus.Resolved, "2023-04-30"), Issue("CIN:2886Q", "query", "P4", "R4", IssueStatus.New, "2023-06-30"),
                    Issue("referral_stale", "warning", "P5", "R5", IssueStatus.New, "2023-06-30")],
                [Rule("CIN:8805", "error", 2, 1, 1, "2023-05-31"), Rule("CIN:2886Q", "query", 1, 1, 0, "2023-06-30"), Rule("CIN:8840", "error", 0, 0, 0, null),
                    Rule("CIN:8540", "error", 0, null, null, null, RuleStatus.NotApplicable, "ssd_disability is not in the extract set"),
                    Rule("referral_stale", "warning", 1, 1, 0, "2023-06-30", dfeReturn: null)]),
        };
    }

    [Fact]
    public void Html_DfeRules_ReturnReadinessCountsErrorsAndQueriesByRuleWithNewResolvedAndOldest()
    {
        var html = Encoding.UTF8.GetString(QualityReport.Html(Readiness()));
        var section = html[html.IndexOf("<h2>Return readiness</h2>", StringComparison.Ordinal)..html.IndexOf("<h2>By rule</h2>", StringComparison.Ordinal)];

        Assert.Contains("<h3>CIN census 2023-24</h3>", section, StringComparison.Ordinal);
        Assert.Contains("2 errors</span>, <span class=\"query\">1 queries</span> from 2 rules, about 3 children; 2 new and 1 resolved since the previous "
            + "snapshot; the oldest still open first seen 2023-05-31", section, StringComparison.Ordinal);
        Assert.True(section.IndexOf(">CIN:8805<", StringComparison.Ordinal) < section.IndexOf(">CIN:2886Q<", StringComparison.Ordinal), "errors before queries");
        Assert.DoesNotContain(">CIN:8840<", section, StringComparison.Ordinal);
        Assert.Contains("<td>CIN:8540</td><td>ssd_disability is not in the extract set</td>", section, StringComparison.Ordinal);
        Assert.DoesNotContain("referral_stale", section, StringComparison.Ordinal);
        Assert.DoesNotContain(">R3<", section, StringComparison.Ordinal);
        Assert.Contains(">P1<", section, StringComparison.Ordinal);
        Assert.Contains("title=\"ssd_disability is not in the extract set\">not applicable", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Spreadsheet_DfeRules_OneSheetOfReturnErrorsAndOneOfTheChildrenTheyName()
    {
        var sheets = SheetRows(QualityReport.Spreadsheet(Readiness()));

        Assert.Equal(["Summary", "Child level", "Return errors", "Return children", "Quarantine"], sheets.Keys);
        Assert.Equal(
            [
                ["Return", "Collection year", "Rule code", "Type", "Message", "Issues", "New", "Resolved", "Oldest first seen"],
                ["CIN census", "2023-24", "CIN:8805", "error", "title CIN:8805", "2", "1", "1", "2023-05-31"],
                ["CIN census", "2023-24", "CIN:2886Q", "query", "title CIN:2886Q", "1", "1", "0", "2023-06-30"],
            ],
            sheets["Return errors"]);
        Assert.Equal(["P1", "P2", "P4"], sheets["Return children"].Skip(1).Select(r => r[2]));
        Assert.Contains(sheets["Summary"], r => r.SequenceEqual(["CIN:8540", "error", "title CIN:8540", "0", "d", "not_applicable",
            "ssd_disability is not in the extract set", "CIN census", "2023-24"]));
    }

    // The cells of each worksheet, row by row (empty cells left out), keyed by sheet name in workbook order.
    private static Dictionary<string, List<List<string>>> SheetRows(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        XNamespace main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        XDocument Load(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            return XDocument.Load(stream);
        }

        var names = Load("xl/workbook.xml").Descendants(main + "sheet").Select(s => (string)s.Attribute("name")!).ToList();
        return names.Select((name, i) => (name, Rows: Load($"xl/worksheets/sheet{i + 1}.xml").Descendants(main + "row")
                .Select(r => r.Elements(main + "c").Select(c => c.Descendants(main + "t").FirstOrDefault()?.Value ?? c.Element(main + "v")?.Value ?? "").ToList())
                .ToList()))
            .ToDictionary(x => x.name, x => x.Rows);
    }

    // Every inline string of every worksheet, as a spreadsheet program would read it.
    private static List<string> CellTexts(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        XNamespace main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        return zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal))
            .SelectMany(e =>
            {
                using var stream = e.Open();
                return XDocument.Load(stream).Descendants(main + "t").Select(t => t.Value).ToList();
            })
            .ToList();
    }
}
