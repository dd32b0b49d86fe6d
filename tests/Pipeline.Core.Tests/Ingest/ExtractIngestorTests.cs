using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Ingest;

public class ExtractIngestorTests
{
    private static Task<IngestResult> Ingest(ExtractFolder folder) => ExtractIngestor.IngestAsync(new LocalFolderExtractSource(folder.Path));

    [Fact]
    public async Task IngestAsync_MinimalSet_ReadsTypedRows()
    {
        using var set = new ExtractFolder().AddMinimal().WriteManifest();

        var result = await Ingest(set);

        Assert.False(result.IsRejected, result.RejectedReason);
        var person = Assert.Single(result.Extract!.Persons);
        Assert.Equal(new Person("P1", "F", null, null, new DateOnly(2015, 1, 1), null, null, null, null, null, null, null, null), person);
        Assert.Equal(new DateOnly(2023, 1, 10), Assert.Single(result.Extract.CinEpisodes).ReferralDate);
        Assert.Equal(new DateOnly(2023, 6, 30), result.Extract.AsAt);
    }

    [Fact]
    public async Task IngestAsync_FilesReadSideBySideOrOneAfterAnother_SameSet()
    {
        // The bundled sample (71,763 rows, some quarantined) read three ways: with room for every file at once (biggest
        // first), with room for one file beside the one taken but not for the whole set (71,763 rows at 200 bytes is 14 MB;
        // its largest file is under 3 MB at that rate), and with no room beside what is in use (one file after another).
        // NOTE: compared as sequences: the results' ImmutableArrays would be compared by reference.
        var sample = new LocalFolderExtractSource(Repo.Seeds("sample-extract"));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 1, 0, 0, TimeSpan.Zero));
        var all = await ExtractIngestor.IngestAsync(sample, new IngestOptions { Clock = clock, ReadingMemory = long.MaxValue / 2 });
        var oneAhead = await ExtractIngestor.IngestAsync(sample, new IngestOptions { Clock = clock, ReadingMemory = GC.GetTotalMemory(false) + 8_000_000 });
        var inOrder = await ExtractIngestor.IngestAsync(sample, new IngestOptions { Clock = clock, ReadingMemory = 0 });

        Assert.False(all.IsRejected, all.RejectedReason);
        Assert.NotEmpty(all.Quarantine);
        foreach (var other in new[] { oneAhead, inOrder })
        {
            Assert.Equal(all.Files.Select(f => f.ToString()), other.Files.Select(f => f.ToString()));
            Assert.Equal(all.Quarantine.Select(q => q.ToString()), other.Quarantine.Select(q => q.ToString()));
            Assert.Equal(all.Warnings.AsEnumerable(), other.Warnings.AsEnumerable());
            Assert.Equal(Tables(all.Extract!), Tables(other.Extract!));
        }

        // Every table of the set, each row as its record prints.
        static List<string> Tables(ExtractSet extract) =>
        [
            .. typeof(ExtractSet).GetProperties()
                .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .SelectMany(p => ((System.Collections.IEnumerable)p.GetValue(extract)!).Cast<object>().Select(r => $"{p.Name}: {r}")),
        ];
    }

    [Fact]
    public async Task IngestAsync_NoManifest_RejectsAsIncomplete()
    {
        using var set = new ExtractFolder().AddMinimal();

        var result = await Ingest(set);

        Assert.Contains("no manifest.json", result.RejectedReason);
    }

    [Fact]
    public async Task IngestAsync_ListedFileMissing_RejectsTheSet()
    {
        using var set = new ExtractFolder().AddMinimal()
            .WriteManifest(tamper: f => f.Add(new() { ["name"] = "ssd_contacts.csv", ["rows"] = 1, ["sha256"] = new string('a', 64) }));

        var result = await Ingest(set);

        Assert.Contains("ssd_contacts.csv is missing", result.RejectedReason);
    }

    [Fact]
    public async Task IngestAsync_RowCountDiffers_RejectsTheSet()
    {
        using var set = new ExtractFolder().AddMinimal().Add("ssd_contacts.csv", "cont_contact_id,cont_person_id\r\nC1,P1\r\n", rows: 2).WriteManifest();

        var result = await Ingest(set);

        Assert.Contains("ssd_contacts.csv: manifest says 2 rows, the file has 1", result.RejectedReason);
        Assert.Null(result.Extract);
    }

    [Fact]
    public async Task IngestAsync_HashDiffers_RejectsTheSet()
    {
        using var set = new ExtractFolder().AddMinimal().WriteManifest();
        File.AppendAllText(Path.Combine(set.Path, "ssd_person.csv"), "P2,M,2016-01-01\r\n");

        var result = await Ingest(set);

        Assert.NotNull(result.RejectedReason);
        Assert.Contains("ssd_person.csv", result.RejectedReason);
    }

    [Fact]
    public async Task IngestAsync_RequiredTableNotListed_RejectsTheSet()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", ExtractFolder.MinimalPerson).WriteManifest();

        var result = await Ingest(set);

        Assert.Contains("required table ssd_cin_episodes", result.RejectedReason);
    }

    [Fact]
    public async Task IngestAsync_OptionalTableMissingKeyColumn_RejectsOnlyThatFile()
    {
        using var set = new ExtractFolder().AddMinimal().Add("ssd_contacts.csv", "cont_person_id,cont_contact_date\r\nP1,2023-01-01\r\nP1,2023-01-02\r\n").WriteManifest();

        var result = await Ingest(set);

        Assert.False(result.IsRejected);
        Assert.False(result.Extract!.HasTable("ssd_contacts"));
        var stats = result.Files.Single(f => f.Table == "ssd_contacts");
        Assert.Equal((FileIngestStats.Rejected, 2L, 0L, 2L), (stats.Status, stats.RowsRead, stats.RowsAccepted, stats.RowsQuarantined));
        var entry = Assert.Single(result.Quarantine);
        Assert.Equal((IngestRule.MissingKeyColumn, QuarantineAction.FileRejected, "cont_contact_id"), (entry.Rule, entry.Action, entry.Column));
    }

    [Fact]
    public async Task IngestAsync_RequiredTableMissingKeyColumn_RejectsTheSet()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", "pers_sex\r\nF\r\n").Add("ssd_cin_episodes.csv", ExtractFolder.MinimalEpisodes).WriteManifest();

        var result = await Ingest(set);

        Assert.Contains("required table ssd_person was rejected", result.RejectedReason);
    }

    [Fact]
    public async Task IngestAsync_HeaderCaseOrderAndSpaces_AreMatched()
    {
        using var set = new ExtractFolder()
            .Add("ssd_person.csv", " PERS_DOB , Pers_Person_Id\r\n2015-01-01,P1\r\n")
            .Add("ssd_cin_episodes.csv", ExtractFolder.MinimalEpisodes).WriteManifest();

        var result = await Ingest(set);

        var person = Assert.Single(result.Extract!.Persons);
        Assert.Equal(("P1", new DateOnly(2015, 1, 1)), (person.PersonId, person.DateOfBirth));
    }

    [Fact]
    public async Task IngestAsync_MissingOptionalColumn_ReadsAsEmpty()
    {
        using var set = new ExtractFolder().AddMinimal().WriteManifest();

        var result = await Ingest(set);

        Assert.Null(Assert.Single(result.Extract!.CinEpisodes).CloseDate);
        Assert.Empty(result.Quarantine);
    }

    [Fact]
    public async Task IngestAsync_GzipAndBom_AreRead()
    {
        using var set = new ExtractFolder()
            .Add("ssd_person.csv.gz", ExtractFolder.MinimalPerson, gzip: true, bom: true)
            .Add("ssd_cin_episodes.csv", ExtractFolder.MinimalEpisodes, bom: true).WriteManifest();

        var result = await Ingest(set);

        Assert.False(result.IsRejected, result.RejectedReason);
        Assert.Equal("P1", Assert.Single(result.Extract!.Persons).PersonId);
        Assert.Equal("R1", Assert.Single(result.Extract.CinEpisodes).ReferralId);
    }

    [Fact]
    public async Task IngestAsync_BadOptionalValues_ClearTheValueAndKeepTheRow()
    {
        const string episodes = "cine_referral_id,cine_person_id,cine_referral_date,cine_close_date,cine_referral_nfa,cine_referral_outcome_json\r\n"
            + "R1,P1,2023-01-10,2023-02-30,maybe,\"{\"\"NFA_FLAG\"\":\"\"Y\"\"\"\r\n";
        using var set = new ExtractFolder().Add("ssd_person.csv", ExtractFolder.MinimalPerson).Add("ssd_cin_episodes.csv", episodes).WriteManifest();

        var result = await Ingest(set);

        var episode = Assert.Single(result.Extract!.CinEpisodes);
        Assert.Equal((new DateOnly(2023, 1, 10), (DateOnly?)null, (bool?)null, (OutcomeFlags?)null),
            (episode.ReferralDate!.Value, episode.CloseDate, episode.ReferralNfa, episode.ReferralOutcome));
        Assert.Equal(
            [(IngestRule.BadJson, "cine_referral_outcome_json"), (IngestRule.BadFlag, "cine_referral_nfa"), (IngestRule.BadDate, "cine_close_date")],
            result.Quarantine.Select(q => (q.Rule, q.Column!)));
        Assert.All(result.Quarantine, q => Assert.Equal((QuarantineAction.ValueCleared, 2L, "R1"), (q.Action, q.Line, q.RecordId)));
        var stats = result.Files.Single(f => f.Table == "ssd_cin_episodes");
        Assert.Equal((1L, 1L, 0L, 3L), (stats.RowsRead, stats.RowsAccepted, stats.RowsQuarantined, stats.ValuesCleared));
    }

    [Fact]
    public async Task IngestAsync_EmptyKeyOrWrongFieldCount_RejectsTheRowWithItsLine()
    {
        const string episodes = "cine_referral_id,cine_person_id,cine_referral_date\r\n"
            + "R1,P1,2023-01-10\r\n"
            + ",P1,2023-01-11\r\n"
            + "R3,NULL,2023-01-12\r\n"
            + "R4,P1,2023-01-13,extra\r\n"
            + "R5,P1,2023-01-14\r\n";
        using var set = new ExtractFolder().Add("ssd_person.csv", ExtractFolder.MinimalPerson).Add("ssd_cin_episodes.csv", episodes).WriteManifest();

        var result = await Ingest(set);

        Assert.Equal(["R1", "R5"], result.Extract!.CinEpisodes.Select(e => e.ReferralId));
        Assert.Equal(
            [(3L, IngestRule.KeyMissing, "cine_referral_id"), (4L, IngestRule.KeyMissing, "cine_person_id"), (5L, IngestRule.FieldCount, null)],
            result.Quarantine.Select(q => (q.Line, q.Rule, q.Column)));
        Assert.All(result.Quarantine, q => Assert.Equal(QuarantineAction.RowRejected, q.Action));
        var stats = result.Files.Single(f => f.Table == "ssd_cin_episodes");
        Assert.Equal(stats.RowsRead, stats.RowsAccepted + stats.RowsQuarantined);
        Assert.Equal((5L, 2L, 3L), (stats.RowsRead, stats.RowsAccepted, stats.RowsQuarantined));
    }

    [Fact]
    public async Task IngestAsync_MalformedRowInATableWithNames_WithholdsItsValues()
    {
        const string persons = "pers_person_id,pers_forename,pers_surname,pers_sex\r\nP1,Quillon,Brackenholt,F\r\nP2,Zephyrine,\"Oddly\"quoted,M\r\nP3,Marrowby\r\n";
        using var set = new ExtractFolder().Add("ssd_person.csv", persons).Add("ssd_cin_episodes.csv", ExtractFolder.MinimalEpisodes).WriteManifest();

        var result = await Ingest(set);

        Assert.Equal(["P1"], result.Extract!.Persons.Select(p => p.PersonId));
        Assert.Equal(2, result.Quarantine.Length);
        Assert.All(result.Quarantine, q => Assert.Null(q.Value));
        var everything = string.Join("|", result.Quarantine.Select(q => q.ToString()));
        Assert.DoesNotContain("Zephyrine", everything);
        Assert.DoesNotContain("Marrowby", everything);
        Assert.DoesNotContain("Quillon", string.Join("|", result.Extract.Persons.Select(p => p.ToString())));
    }

    [Fact]
    public async Task IngestAsync_UnlistedFileAndUnknownTable_AreWarnedAndIgnored()
    {
        using var set = new ExtractFolder().AddMinimal().Add("ssd_pre_proceedings.csv", "prep_person_id\r\nP1\r\n").WriteManifest();
        File.WriteAllText(Path.Combine(set.Path, "notes.txt"), "hello");

        var result = await Ingest(set);

        Assert.False(result.IsRejected);
        Assert.Contains(result.Warnings, w => w.Contains("notes.txt", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("ssd_pre_proceedings.csv", StringComparison.Ordinal));
        Assert.Equal(FileIngestStats.NotRead, result.Files.Single(f => f.Table == "ssd_pre_proceedings").Status);
    }

    [Fact]
    public async Task IngestAsync_ManifestNotJson_RejectsWithTheReason()
    {
        using var set = new ExtractFolder().AddMinimal();
        File.WriteAllText(Path.Combine(set.Path, "manifest.json"), "{ not json");

        var result = await Ingest(set);

        Assert.Contains("not valid JSON", result.RejectedReason);
    }

    [Fact]
    public async Task IngestAsync_ManifestFileNameWithPath_IsRefused()
    {
        using var set = new ExtractFolder().AddMinimal()
            .WriteManifest(tamper: f => f.Add(new() { ["name"] = "../secrets.csv", ["rows"] = 1, ["sha256"] = new string('a', 64) }));

        var result = await Ingest(set);

        Assert.Contains("not a plain file name", result.RejectedReason);
    }
}
