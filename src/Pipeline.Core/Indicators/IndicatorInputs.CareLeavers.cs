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
    /// NOTE: built once for every care-leaver indicator and period; ssd_person is read by its two columns, not as records,
    /// for the few care leavers among every person.
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
        var persons = Extract.Persons;
        var (idOf, dateOfBirthOf) = (persons.Field(nameof(Person.PersonId), p => p.PersonId), persons.Field(nameof(Person.DateOfBirth), p => p.DateOfBirth));
        var dateOfBirth = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        for (var row = 0; row < persons.Count; row++)
        {
            // The first row of a duplicated id with a date of birth, as the grouping this replaces chose.
            if (dateOfBirthOf(row) is { } dob && idOf(row) is var id && wanted.Contains(id))
            {
                dateOfBirth.TryAdd(id, dob);
            }
        }

        return leavers.Where(l => dateOfBirth.ContainsKey(l.PersonId)).Select(l => (l, dateOfBirth[l.PersonId])).ToImmutableArray();
    });
}
