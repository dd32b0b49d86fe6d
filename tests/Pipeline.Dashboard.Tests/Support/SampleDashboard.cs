using System.Text.Json;
using Microsoft.Playwright;

namespace Pipeline.Tests.Support;

/// <summary>
/// The bundled sample run once by the CLI, as an operator runs it, and one browser for every test of the
/// collection. The dashboard under test is the file that run published.
/// </summary>
public sealed class SampleDashboard : IAsyncLifetime
{
    public string Output { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "pipeline-tests", "dashboard-" + Guid.NewGuid().ToString("N"))).FullName;

    public string RunId { get; private set; } = "";

    /// <summary>The as_at partition's dashboard.html.</summary>
    public string DashboardPath { get; private set; } = "";

    public string IndicatorValues => Path.Combine(Output, "published", "indicator_values", "as_at=2026-10-31", "part-0.parquet");

    public string IndicatorCatalogue => Path.Combine(Output, "published", "indicator_catalogue", "as_at=2026-10-31", "part-0.parquet");

    public IBrowser Browser { get; private set; } = null!;

    private IPlaywright? playwright;

    /// <summary>Screenshots and PDFs the tests make, in the test output folder (never committed).</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        var (exitCode, printed) = Repo.RunCli("run", "--out", Output);
        Assert.True(exitCode == 0, printed);
        using var latest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Output, "latest.json")));
        RunId = latest.RootElement.GetProperty("run_id").GetString()!;
        Assert.Equal($"published/runs/{RunId}/dashboard.html", latest.RootElement.GetProperty("files").GetProperty("dashboard").GetString());
        DashboardPath = Path.Combine(Output, "published", "dashboard", "as_at=2026-10-31", "dashboard.html");
        (playwright, Browser) = await Chromium.LaunchAsync();
    }

    public async Task<IPage> OpenAsync(int width = 1366, int height = 768)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await page.GotoAsync(new Uri(DashboardPath).AbsoluteUri);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        Directory.Delete(Output, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SampleDashboardCollection : ICollectionFixture<SampleDashboard>
{
    public const string Name = "sample dashboard";
}
