using System.Numerics;
using System.Text;

namespace Pipeline.Extract;

/// <summary>
/// One copy of each distinct text value read in a run, addressed by index. Person, worker and team ids and codes
/// repeat across every table (a child's id appears on each of their visits), so columns hold a value as its
/// 4-byte index and memory grows with the distinct values rather than with the rows.
/// </summary>
/// <remarks>
/// Values are kept as UTF-8 in one buffer with an open-addressing table of indexes, about 20 bytes a distinct value
/// rather than about 75 for a string object plus a dictionary entry: many pooled columns hold ids of other tables'
/// rows (referral, plan, CLA ids), nearly one distinct value per row. NOTE: a value read back is a new string each
/// time, except values seen more than once in the extract (codes, teams, workers, person ids), which are decoded once
/// and shared, so reading a table does not make one string per code per row.
/// </remarks>
public sealed class StringPool
{
    private const int HotUses = 2;

    private byte[] _bytes = new byte[1 << 16];
    private int _length;
    private int[] _ends = new int[1 << 12];
    private int[] _hashes = new int[1 << 12];
    private byte[] _uses = new byte[1 << 12];
    private int[] _slots = new int[1 << 13];
    private byte[] _scratch = new byte[256];
    private HotValues? _hot;
    private readonly Lock _hotLock = new();

    public int Count { get; private set; }

    /// <summary>
    /// The index of <paramref name="value"/>, adding it when new. Not thread-safe: one reader fills a pool, and once
    /// a value has been read back the pool is frozen (its lookup table is let go) and takes no more values.
    /// </summary>
    public int IndexOf(ReadOnlySpan<char> value)
    {
        if (_hot is not null)
        {
            throw new InvalidOperationException("The pool has been read from and is frozen.");
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _scratch.Length)
        {
            _scratch = new byte[Math.Max(max, 2 * _scratch.Length)];
        }

        var encoded = _scratch.AsSpan(0, Encoding.UTF8.GetBytes(value, _scratch));
        var hash = Hash(encoded);
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot] - 1;
            if (entry < 0)
            {
                var index = Add(encoded, hash);
                _slots[slot] = index + 1;
                if (Count * 2 > _slots.Length)
                {
                    Rehash();
                }

                return index;
            }

            if (_hashes[entry] == hash && Bytes(entry).SequenceEqual(encoded))
            {
                if (_uses[entry] < byte.MaxValue)
                {
                    _uses[entry]++;
                }

                return entry;
            }
        }
    }

    public string Get(ReadOnlySpan<char> value) => this[IndexOf(value)];

    /// <summary>
    /// Adds every value of <paramref name="other"/> (a pool one table was read into), in its order, with its uses, and says
    /// where each went: <c>map[i]</c> is this pool's index of the other's value i. Merging the tables' pools in the set's
    /// order gives the same indexes, and the same values shared, as reading every table into this pool one after another.
    /// </summary>
    public int[] Merge(StringPool other)
    {
        if (_hot is not null || other._hot is not null)
        {
            throw new InvalidOperationException("A pool that has been read from is frozen.");
        }

        var map = new int[other.Count];
        if (Count == 0)
        {
            // NOTE: into an empty pool every value lands at its own index, so the other's buffers are taken as they are
            // rather than copied value by value (the run's first table: its person ids, the biggest merge of an extract).
            (_bytes, _length, _ends, _hashes, _uses, _slots, Count) = (other._bytes, other._length, other._ends, other._hashes, other._uses, other._slots, other.Count);
            (other._bytes, other._length, other._ends, other._hashes, other._uses, other._slots, other.Count) = ([], 0, [], [], [], [], 0);
            for (var i = 0; i < map.Length; i++)
            {
                map[i] = i;
            }

            return map;
        }

        for (var i = 0; i < map.Length; i++)
        {
            var encoded = other.Bytes(i);
            var hash = other._hashes[i];
            var mask = _slots.Length - 1;
            for (var slot = hash & mask; ; slot = (slot + 1) & mask)
            {
                var entry = _slots[slot] - 1;
                if (entry < 0)
                {
                    var index = Add(encoded, hash);
                    _uses[index] = other._uses[i];
                    _slots[slot] = index + 1;
                    if (Count * 2 > _slots.Length)
                    {
                        Rehash();
                    }

                    map[i] = index;
                    break;
                }

                if (_hashes[entry] == hash && Bytes(entry).SequenceEqual(encoded))
                {
                    _uses[entry] = (byte)Math.Min(byte.MaxValue, _uses[entry] + other._uses[i]);
                    map[i] = entry;
                    break;
                }
            }
        }

        return map;
    }

    public string this[int index]
    {
        get
        {
            var hot = _hot ?? BuildHot();
            return hot.Get(index) ?? Encoding.UTF8.GetString(Bytes(index));
        }
    }

    private HotValues BuildHot()
    {
        lock (_hotLock)
        {
            if (_hot is { } built)
            {
                return built;
            }

            var hot = new HotValues(_uses.AsSpan(0, Count), i => Encoding.UTF8.GetString(Bytes(i)));

            // NOTE: frozen from here: what only finding and adding values needed is let go, and the buffers trimmed,
            // a few hundred megabytes on a national extract.
            _slots = [];
            _hashes = [];
            _uses = [];
            _scratch = [];
            Array.Resize(ref _ends, Count);
            Array.Resize(ref _bytes, _length);
            return _hot = hot;
        }
    }

    /// <summary>The values seen more than once, decoded once, found by their pool index.</summary>
    /// <remarks>
    /// NOTE: held densely, with a bit per pool value and a running count per 64 of them to find a value's place, rather than
    /// in an array as long as the pool: most of a national pool's 20 million values are seen once (ids of one table's rows
    /// that another names once), and their empty slots came to about 100 MB.
    /// </remarks>
    private sealed class HotValues
    {
        private readonly ulong[] _isHot;
        private readonly int[] _hotBefore;
        private readonly string[] _values;

        public HotValues(ReadOnlySpan<byte> uses, Func<int, string> decode)
        {
            _isHot = new ulong[(uses.Length + 63) / 64];
            _hotBefore = new int[_isHot.Length];
            var count = 0;
            for (var word = 0; word < _isHot.Length; word++)
            {
                _hotBefore[word] = count;
                var bits = 0UL;
                for (var bit = 0; bit < 64 && (word * 64) + bit < uses.Length; bit++)
                {
                    if (uses[(word * 64) + bit] >= HotUses)
                    {
                        bits |= 1UL << bit;
                        count++;
                    }
                }

                _isHot[word] = bits;
            }

            _values = new string[count];
            for (var index = 0; index < uses.Length; index++)
            {
                if (uses[index] >= HotUses)
                {
                    _values[Place(index)] = decode(index);
                }
            }
        }

        public string? Get(int index) => (_isHot[index >> 6] & (1UL << (index & 63))) == 0 ? null : _values[Place(index)];

        private int Place(int index) => _hotBefore[index >> 6] + BitOperations.PopCount(_isHot[index >> 6] & ((1UL << (index & 63)) - 1));
    }

    private ReadOnlySpan<byte> Bytes(int index)
    {
        var start = index == 0 ? 0 : _ends[index - 1];
        return _bytes.AsSpan(start, _ends[index] - start);
    }

    private int Add(ReadOnlySpan<byte> encoded, int hash)
    {
        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, 2 * Count);
            Array.Resize(ref _hashes, 2 * Count);
            Array.Resize(ref _uses, 2 * Count);
        }

        if (_length + encoded.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(_length + encoded.Length, 2L * _bytes.Length)));
        }

        encoded.CopyTo(_bytes.AsSpan(_length));
        _length += encoded.Length;
        _ends[Count] = _length;
        _hashes[Count] = hash;
        _uses[Count] = 1;
        return Count++;
    }

    private void Rehash()
    {
        _slots = new int[2 * _slots.Length];
        var mask = _slots.Length - 1;
        for (var entry = 0; entry < Count; entry++)
        {
            var slot = _hashes[entry] & mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = entry + 1;
        }
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode() & int.MaxValue;
    }
}
