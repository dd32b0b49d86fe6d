using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pipeline.Tests.Support;

namespace Pipeline.Tests;

/// <summary>What can be checked of the Functions app on a machine that cannot build it.</summary>
public partial class FunctionsSourceTests
{
    private static readonly string Folder = Path.Combine(Repo.Root, "src", "Pipeline.Functions");

    private static readonly List<SyntaxTree> Trees =
        [.. Directory.GetFiles(Folder, "*.cs").Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f))];

    private static readonly HashSet<string> SampleSettings = LoadSampleSettings();

    private static IEnumerable<MethodDeclarationSyntax> Functions() =>
        Trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Where(m => m.AttributeLists.SelectMany(a => a.Attributes).Any(a => a.Name.ToString() == "Function"));

    private static string NameOf(MethodDeclarationSyntax method) =>
        method.AttributeLists.SelectMany(a => a.Attributes).Single(a => a.Name.ToString() == "Function").ArgumentList!.Arguments[0].ToString().Trim('"');

    [Fact]
    public void Source_ParsesWithoutSyntaxErrors() =>
        Assert.All(Trees, t => Assert.DoesNotContain(t.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error));

    [Fact]
    public void Functions_AreTheFourTheDesignNames() =>
        Assert.Equal(["ExtractArrived", "NightlyRefresh", "RefreshNow", "Status"], Functions().Select(NameOf).Order(StringComparer.Ordinal));

    [Fact]
    public void EveryFunction_CallsTheSharedServiceAndNothingBelowIt()
    {
        foreach (var function in Functions())
        {
            var calls = function.DescendantNodes().OfType<InvocationExpressionSyntax>().Select(i => i.Expression.ToString()).ToList();
            Assert.Contains(calls, c => c.StartsWith("refresh.", StringComparison.Ordinal));
            // The service is the only way in: no run, store or ledger built or called from a trigger.
            var text = function.ToString();
            foreach (var below in new[] { "NightlyRun", "SnapshotStore", "Ledger", "ExtractLanding", "Dashboards" })
            {
                Assert.DoesNotContain(below, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Timer_UsesTheScheduleSettingWithMonitorAndNeverRunsOnStartup()
    {
        var timer = Attribute("TimerTrigger");

        Assert.Equal("\"%NightlySchedule%\"", timer.ArgumentList!.Arguments[0].ToString());
        Assert.Contains(timer.ArgumentList.Arguments, a => a.ToString().Replace(" ", "", StringComparison.Ordinal) == "UseMonitor=true");
        Assert.DoesNotContain("RunOnStartup", timer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BlobTrigger_IsTheManifestPathWithTheEventGridSource()
    {
        var blob = Attribute("BlobTrigger");

        Assert.Equal("\"extracts/{asAt}/manifest.json\"", blob.ArgumentList!.Arguments[0].ToString());
        Assert.Contains(blob.ArgumentList.Arguments, a => a.ToString().Replace(" ", "", StringComparison.Ordinal) == "Source=BlobTriggerSource.EventGrid");
    }

    [Fact]
    public void HttpTriggers_NeedAFunctionKey() =>
        Assert.All(Trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<AttributeSyntax>()).Where(a => a.Name.ToString() == "HttpTrigger"),
            a => Assert.Equal("AuthorizationLevel.Function", a.ArgumentList!.Arguments[0].ToString()));

    [Fact]
    public void EverySettingTheAppReads_IsInTheSampleSettings()
    {
        var source = string.Join("\n", Trees.Select(t => t.ToString()));
        var names = new HashSet<string>(StringComparer.Ordinal);
        names.UnionWith(PercentSetting().Matches(source).Select(m => m.Groups[1].Value));
        names.UnionWith(ConnectionSetting().Matches(source).Select(m => m.Groups[1].Value));
        names.UnionWith(ConstSetting().Matches(source).Select(m => m.Groups[1].Value));

        Assert.Superset(new HashSet<string>(["NightlySchedule", "PipelineStorage", "PipelineStorage__blobServiceUri", "BusinessTimeZone"]), names);
        Assert.All(names, name => Assert.Contains(name, SampleSettings));
    }

    [Fact]
    public void HostJson_SetsATimeoutAndKeepsRequestsOutOfSampling()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "host.json")));

        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.True(TimeSpan.TryParse(host.RootElement.GetProperty("functionTimeout").GetString(), System.Globalization.CultureInfo.InvariantCulture, out var timeout));
        Assert.InRange(timeout, TimeSpan.FromMinutes(10), TimeSpan.FromHours(2));
        Assert.Contains("Request", host.RootElement.GetProperty("logging").GetProperty("applicationInsights").GetProperty("samplingSettings").GetProperty("excludedTypes").GetString());
    }

    [Fact]
    public void SampleSettings_ShowIdentityBasedStorageBesideTheAzuriteConnection()
    {
        Assert.Contains("AzureWebJobsStorage", SampleSettings);
        Assert.Contains("AzureWebJobsStorage__accountName", SampleSettings);
        Assert.Contains("PipelineStorage__blobServiceUri", SampleSettings);
        Assert.Contains("FUNCTIONS_WORKER_RUNTIME", SampleSettings);
    }

    [Fact]
    public void ProjectFile_IsNotInTheSolutionSoTheRootBuildStaysGreen() =>
        Assert.DoesNotContain("Pipeline.Functions.csproj", File.ReadAllText(Path.Combine(Repo.Root, "Pipeline.sln")), StringComparison.Ordinal);

    private static AttributeSyntax Attribute(string name) =>
        Assert.Single(Trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<AttributeSyntax>()), a => a.Name.ToString() == name);

    private static HashSet<string> LoadSampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "local.settings.sample.json")));
        return [.. sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name)];
    }

    [GeneratedRegex("\"%([A-Za-z0-9_]+)%\"")]
    private static partial Regex PercentSetting();

    [GeneratedRegex("Connection\\s*=\\s*\"([A-Za-z0-9_]+)\"")]
    private static partial Regex ConnectionSetting();

    [GeneratedRegex("const string [A-Za-z]+ = \"([A-Za-z0-9_]+)\"")]
    private static partial Regex ConstSetting();
}
