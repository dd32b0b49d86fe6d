using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Application;
using Pipeline.Functions;

// Wiring only: the storage account from the app settings, and the one service every function calls.
var host = new HostBuilder()
    .ConfigureFunctionsWorkerDefaults()
    .ConfigureServices((context, services) =>
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        var settings = PipelineSettings.From(context.Configuration);
        services.AddSingleton(settings);
        services.AddSingleton(_ => settings.Connect().Deployment());
        services.AddSingleton(provider => new RefreshService(
            provider.GetRequiredService<PipelineDeployment>(), TimeProvider.System, provider.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline")));
    })
    .Build();

await host.RunAsync();
