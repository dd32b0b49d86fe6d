using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Tests.Support;

/// <summary>
/// Makes a hostile extract set from a good one by the operations a corpus case lists (tests/corpus/hostile/cases.json):
/// header renames, values changed or copied between columns, raw bytes, generated giants, links and FIFOs. The
/// manifest's counts and hashes are then made to match the files, unless the case is about a manifest that lies.
/// </summary>
public sealed class HostileSet
{
    private readonly string folder;
    private readonly Dictionary<string, long> rowOverrides = new(StringComparer.Ordinal);
    private readonly List<Action> afterManifest = [];
    private readonly List<Action<JsonObject>> manifestEdits = [];
    private readonly Dictionary<string, string> renamed = new(StringComparer.Ordinal);

    private HostileSet(string folder) => this.folder = folder;

    /// <summary>Copies <paramref name="good"/> (its top-level files) into <paramref name="folder"/> and applies the case.</summary>
    public static void Build(string good, string folder, DateOnly asAt, JsonElement @case)
    {
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(good))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var set = new HostileSet(folder);
        set.manifestEdits.Add(m =>
        {
            m["as_at"] = asAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            m["extracted_at"] = asAt.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T01:12:44Z";
        });
        if (@case.TryGetProperty("ops", out var ops))
        {
            foreach (var op in ops.EnumerateArray())
            {
                set.Apply(op);
            }
        }

        set.WriteManifest(tamper: @case.TryGetProperty("tamper", out var tamper) && tamper.GetBoolean());
    }

    private void Apply(JsonElement op)
    {
        string S(string name) => op.GetProperty(name).GetString()!;
        int I(string name) => op.GetProperty(name).GetInt32();
        switch (S("op"))
        {
            case "rename_header":
                Edit(S("file"), (header, rows) => header[Array.IndexOf(header, S("from"))] = S("to"));
                break;
            case "copy_column":
                Edit(S("file"), (header, rows) =>
                {
                    var (from, to) = (Array.IndexOf(header, S("from")), Array.IndexOf(header, S("to")));
                    foreach (var row in rows.Take(I("rows")))
                    {
                        row[to] = row[from];
                    }
                });
                break;
            case "set_value":
                var raw = op.TryGetProperty("raw", out var r) && r.GetBoolean();
                Edit(S("file"), (header, rows) =>
                {
                    var column = Array.IndexOf(header, S("column"));
                    foreach (var row in rows.Take(I("rows")))
                    {
                        row[column] = raw ? Raw + S("value") : S("value");
                    }
                });
                break;
            case "append_bytes":
                Edit(S("file"), (header, rows) =>
                {
                    var row = rows[I("row") - 1];
                    var column = Array.IndexOf(header, S("column"));
                    row[column] = Raw + Unescape(row[column]) + $"@@bytes:{S("hex")}@@";
                });
                break;
            case "keep_rows":
                Edit(S("file"), (header, rows) => rows.RemoveRange(I("rows"), rows.Count - I("rows")));
                break;
            case "add_file":
                File.WriteAllText(Path.Combine(folder, S("name")), S("content"));
                break;
            case "long_line":
                using (var stream = new FileStream(Path.Combine(folder, S("file")), FileMode.Append))
                {
                    stream.Write("X1,P1"u8);
                    WriteCommas(stream, op.GetProperty("chars").GetInt64());
                    stream.Write("\r\n"u8);
                }

                break;
            case "long_header":
                var path = Path.Combine(folder, S("file"));
                var lines = File.ReadAllLines(path);
                using (var stream = new FileStream(path, FileMode.Create))
                {
                    stream.Write(Encoding.UTF8.GetBytes(lines[0]));
                    WriteCommas(stream, op.GetProperty("chars").GetInt64());
                    stream.Write(Encoding.UTF8.GetBytes("\r\n" + string.Join("\r\n", lines.Skip(1)) + "\r\n"));
                }

                break;
            case "gzip_rows":
                GzipRows(S("file"), op.GetProperty("inflated_bytes").GetInt64());
                break;
            case "manifest":
                foreach (var field in op.GetProperty("set").EnumerateObject())
                {
                    manifestEdits.Add(m => m[field.Name] = field.Value.GetString());
                }

                break;
            case "manifest_padding":
                manifestEdits.Add(m => m["padding"] = new string(' ', I("bytes")));
                break;
            case "manifest_entries":
                manifestEdits.Add(m =>
                {
                    var files = m["files"]!.AsArray();
                    for (var i = 0; i < I("count"); i++)
                    {
                        files.Add(new JsonObject { ["name"] = $"ssd_local_{i:000000}.csv", ["rows"] = 1, ["sha256"] = new string('a', 64) });
                    }
                });
                break;
            case "manifest_rows":
                manifestEdits.Add(m =>
                {
                    var entry = m["files"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == S("file"))!;
                    entry["rows"] = entry["rows"]!.GetValue<long>() + I("delta");
                });
                break;
            case "symlink":
                afterManifest.Add(() =>
                {
                    File.Delete(Path.Combine(folder, S("file")));
                    File.CreateSymbolicLink(Path.Combine(folder, S("file")), S("target"));
                });
                break;
            case "fifo":
                afterManifest.Add(() =>
                {
                    File.Delete(Path.Combine(folder, S("file")));
                    using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(folder, S("file"))])!;
                    mkfifo.WaitForExit();
                });
                break;
            default:
                throw new InvalidOperationException($"unknown corpus op {S("op")}");
        }
    }

    // A value written as it is (not CSV-quoted), for broken quoting and raw bytes.
    private const string Raw = "\u0001raw\u0001";

    private void Edit(string file, Action<string[], List<string[]>> change)
    {
        var path = Path.Combine(folder, file);
        var lines = File.ReadAllLines(path);
        var header = Csv.Split(lines[0]);
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(Csv.Split).ToList();
        change(header, rows);
        using var output = new MemoryStream();
        foreach (var line in rows.Prepend(header))
        {
            output.Write(Bytes(string.Join(",", line.Select(Csv.Quote))));
            output.Write("\r\n"u8);
        }

        File.WriteAllBytes(path, output.ToArray());
    }

    private static string Unescape(string value) => value.StartsWith(Raw, StringComparison.Ordinal) ? value[Raw.Length..] : value;

    // Text with @@bytes:HEX@@ placeholders for bytes that are not UTF-8.
    private static byte[] Bytes(string line)
    {
        var bytes = new List<byte>();
        var rest = line;
        while (rest.IndexOf("@@bytes:", StringComparison.Ordinal) is var at and >= 0)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(rest[..at]));
            var end = rest.IndexOf("@@", at + 8, StringComparison.Ordinal);
            bytes.AddRange(Convert.FromHexString(rest[(at + 8)..end]));
            rest = rest[(end + 2)..];
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(rest));
        return [.. bytes];
    }

    private static void WriteCommas(Stream stream, long count)
    {
        var block = Enumerable.Repeat((byte)',', 1 << 20).ToArray();
        for (var written = 0L; written < count; written += block.Length)
        {
            stream.Write(block, 0, (int)Math.Min(block.Length, count - written));
        }
    }

    // The file's rows repeated, gzipped, until they inflate to the size asked for; the manifest still lists the file's own count.
    private void GzipRows(string file, long inflated)
    {
        var path = Path.Combine(folder, file);
        var lines = File.ReadAllLines(path);
        var body = Encoding.UTF8.GetBytes(string.Join("\r\n", lines.Skip(1)) + "\r\n");
        using (var gzip = new GZipStream(new FileStream(path + ".gz", FileMode.Create), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(lines[0] + "\r\n"));
            for (var written = 0L; written < inflated; written += body.Length)
            {
                gzip.Write(body);
            }
        }

        File.Delete(path);
        rowOverrides[file + ".gz"] = lines.Length - 1;
        renamed[file] = file + ".gz";
    }

    private void WriteManifest(bool tamper)
    {
        var path = Path.Combine(folder, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var entry in manifest["files"]!.AsArray())
        {
            if (renamed.TryGetValue(entry!["name"]!.GetValue<string>(), out var now))
            {
                entry["name"] = now;
            }
        }

        if (!tamper)
        {
            foreach (var entry in manifest["files"]!.AsArray())
            {
                var name = entry!["name"]!.GetValue<string>();
                var file = Path.Combine(folder, name);
                if (!File.Exists(file))
                {
                    continue;
                }

                entry["rows"] = rowOverrides.TryGetValue(name, out var rows) ? rows : File.ReadLines(file).Count(l => l.Length > 0) - 1;
                using var stream = File.OpenRead(file);
                entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(stream));
            }
        }

        foreach (var edit in manifestEdits)
        {
            edit(manifest);
        }

        File.WriteAllText(path, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        foreach (var action in afterManifest)
        {
            action();
        }
    }

    /// <summary>RFC 4180 fields of one line (the generator writes no newline inside a field).</summary>
    public static class Csv
    {
        public static string[] Split(string line)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            fields.Add(field.ToString());
            return [.. fields];
        }

        public static string Quote(string value) =>
            value.StartsWith(Raw, StringComparison.Ordinal) ? value[Raw.Length..]
            : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
