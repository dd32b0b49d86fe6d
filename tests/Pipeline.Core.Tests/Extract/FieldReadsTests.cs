using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Extract;

/// <summary>Reading one field of a table from its column gives what the record holds, row for row.</summary>
public class FieldReadsTests
{
    [Fact]
    public async Task Field_OfAnIngestedTable_ReadsTheColumnAsTheRecordsHoldIt()
    {
        // ssd_cin_episodes has no close date column here, and its second row has no referral date.
        using var folder = new ExtractFolder()
            .Add("ssd_person.csv", "pers_person_id,pers_sex,pers_dob\r\nP1,F,2015-01-01\r\nP2,M,\r\n")
            .Add("ssd_cin_episodes.csv", "cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-01-10\r\nR2,P2,\r\nR3,P1,2023-02-01\r\n")
            .WriteManifest();
        var extract = (await ExtractIngestor.IngestAsync(new LocalFolderExtractSource(folder.Path))).Extract!;
        var referrals = extract.CinEpisodes;
        Assert.IsType<ColumnarTable<CinEpisode>>(referrals);

        var ids = ((ColumnarTable<CinEpisode>)referrals).Field<string>(nameof(CinEpisode.ReferralId));
        var dates = ((ColumnarTable<CinEpisode>)referrals).Field<DateOnly?>(nameof(CinEpisode.ReferralDate));
        var closed = ((ColumnarTable<CinEpisode>)referrals).Field<DateOnly?>(nameof(CinEpisode.CloseDate));
        Assert.NotNull(ids);
        Assert.NotNull(dates);
        Assert.NotNull(closed);
        Assert.Equal(["R1", "R2", "R3"], Enumerable.Range(0, 3).Select(ids));
        Assert.Equal([new DateOnly(2023, 1, 10), null, new DateOnly(2023, 2, 1)], Enumerable.Range(0, 3).Select(dates));
        Assert.Equal([null, null, null], Enumerable.Range(0, 3).Select(closed));
        Assert.Equal(referrals.Select(r => r.PersonId), Enumerable.Range(0, 3).Select(referrals.Field(nameof(CinEpisode.PersonId), r => r.PersonId)));

        // A field asked for as another type than its column's is not read from the column.
        Assert.Null(((ColumnarTable<CinEpisode>)referrals).Field<int?>(nameof(CinEpisode.ReferralDate)));
    }

    [Fact]
    public void Field_OfATableHeldAsRecords_ReadsEachRecord()
    {
        IReadOnlyList<Person> people = [new Person("P1", "F", null, null, null, null, null, null, null, null, null, null, null)];
        Assert.Equal("F", people.Field(nameof(Person.Sex), p => p.Sex)(0));
    }
}
