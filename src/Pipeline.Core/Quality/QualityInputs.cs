using Pipeline.Extract;

namespace Pipeline.Quality;

/// <summary>What rules check, with lookups built once per run.</summary>
/// <remarks>
/// NOTE: the lookups keep only the one date rules read, not whole records: at national scale a record per person
/// and per referral would hold more memory than the extract's columns.
/// </remarks>
public sealed class QualityInputs(ExtractSet extract)
{
    private readonly Lazy<Dictionary<string, DateOnly?>> _persons = new(() => FirstById(extract.Persons, p => p.PersonId, p => p.DateOfBirth));

    private readonly Lazy<Dictionary<string, DateOnly?>> _referrals = new(() => FirstById(extract.CinEpisodes, r => r.ReferralId, r => r.ReferralDate));

    public ExtractSet Extract { get; } = extract;

    public DateOnly AsAt => Extract.AsAt;

    /// <summary>People's dates of birth by id (the first row where an id is duplicated).</summary>
    public IReadOnlyDictionary<string, DateOnly?> PersonDatesOfBirth => _persons.Value;

    /// <summary>Referral dates by referral id (the first row where an id is duplicated).</summary>
    public IReadOnlyDictionary<string, DateOnly?> ReferralDates => _referrals.Value;

    private static Dictionary<string, DateOnly?> FirstById<T>(IReadOnlyList<T> rows, Func<T, string> id, Func<T, DateOnly?> date)
    {
        var byId = new Dictionary<string, DateOnly?>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            byId.TryAdd(id(row), date(row));
        }

        return byId;
    }
}
