using Pipeline.Application;
using Pipeline.Reference;
using Pipeline.Storage;
using Pipeline.Synthetic;
using Pipeline.Tests.Support;
using Xunit.Abstractions;

namespace Pipeline.Tests.Cli;

/// <summary>
/// The quality rules on a clean generated extract (no anomalies planted): no rule of severity "error" may fire - none of the DfE's
/// validation rules and none of our own - since every error is impossible data, or data the DfE would reject from the return,
/// and the generator writes none. A finding here is a false positive in the rule, or the generator writing inconsistent data,
/// never something to tolerate. Every DfE rule must be judged: the generator writes every table and column they read.
/// </summary>
public class CleanExtractTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_CleanGeneratedExtract_RaisesNoErrorSeverityIssue()
    {
        using var extract = new TempFolder();
        using var reference = new TempFolder();
        using var store = new TempFolder();
        ExtractGenerator.Generate(new GeneratorOptions { Children = 20_000, AsAt = new DateOnly(2026, 10, 31), Seed = 3 }, extract.Path);
        foreach (var file in Directory.EnumerateFiles(Repo.Seeds("reference")))
        {
            File.Copy(file, reference.File(Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(extract.Path, ExtractGenerator.SidecarFolder, ExtractGenerator.PopulationFileName), reference.File(ReferenceData.PopulationFile), overwrite: true);

        var outcome = await new NightlyRun(TimeProvider.System).RunAsync(
            new LocalFolderExtractSource(extract.Path),
            ReferenceData.LoadFolder(reference.Path),
            new LocalFolderSnapshotStore(store.Path));

        Assert.True(outcome.Succeeded, outcome.Reason);
        var issues = DuckDb.Query(
                $"SELECT rule_code, severity, \"table\", record_id, message FROM read_parquet({DuckDb.Literal(store.File(outcome.Outputs["dq_issues"]))})")
            .Select(r => (Rule: (string)r[0]!, Severity: (string)r[1]!, Table: (string)r[2]!, RecordId: (string)r[3]!, Message: (string)r[4]!))
            .ToList();
        foreach (var rule in issues.GroupBy(i => (i.Rule, i.Severity)).OrderBy(g => g.Key.Rule, StringComparer.Ordinal))
        {
            output.WriteLine($"{rule.Key.Rule} ({rule.Key.Severity}): {rule.Count()}");
        }

        var errors = issues.Where(i => i.Severity == "error").ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} error issues on a clean extract:{Environment.NewLine}"
            + string.Join(Environment.NewLine, errors.Take(50).Select(e => $"{e.Rule} {e.Table} {e.RecordId}: {e.Message}")));

        // Case supervisions are of children the worker holds, so the query about them has nothing to ask either.
        Assert.DoesNotContain(issues, i => i.Rule == "supervision_child_not_allocated");

        // The generator fills every column an indicator needs.
        var empty = issues.Where(i => i.Rule == "column_empty").ToList();
        Assert.True(empty.Count == 0, string.Join(Environment.NewLine, empty.Take(20).Select(e => $"{e.Rule} {e.Table} {e.RecordId}: {e.Message}")));

        // Every DfE rule in force in 2026-27 is judged: none is not applicable for want of a table or column.
        var unjudged = DuckDb.Query(
                $"SELECT rule_code, status_reason FROM read_parquet({DuckDb.Literal(store.File(outcome.Outputs["dq_summary"]))}) WHERE dfe_return IS NOT NULL AND status = 'not_applicable'")
            .Select(r => $"{r[0]}: {r[1]}").Where(r => !r.Contains("not a ", StringComparison.Ordinal)).ToList();
        Assert.True(unjudged.Count == 0, string.Join(Environment.NewLine, unjudged));
    }
}
