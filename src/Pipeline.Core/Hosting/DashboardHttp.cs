using System.Globalization;

namespace Pipeline.Hosting;

/// <summary>
/// How every host answers for the dashboard (<c>pipeline serve --http</c> and the Functions app's <c>Dashboard</c>),
/// so the page arrives under the same headers and its refusals read the same wherever it is served.
/// </summary>
public static class DashboardHttp
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    public const string TextContentType = "text/plain; charset=utf-8";

    /// <summary>The page carries its styles inline and needs nothing else: the browser is told to fetch nothing.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Sent with every answer, the page and the refusals alike: no fetching or framing, no content sniffing, no
    /// referrer (the page links to the restricted report), and revalidation (the latest page changes every night).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers { get; } =
    [
        new("Content-Security-Policy", ContentSecurityPolicy),
        new("X-Content-Type-Options", "nosniff"),
        new("Referrer-Policy", "no-referrer"),
        new("Cache-Control", "no-cache"),
    ];

    public const string NoLatestDashboard = "no snapshot with a dashboard is published yet";

    /// <summary>What a storage failure answers: never its details, which could name the account.</summary>
    public const string StorageUnavailable = "storage unavailable; try again";

    public static string NoDashboardFor(DateOnly asAt) =>
        $"no dashboard is published for as_at {asAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
