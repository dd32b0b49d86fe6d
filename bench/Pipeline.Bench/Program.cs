using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Pipeline.Synthetic;

// The benchmark: generate councils, run the whole pipeline on each as its own process (the way the nightly
// job runs), and run a peer on the same files in the same session: DuckDB loading every CSV into memory.
// Each measurement is a separate process so its peak memory (VmHWM) is its own.
//
//   dotnet run -c Release --project bench/Pipeline.Bench -- [council|national|all] [--children N]
//   dotnet run -c Release --project bench/Pipeline.Bench -- peer DIR          (internal: the DuckDB peer)
if (args.Length >= 2 && args[0] == "peer")
{
    return Peer(args[1]);
}

var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "council";
var councilChildren = args.SkipWhile(a => a != "--children").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(140_000);
var sizes = which switch
{
    "national" => new[] { ("national", councilChildren * 50) },
    "all" => [("council", councilChildren), ("national", councilChildren * 50)],
    _ => [("council", councilChildren)],
};

var work = Path.Combine(FindRoot(), "bench", "work");
var asAt = new DateOnly(2026, 10, 31);
Console.WriteLine($"bench on {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"{"council",-10} {"children",12} {"extract MB",11} {"rows",12} | {"pipeline s",10} {"peak MB",8} | {"peer s",7} {"peak MB",8}");
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
    if (Directory.Exists(output))
    {
        Directory.Delete(output, true);
    }

    var pipeline = Measure(Path.Combine(AppContext.BaseDirectory, "pipeline.dll"), "run", "--extract", extract, "--reference", reference, "--out", output);
    var rows = Regex.Match(pipeline.Output, @"rows read ([\d,]*\d)").Groups[1].Value;
    // The pipeline reports its own peak working set too; take whichever saw more.
    var reported = Regex.Match(pipeline.Output, @"peak memory ([\d,]+) MB");
    if (reported.Success)
    {
        pipeline.PeakMb = Math.Max(pipeline.PeakMb, double.Parse(reported.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    var peer = Measure(Path.Combine(AppContext.BaseDirectory, "Pipeline.Bench.dll"), "peer", extract);
    Console.WriteLine($"{name,-10} {children,12:N0} {megabytes,11:N0} {rows,12} | {pipeline.Seconds,10:0.0} {pipeline.PeakMb,8:N0} | {peer.Seconds,7:0.0} {peer.PeakMb,8:N0}");
    if (pipeline.ExitCode != 0)
    {
        Console.WriteLine(pipeline.Output);
        return 1;
    }
}

return 0;

// Runs a .NET program as its own process; its peak resident memory is read from /proc while it runs.
static Measurement Measure(string dll, params string[] arguments)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
    start.ArgumentList.Add(dll);
    foreach (var argument in arguments)
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
