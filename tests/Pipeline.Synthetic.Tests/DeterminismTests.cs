using Pipeline.Synthetic;
using Pipeline.Tests.Synthetic.Support;

namespace Pipeline.Tests.Synthetic;

public sealed class DeterminismTests
{
    private static GeneratorOptions Options(int seed, bool anomalies = false, bool gzip = false) => new()
    {
        Children = 5000,
        AsAt = new DateOnly(2023, 6, 30),
        Seed = seed,
        Anomalies = anomalies,
        Gzip = gzip,
    };

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Generate_SameOptionsTwice_WritesByteIdenticalFiles(bool anomalies, bool gzip)
    {
        using var first = new GeneratedSet(Options(41, anomalies, gzip));
        using var second = new GeneratedSet(Options(41, anomalies, gzip));

        var a = first.AllFiles();
        var b = second.AllFiles();

        Assert.Equal(a.Keys, b.Keys);
        Assert.Contains("manifest.json", a.Keys);
        Assert.Contains(Path.Combine("_generator", "anomalies.json"), a.Keys);
        Assert.Contains(Path.Combine("_generator", "population.csv"), a.Keys);
        foreach (var (name, bytes) in a)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs between two runs with the same options");
        }
    }

    [Fact]
    public void Generate_DifferentSeed_WritesDifferentData()
    {
        using var first = new GeneratedSet(Options(41));
        using var second = new GeneratedSet(Options(42));

        var a = first.AllFiles();
        var b = second.AllFiles();

        foreach (var table in new[] { "ssd_person.csv", "ssd_cin_episodes.csv", "ssd_contacts.csv", "ssd_cp_plans.csv", "ssd_cla_episodes.csv" })
        {
            Assert.False(a[table].AsSpan().SequenceEqual(b[table]), $"{table} is the same for two seeds");
        }
    }

    [Fact]
    public void Generate_IntoFolderUsedBefore_ReplacesThePreviousSet()
    {
        var folder = Path.Combine(Path.GetTempPath(), "synthetic-tests", Guid.NewGuid().ToString("N"));
        using var gzipped = new GeneratedSet(Options(41, gzip: true), folder);
        var plain = ExtractGenerator.Generate(Options(41), folder);

        // The gzipped files of the first run must not linger next to the plain ones of the second.
        var leftovers = Directory.GetFiles(folder, "*.csv.gz");
        Assert.Empty(leftovers);
        Assert.All(plain.Tables, t => Assert.True(File.Exists(Path.Combine(folder, t.FileName))));
    }
}
