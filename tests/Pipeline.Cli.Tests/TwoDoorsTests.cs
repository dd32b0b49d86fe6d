using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Extract;
using Pipeline.Indicators;
using Pipeline.Ingest;
using Pipeline.Reference;
using Pipeline.Storage;
using Pipeline.Synthetic;
using Pipeline.Synthetic.Formats;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>
/// Two doors, one answer: the same generated council through its SSD set and through its statutory returns (SSDA903 and CIN
/// census, this year's and last year's) gives the same value for every indicator both can compute within the returns' coverage.
/// Every indicator the returns cannot give is listed below with why, as data; any other difference fails. The same list is the
/// table in docs/two-doors.md (this test keeps it in step: UPDATE_TWO_DOORS=1 rewrites it).
/// </summary>
public class TwoDoorsTests
{
    private const string DocsFile = "two-doors.md";

    /// <summary>What each indicator does through the returns, and why.</summary>
    private sealed record Expected(string Id, string? Unavailable, string Why);

    private static Expected Same(string id, string why) => new(id, null, why);

    private static Expected None(string id, string reason, string why) => new(id, reason, why);

    private const string Coverage = "before the data's coverage";

    private static readonly Expected[] Doors =
    [
        None("contacts_rate", "ssd_contacts not in the extract", "The returns hold no contacts: the CIN census starts at the referral."),
        Same("referrals_rate", "CINreferralDate of each CINdetails."),
        Same("referrals_repeat_pct", "From 12 months after the coverage starts (it reads the year before each referral)."),
        Same("referrals_nfa_pct", "ReferralNFA."),
        Same("assessments_rate", "AssessmentAuthorisationDate."),
        Same("assessments_45wd_pct", "AssessmentActualStartDate and AssessmentAuthorisationDate (council figure; the returns name no teams)."),
        None("assessments_nfa_pct", "cina_assessment_outcome_nfa not in ssd_cin_assessments", "The census records no assessment outcome."),
        Same("assessments_overdue_count", "Assessments open at the month end, with their start dates."),
        None("contacts_decided_24h_pct", "not in the extract", "A local extension table: no return carries the MASH's decisions."),
        None("referrals_decided_72h_pct", "ext_front_door_decisions not in the extract", "A local extension table."),
        Same("s47_rate", "S47ActualStartDate."),
        None("s47_to_icpc_pct", "s47e_s47_end_date not in ssd_s47_enquiry", "The census has no enquiry end date (the figure counts enquiries ending in the period)."),
        Same("icpc_rate", "DateOfInitialCPC (of an enquiry, or of the CINdetails); transfer-in conferences are not in the census, and the SSD figure leaves them out too."),
        Same("icpc_15wd_pct", "An enquiry's S47ActualStartDate and DateOfInitialCPC."),
        Same("cp_rate", "CPPstartDate and CPPendDate; the census holds this council's plans only, as the figure counts."),
        Same("cp_count", "As cp_rate."),
        Same("cp_starts_rate", "CPPstartDate."),
        None("cp_second_plan_pct", Coverage, "Reads a child's earlier plans however long ago; the census gives NumberOfPreviousCPP, which the SSD has no column for."),
        Same("cp_2yrs_pct", "CPPstartDate and CPPendDate of plans ending in the period."),
        None("cp_visits_timely_pct", "ssd_cp_visits not in the extract", "The returns hold no visits."),
        None("cp_reviews_timely_pct", Coverage, "The census has no review due dates: a review's due date is worked out from the plan's earlier reviews, which the returns do not reach back to."),
        Same("cin_rate", "Referrals open at the month end: the census holds every CIN episode open in its years."),
        Same("cin_plan_count", "CINPlanStartDate and CINPlanEndDate."),
        None("cin_visits_timely_pct", "ssd_cin_visits not in the extract", "The returns hold no visits."),
        Same("cla_rate", "SSDA903 episodes (DECOM, DEC) and legal status (LS) for short breaks."),
        Same("cla_count", "As cla_rate."),
        Same("cla_starts_rate", "RNE S episodes."),
        Same("cla_ends_rate", "REC other than X1, dated DEC."),
        Same("cla_3plus_placements_pct", "Placements are the runs of episodes from a new placement (RNE S, P, T, U, B); from 12 months after the coverage starts."),
        None("cla_health_assessment_pct", "ssd_cla_health not in the extract", "OC2 gives a yearly yes/no with no dates; the figure needs each assessment's date."),
        None("cla_visits_timely_pct", "ssd_cla_visits not in the extract", "The returns hold no visits."),
        None("cla_reviews_timely_pct", Coverage, "The SSDA903 has no review due dates: they are worked out from the period of care's earlier reviews, which the returns do not reach back to."),
        None("cla_permanence_plan_pct", "ssd_cla_care_plan not in the extract", "The returns hold no care plans."),
        None("missing_rhi_offered_pct", "miss_missing_rhi_offered not in ssd_missing", "The SSDA903's missing episodes have no return-interview fields."),
        None("cl_in_touch_17_18_pct", "OC3", "OC3 records the status around the young person's birthday in the year, not at as_at."),
        None("cl_in_touch_19_21_pct", "OC3", "As above."),
        None("cl_suitable_accom_17_18_pct", "OC3", "As above."),
        None("cl_suitable_accom_19_21_pct", "OC3", "As above."),
        None("cl_eet_17_18_pct", "OC3", "As above."),
        None("cl_eet_19_21_pct", "OC3", "As above."),
        None("cl_pathway_plan_pct", "OC3", "As above; OC3 has no pathway plan date either."),
        None("caseload_avg", "looked-after children's only", "The SSDA903's social-worker episodes cover looked-after children only; a caseload counts every child."),
        None("caseload_over_25_count", "looked-after children's only", "As caseload_avg."),
        None("caseload_min", "looked-after children's only", "As caseload_avg."),
        None("caseload_max", "looked-after children's only", "As caseload_avg."),
        None("agency_worker_pct", "ssd_professionals not in the extract", "The returns hold no workers."),
        None("worker_supervision_pct", "ext_supervisions not in the extract", "A local extension table (and caseloads, above)."),
        None("case_supervision_pct", "ext_supervisions not in the extract", "As worker_supervision_pct."),
    ];

    [Fact]
    public void TheSameCouncil_ThroughTheSsdAndThroughItsReturns_GivesTheSameFigures()
    {
        var asAt = new DateOnly(2026, 10, 17);
        using var folder = new TempFolder();
        FormatGenerator.Generate(new GeneratorOptions { Children = 60_000, AsAt = asAt, Seed = 13 },
            [(Path.Combine(folder.Path, "ssd"), [ExtractFormat.Ssd]), (Path.Combine(folder.Path, "statutory"), [ExtractFormat.CinCensus, ExtractFormat.Ssda903])]);
        var reference = ReferenceData.LoadFolder(ExtractSets.Reference(Path.Combine(folder.Path, "ssd"), Path.Combine(folder.Path, "reference")));

        var ssd = Values(Path.Combine(folder.Path, "ssd"), asAt, reference);
        var returns = Values(Path.Combine(folder.Path, "statutory"), asAt, reference);

        Assert.Equal(Catalogue.All.Select(i => i.Id).Order(StringComparer.Ordinal), Doors.Select(d => d.Id).Order(StringComparer.Ordinal));
        var problems = new List<string>();
        var rows = new List<(Expected Door, int Compared, string? Reason)>();
        foreach (var door in Doors)
        {
            var both = ssd.Where(v => v.IndicatorId == door.Id && v.Available)
                .Join(returns, v => (v.IndicatorId, v.PeriodType, v.PeriodStart, v.PeriodEnd), v => (v.IndicatorId, v.PeriodType, v.PeriodStart, v.PeriodEnd), (s, r) => (Ssd: s, Returns: r))
                .ToList();
            var compared = both.Where(b => b.Returns.Available).ToList();
            foreach (var (s, r) in compared.Where(b => !SameFigure(b.Ssd, b.Returns)))
            {
                problems.Add($"{door.Id} {s.PeriodType} {s.PeriodStart:yyyy-MM-dd}..{s.PeriodEnd:yyyy-MM-dd}: SSD {s.Value} ({s.Numerator}/{s.Denominator}), returns {r.Value} ({r.Numerator}/{r.Denominator})");
            }

            var reasons = both.Where(b => !b.Returns.Available).Select(b => b.Returns.UnavailableReason!).Distinct().ToList();
            if (door.Unavailable is null)
            {
                if (compared.Count == 0)
                {
                    problems.Add($"{door.Id}: expected to agree within the returns' coverage, but no period could be compared ({string.Join("; ", reasons)})");
                }

                if (reasons.Any(r => !r.StartsWith(Coverage, StringComparison.Ordinal)))
                {
                    problems.Add($"{door.Id}: unavailable through the returns for a reason other than coverage: {string.Join("; ", reasons)}");
                }
            }
            else if (compared.Count > 0 || !reasons.All(r => r.Contains(door.Unavailable, StringComparison.Ordinal)))
            {
                problems.Add($"{door.Id}: expected unavailable through the returns ({door.Unavailable}); {compared.Count} periods computed, reasons: {string.Join("; ", reasons)}");
            }

            rows.Add((door, compared.Count, reasons.FirstOrDefault(r => door.Unavailable is not null && r.Contains(door.Unavailable, StringComparison.Ordinal))));
        }

        Assert.True(problems.Count == 0, "Unexplained differences between the two doors:\n" + string.Join("\n", problems));
        CheckDocs(Render(rows, asAt));
    }

    /// <summary>
    /// The DfE's UASC and adoption rules read ssd_immigration_status and ssd_permanence: through the returns (the SSDA903's uasc,
    /// placed_for_adoption and ad1) they must see the SSD's rows for the children the returns hold.
    /// </summary>
    [Fact]
    public void TheSameCouncil_ItsReturnsCarryTheSsdsUascAndAdoptionRecords()
    {
        var asAt = new DateOnly(2026, 10, 17);
        var lastYearEnd = new DateOnly(2026, 3, 31);
        using var folder = new TempFolder();
        FormatGenerator.Generate(new GeneratorOptions { Children = 60_000, AsAt = asAt, Seed = 13 },
            [(Path.Combine(folder.Path, "ssd"), [ExtractFormat.Ssd]), (Path.Combine(folder.Path, "statutory"), [ExtractFormat.CinCensus, ExtractFormat.Ssda903])]);

        var ssd = Extract(Path.Combine(folder.Path, "ssd"), asAt);
        var returns = Extract(Path.Combine(folder.Path, "statutory"), asAt);

        // UASC: one row for each child of the returns the SSD has as UASC, ending as the SSD's does (a later end not yet known).
        var returnChildren = returns.ClaEpisodes.Select(e => e.PersonId).ToHashSet(StringComparer.Ordinal);
        var uasc = ssd.ImmigrationStatuses.Where(s => s.Status == "UASC").ToDictionary(s => s.PersonId, StringComparer.Ordinal);
        Assert.NotEmpty(returns.ImmigrationStatuses);
        Assert.Equal(uasc.Keys.Where(returnChildren.Contains).Order(StringComparer.Ordinal), returns.ImmigrationStatuses.Select(s => s.PersonId).Order(StringComparer.Ordinal));
        Assert.All(returns.ImmigrationStatuses, r => Assert.Equal(("UASC", $"{r.PersonId}:UASC"), (r.Status, r.ImmigrationStatusId)));
        Assert.All(returns.ImmigrationStatuses, r => Assert.True(r.EndDate == uasc[r.PersonId].EndDate || (r.EndDate is null && uasc[r.PersonId].EndDate > lastYearEnd),
            $"{r.PersonId}: returns end {r.EndDate}, SSD end {uasc[r.PersonId].EndDate}"));

        // Adoption: each decision of a period of care the returns' episodes are in, with the AD1's items for a child adopted in them.
        var returnStart = new DateOnly(2025, 4, 1);
        var periodsInReturns = ssd.ClaEpisodes.Where(e => e.ClaId is not null && e.StartDate <= asAt && (e.CeasedDate is null || e.CeasedDate >= returnStart))
            .Select(e => e.ClaId!).ToHashSet(StringComparer.Ordinal);
        var decisions = ssd.Permanences.Where(p => p.ClaId is not null && periodsInReturns.Contains(p.ClaId) && p.DecisionDate <= asAt).ToList();
        Assert.NotEmpty(decisions);
        Assert.Equal(decisions.Select(p => $"{p.PersonId}:PERM:{p.DecisionDate:yyyy-MM-dd}").Order(StringComparer.Ordinal),
            returns.Permanences.Select(p => p.PermanenceId).Order(StringComparer.Ordinal));
        var adopted = returns.ClaEpisodes.Where(e => e.CeasedReason is "E11" or "E12").Select(e => e.PersonId).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(returns.Permanences, p => p.MatchedDate is not null && adopted.Contains(p.PersonId));
        foreach (var s in decisions)
        {
            var r = returns.Permanences.Single(p => p.PersonId == s.PersonId && p.DecisionDate == s.DecisionDate);
            Assert.Equal((s.DecisionReversedDate, s.DecisionReversedReason), (r.DecisionReversedDate, r.DecisionReversedReason));
            var ad1 = adopted.Contains(s.PersonId) ? s : null;
            Assert.Equal((ad1?.MatchedDate, ad1?.AdoptedByCarer, ad1?.NumberOfAdopters, ad1?.AdopterSex, ad1?.AdopterLegalStatus),
                (r.MatchedDate, r.AdoptedByCarer, r.NumberOfAdopters, r.AdopterSex, r.AdopterLegalStatus));
        }
    }

    private static ExtractSet Extract(string set, DateOnly asAt)
    {
        var options = new IngestOptions { Clock = new FakeTimeProvider(new DateTimeOffset(asAt.AddDays(1).ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero)) };
        var ingest = ExtractIngestor.IngestAsync(new LocalFolderExtractSource(set), options).GetAwaiter().GetResult();
        Assert.Null(ingest.RejectedReason);
        return ingest.Extract!;
    }

    private static bool SameFigure(IndicatorValue a, IndicatorValue b) =>
        Close(a.Value, b.Value) && Close(a.Numerator, b.Numerator) && Close(a.Denominator, b.Denominator);

    private static bool Close(double? a, double? b) => (a, b) switch
    {
        (null, null) => true,
        ({ } x, { } y) => Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)),
        _ => false,
    };

    // The council-level figures of a set, as a run computes them.
    private static List<IndicatorValue> Values(string set, DateOnly asAt, ReferenceData reference) =>
        [.. IndicatorEngine.Compute(new IndicatorInputs(Extract(set, asAt), reference), Catalogue.All).Values.Where(v => v.Breakdown == "")];

    private static string Render(List<(Expected Door, int Compared, string? Reason)> rows, DateOnly asAt)
    {
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        Line("# The same council through two doors");
        Line();
        Line("<!-- Written by tests/Pipeline.Cli.Tests/TwoDoorsTests.cs from its list (UPDATE_TWO_DOORS=1 rewrites it): edit the list there, not this page. -->");
        Line();
        Line(string.Create(CultureInfo.InvariantCulture,
            $"A generated council (60,000 children, as_at {asAt:yyyy-MM-dd}) is written twice: as its SSD set, and as its statutory returns (SSDA903 and"));
        Line("CIN census, this collection year's and last year's: coverage from 2025-04-01). The test computes every indicator from both and");
        Line("compares the council's figures period by period. Every figure both doors give is identical (value, numerator and denominator); the test");
        Line("fails on any difference not listed here. Team breakdowns come through the SSD door only: the returns name no teams.");
        Line();
        Line("| indicator | through the returns | periods compared | why |");
        Line("|---|---|---|---|");
        foreach (var (door, compared, reason) in rows)
        {
            var result = door.Unavailable is null ? "same figures" : $"unavailable: `{reason}`";
            Line($"| `{door.Id}` | {result} | {compared} | {door.Why.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        return md.ToString();
    }

    private static void CheckDocs(string content)
    {
        var path = Path.Combine(Repo.Root, "docs", DocsFile);
        if (Environment.GetEnvironmentVariable("UPDATE_TWO_DOORS") == "1")
        {
            File.WriteAllText(path, content);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == content,
            $"docs/{DocsFile} is not what this test's list gives: rerun it with UPDATE_TWO_DOORS=1 and commit the page");
    }
}
