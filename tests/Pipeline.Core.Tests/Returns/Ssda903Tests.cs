using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Quality;
using Pipeline.Returns;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Returns;

/// <summary>The SSDA903 return, CSV and XML, field by field into the SSD tables (Returns/Ssda903Mapping.cs).</summary>
public class Ssda903Tests
{
    // as_at 2026-10-31: the current return is 2026-27, the _last files 2025-26.
    private static readonly IngestOptions Options = new() { Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero)) };

    private const string Header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\n"
        + "C1,F,01/02/2012,WBRI,A123456789012,0,\r\n"
        + "C2,M,2010-05-06,ABAN,,1,01/01/2026\r\n";

    // C1: starts care (S), moves (P), changes legal status only (L), adopted (E11). C2: in care since March 2025.
    private const string Episodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"
        + "C1,10/04/2026,S,C2,N1,U6,PR1,01/06/2026,X1,CARPL,AB1 2CD,EF3 4GH,SC111111\r\n"
        + "C1,01/06/2026,P,C2,N1,K2,PR4,15/07/2026,X1,,,,SC222222\r\n"
        + "C1,15/07/2026,L,E1,N1,K2,PR4,30/09/2026,E11,,,,SC222222\r\n"
        + "C2,01/03/2025,S,V2,N4,U4,PR1,,,,,,SC333333\r\n";

    // Last year's return knew C2's episode with another need code (this year's copy wins) and C3's episode that ended then.
    private const string EpisodesLast = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\r\n"
        + "C2,01/03/2025,S,V2,N5,U4,PR1,,,,,,SC333333\r\n"
        + "C3,02/05/2025,S,V2,N2,U6,PR1,20/08/2025,E4A,,,,SC444444\r\n";

    private const string HeaderLast = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nC2,M,06/05/2010,ABAN,,,\r\nC3,F,03/03/2015,MWBA,,0,\r\n";

    private const string Reviews = "CHILD,DOB,REVIEW,REVIEW_CODE\r\nC1,01/02/2012,05/05/2026,PN1\r\nC1,01/02/2012,05/05/2026,PN3\r\n";

    private const string Oc3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\r\nC9,01/01/2007,YES,F2,D1\r\nC8,01/01/2006,DIED,0,0\r\n";

    private const string Missing = "CHILD,DOB,MISSING,MIS_START,MIS_END\r\nC1,01/02/2012,M,01/05/2026,02/05/2026\r\n";

    private const string SwEpisodes = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\r\nC1,01/02/2012,W7,10/04/2026,01/06/2026,MANAGE\r\n";

    // C1 is adopted (E11): the AD1's DATE_INT is the day of the decision placed_for_adoption records, so the two make one row.
    // C2's decision was reversed; last year's copy of it, not yet reversed, only fills in what this year's leaves empty.
    private const string Ad1 = "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\r\nC1,01/02/2012,01/07/2026,20/08/2026,0,2,MF,L11\r\n";

    private const string PlacedForAdoption = "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\r\n"
        + "C1,01/02/2012,01/07/2026,,\r\nC2,06/05/2010,01/05/2025,01/09/2025,RD1\r\n";

    private const string PlacedForAdoptionLast = "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\r\nC2,06/05/2010,01/05/2025,,RD4\r\n";

    private static ExtractFolder Csv(string episodes = Episodes, string ad1 = Ad1, string placedLast = PlacedForAdoptionLast, string placed = PlacedForAdoption,
        string duc = "06/05/2028") => new ExtractFolder()
        .Add("header.csv", Header).Add("episodes.csv", episodes).Add("reviews.csv", Reviews).Add("oc3.csv", Oc3).Add("missing.csv", Missing)
        .Add("sw_episodes.csv", SwEpisodes).Add("uasc.csv", $"CHILD,SEX,DOB,DUC\r\nC2,M,06/05/2010,{duc}\r\n")
        .Add("ad1.csv", ad1).Add("placed_for_adoption.csv", placed).Add("placed_for_adoption_last.csv", placedLast)
        .Add("header_last.csv", HeaderLast).Add("episodes_last.csv", EpisodesLast);

    private static Task<IngestResult> Ingest(ExtractFolder folder) => ExtractIngestor.IngestAsync(new LocalFolderExtractSource(folder.Path), Options);

    private static ExtractFolder Manifest(ExtractFolder folder, object format) => folder.WriteManifest("2026-10-31", edit: m => m["format"] = format);

    [Fact]
    public async Task Csv_EveryMappedField_LandsInItsSsdColumn()
    {
        using var set = Manifest(Csv(), "ssda903");

        var result = await Ingest(set);

        Assert.Null(result.RejectedReason);
        var extract = result.Extract!;
        var c1 = extract.Persons.Single(p => p.PersonId == "C1");
        Assert.Equal(("F", new DateOnly(2012, 2, 1), "WBRI", false), (c1.Sex, c1.DateOfBirth, c1.Ethnicity, c1.IsMother));
        var c2 = extract.Persons.Single(p => p.PersonId == "C2");
        Assert.Equal(("M", new DateOnly(2010, 5, 6), "ABAN", true), (c2.Sex, c2.DateOfBirth, c2.Ethnicity, c2.IsMother));

        var episodes = extract.ClaEpisodes.Where(e => e.PersonId == "C1").OrderBy(e => e.StartDate).ToList();
        Assert.Equal(["C1:E:2026-04-10", "C1:E:2026-06-01", "C1:E:2026-07-15"], episodes.Select(e => e.EpisodeId));
        Assert.Equal(["S", "P", "L"], episodes.Select(e => e.StartReason));
        Assert.Equal(["X1", "X1", "E11"], episodes.Select(e => e.CeasedReason));
        Assert.Equal([new DateOnly(2026, 6, 1), new DateOnly(2026, 7, 15), new DateOnly(2026, 9, 30)], episodes.Select(e => e.CeasedDate!.Value));
        Assert.All(episodes, e => Assert.Equal(("N1", "C1", new DateOnly(2026, 4, 10)), (e.PrimaryNeedCode, e.ClaId, e.EnteredCareDate)));
        Assert.Equal(["C1:P:2026-04-10", "C1:P:2026-06-01", "C1:P:2026-06-01"], episodes.Select(e => e.PlacementId));

        // Placements are runs of episodes from a new placement (S, P); a change of legal status alone (L) stays in the placement.
        var placements = extract.ClaPlacements.Where(p => p.PersonId == "C1").OrderBy(p => p.StartDate).ToList();
        Assert.Equal(2, placements.Count);
        Assert.Equal((new DateOnly(2026, 4, 10), new DateOnly(2026, 6, 1), "U6", "PR1", "SC111111", "CARPL", "C1"),
            (placements[0].StartDate, placements[0].EndDate, placements[0].PlacementType, placements[0].Provider, placements[0].Urn, placements[0].ChangeReason, placements[0].ClaId));
        Assert.Equal((new DateOnly(2026, 6, 1), new DateOnly(2026, 9, 30), "K2", "PR4", null), (placements[1].StartDate, placements[1].EndDate, placements[1].PlacementType,
            placements[1].Provider, placements[1].ChangeReason));

        // Legal statuses are runs from a new legal status (S, L): C2 from the first two episodes, E1 from the third.
        var statuses = extract.LegalStatuses.Where(l => l.PersonId == "C1").OrderBy(l => l.StartDate).Select(l => (l.Code, l.StartDate, l.EndDate)).ToList();
        Assert.Equal([("C2", new DateOnly(2026, 4, 10), new DateOnly(2026, 7, 15)), ("E1", new DateOnly(2026, 7, 15), new DateOnly(2026, 9, 30))], statuses);

        var reviews = extract.ClaReviews.OrderBy(r => r.ReviewId).ToList();
        Assert.Equal(["C1:R:2026-05-05", "C1:R:2026-05-05:2"], reviews.Select(r => r.ReviewId));
        Assert.Equal([("C1", "PN1"), ("C1", "PN3")], reviews.Select(r => (r.ClaId!, r.Participation!)));

        var leaver = extract.CareLeavers.Single(c => c.PersonId == "C9");
        Assert.Equal(("C9:CL", "YES", "F2", "D", "1"), (leaver.CareLeaverId, leaver.InTouch, leaver.Activity, leaver.Accommodation, leaver.AccommodationSuitable));
        var died = extract.CareLeavers.Single(c => c.PersonId == "C8");
        Assert.Equal(("0", null), (died.Accommodation, died.AccommodationSuitable));

        var missing = Assert.Single(extract.MissingEpisodes);
        Assert.Equal(("C1:M:2026-05-01", "C1", "M", new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 2)),
            (missing.MissingId, missing.PersonId, missing.EpisodeType, missing.StartDate, missing.EndDate));
        Assert.False(extract.HasColumn("ssd_missing", "miss_missing_rhi_offered"));

        var allocation = Assert.Single(extract.Involvements);
        Assert.Equal(("C1", "W7", Ssda903Mapping.SocialWorkerRole, new DateOnly(2026, 4, 10), new DateOnly(2026, 6, 1), "MANAGE"),
            (allocation.PersonId, allocation.ProfessionalId, allocation.RoleId, allocation.StartDate, allocation.EndDate, allocation.ChangeReason));
    }

    [Fact]
    public async Task Csv_Uasc_IsAUascImmigrationStatusEndingOnDucAndThisYearsWins()
    {
        using var set = Manifest(Csv().Add("uasc_last.csv", "CHILD,SEX,DOB,DUC\r\nC2,M,06/05/2010,01/01/2027\r\nC3,F,03/03/2015,\r\n"), "ssda903");

        var extract = (await Ingest(set)).Extract!;

        var rows = extract.ImmigrationStatuses.OrderBy(s => s.PersonId, StringComparer.Ordinal)
            .Select(s => (s.ImmigrationStatusId, s.PersonId, s.Status, s.StartDate, s.EndDate)).ToList();
        Assert.Equal([("C2:UASC", "C2", "UASC", null, new DateOnly(2028, 5, 6)), ("C3:UASC", "C3", "UASC", null, null)], rows);
    }

    [Fact]
    public async Task Csv_BadDatePlaced_QuarantinedAsAPermanenceValue()
    {
        using var set = Manifest(Csv(placedLast: "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\r\nC4,01/01/2016,30/02/2025,,\r\n"), "ssda903");

        var result = await Ingest(set);

        var bad = Assert.Single(result.Quarantine, q => q.File == "placed_for_adoption_last.csv");
        Assert.Equal(("ssd_permanence", 2L, "placed_for_adoption.DATE_PLACED", IngestRule.BadDate, QuarantineAction.ValueCleared, "30/02/2025"),
            (bad.Table, bad.Line, bad.Column, bad.Rule, bad.Action, bad.Value));
        var row = Assert.Single(result.Extract!.Permanences, p => p.PersonId == "C4");
        Assert.Equal(("C4:PERM:undated", null), (row.PermanenceId, row.DecisionDate));
    }

    [Fact]
    public async Task Csv_Ad1AndPlacedForAdoption_AreOnePermanenceRowPerDecision()
    {
        using var set = Manifest(Csv(), "ssda903");

        var result = await Ingest(set);

        Assert.Empty(result.Quarantine.Where(q => q.Table == "ssd_permanence"));
        var rows = result.Extract!.Permanences.OrderBy(p => p.PermanenceId, StringComparer.Ordinal).ToList();
        Assert.Equal(["C1:PERM:2026-07-01", "C2:PERM:2025-05-01"], rows.Select(p => p.PermanenceId));

        // C1: DATE_PLACED and DATE_INT (01/07/2026) are one decision; the AD1 gives matching and the adopters.
        var c1 = rows[0];
        Assert.Equal(("C1", "C1", new DateOnly(2026, 7, 1), new DateOnly(2026, 8, 20), false, "2", "MF", "L11"),
            (c1.PersonId, c1.ClaId, c1.DecisionDate, c1.MatchedDate, c1.AdoptedByCarer, c1.NumberOfAdopters, c1.AdopterSex, c1.AdopterLegalStatus));
        Assert.Equal((null, null, null, null), (c1.DecisionReversedDate, c1.DecisionReversedReason, c1.PlacedForAdoptionDate, c1.PlacementOrderDate));

        // C2: this year's reversal (01/09/2025, RD1) stands over last year's copy (no date, RD4).
        var c2 = rows[1];
        Assert.Equal(("C2", new DateOnly(2025, 5, 1), new DateOnly(2025, 9, 1), "RD1", null, null),
            (c2.PersonId, c2.DecisionDate, c2.DecisionReversedDate, c2.DecisionReversedReason, c2.MatchedDate, c2.AdoptedByCarer));
    }

    [Fact]
    public async Task Csv_Ad1WithAnotherDateThanTheDecision_IsARowOfItsOwn()
    {
        using var set = Manifest(Csv(ad1: Ad1.Replace("01/07/2026", "02/07/2026", StringComparison.Ordinal)), "ssda903");

        var extract = (await Ingest(set)).Extract!;

        var c1 = extract.Permanences.Where(p => p.PersonId == "C1").OrderBy(p => p.PermanenceId, StringComparer.Ordinal)
            .Select(p => (p.PermanenceId, p.DecisionDate, p.MatchedDate)).ToList();
        Assert.Equal([("C1:PERM:2026-07-01", new DateOnly(2026, 7, 1), null), ("C1:PERM:2026-07-02", new DateOnly(2026, 7, 2), new DateOnly(2026, 8, 20))], c1);
    }

    [Fact]
    public async Task Csv_TheDfesUascAndAdoptionRules_JudgeTheReturnsRecords()
    {
        // C2 (born 06/05/2010): UASC status ceased a day after the 18th birthday (903:304); a decision reversed this year with no reason,
        // and last year's decision of 01/05/2025 with a reason (RD4) and no date, still in force (903:119).
        using var set = Manifest(Csv(duc: "07/05/2028", placed: "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\r\nC2,06/05/2010,01/05/2026,01/09/2026,\r\n"),
            "ssda903");

        var extract = (await Ingest(set)).Extract!;

        List<string?> Flagged(string code) => [.. QualityRules.Find(code)!.Find(new QualityInputs(extract)).Select(f => f.RecordId)];
        Assert.Equal(["C2:UASC"], Flagged("903:304"));
        Assert.Equal(["C2:PERM:2025-05-01", "C2:PERM:2026-05-01"], Flagged("903:119").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Csv_LastYearsFiles_CoverTwoYearsAndThisYearsCopyOfARecordWins()
    {
        using var set = Manifest(Csv(), "ssda903");

        var extract = (await Ingest(set)).Extract!;

        var c2 = Assert.Single(extract.ClaEpisodes, e => e.PersonId == "C2");
        Assert.Equal(("N4", new DateOnly(2025, 3, 1)), (c2.PrimaryNeedCode, c2.EnteredCareDate));
        Assert.Single(extract.ClaEpisodes, e => e.PersonId == "C3");
        Assert.Equal(new DateOnly(2010, 5, 6), extract.Persons.Single(p => p.PersonId == "C2").DateOfBirth);

        var coverage = extract.CoverageOf("ssd_cla_episodes");
        Assert.Equal((new DateOnly(2025, 4, 1), new DateOnly(2026, 10, 31)), (coverage.From, coverage.To));
        Assert.Null(coverage.Limitation);
        Assert.NotNull(extract.CoverageOf("ssd_involvements").Limitation);
        Assert.NotNull(extract.CoverageOf("ssd_care_leavers").Limitation);
    }

    [Fact]
    public async Task Csv_WithoutLastYear_CoversTheCollectionYearOnly()
    {
        using var set = Manifest(new ExtractFolder().Add("header.csv", Header).Add("episodes.csv", Episodes), "ssda903");

        var extract = (await Ingest(set)).Extract!;

        Assert.Equal(new DateOnly(2026, 4, 1), extract.CoverageOf("ssd_cla_episodes").From);
        Assert.Equal(TableCoverage.Complete, extract.CoverageOf("ssd_cp_plans"));
    }

    [Fact]
    public async Task Csv_FinalReturnOfAnEarlierYear_CoversToItsYearEnd()
    {
        using var set = new ExtractFolder().Add("header.csv", Header).Add("episodes.csv", Episodes)
            .WriteManifest("2026-10-31", edit: m => (m["format"], m["collection_year"]) = ("ssda903", "2025-26"));

        var extract = (await Ingest(set)).Extract!;

        var coverage = extract.CoverageOf("ssd_cla_episodes");
        Assert.Equal((new DateOnly(2025, 4, 1), new DateOnly(2026, 3, 31)), (coverage.From, coverage.To));
    }

    [Fact]
    public async Task Csv_BadDateAndEmptyChild_QuarantinedWithFileLineAndColumn()
    {
        var episodes = Episodes + "C4,31/02/2026,S,V2,N1,U6,PR1,,,,,,SC5\r\n,01/05/2026,S,V2,N1,U6,PR1,,,,,,SC6\r\n";
        using var set = Manifest(Csv(episodes), "ssda903");

        var result = await Ingest(set);

        Assert.Null(result.RejectedReason);
        var bad = Assert.Single(result.Quarantine, q => q.Rule == IngestRule.BadDate);
        Assert.Equal(("ssd_cla_episodes", "episodes.csv", 6L, "episodes.DECOM", QuarantineAction.ValueCleared, "31/02/2026"),
            (bad.Table, bad.File, bad.Line, bad.Column, bad.Action, bad.Value));
        var keyless = Assert.Single(result.Quarantine, q => q.Rule == IngestRule.KeyMissing);
        Assert.Equal((7L, QuarantineAction.RowRejected), (keyless.Line, keyless.Action));
        var stats = result.Files.Single(f => f.File == "episodes.csv");
        Assert.Equal((6L, 5L, 1L, 1L), (stats.RowsRead, stats.RowsAccepted, stats.RowsQuarantined, stats.ValuesCleared));
        Assert.Null(result.Extract!.ClaEpisodes.Single(e => e.PersonId == "C4").StartDate);
    }

    [Fact]
    public async Task Csv_HeaderWithoutChild_FileRejectedAndCounted()
    {
        using var set = Manifest(Csv().Add("missing_last.csv", "DOB,MISSING,MIS_START,MIS_END\r\n01/01/2012,M,01/05/2025,02/05/2025\r\n"), "ssda903");

        var result = await Ingest(set);

        Assert.Null(result.RejectedReason);
        var stats = result.Files.Single(f => f.File == "missing_last.csv");
        Assert.Equal((FileIngestStats.Rejected, 1L, 1L), (stats.Status, stats.RowsRead, stats.RowsQuarantined));
        Assert.Contains(result.Warnings, w => w.Contains("missing_last.csv was rejected", StringComparison.Ordinal));
        Assert.Equal(IngestRule.MissingKeyColumn, Assert.Single(result.Quarantine, q => q.File == "missing_last.csv").Rule);
    }

    [Theory]
    [InlineData("notes.csv", "CHILD,NOTE\r\nC1,x\r\n", "notes.csv is not an SSDA903 table")]
    [InlineData("reviews.csv", "clar_cla_review_id,clar_cla_id\r\nR1,C1\r\n", "reviews.csv is not an SSDA903 reviews table: its header has none of CHILD, DOB, REVIEW, REVIEW_CODE")]
    [InlineData("plan.xlsx", "not a workbook", "plan.xlsx is not a file of the set's format (ssda903)")]
    public async Task AFileThatIsNotWhatTheManifestSays_RejectsTheSet(string name, string content, string reason)
    {
        using var set = Manifest(new ExtractFolder().Add("header.csv", Header).Add("episodes.csv", Episodes).Add(name, content), "ssda903");

        var result = await Ingest(set);

        Assert.StartsWith(reason, result.RejectedReason, StringComparison.Ordinal);
        Assert.Null(result.Extract);
    }

    [Fact]
    public async Task WithoutThisYearsEpisodes_TheSetIsRejected()
    {
        using var set = Manifest(new ExtractFolder().Add("header.csv", Header).Add("episodes_last.csv", EpisodesLast), "ssda903");

        var result = await Ingest(set);

        Assert.Equal("format ssda903 needs the 2026-27 return: header.csv and episodes.csv, or its XML (the previous year's files name it with _last)", result.RejectedReason);
    }

    [Fact]
    public async Task ManifestRowsOrHash_Differ_RejectTheSetAsForTheSsd()
    {
        using var fewer = new ExtractFolder().Add("header.csv", Header).Add("episodes.csv", Episodes)
            .WriteManifest("2026-10-31", tamper: f => f[1]["rows"] = 3L, edit: m => m["format"] = "ssda903");

        var result = await Ingest(fewer);

        Assert.Equal("episodes.csv: manifest says 3 rows, the file has more (reading stopped at row 4; rows are data rows)", result.RejectedReason);
    }

    [Fact]
    public async Task Xml_TheSameReturn_GivesTheSameTables()
    {
        using var csv = Manifest(Csv(), "ssda903");
        using var xml = Manifest(new ExtractFolder()
            .Add("ssda903.xml", Xml(), rows: 4)
            .Add("ssda903_last.xml", XmlLast(), rows: 2), "ssda903");

        var fromCsv = (await Ingest(csv)).Extract!;
        var xmlResult = await Ingest(xml);
        Assert.Null(xmlResult.RejectedReason);
        var fromXml = xmlResult.Extract!;

        Assert.Equal(Rows(fromCsv.ClaEpisodes), Rows(fromXml.ClaEpisodes));
        Assert.Equal(Rows(fromCsv.ClaPlacements), Rows(fromXml.ClaPlacements));
        Assert.Equal(Rows(fromCsv.LegalStatuses), Rows(fromXml.LegalStatuses));
        Assert.Equal(Rows(fromCsv.ClaReviews), Rows(fromXml.ClaReviews));
        Assert.Equal(Rows(fromCsv.MissingEpisodes), Rows(fromXml.MissingEpisodes));
        Assert.Equal(Rows(fromCsv.CareLeavers.Where(c => c.PersonId == "C9")), Rows(fromXml.CareLeavers));
        Assert.Equal(Rows(fromCsv.Persons), Rows(fromXml.Persons.Where(p => p.PersonId is not ("C9" or "C8"))));
        Assert.Equal(Rows(fromCsv.ImmigrationStatuses), Rows(fromXml.ImmigrationStatuses));
        Assert.Equal(Rows(fromCsv.Permanences), Rows(fromXml.Permanences));
        Assert.Equal(2, fromXml.Permanences.Count);
        Assert.Equal(4, xmlResult.Files.Single(f => f.File == "ssda903.xml").RowsRead);
    }

    [Fact]
    public async Task Xml_Uasc0_MakesNoImmigrationStatusEvenWithADuc()
    {
        using var set = Manifest(new ExtractFolder().Add("ssda903.xml", "<EXPSSDA903><CHILD><HEADER><CHILDID>C5</CHILDID><DOB>01/01/2012</DOB>"
            + "<UASC>0</UASC><DUC>01/01/2030</DUC></HEADER>" + Episode("01/05/2026", "S", "V2", "N1", "U6", "PR1", "", "", "", "SC1") + "</CHILD>"
            + "<CHILD><HEADER><CHILDID>C6</CHILDID><DOB>01/01/2012</DOB><UASC>1</UASC><DUC/></HEADER>"
            + Episode("01/05/2026", "S", "V2", "N1", "U6", "PR1", "", "", "", "SC1") + "</CHILD></EXPSSDA903>", rows: 2), "ssda903");

        var extract = (await Ingest(set)).Extract!;

        var uasc = Assert.Single(extract.ImmigrationStatuses);
        Assert.Equal(("C6", "UASC", null), (uasc.PersonId, uasc.Status, uasc.EndDate));
    }

    [Fact]
    public async Task Xml_NotAnSsda903Return_RejectsTheSet()
    {
        using var set = Manifest(new ExtractFolder().Add("ssda903.xml", "<Message><Children/></Message>", rows: 0), "ssda903");

        var result = await Ingest(set);

        Assert.Equal("ssda903.xml is not an SSDA903 return: its root element is Message, not EXPSSDA903", result.RejectedReason);
    }

    private static List<string> Rows<T>(IEnumerable<T> rows) => [.. rows.Select(r => r!.ToString()!).Order(StringComparer.Ordinal)];

    // The same children as the CSV above, as the return's XML (ingress.py's elements; CHILDID for CHILD, PL for PLACE).
    private static string Xml()
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EXPSSDA903>");
        xml.Append("<CHILD><HEADER><CHILDID>C1</CHILDID><UPN>A123456789012</UPN><SEX>F</SEX><DOB>01/02/2012</DOB><ETHNIC>WBRI</ETHNIC><UASC>0</UASC>")
            .Append("<DATE_INT>01/07/2026</DATE_INT><DATE_MATCH>20/08/2026</DATE_MATCH><FOSTER_CARE>0</FOSTER_CARE><NB_ADOPTR>2</NB_ADOPTR>")
            .Append("<SEX_ADOPTR>MF</SEX_ADOPTR><LS_ADOPTR>L11</LS_ADOPTR><AD_PLACED><DATE_PLACED>01/07/2026</DATE_PLACED><DATE_PLACED_CEASED/><REASON_PLACED_CEASED/></AD_PLACED>")
            .Append("<AREVIEW><REVIEW>05/05/2026</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW><AREVIEW><REVIEW>05/05/2026</REVIEW><REVIEW_CODE>PN3</REVIEW_CODE></AREVIEW>")
            .Append("<AMISSING><MISSING>M</MISSING><MIS_START>01/05/2026</MIS_START><MIS_END>02/05/2026</MIS_END></AMISSING><MOTHER>0</MOTHER><MC_DOB/></HEADER>")
            .Append(Episode("10/04/2026", "S", "C2", "N1", "U6", "PR1", "01/06/2026", "X1", "CARPL", "SC111111"))
            .Append(Episode("01/06/2026", "P", "C2", "N1", "K2", "PR4", "15/07/2026", "X1", "", "SC222222"))
            .Append(Episode("15/07/2026", "L", "E1", "N1", "K2", "PR4", "30/09/2026", "E11", "", "SC222222"))
            .Append("</CHILD>");
        xml.Append("<CHILD><HEADER><CHILDID>C2</CHILDID><SEX>M</SEX><DOB>06/05/2010</DOB><ETHNIC>ABAN</ETHNIC><MOTHER>1</MOTHER><MC_DOB>01/01/2026</MC_DOB><UASC>1</UASC><DUC>06/05/2028</DUC>")
            .Append("<AD_PLACED><DATE_PLACED>01/05/2025</DATE_PLACED><DATE_PLACED_CEASED>01/09/2025</DATE_PLACED_CEASED><REASON_PLACED_CEASED>RD1</REASON_PLACED_CEASED></AD_PLACED></HEADER>")
            .Append(Episode("01/03/2025", "S", "V2", "N4", "U4", "PR1", "", "", "", "SC333333")).Append("</CHILD>");
        xml.Append("<CHILD><HEADER><CHILDID>C9</CHILDID><DOB>01/01/2007</DOB><IN_TOUCH>YES</IN_TOUCH><ACTIV>F2</ACTIV><ACCOM>D1</ACCOM></HEADER></CHILD>");
        xml.Append("<CHILD><HEADER><CHILDID>C8</CHILDID></HEADER></CHILD>");
        return xml.Append("</EXPSSDA903>").ToString();
    }

    private static string XmlLast() =>
        "<EXPSSDA903><CHILD><HEADER><CHILDID>C2</CHILDID><SEX>M</SEX><DOB>06/05/2010</DOB><ETHNIC>ABAN</ETHNIC>"
        + "<AD_PLACED><DATE_PLACED>01/05/2025</DATE_PLACED><REASON_PLACED_CEASED>RD4</REASON_PLACED_CEASED></AD_PLACED></HEADER>"
        + Episode("01/03/2025", "S", "V2", "N5", "U4", "PR1", "", "", "", "SC333333") + "</CHILD>"
        + "<CHILD><HEADER><CHILDID>C3</CHILDID><SEX>F</SEX><DOB>03/03/2015</DOB><ETHNIC>MWBA</ETHNIC><MOTHER>0</MOTHER></HEADER>"
        + Episode("02/05/2025", "S", "V2", "N2", "U6", "PR1", "20/08/2025", "E4A", "", "SC444444") + "</CHILD></EXPSSDA903>";

    private static string Episode(string decom, string rne, string ls, string cin, string place, string provider, string dec, string rec, string reason, string urn) =>
        $"<EPISODE><DECOM>{decom}</DECOM><RNE>{rne}</RNE><LS>{ls}</LS><CIN>{cin}</CIN><PL>{place}</PL><PLACE_PROVIDER>{provider}</PLACE_PROVIDER>"
        + $"<DEC>{dec}</DEC><REC>{rec}</REC><REASON_PLACE_CHANGE>{reason}</REASON_PLACE_CHANGE><HOME_POST/><PL_POST/><URN>{urn}</URN></EPISODE>";
}
