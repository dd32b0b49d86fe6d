using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Pipeline.Synthetic;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>
/// The hostile-input corpus (tests/corpus/hostile/cases.json), each case run as an operator would run it, against a store
/// holding a good published night: the exit code, the status and reason, what was quarantined; that nothing of a child's or a
/// worker's name reached any file or the console; and that a case that does not publish leaves latest.json and the BI
/// folders exactly on the good run.
/// </summary>
public partial class HostileCorpusTests(HostileCorpusTests.GoodNight good) : IClassFixture<HostileCorpusTests.GoodNight>
{
    public static readonly DateOnly GoodAsAt = new(2026, 10, 30);

    private static readonly JsonDocument Corpus = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "tests", "corpus", "hostile", "cases.json")));

    public static TheoryData<string> Cases() => [.. Corpus.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

    [Fact]
    public void GoodNight_NoNameAnywhere() => Assert.Empty(good.Leaks(BiFolders.ReadFolder(good.Store), good.Printed));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_ExitReasonNoLeakAndTheGoodRunUntouched(string id)
    {
        var @case = Corpus.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
        using var work = new TempFolder();
        var store = work.File("out");
        CopyFolder(good.Store, store);
        var night = @case.TryGetProperty("night", out var n) && n.GetString() == "same" ? GoodAsAt : GoodAsAt.AddDays(1);
        var set = work.File("set");
        HostileSet.Build(good.Extract, set, night, @case);
        var reference = good.Reference;
        if (@case.TryGetProperty("settings", out var settings))
        {
            reference = work.File("reference");
            CopyFolder(good.Reference, reference);
            File.AppendAllLines(Path.Combine(reference, "settings.csv"), settings.EnumerateObject().Select(s => $"{s.Name},{s.Value.GetString()}"));
        }

        var args = new List<string> { "run", "--extract", set, "--out", store, "--reference", reference };
        if (@case.TryGetProperty("args", out var extra))
        {
            // Options the case gives replace the harness's own.
            var given = extra.EnumerateArray().Select(a => a.GetString()!).ToList();
            for (var i = 0; i + 1 < given.Count; i += 2)
            {
                args[args.IndexOf(given[i]) + 1] = given[i + 1];
            }
        }

        if (@case.TryGetProperty("out", out var outKind) && outKind.GetString() == "a-file")
        {
            // An output folder nothing can be written under: the path is a regular file.
            var file = work.File("out-file");
            File.WriteAllText(file, "not a folder");
            args[args.IndexOf(store)] = file;
        }

        var (exit, printed) = Repo.RunCli([.. args]);
        Observe(id, store, exit, printed);

        var expectedExit = @case.GetProperty("exit").GetInt32();
        Assert.True(exit == expectedExit, $"{id}: exit {exit}, expected {expectedExit}\n{printed}");
        var status = StatusLine().Match(printed);
        if (@case.GetProperty("status").GetString() is { } expectedStatus)
        {
            Assert.True(status.Success && status.Groups["status"].Value == expectedStatus, $"{id}: expected status {expectedStatus}\n{printed}");
        }

        if (@case.TryGetProperty("reason", out var reason))
        {
            Assert.True(printed.Contains(reason.GetString()!, StringComparison.Ordinal), $"{id}: reason '{reason.GetString()}' not printed\n{printed}");
            Assert.True(printed.Split('\n').Where(l => l.Contains(reason.GetString()!, StringComparison.Ordinal)).All(l => l.Length < 2_000), $"{id}: a reason line is not short");
        }

        foreach (var warning in Items(@case, "warnings"))
        {
            Assert.True(printed.Contains("warning: " + warning.GetString(), StringComparison.Ordinal), $"{id}: warning '{warning.GetString()}' not printed\n{printed}");
        }

        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
        var files = Directory.Exists(store) ? BiFolders.ReadFolder(store) : [];
        var runId = status.Success ? status.Groups["run"].Value : null;
        foreach (var expected in Items(@case, "quarantine"))
        {
            AssertQuarantined(id, store, runId!, expected);
        }

        if (@case.TryGetProperty("report_cells", out _))
        {
            AssertReportCellsSafe(id, store, runId!);
        }

        // Nothing of a name anywhere: every file this run added, and everything it printed.
        var added = files.Where(f => !good.Files.ContainsKey(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        Assert.Empty(good.Leaks(added, printed));

        if (expectedExit == 0)
        {
            BiFolders.AssertComplete(files, night, runId!);
            Assert.Equal(runId, JsonDocument.Parse(files["latest.json"]).RootElement.GetProperty("run_id").GetString());
            return;
        }

        // Not published: latest.json byte for byte as before, the good night whole, and nothing of the attempt in a BI folder.
        var after = Directory.Exists(store) ? BiFolders.ReadFolder(store) : good.Files;
        Assert.Equal(good.Files["latest.json"], after["latest.json"]);
        BiFolders.AssertComplete(after, GoodAsAt, good.RunId);
        if (night != GoodAsAt)
        {
            Assert.Null(BiFolders.AssertOneRun(after, night));
        }
    }

    // With PIPELINE_CORPUS_REPORT set, one line per case of what came out, before any assertion (for a before/after table).
    private void Observe(string id, string store, int exit, string printed)
    {
        if (Environment.GetEnvironmentVariable("PIPELINE_CORPUS_REPORT") is not { Length: > 0 } report)
        {
            return;
        }

        var files = Directory.Exists(store) ? BiFolders.ReadFolder(store) : [];
        var added = files.Where(f => !good.Files.ContainsKey(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var leaks = good.Leaks(added, printed);
        var latestMoved = files.TryGetValue("latest.json", out var latest) && !latest.AsSpan().SequenceEqual(good.Files["latest.json"]);
        var goodNight = good.Files.Where(f => f.Key.Contains($"/as_at={GoodAsAt:yyyy-MM-dd}/", StringComparison.Ordinal)).ToList();
        var goodIntact = goodNight.All(f => files.TryGetValue(f.Key, out var now) && now.AsSpan().SequenceEqual(f.Value));
        var status = StatusLine().Match(printed) is { Success: true } m ? m.Groups["status"].Value : "-";
        var reason = printed.Split('\n').FirstOrDefault(l => l.StartsWith("pipeline run ", StringComparison.Ordinal) && !l.StartsWith("pipeline run: ", StringComparison.Ordinal))?.Trim() ?? "";
        File.AppendAllLines(report, [string.Join('\t', id, exit, status, leaks.Count, latestMoved ? "moved" : "kept", goodIntact ? "intact" : "changed",
            reason.Length > 160 ? reason[..160] + "…" : reason)]);
    }

    private static IEnumerable<JsonElement> Items(JsonElement @case, string name) =>
        @case.TryGetProperty(name, out var items) ? items.EnumerateArray() : [];

    private static void AssertQuarantined(string id, string store, string runId, JsonElement expected)
    {
        var quarantine = DuckDb.Literal(Path.Combine(store, "restricted", "runs", runId, "quarantine.parquet"));
        var rule = expected.GetProperty("rule").GetString()!;
        var where = $"rule = '{rule}'" + (expected.TryGetProperty("column", out var column) ? $" AND \"column\" = '{column.GetString()}'" : "");
        var count = Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet({quarantine}) WHERE {where}"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count == expected.GetProperty("count").GetInt32(), $"{id}: {count} quarantined where {where}");
        if (expected.TryGetProperty("line", out var line))
        {
            Assert.Equal(line.GetInt64(), Convert.ToInt64(DuckDb.Scalar($"SELECT min(line) FROM read_parquet({quarantine}) WHERE {where}"), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    // Every worksheet parses as XML, no cell starts a formula, and the page carries no control character or live script.
    private static void AssertReportCellsSafe(string id, string store, string runId)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(store, "restricted", "runs", runId, "dq_report.xlsx"));
        XNamespace main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
        {
            using var stream = entry.Open();
            var cells = XDocument.Load(stream).Descendants(main + "t").Select(t => t.Value).ToList();
            Assert.All(cells, c => Assert.False(c.Length > 0 && c[0] is '=' or '+' or '-' or '@', $"{id}: {entry.FullName} cell '{c}'"));
        }

        var html = File.ReadAllText(Path.Combine(store, "restricted", "runs", runId, "dq_report.html"));
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.False(html.Any(c => c is '\uFFFE' or '\uFFFF' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))), $"{id}: the page holds a control or noncharacter");
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"^run (?<run>\S+): (?<status>\w+)", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    /// <summary>A generated council's good night, published once for every case, and the names in it.</summary>
    public sealed partial class GoodNight : IDisposable
    {
        private readonly TempFolder work = new();

        public GoodNight()
        {
            Extract = work.File("extract");
            ExtractGenerator.Generate(new GeneratorOptions { Children = 1_500, AsAt = GoodAsAt, Seed = 12 }, Extract);
            Reference = work.File("reference");
            Directory.CreateDirectory(Reference);
            foreach (var file in Directory.GetFiles(Repo.Seeds("reference")))
            {
                File.Copy(file, Path.Combine(Reference, Path.GetFileName(file)));
            }

            File.Copy(Path.Combine(Extract, "_generator", "population.csv"), Path.Combine(Reference, "population.csv"), overwrite: true);
            Store = work.File("good");
            (var exit, Printed) = Repo.RunCli("run", "--extract", Extract, "--out", Store, "--reference", Reference);
            Assert.True(exit == 0, Printed);
            Files = BiFolders.ReadFolder(Store);
            RunId = JsonDocument.Parse(Files["latest.json"]).RootElement.GetProperty("run_id").GetString()!;
            Names = NamesIn(Path.Combine(Extract, "ssd_person.csv"), "pers_forename", "pers_surname")
                .Concat(NamesIn(Path.Combine(Extract, "ssd_professionals.csv"), "prof_professional_name"))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.True(Names.Count > 20, $"only {Names.Count} distinct name words");
        }

        public string Extract { get; }

        public string Reference { get; }

        public string Store { get; }

        public string Printed { get; }

        public string RunId { get; }

        public Dictionary<string, byte[]> Files { get; }

        /// <summary>Every word of four letters or more in a name column of the extract.</summary>
        public HashSet<string> Names { get; }

        /// <summary>Where a name appears: in the given files (Parquet read by DuckDB, workbooks unzipped) or the console.</summary>
        public List<string> Leaks(IReadOnlyDictionary<string, byte[]> files, string printed)
        {
            var leaks = Words(printed).Where(Names.Contains).Select(w => $"'{w}' on the console").ToList();
            foreach (var (path, bytes) in files)
            {
                leaks.AddRange(Words(Text(path, bytes)).Where(Names.Contains).Distinct(StringComparer.OrdinalIgnoreCase).Select(w => $"'{w}' in {path}"));
            }

            return leaks;
        }

        public void Dispose() => work.Dispose();

        private string Text(string path, byte[] bytes)
        {
            if (path.EndsWith(".parquet", StringComparison.Ordinal))
            {
                var file = work.File("scan.parquet");
                File.WriteAllBytes(file, bytes);
                return string.Join("\n", DuckDb.Query($"SELECT * FROM read_parquet({DuckDb.Literal(file)})").Select(r => string.Join("|", r)));
            }

            if (path.EndsWith(".xlsx", StringComparison.Ordinal))
            {
                using var zip = new ZipArchive(new MemoryStream(bytes));
                return string.Join("\n", zip.Entries.Select(e =>
                {
                    using var reader = new StreamReader(e.Open());
                    return reader.ReadToEnd();
                }));
            }

            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        private static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value);

        private static IEnumerable<string> NamesIn(string csv, params string[] columns)
        {
            var lines = File.ReadAllLines(csv);
            var header = HostileSet.Csv.Split(lines[0]);
            var indexes = columns.Select(c => Array.IndexOf(header, c)).ToArray();
            return lines.Skip(1).Select(HostileSet.Csv.Split).SelectMany(f => indexes.Select(i => f[i])).SelectMany(v => Words(v)).Where(w => w.Length >= 4);
        }

        [GeneratedRegex(@"\p{L}[\p{L}'\-]*")]
        private static partial Regex Word();
    }
}
