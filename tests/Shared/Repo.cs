using System.Diagnostics;

namespace Pipeline.Tests.Support;

/// <summary>Paths in the repository, and the CLI run as its own process, the way an operator runs it.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Seeds(string name) => Path.Combine(Root, "seeds", name);

    /// <summary>
    /// The CLI under test: the one built with the tests, or another build named by <c>PIPELINE_TEST_CLI</c> (to measure how an
    /// earlier version fared on the same inputs).
    /// </summary>
    public static string Cli { get; } = Environment.GetEnvironmentVariable("PIPELINE_TEST_CLI") is { Length: > 0 } other
        ? other
        : Path.Combine(AppContext.BaseDirectory, "pipeline.dll");

    /// <summary>Runs <c>pipeline</c> with <paramref name="args"/>; returns exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) RunCli(params string[] args) => RunCli(new Dictionary<string, string>(), args);

    /// <summary>Runs <c>pipeline</c> with <paramref name="args"/> and these environment variables set.</summary>
    public static (int ExitCode, string Output) RunCli(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pipeline {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
