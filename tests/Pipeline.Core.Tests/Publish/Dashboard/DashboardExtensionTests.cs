using System.Collections.Immutable;
using Pipeline.Indicators;
using Pipeline.Publish.Dashboard;
using static Pipeline.Tests.Publish.Dashboard.DashboardRows;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Publish.Dashboard;

/// <summary>The extension measures on the committee's page: in their areas' tables, and by team beside their kin.</summary>
public class DashboardExtensionTests
{
    private static readonly IndicatorDefinition Contacts = Catalogue.Find("contacts_decided_24h_pct")!;
    private static readonly IndicatorDefinition Caseload = Catalogue.Find("caseload_avg")!;
    private static readonly IndicatorDefinition Workers = Catalogue.Find("worker_supervision_pct")!;
    private static readonly IndicatorDefinition Cases = Catalogue.Find("case_supervision_pct")!;

    private static IndicatorValue Team(IndicatorDefinition indicator, string end, string team, double numerator, double denominator) =>
        Month(indicator, end, 100 * numerator / denominator) with { Breakdown = IndicatorEngine.TeamBreakdown, BreakdownValue = team, Numerator = numerator, Denominator = denominator };

    private static string Render() => DashboardPage.Render(new DashboardInput
    {
        LaCode = LaCode,
        AsAt = AsAt,
        RunId = "2026-10-31_20261101T013000000Z_abcdef12",
        Catalogue = [Contacts, Caseload, Workers, Cases],
        Values =
        [
            Month(Contacts, "2026-10-31", 95.0), Team(Contacts, "2026-10-31", "Front Door (MASH)", 19, 20),
            Month(Caseload, "2026-10-31", 17.5) with { Breakdown = IndicatorEngine.TeamBreakdown, BreakdownValue = "Help and Protection 1" },
            Month(Workers, "2025-10-31", 60.0), Month(Workers, "2026-10-31", 80.0),
            Team(Workers, "2025-10-31", "Help and Protection 1", 3, 5), Team(Workers, "2026-10-31", "Help and Protection 1", 4, 5),
            Month(Cases, "2026-10-31", 64.0), Team(Cases, "2026-10-31", "Help and Protection 1", 16, 25),
        ],
        DqSummary = [],
        Freshness = new DashboardFreshness { RunStartedAt = new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.Zero), CodeVersion = "test", Files = [] },
    });

    private static string Between(string html, string from, string to)
    {
        var start = html.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {from}");
        return html[start..html.IndexOf(to, start, StringComparison.Ordinal)];
    }

    [Fact]
    public void HeadlineTables_EachMeasureInItsArea()
    {
        var html = Render();

        var frontDoor = Between(html, ">Front door and assessment</caption>", "</table>");
        var workforce = Between(html, ">Workforce</caption>", "</table>");

        Assert.Contains("<tr data-indicator=\"contacts_decided_24h_pct\">", frontDoor, StringComparison.Ordinal);
        Assert.Contains("<tr data-indicator=\"worker_supervision_pct\">", workforce, StringComparison.Ordinal);
        Assert.Contains("<tr data-indicator=\"case_supervision_pct\">", workforce, StringComparison.Ordinal);
        Assert.DoesNotContain("supervision", frontDoor, StringComparison.Ordinal);
    }

    [Fact]
    public void TeamTables_SupervisionBesideCaseloadsOverTheYear_DecisionsWithTheTimeliness()
    {
        var html = Render();

        var workforce = Between(html, "data-table=\"workforce\"", "</table>");
        var timeliness = Between(html, "data-table=\"timeliness\"", "</table>");

        Assert.Contains("% social workers supervised in the month", workforce, StringComparison.Ordinal);
        Assert.Contains("<tr><th scope=\"row\">Help and Protection 1</th><td class=\"num\" data-period=\"month:2025-10-31\">60.0% <span class=\"small\">(3 of 5)</span>", workforce, StringComparison.Ordinal);
        Assert.Contains("80.0% <span class=\"small\">(4 of 5)</span>", workforce, StringComparison.Ordinal);
        Assert.Contains("64.0% <span class=\"small\">(16 of 25)</span>", workforce, StringComparison.Ordinal);
        Assert.Contains("<span class=\"novalue\">none then</span>", workforce, StringComparison.Ordinal);
        Assert.Contains("% contacts with a decision within 24 hours", timeliness, StringComparison.Ordinal);
        Assert.Contains("95.0% <span class=\"small\">(19 of 20)</span>", timeliness, StringComparison.Ordinal);
        Assert.DoesNotContain("supervis", timeliness, StringComparison.Ordinal);
    }
}
