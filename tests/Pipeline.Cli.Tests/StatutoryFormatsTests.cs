using System.Text.Json;
using Pipeline.Synthetic;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>
/// The statutory returns from the command line, as an operator uses them: <c>pipeline generate --format all</c> writes the same
/// council in every format, deterministically, and <c>pipeline run</c> on each publishes a snapshot, read back with DuckDB.
/// </summary>
public class StatutoryFormatsTests : IClassFixture<StatutoryFormatsTests.Generated>
{
    private readonly Generated _generated;

    public StatutoryFormatsTests(Generated generated) => _generated = generated;

    /// <summary>A small council generated once for the class: every format, and the SSDA903 as XML too.</summary>
    public sealed class Generated : IDisposable
    {
        public Generated()
        {
            var (exit, printed) = Repo.RunCli("generate", "--out", Folder.Path, "--children", "5000", "--as-at", "2026-10-31", "--seed", "5", "--format", "all");
            Assert.True(exit == 0, printed);
            var (xmlExit, xmlPrinted) = Repo.RunCli("generate", "--out", Folder.File("ssda903_xml"), "--children", "5000", "--as-at", "2026-10-31", "--seed", "5",
                "--format", "ssda903", "--ssda903-xml");
            Assert.True(xmlExit == 0, xmlPrinted);
            Reference = ExtractSets.Reference(Folder.File("ssd"), Folder.File("reference"));
        }

        private string? _ssdValues;

        public TempFolder Folder { get; } = new();

        public string Reference { get; }

        /// <summary>The indicator values of the SSD set's run (run once, when first asked for).</summary>
        public string SsdValues()
        {
            lock (Folder)
            {
                if (_ssdValues is null)
                {
                    var (exit, printed) = Repo.RunCli("run", "--extract", Folder.File("ssd"), "--reference", Reference, "--out", Folder.File("ssd-out"));
                    Assert.True(exit == 0, printed);
                    var latest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder.File("ssd-out"), "latest.json"))).RootElement;
                    _ssdValues = Path.Combine(Folder.File("ssd-out"), latest.GetProperty("files").GetProperty("indicator_values").GetString()!);
                }

                return _ssdValues;
            }
        }

        public void Dispose() => Folder.Dispose();
    }

    [Theory]
    [InlineData("ssda903", "ssda903")]
    [InlineData("ssda903_xml", "ssda903")]
    [InlineData("cin_census", "cin_census")]
    [InlineData("annex_a", "annex_a")]
    [InlineData("statutory", "cin_census,ssda903")]
    public void Run_EachFormat_PublishesASnapshotReadBackWithDuckDb(string folder, string formats)
    {
        using var output = new TempFolder();

        var (exit, printed) = Repo.RunCli("run", "--extract", _generated.Folder.File(folder), "--reference", _generated.Reference, "--out", output.Path);

        Assert.True(exit == 0, printed);
        var latest = JsonDocument.Parse(File.ReadAllText(output.File("latest.json"))).RootElement;
        var values = output.File(latest.GetProperty("files").GetProperty("indicator_values").GetString()!);
        var available = DuckDb.Query($"SELECT DISTINCT indicator_id FROM read_parquet({DuckDb.Literal(values)}) WHERE available AND value IS NOT NULL")
            .Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        var expected = formats switch
        {
            "ssda903" => new[] { "cla_count", "cla_starts_rate", "cla_ends_rate" },
            "cin_census" => ["referrals_rate", "assessments_45wd_pct", "cp_count", "cin_rate"],
            "annex_a" => ["contacts_rate", "referrals_rate", "cla_count", "assessments_45wd_pct"],
            _ => ["referrals_rate", "cp_count", "cla_count", "cla_3plus_placements_pct"],
        };
        Assert.All(expected, id => Assert.Contains(id, available));

        // The same council's figure at as_at through this door and through the SSD.
        var snapshot = $"SELECT value FROM read_parquet({DuckDb.Literal(values)}) WHERE indicator_id = '{expected[0]}' AND period_type = 'snapshot' AND breakdown = ''";
        if (expected[0] is "cla_count" or "cp_count")
        {
            Assert.Equal(DuckDb.Scalar(snapshot.Replace(values, _generated.SsdValues(), StringComparison.Ordinal)), DuckDb.Scalar(snapshot));
        }

        var manifest = JsonDocument.Parse(File.ReadAllText(output.File(latest.GetProperty("files").GetProperty("run_manifest").GetString()!))).RootElement;
        Assert.Equal(formats.Split(','), manifest.GetProperty("formats").EnumerateArray().Select(f => f.GetString()!));
        Assert.NotEmpty(manifest.GetProperty("coverage").EnumerateObject());
        Assert.All(manifest.GetProperty("files").EnumerateArray(), f => Assert.Equal("accepted", f.GetProperty("status").GetString()));
    }

    [Fact]
    public void Generate_TheSameOptions_GiveTheSameBytesInEveryFormat()
    {
        using var again = new TempFolder();

        var (exit, printed) = Repo.RunCli("generate", "--out", again.Path, "--children", "5000", "--as-at", "2026-10-31", "--seed", "5", "--format", "all");

        Assert.True(exit == 0, printed);
        foreach (var folder in new[] { "ssd", "ssda903", "cin_census", "annex_a", "statutory" })
        {
            var first = Directory.GetFiles(_generated.Folder.File(folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(first, Directory.GetFiles(Path.Combine(again.Path, folder)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.All(first, name => Assert.Equal(File.ReadAllBytes(Path.Combine(_generated.Folder.File(folder), name!)), File.ReadAllBytes(Path.Combine(again.Path, folder, name!))));
        }
    }

    [Fact]
    public void Run_AnnexA_NoNameItCarriesIsInAnyOutputOrLogLine()
    {
        using var output = new TempFolder();

        var (exit, printed) = Repo.RunCli("run", "--extract", _generated.Folder.File("annex_a"), "--reference", _generated.Reference, "--out", output.Path);

        Assert.Equal(0, exit);
        var names = Names.Forenames.Concat(Names.Surnames).ToList();
        var texts = new List<(string Where, string Text)> { ("console", printed) };
        foreach (var file in Directory.GetFiles(output.Path, "*", SearchOption.AllDirectories))
        {
            texts.Add((Path.GetRelativePath(output.Path, file), file.EndsWith(".parquet", StringComparison.Ordinal)
                ? string.Join("\n", DuckDb.Query($"SELECT * FROM read_parquet({DuckDb.Literal(file)})").Select(r => string.Join("|", r)))
                : File.ReadAllText(file)));
        }

        // The workbook does carry them (allocated workers, personal advisers): the reader must have skipped them.
        Assert.Contains(names, n => WorkbookText(_generated.Folder.File("annex_a/annex_a.xlsx")).Contains(n, StringComparison.Ordinal));
        var leaks = texts.SelectMany(t => names.Where(n => t.Text.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"{n} in {t.Where}")).ToList();
        Assert.Empty(leaks);
    }

    [Fact]
    public void Run_ASetThatIsNotWhatItsManifestSays_IsRejectedWithOneLine()
    {
        using var set = new TempFolder();
        ExtractSets.Copy(_generated.Folder.File("ssda903"), set.Path);
        var manifest = File.ReadAllText(set.File("manifest.json")).Replace("\"ssda903\"", "\"cin_census\"", StringComparison.Ordinal);
        File.WriteAllText(set.File("manifest.json"), manifest);
        using var output = new TempFolder();

        var (exit, printed) = Repo.RunCli("run", "--extract", set.Path, "--reference", _generated.Reference, "--out", output.Path);

        Assert.Equal(1, exit);
        Assert.Contains("pipeline run rejected: header.csv is not a file of the set's format (cin_census)", printed, StringComparison.Ordinal);
    }

    private static string WorkbookText(string path)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);
        using var reader = new StreamReader(zip.GetEntry("xl/sharedStrings.xml")!.Open());
        return reader.ReadToEnd();
    }
}
