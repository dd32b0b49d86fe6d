using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Application;

namespace Pipeline.Functions;

/// <summary>The app's wiring, one method: Program.cs calls it with the app settings, the tests with Azurite's.</summary>
public static class FunctionsApp
{
    /// <summary>
    /// The settings (checked: <see cref="InvalidSettingException"/> names a bad one), the storage account they name,
    /// and the one service every function calls; telemetry to Application Insights.
    /// </summary>
    public static void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        var settings = PipelineSettings.From(configuration);
        services.AddLogging();
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.AddSingleton(settings);
        services.AddSingleton(_ => settings.Connect().Deployment());
        services.AddSingleton(provider => new RefreshService(
            provider.GetRequiredService<PipelineDeployment>(), TimeProvider.System, provider.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline")));
    }
}
