using System.Collections.Immutable;

namespace Pipeline.Extract;

/// <summary>
/// The parsed content of an SSD <c>*_outcome_json</c> field: the <c>*_FLAG</c> keys of its object that hold a flag.
/// Keys are compared case-insensitively; values use the contract's flag spellings.
/// </summary>
public sealed class OutcomeFlags : IEquatable<OutcomeFlags>
{
    public static readonly OutcomeFlags Empty = new(ImmutableSortedDictionary<string, bool>.Empty);

    private readonly ImmutableSortedDictionary<string, bool> _flags;

    internal OutcomeFlags(ImmutableSortedDictionary<string, bool> flags) => _flags = flags;

    public IEnumerable<string> Keys => _flags.Keys;

    /// <summary>True when the flag is present and set to yes; false when present and no; null when absent.</summary>
    public bool? this[string key] => _flags.TryGetValue(key.ToUpperInvariant(), out var value) ? value : null;

    public bool IsSet(string key) => this[key] == true;

    public bool Equals(OutcomeFlags? other) => other is not null && _flags.SequenceEqual(other._flags);

    public override bool Equals(object? obj) => Equals(obj as OutcomeFlags);

    public override int GetHashCode() => _flags.Count;

    public override string ToString() => "{" + string.Join(",", _flags.Select(f => $"{f.Key}:{(f.Value ? "Y" : "N")}")) + "}";
}
