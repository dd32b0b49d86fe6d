using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Application;
using Pipeline.Functions;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests;

/// <summary>
/// What `dotnet publish src/Pipeline.Functions -c Release` produces, read as the Functions host reads it:
/// functions.metadata (every function and binding), extensions.json and the .azurefunctions/ extension
/// assemblies, worker.config.json, host.json. The host itself cannot run here; this is everything it would load.
/// </summary>
public sealed class PublishOutputTests(PublishedApp app) : IClassFixture<PublishedApp>
{
    private static readonly string[] FunctionNames = ["Dashboard", "ExtractArrived", "NightlyRefresh", "RefreshNow", "RunRequested", "Status"];

    private static readonly JsonElement SampleValues = SampleSettings();

    [Fact]
    public void Publish_Release_SucceedsWithoutErrors()
    {
        Assert.True(app.ExitCode == 0, app.Output);
        Assert.DoesNotContain(": error ", app.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_HasEverythingTheHostLoadsAndNoLocalSettings()
    {
        foreach (var file in new[] { "functions.metadata", "extensions.json", "worker.config.json", "host.json", "Pipeline.Functions.dll", "Pipeline.Functions.runtimeconfig.json" })
        {
            Assert.True(File.Exists(app.File(file)), $"{file} is not in the publish output");
        }

        // The worker the host starts is the one published.
        var worker = app.ReadJson("worker.config.json").GetProperty("description");
        Assert.Equal("dotnet-isolated", worker.GetProperty("language").GetString());
        Assert.True(File.Exists(app.File(worker.GetProperty("defaultWorkerPath").GetString()!)));

        // host.json is the repository's, at the root of the package.
        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Root, "host.json")), File.ReadAllText(app.File("host.json")));

        // As the CLI: the GC keeps the heap well under the instance's memory (bench/README.md).
        var runtime = app.ReadJson("Pipeline.Functions.runtimeconfig.json").GetProperty("runtimeOptions");
        Assert.Equal("net10.0", runtime.GetProperty("tfm").GetString());
        Assert.Equal(9, runtime.GetProperty("configProperties").GetProperty("System.GC.ConserveMemory").GetInt32());

        // Local settings (Azurite's connection strings) are never deployed.
        Assert.False(File.Exists(app.File("local.settings.json")));
    }

    [Fact]
    public void Extensions_BlobAndQueue_ListedAndTheirAssembliesShipped()
    {
        var extensions = app.ReadJson("extensions.json").GetProperty("extensions").EnumerateArray().ToList();
        var names = extensions.Select(e => e.GetProperty("name").GetString()).ToList();

        Assert.Contains("AzureStorageBlobs", names);
        Assert.Contains("AzureStorageQueues", names);
        Assert.Contains(extensions, e => e.GetProperty("typeName").GetString()!.Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Blobs, Version=5.", StringComparison.Ordinal));
        Assert.Contains(extensions, e => e.GetProperty("typeName").GetString()!.Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Queues, Version=5.", StringComparison.Ordinal));
        Assert.All(extensions, e =>
        {
            var hint = e.GetProperty("hintPath").GetString()!;
            Assert.StartsWith("./.azurefunctions/", hint, StringComparison.Ordinal);
            Assert.True(File.Exists(app.File(hint[2..])), $"{hint} is not in the publish output");
        });
    }

    [Fact]
    public void Metadata_Functions_AreTheSixAndEachEntryPointIsAPublicMethodOfPipelineFunctions()
    {
        var functions = Functions().ToList();

        Assert.Equal(FunctionNames, functions.Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(functions, f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("Pipeline.Functions.dll", f.GetProperty("scriptFile").GetString());
            var entryPoint = f.GetProperty("entryPoint").GetString()!;
            var method = typeof(PipelineFunctions).GetMethod(entryPoint[(entryPoint.LastIndexOf('.') + 1)..], BindingFlags.Public | BindingFlags.Instance);
            Assert.Equal($"{typeof(PipelineFunctions).FullName}.{method?.Name}", entryPoint);
            Assert.Equal(f.GetProperty("name").GetString(), method!.GetCustomAttribute<FunctionAttribute>()!.Name);
        });
    }

    [Fact]
    public void Metadata_NightlyRefresh_TimerOnTheScheduleSettingWithMonitorNeverOnStartup()
    {
        var timer = Assert.Single(Bindings("NightlyRefresh"));

        Assert.Equal("timerTrigger", timer.GetProperty("type").GetString());
        Assert.Equal("%NightlySchedule%", timer.GetProperty("schedule").GetString());
        Assert.True(timer.GetProperty("useMonitor").GetBoolean());
        Assert.False(timer.TryGetProperty("runOnStartup", out var onStartup) && onStartup.GetBoolean());
    }

    [Fact]
    public void Metadata_ExtractArrived_BlobTriggerOnTheManifestFromEventGridOnThePipelineAccount()
    {
        var blob = Assert.Single(Bindings("ExtractArrived"));

        Assert.Equal("blobTrigger", blob.GetProperty("type").GetString());
        Assert.Equal("In", blob.GetProperty("direction").GetString());
        Assert.Equal("extracts/{asAt}/manifest.json", blob.GetProperty("path").GetString());
        Assert.Equal("EventGrid", blob.GetProperty("source").GetString());
        Assert.Equal("PipelineStorage", blob.GetProperty("connection").GetString());
    }

    [Theory]
    [InlineData("RefreshNow", "post", "refresh/{asAt}")]
    [InlineData("Status", "get", "status")]
    [InlineData("Dashboard", "get", "dashboard/{asAt?}")] // one function: "dashboard" is the latest, "dashboard/2026-10-31" one night
    public void Metadata_HttpFunctions_OneMethodOneRouteFunctionKey(string function, string method, string route)
    {
        var bindings = Bindings(function).ToList();
        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");

        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        var output = Assert.Single(bindings, b => b.GetProperty("direction").GetString() == "Out");
        Assert.Equal(("http", "$return"), (output.GetProperty("type").GetString(), output.GetProperty("name").GetString()));
    }

    [Fact]
    public void Metadata_EveryHttpTrigger_NeedsAtLeastAFunctionKey()
    {
        var triggers = Functions().SelectMany(f => f.GetProperty("bindings").EnumerateArray()).Where(b => b.GetProperty("type").GetString() == "httpTrigger").ToList();

        // Dashboard, RefreshNow, Status; Entra sign-in (infra/main.bicep) comes on top of the key, never instead of it.
        Assert.Equal(3, triggers.Count);
        Assert.All(triggers, t => Assert.Contains(t.GetProperty("authLevel").GetString(), new[] { "Function", "Admin" }));
    }

    [Fact]
    public void Metadata_HttpRoutes_SignInInMainBicepExcludesTheKeyOnlyOnesAndNeverTheDashboard()
    {
        // infra/main.bicep's optional Entra sign-in (authsettingsV2) lets through the paths scripts call with a key.
        var bicep = File.ReadAllText(Path.Combine(Repo.Root, "infra", "main.bicep"));
        var list = Regex.Match(bicep, @"excludedPaths: \[(?<paths>[^\]]*)\]", RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.True(list.Success, "no excludedPaths in infra/main.bicep");
        var excluded = Regex.Matches(list.Groups["paths"].Value, "'([^']+)'", RegexOptions.None, TimeSpan.FromSeconds(1)).Select(m => m.Groups[1].Value).ToList();
        bool Excluded(string path) => excluded.Any(e => e.EndsWith("/*", StringComparison.Ordinal) ? path.StartsWith(e[..^1], StringComparison.Ordinal) : path == e);

        // Each route as requests reach it, under the host's default prefix (host.json does not change it); an
        // optional segment both with and without it.
        var paths = Functions().SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .SelectMany(b => Requests(b.GetProperty("route").GetString()!))
                .Select(route => (Function: f.GetProperty("name").GetString()!, Path: "/api/" + route)))
            .ToList();
        static string[] Requests(string route) => route.Contains("/{asAt?}", StringComparison.Ordinal)
            ? [route.Replace("/{asAt?}", "", StringComparison.Ordinal), route.Replace("{asAt?}", "2026-10-31", StringComparison.Ordinal)]
            : [route.Replace("{asAt}", "2026-10-31", StringComparison.Ordinal)];

        Assert.False(app.ReadJson("host.json").TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("http", out _));
        Assert.Equal(
            ["/api/dashboard", "/api/dashboard/2026-10-31", "/api/refresh/2026-10-31", "/api/status"],
            paths.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.All(paths, p => Assert.True(Excluded(p.Path) == (p.Function != "Dashboard"), $"{p.Function} {p.Path}"));
    }

    [Fact]
    public void Metadata_RunRequested_QueueTriggerOnTheRequestQueueOfThePipelineAccount()
    {
        var queue = Assert.Single(Bindings("RunRequested"));

        Assert.Equal("queueTrigger", queue.GetProperty("type").GetString());
        Assert.Equal(RefreshQueue.Name, queue.GetProperty("queueName").GetString());
        Assert.Equal("refresh-requests", RefreshQueue.Name);
        Assert.Equal("PipelineStorage", queue.GetProperty("connection").GetString());
    }

    [Fact]
    public void Metadata_EverySettingABindingNames_IsInTheSampleSettingsWithItsIdentityBasedForm()
    {
        var bindings = Functions().SelectMany(f => f.GetProperty("bindings").EnumerateArray()).ToList();
        var percent = bindings.SelectMany(b => b.EnumerateObject()).Where(p => p.Value.ValueKind == JsonValueKind.String)
            .Select(p => p.Value.GetString()!).Where(v => v.StartsWith('%') && v.EndsWith('%')).Select(v => v.Trim('%'));
        var connections = bindings.Where(b => b.TryGetProperty("connection", out _)).Select(b => b.GetProperty("connection").GetString()!).Distinct().ToList();

        Assert.Equal(["NightlySchedule"], percent.Distinct());
        Assert.Equal(["PipelineStorage"], connections);
        foreach (var name in percent.Concat(connections))
        {
            Assert.True(SampleValues.TryGetProperty(name, out _), $"{name} is not in local.settings.sample.json");
        }

        // In Azure the connection is identity-based: the blob trigger needs the blob (and queue) service, the queue trigger the queue.
        Assert.True(SampleValues.TryGetProperty("PipelineStorage__blobServiceUri", out _));
        Assert.True(SampleValues.TryGetProperty("PipelineStorage__queueServiceUri", out _));
    }

    [Fact]
    public void Settings_EveryNameTheWorkerReads_IsInTheSampleSettings()
    {
        var names = typeof(PipelineSettings).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Superset(new HashSet<string>(["NightlySchedule", "PipelineStorage", "PipelineStorage__blobServiceUri", "PipelineStorage__queueServiceUri",
            "PipelineStorage__tableServiceUri", "BusinessTimeZone"]), names.ToHashSet());
        Assert.All(names, name => Assert.True(SampleValues.TryGetProperty(name, out _), $"{name} is not in local.settings.sample.json"));
        Assert.True(SampleValues.TryGetProperty("AzureWebJobsStorage", out _));
        Assert.True(SampleValues.TryGetProperty("AzureWebJobsStorage__accountName", out _));
        Assert.Equal("dotnet-isolated", SampleValues.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }

    [Fact]
    public void HostJson_QueueRetriesAreTheServicesAndTheTimeoutOutlastsAWaitingRerun()
    {
        var host = app.ReadJson("host.json");
        var queues = host.GetProperty("extensions").GetProperty("queues");
        var timeout = TimeSpan.Parse(host.GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture);

        Assert.Equal("2.0", host.GetProperty("version").GetString());
        // The queue's poison handling is the same count the ledger and pipeline serve use.
        Assert.Equal(RunLedger.MaxAttempts, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(RefreshQueue.RetryDelay, TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, CultureInfo.InvariantCulture));
        // What StorageQueueRefreshQueue writes.
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
        Assert.Equal(1, queues.GetProperty("batchSize").GetInt32());
        // A rerun may wait for another run of its as_at, then run itself (a national run: about five minutes).
        Assert.True(timeout >= new RefreshRequestOptions().WriterWaitLimit + TimeSpan.FromMinutes(10), $"functionTimeout {timeout}");
        Assert.True(timeout <= TimeSpan.FromHours(2));
        Assert.Contains("Request", host.GetProperty("logging").GetProperty("applicationInsights").GetProperty("samplingSettings").GetProperty("excludedTypes").GetString());
    }

    [Fact]
    public void PipelineFunctions_TakeOnlyTheServiceAndTheSettings()
    {
        // The functions reach storage only through RefreshService: nothing below it can be handed to them.
        var constructor = Assert.Single(typeof(PipelineFunctions).GetConstructors());

        Assert.Equal([typeof(RefreshService), typeof(PipelineSettings)], constructor.GetParameters().Select(p => p.ParameterType));
        Assert.DoesNotContain(typeof(PipelineFunctions).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public),
            f => f.FieldType.Namespace is "Pipeline.Storage" or "Pipeline.Azure");
    }

    private IEnumerable<JsonElement> Functions() => app.ReadJson("functions.metadata").EnumerateArray();

    private IEnumerable<JsonElement> Bindings(string function) =>
        Assert.Single(Functions(), f => f.GetProperty("name").GetString() == function).GetProperty("bindings").EnumerateArray();

    private static JsonElement SampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").Clone();
    }
}
