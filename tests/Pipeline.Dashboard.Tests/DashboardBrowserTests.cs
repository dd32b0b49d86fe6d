using System.Globalization;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Pipeline.Tests.Support;
using Xunit.Abstractions;

namespace Pipeline.Tests.Dashboard;

/// <summary>
/// The bundled sample's dashboard, opened in a real headless Chromium as a committee member's browser would open
/// it from a file share: what it shows is checked against indicator_values read independently with DuckDB.
/// </summary>
[Collection(SampleDashboardCollection.Name)]
public class DashboardBrowserTests(SampleDashboard sample, ITestOutputHelper output)
{
    private const string LatestMonth = "2026-10-31";

    [Fact]
    public async Task EveryCatalogueIndicator_HasAHeadlineRowASentenceATrendAndADefinition()
    {
        var catalogue = DuckDb.Query($"SELECT indicator_id FROM read_parquet({DuckDb.Literal(sample.IndicatorCatalogue)}) ORDER BY indicator_id")
            .Select(r => (string)r[0]!).ToList();
        var page = await sample.OpenAsync();

        async Task<List<string>> Ids(string selector) =>
            [.. (await page.Locator(selector).EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.indicator || e.id)")).Order(StringComparer.Ordinal)];

        Assert.True(catalogue.Count >= 40, $"the sample's catalogue has {catalogue.Count} indicators");
        Assert.Equal(catalogue, await Ids("table.headline tbody tr[data-indicator]"));
        Assert.Equal(catalogue, await Ids("ul.telling li[data-indicator]"));
        Assert.Equal(catalogue, await Ids("#trends figure[data-indicator]"));
        Assert.Equal(catalogue.Select(id => "def-" + id).Order(StringComparer.Ordinal), await Ids("dl.definitions dt"));
        foreach (var sentence in await page.Locator("ul.telling li").AllInnerTextsAsync())
        {
            Assert.True(sentence.Trim().Length > 20 && sentence.TrimEnd().EndsWith('.'), $"'{sentence}' is not a sentence");
        }
    }

    [Fact]
    public async Task HeadlineFigures_EqualIndicatorValuesReadWithDuckDb_AtDisplayPrecision()
    {
        // Rounded by DuckDB, not by the pipeline: one decimal place, whole numbers for counts.
        var published = DuckDb.Query(
            $"""
            SELECT indicator_id, period_type, strftime(period_end, '%Y-%m-%d'), available, is_partial, unit,
                   round(value, CASE unit WHEN 'count' THEN 0 ELSE 1 END), england, statistical_neighbours
            FROM read_parquet({DuckDb.Literal(sample.IndicatorValues)}) WHERE breakdown = ''
            """).ToDictionary(r => ((string)r[0]!, (string)r[1]! + ":" + (string)r[2]!), r => r);
        var page = await sample.OpenAsync();
        var cells = await page.Locator("table.headline td[data-period]").EvaluateAllAsync<string[][]>(
            "tds => tds.map(td => [td.closest('tr').dataset.indicator, td.dataset.period, td.innerText.trim()])");

        var indicators = cells.Select(c => c[0]).Distinct().Count();
        Assert.Equal(indicators * 4, cells.Length);
        foreach (var cell in cells)
        {
            var row = published[(cell[0], cell[1])];
            Assert.True(Expected(row) == cell[2], $"{cell[0]} {cell[1]}: page shows '{cell[2]}', indicator_values says '{Expected(row)}'");
        }

        var comparators = await page.Locator("table.headline td[data-field=england], table.headline td[data-field=statistical_neighbours]").EvaluateAllAsync<string[][]>(
            "tds => tds.map(td => [td.closest('tr').dataset.indicator, td.dataset.field, td.innerText.trim()])");
        Assert.Equal(indicators * 2, comparators.Length);
        foreach (var cell in comparators)
        {
            var row = published[(cell[0], "month:" + LatestMonth)];
            var value = cell[1] == "england" ? row[7] : row[8];
            var expected = value is null ? "none" : Format(Math.Round((double)value, (string)row[5]! == "count" ? 0 : 1, MidpointRounding.AwayFromZero), (string)row[5]!);
            Assert.True(expected == cell[2], $"{cell[0]} {cell[1]}: page shows '{cell[2]}', indicator_values says '{expected}'");
        }
    }

    [Fact]
    public async Task RagCells_CarryAWordAndSymbolAsWellAsColour_AndAgreeWithIndicatorValues()
    {
        var rags = DuckDb.Query(
            $"""
            SELECT indicator_id, rag FROM read_parquet({DuckDb.Literal(sample.IndicatorValues)})
            WHERE breakdown = '' AND period_type = 'month' AND period_end = DATE '{LatestMonth}' AND available AND value IS NOT NULL
            """).ToDictionary(r => (string)r[0]!, r => (string?)r[1]);
        var page = await sample.OpenAsync();
        var cells = await page.Locator("table.headline td[data-field=rag]").EvaluateAllAsync<string[][]>(
            "tds => tds.map(td => [td.closest('tr').dataset.indicator, td.querySelector('.rag').innerText.trim(), getComputedStyle(td.querySelector('.rag')).backgroundColor])");

        var colours = new Dictionary<string, string>();
        foreach (var (indicator, text, background) in cells.Select(c => (c[0], c[1], c[2])))
        {
            var rag = rags.GetValueOrDefault(indicator);
            var word = rag switch { "green" => "✓ Green", "amber" => "! Amber", "red" => "✗ Red", _ => "Not rated" };
            Assert.True(word == text, $"{indicator}: the RAG cell says '{text}', indicator_values says {rag ?? "no rating"}");
            if (rag is not null)
            {
                Assert.NotEqual("rgba(0, 0, 0, 0)", background);
                Assert.Equal(colours.GetValueOrDefault(rag, background), background);
                colours[rag] = background;
            }
        }

        Assert.True(colours.Count == 3, $"the sample should show every rating; it shows {string.Join(", ", colours.Keys)}");
        Assert.Equal(3, colours.Values.Distinct().Count());
    }

    [Fact]
    public async Task TeamCaseloads_EqualTheTeamRowsOfIndicatorValues()
    {
        var teams = DuckDb.Query(
            $"""
            SELECT breakdown_value, round(value, 1) FROM read_parquet({DuckDb.Literal(sample.IndicatorValues)})
            WHERE indicator_id = 'caseload_avg' AND breakdown = 'team' AND period_type = 'month' AND period_end = DATE '{LatestMonth}'
            """).ToDictionary(r => (string)r[0]!, r => Format((double)r[1]!, "mean"));
        var page = await sample.OpenAsync();
        var rows = await page.Locator($"table[data-table=caseloads] tbody tr").EvaluateAllAsync<string[][]>(
            $"trs => trs.map(tr => [tr.querySelector('th').innerText.trim(), tr.querySelector('td[data-period=\"month:{LatestMonth}\"]').innerText.trim()])");

        Assert.True(teams.Count >= 2, "the sample has several teams");
        Assert.Equal(teams.Keys.Order(StringComparer.Ordinal).Append("All teams"), rows.Select(r => r[0]));
        foreach (var row in rows.SkipLast(1))
        {
            Assert.Equal(teams[row[0]], row[1]);
        }
    }

    [Fact]
    public async Task Page_MakesNoNetworkRequest_AndLogsNoConsoleError()
    {
        var page = await sample.Browser.NewPageAsync();
        var requests = new List<string>();
        var errors = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                errors.Add($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add("page error: " + error);
        var url = new Uri(sample.DashboardPath).AbsoluteUri;

        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var resources = await page.EvaluateAsync<int>("performance.getEntriesByType('resource').length");

        Assert.Equal([url], requests);
        Assert.Equal(0, resources);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AxeCore_ReportsNoWcag21AaViolation()
    {
        var page = await sample.OpenAsync();

        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help}; {v.Nodes.Length} nodes, e.g. {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
        Assert.True(result.Violations.Length == 0, string.Join("\n", violations));
        Assert.Contains(result.Passes, p => p.Id == "color-contrast");
        Assert.Contains(result.Passes, p => p.Id == "th-has-data-cells");
    }

    [Fact]
    public async Task Keyboard_FirstTabReachesTheSkipLink_AndEveryScrollingTableCanBeFocused()
    {
        var page = await sample.OpenAsync();

        await page.Keyboard.PressAsync("Tab");
        var first = await page.EvaluateAsync<string>("document.activeElement.className + ' ' + document.activeElement.getAttribute('href')");
        await page.Keyboard.PressAsync("Enter");
        var afterEnter = await page.EvaluateAsync<string>("document.activeElement.id");
        var unfocusable = await page.Locator(".scroll").EvaluateAllAsync<int>("els => els.filter(e => e.tabIndex < 0).length");

        Assert.Equal("skip #main", first);
        Assert.Equal("main", afterEnter);
        Assert.Equal(0, unfocusable);
    }

    [Fact]
    public async Task Screenshot_AndA4LandscapePrint_AreProducedAndThePrintedPageFitsItsWidth()
    {
        var page = await sample.OpenAsync(1366, 768);
        var screenshot = Path.Combine(SampleDashboard.Artifacts, "dashboard-1366x768.png");
        var pdf = Path.Combine(SampleDashboard.Artifacts, "dashboard-a4-landscape.pdf");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot });
        await page.PdfAsync(new PagePdfOptions { Path = pdf, Format = "A4", Landscape = true, PrintBackground = true, PreferCSSPageSize = true });
        // A4 landscape less the 10 mm margins, at 96 px to the inch: what the print layout has to fit into.
        await page.SetViewportSizeAsync(1047, 718);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var overflowing = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('table, figure, section')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(e => e.tagName + '#' + (e.id || e.className))");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");

        output.WriteLine($"artifacts: {screenshot}, {pdf}");
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal((1366, 768), (ReadBigEndian(png, 16), ReadBigEndian(png, 20)));
        var pdfBytes = await File.ReadAllBytesAsync(pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdfBytes, 0, 4));
        Assert.True(pdfBytes.Length > 50_000, $"the PDF is only {pdfBytes.Length} bytes");
        Assert.True(overflowing.Length == 0, "wider than A4 landscape in print: " + string.Join(", ", overflowing));
        Assert.True(scrollWidth <= 1047, $"the printed page is {scrollWidth}px wide");
        if (Environment.GetEnvironmentVariable("UPDATE_DASHBOARD_SCREENSHOT") == "1")
        {
            // The README's picture: `UPDATE_DASHBOARD_SCREENSHOT=1 dotnet test tests/Pipeline.Dashboard.Tests --filter Screenshot`.
            File.Copy(screenshot, Path.Combine(Directory.CreateDirectory(Path.Combine(Repo.Root, "docs")).FullName, "dashboard.png"), overwrite: true);
        }
    }

    private static string Expected(object?[] row)
    {
        var (available, partial, unit, rounded) = ((bool)row[3]!, (bool)row[4]!, (string)row[5]!, row[6] as double?);
        return !available ? "unavailable" : rounded is not { } v ? "no value" : Format(v, unit) + (partial ? " partial" : "");
    }

    private static string Format(double rounded, string unit) => unit switch
    {
        "percent" => rounded.ToString("N1", CultureInfo.InvariantCulture) + "%",
        "count" => rounded.ToString("N0", CultureInfo.InvariantCulture),
        _ => rounded.ToString("N1", CultureInfo.InvariantCulture),
    };

    private static int ReadBigEndian(byte[] bytes, int offset) => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}
