using System.Runtime.CompilerServices;
using System.Text;

namespace Pipeline.Ingest.Csv;

/// <summary>How much one record may hold: whatever a file holds, the reader's memory stays within these.</summary>
/// <param name="MaxRecordChars">Characters in one record (its line, or lines when a quoted field holds newlines).</param>
/// <param name="MaxFieldChars">Characters in one field.</param>
/// <param name="MaxFields">Fields in one record.</param>
public sealed record CsvLimits(int MaxRecordChars = 1 << 20, int MaxFieldChars = 1 << 15, int MaxFields = 1024)
{
    public static CsvLimits Default { get; } = new();
}

/// <summary>
/// A streaming RFC 4180 reader that never gives up on a file: a malformed record is reported with its
/// line and the reader carries on with the next one, so every record is either accepted or quarantined.
/// </summary>
/// <remarks>
/// NOTE: this is hand-written rather than Sylvan or CsvHelper for three reasons the contract forces:
/// (1) records must be counted exactly as the exporter counted them, including malformed ones, to check
/// the manifest's row count; (2) quarantine needs the physical line where each record starts, which
/// differs from the record index once a quoted field holds a newline; (3) name columns must be skipped
/// without ever being turned into strings: a record's characters sit in one buffer and the caller asks for
/// the fields it wants, as spans or strings. It reads through a fixed buffer, so memory does not grow with
/// the file; a record is capped by <see cref="CsvLimits"/> (characters, characters per field, fields), so neither an
/// unterminated quote nor a line of a million commas can swallow memory: the excess is scanned past, not kept, and the
/// record is reported as malformed (an unterminated quote still swallows records, which the manifest row count catches).
/// Bytes that are not UTF-8 reach the reader as <see cref="BadByte"/> (see <see cref="Utf8"/>), so the field holding them
/// is reported rather than silently replaced.
/// </remarks>
public sealed class CsvRecordReader : IDisposable
{
    /// <summary>
    /// What an invalid UTF-8 sequence decodes to: U+FDD0, a noncharacter that no valid export contains (Unicode reserves
    /// it for a program's internal use), so the reader can tell the field it landed in.
    /// </summary>
    public const char BadByte = '\uFDD0';

    /// <summary>UTF-8 (a BOM is skipped) whose invalid bytes decode to <see cref="BadByte"/> rather than to U+FFFD.</summary>
    public static Encoding Utf8 { get; } = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(BadByte.ToString()));

    private readonly TextReader _reader;
    private readonly CsvLimits _limits;
    private readonly char[] _buffer = new char[64 * 1024];
    private int _position;
    private int _length;
    private long _line = 1;

    private char[] _record = new char[4096];
    private int _recordLength;
    private bool _truncated;
    private int[] _starts = new int[64];
    private int[] _ends = new int[64];
    private readonly List<int> _badEncoding = [];
    private int _extraFields;
    private int _longField = -1;

    public CsvRecordReader(TextReader reader, CsvLimits? limits = null)
    {
        _reader = reader;
        _limits = limits ?? CsvLimits.Default;
    }

    /// <summary>The 1-based physical line on which the current record starts.</summary>
    public long RecordLine { get; private set; }

    /// <summary>How many fields the current record has (may differ from the header's count).</summary>
    public int FieldCount { get; private set; }

    /// <summary>Why the current record is malformed, or null when it is well formed.</summary>
    public string? Error { get; private set; }

    /// <summary>Blank lines passed over between records (they hold no data, but are reported).</summary>
    public long BlankLines { get; private set; }

    /// <summary>The fields of the current record holding bytes that are not UTF-8 (0-based, in order).</summary>
    public IReadOnlyList<int> BadEncodingFields => _badEncoding;

    /// <summary>The raw text of field <paramref name="index"/> of the current record (empty beyond its end).</summary>
    public ReadOnlySpan<char> Field(int index) =>
        index < FieldCount ? _record.AsSpan(_starts[index], _ends[index] - _starts[index]) : default;

    /// <summary>Reads the header row as strings; null for an empty input.</summary>
    public string[]? ReadHeader()
    {
        if (!Read())
        {
            return null;
        }

        var header = new string[FieldCount];
        for (var i = 0; i < FieldCount; i++)
        {
            header[i] = Field(i).ToString();
        }

        return header;
    }

    /// <summary>Advances to the next record; false at the end of the input.</summary>
    public bool Read()
    {
        while (true)
        {
            var c = Peek();
            if (c < 0)
            {
                return false;
            }

            if (c is '\r' or '\n')
            {
                // A blank line is not a record: exporters do not write them, and they carry nothing to lose.
                ConsumeLineEnd();
                BlankLines++;
                continue;
            }

            break;
        }

        RecordLine = _line;
        Error = null;
        FieldCount = 0;
        _recordLength = 0;
        _truncated = false;
        _badEncoding.Clear();
        _extraFields = 0;
        _longField = -1;

        while (true)
        {
            var start = _recordLength;
            var ended = ReadField();
            EndField(start);
            if (ended)
            {
                // The first limit hit is the reason given; the record's content beyond it was never kept.
                if (_extraFields > 0)
                {
                    Error = $"record has more than {_limits.MaxFields:N0} fields ({FieldCount + _extraFields:N0}); the rest were not read";
                }
                else if (_truncated)
                {
                    Error = $"record is longer than {_limits.MaxRecordChars:N0} characters; the rest was not read";
                }
                else if (_longField >= 0)
                {
                    Error = $"field {_longField + 1} is longer than {_limits.MaxFieldChars:N0} characters";
                }

                return true;
            }
        }
    }

    // Reads one field onto the record buffer; returns true when it ended the record (line end or end of input).
    private bool ReadField()
    {
        var c = Peek();
        if (c == '"')
        {
            Next();
            return ReadQuotedField();
        }

        while (true)
        {
            c = Peek();
            switch (c)
            {
                case < 0:
                    return true;
                case ',':
                    Next();
                    return false;
                case '\r' or '\n':
                    ConsumeLineEnd();
                    return true;
                case '"':
                    Error ??= $"quote inside an unquoted field {FieldCount + 1}";
                    Append((char)Next());
                    break;
                default:
                    Append((char)Next());
                    break;
            }
        }
    }

    private bool ReadQuotedField()
    {
        var startLine = _line;
        while (true)
        {
            var c = Next();
            if (c < 0)
            {
                Error ??= $"unterminated quoted field {FieldCount + 1} starting on line {startLine}";
                return true;
            }

            if (c == '"')
            {
                if (Peek() == '"')
                {
                    Next();
                    Append('"');
                    continue;
                }

                break;
            }

            if (c == '\n' || (c == '\r' && Peek() != '\n'))
            {
                _line++;
            }

            Append((char)c);
        }

        // After the closing quote only a delimiter may follow; anything else is kept but marks the record.
        while (true)
        {
            var c = Peek();
            switch (c)
            {
                case < 0:
                    return true;
                case ',':
                    Next();
                    return false;
                case '\r' or '\n':
                    ConsumeLineEnd();
                    return true;
                default:
                    Error ??= $"text after the closing quote of field {FieldCount + 1}";
                    Append((char)Next());
                    break;
            }
        }
    }

    private void EndField(int start)
    {
        if (FieldCount == _limits.MaxFields)
        {
            // Counted, not kept: a row of commas costs nothing but the time to scan it.
            _extraFields++;
            _recordLength = start;
            return;
        }

        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, Math.Min(_starts.Length * 2, _limits.MaxFields));
            Array.Resize(ref _ends, _starts.Length);
        }

        if (_recordLength - start > _limits.MaxFieldChars && _longField < 0)
        {
            _longField = FieldCount;
        }

        if (_badEncoding.Count > 0 && _badEncoding[^1] == -1)
        {
            _badEncoding[^1] = FieldCount;
        }

        _starts[FieldCount] = start;
        _ends[FieldCount] = _recordLength;
        FieldCount++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(char c)
    {
        if (c == BadByte && (_badEncoding.Count == 0 || _badEncoding[^1] != -1))
        {
            // Marks the field being read; EndField gives it its index.
            _badEncoding.Add(-1);
        }

        if (_recordLength == _record.Length)
        {
            if (_recordLength >= _limits.MaxRecordChars)
            {
                _truncated = true;
                return;
            }

            Array.Resize(ref _record, Math.Min(_record.Length * 2, _limits.MaxRecordChars));
        }

        _record[_recordLength++] = c;
    }

    private void ConsumeLineEnd()
    {
        if (Next() == '\r' && Peek() == '\n')
        {
            Next();
        }

        _line++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Peek()
    {
        if (_position < _length)
        {
            return _buffer[_position];
        }

        return Fill() ? _buffer[_position] : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Next()
    {
        if (_position < _length)
        {
            return _buffer[_position++];
        }

        return Fill() ? _buffer[_position++] : -1;
    }

    private bool Fill()
    {
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }

    public void Dispose() => _reader.Dispose();
}
