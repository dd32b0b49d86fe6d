using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Tests.Support;

/// <summary>
/// Where the kill tests stop a publishing <c>pipeline run</c>: the process kills itself (SIGKILL, exit 137) before, during or
/// after its Nth storage write, as <c>PIPELINE_TEST_KILL_AT</c> tells it; N and the moment come from a seeded generator.
/// </summary>
public static partial class KillPoints
{
    public const string Variable = "PIPELINE_TEST_KILL_AT";

    /// <summary>How many points each kill test stops a run at.</summary>
    public const int Count = 24;

    /// <summary>The exit code of a process ended by SIGKILL.</summary>
    public const int Killed = 137;

    /// <summary>A point drawn from the generator: write N, and before it, during it (after 0-20 ms) or after it.</summary>
    public static string Draw(Random random, int writes)
    {
        var n = random.Next(1, writes + 1);
        return random.Next(3) switch
        {
            0 => string.Create(CultureInfo.InvariantCulture, $"{n}:before"),
            1 => string.Create(CultureInfo.InvariantCulture, $"{n}:during:{random.Next(0, 21)}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{n}:after"),
        };
    }

    /// <summary>The storage writes a run traced (the hook traces every write while the variable is set, even to 0).</summary>
    public static int Writes(string output) => Trace().Count(output);

    /// <summary>The id of the run a CLI output says was published.</summary>
    public static string PublishedRun(string output) => Published().Match(output).Groups["run"].Value;

    /// <summary>Everything latest.json names is there: a reader following it never finds half a snapshot.</summary>
    public static void AssertLatestComplete(IReadOnlyDictionary<string, byte[]> files)
    {
        using var latest = JsonDocument.Parse(files["latest.json"]);
        foreach (var file in latest.RootElement.GetProperty("files").EnumerateObject())
        {
            Assert.True(files.ContainsKey(file.Value.GetString()!), $"latest.json names {file.Value.GetString()}, which is not there");
        }
    }

    [GeneratedRegex(@"^kill-switch write \d+:", RegexOptions.Multiline)]
    private static partial Regex Trace();

    [GeneratedRegex(@"^run (?<run>\S+): published", RegexOptions.Multiline)]
    private static partial Regex Published();
}
