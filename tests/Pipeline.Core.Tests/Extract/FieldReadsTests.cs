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
    public async Task IdHashes_OfAnIngestedTable_HashTheIdsAsTheRecordsHoldThem()
    {
        // An ASCII id is hashed from its bytes; "Ré2" (two UTF-8 bytes for é) and "R№3" (three) are decoded first.
        using var folder = new ExtractFolder()
            .Add("ssd_person.csv", "pers_person_id,pers_sex,pers_dob\r\nP1,F,2015-01-01\r\n")
            .Add("ssd_cin_episodes.csv", "cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-01-10\r\n")
            .Add("ssd_cin_visits.csv", "cinv_cin_visit_id,cinv_person_id,cinv_cin_visit_date\r\nV1,P1,2023-01-10\r\nVé2,P1,\r\nV№3,P1,\r\n")
            .WriteManifest();
        var extract = (await ExtractIngestor.IngestAsync(new LocalFolderExtractSource(folder.Path))).Extract!;
        var visits = Assert.IsType<ColumnarTable<CinVisit>>(extract.CinVisits);
        Assert.NotNull(visits.IdHashes(nameof(CinVisit.VisitId)));

        var hashes = extract.CinVisits.IdHashes(nameof(CinVisit.VisitId), v => v.VisitId);
        Assert.Equal(["V1", "Vé2", "V№3"], visits.Select(v => v.VisitId));
        Assert.Equal(visits.Select(v => Pipeline.Quality.IdHash.Of(v.VisitId)), Enumerable.Range(0, 3).Select(hashes));
        Assert.Equal(3, Enumerable.Range(0, 3).Select(hashes).Distinct().Count());

        // Person ids are pooled text, not an id column: no hash from bytes, the field's hash instead.
        Assert.Null(visits.IdHashes(nameof(CinVisit.PersonId)));
        Assert.Equal(Pipeline.Quality.IdHash.Of("P1"), extract.CinVisits.IdHashes(nameof(CinVisit.PersonId), v => v.PersonId!)(2));
    }

    [Fact]
    public void IdHashes_OfATableHeldAsRecords_HashEachRecordsId()
    {
        IReadOnlyList<Person> people = [new Person("Pé1", "F", null, null, null, null, null, null, null, null, null, null, null)];
        Assert.Equal(Pipeline.Quality.IdHash.Of("Pé1"), people.IdHashes(nameof(Person.PersonId), p => p.PersonId)(0));
    }

    [Fact]
    public void Field_OfATableHeldAsRecords_ReadsEachRecord()
    {
        IReadOnlyList<Person> people = [new Person("P1", "F", null, null, null, null, null, null, null, null, null, null, null)];
        Assert.Equal("F", people.Field(nameof(Person.Sex), p => p.Sex)(0));
    }
}
