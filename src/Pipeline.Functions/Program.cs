using Microsoft.Extensions.Hosting;
using Pipeline.Functions;

// Wiring only (FunctionsApp.ConfigureServices). A bad setting stops start-up with one line naming it.
IHost host;
try
{
    host = new HostBuilder()
        .ConfigureFunctionsWorkerDefaults()
        .ConfigureServices((context, services) => FunctionsApp.ConfigureServices(services, context.Configuration))
        .Build();
}
catch (InvalidSettingException e)
{
    await Console.Error.WriteLineAsync($"Pipeline.Functions cannot start: {e.Message}");
    return 1;
}

await host.RunAsync();
return 0;
