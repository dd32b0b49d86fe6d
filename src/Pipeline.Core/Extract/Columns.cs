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

/// <summary>A table's own row id: unique per row, so pooling would only add an entry; held as UTF-8 in one buffer.</summary>
public sealed class IdColumn : IValuesColumn
{
    private byte[] _bytes;
    private int[] _ends;
    private int _count;
    private int _length;

    public IdColumn(int capacity)
    {
        _ends = new int[ColumnCapacity.Initial(capacity)];
        _bytes = new byte[_ends.Length * 12];
    }

    public void Add(ReadOnlySpan<char> value)
    {
        ColumnCapacity.Ensure(ref _ends, _count + 1);
        ColumnCapacity.Ensure(ref _bytes, _length + Encoding.UTF8.GetMaxByteCount(value.Length));
        _length += Encoding.UTF8.GetBytes(value, _bytes.AsSpan(_length));
        _ends[_count++] = _length;
    }

    /// <summary>Lets go of the room left for more rows once the table is read.</summary>
    public void Trim()
    {
        Array.Resize(ref _ends, _count);
        Array.Resize(ref _bytes, _length);
    }

    public bool HasValueAt(int row)
    {
        var start = row == 0 ? 0 : _ends[row - 1];
        var bytes = _bytes.AsSpan(start, _ends[row] - start);
        foreach (var b in bytes)
        {
            if (b < 0x80 && !char.IsWhiteSpace((char)b))
            {
                return true;
            }
        }

        // Only blanks or non-ASCII: decoded, so that a non-breaking space counts as blank just as in the record.
        return bytes.Length > 0 && !string.IsNullOrWhiteSpace(Get(row));
    }

    /// <summary>Row i's id hashed (<see cref="Quality.IdHash.Of(string)"/> of <see cref="Get"/>), without building its string.</summary>
    public ulong HashAt(int row)
    {
        var start = row == 0 ? 0 : _ends[row - 1];
        return Quality.IdHash.OfUtf8(_bytes.AsSpan(start, _ends[row] - start));
    }

    // NOTE: each read makes a new string: ids are read once per pass, and keeping every string alive is the
    // memory this column exists to save.
    public string Get(int row)
    {
        var start = row == 0 ? 0 : _ends[row - 1];
        return Encoding.UTF8.GetString(_bytes, start, _ends[row] - start);
    }
}

/// <summary>Repeated text (person, worker and team ids, codes) as indexes into the run's string pool; -1 is null.</summary>
public sealed class TextColumn(StringPool pool, int capacity) : IValuesColumn
{
    private int[] _indexes = new int[ColumnCapacity.Initial(capacity)];
    private int _count;
    private StringPool _pool = pool;

    /// <summary>Points the column at <paramref name="merged"/>, into which its own pool was merged (<see cref="StringPool.Merge"/>).</summary>
    public void Rebase(StringPool merged, int[] map)
    {
        for (var row = 0; row < _count; row++)
        {
            if (_indexes[row] >= 0)
            {
                _indexes[row] = map[_indexes[row]];
            }
        }

        _pool = merged;
    }

    public void Add(int index)
    {
        ColumnCapacity.Ensure(ref _indexes, _count + 1);
        _indexes[_count++] = index;
    }

    public string? Get(int row) => _indexes[row] is var index and >= 0 ? _pool[index] : null;

    public bool HasValueAt(int row) => !string.IsNullOrWhiteSpace(Get(row));

    /// <summary>The pool index at <paramref name="row"/> (-1: null), read without freezing the pool: a table still being built can compare and copy values.</summary>
    public int IndexAt(int row) => _indexes[row];
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

/// <summary>Any other value kind (numbers, outcome flags): rare or already shared, so held as is.</summary>
public sealed class ValueColumn<TValue>(int capacity) : IValuesColumn
{
    private TValue[] _values = new TValue[ColumnCapacity.Initial(capacity)];
    private int _count;

    public void Add(TValue value)
    {
        ColumnCapacity.Ensure(ref _values, _count + 1);
        _values[_count++] = value;
    }

    public TValue Get(int row) => _values[row];

    public bool HasValueAt(int row) => _values[row] is { } value && (value is not string text || !string.IsNullOrWhiteSpace(text));
}
