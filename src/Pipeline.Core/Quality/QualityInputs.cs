using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Reference;

namespace Pipeline.Quality;

/// <summary>
/// What rules check, with lookups built once per run. Each rule family adds the lookups it needs in its own
/// part of this class, through <see cref="Memo{T}"/>.
/// </summary>
public sealed partial class QualityInputs
{
    private readonly ConcurrentDictionary<string, object> _memo = new(StringComparer.Ordinal);

    public QualityInputs(ExtractSet extract, ReferenceData? reference = null)
    {
        Extract = extract;
        Reference = reference ?? new ReferenceData();
        Calendar = new WorkingDayCalendar(Reference.BankHolidays);
    }

    public ExtractSet Extract { get; }

    public ReferenceData Reference { get; }

    /// <summary>The same working-day calendar the indicators use.</summary>
    public WorkingDayCalendar Calendar { get; }

    public DateOnly AsAt => Extract.AsAt;

    /// <summary>People by id (the first row where an id is duplicated).</summary>
    public FrozenDictionary<string, Person> Persons => Memo(() => Extract.Persons
        .GroupBy(p => p.PersonId, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    /// <summary>Referrals by id (the first row where an id is duplicated).</summary>
    public FrozenDictionary<string, CinEpisode> Referrals => Memo(() => Extract.CinEpisodes
        .GroupBy(r => r.ReferralId, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    /// <summary>Builds a lookup once per run, on first use, and keeps it.</summary>
    private T Memo<T>(Func<T> build, [CallerMemberName] string key = "")
        where T : notnull => (T)_memo.GetOrAdd(key, _ => build());
}
