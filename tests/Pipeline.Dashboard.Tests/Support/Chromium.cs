using Microsoft.Playwright;

namespace Pipeline.Tests.Support;

/// <summary>
/// The system's headless Chromium, driven by Playwright through <c>ExecutablePath</c>. Playwright's own browser
/// download cannot work offline and is never attempted; a machine without Chromium fails the tests with what to
/// install, rather than skipping them (CI installs it in .ci/run).
/// </summary>
public static class Chromium
{
    /// <summary>Where a Chromium is looked for, after the <c>CHROMIUM_PATH</c> environment variable.</summary>
    public static readonly string[] KnownPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

    // Without the background-networking switches Chromium tries to reach its update and sync services, which a
    // closed network refuses (and the tests assert the page itself makes no request).
    public static readonly string[] Args =
    [
        "--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
    ];

    public static string ExecutablePath() => ExecutablePath([Environment.GetEnvironmentVariable("CHROMIUM_PATH"), .. KnownPaths]);

    public static string ExecutablePath(IEnumerable<string?> candidates) =>
        candidates.Where(p => !string.IsNullOrWhiteSpace(p)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "No Chromium for the dashboard's browser tests: install Debian's package (`apt-get install -y chromium`, as .ci/run does) "
                + "or set CHROMIUM_PATH to a Chromium or Chrome binary. Looked in: " + string.Join(", ", candidates.Where(p => !string.IsNullOrWhiteSpace(p))));

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var executable = ExecutablePath();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Args = Args });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
