using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Reference;

namespace Pipeline.Indicators;

/// <summary>
/// What indicators compute from: the extract, reference data and groupings built once per run (per
/// child, per worker), so no indicator scans every record for every record.
/// </summary>
public sealed class IndicatorInputs
{
    private readonly Lazy<ImmutableDictionary<string, ImmutableArray<CinEpisode>>> _referralsByChild;

    public IndicatorInputs(ExtractSet extract, ReferenceData reference)
    {
        Extract = extract;
        Reference = reference;
        _referralsByChild = new(() => GroupByChild(extract.CinEpisodes, r => r.PersonId, r => r.ReferralDate));
    }

    public ExtractSet Extract { get; }

    public ReferenceData Reference { get; }

    public DateOnly AsAt => Extract.AsAt;

    /// <summary>Each child's referrals, oldest first (undated ones last).</summary>
    public ImmutableDictionary<string, ImmutableArray<CinEpisode>> ReferralsByChild => _referralsByChild.Value;

    public static ImmutableDictionary<string, ImmutableArray<T>> GroupByChild<T>(
        IEnumerable<T> rows, Func<T, string?> personId, Func<T, DateOnly?> date) =>
        rows.Where(r => personId(r) is not null)
            .GroupBy(r => personId(r)!, StringComparer.Ordinal)
            .ToImmutableDictionary(
                g => g.Key,
                g => g.OrderBy(r => date(r) ?? DateOnly.MaxValue).ToImmutableArray(),
                StringComparer.Ordinal);
}
