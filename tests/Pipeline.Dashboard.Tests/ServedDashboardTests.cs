using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Dashboard;

/// <summary><c>pipeline serve --http</c> as an operator starts it, over the sample's output folder, read in the browser.</summary>
[Collection(SampleDashboardCollection.Name)]
public class ServedDashboardTests(SampleDashboard sample)
{
    [Fact]
    public async Task ServeHttp_OutFolder_TheBrowserGetsThePublishedPage_UnderItsContentSecurityPolicy_AndFetchesNothingElse()
    {
        var port = CliProcess.FreeLoopbackPort();
        using var serve = new CliProcess("serve", "--http", $"127.0.0.1:{port}", "--out", sample.Output);
        var page = await sample.Browser.NewPageAsync();
        var requests = new List<string>();
        var problems = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add(message.Text);
            }
        };
        var url = $"http://127.0.0.1:{port}/dashboard";
        var (exitCode, printed) = (-1, "");
        try
        {
            await WaitForListenerAsync(port);

            var response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

            Assert.Equal(200, response!.Status);
            Assert.Equal(await File.ReadAllBytesAsync(sample.DashboardPath), await response.BodyAsync());
            Assert.Equal([url], requests);
            Assert.Empty(problems);
            var byDate = await page.APIRequest.GetAsync($"http://127.0.0.1:{port}/dashboard/2026-10-31");
            Assert.Equal(200, byDate.Status);
            Assert.Equal(404, (await page.APIRequest.GetAsync($"http://127.0.0.1:{port}/dashboard/2026-10-30")).Status);
        }
        finally
        {
            (exitCode, printed) = await serve.StopAsync();
        }

        Assert.True(exitCode == 0, printed);
        Assert.Contains("pipeline serve: stopped", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("watching", printed, StringComparison.Ordinal);
    }

    private static async Task WaitForListenerAsync(int port)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(200);
            }
        }
    }
}

/// <summary>A machine without Chromium must fail the browser tests with what to install, not skip them.</summary>
public class ChromiumTests
{
    [Fact]
    public void NoChromiumAnywhere_FailsWithWhatToInstall()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Chromium.ExecutablePath(["/nonexistent/chromium", null, ""]));

        Assert.Contains("apt-get install -y chromium", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/chromium", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThisMachine_HasTheChromiumTheTestsUse() => Assert.True(File.Exists(Chromium.ExecutablePath()));
}
