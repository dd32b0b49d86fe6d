using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Extract;
using Pipeline.Synthetic;
using Pipeline.Tests.Synthetic.Support;

namespace Pipeline.Tests.Synthetic;

[Collection(SharedSetsCollection.Name)]
public sealed class ManifestAndFormatTests(SharedSets sets)
{
    private static readonly string[] ContractTables =
    [
        "ssd_person", "ssd_cin_episodes", "ssd_contacts", "ssd_cin_assessments", "ssd_s47_enquiry",
        "ssd_initial_cp_conference", "ssd_cp_plans", "ssd_cp_visits", "ssd_cp_reviews", "ssd_cin_plans",
        "ssd_cin_visits", "ssd_cla_episodes", "ssd_cla_placement", "ssd_legal_status", "ssd_cla_reviews",
        "ssd_cla_visits", "ssd_cla_health", "ssd_cla_care_plan", "ssd_missing", "ssd_care_leavers",
        "ssd_professionals", "ssd_involvements", "ssd_department", "ssd_disability", "ssd_immigration_status", "ssd_permanence",
        "ext_front_door_decisions", "ext_supervisions",
    ];

    [Fact]
    public void Generate_Always_ManifestRowsAndHashesDescribeTheFilesAsWritten()
    {
        AssertManifestMatchesFiles(sets.Clean);
        AssertManifestMatchesFiles(sets.Anomalous);
    }

    [Fact]
    public void Generate_Gzip_ManifestHashesTheCompressedBytesAndFilesDecompress()
    {
        using var set = new GeneratedSet(new GeneratorOptions { Children = 3000, AsAt = SharedSets.AsAt, Seed = 5, Gzip = true });

        AssertManifestMatchesFiles(set);
        using var manifest = set.Manifest();
        Assert.All(manifest.RootElement.GetProperty("files").EnumerateArray(),
            f => Assert.EndsWith(".csv.gz", f.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.True(set["ssd_person"].Rows.Count > 100);
    }

    [Fact]
    public void Generate_Always_ManifestCarriesTheContractHeaderFields()
    {
        using var manifest = sets.Clean.Manifest();
        var root = manifest.RootElement;

        Assert.Equal("E10000099", root.GetProperty("la_code").GetString());
        Assert.Equal("synthetic", root.GetProperty("source_system").GetString());
        Assert.Equal("1.4.5", root.GetProperty("ssd_version").GetString());
        Assert.Equal("2024-03-31", root.GetProperty("as_at").GetString());
        Assert.Equal("2024-04-01T01:12:44Z", root.GetProperty("extracted_at").GetString());
        Assert.Equal(ContractTables.Select(t => t + ".csv"), root.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public void Generate_Always_WritesEveryContractTableWithTheSsdHeader()
    {
        foreach (var table in ContractTables)
        {
            Assert.True(File.Exists(sets.Clean.FileOf(table)), $"{table} missing");
            Assert.Equal(ExtractGenerator.ColumnsOf(table), sets.Clean[table].Header);
            Assert.NotEmpty(sets.Clean[table].Rows);
        }
    }

    [Fact]
    public void Generate_Always_HeadersCoverEveryColumnThePipelineReads()
    {
        // The record types in Pipeline.Core are the reader's contract: every column they map must be present.
        var records = typeof(Person).Assembly.GetTypes().Where(t => t.GetCustomAttribute<SsdTableAttribute>() is not null);
        foreach (var record in records)
        {
            var table = record.GetCustomAttribute<SsdTableAttribute>()!.Name;
            var header = ExtractGenerator.ColumnsOf(table);
            var columns = record.GetConstructors().Single().GetParameters().Select(p => p.GetCustomAttribute<SsdAttribute>()!.Column);
            Assert.All(columns, c => Assert.Contains(c, header));
        }
    }

    [Fact]
    public void Generate_Always_WritesUtf8WithoutBomAndCrLfLineEnds()
    {
        foreach (var table in ContractTables)
        {
            var bytes = File.ReadAllBytes(sets.Clean.FileOf(table));
            Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), $"{table} has a BOM");
            var text = Encoding.UTF8.GetString(bytes);
            Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
            Assert.Equal(text.Split("\r\n").Length - 1, text.Count(c => c == '\n'));
        }
    }

    [Theory]
    [InlineData("ssd_contacts", "cont_contact_date", @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$")]
    [InlineData("ext_front_door_decisions", "fdd_decision_datetime", @"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}\.\d{3})?$")]
    [InlineData("ext_supervisions", "sup_supervision_date", @"^\d{4}-\d{2}-\d{2}$")]
    [InlineData("ssd_cin_episodes", "cine_referral_date", @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$")]
    [InlineData("ssd_cin_episodes", "cine_close_date", @"^\d{4}-\d{2}-\d{2} 00:00:00\.000$")]
    [InlineData("ssd_cla_health", "clah_health_check_date", @"^\d{2}/\d{2}/\d{4}$")]
    [InlineData("ssd_cp_plans", "cppl_cp_plan_start_date", @"^\d{4}-\d{2}-\d{2}$")]
    [InlineData("ssd_person", "pers_dob", @"^\d{4}-\d{2}-\d{2}$")]
    public void Generate_Always_WritesEachTablesDateForm(string table, string column, string pattern)
    {
        var t = sets.Clean[table];
        var values = t.Rows.Select(r => t.Get(r, column)).Where(v => v.Length > 0).ToList();

        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.Matches(pattern, v));
        Assert.All(values, v => Assert.True(CsvTable.TryParseDate(v, out _), v));
    }

    [Fact]
    public void Generate_Always_WritesPopulationForEveryYearCovered()
    {
        var lines = File.ReadAllText(Path.Combine(sets.Clean.Directory, "_generator", "population.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("la_code,year,population", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(Enumerable.Range(2018, 7).Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[1]));
        var population = rows.Select(r => int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(20000, population[^1]);
        Assert.All(population.Zip(population.Skip(1)), p => Assert.InRange(p.Second - p.First, 1, 200));
    }

    [Fact]
    public void Generate_Always_NamesComeOnlyFromTheDistinctiveLists()
    {
        var person = sets.Clean["ssd_person"];
        var professionals = sets.Clean["ssd_professionals"];

        Assert.All(person.Rows, r => Assert.Contains(person.Get(r, "pers_forename"), Names.Forenames));
        Assert.All(person.Rows, r => Assert.Contains(person.Get(r, "pers_surname"), Names.Surnames));
        Assert.All(professionals.Rows, r =>
        {
            var parts = professionals.Get(r, "prof_professional_name").Split(' ');
            Assert.Contains(parts[0], Names.Forenames);
            Assert.Contains(parts[1], Names.Surnames);
        });
        Assert.All(Names.Forenames.Concat(Names.Surnames), n => Assert.True(n.Length >= 6, n));
    }

    private static void AssertManifestMatchesFiles(GeneratedSet set)
    {
        using var manifest = set.Manifest();
        var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(ContractTables.Length, files.Count);
        foreach (var file in files)
        {
            var name = file.GetProperty("name").GetString()!;
            var bytes = File.ReadAllBytes(Path.Combine(set.Directory, name));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), file.GetProperty("sha256").GetString());
            var table = name[..name.IndexOf('.', StringComparison.Ordinal)];
            Assert.Equal(set[table].Rows.Count, file.GetProperty("rows").GetInt64());
            Assert.Equal(set.Summary.RowsOf(table), file.GetProperty("rows").GetInt64());
        }
    }
}
