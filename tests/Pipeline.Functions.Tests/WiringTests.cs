using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Azure;
using Pipeline.Functions;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests;

/// <summary>Program.cs's wiring, from the sample settings pointed at Azurite; and what a bad setting does at start-up.</summary>
public class WiringTests
{
    [Fact]
    public async Task ConfigureServices_SampleSettingsOnAzurite_EveryFunctionClassResolvesAndReachesTheAccount()
    {
        await using var azurite = await Azurite.StartAsync();
        await Scenario.LandedAsync(azurite);
        await using var services = FunctionsHost.Services(FunctionsHost.SampleSettings(azurite));

        var classes = FunctionsHost.FunctionClasses();
        var functions = classes.Select(type => ActivatorUtilities.CreateInstance(services, type)).ToList();
        var deployment = services.GetRequiredService<Pipeline.Application.PipelineDeployment>();
        var status = await FunctionsHost.Service(services).StatusAsync(5, CancellationToken.None);

        Assert.Equal([typeof(PipelineFunctions)], classes);
        Assert.All(functions, Assert.NotNull);
        // The account the settings name, with the request queue the queue trigger reads.
        Assert.Equal($"devstoreaccount1/{RefreshQueue.Name}", deployment.Requests!.Location);
        Assert.Equal([Scenario.AsAt], (await deployment.Extracts.ListSetsAsync(CancellationToken.None)).Select(s => s.AsAt));
        Assert.Null(status.Latest);
        Assert.Empty(status.RecentRuns);
        Assert.Equal("Europe/London", services.GetRequiredService<PipelineSettings>().BusinessTimeZone.Id);
    }

    [Fact]
    public async Task ConfigureServices_IdentityBasedSettingsAsInAzure_Resolve()
    {
        var settings = FunctionsHost.SampleSettings(null);
        settings.Remove("PipelineStorage");
        settings["PipelineStorage__blobServiceUri"] = "https://cscpipedata1234.blob.core.windows.net";
        settings["PipelineStorage__queueServiceUri"] = "https://cscpipedata1234.queue.core.windows.net";
        settings["PipelineStorage__tableServiceUri"] = "https://cscpipedata1234.table.core.windows.net";

        await using var services = FunctionsHost.Services(settings);
        var deployment = services.GetRequiredService<Pipeline.Application.PipelineDeployment>();

        Assert.NotNull(FunctionsHost.Functions(services));
        Assert.Equal($"cscpipedata1234/{RefreshQueue.Name}", deployment.Requests!.Location);
    }

    [Theory]
    [InlineData("NightlySchedule", null, "NightlySchedule is not set")]
    [InlineData("NightlySchedule", "30 1 * * *", "NightlySchedule '30 1 * * *' is not a six-field cron")]
    [InlineData("BusinessTimeZone", null, "BusinessTimeZone is not set")]
    [InlineData("BusinessTimeZone", "Europe/Londn", "BusinessTimeZone 'Europe/Londn' is not a time zone")]
    [InlineData("PipelineStorage", "AccountName=x;AccountKey=secret-looking-value", "PipelineStorage is not a storage connection string")]
    // Without the connection string, the Azure placeholders of the sample are what is left: not URLs.
    [InlineData("PipelineStorage", null, "PipelineStorage__blobServiceUri '<in Azure")]
    public void ConfigureServices_BadSetting_StopsWithOneLineNamingIt(string setting, string? value, string expected)
    {
        var settings = FunctionsHost.SampleSettings(null);
        settings[setting] = value;

        var error = Assert.Throws<InvalidSettingException>(() => FunctionsHost.Services(settings));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("secret-looking-value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "PipelineStorage is not set")]
    [InlineData("PipelineStorage__queueServiceUri", "PipelineStorage__queueServiceUri is not set")]
    public void ConfigureServices_IdentityBasedStorageIncomplete_NamesWhatIsMissing(string? onlyMissing, string expected)
    {
        var settings = FunctionsHost.SampleSettings(null);
        settings.Remove("PipelineStorage");
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            settings[$"PipelineStorage__{service}ServiceUri"] = onlyMissing is null ? null : $"https://cscpipedata1234.{service}.core.windows.net";
        }

        if (onlyMissing is not null)
        {
            settings.Remove(onlyMissing);
        }

        var error = Assert.Throws<InvalidSettingException>(() => FunctionsHost.Services(settings));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Program_BadSetting_ExitsWithOneLineNamingIt()
    {
        // The built worker, started as the host starts it, with the sample's settings and a misspelt time zone.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pipeline.Functions.dll"));
        foreach (var (name, value) in FunctionsHost.SampleSettings(null))
        {
            start.Environment[name] = value;
        }

        start.Environment["BusinessTimeZone"] = "Europe/Londn";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("Pipeline.Functions cannot start: BusinessTimeZone 'Europe/Londn' is not a time zone (Europe/London)", (await stderr).Trim());
        Assert.Equal("", (await stdout).Trim());
    }
}
