using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Ingest.Csv;
using Pipeline.Returns;
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

    public static async Task<IngestResult> IngestAsync(IExtractSource source, IngestOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= IngestOptions.Default;
        var warnings = ImmutableArray.CreateBuilder<string>();
        var files = ImmutableArray.CreateBuilder<FileIngestStats>();
        var quarantine = new List<QuarantineEntry>();
        ExtractManifest? manifest = null;

        // The files table of a rejected set lists every file: those read, the one that stopped it, and those not reached.
        IngestResult Reject(string reason, ManifestFile? cause = null, string? causeSha = null)
        {
            if (manifest is not null)
            {
                var done = files.Select(f => f.File).ToHashSet(StringComparer.Ordinal);
                foreach (var listed in manifest.Files.Where(f => !done.Contains(f.Name)))
                {
                    files.Add(listed == cause
                        ? new FileIngestStats(listed.Table, listed.Name, FileIngestStats.Rejected, 0, 0, 0, 0, 0, causeSha ?? "", reason)
                        : new FileIngestStats(listed.Table, listed.Name, FileIngestStats.Skipped, 0, 0, 0, 0, 0, "", "not read: the set was rejected"));
                }
            }

            return new(null, manifest, files.ToImmutable(), [.. quarantine], warnings.ToImmutable(), reason);
        }

        var present = (await source.ListFilesAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        (manifest, var manifestError) = await ReadManifestAsync(source, options, cancellationToken);
        if (manifest is null)
        {
            return Reject(manifestError!);
        }

        var missing = manifest.Files.Where(f => !present.Contains(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            return Reject($"listed file {Names(missing)} {(missing.Count == 1 ? "is" : "are")} missing from the set", manifest.Files.First(f => f.Name == missing[0]));
        }

        var listedNames = manifest.Files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var unlisted = present.Where(p => p != ManifestName && !listedNames.Contains(p)).Order(StringComparer.Ordinal).ToList();
        if (manifest.Formats is not [ExtractFormat.Ssd])
        {
            // Statutory returns: their own reader, under the same checks (Returns/ReturnIngest.cs).
            if (unlisted.Count > 0)
            {
                warnings.Add($"{Names(unlisted)} {(unlisted.Count == 1 ? "is" : "are")} in the set but not in the manifest; ignored");
            }

            var returns = await ReturnIngest.ReadAsync(source, manifest, options, files, quarantine, cancellationToken);
            if (returns.Rejected is { } refused)
            {
                return Reject(refused, returns.Cause, returns.CauseSha);
            }

            warnings.AddRange(ReturnIngest.Warnings(files));
            return new IngestResult(returns.Set, manifest, files.ToImmutable(), [.. quarantine], warnings.ToImmutable(), null);
        }

        var listedTables = manifest.Files.Select(f => f.Table).ToHashSet(StringComparer.Ordinal);
        foreach (var required in SsdTables.Required.Where(t => !listedTables.Contains(t)))
        {
            return Reject($"required table {required} is not in the set");
        }

        if (unlisted.Count > 0)
        {
            warnings.Add($"{Names(unlisted)} {(unlisted.Count == 1 ? "is" : "are")} in the set but not in the manifest; ignored");
        }

        var tables = ImmutableDictionary.CreateBuilder<Type, object>();
        var seenTables = new HashSet<string>(StringComparer.Ordinal);
        var strings = new StringPool();
        var columns = ImmutableDictionary.CreateBuilder<string, ImmutableHashSet<string>>(StringComparer.Ordinal);
        await using var reads = new FileReads(source, manifest, options, cancellationToken);
        for (var f = 0; f < manifest.Files.Length; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var listed = manifest.Files[f];
            var binding = SsdTables.Find(listed.Table);
            if (!seenTables.Add(listed.Table))
            {
                return Reject($"table {listed.Table} is listed twice (as .csv and .csv.gz)", listed);
            }

            // Each file was read on its own (side by side with others); what it found is taken in the manifest's order, so
            // the set, its quarantine and the first reason to reject it are those of reading the files one after another.
            var file = await reads.TakeAsync(f);
            file.Failure?.Throw();
            if (file.Unreadable is { } unreadable)
            {
                return Reject(unreadable, listed);
            }

            var read = file.Read;
            if (read is not null)
            {
                var map = strings.Merge(file.Strings);
                foreach (var column in read.PooledColumns)
                {
                    column.Rebase(strings, map);
                }
            }

            quarantine.AddRange(file.Quarantine);
            var records = file.Records;
            if (records > listed.Rows)
            {
                // Stopped at the first row beyond the manifest's count: a file that says less than it holds is not read on.
                return Reject($"{listed.Name}: manifest says {listed.Rows} rows, the file has more (reading stopped at row {listed.Rows + 1})", listed);
            }

            var sha = file.Sha256;
            if (sha != listed.Sha256)
            {
                return Reject($"{listed.Name}: SHA-256 differs from the manifest (file {sha[..12]}…, manifest {listed.Sha256[..12]}…)", listed, sha);
            }

            if (records != listed.Rows)
            {
                return Reject($"{listed.Name}: manifest says {listed.Rows} rows, the file has {records}"
                    + (records < listed.Rows ? " (a truncated upload, or an unterminated quote swallowing rows)" : ""), listed, sha);
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
                    return Reject($"required table {binding.Table} was rejected: {quarantine.Last(q => q.Table == binding.Table).Reason}");
                }

                warnings.Add($"{listed.Name} was rejected ({read.Stats.Reason}); the indicators that need {binding.Table} are unavailable");
                continue;
            }

            tables[read.RowType] = read.Rows;
            columns[binding!.Table] = read.Columns;
        }

        return new IngestResult(new ExtractSet(manifest, tables.ToImmutable(), columns.ToImmutable()), manifest, files.ToImmutable(), [.. quarantine], warnings.ToImmutable(), null);
    }

    /// <summary>What reading one listed file found, before it is judged in the set's order.</summary>
    private sealed class FileRead
    {
        /// <summary>The file could not be opened or parsed (the reason); nothing else is set.</summary>
        public string? Unreadable { get; init; }

        /// <summary>A failure to rethrow when the file's turn comes (storage errors end the run, as when read in order).</summary>
        public System.Runtime.ExceptionServices.ExceptionDispatchInfo? Failure { get; init; }

        public long Records { get; init; }

        public string Sha256 { get; init; } = "";

        public TableReadResult? Read { get; init; }

        /// <summary>The pool the file's text was read into, merged into the run's in the set's order.</summary>
        public StringPool Strings { get; init; } = new();

        public List<QuarantineEntry> Quarantine { get; init; } = [];
    }

    /// <summary>
    /// The listed files, read side by side (as many at once as there are cores) when memory allows, each into its own string
    /// pool and quarantine list; taken in the manifest's order.
    /// </summary>
    /// <remarks>
    /// NOTE: only when memory allows: each file's own pool repeats the ids it shares with other tables (every table's person
    /// ids) until it is merged, which for every table of a national extract at once ran out of memory. Without room for the
    /// whole set, the files after the one being taken are read ahead in the manifest's order while there is room for them,
    /// still as many at once as there are cores: with one file ahead, a core sat idle once it had read the file after a large
    /// one (national contacts, 1.2 GB) until that was taken; with as many files ahead as cores, the small files ahead of a large
    /// one used up the count, and nationally one core read the involvements (5.1 s) alone for 4 s while the files after it waited.
    /// A set rejected early lets the reads ahead go (cancelled, awaited) before the result is returned.
    /// </remarks>
    private sealed class FileReads(IExtractSource source, ExtractManifest manifest, IngestOptions options, CancellationToken cancellationToken) : IAsyncDisposable
    {
        private readonly Task<FileRead>?[] _reads = new Task<FileRead>?[manifest.Files.Length];
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        private readonly SemaphoreSlim _cores = new(Environment.ProcessorCount);

        // NOTE: with room, every file is queued at once, the biggest first (rows times columns), so the last file read is a
        // small one rather than whichever the manifest lists last: in the manifest's order two large tables came last and
        // one core sat idle while the other finished them. Without room, in the manifest's order, as many ahead as there is room for.
        private readonly int[]? _biggestFirst = RoomToRead(manifest.Files.Sum(f => f.Rows), options)
            ? [.. Enumerable.Range(0, manifest.Files.Length).OrderByDescending(f => manifest.Files[f].Rows * ((SsdTables.Find(manifest.Files[f].Table)?.Columns.Count ?? 0) + 1))]
            : null;

        /// <summary>
        /// Whether the memory left beside what is in use (<see cref="IngestOptions.ReadingMemory"/>) holds 200 bytes for each of
        /// <paramref name="rows"/>: several times what their columns take, so their tables' own pools fit beside them. A whole
        /// national extract under a 4 GiB heap limit does not; one of its files at a time does, until the tables already
        /// read fill the heap.
        /// </summary>
        private static bool RoomToRead(long rows, IngestOptions options) =>
            rows * 200 < (options.ReadingMemory ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes) - GC.GetTotalMemory(false);
        private int _started;

        // The rows of the files started after the one being taken: read, or being read, and held until their turn.
        private long RowsAhead(int file)
        {
            var rows = 0L;
            for (var ahead = file + 1; ahead < _started; ahead++)
            {
                rows += manifest.Files[ahead].Rows;
            }

            return rows;
        }

        public async Task<FileRead> TakeAsync(int file)
        {
            while (_started < _reads.Length && (_biggestFirst is not null || _started <= file
                || RoomToRead(RowsAhead(file) + manifest.Files[_started].Rows, options)))
            {
                var next = _biggestFirst?[_started] ?? _started;
                _started++;
                var listed = manifest.Files[next];
                var token = _stop.Token;
                // NOTE: the core is queued for here, in the order the reads are started (the semaphore serves its waiters first
                // come, first served), not inside the task: there the order the pool ran the tasks decided it, and nationally
                // the contacts (1.2 GB, third in the set) were read after six later files, alone for 4.7 s with a core idle.
                var core = _cores.WaitAsync(token);
                _reads[next] = Task.Run(async () =>
                {
                    await core;
                    try
                    {
                        return await ReadFileAsync(source, manifest, listed, options, token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        return new FileRead { Failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e) };
                    }
                    finally
                    {
                        _cores.Release();
                    }
                }, CancellationToken.None);
            }

            var read = await _reads[file]!;
            _reads[file] = null;
            return read;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            foreach (var read in _reads.OfType<Task<FileRead>>())
            {
                try
                {
                    await read;
                }
                catch (OperationCanceledException)
                {
                    // Let go: the set was judged without it.
                }
            }

            _stop.Dispose();
            _cores.Dispose();
        }
    }

    private static async Task<FileRead> ReadFileAsync(IExtractSource source, ExtractManifest manifest, ManifestFile listed, IngestOptions options, CancellationToken cancellationToken)
    {
        var binding = SsdTables.Find(listed.Table);
        Stream? raw;
        try
        {
            raw = await source.OpenAsync(listed.Name, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return new FileRead { Unreadable = $"{listed.Name} cannot be read ({e.Message})" };
        }

        await using var opened = raw ?? throw new InvalidOperationException($"{listed.Name} disappeared during the run");
        using var hashing = new HashingStream(opened);
        var strings = new StringPool();
        var quarantine = new List<QuarantineEntry>();
        long records;
        TableReadResult? read = null;
        try
        {
            using var csv = new CsvRecordReader(OpenText(hashing, listed.IsGzip), options.Limits.Csv);
            if (binding is null)
            {
                records = TableReader.CountRecords(csv, listed.Rows);
            }
            else
            {
                var context = new TableReadContext(listed.Name, listed.Sha256, listed.Rows, manifest.AsAt, CapacityHint(listed, opened));
                read = binding.Read(csv, context, quarantine, strings);
                records = read.Overflowed ? listed.Rows + 1 : read.Stats.RowsRead;
            }
        }
        catch (InvalidDataException e)
        {
            return new FileRead { Unreadable = $"{listed.Name} cannot be read ({e.Message})" };
        }

        // NOTE: hashed to the end only when the count is right: a file with more rows than listed was not read on.
        return new FileRead { Records = records, Sha256 = records > listed.Rows ? "" : hashing.Finish(), Read = read, Strings = strings, Quarantine = quarantine };
    }

    /// <summary>
    /// Reads and parses the set's manifest alone, so a host can learn the set's as_at (and take the writer lock
    /// for it) before reading any table. Returns the reason instead when there is none, it is too large or malformed,
    /// or its as_at cannot be a night's (see <see cref="AsAtRules"/>).
    /// </summary>
    public static async Task<(ExtractManifest? Manifest, string? Error)> ReadManifestAsync(IExtractSource source, IngestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= IngestOptions.Default;
        Stream? manifestStream;
        try
        {
            manifestStream = await source.OpenAsync(ManifestName, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return (null, $"{ManifestName} cannot be read ({e.Message})");
        }

        if (manifestStream is null)
        {
            return (null, $"no {ManifestName} in {source.Location}: the set is incomplete");
        }

        var limit = options.Limits.MaxManifestBytes;
        var buffer = new byte[Math.Min(limit, 1 << 16) + 1];
        var length = 0;
        await using (manifestStream)
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return (null, $"{ManifestName} is larger than {limit:N0} bytes (setting max_manifest_bytes); it was not read further");
                    }

                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1L));
                }

                var n = await manifestStream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (n == 0)
                {
                    break;
                }

                length += n;
            }
        }

        try
        {
            var manifest = ExtractManifest.Parse(buffer[..length], options.Limits.MaxManifestFiles);
            return AsAtRules.Check(manifest.AsAt, manifest.ExtractedAt is "" ? null : manifest.ExtractedAt, options.Clock) is { } implausible
                ? (null, implausible)
                : (manifest, null);
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// Rows to size a table's columns for: the manifest's count, but never more than the file could hold (a plain CSV row
    /// takes at least a few bytes), so a manifest claiming billions of rows for a small file allocates nothing.
    /// </summary>
    private static int CapacityHint(ManifestFile listed, Stream stream)
    {
        long bound = int.MaxValue;
        try
        {
            // A gzip row is rarely under a byte; a plain one never under four ("1,2\n").
            bound = listed.IsGzip ? stream.Length * 8 : stream.Length / 4;
        }
        catch (NotSupportedException)
        {
            // A stream of unknown length: the manifest's count, within the columns' own cap.
        }

        return (int)Math.Clamp(Math.Min(listed.Rows, bound), 0, int.MaxValue);
    }

    /// <summary>File names for a message: the first few, then how many more, so a list of thousands stays one short line.</summary>
    internal static string Names(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(5).Select(ExtractManifest.Clip)) + (names.Count > 5 ? $" and {names.Count - 5:N0} more" : "");

    // UTF-8 with or without a BOM, invalid bytes marked rather than replaced; a gzip file is decompressed as it is read.
    // NOTE: no BOM detection: a UTF-16 file is not UTF-8, and reads as invalid bytes, not as some other encoding.
    internal static StreamReader OpenText(Stream stream, bool gzip) =>
        new(gzip ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream,
            CsvRecordReader.Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: !gzip);
}
