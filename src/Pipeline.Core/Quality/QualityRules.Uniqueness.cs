using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Uniqueness.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> Uniqueness() =>
    [
        new()
        {
            Code = "duplicate_id",
            Title = "Duplicate record id",
            Severity = Severity.Error,
            Tables = ["ssd_person"],
            Fields = "table id",
            Description = "The same id appears on more than one row of a table; every copy is listed under one error id.",
            DfeEquivalent = "CIN 8510",
            Find = inputs => DuplicateIds(inputs.Extract),
        },
    ];

    // Two passes per table: count each id, then report every copy of those seen more than once.
    private static IEnumerable<DqFinding> DuplicateIds(ExtractSet e)
    {
        foreach (var table in PersonRecordsByTable(e))
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var record in table)
            {
                counts[record.Id] = counts.GetValueOrDefault(record.Id) + 1;
            }

            var copy = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var record in table.Where(r => counts[r.Id] > 1))
            {
                copy[record.Id] = copy.GetValueOrDefault(record.Id) + 1;
                yield return new DqFinding(record.Table, record.Id, record.PersonId, "table id",
                    $"id appears {counts[record.Id]} times (copy {copy[record.Id]})", $"duplicate_id:{record.Table}:{record.Id}");
            }
        }
    }
}
