using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Synthetic;

/// <summary>What a finished file looked like on disk, for the manifest.</summary>
internal sealed record WrittenFile(string Name, long Rows, string Sha256);

/// <summary>Sees every row just before it is written; the anomaly injector uses it to corrupt chosen rows.</summary>
internal interface IRowHook
{
    void OnRow(TableWriter writer);
}

/// <summary>
/// Streams one SSD table to disk as RFC 4180 CSV (UTF-8 without BOM, CRLF, quoting only when needed),
/// optionally gzipped, hashing the bytes exactly as they land in the file.
/// </summary>
/// <remarks>
/// Rows are built field by field straight into a byte buffer rather than through strings: the national run
/// writes tens of millions of rows and per-field allocations would dominate its time. A row can still be
/// edited as strings (<see cref="GetField"/>, <see cref="SetField"/>) because the anomaly injector needs that
/// for a handful of rows.
/// </remarks>
internal sealed class TableWriter : IDisposable
{
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    private readonly FileStream _file;
    private readonly HashingStream _hashing;
    private readonly GZipStream? _gzip;
    private readonly Stream _sink;
    private readonly byte[] _out = new byte[1 << 16];
    private int _outLength;
    private byte[] _row = new byte[512];
    private int _rowLength;
    private int _fieldCount;
    private byte[] _lastCleanRow = [];
    private int _lastCleanRowLength;
    private long _nextId = 1;
    private bool _duplicateRequested;
    private int _lastRowLength;
    private bool _completed;

    public TableWriter(TableSpec spec, string directory, bool gzip)
    {
        Spec = spec;
        FileName = spec.Name + (gzip ? ".csv.gz" : ".csv");
        _file = new FileStream(Path.Combine(directory, FileName), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        _hashing = new HashingStream(_file);
        if (gzip)
        {
            _gzip = new GZipStream(_hashing, CompressionLevel.Fastest, leaveOpen: true);
            _sink = _gzip;
        }
        else
        {
            _sink = _hashing;
        }

        foreach (var column in spec.Columns)
        {
            Text(column);
        }

        FlushRow();
    }

    public TableSpec Spec { get; }

    public string FileName { get; }

    /// <summary>Data rows written so far (the header is not a row).</summary>
    public long Rows { get; private set; }

    /// <summary>The 1-based physical line the next row will occupy (rows never span lines here).</summary>
    public long NextLine => Rows + 2;

    /// <summary>True while the row being built already carries a deliberate defect.</summary>
    public bool RowClaimed { get; set; }

    public IRowHook? Hook { get; set; }

    /// <summary>Number of fields in the row being built.</summary>
    public int FieldCount => _fieldCount;

    /// <summary>Ids are per table and dense: the writer hands them out so extra (anomalous) rows stay unique.</summary>
    public long NextId() => _nextId++;

    public TableWriter Id(long number) => Raw(Spec.IdPrefix, number);

    public TableWriter Ref(Table table, long number) => number <= 0 ? Empty() : Raw(Schema.Of(table).IdPrefix, number);

    /// <summary>An id with a prefix of its own (meeting ids, CLA ids, staff ids).</summary>
    public TableWriter Raw(string prefix, long number)
    {
        BeginField();
        foreach (var c in prefix)
        {
            Put((byte)c);
        }

        PutNumber(number, Schema.IdDigits);
        return this;
    }

    public TableWriter Empty()
    {
        BeginField();
        return this;
    }

    public TableWriter Text(string? value)
    {
        BeginField();
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }

        var needsQuotes = value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        if (!Ascii.IsValid(value))
        {
            // Never the case for generated values; kept correct for anything a caller might pass.
            TextSlow(value, needsQuotes);
            return this;
        }

        if (needsQuotes)
        {
            Put((byte)'"');
        }

        foreach (var c in value)
        {
            if (c == '"')
            {
                Put((byte)'"');
            }

            Put((byte)c);
        }

        if (needsQuotes)
        {
            Put((byte)'"');
        }

        return this;
    }

    public TableWriter Flag(bool value)
    {
        BeginField();
        Put(value ? (byte)'Y' : (byte)'N');
        return this;
    }

    public TableWriter Int(long value)
    {
        BeginField();
        if (value < 0)
        {
            Put((byte)'-');
            value = -value;
        }

        PutNumber(value, 1);
        return this;
    }

    /// <summary>A number with at most <paramref name="decimals"/> places, trailing zeros trimmed (0.8, 12.5, 1).</summary>
    public TableWriter Number(double value, int decimals)
    {
        BeginField();
        var text = Math.Round(value, decimals).ToString("0.#####", CultureInfo.InvariantCulture);
        foreach (var c in text)
        {
            Put((byte)c);
        }

        return this;
    }

    /// <summary>A date in the table's own form; <see cref="Days.Open"/> writes an empty field.</summary>
    public TableWriter Date(int day) => DateTime(day, 0);

    /// <summary>A date alone, <c>yyyy-MM-dd</c>, whatever the table's style: a datetime recorded without its time.</summary>
    public TableWriter IsoDate(int day)
    {
        BeginField();
        PutIso(Days.ToDate(day));
        return this;
    }

    /// <summary>A date with a time of day (only SQL Server style tables show the time).</summary>
    public TableWriter DateTime(int day, int millisecondOfDay)
    {
        BeginField();
        if (day == Days.Open)
        {
            return this;
        }

        var date = Days.ToDate(day);
        switch (Spec.Dates)
        {
            case DateStyle.UkSlashed:
                PutNumber(date.Day, 2);
                Put((byte)'/');
                PutNumber(date.Month, 2);
                Put((byte)'/');
                PutNumber(date.Year, 4);
                break;
            case DateStyle.SqlServer:
                PutIso(date);
                Put((byte)' ');
                var seconds = millisecondOfDay / 1000;
                PutNumber(seconds / 3600, 2);
                Put((byte)':');
                PutNumber(seconds / 60 % 60, 2);
                Put((byte)':');
                PutNumber(seconds % 60, 2);
                Put((byte)'.');
                PutNumber(millisecondOfDay % 1000, 3);
                break;
            default:
                PutIso(date);
                break;
        }

        return this;
    }

    /// <summary>Completes the row: checks its width, lets the hook see it, then writes it (twice if asked).</summary>
    public void EndRow()
    {
        // A claimed row may deliberately have the wrong width; every other row must match the header.
        if (!RowClaimed && _fieldCount != Spec.Columns.Length)
        {
            throw new InvalidOperationException($"{Spec.Name}: row has {_fieldCount} fields, expected {Spec.Columns.Length}");
        }

        if (Hook is not null && !RowClaimed)
        {
            RememberCleanRow();
            Hook.OnRow(this);
        }

        FlushRow();
        Rows++;
        if (_duplicateRequested)
        {
            _duplicateRequested = false;
            _rowLength = _lastRowLength;
            FlushRowAgain();
            Rows++;
        }

        RowClaimed = false;
    }

    /// <summary>Writes the row just built a second time, directly after it (a duplicate_id defect).</summary>
    public void RequestDuplicate() => _duplicateRequested = true;

    /// <summary>Starts a row that copies the last clean row, so a defect can still be planted when a table ran short.</summary>
    public bool BeginCopyOfLastRow()
    {
        if (_lastCleanRowLength == 0)
        {
            return false;
        }

        EnsureRow(_lastCleanRowLength);
        Buffer.BlockCopy(_lastCleanRow, 0, _row, 0, _lastCleanRowLength);
        _rowLength = _lastCleanRowLength;
        _fieldCount = Spec.Columns.Length;
        return true;
    }

    /// <summary>The unquoted value of field <paramref name="index"/> of the row being built.</summary>
    public string GetField(int index) => SplitRow()[index];

    public void SetField(int index, string value)
    {
        var fields = SplitRow();
        fields[index] = value;
        RebuildRow(fields);
    }

    public void AppendField(string value)
    {
        var fields = SplitRow();
        fields.Add(value);
        RebuildRow(fields);
    }

    public void RemoveLastField()
    {
        var fields = SplitRow();
        fields.RemoveAt(fields.Count - 1);
        RebuildRow(fields);
    }

    /// <summary>Parses a date the way this table writes it (used to plant date-order defects).</summary>
    public int ParseDate(string text) => Spec.Dates switch
    {
        DateStyle.UkSlashed => DateOnly.ParseExact(text, "dd/MM/yyyy", CultureInfo.InvariantCulture).DayNumber,
        _ => DateOnly.ParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber,
    };

    /// <summary>Formats a date the way this table writes it.</summary>
    public string FormatDate(int day)
    {
        var date = Days.ToDate(day);
        return Spec.Dates switch
        {
            DateStyle.UkSlashed => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            DateStyle.SqlServer => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00.000",
            _ => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    public WrittenFile Complete()
    {
        if (_fieldCount != 0)
        {
            throw new InvalidOperationException($"{Spec.Name}: a row was started but not ended");
        }

        FlushOut();
        _gzip?.Dispose();
        _hashing.Flush();
        _completed = true;
        var hash = _hashing.HashHex();
        _file.Dispose();
        return new WrittenFile(FileName, Rows, hash);
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _gzip?.Dispose();
        }

        _hashing.Dispose();
        _file.Dispose();
    }

    private void FlushRow()
    {
        EnsureRow(_rowLength + 2);
        _row[_rowLength++] = (byte)'\r';
        _row[_rowLength++] = (byte)'\n';
        _lastRowLength = _rowLength;
        WriteOut(_row.AsSpan(0, _rowLength));
        _rowLength = 0;
        _fieldCount = 0;
    }

    private void FlushRowAgain()
    {
        // The row's bytes (with CRLF) are still at the start of the buffer.
        WriteOut(_row.AsSpan(0, _rowLength));
        _rowLength = 0;
        _fieldCount = 0;
    }

    private void WriteOut(ReadOnlySpan<byte> bytes)
    {
        if (_outLength + bytes.Length > _out.Length)
        {
            FlushOut();
            if (bytes.Length > _out.Length)
            {
                _sink.Write(bytes);
                return;
            }
        }

        bytes.CopyTo(_out.AsSpan(_outLength));
        _outLength += bytes.Length;
    }

    private void FlushOut()
    {
        if (_outLength > 0)
        {
            _sink.Write(_out.AsSpan(0, _outLength));
            _outLength = 0;
        }
    }

    private void RememberCleanRow()
    {
        if (_lastCleanRow.Length < _rowLength)
        {
            _lastCleanRow = new byte[Math.Max(_rowLength, 256) * 2];
        }

        Buffer.BlockCopy(_row, 0, _lastCleanRow, 0, _rowLength);
        _lastCleanRowLength = _rowLength;
    }

    private void BeginField()
    {
        if (_fieldCount > 0)
        {
            Put((byte)',');
        }

        _fieldCount++;
    }

    private void Put(byte b)
    {
        if (_rowLength == _row.Length)
        {
            Array.Resize(ref _row, _row.Length * 2);
        }

        _row[_rowLength++] = b;
    }

    private void EnsureRow(int length)
    {
        if (_row.Length < length)
        {
            Array.Resize(ref _row, Math.Max(length, _row.Length * 2));
        }
    }

    private void PutIso(DateOnly date)
    {
        PutNumber(date.Year, 4);
        Put((byte)'-');
        PutNumber(date.Month, 2);
        Put((byte)'-');
        PutNumber(date.Day, 2);
    }

    private void PutNumber(long value, int minDigits)
    {
        Span<byte> digits = stackalloc byte[20];
        var n = 0;
        do
        {
            digits[n++] = (byte)('0' + (int)(value % 10));
            value /= 10;
        }
        while (value > 0);

        for (var i = n; i < minDigits; i++)
        {
            Put((byte)'0');
        }

        while (n > 0)
        {
            Put(digits[--n]);
        }
    }

    private void TextSlow(string value, bool quoted)
    {
        var text = quoted ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        var bytes = Encoding.UTF8.GetBytes(text);
        EnsureRow(_rowLength + bytes.Length);
        Buffer.BlockCopy(bytes, 0, _row, _rowLength, bytes.Length);
        _rowLength += bytes.Length;
    }

    private List<string> SplitRow()
    {
        var text = Encoding.UTF8.GetString(_row, 0, _rowLength);
        var fields = new List<string>();
        var current = new StringBuilder();
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }

    private void RebuildRow(List<string> fields)
    {
        _rowLength = 0;
        _fieldCount = 0;
        foreach (var field in fields)
        {
            Text(field);
        }
    }

    /// <summary>Passes bytes through to the file while hashing them, so the manifest hash is of the bytes on disk.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public string HashHex() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
