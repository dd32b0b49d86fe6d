using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Indicators;

public sealed partial class IndicatorInputs
{
    /// <summary>
    /// Each care leaver's latest record (latest contact, then the larger id) with their date of birth, in the order the
    /// care leavers' file first names them; a care leaver with no date of birth in ssd_person is left out.
    /// </summary>
    /// <remarks>
    /// NOTE: built once for every care-leaver indicator and period.
    /// </remarks>
    public ImmutableArray<(CareLeaver Leaver, DateOnly DateOfBirth)> CareLeaversWithDateOfBirth => Memo(() =>
    {
        var leavers = Extract.CareLeavers
            .GroupBy(c => c.PersonId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(c => c.LatestContact ?? DateOnly.MinValue)
                .ThenByDescending(c => c.CareLeaverId, StringComparer.Ordinal)
                .First())
            .ToList();
        var wanted = leavers.Select(c => c.PersonId).ToHashSet(StringComparer.Ordinal);
        var dateOfBirth = DatesOfBirthOf(wanted.Contains);
        return leavers.Where(l => dateOfBirth.ContainsKey(l.PersonId)).Select(l => (l, dateOfBirth[l.PersonId])).ToImmutableArray();
    });
}
