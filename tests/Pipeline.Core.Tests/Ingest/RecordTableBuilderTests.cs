using Pipeline.Extract;
using Pipeline.Ingest;

namespace Pipeline.Tests.Ingest;

/// <summary>Tables built from a statutory return's records hold values as the CSV reader does.</summary>
public class RecordTableBuilderTests
{
    [Fact]
    public void Commit_OwnIdPadded_FoundAgainAsTheCsvReaderWouldTrimIt()
    {
        // disa_table_id is no other table's reference, so it is held as ids, not pooled: " D1" and "D1" are one record.
        var builder = new RecordTableBuilder<Disability>(new StringPool(), ["disa_person_id", "disa_table_id", "disa_disability_code"]);
        foreach (var (id, code) in new[] { (" D1", "HAND"), ("D1", null), ("D2 ", "VIS") })
        {
            builder.SetId(id);
            builder.Set("disa_person_id", "P1");
            builder.Set("disa_disability_code", code);
            Assert.True(builder.Commit(Merge.Fill));
        }

        var table = (IReadOnlyList<Disability>)builder.Build();
        Assert.Equal([new Disability("D1", "P1", "HAND"), new Disability("D2", "P1", "VIS")], table);
    }

    [Fact]
    public void Commit_PerRowText_TrimmedAndBlankAsNull_FilledFromTheEarlierCopy()
    {
        var builder = new RecordTableBuilder<Person>(new StringPool(), ["pers_person_id", "pers_common_child_id", "pers_legacy_id"]);
        foreach (var (common, legacy) in new[] { (" 9991000001 ", (string?)null), ("  ", "L1") })
        {
            builder.SetId("P1");
            builder.Set("pers_common_child_id", common);
            builder.Set("pers_legacy_id", legacy);
            Assert.True(builder.Commit(Merge.Fill));
        }

        var person = Assert.Single((IReadOnlyList<Person>)builder.Build());
        Assert.Equal(("9991000001", "L1"), (person.CommonChildId, person.LegacyId));
    }
}
