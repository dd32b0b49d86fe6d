using System.Collections;

namespace Pipeline.Indicators;

/// <summary>A read-only set of distinct strings held as one array sorted ordinally.</summary>
/// <remarks>
/// NOTE: allocation snapshots are kept per date for the whole stage, one set per worker and per (team, worker); a
/// hash set costs about 30 bytes a member with its slack, an array 8, and callers mostly read the count.
/// </remarks>
internal sealed class SortedStringSet : IReadOnlySet<string>
{
    private readonly string[] _sorted;

    public SortedStringSet(IEnumerable<string> distinct)
    {
        _sorted = [.. distinct];
        Array.Sort(_sorted, StringComparer.Ordinal);
    }

    public int Count => _sorted.Length;

    public bool Contains(string item) => Array.BinarySearch(_sorted, item, StringComparer.Ordinal) >= 0;

    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_sorted).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => AsHashSet().IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => AsHashSet().IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => AsHashSet().IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => AsHashSet().IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => other.Any(Contains);

    public bool SetEquals(IEnumerable<string> other) => AsHashSet().SetEquals(other);

    private HashSet<string> AsHashSet() => new(_sorted, StringComparer.Ordinal);
}
