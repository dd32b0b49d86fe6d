using Pipeline.Indicators;
using Pipeline.Ingest;
using Pipeline.Quality;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Quality;

public class RunToRunChecksTests
{
    private static FileIngestStats File(string table, long rows) => new(table, table + ".csv", FileIngestStats.Accepted, rows, rows, 0, 0, 0, "");

    private static PublishedNight Night(string asAt, long rows) => new(D(asAt), [File("ssd_contacts", rows)]);

    private static IndicatorValue Month(string id, string end, double value, string unit = "percent") => new()
    {
        AsAt = D("2023-06-30"), LaCode = LaCode, IndicatorId = id, PeriodType = "month", PeriodStart = D(end).AddDays(1 - D(end).Day),
        PeriodEnd = D(end), Value = value, Unit = unit, Polarity = "neutral", IsPartial = false, Available = true,
    };

    private static List<RunCheckFinding> Check(long tonight, PublishedNight[] nights, IndicatorValue[]? now = null, IndicatorValue[]? before = null, string? latest = null) =>
        [.. RunToRunChecks.Check(new RunToRunInputs(D("2023-06-30"), latest is null ? null : D(latest), [File("ssd_contacts", tonight)], nights, now ?? [], before ?? []))];

    [Fact]
    public void Check_AsAtNotAfterTheLatestSnapshot_IsFlagged()
    {
        Assert.Single(Check(100, [], latest: "2023-06-30"), f => f.Check == RunToRunChecks.AsAtNotAdvanced);
        Assert.Empty(Check(100, [], latest: "2023-06-29"));
    }

    [Fact]
    public void Check_VolumeHalvesAgainstAStableBaseline_IsFlagged()
    {
        var nights = new[] { Night("2023-06-26", 1000), Night("2023-06-27", 1010), Night("2023-06-28", 990), Night("2023-06-29", 1005) };

        Assert.Single(Check(500, nights), f => f.Check == RunToRunChecks.VolumeOutOfLine && f.Subject == "ssd_contacts");
        Assert.Empty(Check(1012, nights));
    }

    [Fact]
    public void Check_DuringWarmUp_DoesNotJudgeVolume()
    {
        Assert.Empty(Check(10, [Night("2023-06-28", 1000), Night("2023-06-29", 1000)]));
    }

    [Fact]
    public void Check_OneBadNightInTheHistory_DoesNotPoisonTheBaseline()
    {
        // The median of 1000, 1000, 100, 1000 is 1000: tonight's 1000 is normal, and a second collapse is still caught.
        var nights = new[] { Night("2023-06-26", 1000), Night("2023-06-27", 1000), Night("2023-06-28", 100), Night("2023-06-29", 1000) };

        Assert.Empty(Check(1000, nights));
        Assert.Single(Check(100, nights));
    }

    [Fact]
    public void Check_PublishedMonthChanged_IsHistoryRewritten()
    {
        var findings = Check(100, [], [Month("cp_visits_timely_pct", "2023-05-31", 80.5), Month("cla_visits_timely_pct", "2023-05-31", 90.05)],
            [Month("cp_visits_timely_pct", "2023-05-31", 82.0), Month("cla_visits_timely_pct", "2023-05-31", 90.0)]);

        // 80.5 against 82.0 moved 1.5 points; 90.05 against 90.0 is within a tenth of a point.
        Assert.Equal([("history_rewritten", "cp_visits_timely_pct")], findings.Select(f => (f.Check, f.Subject)));
    }

    [Fact]
    public void Check_LatestMonthFarOutsideItsHistory_IsAJump()
    {
        var months = Enumerable.Range(1, 12).Select(m => Month("referrals_rate", Dates(m), 400 + (m % 3), "per_10k")).ToList();

        Assert.Empty(Check(100, [], [.. months]));
        Assert.Single(Check(100, [], [.. months.SkipLast(1), Month("referrals_rate", Dates(12), 900, "per_10k")]), f => f.Check == RunToRunChecks.IndicatorJump);
    }

    [Fact]
    public void Check_IdPresentLastNightGoneTonight_IsCountedWithExamples()
    {
        var findings = RunToRunChecks.Check(new RunToRunInputs(D("2023-06-30"), null, [], [], [], [])
        {
            PreviousIds = [Ids("ssd_person", "P1", "P2", "P3")],
            TonightIds = [Ids("ssd_person", "P1", "P3", "P4")],
        });

        // P2 was there last night and is not tonight; P4 is new, which is not a finding.
        var gone = Assert.Single(findings);
        Assert.Equal((RunToRunChecks.IdsGone, "ssd_person"), (gone.Check, gone.Subject));
        Assert.Contains("1 of last night's 3 ids", gone.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("P2", gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TableIdsOf_DuplicatesAndAnyOrder_SortedDistinctHashes()
    {
        var ids = TableIds.Of("ssd_person", ["P3", "P1", "P3", "P2", "P1"]);

        Assert.Equal(new[] { "P1", "P2", "P3" }.Select(IdHash.Of).Order(), ids.SortedHashes);
    }

    private static TableIds Ids(string table, params string[] ids) => new(table, [.. ids.Select(IdHash.Of).Order()]);

    private static string Dates(int month) => new DateOnly(2022, 6, 1).AddMonths(month).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
