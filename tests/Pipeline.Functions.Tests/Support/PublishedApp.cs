using System.Diagnostics;
using System.Text.Json;

namespace Pipeline.Tests.Support;

/// <summary>
/// <c>dotnet publish src/Pipeline.Functions -c Release</c> into a temporary folder, once for the test class: what
/// Flex Consumption runs. About a minute, so it is done once per test run.
/// </summary>
public sealed class PublishedApp : IDisposable
{
    private readonly TempFolder folder = new();

    public PublishedApp()
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "publish", System.IO.Path.Combine(Repo.Root, "src", "Pipeline.Functions", "Pipeline.Functions.csproj"), "-c", "Release", "-o", folder.Path,
                     "--nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        // The test host may run inside MSBuild's environment (dotnet test): the child must pick its own SDK paths.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet publish src/Pipeline.Functions did not finish in 10 minutes");
        }

        ExitCode = process.ExitCode;
        Output = stdout.Result + stderr.Result;
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Path => folder.Path;

    public string File(string relative) => System.IO.Path.Combine(folder.Path, relative);

    public JsonElement ReadJson(string relative)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(File(relative)));
        return document.RootElement.Clone();
    }

    public void Dispose() => folder.Dispose();
}
