using Pipeline.Application;
using Pipeline.Quality;
using Pipeline.Reference;
using Pipeline.Storage;
using Pipeline.Synthetic;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>Issue lifecycle across three consecutive generated nights: issues appear, persist, and are fixed.</summary>
public class LifecycleTests
{
    [Fact]
    public async Task Run_ThreeGeneratedNights_IssuesAppearPersistAndResolve()
    {
        using var store = new TempFolder();
        using var work = new TempFolder();
        var nights = new List<RunOutcome>();
        // Night 1 (29 October): a generated council with defects. Night 2 (30 October): the same records again, as a
        // council whose data team has not yet fixed anything sends them. Night 3 (31 October): a clean extract.
        var night1 = Generate(work.Path, "night29", 29, anomalies: true);
        var night2 = Path.Combine(work.Path, "night30");
        Directory.CreateDirectory(night2);
        foreach (var file in Directory.GetFiles(night1))
        {
            File.Copy(file, Path.Combine(night2, Path.GetFileName(file)));
        }

        var manifest = Path.Combine(night2, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"as_at\": \"2026-10-29\"", "\"as_at\": \"2026-10-30\"", StringComparison.Ordinal));
        var night3 = Generate(work.Path, "night31", 31, anomalies: false);
        foreach (var extract in new[] { night1, night2, night3 })
        {
            var reference = Path.Combine(extract + "-reference");
            Directory.CreateDirectory(reference);
            foreach (var file in Directory.GetFiles(Repo.Seeds("reference")))
            {
                File.Copy(file, Path.Combine(reference, Path.GetFileName(file)));
            }

            File.Copy(Path.Combine(night1, "_generator", "population.csv"), Path.Combine(reference, "population.csv"), overwrite: true);
            nights.Add(await new NightlyRun(TimeProvider.System).RunAsync(new LocalFolderExtractSource(extract), ReferenceData.LoadFolder(reference),
                new LocalFolderSnapshotStore(store.Path)));
        }

        Assert.All(nights, n => Assert.Equal("published", n.Status));
        var issues = nights.Select(n => DuckDb.Query(
                $"SELECT rule_code, status, first_seen, age_days FROM read_parquet({DuckDb.Literal(store.File(n.Outputs["dq_issues"]))})")
            .Select(r => (Rule: (string)r[0]!, Status: (string)r[1]!, FirstSeen: r[2] is DateOnly d ? d : DateOnly.FromDateTime((DateTime)r[2]!), Age: Convert.ToInt64(r[3], null)))
            .ToList()).ToList();

        // Night 1: everything is new. Night 2: the same records, so every defect persists from the 29th, a day old
        // (a day later some records newly cross an age threshold - an assessment past 45 working days - and are new).
        Assert.All(issues[0], i => Assert.Equal(IssueStatus.New, i.Status));
        var persisting = issues[1].Where(i => i.Status == IssueStatus.Persisting).ToList();
        Assert.Equal(issues[0].Count, persisting.Count);
        Assert.All(persisting, i => Assert.Equal((new DateOnly(2026, 10, 29), 1L), (i.FirstSeen, i.Age)));
        Assert.All(issues[1].Except(persisting), i => Assert.Equal((IssueStatus.New, new DateOnly(2026, 10, 30)), (i.Status, i.FirstSeen)));
        // Night 3: the injected duplicates are gone: none open, and last night's are listed as resolved.
        var duplicatesNight2 = issues[1].Count(i => i.Rule == "duplicate_id" && i.Status != IssueStatus.Resolved);
        Assert.True(duplicatesNight2 > 0);
        Assert.DoesNotContain(issues[2], i => i.Rule == "duplicate_id" && i.Status != IssueStatus.Resolved);
        Assert.Equal(duplicatesNight2, issues[2].Count(i => i.Rule == "duplicate_id" && i.Status == IssueStatus.Resolved));
    }

    private static string Generate(string root, string name, int day, bool anomalies)
    {
        var folder = Path.Combine(root, name);
        ExtractGenerator.Generate(new GeneratorOptions { Children = 3_000, AsAt = new DateOnly(2026, 10, day), Seed = 5, Anomalies = anomalies }, folder);
        return folder;
    }
}
