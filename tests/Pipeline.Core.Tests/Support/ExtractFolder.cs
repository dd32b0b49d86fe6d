using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipeline.Tests.Support;

/// <summary>Builds a small extract set on disk: CSV files and a manifest whose counts and hashes match them.</summary>
public sealed class ExtractFolder : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<(string Name, long Rows, string Sha)> _files = [];

    public string Path => _folder.Path;

    public const string MinimalPerson = "pers_person_id,pers_sex,pers_dob\r\nP1,F,2015-01-01\r\n";

    public const string MinimalEpisodes = "cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-01-10\r\n";

    /// <summary>Writes a file and lists it with <paramref name="rows"/> (by default: lines minus the header).</summary>
    public ExtractFolder Add(string name, string content, long? rows = null, bool gzip = false, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        if (bom)
        {
            bytes = [.. Encoding.UTF8.GetPreamble(), .. bytes];
        }

        if (gzip)
        {
            using var buffer = new MemoryStream();
            using (var zip = new GZipStream(buffer, CompressionLevel.Optimal))
            {
                zip.Write(bytes);
            }

            bytes = buffer.ToArray();
        }

        File.WriteAllBytes(_folder.File(name), bytes);
        var lines = content.Split('\n').Count(l => l.TrimEnd('\r').Length > 0) - 1;
        _files.Add((name, rows ?? lines, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        return this;
    }

    /// <summary>Writes a file of raw bytes (for encodings) and lists it with <paramref name="rows"/>.</summary>
    public ExtractFolder AddBytes(string name, byte[] bytes, long rows)
    {
        File.WriteAllBytes(_folder.File(name), bytes);
        _files.Add((name, rows, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        return this;
    }

    /// <summary>The two required tables with one person and one referral.</summary>
    public ExtractFolder AddMinimal() => Add("ssd_person.csv", MinimalPerson).Add("ssd_cin_episodes.csv", MinimalEpisodes);

    public ExtractFolder WriteManifest(string asAt = "2023-06-30", Action<List<Dictionary<string, object>>>? tamper = null,
        Action<Dictionary<string, object>>? edit = null)
    {
        var files = _files.Select(f => new Dictionary<string, object> { ["name"] = f.Name, ["rows"] = f.Rows, ["sha256"] = f.Sha }).ToList();
        tamper?.Invoke(files);
        var manifest = new Dictionary<string, object>
        {
            ["la_code"] = "E10000099",
            ["source_system"] = "test",
            ["ssd_version"] = "1.4.5",
            ["as_at"] = asAt,
            // Made early the morning after the night it covers, as an exporter's nightly job is.
            ["extracted_at"] = MorningAfter(asAt),
            ["files"] = files,
        };
        edit?.Invoke(manifest);
        File.WriteAllText(_folder.File("manifest.json"), JsonSerializer.Serialize(manifest));
        return this;
    }

    private static string MorningAfter(string asAt) =>
        DateOnly.TryParseExact(asAt, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) && day < DateOnly.MaxValue
            ? day.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T01:12:44Z"
            : asAt;

    public void Dispose() => _folder.Dispose();
}
