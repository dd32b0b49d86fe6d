using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Pipeline.Indicators;
using Pipeline.Ingest;
using Pipeline.Publish;
using Pipeline.Publish.Dashboard;
using Pipeline.Quality;
using static Pipeline.Tests.Publish.Dashboard.DashboardRows;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Publish.Dashboard;

public class DashboardPageTests
{
    private static readonly IndicatorDefinition Referrals = Definition("referrals_rate", "Referrals per 10,000 children", Unit.Per10k, IndicatorKind.Flow);

    private static readonly IndicatorDefinition Leavers = Definition("cl_in_touch_17_18_pct", "% care leavers aged 17-18 in touch", Unit.Percent,
        IndicatorKind.PointInTime, Polarity.HigherIsBetter, "Care leavers");

    private static readonly IndicatorDefinition Caseload = Definition("caseload_avg", "Average caseload", Unit.Mean, IndicatorKind.PointInTime, Polarity.LowerIsBetter, "Workforce");

    private static DashboardInput Input(ImmutableArray<IndicatorDefinition> catalogue, ImmutableArray<IndicatorValue> values, DateOnly? asAt = null) => new()
    {
        LaCode = LaCode,
        AsAt = asAt ?? AsAt,
        RunId = "2026-10-31_20261101T013000000Z_abcdef12",
        Catalogue = catalogue,
        Values = values,
        DqSummary =
        [
            new DqSummaryRow { AsAt = AsAt, RuleCode = "DO01", Severity = "error", Title = "Dates out of order", Description = "d", Count = 7, New = 2, Resolved = 1 },
            new DqSummaryRow { AsAt = AsAt, RuleCode = "LG01", Severity = "warning", Title = "Legacy open records", Description = "d", Count = 0, New = 0, Resolved = 3 },
        ],
        Freshness = new DashboardFreshness
        {
            RunStartedAt = new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.Zero),
            ExtractedAt = "2026-11-01T01:12:44Z",
            SourceSystem = "mosaic",
            SsdVersion = "1.4.5",
            CodeVersion = "test",
            Files = [new FileIngestStats("ssd_person", "ssd_person.csv", FileIngestStats.Accepted, 1000, 990, 10, 0, 0, new string('b', 64))],
        },
    };

    private static ImmutableArray<IndicatorValue> Values() =>
    [
        Month(Referrals, "2026-08-31", 480.0), Month(Referrals, "2026-09-30", 474.5), Month(Referrals, "2026-10-31", 541.6, j => j.Dot = "up"),
        Rolling(Referrals, "2026-10-31", 449.0),
        Unavailable(Leavers, "month", "2026-08-31", "ssd_care_leavers holds the current position only"),
        Unavailable(Leavers, "month", "2026-09-30", "ssd_care_leavers holds the current position only"),
        Month(Leavers, "2026-10-31", 100.0, j => (j.TargetMin, j.TargetUpper, j.Rag, j.RagBasis) = (90, 95, "green", "target")),
        Unavailable(Leavers, "rolling_12m", "2026-10-31", "ssd_care_leavers holds the current position only"),
        Month(Caseload, "2026-10-31", null),
    ];

    [Fact]
    public void EveryCatalogueIndicator_GetsARowASentenceATrendAndADefinition_EvenWithoutValues()
    {
        // An indicator another issue adds to the catalogue appears on the page whether or not it has values yet.
        var added = Definition("new_indicator", "A new indicator", Unit.Count, IndicatorKind.Flow, area: "Front door and assessment");
        var html = DashboardPage.Render(Input([Referrals, Leavers, Caseload, added], Values()));

        foreach (var id in new[] { Referrals.Id, Leavers.Id, Caseload.Id, added.Id })
        {
            Assert.Contains($"<tr data-indicator=\"{id}\">", html, StringComparison.Ordinal);
            Assert.Contains($"<li data-indicator=\"{id}\">", html, StringComparison.Ordinal);
            Assert.Contains($"<figure data-indicator=\"{id}\">", html, StringComparison.Ordinal);
            Assert.Contains($"<dt id=\"def-{id}\">", html, StringComparison.Ordinal);
        }

        Assert.Contains("<tr id=\"unavailable-new_indicator\"><th scope=\"row\">A new indicator</th><td>every period (no rows published)</td>", html, StringComparison.Ordinal);
        Assert.Contains("A new indicator: no monthly figures were published in this snapshot.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void UnavailableAndNoValue_AreShownInWords_NeverAsZeroOrBlank()
    {
        var html = DashboardPage.Render(Input([Referrals, Leavers, Caseload], Values()));

        var leavers = HeadlineRow(html, Leavers.Id);
        Assert.Equal(3, Regex.Count(leavers, "<a class=\"unavail\" href=\"#unavailable-cl_in_touch_17_18_pct\">unavailable</a>"));
        Assert.Contains("data-period=\"month:2026-10-31\">100.0%</td>", leavers, StringComparison.Ordinal);
        Assert.Contains("data-period=\"rolling_12m:2026-10-31\"><a class=\"unavail\"", leavers, StringComparison.Ordinal);
        Assert.Contains("<tr id=\"unavailable-cl_in_touch_17_18_pct\"><th scope=\"row\">% care leavers aged 17-18 in touch</th><td>3 of 4 periods</td>"
            + "<td>ssd_care_leavers holds the current position only</td>", html, StringComparison.Ordinal);
        var caseload = HeadlineRow(html, Caseload.Id);
        Assert.Contains("data-period=\"month:2026-10-31\"><span class=\"novalue\">no value</span></td>", caseload, StringComparison.Ordinal);
        Assert.Contains("data-period=\"month:2026-09-30\"><span class=\"novalue\">not published</span></td>", caseload, StringComparison.Ordinal);
        foreach (var row in new[] { leavers, caseload, HeadlineRow(html, Referrals.Id) })
        {
            Assert.DoesNotMatch("data-period=\"[^\"]*\">(0|0\\.0|0\\.0%)?</td>", row);
        }
    }

    [Fact]
    public void MidMonthAsAt_ShowsTheMonthToDate_MarkedPartial()
    {
        var asAt = D("2026-11-15");
        var values = Values().Add(Row(Referrals, "month_to_date", D("2026-11-01"), asAt, 612.3, null));

        var html = DashboardPage.Render(Input([Referrals, Leavers, Caseload], values, asAt));

        Assert.Contains("<th scope=\"col\" class=\"num\">15 Nov 2026 (as at)</th>", html, StringComparison.Ordinal);
        Assert.Contains("data-period=\"month_to_date:2026-11-15\">612.3 <span class=\"partial\">partial</span></td>", HeadlineRow(html, Referrals.Id), StringComparison.Ordinal);
        Assert.DoesNotContain("612.3", Telling(html), StringComparison.Ordinal);
    }

    [Fact]
    public void RagAndDirection_AreWordsAndSymbols_NotColourAlone()
    {
        var html = DashboardPage.Render(Input([Referrals, Leavers, Caseload], Values()));

        Assert.Contains("<td data-field=\"rag\" class=\"rag-cell\"><span class=\"rag rag-green\"><span aria-hidden=\"true\">✓ </span>Green</span> <span class=\"basis\">vs target</span></td>",
            HeadlineRow(html, Leavers.Id), StringComparison.Ordinal);
        Assert.Contains("<span class=\"rag rag-none\">Not rated</span>", HeadlineRow(html, Referrals.Id), StringComparison.Ordinal);
        Assert.Contains("<td data-field=\"dot\"><span class=\"dot\"><span aria-hidden=\"true\">▲ </span>up</span></td>", HeadlineRow(html, Referrals.Id), StringComparison.Ordinal);
    }

    [Fact]
    public void Page_IsSelfContained_AndTextFromTheExtractIsEncoded()
    {
        var team = Month(Referrals, "2026-10-31", 18.5) with { Breakdown = "team", BreakdownValue = "<script>alert(1)</script> & Co" };

        var html = DashboardPage.Render(Input([Referrals, Leavers, Caseload], Values().Add(team)));

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        // The only absolute URL is the SVG namespace, which names rather than fetches.
        Assert.All(Regex.Matches(html, "https?://[^\"'\\s<]*").Select(m => m.Value), url => Assert.Equal("http://www.w3.org/2000/svg", url));
    }

    [Fact]
    public void QualitySection_CountsOpenIssuesBySeverity_AndLinksToTheRestrictedReportOnly()
    {
        var html = DashboardPage.Render(Input([Referrals, Leavers, Caseload], Values()));

        Assert.Contains("<dt>Rows</dt><dd>1,000 read from 1 files; 10 quarantined (1.00%)</dd>", html, StringComparison.Ordinal);
        Assert.Contains("7 errors, 0 warnings, 0 queries; 2 new and 4 resolved since the previous snapshot", html, StringComparison.Ordinal);
        // Relative to published/runs/{run}/ and to published/dashboard/as_at=…/ alike: both are three folders deep.
        Assert.Contains("<a href=\"../../../restricted/runs/2026-10-31_20261101T013000000Z_abcdef12/dq_report.html\">", html, StringComparison.Ordinal);
        Assert.Equal(3, SnapshotLayout.RunFile("r1", Datasets.Dashboard).Count(c => c == '/'));
        Assert.Equal(3, SnapshotLayout.Partition(Datasets.Dashboard, AsAt).Count(c => c == '/'));
    }

    [Fact]
    public void BlockedSnapshot_SaysItIsNotPublished()
    {
        var html = DashboardPage.Render(Input([Referrals], Values()) with { Status = RunStatus.Blocked, Reason = "ssd_person: 9% quarantined" });

        Assert.Contains("<strong>Not published:</strong> this snapshot was blocked (ssd_person: 9% quarantined)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void SameInput_SameBytes()
    {
        var input = Input([Referrals, Leavers, Caseload], Values());

        Assert.Equal(DashboardPage.Html(input), DashboardPage.Html(input with { }));
    }

    private static string HeadlineRow(string html, string id)
    {
        var start = html.IndexOf($"<tr data-indicator=\"{id}\">", StringComparison.Ordinal);
        return html[start..(html.IndexOf("</tr>", start, StringComparison.Ordinal) + 5)];
    }

    private static string Telling(string html)
    {
        var start = html.IndexOf("<section id=\"telling\"", StringComparison.Ordinal);
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }
}
