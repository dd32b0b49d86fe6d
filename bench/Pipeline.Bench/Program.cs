using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Pipeline.Synthetic;

// The benchmark: generate councils, run the whole pipeline on each as its own process (the way the nightly
// job runs), and run a peer on the same files in the same session: DuckDB loading every CSV into memory.
// Each measurement is a separate process so its peak memory (VmHWM) is its own.
// Every published file of each run (and of the bundled sample, run first) is hashed and compared with the baseline
// recorded by `--record-baseline` (bench/work/*.baseline), so a faster build that changes an output is caught here.
//
// The pipeline measured is the CLI as deployed: published for this machine's runtime identifier, which the CLI's project makes
// self-contained and compiled ahead with the framework in one ReadyToRun image (so a run does not spend its first second
// compiling hundreds of rules and indicators), into bench/work/pipeline; `--jit` measures the plain build output instead.
//
//   dotnet run -c Release --project bench/Pipeline.Bench -- [council|national|all|sample] [--children N] [--runs N] [--record-baseline] [--jit]
//   dotnet run -c Release --project bench/Pipeline.Bench -- peer DIR          (internal: the DuckDB peer)
if (args.Length >= 2 && args[0] == "peer")
{
    return Peer(args[1]);
}

var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "council";
var councilChildren = args.SkipWhile(a => a != "--children").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(140_000);
var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(1);
var recordBaseline = args.Contains("--record-baseline");
var jit = args.Contains("--jit");
var sizes = which switch
{
    "national" => new[] { ("national", councilChildren * 50) },
    "all" => [("council", councilChildren), ("national", councilChildren * 50)],
    "sample" => [],
    _ => [("council", councilChildren)],
};

var work = Path.Combine(FindRoot(), "bench", "work");
Directory.CreateDirectory(work);
var asAt = new DateOnly(2026, 10, 31);
var identical = true;
string[] pipeline = jit ? ["dotnet", Path.Combine(AppContext.BaseDirectory, "pipeline.dll")] : [Publish(Path.Combine(work, "pipeline"))];
Console.WriteLine($"bench on {Environment.ProcessorCount} cores, .NET {Environment.Version}, pipeline {(jit ? "built (JIT)" : "published self-contained ReadyToRun")}");

// The bundled sample first: seconds, and its outputs are checked like the others'.
{
    var sampleOut = Path.Combine(work, "sample-out");
    if (Directory.Exists(sampleOut))
    {
        Directory.Delete(sampleOut, true);
    }

    var sample = Measure(pipeline, null, "run", "--extract", Path.Combine(FindRoot(), "seeds", "sample-extract"),
        "--reference", Path.Combine(FindRoot(), "seeds", "reference"), "--out", sampleOut);
    if (sample.ExitCode != 0)
    {
        Console.WriteLine(sample.Output);
        return 1;
    }

    identical &= CheckOutputs("sample", sampleOut);
}

if (sizes.Length > 0)
{
    Console.WriteLine($"{"council",-10} {"children",12} {"extract MB",11} {"rows",12} | {"pipeline s",10} {"peak MB",8} | {"peer s",7} {"peak MB",8} | {"ratio",5}  stages");
}

foreach (var (name, children) in sizes)
{
    var extract = Path.Combine(work, $"{name}-{children}");
    if (!File.Exists(Path.Combine(extract, "manifest.json")))
    {
        var generation = Stopwatch.StartNew();
        ExtractGenerator.Generate(new GeneratorOptions { Children = children, AsAt = asAt, Seed = 1 }, extract);
        Console.WriteLine($"  (generated {name} in {generation.Elapsed.TotalSeconds:0.0} s)");
    }

    var reference = Path.Combine(work, $"{name}-{children}-reference");
    Directory.CreateDirectory(reference);
    foreach (var file in Directory.GetFiles(Path.Combine(FindRoot(), "seeds", "reference")))
    {
        File.Copy(file, Path.Combine(reference, Path.GetFileName(file)), true);
    }

    File.Copy(Path.Combine(extract, "_generator", "population.csv"), Path.Combine(reference, "population.csv"), true);
    var megabytes = Directory.GetFiles(extract).Sum(f => new FileInfo(f).Length) / 1e6;
    var output = Path.Combine(work, $"{name}-{children}-out");
    for (var run = 0; run < runs; run++)
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, true);
        }

        // National runs under a 4 GiB heap limit, so that an overrun fails rather than swaps.
        var measured = Measure(pipeline, name == "national" ? "0x100000000" : null,
            "run", "--extract", extract, "--reference", reference, "--out", output);
        var rows = Regex.Match(measured.Output, @"rows read ([\d,]*\d)").Groups[1].Value;
        // The pipeline reports its own peak working set too; take whichever saw more.
        var reported = Regex.Match(measured.Output, @"peak memory ([\d,]+) MB");
        if (reported.Success)
        {
            measured.PeakMb = Math.Max(measured.PeakMb, double.Parse(reported.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        }

        if (measured.ExitCode != 0)
        {
            Console.WriteLine(measured.Output);
            return 1;
        }

        var stages = Regex.Match(measured.Output, @"stages (.*)").Groups[1].Value.Trim();
        var peer = Measure(["dotnet", Path.Combine(AppContext.BaseDirectory, "Pipeline.Bench.dll")], null, "peer", extract);
        Console.WriteLine($"{name,-10} {children,12:N0} {megabytes,11:N0} {rows,12} | {measured.Seconds,10:0.0} {measured.PeakMb,8:N0} | {peer.Seconds,7:0.0} {peer.PeakMb,8:N0} | {measured.Seconds / peer.Seconds,5:0.00}  {stages}");
        identical &= CheckOutputs($"{name}-{children}", output);
    }
}

return identical ? 0 : 2;

// Hashes every published file and compares the set with the recorded baseline (or records it).
bool CheckOutputs(string name, string output)
{
    var baseline = Path.Combine(work, $"{name}.baseline");
    var hashes = OutputHashes(output);
    if (recordBaseline || !File.Exists(baseline))
    {
        File.WriteAllLines(baseline, hashes);
        Console.WriteLine($"  {name}: baseline of {hashes.Count} files recorded in {baseline}");
        return true;
    }

    var expected = File.ReadAllLines(baseline);
    var differences = expected.Except(hashes).Select(l => "- " + l).Concat(hashes.Except(expected).Select(l => "+ " + l)).ToList();
    Console.WriteLine(differences.Count == 0
        ? $"  {name}: all {hashes.Count} published files identical to the baseline"
        : $"  {name}: OUTPUTS DIFFER from the baseline ({baseline}):\n    " + string.Join("\n    ", differences));
    return differences.Count == 0;
}

// Publishes the CLI as a deployment would, for this machine's runtime (the CLI's project makes that self-contained and
// compiled ahead), into a folder of its own (a self-contained publish over an older framework-dependent one would mix the
// two), and returns its executable.
static string Publish(string folder)
{
    if (Directory.Exists(folder))
    {
        Directory.Delete(folder, true);
    }

    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in new[]
    {
        "publish", Path.Combine(FindRoot(), "src", "Pipeline.Cli"), "-c", "Release", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
        "-o", folder, "--nologo",
    })
    {
        start.ArgumentList.Add(argument);
    }

    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEnd();
    process.WaitForExit();
    return process.ExitCode == 0
        ? Path.Combine(folder, OperatingSystem.IsWindows() ? "pipeline.exe" : "pipeline")
        : throw new InvalidOperationException($"dotnet publish of the CLI failed ({process.ExitCode}):\n{output.Result}{errors}");
}

// Runs a .NET program (its executable, or `dotnet` and its dll) as its own process; its peak resident memory is read
// from /proc while it runs.
static Measurement Measure(string[] command, string? heapHardLimit, params string[] arguments)
{
    var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
    if (heapHardLimit is not null)
    {
        start.Environment["DOTNET_GCHeapHardLimit"] = heapHardLimit;
    }

    foreach (var argument in command[1..].Concat(arguments))
    {
        start.ArgumentList.Add(argument);
    }

    var watch = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    long peakKb = 0;
    while (!process.WaitForExit(50))
    {
        peakKb = Math.Max(peakKb, ReadHighWaterMarkKb(process.Id));
    }

    var seconds = watch.Elapsed.TotalSeconds;
    return new Measurement { ExitCode = process.ExitCode, Seconds = seconds, PeakMb = peakKb / 1024.0, Output = stdout.Result + stderr.Result };
}

// One line per published file: its path and SHA-256, with what legitimately differs from run to run taken out of the
// path and of the JSON and HTML files (nothing else): the run id's start time, the build's commit in the code version,
// the run manifest's and commit record's clock times, stage durations, the dashboard's "run started" minute, and, in
// the commit record and latest.json, the hashes of the two files that carry those (dashboard, run manifest), which are
// checked by their own normalised lines. Parquet files, the workbook and the data-quality report are hashed as written.
static List<string> OutputHashes(string output)
{
    var files = Directory.GetFiles(output, "*", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(output, f).Replace('\\', '/'))
        .Where(f => !f.StartsWith("locks/", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();
    // The commit copies each run file into its partition, so one content can have two paths (of the same name).
    var raw = files.GroupBy(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(output, f)))))
        .ToDictionary(g => g.Key, g => g.First());
    var lines = new List<string>();
    foreach (var file in files)
    {
        var bytes = File.ReadAllBytes(Path.Combine(output, file));
        if (file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".html", StringComparison.Ordinal))
        {
            var text = Normalise(Encoding.UTF8.GetString(bytes));
            text = Regex.Replace(text, "\"sha256\": \"([0-9a-f]{64})\"", m => raw.TryGetValue(m.Groups[1].Value, out var of) && Volatile(of)
                ? $"\"sha256\": \"of {Normalise(of)}\""
                : m.Value);
            bytes = Encoding.UTF8.GetBytes(text);
        }

        lines.Add($"{Convert.ToHexStringLower(SHA256.HashData(bytes))}  {Normalise(file)}");
    }

    return lines;

    static bool Volatile(string file) => file.EndsWith("dashboard.html", StringComparison.Ordinal) || file.EndsWith("run_manifest.json", StringComparison.Ordinal);

    static string Normalise(string text)
    {
        text = Regex.Replace(text, @"\d{8}T\d{9}Z(?=_[0-9a-f]{8})", "STARTED");
        text = Regex.Replace(text, @"(\+|\\u002B)[0-9a-f]{40}", "+COMMIT");
        text = Regex.Replace(text, "\"(started_at|finished_at|published_at|updated_at|committed_at)\": \"[^\"]*\"", "\"$1\": \"TIME\"");
        text = Regex.Replace(text, "\"milliseconds\": \\d+", "\"milliseconds\": 0");
        return Regex.Replace(text, @"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "RUN STARTED UTC");
    }
}

static long ReadHighWaterMarkKb(int pid)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
    catch (IOException)
    {
        return 0;
    }
}

// The peer: DuckDB reads every CSV of the set into an in-memory table (typed by its own detection).
static int Peer(string extract)
{
    using var connection = new DuckDBConnection("DataSource=:memory:");
    connection.Open();
    foreach (var file in Directory.GetFiles(extract, "*.csv*").Order(StringComparer.Ordinal))
    {
        using var command = connection.CreateCommand();
        var table = Path.GetFileName(file).Split('.')[0];
        command.CommandText = $"CREATE TABLE {table} AS SELECT * FROM read_csv('{file.Replace("'", "''", StringComparison.Ordinal)}', header = true, ignore_errors = true)";
        command.ExecuteNonQuery();
    }

    return 0;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}

internal sealed class Measurement
{
    public int ExitCode { get; init; }

    public double Seconds { get; init; }

    public double PeakMb { get; set; }

    public string Output { get; init; } = "";
}
