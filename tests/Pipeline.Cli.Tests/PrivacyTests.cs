using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>Names are never read: none appears in any output or anything the CLI prints.</summary>
public class PrivacyTests
{
    [Fact]
    public void Run_SampleWithNames_NoNameInAnyOutputOrLogLine()
    {
        var sample = Repo.Seeds("sample-extract");
        var names = NameColumnValues(Path.Combine(sample, "ssd_person.csv"), "pers_forename", "pers_surname")
            .Concat(NameColumnValues(Path.Combine(sample, "ssd_professionals.csv"), "prof_professional_name"))
            .Where(n => n.Length >= 4)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(names);
        using var output = new TempFolder();

        var (exitCode, printed) = Repo.RunCli("run", "--extract", sample, "--out", output.Path);

        Assert.Equal(0, exitCode);
        var texts = new List<(string Where, string Text)> { ("console", printed) };
        foreach (var file in Directory.GetFiles(output.Path, "*", SearchOption.AllDirectories))
        {
            var text = file.EndsWith(".parquet", StringComparison.Ordinal)
                ? string.Join("\n", DuckDb.Query($"SELECT * FROM read_parquet({DuckDb.Literal(file)})").Select(r => string.Join("|", r)))
                : File.ReadAllText(file);
            texts.Add((Path.GetRelativePath(output.Path, file), text));
        }

        var leaks = texts.SelectMany(t => names.Where(n => t.Text.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"{n} in {t.Where}")).ToList();
        Assert.Empty(leaks);
    }

    private static IEnumerable<string> NameColumnValues(string csvPath, params string[] columns)
    {
        var quoted = string.Join(", ", columns.Select(c => $"\"{c}\""));
        return DuckDb.Query($"SELECT {quoted} FROM read_csv({DuckDb.Literal(csvPath)}, all_varchar = true, header = true, ignore_errors = true)")
            .SelectMany(r => r).OfType<string>().SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
