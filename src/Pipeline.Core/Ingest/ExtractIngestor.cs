using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using Pipeline.Extract;
using Pipeline.Ingest.Csv;
using Pipeline.Storage;

namespace Pipeline.Ingest;

/// <summary>The ingest stage's result. <see cref="RejectedReason"/> is set when the whole set is refused.</summary>
public sealed record IngestResult(
    ExtractSet? Extract,
    ExtractManifest? Manifest,
    ImmutableArray<FileIngestStats> Files,
    ImmutableArray<QuarantineEntry> Quarantine,
    ImmutableArray<string> Warnings,
    string? RejectedReason)
{
    public bool IsRejected => RejectedReason is not null;

    public long RowsRead => Files.Sum(f => f.RowsRead);

    public long RowsQuarantined => Files.Sum(f => f.RowsQuarantined);

    public long ValuesCleared => Files.Sum(f => f.ValuesCleared);
}

/// <summary>
/// Ingest: checks a set against its manifest and reads every listed contract table into typed records.
/// A truncated or tampered upload (a listed file missing, a row count or SHA-256 that differs) rejects the
/// whole set: it must never become a snapshot. Each file is hashed in the same pass that parses it.
/// </summary>
public static class ExtractIngestor
{
    public const string ManifestName = "manifest.json";

    public static async Task<IngestResult> IngestAsync(IExtractSource source, CancellationToken cancellationToken = default)
    {
        var warnings = ImmutableArray.CreateBuilder<string>();
        var files = ImmutableArray.CreateBuilder<FileIngestStats>();
        var quarantine = new List<QuarantineEntry>();

        IngestResult Reject(ExtractManifest? manifest, string reason) =>
            new(null, manifest, files.ToImmutable(), [.. quarantine], warnings.ToImmutable(), reason);

        var present = await source.ListFilesAsync(cancellationToken);
        var (manifest, manifestError) = await ReadManifestAsync(source, cancellationToken);
        if (manifest is null)
        {
            return Reject(null, manifestError!);
        }

        var missing = manifest.Files.Where(f => !present.Contains(f.Name, StringComparer.Ordinal)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            return Reject(manifest, $"listed file {string.Join(", ", missing)} is missing from the set");
        }

        foreach (var required in SsdTables.Required.Where(t => manifest.Files.All(f => f.Table != t)))
        {
            return Reject(manifest, $"required table {required} is not in the set");
        }

        foreach (var unlisted in present.Where(p => p != ManifestName && manifest.Files.All(f => f.Name != p)))
        {
            warnings.Add($"{unlisted} is in the set but not in the manifest; ignored");
        }

        var tables = ImmutableDictionary.CreateBuilder<Type, object>();
        var seenTables = new HashSet<string>(StringComparer.Ordinal);
        var strings = new StringPool();
        var columns = ImmutableDictionary.CreateBuilder<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
        foreach (var listed in manifest.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var binding = SsdTables.Find(listed.Table);
            if (!seenTables.Add(listed.Table))
            {
                return Reject(manifest, $"table {listed.Table} is listed twice (as .csv and .csv.gz)");
            }

            await using var raw = await source.OpenAsync(listed.Name, cancellationToken)
                ?? throw new InvalidOperationException($"{listed.Name} disappeared during the run");
            using var hashing = new HashingStream(raw);
            long records;
            TableReadResult? read = null;
            try
            {
                using var csv = new CsvRecordReader(OpenText(hashing, listed.IsGzip));
                if (binding is null)
                {
                    records = TableReader.CountRecords(csv);
                }
                else
                {
                    read = binding.Read(csv, listed.Name, listed.Sha256, quarantine, strings, (int)Math.Clamp(listed.Rows, 0, int.MaxValue));
                    records = read.Stats.RowsRead;
                }
            }
            catch (InvalidDataException e)
            {
                return Reject(manifest, $"{listed.Name} cannot be read ({e.Message})");
            }

            var sha = hashing.Finish();
            if (sha != listed.Sha256)
            {
                return Reject(manifest, $"{listed.Name}: SHA-256 differs from the manifest (file {sha[..12]}…, manifest {listed.Sha256[..12]}…)");
            }

            if (records != listed.Rows)
            {
                return Reject(manifest, $"{listed.Name}: manifest says {listed.Rows} rows, the file has {records}"
                    + (records < listed.Rows ? " (a truncated upload, or an unterminated quote swallowing rows)" : ""));
            }

            if (read is null)
            {
                files.Add(new FileIngestStats(listed.Table, listed.Name, FileIngestStats.NotRead, records, 0, 0, 0, 0, sha));
                warnings.Add($"{listed.Name} is not a table the pipeline reads; checked against the manifest and ignored");
                continue;
            }

            files.Add(read.Stats);
            if (read.Stats.Status == FileIngestStats.Rejected)
            {
                if (SsdTables.Required.Contains(binding!.Table))
                {
                    return Reject(manifest, $"required table {binding.Table} was rejected: {quarantine.Last(q => q.Table == binding.Table).Reason}");
                }

                continue;
            }

            tables[read.RowType] = read.Rows;
            columns[binding!.Table] = read.Columns;
        }

        return new IngestResult(new ExtractSet(manifest, tables.ToImmutable(), columns.ToImmutable()), manifest, files.ToImmutable(), [.. quarantine], warnings.ToImmutable(), null);
    }

    /// <summary>
    /// Reads and parses the set's manifest alone, so a host can learn the set's as_at (and take the writer lock
    /// for it) before reading any table. Returns the reason instead when there is none or it is malformed.
    /// </summary>
    public static async Task<(ExtractManifest? Manifest, string? Error)> ReadManifestAsync(IExtractSource source, CancellationToken cancellationToken = default)
    {
        await using var manifestStream = await source.OpenAsync(ManifestName, cancellationToken);
        if (manifestStream is null)
        {
            return (null, $"no {ManifestName} in {source.Location}: the set is incomplete");
        }

        using var buffer = new MemoryStream();
        await manifestStream.CopyToAsync(buffer, cancellationToken);
        try
        {
            return (ExtractManifest.Parse(buffer.ToArray()), null);
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    // UTF-8 with or without a BOM; a gzip file is decompressed as it is read.
    private static StreamReader OpenText(Stream stream, bool gzip) =>
        new(gzip ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream,
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: !gzip);
}
