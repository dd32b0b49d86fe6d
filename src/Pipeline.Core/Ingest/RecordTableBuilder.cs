using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Ingest;

/// <summary>How a record whose id the table already holds is taken in.</summary>
public enum Merge
{
    /// <summary>The new record replaces the old one (a later collection year's copy of a record open across the year end).</summary>
    Replace,

    /// <summary>The new record's values fill only what the old one left empty (two lists of one workbook describing one referral).</summary>
    Fill,
}

/// <summary>
/// Builds one SSD table from records that do not come from an SSD CSV (a statutory return's rows or elements), into the
/// same typed columns <see cref="TableReader"/> fills, so the extract set cannot tell where a table came from. A record is
/// set value by value, already typed, then committed; a record whose id the table already holds is merged (<see cref="Merge"/>).
/// </summary>
/// <remarks>
/// NOTE: ids are found again through a map of their 64-bit hashes (checked against the stored id on a hit), not of the
/// strings: a national CIN census holds millions of records, and the strings are already held once, in the id column.
/// </remarks>
public sealed class RecordTableBuilder<T> : IRecordTableBuilder
{
    private readonly TableBinding<T> _binding = TableBinding<T>.Instance;
    private readonly StringPool _strings;
    private readonly object?[] _columns;
    private readonly object?[] _pending;
    private readonly int[] _keys;
    private readonly Dictionary<ulong, int> _rowOfId = [];
    private readonly Dictionary<string, int> _collisions = new(StringComparer.Ordinal);
    private readonly List<bool> _dead = [];
    private int _rows;
    private int _deadRows;

    /// <param name="provided">The table's columns the source has a field for: the others are absent from the set (an
    /// indicator needing one is unavailable, naming it), not empty.</param>
    public RecordTableBuilder(StringPool strings, IEnumerable<string> provided, int capacity = 0)
    {
        _strings = strings;
        var columns = _binding.Columns;
        var wanted = provided.ToHashSet(StringComparer.Ordinal);
        var poolId = SsdTables.IsReferenced(_binding);
        _columns = new object?[columns.Count];
        _pending = new object?[columns.Count];
        _keys = columns.Select((c, i) => (c, i)).Where(x => x.c.IsKey).Select(x => x.i).ToArray();
        for (var i = 0; i < columns.Count; i++)
        {
            if (wanted.Remove(columns[i].Name) | columns[i].IsKey)
            {
                _columns[i] = TableReader.NewColumn(columns[i], i == _keys[0] && !poolId, strings, capacity);
            }
        }

        if (wanted.Count > 0)
        {
            throw new ArgumentException($"{_binding.Table} has no column {string.Join(", ", wanted)}", nameof(provided));
        }

        Columns = columns.Where((_, i) => _columns[i] is not null).Select(c => c.Name).ToImmutableHashSet(StringComparer.Ordinal);
    }

    public string Table => _binding.Table;

    public Type RowType => typeof(T);

    /// <summary>The columns the table has in the set (its keys and the columns provided).</summary>
    public ImmutableHashSet<string> Columns { get; }

    /// <summary>Records held (each id once).</summary>
    public int Count => _rows - _deadRows;

    /// <summary>The column's position, for <see cref="Set"/>.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < _binding.Columns.Count; i++)
        {
            if (_binding.Columns[i].Name == column)
            {
                return _columns[i] is null ? throw new ArgumentException($"{column} is not provided for {Table}", nameof(column)) : i;
            }
        }

        throw new ArgumentException($"{Table} has no column {column}", nameof(column));
    }

    public ColumnBinding Binding(int column) => _binding.Columns[column];

    /// <summary>Sets a value of the record being built: a string, DateOnly, Timestamp, bool, int, double or OutcomeFlags, as the column's kind says; null for empty.</summary>
    public void Set(int column, object? value) => _pending[column] = value is string text && string.IsNullOrWhiteSpace(text) ? null : value;

    /// <summary>Sets a value by column name.</summary>
    public void Set(string column, object? value) => Set(IndexOf(column), value);

    /// <summary>Sets the record's own id (the table's key column).</summary>
    public void SetId(string id) => Set(_keys[0], id);

    /// <summary>The value set so far for a column of the record being built (a text taken from an earlier copy is a pool index, not a string).</summary>
    public object? Pending(int column) => _pending[column];

    /// <summary>Forgets the record being built.</summary>
    public void Discard() => Array.Clear(_pending);

    /// <summary>
    /// Adds the record being built, or merges it into the one with the same id. Returns false (and adds nothing) when a key
    /// (the table's id or the person id) is empty: the caller quarantines the record.
    /// </summary>
    public bool Commit(Merge merge = Merge.Replace)
    {
        if (_keys.Any(k => _pending[k] is not string { Length: > 0 }))
        {
            Discard();
            return false;
        }

        // Trimmed, as the CSV reader takes a row's id, so a record is found again whichever way its id was padded.
        var id = ((string)_pending[_keys[0]]!).Trim();
        _pending[_keys[0]] = id;
        var hash = Quality.IdHash.Of(id);
        if (_columns[_keys[0]] is TextColumn)
        {
            // A pooled id is compared by its pool index: reading the pool back would freeze it while the set is still being read.
            _pending[_keys[0]] = new Pooled(_strings.IndexOf(id.AsSpan().Trim()));
        }

        if (FindRow(id, hash) is { } existing)
        {
            if (merge == Merge.Fill)
            {
                // What the table already holds stands; the new record only fills what it left empty.
                for (var i = 0; i < _pending.Length; i++)
                {
                    if (_columns[i] is { } column && i != _keys[0] && Read(column, existing) is { } held)
                    {
                        _pending[i] = held;
                    }
                }
            }

            _dead[existing] = true;
            _deadRows++;
        }

        for (var i = 0; i < _pending.Length; i++)
        {
            if (_columns[i] is { } column)
            {
                Append(column, _pending[i]);
            }
        }

        if (_collisions.ContainsKey(id) || (_rowOfId.TryGetValue(hash, out var other) && !SameId(other, id)))
        {
            _collisions[id] = _rows;
        }
        else
        {
            _rowOfId[hash] = _rows;
        }

        _dead.Add(false);
        _rows++;
        Discard();
        return true;
    }

    /// <summary>The table as the extract set holds it: its records in the order first committed, each id once.</summary>
    public object Build()
    {
        foreach (var ids in _columns.OfType<IdColumn>())
        {
            ids.Trim();
        }

        if (_deadRows == 0)
        {
            return _binding.Held(_rows, _columns);
        }

        var live = new int[_rows - _deadRows];
        for (int row = 0, next = 0; row < _rows; row++)
        {
            if (!_dead[row])
            {
                live[next++] = row;
            }
        }

        return _binding.Held(live.Length, _columns, live);
    }

    private int? FindRow(string id, ulong hash)
    {
        if (_collisions.TryGetValue(id, out var collided))
        {
            return collided;
        }

        return _rowOfId.TryGetValue(hash, out var row) && SameId(row, id) ? row : null;
    }

    private bool SameId(int row, string id) => _columns[_keys[0]] switch
    {
        IdColumn ids => string.Equals(ids.Get(row), id, StringComparison.Ordinal),
        TextColumn text => _pending[_keys[0]] is Pooled pooled ? text.IndexAt(row) == pooled.Index : text.IndexAt(row) == _strings.IndexOf(id.AsSpan().Trim()),
        _ => false,
    };

    private void Append(object column, object? value)
    {
        switch (column)
        {
            case IdColumn ids when value is null:
                ids.AddNull();
                break;
            case IdColumn ids:
                ids.Add(((string)value).AsSpan().Trim());
                break;
            case TextColumn text:
                text.Add(value switch
                {
                    string s => _strings.IndexOf(s.AsSpan().Trim()),
                    Pooled pooled => pooled.Index,
                    _ => -1,
                });
                break;
            case DateColumn dates:
                dates.Add((DateOnly?)value);
                break;
            case TimestampColumn timestamps:
                timestamps.Add((Timestamp?)value);
                break;
            case FlagColumn flags:
                flags.Add((bool?)value);
                break;
            case ValueColumn<int?> integers:
                integers.Add((int?)value);
                break;
            case ValueColumn<double?> numbers:
                numbers.Add((double?)value);
                break;
            case ValueColumn<OutcomeFlags?> outcomes:
                outcomes.Add((OutcomeFlags?)value);
                break;
            default:
                throw new InvalidOperationException($"No column for {column.GetType().Name}.");
        }
    }

    private static object? Read(object column, int row) => column switch
    {
        IdColumn ids => ids.Get(row),
        TextColumn text => text.IndexAt(row) is >= 0 and var index ? new Pooled(index) : null,
        DateColumn dates => dates.Get(row),
        TimestampColumn timestamps => timestamps.Get(row),
        FlagColumn flags => flags.Get(row),
        ValueColumn<int?> integers => integers.Get(row),
        ValueColumn<double?> numbers => numbers.Get(row),
        ValueColumn<OutcomeFlags?> outcomes => outcomes.Get(row),
        _ => throw new InvalidOperationException($"No column for {column.GetType().Name}."),
    };
}

/// <summary>A text already in the string pool, by its index: copied from row to row without reading the pool back.</summary>
internal readonly record struct Pooled(int Index);

/// <summary>A <see cref="RecordTableBuilder{T}"/> of any record type.</summary>
public interface IRecordTableBuilder
{
    string Table { get; }

    Type RowType { get; }

    ImmutableHashSet<string> Columns { get; }

    int Count { get; }

    int IndexOf(string column);

    /// <summary>The contract's column at <paramref name="column"/> (its kind and plausible range).</summary>
    ColumnBinding Binding(int column);

    void Set(int column, object? value);

    void Set(string column, object? value);

    void SetId(string id);

    object? Pending(int column);

    void Discard();

    bool Commit(Merge merge = Merge.Replace);

    object Build();
}
