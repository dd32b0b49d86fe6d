using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Application;
using Pipeline.Azure;
using Pipeline.Functions;

namespace Pipeline.Tests.Support;

/// <summary>
/// The app's services as Program.cs builds them (<see cref="FunctionsApp.ConfigureServices"/>), from
/// local.settings.sample.json's Values with every development-storage connection pointed at a test's Azurite.
/// </summary>
public static class FunctionsHost
{
    /// <summary>The sample's Values, as the host hands them to the worker (environment variables).</summary>
    public static Dictionary<string, string?> SampleSettings(Azurite? azurite)
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(
            p => p.Name,
            p => azurite is not null && p.Value.GetString() == "UseDevelopmentStorage=true" ? azurite.ConnectionString : p.Value.GetString(),
            StringComparer.Ordinal);
    }

    /// <summary>Configuration read the way the worker reads environment variables: <c>A__b</c> is the key <c>A:b</c>.</summary>
    public static IConfiguration Configuration(IReadOnlyDictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value))).Build();

    /// <summary>
    /// The wired services. <paramref name="storage"/> replaces only the storage account's tuning (the tests' short
    /// retry delays); everything else is as the app wires it.
    /// </summary>
    public static ServiceProvider Services(IReadOnlyDictionary<string, string?> settings, AzureStorageOptions? storage = null)
    {
        var configuration = Configuration(settings);
        // What the host builder registers before ConfigureServices runs.
        var services = new ServiceCollection().AddSingleton(configuration);
        FunctionsApp.ConfigureServices(services, configuration);
        if (storage is not null)
        {
            services.AddSingleton(provider => provider.GetRequiredService<PipelineSettings>().Connect(storage).Deployment());
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Every class holding a [Function] method: what the worker activates per invocation.</summary>
    public static IReadOnlyList<Type> FunctionClasses() =>
        [.. typeof(FunctionsApp).Assembly.GetTypes().Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(FunctionAttribute), false).Length > 0))];

    public static PipelineFunctions Functions(IServiceProvider services) => ActivatorUtilities.CreateInstance<PipelineFunctions>(services);

    public static RefreshService Service(IServiceProvider services) => services.GetRequiredService<RefreshService>();
}
