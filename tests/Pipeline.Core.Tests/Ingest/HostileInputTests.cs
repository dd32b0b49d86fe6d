using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Ingest;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Ingest;

/// <summary>Extracts made to hurt: names under other headers, bytes that are not UTF-8, implausible numbers, sizes and dates.</summary>
public class HostileInputTests
{
    private const string Episodes = "cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-01-10\r\n";

    private static readonly IngestOptions Options = new() { Clock = new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero)) };

    private static Task<IngestResult> Ingest(ExtractFolder folder, IngestOptions? options = null) =>
        ExtractIngestor.IngestAsync(new LocalFolderExtractSource(folder.Path), options ?? Options);

    [Fact]
    public async Task Header_SurnameRelabelledAsASecondDob_FileRejectedAndNoSurnameKept()
    {
        const string persons = "pers_person_id,pers_forename,pers_dob,pers_sex,pers_gender,pers_ethnicity,pers_dob\r\nP1,Quillon,Brackenholt,F,02,WBRI,2015-01-01\r\n";
        using var set = new ExtractFolder().Add("ssd_person.csv", persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();

        var result = await Ingest(set);

        Assert.Contains("required table ssd_person was rejected: the header names 'pers_dob' twice (columns 3 and 7)", result.RejectedReason);
        Assert.DoesNotContain(result.Quarantine, q => q.ToString().Contains("Brackenholt", StringComparison.Ordinal));
        Assert.Equal(IngestRule.BadHeader, Assert.Single(result.Quarantine).Rule);
    }

    [Fact]
    public async Task Header_UnknownColumnWhereTheSurnameShouldBe_FileRejected()
    {
        const string persons = "pers_person_id,pers_forename,pers_family_name,pers_sex\r\nP1,Quillon,Brackenholt,F\r\n";
        using var set = new ExtractFolder().Add("ssd_person.csv", persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();

        var result = await Ingest(set);

        Assert.Contains("column 3 of the header is 'pers_family_name', which ssd_person does not have, where the SSD puts pers_surname", result.RejectedReason);
    }

    [Fact]
    public async Task Header_ExtraColumnsBesideEveryKnownOne_AreIgnored()
    {
        // A shorter file in another order with a column of the council's own at the end: nothing stands in a known column's place.
        const string persons = "pers_person_id,pers_sex,pers_dob,pers_local_flag\r\nP1,F,2015-01-01,Y\r\n";
        using var set = new ExtractFolder().Add("ssd_person.csv", persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();

        var result = await Ingest(set);

        Assert.False(result.IsRejected, result.RejectedReason);
        Assert.Equal(new DateOnly(2015, 1, 1), Assert.Single(result.Extract!.Persons).DateOfBirth);
    }

    [Fact]
    public async Task Header_ColumnNamedTwiceInATableWithoutNames_OnlyThatFileIsRejected()
    {
        using var set = new ExtractFolder().AddMinimal()
            .Add("ssd_contacts.csv", "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_date\r\nC1,P1,2023-01-01,2023-02-01\r\n").WriteManifest();

        var result = await Ingest(set);

        Assert.False(result.IsRejected, result.RejectedReason);
        Assert.False(result.Extract!.HasTable("ssd_contacts"));
        Assert.Equal(FileIngestStats.Rejected, result.Files.Single(f => f.Table == "ssd_contacts").Status);
        Assert.Contains(result.Warnings, w => w.Contains("ssd_contacts.csv was rejected (the header names 'cont_contact_date' twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TableWithNames_BadValue_KeptOnlyAsItsShape()
    {
        // A surname under pers_dob, as a relabelled export would put it: a bad date whose text must not be kept.
        const string persons = "pers_person_id,pers_sex,pers_dob\r\nP1,F,Brackenholt\r\n";
        using var set = new ExtractFolder().Add("ssd_person.csv", persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();

        var result = await Ingest(set);

        var entry = Assert.Single(result.Quarantine);
        Assert.Equal((IngestRule.BadDate, "pers_dob", "11 characters: capital letters, small letters"), (entry.Rule, entry.Column, entry.Value));
        Assert.Equal("P1", entry.RecordId);
    }

    [Fact]
    public async Task TableWithoutNames_BadValue_KeptAsWritten()
    {
        using var set = new ExtractFolder().AddMinimal().Add("ssd_contacts.csv", "cont_contact_id,cont_person_id,cont_contact_date\r\nC1,P1,31/02/2023\r\n").WriteManifest();

        var result = await Ingest(set);

        Assert.Equal("31/02/2023", Assert.Single(result.Quarantine).Value);
    }

    [Fact]
    public async Task Encoding_InvalidByteInAValue_QuarantinedWithFileAndLineNotReplaced()
    {
        var contacts = Concat("cont_contact_id,cont_person_id,cont_contact_source_code\r\nC1,P1,1A\r\nC2,P1,1", [0xC3, 0x28], "\r\n");
        using var set = new ExtractFolder().AddMinimal().AddBytes("ssd_contacts.csv", contacts, rows: 2).WriteManifest();

        var result = await Ingest(set);

        var entry = Assert.Single(result.Quarantine);
        Assert.Equal((IngestRule.BadEncoding, "ssd_contacts.csv", 3L, "cont_contact_source_code", QuarantineAction.ValueCleared, "C2"),
            (entry.Rule, entry.File, entry.Line, entry.Column, entry.Action, entry.RecordId));
        Assert.Equal([null, "1A"], result.Extract!.Contacts.Select(c => c.SourceCode).Order());
        Assert.DoesNotContain(result.Extract.Contacts, c => c.SourceCode?.Contains('\uFFFD', StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Encoding_InvalidByteInAnId_RowRejectedRatherThanMadeIntoAnotherId()
    {
        var episodes = Concat("cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-01-10\r\nR2,P", [0xFF], "1,2023-01-11\r\n");
        using var set = new ExtractFolder().Add("ssd_person.csv", ExtractFolder.MinimalPerson).AddBytes("ssd_cin_episodes.csv", episodes, rows: 2).WriteManifest();

        var result = await Ingest(set);

        var entry = Assert.Single(result.Quarantine);
        Assert.Equal((IngestRule.BadEncoding, 3L, "cine_person_id", QuarantineAction.RowRejected), (entry.Rule, entry.Line, entry.Column, entry.Action));
        Assert.Equal(["R1"], result.Extract!.CinEpisodes.Select(e => e.ReferralId));
    }

    [Fact]
    public async Task Encoding_InvalidByteInANameColumn_IsNeverLookedAt()
    {
        var persons = Concat("pers_person_id,pers_surname,pers_sex\r\nP1,Br", [0xE9], "kenholt,F\r\n");
        using var set = new ExtractFolder().AddBytes("ssd_person.csv", persons, rows: 1).Add("ssd_cin_episodes.csv", Episodes).WriteManifest();

        var result = await Ingest(set);

        Assert.False(result.IsRejected, result.RejectedReason);
        Assert.Empty(result.Quarantine);
    }

    [Theory]
    [InlineData("1e300", "outside the plausible range 0 to 2")]
    [InlineData("-5", "outside the plausible range 0 to 2")]
    [InlineData("2.5", "outside the plausible range 0 to 2")]
    public async Task Plausibility_FteOutsideZeroToTwo_QuarantinedAndReadAsEmpty(string fte, string why)
    {
        using var set = new ExtractFolder().AddMinimal()
            .Add("ssd_professionals.csv", $"prof_professional_id,prof_full_time_equivalency,prof_agency_worker_flag\r\nW1,{fte},Y\r\nW2,0.5,N\r\n").WriteManifest();

        var result = await Ingest(set);

        var entry = Assert.Single(result.Quarantine);
        Assert.Equal((IngestRule.OutOfRange, "prof_full_time_equivalency", "W1"), (entry.Rule, entry.Column, entry.RecordId));
        Assert.Contains(why, entry.Reason);
        Assert.Equal([null, 0.5], result.Extract!.Professionals.Select(p => p.FullTimeEquivalent));
    }

    [Fact]
    public async Task Plausibility_CaseloadAndDistanceAndAge_OutOfRangeQuarantined()
    {
        using var set = new ExtractFolder()
            .Add("ssd_person.csv", "pers_person_id,pers_dob\r\nP1,2015-01-01\r\nP2,1850-03-04\r\n")
            .Add("ssd_cin_episodes.csv", Episodes)
            .Add("ssd_professionals.csv", "prof_professional_id,prof_professional_caseload\r\nW1,9999\r\nW2,18\r\n")
            .Add("ssd_cla_placement.csv", "clap_cla_placement_id,clap_cla_placement_distance\r\nPL1,-3\r\nPL2,12.5\r\n")
            .WriteManifest();

        var result = await Ingest(set);

        Assert.Equal(["P2:pers_dob", "PL1:clap_cla_placement_distance", "W1:prof_professional_caseload"],
            result.Quarantine.Where(q => q.Rule == IngestRule.OutOfRange).Select(q => $"{q.RecordId}:{q.Column}").Order());
        Assert.Contains("more than 120 years before as_at", result.Quarantine.Single(q => q.Column == "pers_dob").Reason);
        Assert.Equal([18, null], result.Extract!.Professionals.Select(p => p.RecordedCaseload).OrderByDescending(c => c));
    }

    [Fact]
    public async Task Limits_LineOfCommas_RowMalformedAndTheRestOfTheFileRead()
    {
        var line = "C2,P1," + new string(',', 50_000);
        using var set = new ExtractFolder().AddMinimal()
            .Add("ssd_contacts.csv", $"cont_contact_id,cont_person_id,cont_contact_date\r\nC1,P1,2023-01-01\r\n{line}\r\nC3,P1,2023-01-03\r\n").WriteManifest();

        var result = await Ingest(set, Options with { Limits = new IngestLimits { MaxFieldsPerRow = 100 } });

        var entry = Assert.Single(result.Quarantine);
        Assert.Equal((IngestRule.MalformedRow, 3L), (entry.Rule, entry.Line));
        Assert.Contains("more than 100 fields (50,003)", entry.Reason);
        Assert.True(entry.Value!.Length <= 201);
        Assert.Equal(["C1", "C3"], result.Extract!.Contacts.Select(c => c.ContactId));
    }

    [Fact]
    public async Task Limits_OverlongFieldAndRecord_RowMalformed()
    {
        using var set = new ExtractFolder().AddMinimal()
            .Add("ssd_contacts.csv", $"cont_contact_id,cont_person_id,cont_contact_source_code\r\nC1,P1,{new string('x', 5_000)}\r\nC2,P1,{new string('y', 50_000)}\r\nC3,P1,1A\r\n")
            .WriteManifest();

        var result = await Ingest(set, Options with { Limits = new IngestLimits { MaxFieldChars = 1_000, MaxRecordChars = 10_000 } });

        Assert.Equal(["field 3 is longer than 1,000 characters", "record is longer than 10,000 characters; the rest was not read"],
            result.Quarantine.Select(q => q.Reason));
        Assert.Equal(["C3"], result.Extract!.Contacts.Select(c => c.ContactId));
    }

    [Fact]
    public async Task Limits_HeaderBeyondTheLimits_FileRejected()
    {
        using var set = new ExtractFolder().Add("ssd_person.csv", "pers_person_id," + new string(',', 5_000) + "\r\nP1\r\n").Add("ssd_cin_episodes.csv", Episodes).WriteManifest();

        var result = await Ingest(set, Options with { Limits = new IngestLimits { MaxFieldsPerRow = 100 } });

        Assert.Contains("the header row is malformed (record has more than 100 fields", result.RejectedReason);
    }

    [Fact]
    public async Task RowCount_GzipHoldingMoreRowsThanListed_RejectedAtTheFirstExtraRow()
    {
        var rows = new StringBuilder("cont_contact_id,cont_person_id\r\n");
        for (var i = 0; i < 20_000; i++)
        {
            rows.Append('C').Append(i).Append(",P1\r\n");
        }

        using var set = new ExtractFolder().AddMinimal().Add("ssd_contacts.csv.gz", rows.ToString(), rows: 10, gzip: true).WriteManifest();

        var result = await Ingest(set);

        Assert.Contains("ssd_contacts.csv.gz: manifest says 10 rows, the file has more (reading stopped at row 11)", result.RejectedReason);
    }

    [Fact]
    public async Task RowCount_ManifestClaimingBillionsOfRows_AllocatesForTheFileNotTheClaim()
    {
        using var set = new ExtractFolder().AddMinimal().Add("ssd_contacts.csv", "cont_contact_id,cont_person_id\r\nC1,P1\r\n", rows: 2_000_000_000).WriteManifest();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = await Ingest(set);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("manifest says 2000000000 rows, the file has 1", result.RejectedReason);
        Assert.True(allocated < 64 << 20, $"{allocated:N0} bytes allocated for a one-row file");
    }

    [Fact]
    public async Task Manifest_LargerThanTheLimit_RejectedUnread()
    {
        using var set = new ExtractFolder().AddMinimal().WriteManifest(edit: m => m["padding"] = new string(' ', 4_000));

        var result = await Ingest(set, Options with { Limits = new IngestLimits { MaxManifestBytes = 1_000 } });

        Assert.Equal("manifest.json is larger than 1,000 bytes (setting max_manifest_bytes); it was not read further", result.RejectedReason);
    }

    [Fact]
    public async Task Manifest_HundredThousandEntries_RejectedWithAShortReason()
    {
        using var set = new ExtractFolder().AddMinimal()
            .WriteManifest(tamper: f => f.AddRange(Enumerable.Range(0, 100_000).Select(i => new Dictionary<string, object> { ["name"] = $"x{i}.csv", ["rows"] = 1, ["sha256"] = new string('a', 64) })));

        var result = await Ingest(set, Options with { Limits = new IngestLimits { MaxManifestBytes = 64 << 20 } });

        Assert.Equal("manifest lists 100,002 files, more than the 500 a set may hold (setting max_manifest_files)", result.RejectedReason);
    }

    [Fact]
    public async Task Manifest_ManyMissingFiles_ReasonNamesAFewAndCountsTheRest()
    {
        using var set = new ExtractFolder().AddMinimal()
            .WriteManifest(tamper: f => f.AddRange(Enumerable.Range(0, 400).Select(i => new Dictionary<string, object> { ["name"] = $"x{i:000}.csv", ["rows"] = 1, ["sha256"] = new string('a', 64) })));

        var result = await Ingest(set);

        Assert.Equal("listed file x000.csv, x001.csv, x002.csv, x003.csv, x004.csv and 395 more are missing from the set", result.RejectedReason);
    }

    [Theory]
    [InlineData("2099-01-01", null, "manifest as_at 2099-01-01 is in the future (today in England is 2023-07-01)")]
    [InlineData("9999-12-31", null, "manifest as_at 9999-12-31 is in the future")]
    [InlineData("0001-01-01", null, "manifest as_at 0001-01-01 is before 2000-01-01")]
    [InlineData("1999-12-31", null, "manifest as_at 1999-12-31 is before 2000-01-01")]
    [InlineData("2023-06-30", "2023-06-29T22:00:00Z", "manifest as_at 2023-06-30 is after the day the extract was made (extracted_at 2023-06-29)")]
    [InlineData("2023-06-30", "yesterday", "manifest extracted_at is not an ISO 8601 date or date-time")]
    public async Task Manifest_ImplausibleAsAt_RejectedWithOneLineNamingTheManifest(string asAt, string? extractedAt, string reason)
    {
        using var set = new ExtractFolder().AddMinimal().WriteManifest(asAt, edit: m =>
        {
            if (extractedAt is not null)
            {
                m["extracted_at"] = extractedAt;
            }
        });

        var result = await Ingest(set);

        Assert.StartsWith(reason, result.RejectedReason);
        Assert.DoesNotContain('\n', result.RejectedReason!);
    }

    [Theory]
    [InlineData("2023-07-02", "2023-07-02T06:00:00Z")]
    [InlineData("2023-06-30", "2023-06-30T23:30:00Z")]
    [InlineData("2023-06-30", "2023-07-01")]
    public async Task Manifest_AsAtUpToTomorrowInEngland_Accepted(string asAt, string extractedAt)
    {
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): the night of the 30th had ended there.
        using var set = new ExtractFolder().AddMinimal().WriteManifest(asAt, edit: m => m["extracted_at"] = extractedAt);

        var result = await Ingest(set);

        Assert.False(result.IsRejected, result.RejectedReason);
    }

    [Fact]
    public async Task Files_SymlinkToDevZero_RejectedWithoutReading()
    {
        using var set = new ExtractFolder().AddMinimal().Add("ssd_contacts.csv", "cont_contact_id,cont_person_id\r\nC1,P1\r\n").WriteManifest();
        File.Delete(Path.Combine(set.Path, "ssd_contacts.csv"));
        File.CreateSymbolicLink(Path.Combine(set.Path, "ssd_contacts.csv"), "/dev/zero");

        var result = await Ingest(set);

        Assert.Equal("ssd_contacts.csv cannot be read (it is a symbolic link; only regular files in the set are read)", result.RejectedReason);
        Assert.Equal((FileIngestStats.Rejected, result.RejectedReason), (result.Files.Single(f => f.Table == "ssd_contacts").Status, result.Files.Single(f => f.Table == "ssd_contacts").Reason));
    }

    [Fact]
    public async Task Files_FifoInPlaceOfAFile_NeverOpened()
    {
        using var set = new ExtractFolder().AddMinimal().Add("ssd_contacts.csv", "cont_contact_id,cont_person_id\r\nC1,P1\r\n").WriteManifest();
        File.Delete(Path.Combine(set.Path, "ssd_contacts.csv"));
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(set.Path, "ssd_contacts.csv")]))
        {
            await mkfifo.WaitForExitAsync();
        }

        // Opening a FIFO blocks until something writes to it: the run must not.
        var result = await Ingest(set).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("ssd_contacts.csv: SHA-256 differs", result.RejectedReason);
    }

    [Fact]
    public async Task RejectedSet_FilesTable_ListsTheFileThatStoppedItAndThoseNotReached()
    {
        using var set = new ExtractFolder().AddMinimal().Add("ssd_contacts.csv", "cont_contact_id,cont_person_id\r\nC1,P1\r\n", rows: 5)
            .Add("ssd_cp_plans.csv", "cppl_cp_plan_id,cppl_person_id\r\nCP1,P1\r\n").WriteManifest();

        var result = await Ingest(set);

        Assert.Equal(["ssd_person:accepted", "ssd_cin_episodes:accepted", "ssd_contacts:rejected", "ssd_cp_plans:skipped"], result.Files.Select(f => $"{f.Table}:{f.Status}"));
        Assert.Equal(result.RejectedReason, result.Files.Single(f => f.Table == "ssd_contacts").Reason);
    }

    // Text around bytes that are not UTF-8.
    private static byte[] Concat(string before, byte[] bad, string after) => [.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)];
}
