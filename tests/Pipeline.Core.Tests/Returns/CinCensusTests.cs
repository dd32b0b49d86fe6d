using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Returns;

/// <summary>The CIN census XML, element by element into the SSD tables (Returns/CinCensusMapping.cs), and what a hostile file gets.</summary>
public class CinCensusTests
{
    private static readonly IngestOptions Options = new() { Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero)) };

    private const string Header = """
        <Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year><ReferenceDate>2027-03-31</ReferenceDate></CollectionDetails>
        <Source><SourceLevel>L</SourceLevel><LEA>201</LEA><SoftwareCode>Test</SoftwareCode><SerialNo>001</SerialNo><DateTime>2026-11-01T01:00:00</DateTime></Source></Header>
        """;

    // One child: two referrals on one day (the second gets :2), an assessment, a CIN plan, an enquiry with its conference and the plan it
    // started (with two reviews), and a CINdetails-level conference of a plan whose enquiry fell in an earlier year.
    private const string Child = """
        <Child>
          <ChildIdentifiers><LAchildID>K1</LAchildID><UPN>A123456789123</UPN><UPNunknown>UN3</UPNunknown><PersonBirthDate>2015-03-27</PersonBirthDate>
            <ExpectedPersonBirthDate>2015-04-01</ExpectedPersonBirthDate><Sex>F</Sex><PersonDeathDate>2026-10-01</PersonDeathDate></ChildIdentifiers>
          <ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>HAND</Disability></Disabilities></ChildCharacteristics>
          <CINdetails>
            <CINreferralDate>2026-05-04</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
            <CINclosureDate>2026-09-30</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>
            <Assessments><AssessmentActualStartDate>2026-05-05</AssessmentActualStartDate><AssessmentInternalReviewDate>2026-05-20</AssessmentInternalReviewDate>
              <AssessmentAuthorisationDate>2026-06-20</AssessmentAuthorisationDate>
              <FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
            <CINPlanDates><CINPlanStartDate>2026-06-21</CINPlanStartDate><CINPlanEndDate>2026-07-01</CINPlanEndDate></CINPlanDates>
            <Section47><S47ActualStartDate>2026-06-25</S47ActualStartDate><InitialCPCtarget>2026-07-16</InitialCPCtarget>
              <DateOfInitialCPC>2026-07-10</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>
            <Section47><S47ActualStartDate>2026-09-01</S47ActualStartDate><ICPCnotRequired>true</ICPCnotRequired></Section47>
            <ReferralNFA>false</ReferralNFA>
            <ChildProtectionPlans><CPPstartDate>2026-07-10</CPPstartDate><CPPendDate>2026-09-30</CPPendDate><InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
              <LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse><NumberOfPreviousCPP>1</NumberOfPreviousCPP>
              <Reviews><CPPreviewDate>2026-08-10</CPPreviewDate><CPPreviewDate>2026-09-15</CPPreviewDate></Reviews></ChildProtectionPlans>
          </CINdetails>
          <CINdetails>
            <CINreferralDate>2026-05-04</CINreferralDate><ReferralSource>2A</ReferralSource><DateOfInitialCPC>2026-05-20</DateOfInitialCPC><ReferralNFA>1</ReferralNFA>
          </CINdetails>
        </Child>
        """;

    private static string Census(string children, string header = Header) => $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>{header}<Children>{children}</Children></Message>";

    private static ExtractFolder Set(string content, long rows, string name = "cin.xml", Action<Dictionary<string, object>>? edit = null) =>
        new ExtractFolder().Add(name, content, rows: rows).WriteManifest("2026-10-31", edit: m =>
        {
            m["format"] = "cin_census";
            edit?.Invoke(m);
        });

    private static Task<IngestResult> Ingest(ExtractFolder folder, IngestOptions? options = null) =>
        ExtractIngestor.IngestAsync(new LocalFolderExtractSource(folder.Path), options ?? Options);

    [Fact]
    public async Task EveryMappedElement_LandsInItsSsdColumn()
    {
        using var set = Set(Census(Child), rows: 1);

        var result = await Ingest(set);

        Assert.Null(result.RejectedReason);
        var extract = result.Extract!;
        var child = Assert.Single(extract.Persons);
        Assert.Equal(("K1", "F", "WBRI", "UN3", new DateOnly(2015, 3, 27), new DateOnly(2015, 4, 1), new DateOnly(2026, 10, 1)),
            (child.PersonId, child.Sex, child.Ethnicity, child.UpnUnknown, child.DateOfBirth, child.ExpectedDateOfBirth, child.DeathDate));

        var disability = Assert.Single(extract.Disabilities);
        Assert.Equal(("K1:DIS:HAND", "K1", "HAND"), (disability.DisabilityId, disability.PersonId, disability.Code));

        var referrals = extract.CinEpisodes.OrderBy(r => r.ReferralId, StringComparer.Ordinal).ToList();
        Assert.Equal(["K1:R:2026-05-04", "K1:R:2026-05-04:2"], referrals.Select(r => r.ReferralId));
        var first = referrals[0];
        Assert.Equal(("K1", new DateOnly(2026, 5, 4), "1A", "N1", new DateOnly(2026, 9, 30), "RC8", false),
            (first.PersonId, first.ReferralDate, first.ReferralSourceCode, first.PrimaryNeedCode, first.CloseDate, first.CloseReason, first.ReferralNfa));
        Assert.Equal(("2A", true), (referrals[1].ReferralSourceCode, referrals[1].ReferralNfa));

        var assessment = Assert.Single(extract.Assessments);
        Assert.Equal(("K1:R:2026-05-04:A:2026-05-05", "K1", "K1:R:2026-05-04", new DateOnly(2026, 5, 5), new DateOnly(2026, 6, 20)),
            (assessment.AssessmentId, assessment.PersonId, assessment.ReferralId, assessment.StartDate, assessment.AuthorisedDate));
        var plan = Assert.Single(extract.CinPlans);
        Assert.Equal(("K1:R:2026-05-04:CINP:2026-06-21", new DateOnly(2026, 6, 21), new DateOnly(2026, 7, 1)), (plan.PlanId, plan.StartDate, plan.EndDate));

        var enquiries = extract.S47Enquiries.OrderBy(s => s.StartDate).ToList();
        Assert.Equal(["K1:R:2026-05-04:S47:2026-06-25", "K1:R:2026-05-04:S47:2026-09-01"], enquiries.Select(s => s.EnquiryId));
        Assert.Null(enquiries[0].Outcome);
        Assert.False(enquiries[1].Outcome!["CP_CONFERENCE_FLAG"]);
        Assert.False(extract.HasColumn("ssd_s47_enquiry", "s47e_s47_end_date"));

        var conferences = extract.InitialCpConferences.OrderBy(c => c.ConferenceDate).ToList();
        Assert.Equal(2, conferences.Count);
        Assert.Equal(("K1:R:2026-05-04:2:ICPC:2026-05-20", null, "K1:R:2026-05-04:2", false),
            (conferences[0].IcpcId, conferences[0].S47EnquiryId, conferences[0].ReferralId, conferences[0].OutcomeCpPlan));
        Assert.Equal(("K1:R:2026-05-04:S47:2026-06-25:ICPC", "K1:R:2026-05-04:S47:2026-06-25", new DateOnly(2026, 7, 16), new DateOnly(2026, 7, 10), true),
            (conferences[1].IcpcId, conferences[1].S47EnquiryId, conferences[1].TargetDate, conferences[1].ConferenceDate, conferences[1].OutcomeCpPlan));

        var cpPlan = Assert.Single(extract.CpPlans);
        Assert.Equal(("K1:R:2026-05-04:CPP:2026-07-10", "K1:R:2026-05-04", "K1:R:2026-05-04:S47:2026-06-25:ICPC", "NEG", "EMO", new DateOnly(2026, 9, 30)),
            (cpPlan.PlanId, cpPlan.ReferralId, cpPlan.IcpcId, cpPlan.InitialCategory, cpPlan.LatestCategory, cpPlan.EndDate));
        Assert.False(extract.HasColumn("ssd_cp_plans", "cppl_cp_plan_ola"));
        Assert.Equal([new DateOnly(2026, 8, 10), new DateOnly(2026, 9, 15)], extract.CpReviews.OrderBy(r => r.ReviewDate).Select(r => r.ReviewDate!.Value));
        Assert.All(extract.CpReviews, r => Assert.Equal((cpPlan.PlanId, "K1"), (r.PlanId, r.PersonId)));

        var coverage = extract.CoverageOf("ssd_cin_episodes");
        Assert.Equal((new DateOnly(2026, 4, 1), new DateOnly(2026, 10, 31)), (coverage.From, coverage.To));
        Assert.Equal(1, result.Files.Single().RowsRead);
    }

    [Fact]
    public async Task Disabilities_AreOneRowEach_IdByCodeOrPlace()
    {
        // MOB twice (the second :2), and a value that is no code: its id is its place (3rd), its value passed on for the code rules to judge.
        var child = "<Child><ChildIdentifiers><LAchildID>K3</LAchildID></ChildIdentifiers><ChildCharacteristics><Disabilities>"
            + "<Disability>MOB</Disability><Disability>mob</Disability><Disability>Visual impairment</Disability></Disabilities></ChildCharacteristics>"
            + "<CINdetails><CINreferralDate>2026-06-01</CINreferralDate><ReferralNFA>0</ReferralNFA></CINdetails></Child>";
        using var set = Set(Census(child), rows: 1);

        var result = await Ingest(set);

        Assert.Null(result.RejectedReason);
        Assert.Equal([("K3:DIS:3", "Visual impairment"), ("K3:DIS:MOB", "MOB"), ("K3:DIS:MOB:2", "mob")],
            result.Extract!.Disabilities.OrderBy(d => d.DisabilityId, StringComparer.Ordinal).Select(d => (d.DisabilityId, d.Code)));
        Assert.All(result.Extract.Disabilities, d => Assert.Equal("K3", d.PersonId));
    }

    [Fact]
    public async Task ThroughTheCensus_AnEnquiryIsPlacedInItsYearByItsOwnDates_NotTakenAsOpenForLackOfAnEndDate()
    {
        // The census has no enquiry end date. K4's enquiry started 16 February 2026 (last year) and needed no conference: it is not in
        // the 2026-27 return, so its referral having no assessment there is not CIN:2991Q. K5's started 1 May 2026, in the year, with no
        // assessment: flagged.
        var children = "<Child><ChildIdentifiers><LAchildID>K4</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2026-02-15</CINreferralDate>"
            + "<Section47><S47ActualStartDate>2026-02-16</S47ActualStartDate><ICPCnotRequired>true</ICPCnotRequired></Section47><ReferralNFA>0</ReferralNFA></CINdetails></Child>"
            + "<Child><ChildIdentifiers><LAchildID>K5</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2026-04-30</CINreferralDate>"
            + "<Section47><S47ActualStartDate>2026-05-01</S47ActualStartDate><ICPCnotRequired>true</ICPCnotRequired></Section47><ReferralNFA>0</ReferralNFA></CINdetails></Child>";
        using var set = Set(Census(children), rows: 2);

        var extract = (await Ingest(set)).Extract!;
        var findings = Pipeline.Quality.QualityRules.Find("CIN:2991Q")!.Find(new Pipeline.Quality.QualityInputs(extract));

        Assert.Equal(["K5"], findings.Select(f => f.PersonId));
    }

    [Fact]
    public async Task GenderCurrentBefore2024_IsTheSexItem()
    {
        var child = "<Child><ChildIdentifiers><LAchildID>K2</LAchildID><GenderCurrent>2</GenderCurrent></ChildIdentifiers>"
            + "<CINdetails><CINreferralDate>2023-06-01</CINreferralDate><ReferralNFA>0</ReferralNFA></CINdetails></Child>";
        var header = Header.Replace("2027-03-31", "2024-03-31", StringComparison.Ordinal);
        using var set = Set(Census(child, header), rows: 1, edit: m => m["collection_year"] = "2023-24");

        var result = await Ingest(set);

        Assert.Null(result.RejectedReason);
        Assert.Equal("2", Assert.Single(result.Extract!.Persons).Sex);
        Assert.Equal((new DateOnly(2023, 4, 1), new DateOnly(2024, 3, 31)), (result.Extract.CoverageOf("ssd_cin_episodes").From, result.Extract.CoverageOf("ssd_cin_episodes").To));
    }

    [Fact]
    public async Task TwoYears_OneReferralOpenAcrossTheYearEnd_IsOneRecordAsThisYearsFileHasIt()
    {
        var lastYear = "<Child><ChildIdentifiers><LAchildID>K3</LAchildID><Sex>M</Sex></ChildIdentifiers>"
            + "<CINdetails><CINreferralDate>2026-02-01</CINreferralDate><ReferralNFA>false</ReferralNFA></CINdetails></Child>";
        var thisYear = "<Child><ChildIdentifiers><LAchildID>K3</LAchildID><Sex>M</Sex></ChildIdentifiers>"
            + "<CINdetails><CINreferralDate>2026-02-01</CINreferralDate><CINclosureDate>2026-05-01</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>"
            + "<ReferralNFA>false</ReferralNFA></CINdetails></Child>";
        using var set = new ExtractFolder()
            .Add("cin_2025.xml", Census(lastYear, Header.Replace("2027-03-31", "2026-03-31", StringComparison.Ordinal)), rows: 1)
            .Add("cin_2026.xml", Census(thisYear), rows: 1)
            .WriteManifest("2026-10-31", edit: m => m["format"] = "cin_census");

        var extract = (await Ingest(set)).Extract!;

        var referral = Assert.Single(extract.CinEpisodes);
        Assert.Equal((new DateOnly(2026, 5, 1), "RC7"), (referral.CloseDate, referral.CloseReason));
        Assert.Equal(new DateOnly(2025, 4, 1), extract.CoverageOf("ssd_cin_episodes").From);
    }

    [Fact]
    public async Task BadDateAndMissingChildId_QuarantinedWithTheirElementPaths()
    {
        var children = "<Child><ChildIdentifiers><LAchildID>K4</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2026-13-01</CINreferralDate>"
            + "<ReferralNFA>maybe</ReferralNFA></CINdetails></Child>\n<Child><ChildIdentifiers><Sex>F</Sex></ChildIdentifiers></Child>";
        using var set = Set(Census(children), rows: 2);

        var result = await Ingest(set);

        Assert.Null(result.RejectedReason);
        var date = Assert.Single(result.Quarantine, q => q.Rule == IngestRule.BadDate);
        Assert.Equal(("ssd_cin_episodes", "cin.xml", "Child/CINdetails/CINreferralDate", "2026-13-01", "K4:R:undated"), (date.Table, date.File, date.Column, date.Value, date.RecordId));
        Assert.True(date.Line > 1);
        Assert.Equal("Child/CINdetails/ReferralNFA", Assert.Single(result.Quarantine, q => q.Rule == IngestRule.BadFlag).Column);
        var keyless = Assert.Single(result.Quarantine, q => q.Rule == IngestRule.KeyMissing);
        Assert.Equal(QuarantineAction.RowRejected, keyless.Action);
        var stats = result.Files.Single();
        Assert.Equal((2L, 1L, 1L, 2L), (stats.RowsRead, stats.RowsAccepted, stats.RowsQuarantined, stats.ValuesCleared));
    }

    [Theory]
    [InlineData("<Message><Children><Child><ChildIdentifiers><LAchildID>K1</LAchildID></ChildIdentifiers>", 1, "cin.xml is not well-formed XML")]
    [InlineData("<EXPSSDA903><CHILD/></EXPSSDA903>", 0, "cin.xml is not a CIN census: its root element is EXPSSDA903, not Message")]
    [InlineData("<Message><Header><CollectionDetails><Collection>SCHOOLCENSUS</Collection></CollectionDetails></Header><Children/></Message>", 0,
        "cin.xml is not a CIN census: its Header/CollectionDetails/Collection is SCHOOLCENSUS, not CIN")]
    [InlineData("<Message><Header/></Message>", 0, "cin.xml is not a CIN census: it has no Children element")]
    [InlineData("not xml at all", 0, "cin.xml is not well-formed XML")]
    public async Task MalformedOrNotACensus_RejectsTheSetWithOneLine(string content, int rows, string reason)
    {
        using var set = Set(content, rows: rows);

        var result = await Ingest(set);

        Assert.StartsWith(reason, result.RejectedReason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.RejectedReason!);
    }

    [Fact]
    public async Task EntityExpansion_IsRefusedBeforeAnyEntityIsRead()
    {
        // A billion laughs: nine levels of ten, 10^9 "lol"s if a parser expanded them.
        var dtd = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE Message [<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            dtd.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }

        var content = dtd.Append("]>\n<Message><Children><Child><ChildIdentifiers><LAchildID>&lol9;</LAchildID></ChildIdentifiers></Child></Children></Message>").ToString();
        using var set = Set(content, rows: 1);
        var clock = Stopwatch.StartNew();

        var result = await Ingest(set);

        Assert.StartsWith("cin.xml is not well-formed XML (For security reasons DTD is prohibited", result.RejectedReason, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Contains(result.Quarantine, q => q.File == "cin.xml" && q.Action == QuarantineAction.FileRejected);
    }

    [Fact]
    public async Task ExternalEntity_IsNeverResolved()
    {
        var secret = Path.GetTempFileName();
        await File.WriteAllTextAsync(secret, "K-SECRET-CONTENT");
        try
        {
            var content = $"<?xml version=\"1.0\"?>\n<!DOCTYPE Message [<!ENTITY x SYSTEM \"file://{secret}\">]><Message><Children><Child><ChildIdentifiers><LAchildID>&x;</LAchildID></ChildIdentifiers></Child></Children></Message>";
            using var set = Set(content, rows: 1);

            var result = await Ingest(set);

            Assert.NotNull(result.RejectedReason);
            Assert.DoesNotContain(result.Quarantine, q => q.ToString().Contains("K-SECRET", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public async Task AChildBeyondTheElementLimit_IsQuarantinedUnreadAndTheRestRead()
    {
        var huge = new StringBuilder("<Child><ChildIdentifiers><LAchildID>K5</LAchildID></ChildIdentifiers><CINdetails><CINreferralDate>2026-05-01</CINreferralDate>");
        for (var i = 0; i < 200; i++)
        {
            huge.Append("<CINPlanDates><CINPlanStartDate>2026-05-02</CINPlanStartDate></CINPlanDates>");
        }

        huge.Append("<ReferralNFA>0</ReferralNFA></CINdetails></Child>");
        using var set = Set(Census(huge + Child), rows: 2);
        var options = Options with { Limits = new IngestLimits { MaxXmlRecordElements = 100 } };

        var result = await Ingest(set, options);

        Assert.Null(result.RejectedReason);
        var refused = Assert.Single(result.Quarantine, q => q.Rule == IngestRule.MalformedRow);
        Assert.Contains("more than 100 elements", refused.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Extract!.Persons, p => p.PersonId == "K5");
        Assert.Contains(result.Extract.Persons, p => p.PersonId == "K1");
    }

    [Fact]
    public async Task NestingBeyondTheDepthLimit_RejectsTheSet()
    {
        var deep = string.Concat(Enumerable.Repeat("<a>", 50)) + string.Concat(Enumerable.Repeat("</a>", 50));
        using var set = Set(Census($"<Child><ChildIdentifiers><LAchildID>K6</LAchildID></ChildIdentifiers>{deep}</Child>"), rows: 1);

        var result = await Ingest(set);

        Assert.Contains("nested more than 32 deep (setting max_xml_depth)", result.RejectedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReferenceDateAgainstTheManifestsYear_Disagreeing_RejectsTheSet()
    {
        using var set = Set(Census(Child), rows: 1, edit: m => ((List<Dictionary<string, object>>)m["files"])[0]["collection_year"] = "2025-26");

        var result = await Ingest(set);

        Assert.Equal("cin.xml: its ReferenceDate makes it the 2026-27 census; the manifest says 2025-26", result.RejectedReason);
    }

    [Fact]
    public async Task MoreChildrenThanTheManifestSays_RejectsTheSet()
    {
        using var set = Set(Census(Child + Child.Replace("K1", "K7", StringComparison.Ordinal)), rows: 1);

        var result = await Ingest(set);

        Assert.Equal("cin.xml: manifest says 1 rows, the file has more (reading stopped at row 2; rows are Child elements)", result.RejectedReason);
    }
}
