using System.Globalization;
using System.Text.Json;
using Pipeline.Synthetic;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>The bundled sample: regenerable byte for byte, and the README's run command works on it.</summary>
public class SampleTests
{
    // The command that made seeds/sample-extract (seeds/README.md):
    //   pipeline generate --out seeds/sample-extract --children 10000 --as-at 2026-10-31 --seed 20261031 --anomalies
    public static readonly GeneratorOptions SampleOptions = new()
    {
        Children = 10_000,
        AsAt = new DateOnly(2026, 10, 31),
        Seed = 20261031,
        Anomalies = true,
    };

    [Fact]
    public void Generate_SampleCommand_ReproducesTheBundledSampleByteForByte()
    {
        using var folder = new TempFolder();

        ExtractGenerator.Generate(SampleOptions, folder.Path);

        var bundled = Repo.Seeds("sample-extract");
        var expected = Directory.GetFiles(bundled, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(bundled, f)).Order(StringComparer.Ordinal).ToList();
        var actual = Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder.Path, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        foreach (var file in expected)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(bundled, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder.Path, file))), $"{file} differs");
        }
    }

    [Fact]
    public void ReferencePopulation_MatchesTheSampleCouncil()
    {
        var sidecar = File.ReadAllLines(Path.Combine(Repo.Seeds("sample-extract"), "_generator", "population.csv")).Skip(1);
        var reference = File.ReadAllLines(Path.Combine(Repo.Seeds("reference"), "population.csv")).Skip(1);

        Assert.Subset(reference.ToHashSet(), sidecar.ToHashSet());
    }

    [Fact]
    public void Run_NoArguments_PublishesTheSampleAndDuckDbReadsAFigureWorkedFromTheCsv()
    {
        using var output = new TempFolder();

        var (exitCode, printed) = Repo.RunCli("run", "--out", output.Path);

        Assert.True(exitCode == 0, printed);
        Assert.Contains("rows read", printed, StringComparison.Ordinal);
        using var latest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output.Path, "latest.json")));
        var values = DuckDb.Literal(Path.Combine(output.Path, latest.RootElement.GetProperty("files").GetProperty("indicator_values").GetString()!));

        // October 2026 referrals counted straight from the CSV by DuckDB (rows whose ids are empty are
        // quarantined by the pipeline, so they are left out here too), annualised over 31 days, per 10,000.
        var csv = DuckDb.Literal(Path.Combine(Repo.Seeds("sample-extract"), "ssd_cin_episodes.csv"));
        var referrals = Convert.ToDouble(DuckDb.Scalar(
            $"""
            SELECT count(*) FROM read_csv({csv}, all_varchar = true, header = true, ignore_errors = true)
            WHERE coalesce(trim(cine_referral_id), '') <> '' AND coalesce(trim(cine_person_id), '') <> ''
              AND try_strptime(left(cine_referral_date, 10), '%Y-%m-%d')::DATE BETWEEN DATE '2026-10-01' AND DATE '2026-10-31'
            """), CultureInfo.InvariantCulture);
        var population = double.Parse(File.ReadAllLines(Path.Combine(Repo.Seeds("reference"), "population.csv"))
            .Select(l => l.Split(',')).Single(f => f[1] == "2026")[2], CultureInfo.InvariantCulture);
        var published = (double)DuckDb.Scalar(
            $"SELECT value FROM read_parquet({values}) WHERE indicator_id = 'referrals_rate' AND period_type = 'month' AND period_end = DATE '2026-10-31' AND breakdown = ''")!;

        Assert.True(referrals > 0);
        Assert.Equal(referrals * 365 / 31 * 10_000 / population, published, 9);
    }
}
