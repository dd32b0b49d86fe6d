using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Domain;

/// <summary>Periods of care by the SSDA903 codes on the episodes (indicators spec, "Children looked after").</summary>
public class PeriodsOfCareTests
{
    private static readonly ImmutableArray<LegalStatus> NoLegalStatuses = [];

    [Fact]
    public void Build_SameDayLeaveAndReturn_IsAnEndAndAStart()
    {
        // E1 ceased 10 April as returned home (E4A), E2 started that day as started to be looked after (S): two periods.
        var care = Care([Episode("E1", "2023-01-01", "2023-04-10", "S", "E4A"), Episode("E2", "2023-04-10", null, "S", null)]);

        Assert.Equal([D("2023-01-01"), D("2023-04-10")], care.Starts.Select(s => s.Date));
        Assert.Equal([D("2023-04-10")], care.Ends.Select(e => e.Date));
        Assert.Equal(D("2023-04-10"), care.CurrentPeriodStart(D("2023-06-30")));
        Assert.Equal(D("2023-01-01"), care.CurrentPeriodStart(D("2023-04-09")));
    }

    [Fact]
    public void Build_SOverlappingAnOpenEpisode_IsStillAStartAndItsEndAnEnd()
    {
        var care = Care([Episode("E1", "2022-01-01", null, "S", null), Episode("E2", "2023-03-01", "2023-05-01", "S", "E4A")]);

        Assert.Equal([D("2022-01-01"), D("2023-03-01")], care.Starts.Select(s => s.Date));
        Assert.Equal([D("2023-05-01")], care.Ends.Select(e => e.Date));
        Assert.True(care.IsInCareAt(D("2023-06-30")));
        Assert.Equal(D("2023-03-01"), care.CurrentPeriodStart(D("2023-06-30")));
    }

    [Fact]
    public void Build_X1ThenANewEpisodeTheSameDay_IsOnePeriod()
    {
        var care = Care([Episode("E1", "2022-01-01", "2022-03-01", "S", "X1"), Episode("E2", "2022-03-01", "2022-09-01", "P", "X1"),
            Episode("E3", "2022-09-01", null, "L", null)]);

        Assert.Equal([D("2022-01-01")], care.Starts.Select(s => s.Date));
        Assert.Empty(care.Ends);
        Assert.All(care.Starts, s => Assert.Equal(CareEventBasis.Code, s.Basis));
    }

    [Fact]
    public void Build_X1WithNoEpisodeFollowing_IsNoEnd()
    {
        // The contradiction is x1_without_next_episode's to report; the codes still decide.
        var care = Care([Episode("E1", "2022-01-01", "2022-03-01", "S", "X1")]);

        Assert.Empty(care.Ends);
        Assert.False(care.IsInCareAt(D("2022-03-01")));
    }

    [Fact]
    public void Build_MissingCodes_DatesDecide()
    {
        // E1 starts with no episode before it; E2 starts the day E1 ceased (continues); E3 starts on an open E2 (overlap:
        // continues); E2 ceasing 1 May with E3 still open is an end (no episode starts that day); E3 ceases 20 May and E4
        // starts that day (continues); E4 ceased 1 June with nothing after (an end); E5 after a gap (a start).
        var care = Care([Episode("E1", "2023-01-01", "2023-03-01"), Episode("E2", "2023-03-01", "2023-05-01"), Episode("E3", "2023-04-01", "2023-05-20"),
            Episode("E4", "2023-05-20", "2023-06-01"), Episode("E5", "2023-06-10")]);

        Assert.Equal([D("2023-01-01"), D("2023-06-10")], care.Starts.Select(s => s.Date));
        Assert.Equal([D("2023-05-01"), D("2023-06-01")], care.Ends.Select(e => e.Date));
        Assert.All(care.Starts.Concat(care.Ends), e => Assert.Equal(CareEventBasis.Dates, e.Basis));
    }

    [Fact]
    public void Build_CodeGivenOnOneEpisodeMissingOnTheNext_EachDecidedItsOwnWay()
    {
        // E1 ceased with a real end (E4A) on 1 March; E2 starts that day with no reason: by dates it continues (E1 ceased on its
        // start date), so it is no start although E1's code says care ended.
        var care = Care([Episode("E1", "2023-01-01", "2023-03-01", "S", "E4A"), Episode("E2", "2023-03-01")]);

        Assert.Equal([D("2023-01-01")], care.Starts.Select(s => s.Date));
        Assert.Equal([D("2023-03-01")], care.Ends.Select(e => e.Date));
    }

    [Fact]
    public void Build_V3EpisodeInsideAC2Period_NeitherStartNorEndCountsAndThePeriodKeepsItsStart()
    {
        ImmutableArray<LegalStatus> statuses = [Legal("L1", "C2", "2022-01-01"), Legal("L2", "V3", "2023-02-28", "2023-03-05")];
        var care = Care([Episode("E1", "2022-01-01", null, "S", null), Episode("E2", "2023-02-28", "2023-03-05", "S", "E8")], statuses);

        Assert.Equal([false, true], care.Starts.Select(s => s.IsShortBreak));
        Assert.True(care.Ends.Single().IsShortBreak);
        Assert.False(care.IsLookedAfterAt(D("2023-03-01")));
        Assert.True(care.IsLookedAfterAt(D("2023-03-05")));
        Assert.Equal(D("2022-01-01"), care.CurrentPeriodStart(D("2023-03-31")));
    }

    [Fact]
    public void Build_EpisodeChangingToV3MidWay_EndJudgedOnTheLastDayOfCare()
    {
        // C2 until 1 March, then V3: the start (1 Jan, C2) counts; the end on 1 May has its last day of care on 30 April, on V3.
        ImmutableArray<LegalStatus> statuses = [Legal("L1", "C2", "2023-01-01", "2023-03-01"), Legal("L2", "V3", "2023-03-01", "2023-05-01")];
        var care = Care([Episode("E1", "2023-01-01", "2023-05-01", "S", "E8")], statuses);

        Assert.False(care.Starts.Single().IsShortBreak);
        Assert.True(care.Ends.Single().IsShortBreak);
        Assert.True(care.IsLookedAfterAt(D("2023-02-28")));
        Assert.False(care.IsLookedAfterAt(D("2023-03-31")));
    }

    [Fact]
    public void Build_EpisodeStartingAndCeasingTheSameDay_EndJudgedOnThatDay()
    {
        ImmutableArray<LegalStatus> statuses = [Legal("L1", "V4", "2023-03-01", "2023-03-02")];
        var care = Care([Episode("E1", "2023-03-01", "2023-03-01", "S", "E8")], statuses);

        Assert.True(care.Ends.Single().IsShortBreak);
    }

    [Fact]
    public void CurrentPeriodStart_NoStartInTheExtract_EarliestEpisodeAfterTheLastEnd()
    {
        // The data begin mid-period: E1 (P) from 2021 ceased 1 Jan 2022 with E4A; E2 (P, the return not coded S) from 1 Feb 2022.
        // No start at all: at 30 June 2022 the period began with E2, the earliest episode after the last end; at 1 Dec 2021 with E1.
        var care = Care([Episode("E1", "2021-06-01", "2022-01-01", "P", "E4A"), Episode("E2", "2022-02-01", null, "P", null)]);

        Assert.Empty(care.Starts);
        Assert.Equal(D("2022-02-01"), care.CurrentPeriodStart(D("2022-06-30")));
        Assert.Equal(D("2021-06-01"), care.CurrentPeriodStart(D("2021-12-01")));
        Assert.Null(care.CurrentPeriodStart(D("2021-05-31")));
    }

    [Fact]
    public void Build_UnplaceableEpisodes_AreLeftOut()
    {
        var care = Care([Episode("E1", "2023-01-01", null, "S", null) with { StartDate = null }, Episode("E2", "2023-05-01", "2023-04-01", "S", "E4A"),
            Episode("E3", "2023-06-01", null, "S", null)]);

        Assert.Equal(["E3"], care.Episodes.Select(e => e.EpisodeId));
        Assert.Equal([D("2023-06-01")], care.Starts.Select(s => s.Date));
    }

    private static CareHistory Care(ClaEpisode[] episodes, ImmutableArray<LegalStatus>? statuses = null) =>
        PeriodsOfCare.Build("A", episodes, statuses ?? NoLegalStatuses);

    private static ClaEpisode Episode(string id, string start, string? ceased = null, string? rne = null, string? rec = null) =>
        new(id, "A", D(start), rne, "N1", ceased is null ? null : D(ceased), rec, null, null, null, null, null);

    private static LegalStatus Legal(string id, string code, string start, string? end = null) =>
        new(id, "A", code, D(start), end is null ? null : D(end));
}
