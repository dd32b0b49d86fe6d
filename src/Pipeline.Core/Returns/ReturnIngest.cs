using System.Collections.Immutable;
using System.IO.Compression;
using System.Xml;
using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Ingest.Csv;
using Pipeline.Reference;
using Pipeline.Storage;

namespace Pipeline.Returns;

/// <summary>What reading a set of statutory returns gave: the extract set, or why the whole set is refused (and which file caused it).</summary>
public sealed record ReturnOutcome(ExtractSet? Set, string? Rejected, ManifestFile? Cause = null, string? CauseSha = null);

/// <summary>
/// The ingest of a set whose manifest says it holds statutory returns (<c>"format"</c>: <c>ssda903</c>, <c>cin_census</c>,
/// <c>annex_a</c>): which file is which, in what order they are read, and every check a file gets (its rows and SHA-256 against
/// the manifest, read in the same pass). Everything an SSD set guarantees holds: a file that is not what the manifest says
/// rejects the set with a one-line reason; a bad value or record is quarantined with its file, line and column or element path.
/// </summary>
public static class ReturnIngest
{
    private enum Layout
    {
        Csv,
        Xml,
        Workbook,
    }

    private sealed record Planned(ManifestFile Listed, ExtractFormat Format, Layout Layout, string? Part, CollectionYear? Year, string Label);

    public static async Task<ReturnOutcome> ReadAsync(IExtractSource source, ExtractManifest manifest, IngestOptions options,
        ImmutableArray<FileIngestStats>.Builder files, List<QuarantineEntry> quarantine, CancellationToken cancellationToken)
    {
        var planned = new List<Planned>();
        foreach (var listed in manifest.Files)
        {
            var (plan, refused) = await ClassifyAsync(source, manifest, listed, options.Limits, cancellationToken);
            if (refused is not null)
            {
                return new ReturnOutcome(null, refused, listed);
            }

            planned.Add(plan!);
        }

        if (Incomplete(manifest, planned) is { } missing)
        {
            return new ReturnOutcome(null, missing);
        }

        var strings = new StringPool();
        var set = new ReturnSet(manifest, options.Limits, quarantine, strings);
        var ssda903 = new Ssda903Reader(set);
        var census = new CinCensusReader();
        var annexA = new AnnexAReader();
        // A file's counts are final only once the episodes held back are mapped (Ssda903Reader.Finish): listed after that, or at a rejection.
        var read = new List<(Planned Plan, ReturnFile File, string Sha, string? Rejected)>();
        void Count()
        {
            foreach (var (plan, file, sha, rejected) in read)
            {
                files.Add(rejected is null
                    ? file.Stats(sha)
                    : new FileIngestStats(plan.Label, plan.Listed.Name, FileIngestStats.Rejected, file.RowsRead, 0, file.RowsRead, 0, 0, sha, rejected));
            }

            read.Clear();
        }

        ReturnOutcome Refuse(string reason, ManifestFile cause, string? causeSha = null)
        {
            Count();
            return new ReturnOutcome(null, reason, cause, causeSha);
        }

        // Formats in the order tables are taken from them, latest year first: an older copy of a record only fills its gaps.
        foreach (var plan in planned.OrderBy(p => ExtractFormats.All.ToList().IndexOf(p.Format)).ThenByDescending(p => p.Year?.StartYear ?? 0)
                     .ThenBy(p => p.Part is null ? 0 : Array.IndexOf(Ssda903Mapping.Columns.Keys.ToArray(), p.Part)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new ReturnFile(set, plan.Format, plan.Listed, plan.Label, plan.Year);
            var raw = await source.OpenAsync(plan.Listed.Name, cancellationToken) ?? throw new InvalidOperationException($"{plan.Listed.Name} disappeared during the run");
            await using var opened = raw;
            using var hashing = new HashingStream(opened);
            string? notWhatItSays;
            string? fileRejected = null;
            try
            {
                switch (plan.Layout)
                {
                    case Layout.Csv:
                        using (var csv = new CsvRecordReader(ExtractIngestor.OpenText(hashing, plan.Listed.IsGzip), options.Limits.Csv))
                        {
                            notWhatItSays = ssda903.ReadCsv(csv, file, plan.Part!, out fileRejected);
                        }

                        break;
                    case Layout.Xml:
                        using (var text = plan.Listed.IsGzip ? new GZipStream(hashing, CompressionMode.Decompress, leaveOpen: true) : (Stream)new NonClosing(hashing))
                        using (var reader = XmlRecords.Open(text))
                        {
                            notWhatItSays = plan.Format == ExtractFormat.CinCensus ? census.Read(reader, file) : ssda903.ReadXml(reader, file);
                        }

                        break;
                    default:
                        await using (var copy = await SeekableCopyAsync(hashing, options.Limits, plan.Listed.Name, cancellationToken))
                        using (var workbook = XlsxReader.Open(copy, options.Limits, plan.Listed.Name))
                        {
                            notWhatItSays = annexA.Read(workbook, file);
                        }

                        break;
                }
            }
            catch (XmlException e)
            {
                quarantine.Add(new QuarantineEntry(plan.Label, plan.Listed.Name, e.LineNumber, null, IngestRule.MalformedRow, QuarantineAction.FileRejected,
                    $"not well-formed XML: {e.Message}", null, null));
                return Refuse($"{plan.Listed.Name} is not well-formed XML ({OneLine(e.Message)})", plan.Listed);
            }
            catch (InvalidDataException e)
            {
                quarantine.Add(new QuarantineEntry(plan.Label, plan.Listed.Name, 0, null, IngestRule.MalformedRow, QuarantineAction.FileRejected, e.Message, null, null));
                return Refuse(OneLine(e.Message).StartsWith(plan.Listed.Name, StringComparison.Ordinal)
                    ? OneLine(e.Message)
                    : $"{plan.Listed.Name} cannot be read ({OneLine(e.Message)})", plan.Listed);
            }

            if (notWhatItSays is not null)
            {
                return Refuse(notWhatItSays, plan.Listed);
            }

            if (file.Overflowed)
            {
                return Refuse($"{plan.Listed.Name}: manifest says {plan.Listed.Rows} rows, the file has more (reading stopped at row {plan.Listed.Rows + 1}; "
                    + $"{RowsMeaning(plan)})", plan.Listed);
            }

            var sha = hashing.Finish();
            if (sha != plan.Listed.Sha256)
            {
                return Refuse($"{plan.Listed.Name}: SHA-256 differs from the manifest (file {sha[..12]}…, manifest {plan.Listed.Sha256[..12]}…)", plan.Listed, sha);
            }

            if (file.RowsRead != plan.Listed.Rows)
            {
                return Refuse($"{plan.Listed.Name}: manifest says {plan.Listed.Rows} rows, the file has {file.RowsRead} ({RowsMeaning(plan)})", plan.Listed, sha);
            }

            read.Add((plan, file, sha, fileRejected));
            if (plan.Year is { } year && fileRejected is null)
            {
                set.Covered(plan.Format, year);
            }
        }

        ssda903.Finish();
        Count();
        var (tables, columns, coverage) = set.Build();
        return new ReturnOutcome(new ExtractSet(manifest, tables, columns, coverage), null);
    }

    /// <summary>Warnings about what the set's files cannot give (a file rejected), for the run to report.</summary>
    public static IEnumerable<string> Warnings(IEnumerable<FileIngestStats> files) =>
        files.Where(f => f.Status == FileIngestStats.Rejected).Select(f => $"{f.File} was rejected ({f.Reason}); the tables it fills are absent");

    // Which format, layout, part and year a listed file is; or why it cannot be a file of the set.
    private static async Task<(Planned? Plan, string? Refused)> ClassifyAsync(IExtractSource source, ExtractManifest manifest, ManifestFile listed, IngestLimits limits,
        CancellationToken cancellationToken)
    {
        var name = listed.Name;
        var stem = listed.IsGzip ? name[..^3] : name;
        var layout = stem.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? Layout.Csv
            : stem.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? Layout.Xml
            : name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".xlsm", StringComparison.OrdinalIgnoreCase) ? Layout.Workbook
            : (Layout?)null;
        var formats = string.Join(", ", manifest.Formats.Select(f => f.Name()));
        var format = listed.Format ?? layout switch
        {
            Layout.Csv when manifest.Formats.Contains(ExtractFormat.Ssda903) => ExtractFormat.Ssda903,
            Layout.Workbook when manifest.Formats.Contains(ExtractFormat.AnnexA) => ExtractFormat.AnnexA,
            Layout.Xml when manifest.Formats.Contains(ExtractFormat.Ssda903) && !manifest.Formats.Contains(ExtractFormat.CinCensus) => ExtractFormat.Ssda903,
            Layout.Xml when manifest.Formats.Contains(ExtractFormat.CinCensus) && !manifest.Formats.Contains(ExtractFormat.Ssda903) => ExtractFormat.CinCensus,
            Layout.Xml when manifest.Formats.Contains(ExtractFormat.CinCensus) => await RootFormatAsync(source, listed, cancellationToken),
            _ => (ExtractFormat?)null,
        };
        var fits = (format, layout) switch
        {
            (ExtractFormat.Ssda903, Layout.Csv or Layout.Xml) or (ExtractFormat.CinCensus, Layout.Xml) or (ExtractFormat.AnnexA, Layout.Workbook) => true,
            _ => false,
        };
        if (format is null || !fits)
        {
            return (null, $"{ExtractManifest.Clip(name)} is not a file of the set's format ({formats}): "
                + "SSDA903 tables are .csv named after the table (episodes.csv) or .xml, the CIN census .xml, Annex A .xlsx");
        }

        var setYear = manifest.Year;
        switch (format.Value)
        {
            case ExtractFormat.Ssda903 when layout == Layout.Csv:
                if (Ssda903Reader.PartOf(name) is not { } found)
                {
                    return (null, $"{ExtractManifest.Clip(name)} is not an SSDA903 table: its name must be one of the return's tables "
                        + $"({string.Join(", ", Ssda903Mapping.Columns.Keys)}), .csv, with _last for the previous year's");
                }

                var (part, lastYear) = found;
                var year = listed.CollectionYear ?? (lastYear ? new CollectionYear(setYear.StartYear - 1) : setYear);
                return (new Planned(listed, ExtractFormat.Ssda903, Layout.Csv, part, year, Label($"ssda903.{part}", year, setYear)), null);
            case ExtractFormat.Ssda903:
                var xmlYear = listed.CollectionYear
                    ?? (ManifestFile.TableOf(stem[..^4] + ".csv").EndsWith("_last", StringComparison.Ordinal) ? new CollectionYear(setYear.StartYear - 1) : setYear);
                return (new Planned(listed, ExtractFormat.Ssda903, Layout.Xml, null, xmlYear, Label("ssda903", xmlYear, setYear)), null);
            case ExtractFormat.CinCensus:
                var (said, notACensus) = await PeekCensusAsync(source, listed, limits, cancellationToken);
                if (notACensus is not null)
                {
                    return (null, notACensus);
                }

                if (said is { } reference && listed.CollectionYear is { } declared && declared != reference)
                {
                    return (null, $"{ExtractManifest.Clip(name)}: its ReferenceDate makes it the {reference} census; the manifest says {declared}");
                }

                var censusYear = said ?? listed.CollectionYear ?? setYear;
                return (new Planned(listed, ExtractFormat.CinCensus, Layout.Xml, null, censusYear, Label("cin_census", censusYear, setYear)), null);
            default:
                return (new Planned(listed, ExtractFormat.AnnexA, Layout.Workbook, null, null, "annex_a"), null);
        }
    }

    // A set must hold each of its formats' current return (and no file twice over).
    private static string? Incomplete(ExtractManifest manifest, List<Planned> planned)
    {
        foreach (var twice in planned.GroupBy(p => (p.Format, p.Year, Part: p.Layout == Layout.Xml ? "*" : p.Part)).Where(g => g.Count() > 1))
        {
            return $"{string.Join(" and ", twice.Select(p => p.Listed.Name))} are the same {twice.Key.Format.Title()} {(twice.Key.Year is { } y ? y + " " : "")}file: a set holds each once";
        }

        foreach (var mixed in planned.Where(p => p.Format == ExtractFormat.Ssda903).GroupBy(p => p.Year).Where(g => g.Select(p => p.Layout).Distinct().Count() > 1))
        {
            return $"the SSDA903 {mixed.Key} return is given both as XML and as CSV ({string.Join(", ", mixed.Select(p => p.Listed.Name))}): a set holds it once";
        }

        if (manifest.Formats.Contains(ExtractFormat.Ssda903))
        {
            var year = manifest.Year;
            var current = planned.Where(p => p.Format == ExtractFormat.Ssda903 && p.Year == year).ToList();
            var complete = current.Any(p => p.Layout == Layout.Xml)
                || (current.Any(p => p.Part == Ssda903Mapping.Header) && current.Any(p => p.Part == Ssda903Mapping.Episodes));
            if (!complete)
            {
                return $"format ssda903 needs the {year} return: header.csv and episodes.csv, or its XML (the previous year's files name it with _last)";
            }
        }

        if (manifest.Formats.Contains(ExtractFormat.CinCensus) && !planned.Any(p => p.Format == ExtractFormat.CinCensus))
        {
            return "format cin_census needs a CIN census file (.xml)";
        }

        var workbooks = planned.Count(p => p.Format == ExtractFormat.AnnexA);
        return manifest.Formats.Contains(ExtractFormat.AnnexA) && workbooks != 1
            ? $"format annex_a needs one Annex A workbook (.xlsx); the set lists {workbooks}"
            : null;
    }

    private static string Label(string name, CollectionYear year, CollectionYear setYear) =>
        year == setYear ? name : year.StartYear == setYear.StartYear - 1 ? $"{name} (last year)" : $"{name} ({year})";

    private static string RowsMeaning(Planned plan) => plan.Layout switch
    {
        Layout.Csv => "rows are data rows",
        Layout.Xml => plan.Format == ExtractFormat.CinCensus ? "rows are Child elements" : "rows are CHILD elements",
        _ => "rows are the list sheets' data rows",
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    // Which return an XML file is, when the set holds both: its root element.
    private static async Task<ExtractFormat?> RootFormatAsync(IExtractSource source, ManifestFile listed, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await source.OpenAsync(listed.Name, cancellationToken);
            if (stream is null)
            {
                return null;
            }

            await using var text = listed.IsGzip ? new GZipStream(stream, CompressionMode.Decompress) : stream;
            using var reader = XmlRecords.Open(text);
            return XmlRecords.Root(reader) switch
            {
                "EXPSSDA903" => ExtractFormat.Ssda903,
                "Message" => ExtractFormat.CinCensus,
                _ => null,
            };
        }
        catch (Exception e) when (e is XmlException or InvalidDataException)
        {
            return null;
        }
    }

    private static async Task<(CollectionYear? Year, string? NotACensus)> PeekCensusAsync(IExtractSource source, ManifestFile listed, IngestLimits limits,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await source.OpenAsync(listed.Name, cancellationToken);
            if (stream is null)
            {
                return (null, $"{listed.Name} disappeared during the run");
            }

            await using var text = listed.IsGzip ? new GZipStream(stream, CompressionMode.Decompress) : stream;
            using var reader = XmlRecords.Open(text);
            return CinCensusReader.Peek(reader, listed.Name, limits);
        }
        catch (Exception e) when (e is XmlException or InvalidDataException)
        {
            // Malformed from the start: the read proper says so, with its line.
            return (null, null);
        }
    }

    // A workbook is a zip, read by seeking: copied (hashed as it goes) to a temporary file no larger than max_workbook_bytes.
    private static async Task<FileStream> SeekableCopyAsync(Stream source, IngestLimits limits, string name, CancellationToken cancellationToken)
    {
        var copy = new FileStream(Path.Combine(Path.GetTempPath(), $"pipeline-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            1 << 16, FileOptions.DeleteOnClose);
        try
        {
            var buffer = new byte[1 << 16];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > limits.MaxWorkbookBytes)
                {
                    throw new InvalidDataException($"{name} is larger than {limits.MaxWorkbookBytes:N0} bytes (setting max_workbook_bytes); it was not read further");
                }

                await copy.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync();
            throw;
        }
    }

    // The XML reader must not close the hashing stream: the rest of the file is hashed after it.
    private sealed class NonClosing(Stream inner) : ReadOnlyStream
    {
        public override int Read(Span<byte> buffer) => inner.Read(buffer);
    }
}
