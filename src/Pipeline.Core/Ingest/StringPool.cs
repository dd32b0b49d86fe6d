namespace Pipeline.Ingest;

/// <summary>
/// One string instance per distinct value read in a run. Person, worker and team ids and codes repeat across
/// every table (a child's id appears on each of their visits), so holding each once keeps memory proportional
/// to the distinct values rather than to the rows; lookups by span allocate nothing for values already seen.
/// </summary>
public sealed class StringPool
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);

    public int Count => _strings.Count;

    public string Get(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return "";
        }

        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(value, out var existing))
        {
            return existing;
        }

        var created = value.ToString();
        _strings.Add(created);
        return created;
    }
}
