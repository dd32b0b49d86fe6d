using System.Text;

namespace Pipeline.Extract;

// Column storage for a table's accepted rows. One object per row costs about 145 bytes live (header, fields,
// an id string, an array slot); typed arrays cost a few bytes a cell, so a national extract fits in memory.
// Every column gets exactly one Add per accepted row, null included, so row i is index i in every column.

/// <summary>Whether a column holds a value at a row, read without building the value: what <see cref="ExtractSet.StateOf"/> asks.</summary>
internal interface IValuesColumn
{
    /// <summary>Whether row <paramref name="row"/> has a value: not null, and for text not blank.</summary>
    bool HasValueAt(int row);
}

/// <summary>Growth shared by every column: doubling, starting from the row count the manifest promised.</summary>
internal static class ColumnCapacity
{
    // NOTE: the manifest's row count is only a hint (a lying manifest is rejected after the read), so it is
    // capped: a larger file still grows by doubling.
    public static int Initial(int hint) => Math.Clamp(hint, 16, 1 << 24);

    public static void Ensure<TValue>(ref TValue[] values, int needed)
    {
        if (needed > values.Length)
        {
            Array.Resize(ref values, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * values.Length)));
        }
    }
}

/// <summary>
/// A table's own row id, or a column of ids of the row's own that no other table names (<see cref="SsdAttribute.PerRow"/>):
/// nearly one value per row, so pooling would only add an entry per row. Null only in the latter.
/// </summary>
/// <remarks>
/// NOTE: ids of one shape, a prefix and a run of digits ("CT0000001", "1234567"), are held as the number, 4 bytes a row
/// rather than about 13 for the UTF-8 and its end: tens of millions of rows nationally. The shape is the first id's: its
/// prefix (which takes any digits beyond the last nine) and either its fixed count of digits (zero-padded) or, with no
/// leading zero, a plain number. An id of another shape is kept aside as UTF-8, and a column where many are switches to
/// UTF-8 for every row, so every id reads back exactly as written.
/// </remarks>
public sealed class IdColumn : IValuesColumn
{
    private const uint Aside = uint.MaxValue;
    private const int Plain = -1;
    private const int MaxDigits = 9;
    private const int MaxPrefix = 24;

    // The shape: null until the first id, empty when ids are held as UTF-8 only.
    private byte[]? _prefix;
    private int _width;
    private uint[] _numbers = [];
    private Dictionary<int, int>? _asideOf;

    // A bit per row with no value (null until the first such row).
    private ulong[]? _nulls;

    // UTF-8 ids: every row's when there is no shape, otherwise the ids kept aside, by _asideOf.
    private byte[] _bytes = [];
    private int[] _ends = [];
    private int _stored;
    private int _length;
    private int _count;
    private readonly int _capacity;

    public IdColumn(int capacity) => _capacity = ColumnCapacity.Initial(capacity);

    private bool Shaped => _width != 0;

    public void Add(ReadOnlySpan<char> value)
    {
        if (_prefix is null)
        {
            TakeShape(value);
        }

        if (Shaped)
        {
            ColumnCapacity.Ensure(ref _numbers, _count + 1);
            if (Number(value) is { } number)
            {
                _numbers[_count++] = number;
                return;
            }

            _numbers[_count] = Aside;
            (_asideOf ??= [])[_count] = _stored;
            Store(value);
            _count++;
            if (_asideOf.Count > 1024 && _asideOf.Count > _count / 8)
            {
                AllAsUtf8();
            }

            return;
        }

        Store(value);
        _count++;
    }

    /// <summary>A row with no value: <see cref="Get"/> reads it back as null.</summary>
    public void AddNull()
    {
        _nulls ??= new ulong[(_capacity + 63) >> 6];
        ColumnCapacity.Ensure(ref _nulls, (_count >> 6) + 1);
        _nulls[_count >> 6] |= 1UL << (_count & 63);
        if (Shaped)
        {
            ColumnCapacity.Ensure(ref _numbers, _count + 1);
            _numbers[_count] = 0;
        }
        else if (_prefix is not null)
        {
            // Held as UTF-8: an empty entry, so that row i stays entry i.
            Store([]);
        }

        _count++;
    }

    /// <summary>Lets go of the room left for more rows once the table is read.</summary>
    public void Trim()
    {
        if (_nulls is not null)
        {
            Array.Resize(ref _nulls, (_count + 63) >> 6);
        }

        Array.Resize(ref _numbers, Shaped ? _count : 0);
        Array.Resize(ref _ends, _stored);
        Array.Resize(ref _bytes, _length);
    }

    public bool HasValueAt(int row)
    {
        if (IsNull(row))
        {
            return false;
        }

        if (Shaped && _numbers[row] != Aside)
        {
            return true;
        }

        var bytes = StoredBytes(row);
        foreach (var b in bytes)
        {
            if (b < 0x80 && !char.IsWhiteSpace((char)b))
            {
                return true;
            }
        }

        // Only blanks or non-ASCII: decoded, so that a non-breaking space counts as blank just as in the record.
        return bytes.Length > 0 && !string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Row i's id hashed (<see cref="Quality.IdHash.Of(string)"/> of <see cref="Get"/>; a null as an empty id), without building its string.</summary>
    public ulong HashAt(int row)
    {
        if (IsNull(row))
        {
            return Quality.IdHash.OfUtf8([]);
        }

        if (Shaped && _numbers[row] != Aside)
        {
            Span<byte> utf8 = stackalloc byte[MaxPrefix + MaxDigits];
            return Quality.IdHash.OfUtf8(utf8[..Format(_numbers[row], utf8)]);
        }

        return Quality.IdHash.OfUtf8(StoredBytes(row));
    }

    // NOTE: each read makes a new string: ids are read once per pass, and keeping every string alive is the
    // memory this column exists to save.
    public string? Get(int row)
    {
        if (IsNull(row))
        {
            return null;
        }

        if (Shaped && _numbers[row] != Aside)
        {
            Span<byte> utf8 = stackalloc byte[MaxPrefix + MaxDigits];
            return Encoding.ASCII.GetString(utf8[..Format(_numbers[row], utf8)]);
        }

        return Encoding.UTF8.GetString(StoredBytes(row));
    }

    private bool IsNull(int row) => _nulls is { } nulls && (row >> 6) < nulls.Length && (nulls[row >> 6] & (1UL << (row & 63))) != 0;

    // The first id's shape: an ASCII prefix, then its last 1-9 characters digits; none (UTF-8 only) for any other id. Rows
    // before it had no value, so they are held as the shape holds a null.
    private void TakeShape(ReadOnlySpan<char> value)
    {
        var digits = 0;
        while (digits < value.Length && digits < MaxDigits && char.IsAsciiDigit(value[value.Length - 1 - digits]))
        {
            digits++;
        }

        var prefix = value[..^digits];
        if (digits == 0 || prefix.Length > MaxPrefix || !Ascii.IsValid(prefix))
        {
            _prefix = [];
            for (var row = 0; row < _count; row++)
            {
                Store([]);
            }

            return;
        }

        _prefix = Encoding.ASCII.GetBytes(prefix.ToArray());
        _width = value[^digits] == '0' && digits > 1 ? digits : Plain;
        _numbers = new uint[Math.Max(_capacity, _count + 1)];
    }

    // The id as a number when it has the column's shape: its prefix, then its count of digits or a plain number.
    private uint? Number(ReadOnlySpan<char> value)
    {
        var prefix = _prefix!;
        if (value.Length <= prefix.Length || value.Length - prefix.Length > MaxDigits)
        {
            return null;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (value[i] != prefix[i])
            {
                return null;
            }
        }

        var digits = value[prefix.Length..];
        if (_width == Plain ? digits[0] == '0' && digits.Length > 1 : digits.Length != _width)
        {
            return null;
        }

        var number = 0u;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }

            number = (number * 10) + (uint)(c - '0');
        }

        return number;
    }

    private int Format(uint number, Span<byte> utf8)
    {
        var prefix = _prefix!;
        prefix.CopyTo(utf8);
        var digits = _width;
        if (_width == Plain)
        {
            digits = 1;
            for (var rest = number / 10; rest > 0; rest /= 10)
            {
                digits++;
            }
        }

        for (var i = prefix.Length + digits - 1; i >= prefix.Length; i--)
        {
            utf8[i] = (byte)('0' + (number % 10));
            number /= 10;
        }

        return prefix.Length + digits;
    }

    private void Store(ReadOnlySpan<char> value)
    {
        if (_ends.Length == 0)
        {
            _ends = new int[Shaped ? 16 : _capacity];
            _bytes = new byte[_ends.Length * 12];
        }

        ColumnCapacity.Ensure(ref _ends, _stored + 1);
        ColumnCapacity.Ensure(ref _bytes, _length + Encoding.UTF8.GetMaxByteCount(value.Length));
        _length += Encoding.UTF8.GetBytes(value, _bytes.AsSpan(_length));
        _ends[_stored++] = _length;
    }

    private ReadOnlySpan<byte> StoredBytes(int row)
    {
        var stored = Shaped ? _asideOf![row] : row;
        var start = stored == 0 ? 0 : _ends[stored - 1];
        return _bytes.AsSpan(start, _ends[stored] - start);
    }

    // Too many ids of another shape: every row as UTF-8, in row order, as a column without a shape holds them.
    private void AllAsUtf8()
    {
        var ids = new string?[_count];
        for (var row = 0; row < _count; row++)
        {
            ids[row] = Get(row);
        }

        (_prefix, _width, _numbers, _asideOf, _bytes, _ends, _stored, _length) = ([], 0, [], null, [], [], 0, 0);
        foreach (var id in ids)
        {
            Store(id);
        }
    }
}

/// <summary>Repeated text (person, worker and team ids, codes) as indexes into the run's string pool; -1 is null.</summary>
/// <remarks>
/// NOTE: once its table joins the run's pool (<see cref="Rebase"/>), a column of few distinct values (codes, teams, workers)
/// keeps them once, in a small list of pool indexes, and each row as a 1- or 2-byte position in it rather than a 4-byte
/// index: about 240 MB of a national extract's 175 million pooled cells.
/// </remarks>
public sealed class TextColumn(StringPool pool, int capacity) : IValuesColumn
{
    private int[] _indexes = new int[ColumnCapacity.Initial(capacity)];
    private int _count;
    private StringPool _pool = pool;

    // Set by Rebase for a column of at most 65,535 distinct values: _distinct[0] is -1 (null), and a row's cell is its
    // value's position in _distinct, in _bytes when there are at most 255 of them, otherwise in _shorts.
    private int[]? _distinct;
    private byte[]? _bytes;
    private ushort[]? _shorts;

    /// <summary>
    /// Points the column at <paramref name="merged"/>, into which its own pool was merged (<see cref="StringPool.Merge"/>):
    /// <c>map[i]</c> is the merged index of its own pool's value i. The column takes no more values after this.
    /// </summary>
    public void Rebase(StringPool merged, int[] map)
    {
        _pool = merged;
        if (Narrowed(map))
        {
            return;
        }

        for (var row = 0; row < _count; row++)
        {
            if (_indexes[row] >= 0)
            {
                _indexes[row] = map[_indexes[row]];
            }
        }

        if (_indexes.Length > _count)
        {
            Array.Resize(ref _indexes, _count);
        }
    }

    // The column as positions in a list of its distinct values, when there are few enough; false (and nothing changed)
    // otherwise. Positions follow the rows' order of first use, so the same file gives the same cells.
    private bool Narrowed(int[] map)
    {
        // Each own-pool value's position, 0 while unseen: an array the size of the file's pool rather than a dictionary,
        // as every cell of the column is looked up.
        var positionOf = new int[map.Length];
        var distinct = new List<int> { -1 };
        var cells = new ushort[_count];
        for (var row = 0; row < _count; row++)
        {
            var own = _indexes[row];
            if (own < 0)
            {
                continue;
            }

            var position = positionOf[own];
            if (position == 0)
            {
                if (distinct.Count > ushort.MaxValue)
                {
                    return false;
                }

                position = positionOf[own] = distinct.Count;
                distinct.Add(map[own]);
            }

            cells[row] = (ushort)position;
        }

        if (distinct.Count <= byte.MaxValue + 1)
        {
            var bytes = new byte[_count];
            for (var row = 0; row < _count; row++)
            {
                bytes[row] = (byte)cells[row];
            }

            _bytes = bytes;
        }
        else
        {
            _shorts = cells;
        }

        _indexes = [];
        _distinct = [.. distinct];
        return true;
    }

    public void Add(int index)
    {
        if (_distinct is not null)
        {
            throw new InvalidOperationException("The column has joined the run's pool and takes no more values.");
        }

        ColumnCapacity.Ensure(ref _indexes, _count + 1);
        _indexes[_count++] = index;
    }

    public string? Get(int row) => IndexAt(row) is var index and >= 0 ? _pool[index] : null;

    public bool HasValueAt(int row) => !string.IsNullOrWhiteSpace(Get(row));

    /// <summary>The pool index at <paramref name="row"/> (-1: null), read without freezing the pool: a table still being built can compare and copy values.</summary>
    public int IndexAt(int row) => _bytes is { } bytes ? _distinct![bytes[row]] : _shorts is { } shorts ? _distinct![shorts[row]] : _indexes[row];
}

/// <summary>
/// Dates as 2-byte day offsets: 1 is 1 January 1900, and the range runs to June 2079; 0 is null. A date outside the
/// range (a typing slip such as 1066 or 2206) is kept aside by row, so every date reads back as it was written.
/// </summary>
/// <remarks>NOTE: two bytes rather than a 4-byte day number: tens of millions of dates nationally.</remarks>
public sealed class DateColumn(int capacity) : IValuesColumn
{
    private const ushort Null = 0;
    private const ushort Aside = ushort.MaxValue;
    private static readonly int DayBeforeFirst = new DateOnly(1900, 1, 1).DayNumber - 1;
    private ushort[] _days = new ushort[ColumnCapacity.Initial(capacity)];
    private Dictionary<int, int>? _aside;
    private int _count;

    public void Add(DateOnly? date)
    {
        ColumnCapacity.Ensure(ref _days, _count + 1);
        var stored = Null;
        if (date is { } d)
        {
            var offset = d.DayNumber - DayBeforeFirst;
            if (offset is > Null and < Aside)
            {
                stored = (ushort)offset;
            }
            else
            {
                (_aside ??= [])[_count] = d.DayNumber;
                stored = Aside;
            }
        }

        _days[_count++] = stored;
    }

    public bool HasValueAt(int row) => _days[row] != Null;

    public DateOnly? Get(int row) => _days[row] switch
    {
        Null => null,
        Aside => DateOnly.FromDayNumber(_aside![row]),
        var offset => DateOnly.FromDayNumber(DayBeforeFirst + offset),
    };
}

/// <summary>
/// Datetimes that keep their time of day (<see cref="Timestamp"/>): the date as in <see cref="DateColumn"/>, and the
/// millisecond of the day, -1 when the value had none.
/// </summary>
/// <remarks>NOTE: six bytes a row; only the local extension tables and the contact's second reading of its date use it.</remarks>
public sealed class TimestampColumn(int capacity) : IValuesColumn
{
    private const int NoTime = -1;
    private readonly DateColumn _dates = new(capacity);
    private int[] _milliseconds = new int[ColumnCapacity.Initial(capacity)];
    private int _count;

    public void Add(Timestamp? value)
    {
        _dates.Add(value?.Date);
        ColumnCapacity.Ensure(ref _milliseconds, _count + 1);
        _milliseconds[_count++] = value?.TimeOfDay is { } time ? (int)(time.Ticks / TimeSpan.TicksPerMillisecond) : NoTime;
    }

    public bool HasValueAt(int row) => _dates.HasValueAt(row);

    public Timestamp? Get(int row) => _dates.Get(row) is { } date
        ? new Timestamp(date, _milliseconds[row] == NoTime ? null : new TimeOnly(_milliseconds[row] * TimeSpan.TicksPerMillisecond))
        : null;
}

/// <summary>Flags as 1 (yes), 0 (no), -1 (null).</summary>
public sealed class FlagColumn(int capacity) : IValuesColumn
{
    private sbyte[] _flags = new sbyte[ColumnCapacity.Initial(capacity)];
    private int _count;

    public void Add(bool? flag)
    {
        ColumnCapacity.Ensure(ref _flags, _count + 1);
        _flags[_count++] = flag switch { true => 1, false => 0, null => -1 };
    }

    public bool HasValueAt(int row) => _flags[row] != -1;

    public bool? Get(int row) => _flags[row] switch { 1 => true, 0 => false, _ => null };
}

/// <summary>Any other value kind (numbers, outcome flags).</summary>
/// <remarks>
/// NOTE: objects (outcome flags) are held as each row's position in a list of the column's distinct values, 2 bytes a row,
/// while there are at most 65,535 of them: an outcome flag column has a few dozen over millions of rows, where a reference
/// each was 8 bytes (87 MB nationally, about 22 now). Objects are told apart by reference, so each row reads back the object added
/// (the reader makes one per distinct text, and hashing their contents per row cost seconds nationally). Numbers, and objects
/// past that many, are held as they are, so that a number reads back exactly as parsed (-0 stays -0).
/// </remarks>
public sealed class ValueColumn<TValue>(int capacity) : IValuesColumn
{
    private ushort[] _cells = typeof(TValue).IsValueType ? [] : new ushort[ColumnCapacity.Initial(capacity)];
    private readonly List<TValue> _distinct = [default!];
    private Dictionary<object, ushort>? _positions = typeof(TValue).IsValueType ? null : new(ReferenceEqualityComparer.Instance);
    private TValue[]? _values = typeof(TValue).IsValueType ? new TValue[ColumnCapacity.Initial(capacity)] : null;
    private int _count;

    public void Add(TValue value)
    {
        if (_values is not null)
        {
            ColumnCapacity.Ensure(ref _values, _count + 1);
            _values[_count++] = value;
            return;
        }

        ColumnCapacity.Ensure(ref _cells, _count + 1);
        if (value is null)
        {
            _cells[_count++] = 0;
            return;
        }

        if (!_positions!.TryGetValue(value, out var position))
        {
            if (_distinct.Count > ushort.MaxValue)
            {
                AllAsValues();
                Add(value);
                return;
            }

            position = (ushort)_distinct.Count;
            _distinct.Add(value);
            _positions[value] = position;
        }

        _cells[_count++] = position;
    }

    public TValue Get(int row) => _values is { } values ? values[row] : _distinct[_cells[row]];

    public bool HasValueAt(int row) => Get(row) is { } value && (value is not string text || !string.IsNullOrWhiteSpace(text));

    private void AllAsValues()
    {
        var values = new TValue[Math.Max(_cells.Length, _count + 1)];
        for (var row = 0; row < _count; row++)
        {
            values[row] = _distinct[_cells[row]];
        }

        (_values, _cells, _positions) = (values, [], null);
        _distinct.Clear();
    }
}
