using Pipeline.Application;
using Pipeline.Indicators;
using Pipeline.Reference;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Cli;

/// <summary>The whole catalogue on the bundled sample: every indicator has a sensible value for the latest month.</summary>
public class CatalogueOnSampleTests
{
    private static readonly Lazy<RunOutcome> Outcome = new(() =>
    {
        var store = new TempFolder();
        return new NightlyRun(TimeProvider.System).RunAsync(
            new LocalFolderExtractSource(Repo.Seeds("sample-extract")),
            ReferenceData.LoadFolder(Repo.Seeds("reference")),
            new LocalFolderSnapshotStore(store.Path)).GetAwaiter().GetResult();
    });

    // Wide enough for a council of 10,000 children's month-to-month noise, narrow enough to catch a unit or
    // definition slip (a rate per child instead of per 10,000, a percentage over 100, a count of rows not children).
    public static TheoryData<string, double, double> PlausibleRanges => new()
    {
        { "contacts_rate", 500, 3000 },
        { "referrals_rate", 200, 900 },
        { "referrals_repeat_pct", 5, 45 },
        { "referrals_nfa_pct", 0, 40 },
        { "assessments_rate", 150, 800 },
        { "assessments_45wd_pct", 50, 100 },
        { "assessments_nfa_pct", 15, 75 },
        { "assessments_overdue_count", 0, 100 },
        { "s47_rate", 50, 450 },
        { "s47_to_icpc_pct", 5, 70 },
        { "icpc_rate", 10, 150 },
        { "icpc_15wd_pct", 30, 100 },
        { "cp_rate", 15, 100 },
        { "cp_count", 15, 100 },
        { "cp_starts_rate", 10, 150 },
        { "cp_second_plan_pct", 0, 60 },
        { "cp_2yrs_pct", 0, 40 },
        { "cp_visits_timely_pct", 40, 100 },
        { "cp_reviews_timely_pct", 50, 100 },
        { "cin_rate", 150, 600 },
        { "cin_plan_count", 30, 400 },
        { "cin_visits_timely_pct", 40, 100 },
        { "cla_rate", 30, 130 },
        { "cla_count", 30, 130 },
        { "cla_starts_rate", 5, 80 },
        { "cla_ends_rate", 5, 80 },
        { "cla_3plus_placements_pct", 0, 40 },
        { "cla_health_assessment_pct", 50, 100 },
        { "cla_visits_timely_pct", 50, 100 },
        { "cla_reviews_timely_pct", 50, 100 },
        { "cla_permanence_plan_pct", 50, 100 },
        { "missing_rhi_offered_pct", 20, 100 },
        { "cl_in_touch_17_18_pct", 40, 100 },
        { "cl_in_touch_19_21_pct", 40, 100 },
        { "cl_suitable_accom_17_18_pct", 20, 100 },
        { "cl_suitable_accom_19_21_pct", 20, 100 },
        { "cl_eet_17_18_pct", 10, 100 },
        { "cl_eet_19_21_pct", 10, 100 },
        { "cl_pathway_plan_pct", 30, 100 },
        { "caseload_avg", 10, 25 },
        { "caseload_over_25_count", 0, 20 },
        { "caseload_min", 1, 15 },
        { "caseload_max", 20, 60 },
        { "agency_worker_pct", 5, 50 },
        { "contacts_decided_24h_pct", 75, 100 },
        { "referrals_decided_72h_pct", 70, 100 },
        { "worker_supervision_pct", 40, 100 },
        { "case_supervision_pct", 30, 95 },
    };

    [Theory]
    [MemberData(nameof(PlausibleRanges))]
    public void Run_Sample_IndicatorAvailableFiniteAndPlausibleForTheLatestMonth(string id, double min, double max)
    {
        var outcome = Outcome.Value;
        var row = outcome.Values.Single(v => v.IndicatorId == id && v.PeriodType == "month" && v.PeriodEnd == outcome.AsAt && v.Breakdown == "");

        Assert.True(row.Available, row.UnavailableReason);
        Assert.NotNull(row.Value);
        Assert.True(double.IsFinite(row.Value!.Value));
        Assert.InRange(row.Value.Value, min, max);
    }

    [Fact]
    public void PlausibleRanges_CoverTheWholeCatalogue() =>
        Assert.Equal(Catalogue.All.Select(i => i.Id).Order(StringComparer.Ordinal), PlausibleRanges.Select(r => (string)r[0]).Order(StringComparer.Ordinal));

    [Fact]
    public void Run_Sample_EveryValueIsFiniteAndEveryPeriodTypeIsPresent()
    {
        var values = Outcome.Value.Values;

        Assert.All(values.Where(v => v.Value is not null), v => Assert.True(double.IsFinite(v.Value!.Value), $"{v.IndicatorId} {v.PeriodType} {v.PeriodEnd}"));
        Assert.All(values.Where(v => v.Unit == "percent" && v.Value is not null), v => Assert.InRange(v.Value!.Value, 0, 100));
        Assert.Equal(["fytd", "month", "rolling_12m", "snapshot"], values.Select(v => v.PeriodType).Distinct().Order(StringComparer.Ordinal));
        foreach (var id in new[]
        {
            "assessments_45wd_pct", "icpc_15wd_pct", "cp_visits_timely_pct", "cla_visits_timely_pct", "caseload_avg", "caseload_min", "caseload_max",
            "caseload_over_25_count", "contacts_decided_24h_pct", "referrals_decided_72h_pct", "worker_supervision_pct", "case_supervision_pct",
        })
        {
            Assert.Contains(values, v => v.IndicatorId == id && v.Breakdown == "team" && v.Value is not null);
        }
    }
}

/// <summary>The README's recipes work on what a run publishes.</summary>
public class ReadmeTests
{
    [Fact]
    public void Readme_DuckDbQueries_RunOnAPublishedStoreAndAgree()
    {
        using var output = new TempFolder();
        var (exitCode, printed) = Repo.RunCli("run", "--out", output.Path);
        Assert.True(exitCode == 0, printed);
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        var sql = readme[(readme.IndexOf("```sql", StringComparison.Ordinal) + 6)..];
        sql = sql[..sql.IndexOf("```", StringComparison.Ordinal)].Replace("'out/", $"'{output.Path}/", StringComparison.Ordinal);
        var queries = sql.Split(';', StringSplitOptions.RemoveEmptyEntries).Where(q => q.Contains("SELECT", StringComparison.Ordinal)).ToList();

        var results = queries.Select(q => DuckDb.Query(q).Select(r => string.Join("|", r)).ToList()).ToList();

        Assert.Equal(2, results.Count);
        Assert.NotEmpty(results[0]);
        // Every night in the store is complete, so reading through the commit markers gives the same rows.
        Assert.Equal(results[0], results[1]);
    }
}
