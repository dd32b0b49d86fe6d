using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Returns;
using Pipeline.Storage;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Support.Workbook;

namespace Pipeline.Tests.Returns;

/// <summary>Ofsted's Annex A workbook, list by list into the SSD tables (Returns/AnnexAMapping.cs); names never read; hostile workbooks refused.</summary>
public class AnnexATests
{
    private static readonly IngestOptions Options = new() { Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero)) };

    // Names a worker or adviser column holds: made-up words that cannot occur by chance anywhere else.
    private const string WorkerName = "Quillon Brackenholt";
    private const string AdviserName = "Zephyrine Thornwhistle";
    private const string ChildName = "Orvandel Marrowdine";

    private static readonly string[] Person = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"];

    private static object?[][] Sheet(string[] columns, params object?[][] rows) => [[.. Person, .. columns], .. rows];

    private static object?[] Child(string id, params object?[] rest) => [id, "b) Female", "a) WBRI", new Day(new DateOnly(2012, 2, 1)), 14, .. rest];

    private static byte[] FullWorkbook() => Build(
        ("List 1 - Contacts", Sheet(["Date of Contact", "Contact Source"],
            Child("A1", new Day(new DateOnly(2026, 9, 1)), "a) 1A: Individual"),
            Child("A1", "01/09/2026", "2A: Schools"))),
        ("Early help", Sheet(["Assessment start date", "Assessment completion date", "Organisation completing assessment"], Child("A1", new Day(new DateOnly(2026, 8, 1)), null, "Team X"))),
        ("List 3", Sheet(["Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"],
            Child("A1", new Day(new DateOnly(2026, 9, 2)), "e) 2A: Schools", "b) No", 1, "Front Door", WorkerName))),
        ("List 4", Sheet(["Does the Child have a Disability", "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
                "Continuous Assessment Date of Authorisation", "Was the child assessed as requiring LA children's social care support?", "Allocated Team", "Allocated Worker"],
            Child("A1", "c) Unknown", new Day(new DateOnly(2026, 9, 3)), "a) Yes", new Day(new DateOnly(2026, 10, 1)), "b) No", "Assessment Team", WorkerName))),
        ("List 5", Sheet(["Does the Child have a Disability", "Strategy discussion initiating Section 47 Enquiry Start Date", "Was an Initial Child Protection Conference deemed unnecessary?",
                "Date of Initial Child Protection Conference", "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months", "Allocated Team", "Allocated Worker"],
            Child("A1", "b) No", new Day(new DateOnly(2026, 9, 4)), "b) No", new Day(new DateOnly(2026, 9, 20)), "a) Yes", 1, 1, "CP Team", WorkerName))),
        ("List 6", Sheet(["Does the Child have a Disability", "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure",
                "Case Status", "Allocated Team", "Allocated Worker"],
            Child("A1", "b) No", new Day(new DateOnly(2026, 9, 2)), "N1 - Abuse or neglect", new Day(new DateOnly(2026, 10, 20)), null, null, "b) Child Protection plan",
                "CIN Team", WorkerName))),
        ("List 7", Sheet(["Does the Child have a Disability", "Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse",
                "Date of the Last Statutory Visit", "Was the Child Seen Alone?", "Date of latest review conference", "Child Protection Plan End Date",
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)", "Number of Previous Child Protection Plans",
                "Allocated Team", "Allocated Worker"],
            Child("A1", "b) No", new Day(new DateOnly(2026, 9, 20)), "a) Neglect", "e) Multiple/not recommended", new Day(new DateOnly(2026, 10, 25)), "a) Yes",
                new Day(new DateOnly(2026, 10, 15)), null, "b) No", 0, "CP Team", WorkerName))),
        ("List 8 - Children in care", Sheet(["Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", "Does the Child have a Disability",
                "Date Started to be Looked After", "Child's Category of Need",
                "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)", "Start date of current legal status",
                "Child's Legal Status", "Date of Latest Statutory Review", "Date of Last Social Work Visit", "What is the permanence plan for this child?",
                "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment", "Date of Last Dental Check", "Number of Placements in the Last 12 months",
                "Date Ceased to be Looked After", "Reason Ceased to be Looked After", "Start Date of Most Recent Placement", "Placement Type", "Placement Provider",
                "Placement postcode", "URN of Placement", "Placement Location", "LA of Placement", "Allocated Team", "Allocated Worker", "Child Name"],
            Child("A2", "b) No", "b) No", new Day(new DateOnly(2025, 1, 10)), "N4 - Family in acute stress", "b) No", new Day(new DateOnly(2025, 3, 1)), "C2: FCO",
                new Day(new DateOnly(2026, 9, 1)), new Day(new DateOnly(2026, 10, 20)), "f) Long-term fostering", new Day(new DateOnly(2026, 9, 1)),
                new Day(new DateOnly(2026, 6, 1)), new Day(new DateOnly(2026, 5, 1)), 1, null, null, new Day(new DateOnly(2025, 6, 1)),
                "d) U4: Foster placement - long term", "b) PR1: Own provision", "ZZ1 1ZZ", "SC123456", "a) In", null, "CLA Team", WorkerName, ChildName))),
        ("List 9", Sheet(["Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)", "Does the Child have a Disability", "Allocated Team",
                "Allocated Worker", "Allocated Personal Advisor", "Eligibility Category", "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact",
                "Type of Accommodation", "Suitability of Accommodation", "Activity Status"],
            Child("A3", "b) No", "b) No", "Leaving Care", WorkerName, AdviserName, "b) Former relevant child", new Day(new DateOnly(2026, 7, 1)), "a) Yes",
                new Day(new DateOnly(2026, 10, 1)), "D: Semi-independent, transitional accommodation and self-contained accommodation", "a) Suitable",
                "F2: Full time in education other than higher"))));

    private static ExtractFolder Set(byte[] workbook, long rows) =>
        new ExtractFolder().AddBytes("annex_a.xlsx", workbook, rows).WriteManifest("2026-10-31", edit: m => m["format"] = "annex_a");

    private static Task<IngestResult> Ingest(ExtractFolder folder, IngestOptions? options = null) =>
        ExtractIngestor.IngestAsync(new LocalFolderExtractSource(folder.Path), options ?? Options);

    [Fact]
    public async Task EveryMappedColumn_LandsInItsSsdColumn()
    {
        using var set = Set(FullWorkbook(), rows: 10);

        var result = await Ingest(set);

        Assert.Null(result.RejectedReason);
        var x = result.Extract!;
        var a1 = x.Persons.Single(p => p.PersonId == "A1");
        Assert.Equal(("F", "WBRI", new DateOnly(2012, 2, 1)), (a1.Sex, a1.Ethnicity, a1.DateOfBirth));

        Assert.Equal([("A1:C:2026-09-01", "1A"), ("A1:C:2026-09-01:2", "2A")],
            x.Contacts.OrderBy(c => c.ContactId, StringComparer.Ordinal).Select(c => (c.ContactId, c.SourceCode!)));
        Assert.All(x.Contacts, c => Assert.Equal(new DateOnly(2026, 9, 1), c.ContactDate));

        // List 3's referral and list 6's episode of the same day are one record.
        var referral = Assert.Single(x.CinEpisodes);
        Assert.Equal(("A1:R:2026-09-02", "2A", false, "N1", "Front Door"),
            (referral.ReferralId, referral.ReferralSourceCode, referral.ReferralNfa, referral.PrimaryNeedCode, referral.TeamId));
        var visit = Assert.Single(x.CinVisits);
        Assert.Equal((new DateOnly(2026, 10, 20), true), (visit.VisitDate, visit.ChildSeen));

        var assessment = Assert.Single(x.Assessments);
        Assert.Equal((new DateOnly(2026, 9, 3), true, new DateOnly(2026, 10, 1), true, "Assessment Team"),
            (assessment.StartDate, assessment.ChildSeen, assessment.AuthorisedDate, assessment.OutcomeNfa, assessment.TeamId));

        var enquiry = Assert.Single(x.S47Enquiries);
        Assert.Equal((new DateOnly(2026, 9, 4), "CP Team"), (enquiry.StartDate, enquiry.TeamId));
        var conference = Assert.Single(x.InitialCpConferences);
        Assert.Equal((enquiry.EnquiryId, new DateOnly(2026, 9, 20), true), (conference.S47EnquiryId, conference.ConferenceDate, conference.OutcomeCpPlan));

        var plan = Assert.Single(x.CpPlans);
        Assert.Equal((new DateOnly(2026, 9, 20), "NEG", "MUL", null), (plan.StartDate, plan.InitialCategory, plan.LatestCategory, plan.EndDate));
        Assert.Equal((new DateOnly(2026, 10, 25), true, plan.PlanId), (x.CpVisits.Single().VisitDate, x.CpVisits.Single().ChildSeenAlone, x.CpVisits.Single().PlanId));
        Assert.Equal(new DateOnly(2026, 10, 15), x.CpReviews.Single().ReviewDate);

        var episode = Assert.Single(x.ClaEpisodes);
        Assert.Equal(("A2", new DateOnly(2025, 1, 10), new DateOnly(2025, 1, 10), "S", "N4", "A2", new DateOnly(2026, 9, 1), "A2:P:2025-06-01"),
            (episode.PersonId, episode.StartDate, episode.EnteredCareDate, episode.StartReason, episode.PrimaryNeedCode, episode.ClaId, episode.LastIroContactDate, episode.PlacementId));
        var status = Assert.Single(x.LegalStatuses);
        Assert.Equal(("C2", new DateOnly(2025, 3, 1)), (status.Code, status.StartDate));
        var placement = Assert.Single(x.ClaPlacements);
        Assert.Equal((new DateOnly(2025, 6, 1), "U4", "PR1", "SC123456"), (placement.StartDate, placement.PlacementType, placement.Provider, placement.Urn));
        Assert.Equal((new DateOnly(2026, 9, 1), "A2"), (x.ClaReviews.Single().ReviewDate, x.ClaReviews.Single().ClaId));
        Assert.Equal(new DateOnly(2026, 10, 20), x.ClaVisits.Single().VisitDate);
        Assert.Equal([("Dental check", new DateOnly(2026, 5, 1)), ("Health assessment", new DateOnly(2026, 6, 1))],
            x.ClaHealthChecks.OrderBy(h => h.CheckType, StringComparer.Ordinal).Select(h => (h.CheckType!, h.CheckDate!.Value)));

        var leaver = Assert.Single(x.CareLeavers);
        Assert.Equal(("Former Relevant", "YES", "D", "1", "F2", new DateOnly(2026, 7, 1), new DateOnly(2026, 10, 1), "Leaving Care"),
            (leaver.Eligibility, leaver.InTouch, leaver.Accommodation, leaver.AccommodationSuitable, leaver.Activity, leaver.PathwayPlanReviewDate, leaver.LatestContact, leaver.TeamId));
        Assert.Null(leaver.PersonalAdvisorId);

        Assert.Equal(10, result.Files.Single().RowsRead);
        Assert.Equal((new DateOnly(2026, 5, 1), new DateOnly(2026, 10, 31)), (x.CoverageOf("ssd_cin_episodes").From, x.CoverageOf("ssd_cin_episodes").To));
        Assert.Equal(new DateOnly(2026, 10, 31), x.CoverageOf("ssd_cla_visits").From);
        Assert.NotNull(x.CoverageOf("ssd_initial_cp_conference").Limitation);
    }

    [Fact]
    public async Task Names_AreNeverRead()
    {
        using var set = Set(FullWorkbook(), rows: 10);

        var result = await Ingest(set);

        var everything = string.Join("\n", result.Quarantine.Select(q => q.ToString()))
            + string.Join("\n", result.Extract!.Persons.Select(p => p.ToString())) + string.Join("\n", result.Extract.CareLeavers.Select(c => c.ToString()))
            + string.Join("\n", result.Extract.CinEpisodes.Select(c => c.ToString())) + string.Join("\n", result.Extract.ClaEpisodes.Select(c => c.ToString()));
        foreach (var name in new[] { WorkerName, AdviserName, ChildName }.SelectMany(n => n.Split(' ')))
        {
            Assert.DoesNotContain(name, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SharedStrings_OnlyThoseAskedFor_AreDecoded()
    {
        var bytes = Build(("List 3", Sheet(["Date of referral", "Allocated Worker"], Child("A1", "01/09/2026", WorkerName))));
        using var stream = new MemoryStream(bytes);
        using var workbook = XlsxReader.Open(stream, new IngestLimits(), "w.xlsx");

        var strings = workbook.SharedStrings(new HashSet<int> { 0 });

        Assert.Equal("Child Unique ID", Assert.Single(strings).Value);
        Assert.DoesNotContain(WorkerName, strings.Values);
    }

    [Fact]
    public async Task BadDateAndEmptyChildId_QuarantinedWithSheetAndCell()
    {
        var bytes = Build(("List 3", Sheet(["Date of referral", "Referral Source"], Child("A1", "31/02/2026", "1A"), Child(null!, "01/09/2026", "1A"))));
        using var set = Set(bytes, rows: 2);

        var result = await Ingest(set);

        Assert.Null(result.RejectedReason);
        var bad = Assert.Single(result.Quarantine, q => q.Rule == IngestRule.BadDate);
        Assert.Equal(("ssd_cin_episodes", "List 3!F2", 2L, "31/02/2026"), (bad.Table, bad.Column, bad.Line, bad.Value));
        var keyless = Assert.Single(result.Quarantine, q => q.Rule == IngestRule.KeyMissing);
        Assert.Equal((3L, QuarantineAction.RowRejected), (keyless.Line, keyless.Action));
    }

    [Fact]
    public async Task AWorkbookWithNoList_RejectsTheSet()
    {
        using var set = Set(Build(("Sheet1", [["Name", "Address"], ["x", "y"]])), rows: 0);

        var result = await Ingest(set);

        Assert.StartsWith("annex_a.xlsx holds no Annex A list", result.RejectedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileThatIsNotAWorkbook_RejectsTheSet()
    {
        using var set = Set(Encoding.UTF8.GetBytes("Child Unique ID,Date of Contact\r\nA1,01/09/2026\r\n"), rows: 1);

        var result = await Ingest(set);

        Assert.Equal("annex_a.xlsx is not a workbook: it is not a zip file", result.RejectedReason);
    }

    [Fact]
    public async Task AZipBomb_IsRefusedWithItsReason()
    {
        // 64 MB of spaces in one sheet deflates to about 64 KB: a thousand times, where a real sheet is about ten.
        var sheet = new byte[64 << 20];
        Array.Fill(sheet, (byte)' ');
        "<worksheet><sheetData>"u8.CopyTo(sheet);
        var bomb = Zip(
        [
            ("xl/workbook.xml", """<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="List 1" r:id="rId1"/></sheets></workbook>"""u8.ToArray()),
            ("xl/_rels/workbook.xml.rels", """<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"""u8.ToArray()),
            ("xl/worksheets/sheet1.xml", sheet),
        ]);
        using var set = Set(bomb, rows: 0);

        var result = await Ingest(set);

        Assert.Contains("inflates more than 200 times its stored size", result.RejectedReason, StringComparison.Ordinal);
        Assert.Contains("zip bomb", result.RejectedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyZipEntries_AreRefusedBeforeAnyIsOpened()
    {
        var entries = Enumerable.Range(0, 1_001).Select(i => ($"xl/media/{i}.bin", new byte[] { 1 }));
        using var set = Set(Zip(entries), rows: 0);

        var result = await Ingest(set);

        Assert.Equal("annex_a.xlsx: its zip has 1,001 entries, more than the 1,000 a workbook may have (setting max_zip_entries); not opened", result.RejectedReason);
    }

    [Fact]
    public async Task AWorkbookOverTheSizeLimit_IsNotReadFurther()
    {
        using var set = Set(FullWorkbook(), rows: 10);

        var result = await Ingest(set, Options with { Limits = new IngestLimits { MaxWorkbookBytes = 1_000 } });

        Assert.Equal("annex_a.xlsx is larger than 1,000 bytes (setting max_workbook_bytes); it was not read further", result.RejectedReason);
    }

    [Fact]
    public async Task RowsAreTheListsDataRows_AndMismatchRejects()
    {
        using var set = Set(FullWorkbook(), rows: 9);

        var result = await Ingest(set);

        Assert.Equal("annex_a.xlsx: manifest says 9 rows, the file has more (reading stopped at row 10; rows are the list sheets' data rows)", result.RejectedReason);
    }
}
