using Pipeline.Extract;
using Pipeline.Reference;

namespace Pipeline.Synthetic.Formats;

/// <summary>One extract set to write: its formats and the folder it goes in.</summary>
public sealed record GeneratedSet(IReadOnlyList<ExtractFormat> Formats, string Folder, long Rows, int Files);

/// <summary>
/// Writes the simulated council through any door: the SSD set (<see cref="ExtractGenerator"/>), and the same council's statutory
/// returns (SSDA903, CIN census, Annex A), each serialised from the one simulation, deterministically.
/// </summary>
public static class FormatGenerator
{
    /// <summary>What <c>--format all</c> writes: each format in a folder of its name, and the full statutory picture (SSDA903 and CIN census) together.</summary>
    public static IReadOnlyList<(string Folder, IReadOnlyList<ExtractFormat> Formats)> All { get; } =
    [
        ("ssd", [ExtractFormat.Ssd]),
        ("ssda903", [ExtractFormat.Ssda903]),
        ("cin_census", [ExtractFormat.CinCensus]),
        ("annex_a", [ExtractFormat.AnnexA]),
        ("statutory", [ExtractFormat.CinCensus, ExtractFormat.Ssda903]),
    ];

    /// <summary>
    /// Writes each requested set. The SSD set is the generator's own (with anomalies when asked); the statutory returns are written
    /// from a clean simulation of the same council (the SSD set itself when it is clean), so they describe the same children.
    /// </summary>
    /// <param name="ssda903Xml">Write the SSDA903 as the return's XML rather than the validators' CSV tables.</param>
    public static IReadOnlyList<GeneratedSet> Generate(GeneratorOptions options, IReadOnlyList<(string Folder, IReadOnlyList<ExtractFormat> Formats)> sets,
        bool ssda903Xml = false)
    {
        var written = new List<GeneratedSet>();
        string? cleanSsd = null;
        DirectoryInfo? scratch = null;
        try
        {
            foreach (var (folder, formats) in sets.Where(s => s.Formats is [ExtractFormat.Ssd]))
            {
                var summary = ExtractGenerator.Generate(options, folder);
                written.Add(new GeneratedSet(formats, folder, summary.TotalRows, summary.Tables.Count));
                if (!options.Anomalies && !options.Gzip)
                {
                    cleanSsd = folder;
                }
            }

            var statutory = sets.Where(s => s.Formats is not [ExtractFormat.Ssd]).ToList();
            if (statutory.Count == 0)
            {
                return written;
            }

            if (cleanSsd is null)
            {
                scratch = Directory.CreateTempSubdirectory("pipeline-generate-");
                cleanSsd = scratch.FullName;
                ExtractGenerator.Generate(new GeneratorOptions
                {
                    Children = options.Children, AsAt = options.AsAt, Seed = options.Seed, Years = options.Years, LaCode = options.LaCode, SourceSystem = options.SourceSystem,
                }, cleanSsd);
            }

            var source = ReturnSource.Load(cleanSsd, options.AsAt);
            var population = Path.Combine(cleanSsd, ExtractGenerator.SidecarFolder, ExtractGenerator.PopulationFileName);
            foreach (var (folder, formats) in statutory)
            {
                var set = new SetWriter(folder, options, formats);
                foreach (var format in formats)
                {
                    Write(set, source, format, options, ssda903Xml);
                }

                set.Finish(population);
                written.Add(new GeneratedSet(formats, folder, set.Files.Sum(f => f.Rows), set.Files.Count));
            }

            return written;
        }
        finally
        {
            scratch?.Delete(recursive: true);
        }
    }

    private static void Write(SetWriter set, ReturnSource source, ExtractFormat format, GeneratorOptions options, bool ssda903Xml)
    {
        var year = CollectionYear.Of(options.AsAt);
        var last = new CollectionYear(year.StartYear - 1);
        switch (format)
        {
            case ExtractFormat.Ssda903:
                var ssda903 = new Ssda903Writer(source);
                if (ssda903Xml)
                {
                    ssda903.WriteXml(set, year, lastYear: false);
                    ssda903.WriteXml(set, last, lastYear: true);
                }
                else
                {
                    ssda903.WriteCsv(set, year, lastYear: false);
                    ssda903.WriteCsv(set, last, lastYear: true);
                }

                break;
            case ExtractFormat.CinCensus:
                var census = new CinCensusWriter(source);
                var laNumber = "9" + options.LaCode[^2..];
                census.Write(set, year, $"cin_census_{year}.xml", laNumber);
                census.Write(set, last, $"cin_census_{last}.xml", laNumber);
                break;
            case ExtractFormat.AnnexA:
                new AnnexAWriter(source).Write(set, "annex_a.xlsx");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), $"{format.Name()} is written by {nameof(ExtractGenerator)}");
        }
    }
}
