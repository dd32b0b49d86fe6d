using System.IO.Compression;
using System.Text;
using Pipeline.Synthetic;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>
/// The inputs that used to take gigabytes, run under a 512 MB heap (DOTNET_GCHeapHardLimit): each must end in a clean,
/// explained result rather than an out-of-memory crash. The inputs are generated here, streamed to a temporary folder.
/// </summary>
public class BoundedMemoryTests : IDisposable
{
    private static readonly Dictionary<string, string> HalfAGigabyte = new() { ["DOTNET_GCHeapHardLimit"] = "0x20000000" };
    private static readonly DateOnly AsAt = new(2026, 10, 30);
    private readonly TempFolder work = new();
    private readonly string good;
    private readonly string reference;

    public BoundedMemoryTests()
    {
        good = work.File("good");
        ExtractGenerator.Generate(new GeneratorOptions { Children = 300, AsAt = AsAt, Seed = 3 }, good);
        reference = work.File("reference");
        Directory.CreateDirectory(reference);
        foreach (var file in Directory.GetFiles(Repo.Seeds("reference")))
        {
            File.Copy(file, Path.Combine(reference, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(good, "_generator", "population.csv"), Path.Combine(reference, "population.csv"), overwrite: true);
    }

    [Fact]
    public void HeaderOf200MegabytesOfCommas_SetRejectedWithinTheHeap()
    {
        var set = Copy("header");
        var person = Path.Combine(set, "ssd_person.csv");
        var lines = File.ReadAllLines(person);
        using (var stream = new FileStream(person, FileMode.Create))
        {
            stream.Write(Encoding.UTF8.GetBytes(lines[0]));
            Commas(stream, 200_000_000);
            stream.Write(Encoding.UTF8.GetBytes("\r\n" + string.Join("\r\n", lines.Skip(1)) + "\r\n"));
        }

        Relist(set, "ssd_person.csv", "ssd_person.csv", lines.Length - 1);

        var (exit, printed) = Run(set);

        Assert.True(exit == 1, printed);
        Assert.Contains("required table ssd_person was rejected: the header row is malformed (record has more than 1,024 fields (200,", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void RowOf200MegabytesOfCommas_RowQuarantinedAndTheNightPublishedWithinTheHeap()
    {
        var set = Copy("row");
        var rows = File.ReadLines(Path.Combine(set, "ssd_contacts.csv")).Count() - 1;
        using (var stream = new FileStream(Path.Combine(set, "ssd_contacts.csv"), FileMode.Append))
        {
            stream.Write("C9999999,P0000001"u8);
            Commas(stream, 200_000_000);
            stream.Write("\r\n"u8);
        }

        Relist(set, "ssd_contacts.csv", "ssd_contacts.csv", rows + 1);

        var (exit, printed) = Run(set);

        Assert.True(exit == 0, printed);
        Assert.Contains("1 rows quarantined", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void GzipInflatingToAGigabyte_RejectedAtTheFirstRowBeyondTheManifestWithinTheHeap()
    {
        var set = Copy("gzip");
        var contacts = Path.Combine(set, "ssd_contacts.csv");
        var lines = File.ReadAllLines(contacts);
        var body = Encoding.UTF8.GetBytes(string.Join("\r\n", lines.Skip(1)) + "\r\n");
        using (var gzip = new GZipStream(new FileStream(contacts + ".gz", FileMode.Create), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(lines[0] + "\r\n"));
            for (var written = 0L; written < 1L << 30; written += body.Length)
            {
                gzip.Write(body);
            }
        }

        File.Delete(contacts);
        Relist(set, "ssd_contacts.csv", "ssd_contacts.csv.gz", lines.Length - 1);

        var (exit, printed) = Run(set);

        Assert.True(exit == 1, printed);
        Assert.Contains($"ssd_contacts.csv.gz: manifest says {lines.Length - 1} rows, the file has more (reading stopped at row {lines.Length})", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void ManifestOf400Megabytes_RejectedUnreadWithinTheHeap()
    {
        var set = Copy("manifest");
        var manifest = Path.Combine(set, "manifest.json");
        var text = File.ReadAllText(manifest);
        using (var stream = new FileStream(manifest, FileMode.Create))
        {
            stream.Write(Encoding.UTF8.GetBytes(text.TrimEnd()[..^1] + ", \"padding\": \""));
            Fill(stream, (byte)' ', 400_000_000);
            stream.Write("\"}"u8);
        }

        var (exit, printed) = Run(set);

        Assert.True(exit == 1, printed);
        Assert.Contains("manifest.json is larger than 1,048,576 bytes (setting max_manifest_bytes); it was not read further", printed, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        work.Dispose();
        GC.SuppressFinalize(this);
    }

    private (int Exit, string Printed) Run(string set)
    {
        var result = Repo.RunCli(HalfAGigabyte, "run", "--extract", set, "--out", work.File("out-" + Path.GetFileName(set)), "--reference", reference);
        Assert.DoesNotContain("OutOfMemory", result.Output, StringComparison.Ordinal);
        return result;
    }

    private string Copy(string name)
    {
        var set = work.File(name);
        Directory.CreateDirectory(set);
        foreach (var file in Directory.GetFiles(good))
        {
            File.Copy(file, Path.Combine(set, Path.GetFileName(file)));
        }

        return set;
    }

    // The manifest as the exporter would write it for the files now in the set: hashes of the files, the row count given.
    private static void Relist(string set, string name, string newName, long rows)
    {
        var path = Path.Combine(set, "manifest.json");
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var entry in manifest["files"]!.AsArray())
        {
            if (entry!["name"]!.GetValue<string>() == name)
            {
                entry["name"] = newName;
                entry["rows"] = rows;
                using var stream = File.OpenRead(Path.Combine(set, newName));
                entry["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
            }
        }

        File.WriteAllText(path, manifest.ToJsonString());
    }

    private static void Commas(Stream stream, long count) => Fill(stream, (byte)',', count);

    private static void Fill(Stream stream, byte value, long count)
    {
        var block = Enumerable.Repeat(value, 1 << 20).ToArray();
        for (var written = 0L; written < count; written += block.Length)
        {
            stream.Write(block, 0, (int)Math.Min(block.Length, count - written));
        }
    }
}
