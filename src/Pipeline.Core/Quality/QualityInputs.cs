using System.Collections.Frozen;
using Pipeline.Extract;

namespace Pipeline.Quality;

/// <summary>What rules check, with lookups built once per run.</summary>
public sealed class QualityInputs(ExtractSet extract)
{
    private readonly Lazy<FrozenDictionary<string, Person>> _persons = new(() => extract.Persons
        .GroupBy(p => p.PersonId, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    private readonly Lazy<FrozenDictionary<string, CinEpisode>> _referrals = new(() => extract.CinEpisodes
        .GroupBy(r => r.ReferralId, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    public ExtractSet Extract { get; } = extract;

    public DateOnly AsAt => Extract.AsAt;

    /// <summary>People by id (the first row where an id is duplicated).</summary>
    public FrozenDictionary<string, Person> Persons => _persons.Value;

    /// <summary>Referrals by id (the first row where an id is duplicated).</summary>
    public FrozenDictionary<string, CinEpisode> Referrals => _referrals.Value;
}
