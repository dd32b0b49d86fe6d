using Pipeline.Synthetic;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>
/// kill -9 of a publishing <c>pipeline run</c> process on a local folder, at points drawn from a seeded generator (see
/// <see cref="KillPoints"/>). After each kill the night's BI folders hold only files of the run latest.json names; then a
/// rerun converges to a complete night. Each kill is a rerun of the same night with other figures (the two sets differ by
/// 30 referrals), so two runs' files can always be told apart.
/// </summary>
public class KillTests
{
    private static readonly DateOnly AsAt = new(2026, 10, 30);

    [Fact]
    public void Run_KilledAtRandomPointsOfARerun_BiFoldersHoldOneRunAndARerunConverges()
    {
        using var work = new TempFolder();
        var a = work.File("a");
        ExtractGenerator.Generate(new GeneratorOptions { Children = 300, AsAt = AsAt, Seed = 21 }, a);
        var b = ExtractSets.Copy(a, work.File("b"));
        ExtractSets.KeepRows(b, "ssd_cin_episodes.csv", File.ReadAllLines(Path.Combine(a, "ssd_cin_episodes.csv")).Length - 31);
        var reference = ExtractSets.Reference(a, work.File("reference"));
        var store = work.File("out");
        var first = Run(a, store, reference, null);
        Assert.True(first.Exit == 0, first.Output);
        // A whole rerun, its writes traced: the points are drawn from these.
        var traced = Run(b, store, reference, "0");
        Assert.True(traced.Exit == 0, traced.Output);
        var writes = KillPoints.Writes(traced.Output);
        Assert.True(writes > 15, $"a rerun makes {writes} writes");

        var random = new Random(20261204);
        var (current, other) = (b, a);
        var killed = 0;
        for (var point = 0; point < KillPoints.Count; point++)
        {
            var plan = KillPoints.Draw(random, writes);
            var (exit, output) = Run(other, store, reference, plan);
            Assert.True(exit is KillPoints.Killed or 0, $"kill at {plan}: exit {exit}\n{output}");
            killed += exit == KillPoints.Killed ? 1 : 0;

            var files = BiFolders.ReadFolder(store);
            Assert.NotNull(BiFolders.AssertOneRun(files, AsAt));
            KillPoints.AssertLatestComplete(files);

            var rerun = Run(other, store, reference, null);
            Assert.True(rerun.Exit == 0, rerun.Output);
            BiFolders.AssertComplete(BiFolders.ReadFolder(store), AsAt, KillPoints.PublishedRun(rerun.Output));
            (current, other) = (other, current);
        }

        Assert.True(killed >= KillPoints.Count - 2, $"only {killed} of {KillPoints.Count} runs were killed");
    }

    private static (int Exit, string Output) Run(string set, string store, string reference, string? kill) =>
        Repo.RunCli(kill is null ? new Dictionary<string, string>() : new() { [KillPoints.Variable] = kill },
            "run", "--extract", set, "--out", store, "--reference", reference);
}
