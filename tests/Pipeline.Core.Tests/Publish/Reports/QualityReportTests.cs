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
