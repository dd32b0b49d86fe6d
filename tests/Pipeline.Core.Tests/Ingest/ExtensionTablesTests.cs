using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Ingest;

/// <summary>The local extension tables and the one column kind they bring: datetimes that keep their time of day.</summary>
public class ExtensionTablesTests
{
    private static Task<IngestResult> Ingest(ExtractFolder folder) => ExtractIngestor.IngestAsync(new LocalFolderExtractSource(folder.Path));

    [Theory]
    [InlineData("2023-06-05 14:30:00", 14, 30, 0, 0)]
    [InlineData("2023-06-05T14:30:15", 14, 30, 15, 0)]
    [InlineData("2023-06-05 14:30:00.123", 14, 30, 0, 123)]
    [InlineData("2023-06-05 14:30:00.1239999", 14, 30, 0, 123)]
    [InlineData(" 2023-06-05T00:00:01 ", 0, 0, 1, 0)]
    public void TryTimestamp_DateAndTimeForms_KeepTheTimeToTheMillisecond(string raw, int hour, int minute, int second, int millisecond)
    {
        Assert.True(ValueParsers.TryTimestamp(raw, out var value));
        Assert.Equal(new DateOnly(2023, 6, 5), value.Date);
        Assert.Equal(new TimeOnly(hour, minute, second, millisecond), value.TimeOfDay);
    }

    [Theory]
    [InlineData("2023-06-05")]
    [InlineData("05/06/2023")]
    [InlineData("2023-06-05 00:00:00")]
    [InlineData("2023-06-05T00:00:00.000")]
    public void TryTimestamp_DateOnlyFormsAndExactMidnight_HaveNoTimeOfDay(string raw)
    {
        Assert.True(ValueParsers.TryTimestamp(raw, out var value));
        Assert.Equal((new DateOnly(2023, 6, 5), false), (value.Date, value.HasTimeOfDay));
    }

    [Theory]
    [InlineData("2023-02-30 10:00:00")]
    [InlineData("2023-06-05T14:30")]
    [InlineData("2023-06-05T24:00:00")]
    [InlineData("2023-06-05 14:30:00.")]
    [InlineData("yesterday")]
    public void TryTimestamp_RejectsWhatTryDateRejects(string raw)
    {
        Assert.False(ValueParsers.TryTimestamp(raw, out _));
        Assert.False(ValueParsers.TryDate(raw, out _));
    }

    [Fact]
    public async Task IngestAsync_ContactDate_ReadAsADateAndAgainWithItsTime_OneQuarantineEntryWhenBad()
    {
        using var set = new ExtractFolder().AddMinimal()
            .Add("ssd_contacts.csv", "cont_contact_id,cont_person_id,cont_contact_date\r\nC1,P1,2023-06-05 14:30:00.000\r\nC2,P1,2023-06-06\r\nC3,P1,2023-02-30 10:00:00\r\n")
            .WriteManifest();

        var result = await Ingest(set);

        var contacts = result.Extract!.Contacts;
        Assert.Equal((new DateOnly(2023, 6, 5), new TimeOnly(14, 30)), (contacts[0].ContactDate, contacts[0].ContactDateTime!.Value.TimeOfDay));
        Assert.Equal((new DateOnly(2023, 6, 6), false), (contacts[1].ContactDate, contacts[1].ContactDateTime!.Value.HasTimeOfDay));
        Assert.Equal(((DateOnly?)null, (Timestamp?)null), (contacts[2].ContactDate, contacts[2].ContactDateTime));
        var bad = Assert.Single(result.Quarantine);
        Assert.Equal(("ssd_contacts", 4L, "cont_contact_date", IngestRule.BadDate), (bad.Table, bad.Line, bad.Column, bad.Rule));
        Assert.Equal(1, result.Files.Single(f => f.Table == "ssd_contacts").ValuesCleared);
    }

    [Fact]
    public async Task IngestAsync_ExtensionTables_ReadLikeAnyOptionalTableWithTimesKept()
    {
        using var set = new ExtractFolder().AddMinimal()
            .Add("ext_front_door_decisions.csv",
                "fdd_decision_id,fdd_contact_id,fdd_referral_id,fdd_decision_type,fdd_decision_datetime,fdd_team\r\n"
                + "D1,C1,,contact_decision,2023-06-05 16:45:10.250,T1\r\nD2,C1,R1,referral_decision,2023-06-07,T1\r\nD3,C2,,contact_decision,soon,T1\r\n,C3,,contact_decision,2023-06-05,T1\r\n")
            .Add("ext_supervisions.csv",
                "sup_supervision_type,sup_supervision_date,sup_person_id,sup_professional_id,sup_supervision_id\r\nworker,2023-06-01,,W1,S1\r\ncase,01/06/2023,P1,W1,S2\r\n")
            .WriteManifest();

        var result = await Ingest(set);

        Assert.False(result.IsRejected, result.RejectedReason);
        var decisions = result.Extract!.FrontDoorDecisions;
        Assert.Equal(3, decisions.Count);
        Assert.Equal(new FrontDoorDecision("D1", "C1", null, "contact_decision", new Timestamp(new DateOnly(2023, 6, 5), new TimeOnly(16, 45, 10, 250)), "T1"), decisions[0]);
        Assert.False(decisions[1].DecidedAt!.Value.HasTimeOfDay);
        Assert.Null(decisions[2].DecidedAt);
        Assert.Equal([("ext_front_door_decisions", 4L, IngestRule.BadDate), ("ext_front_door_decisions", 5L, IngestRule.KeyMissing)],
            result.Quarantine.Select(q => (q.Table, q.Line, q.Rule)));
        Assert.Equal([new Supervision("S1", "W1", null, null, "worker", new DateOnly(2023, 6, 1)), new Supervision("S2", "W1", null, "P1", "case", new DateOnly(2023, 6, 1))],
            result.Extract.Supervisions);
        Assert.Equal(ColumnState.ColumnAbsent, result.Extract.StateOf("ext_supervisions", "sup_supervisor_id"));
    }

    [Fact]
    public async Task IngestAsync_PerRowIds_ReadBackAsWrittenAndBlankAsNull()
    {
        // pers_common_child_id and pers_legacy_id are held as ids, not pooled: blank is null, values trimmed as any text.
        using var set = new ExtractFolder()
            .Add("ssd_person.csv", "pers_person_id,pers_common_child_id,pers_legacy_id\r\nP1,,L0500001\r\nP2, 9991000002 ,\r\nP3,9991000003,L0500003\r\nP4,UPN-4, \r\n")
            .Add("ssd_cin_episodes.csv", "cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-01-01\r\n")
            .WriteManifest();

        var result = await Ingest(set);

        var persons = result.Extract!.Persons;
        Assert.Equal([null, "9991000002", "9991000003", "UPN-4"], persons.Select(p => p.CommonChildId));
        Assert.Equal(["L0500001", null, "L0500003", null], persons.Select(p => p.LegacyId));
        Assert.Equal([null, "9991000002", "9991000003", "UPN-4"], Enumerable.Range(0, persons.Count).Select(persons.Field(nameof(Person.CommonChildId), p => p.CommonChildId)));
        Assert.Equal(ColumnState.Filled, result.Extract.StateOf("ssd_person", "pers_legacy_id"));
        Assert.True(TableBinding<Person>.Instance.Columns.Single(c => c.Name == "pers_legacy_id").PerRow);
    }

    [Fact]
    public void IdPooling_IsDecidedByTheSsdTablesAlone()
    {
        // fdd_contact_id names contacts, but pooling every contact id of a national extract for it would cost more than it saves.
        Assert.False(SsdTables.IsReferenced(TableBinding<Contact>.Instance));
        Assert.True(SsdTables.IsReferenced(TableBinding<CinEpisode>.Instance));
        Assert.True(SsdTables.IsReferenced(TableBinding<Person>.Instance));

        // disa_table_id and miss_table_id end alike, but each is its own table's id: neither names the other's rows.
        Assert.False(SsdTables.IsReferenced(TableBinding<Disability>.Instance));
        Assert.False(SsdTables.IsReferenced(TableBinding<MissingEpisode>.Instance));
        Assert.True(SsdTables.IsExtension(TableBinding<Supervision>.Instance));
        Assert.False(SsdTables.IsExtension(TableBinding<Department>.Instance));
    }

    [Fact]
    public async Task IngestAsync_SsdOnlySet_HasNoExtensionTables()
    {
        using var set = new ExtractFolder().AddMinimal().WriteManifest();

        var result = await Ingest(set);

        Assert.Empty(result.Warnings);
        Assert.Equal(ColumnState.TableAbsent, result.Extract!.StateOf("ext_front_door_decisions", "fdd_decision_datetime"));
        Assert.False(result.Extract.HasTable("ext_supervisions"));
    }
}
