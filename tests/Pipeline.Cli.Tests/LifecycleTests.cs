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
        // The same council on 29 and 30 October with defects, then a clean extract on 31 October (the data team fixed them).
        foreach (var (day, anomalies) in new[] { (29, true), (30, true), (31, false) })
        {
            var extract = Path.Combine(work.Path, $"night{day}");
            ExtractGenerator.Generate(new GeneratorOptions { Children = 3_000, AsAt = new DateOnly(2026, 10, day), Seed = 5, Anomalies = anomalies }, extract);
            var reference = Path.Combine(work.Path, $"reference{day}");
            Directory.CreateDirectory(reference);
            foreach (var file in Directory.GetFiles(Repo.Seeds("reference")))
            {
                File.Copy(file, Path.Combine(reference, Path.GetFileName(file)));
            }

            File.Copy(Path.Combine(extract, "_generator", "population.csv"), Path.Combine(reference, "population.csv"), overwrite: true);
            nights.Add(await new NightlyRun(TimeProvider.System).RunAsync(new LocalFolderExtractSource(extract), ReferenceData.LoadFolder(reference),
                new LocalFolderSnapshotStore(store.Path)));
        }

        Assert.All(nights, n => Assert.Equal("published", n.Status));
        var issues = nights.Select(n => DuckDb.Query(
                $"SELECT rule_code, status, first_seen, age_days FROM read_parquet({DuckDb.Literal(store.File(n.Outputs["dq_issues"]))})")
            .Select(r => (Rule: (string)r[0]!, Status: (string)r[1]!, FirstSeen: r[2] is DateOnly d ? d : DateOnly.FromDateTime((DateTime)r[2]!), Age: Convert.ToInt64(r[3], null)))
            .ToList()).ToList();

        // Night 1: everything is new. Night 2: defects that are still there persist from the 29th, a day old.
        Assert.All(issues[0], i => Assert.Equal(IssueStatus.New, i.Status));
        Assert.Contains(issues[1], i => i.Status == IssueStatus.Persisting && i.FirstSeen == new DateOnly(2026, 10, 29) && i.Age == 1);
        // Night 3: the injected duplicates are gone: none open, and last night's are listed as resolved.
        var duplicatesNight2 = issues[1].Count(i => i.Rule == "duplicate_id" && i.Status != IssueStatus.Resolved);
        Assert.True(duplicatesNight2 > 0);
        Assert.DoesNotContain(issues[2], i => i.Rule == "duplicate_id" && i.Status != IssueStatus.Resolved);
        Assert.Equal(duplicatesNight2, issues[2].Count(i => i.Rule == "duplicate_id" && i.Status == IssueStatus.Resolved));
    }
}
