using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Pipeline.Tests.Support;

/// <summary>Small changes to a generated extract set that keep its manifest true (counts and hashes recomputed).</summary>
public static class ExtractSets
{
    /// <summary>Copies the set's top-level files (not the generator's notes) into <paramref name="to"/>.</summary>
    public static string Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        return to;
    }

    /// <summary>Keeps the header and the first <paramref name="rows"/> rows of a file, and says so in the manifest.</summary>
    public static void KeepRows(string set, string file, int rows)
    {
        var path = Path.Combine(set, file);
        File.WriteAllLines(path, File.ReadAllLines(path).Take(rows + 1));
        var manifestPath = Path.Combine(set, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        var entry = manifest["files"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == file)!;
        entry["rows"] = rows;
        entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        File.WriteAllText(manifestPath, manifest.ToJsonString());
    }

    /// <summary>The reference data shipped with the repository, with the generated council's population in place of the sample's.</summary>
    public static string Reference(string generated, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(Repo.Seeds("reference")))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        File.Copy(Path.Combine(generated, "_generator", "population.csv"), Path.Combine(to, "population.csv"), overwrite: true);
        return to;
    }
}
