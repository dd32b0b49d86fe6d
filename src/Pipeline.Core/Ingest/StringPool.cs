namespace Pipeline.Ingest;

/// <summary>
/// One string instance per distinct value read in a run. Person, worker and team ids and codes repeat across
/// every table (a child's id appears on each of their visits), so holding each once keeps memory proportional
/// to the distinct values rather than to the rows; lookups by span allocate nothing for values already seen.
/// Columns hold a value as its index in <see cref="Strings"/> (4 bytes a cell rather than an 8-byte reference).
/// </summary>
public sealed class StringPool
{
    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];

    public int Count => _strings.Count;

    /// <summary>Every pooled string, by index.</summary>
    public IReadOnlyList<string> Strings => _strings;

    public string Get(ReadOnlySpan<char> value) => _strings[IndexOf(value)];

    public int IndexOf(ReadOnlySpan<char> value)
    {
        var lookup = _indexes.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var existing))
        {
            return existing;
        }

        var created = value.IsEmpty ? "" : value.ToString();
        _indexes.Add(created, _strings.Count);
        _strings.Add(created);
        return _strings.Count - 1;
    }
}
