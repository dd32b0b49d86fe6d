using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Indicators;
using Pipeline.Reference;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

public class WorkforceIndicatorTests
{
    private static readonly DateOnly AsAt = D("2023-06-30");

    private const string Role = "ALLOCATED_CASE_WORKER";

    // as_at 30 June 2023. Teams T1 "Assessment Team 1", T2 "Assessment Team 2", T3 (no name in ssd_department).
    //
    //   worker  team  children                   held at 30 June?
    //   W1      T1    C1 (two rows), C2, C3      yes: 3 distinct (C1 once)
    //   W1      T1    C4 2023-05-01..2023-06-30  no: ends on the period end, so closed that day (held at 31 May)
    //   W2      T1    C5, C6                     yes
    //   W2      T2    C7, role " allocated worker " (trimmed, any case)   yes: W2 holds 3 in all, 2 in T1 and 1 in T2
    //   W3      T2    X1..X26                    yes: 26, over the threshold
    //   W4      T2    Y1..Y25                    yes: 25, exactly the threshold, not over
    //   W5      T1    C8, role TEAM_MANAGER      no: not an allocated-worker role, so W5 holds nobody
    //   W6      T3    C9 from 2023-06-30         yes: starts on the period end
    //   W7      T1    C10 2023-06-01..2023-06-15 no: ended mid-June
    // Everything else starts 2023-06-01, so 30 April has no allocations and 31 May only W1 with C4.
    //
    // 30 June, council: W1 3, W2 3, W3 26, W4 25, W6 1 -> 5 workers, 58 children, mean 11.6, min 1, max 26, over 25: W3 = 1.
    //   T1: W1 3, W2 2          -> 5 / 2 = 2.5,  min 2, max 3,  over 0
    //   T2: W2 1, W3 26, W4 25  -> 52 / 3,       min 1, max 26, over 1
    //   T3: W6 1                -> 1 / 1 = 1,    min 1, max 1,  over 0
    private static readonly object[] CaseloadTables =
    [
        ImmutableArray.Create(
            Inv("I1", "W1", "C1", "T1", "2023-06-01"), Inv("I1b", "W1", "C1", "T1", "2023-06-05"),
            Inv("I2", "W1", "C2", "T1", "2023-06-01"), Inv("I3", "W1", "C3", "T1", "2023-06-01"),
            Inv("I4", "W1", "C4", "T1", "2023-05-01", "2023-06-30"),
            Inv("I5", "W2", "C5", "T1", "2023-06-01"), Inv("I6", "W2", "C6", "T1", "2023-06-01"),
            Inv("I7", "W2", "C7", "T2", "2023-06-01", role: " allocated worker "),
            Inv("I8", "W5", "C8", "T1", "2023-06-01", role: "TEAM_MANAGER"),
            Inv("I9", "W6", "C9", "T3", "2023-06-30"),
            Inv("I10", "W7", "C10", "T1", "2023-06-01", "2023-06-15"))
            .AddRange(Enumerable.Range(1, 26).Select(i => Inv($"IX{i}", "W3", $"X{i}", "T2", "2023-06-01")))
            .AddRange(Enumerable.Range(1, 25).Select(i => Inv($"IY{i}", "W4", $"Y{i}", "T2", "2023-06-01"))),
        ImmutableArray.Create(
            new Department("T1", "Assessment Team 1", null, null),
            new Department("T2", "Assessment Team 2", null, null),
            new Department("T3", null, null, null)),
    ];

    private static readonly ImmutableArray<IndicatorValue> CaseloadValues = Compute(new ReferenceData(), CaseloadTables);

    private static Involvement Inv(string id, string? worker, string? person, string? team, string start, string? end = null, string role = Role) =>
        new(id, worker, role, team, D(start), end is null ? null : D(end), null, person, null);

    private static Professional Prof(string id, string? registration, double? fte, bool? agency) =>
        new(id, null, registration, "Social Worker", null, null, fte, agency);

    private static ImmutableArray<IndicatorValue> Compute(ReferenceData reference, params object[] tables) =>
        IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(AsAt, tables), reference),
            Catalogue.All.Where(i => i.Area == "Workforce")).Values;

    private static IndicatorValue Value(ImmutableArray<IndicatorValue> values, string id, string periodType = "month", string end = "2023-06-30", string team = "") =>
        values.Single(v => v.IndicatorId == id && v.PeriodType == periodType && v.PeriodEnd == D(end) && v.BreakdownValue == team);

    [Fact]
    public void CaseloadAvg_June_IsChildrenOverWorkersHoldingAtLeastOne()
    {
        // 3 + 3 + 26 + 25 + 1 = 58 children over 5 workers (W5 and W7 hold nobody, C4 closed on the 30th).
        var june = Value(CaseloadValues, "caseload_avg");

        Assert.Equal((58.0, 5.0, 11.6), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void CaseloadAvg_ByTeam_WorkerInTwoTeamsCountsInEachWithThoseChildren()
    {
        // T1: W1 3 + W2 2 = 5 over 2; T2: W2 1 + W3 26 + W4 25 = 52 over 3; T3 (unnamed): W6 1.
        var t1 = Value(CaseloadValues, "caseload_avg", team: "Assessment Team 1");
        var t2 = Value(CaseloadValues, "caseload_avg", team: "Assessment Team 2");
        var t3 = Value(CaseloadValues, "caseload_avg", team: "T3");

        Assert.Equal(("team", 5.0, 2.0, 2.5), (t1.Breakdown, t1.Numerator, t1.Denominator, t1.Value));
        Assert.Equal((52.0, 3.0), (t2.Numerator, t2.Denominator));
        Assert.Equal(52.0 / 3, t2.Value!.Value, 9);
        Assert.Equal((1.0, 1.0, 1.0), (t3.Numerator, t3.Denominator, t3.Value));
    }

    [Fact]
    public void CaseloadAvg_May_InvolvementEndingOnTheNextPeriodEndIsHeldBeforeIt()
    {
        // 31 May: only W1 with C4 (2023-05-01 to 2023-06-30): 1 over 1. Caseloads come from history, so May has a value.
        var may = Value(CaseloadValues, "caseload_avg", end: "2023-05-31");

        Assert.Equal((true, 1.0, 1.0, 1.0), (may.Available, may.Numerator, may.Denominator, may.Value));
    }

    [Fact]
    public void CaseloadAvg_NoWorkerHoldsAChild_HasNoValueRatherThanZero()
    {
        // 30 April: nothing had started. Denominator 0 -> no value.
        var april = Value(CaseloadValues, "caseload_avg", end: "2023-04-30");

        Assert.Equal((true, 0.0, 0.0, (double?)null), (april.Available, april.Numerator, april.Denominator, april.Value));
    }

    [Fact]
    public void CaseloadAvg_Rolling12Months_AveragesTheMonthEndsThatHaveAValue()
    {
        // Month ends July 2022 - June 2023: only May (1) and June (11.6) have values: (1 + 11.6) / 2 = 6.3.
        var rolling = Value(CaseloadValues, "caseload_avg", "rolling_12m");

        Assert.Equal(6.3, rolling.Value!.Value, 9);
    }

    [Fact]
    public void CaseloadAvg_June_DirectionUpIsBadBecauseLowerIsBetter()
    {
        var june = Value(CaseloadValues, "caseload_avg");

        Assert.Equal(("up", (bool?)false), (june.Dot, june.DotGood));
    }

    [Fact]
    public void CaseloadOver25Count_June_TwentySixCountsTwentyFiveDoesNot()
    {
        // W3 (26) is over 25; W4 (exactly 25) is not. Denominator: the 5 workers holding a child.
        var june = Value(CaseloadValues, "caseload_over_25_count");

        Assert.Equal((1.0, 5.0, 1.0), (june.Numerator, june.Denominator, june.Value));
    }

    [Fact]
    public void CaseloadOver25Count_ByTeam_CountsPerTeam()
    {
        // T1: W1 3, W2 2 -> 0 of 2. T2: W3 26 -> 1 of 3 (W2 1, W4 25 not over).
        var t1 = Value(CaseloadValues, "caseload_over_25_count", team: "Assessment Team 1");
        var t2 = Value(CaseloadValues, "caseload_over_25_count", team: "Assessment Team 2");

        Assert.Equal((0.0, 2.0, 0.0), (t1.Numerator, t1.Denominator, t1.Value));
        Assert.Equal((1.0, 3.0, 1.0), (t2.Numerator, t2.Denominator, t2.Value));
    }

    [Fact]
    public void CaseloadOver25Count_ThresholdSetToTwo_CountsWorkersAboveIt()
    {
        // Threshold 2: W1 3, W2 3, W3 26, W4 25 are over; W6 1 is not: 4 of 5.
        var values = Compute(new ReferenceData { Settings = new IndicatorSettings { CaseloadThreshold = 2 } }, CaseloadTables);
        var june = Value(values, "caseload_over_25_count");

        Assert.Equal((4.0, 5.0), (june.Numerator, june.Denominator));
    }

    [Fact]
    public void CaseloadOver25Count_NoWorkerHoldsAChild_HasNoValueRatherThanZero()
    {
        var april = Value(CaseloadValues, "caseload_over_25_count", end: "2023-04-30");

        Assert.Equal((true, (double?)null), (april.Available, april.Value));
    }

    [Fact]
    public void CaseloadMin_June_IsTheSmallestNonEmptyCaseloadOverallAndPerTeam()
    {
        // Council: W6 1 (W5 holds nobody and is not a worker with a caseload of 0). T1: min(3, 2) = 2. T2: min(1, 26, 25) = 1.
        Assert.Equal(1.0, Value(CaseloadValues, "caseload_min").Value);
        Assert.Equal(2.0, Value(CaseloadValues, "caseload_min", team: "Assessment Team 1").Value);
        Assert.Equal(1.0, Value(CaseloadValues, "caseload_min", team: "Assessment Team 2").Value);
        Assert.Null(Value(CaseloadValues, "caseload_min", end: "2023-04-30").Value);
    }

    [Fact]
    public void CaseloadMax_June_IsTheLargestCaseloadOverallAndPerTeam()
    {
        // Council: W3 26. T1: max(3, 2) = 3. T2: max(1, 26, 25) = 26. T3: 1.
        Assert.Equal(26.0, Value(CaseloadValues, "caseload_max").Value);
        Assert.Equal(3.0, Value(CaseloadValues, "caseload_max", team: "Assessment Team 1").Value);
        Assert.Equal(26.0, Value(CaseloadValues, "caseload_max", team: "Assessment Team 2").Value);
        Assert.Equal(1.0, Value(CaseloadValues, "caseload_max", team: "T3").Value);
    }

    [Fact]
    public void CaseloadMax_ByTeam_TeamWithNobodyAtADateHasNoValueThere()
    {
        // 31 May only T1 has an allocation, so T2's May row has no value while its June row does.
        var may = Value(CaseloadValues, "caseload_max", end: "2023-05-31", team: "Assessment Team 2");

        Assert.Equal((true, (double?)null), (may.Available, may.Value));
    }

    [Fact]
    public void CaseloadAvg_NoInvolvementsTable_IsUnavailableWithTheReason()
    {
        var values = Compute(new ReferenceData(), ImmutableArray<Person>.Empty);

        Assert.All(values.Where(v => v.IndicatorId.StartsWith("caseload_", StringComparison.Ordinal)),
            v => Assert.Equal((false, "ssd_involvements not in the extract", (double?)null), (v.Available, v.UnavailableReason, v.Value)));
    }

    [Fact]
    public void CaseloadAvg_NoRowHasAnAllocatedRole_IsUnavailableNamingTheSetting()
    {
        var tables = new object[] { ImmutableArray.Create(Inv("I1", "W1", "C1", "T1", "2023-06-01", role: "KEY_WORKER")) };

        var june = Value(Compute(new ReferenceData(), tables), "caseload_avg");

        Assert.False(june.Available);
        Assert.Contains("allocated_worker_roles", june.UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void CaseloadAvg_ConfiguredRoles_DecideWhatCountsAsAnAllocation()
    {
        // With allocated_worker_roles = key_worker, the KEY_WORKER row counts and the default role does not: 1 child, 1 worker.
        var tables = new object[] { ImmutableArray.Create(Inv("I1", "W1", "C1", "T1", "2023-06-01", role: "KEY_WORKER"), Inv("I2", "W2", "C2", "T1", "2023-06-01")) };
        var reference = new ReferenceData { Settings = new IndicatorSettings { AllocatedWorkerRoles = ["key_worker"] } };

        var june = Value(Compute(reference, tables), "caseload_avg");

        Assert.Equal((1.0, 1.0), (june.Numerator, june.Denominator));
    }

    [Fact]
    public void CaseloadsAt_June_CountsDistinctChildrenPerWorkerAndPerTeam()
    {
        var inputs = new IndicatorInputs(ExtractOf(AsAt, CaseloadTables), new ReferenceData());

        var june = inputs.CaseloadsAt(AsAt);

        // W1: C1 (two rows, once), C2, C3; C4 ends on 30 June so is not held. W2: C5, C6 in T1 and C7 in T2. W3: 26, W4: 25 (T2).
        // W5 is a team manager, W7's allocation ended on 15 June; W6's C9 starts on 30 June, so is held (T3).
        Assert.Equal([("W1", 3), ("W2", 3), ("W3", 26), ("W4", 25), ("W6", 1)],
            june.ByWorker.Select(w => (w.WorkerId, w.Children)).OrderBy(w => w.WorkerId, StringComparer.Ordinal));
        Assert.Equal([("W1", 3), ("W2", 2)], june.ByTeam["T1"].Select(w => (w.WorkerId, w.Children)).OrderBy(w => w.WorkerId, StringComparer.Ordinal));
        Assert.Equal([("W2", 1), ("W3", 26), ("W4", 25)], june.ByTeam["T2"].Select(w => (w.WorkerId, w.Children)).OrderBy(w => w.WorkerId, StringComparer.Ordinal));
        Assert.Equal([("W6", 1)], june.ByTeam["T3"].Select(w => (w.WorkerId, w.Children)));
        Assert.Equal(3, june.ByTeam.Count);
        Assert.Same(june, inputs.CaseloadsAt(AsAt));
    }

    [Fact]
    public void AllocatedTeamOf_SeveralOpenAllocations_PicksLatestStartThenLowestTeam()
    {
        // K: T2 from 1 June, T1 from 10 June -> T2 on 5 June, T1 on 30 June (latest start).
        // L: T2 and T1 both from 1 June -> T1 (lowest team id).
        // M: T2 from 1 June, then a team-less allocation from 10 June -> AllocationOf is the team-less one; its team is T2.
        // N: only a TEAM_MANAGER involvement -> none.
        var inputs = new IndicatorInputs(ExtractOf(AsAt, ImmutableArray.Create(
            Inv("K1", "W1", "K", "T2", "2023-06-01"), Inv("K2", "W2", "K", "T1", "2023-06-10"),
            Inv("L1", "W3", "L", "T2", "2023-06-01"), Inv("L2", "W4", "L", "T1", "2023-06-01"),
            Inv("M1", "W5", "M", "T2", "2023-06-01"), Inv("M2", "W6", "M", null, "2023-06-10"),
            Inv("N1", "W7", "N", "T1", "2023-06-01", role: "TEAM_MANAGER"))), new ReferenceData());

        Assert.Equal("T2", inputs.AllocatedTeamOf("K", D("2023-06-05")));
        Assert.Equal("T1", inputs.AllocatedTeamOf("K", AsAt));
        Assert.Equal(("T1", "W4"), (inputs.AllocatedTeamOf("L", AsAt), inputs.AllocationOf("L", AsAt)?.WorkerId));
        Assert.Equal(("T2", "W6"), (inputs.AllocatedTeamOf("M", AsAt), inputs.AllocationOf("M", AsAt)?.WorkerId));
        Assert.Null(inputs.AllocatedTeamOf("N", AsAt));
        Assert.Null(inputs.AllocationOf("K", D("2023-05-31")));
    }

    // Social workers (registration starting SW, any case):
    //   P1 SW123  1.0  Y   agency
    //   P2 sw456  0.5  Y   agency (lower-case prefix still a social worker)
    //   P3 SW789  1.0  N
    //   P4 SW000  -    N   no FTE: counts as 1.0
    //   P5 SW111  1.0  -   no flag (placeholder): left out
    // Not social workers: P6 (no registration, Y), P7 (HCPC1, Y).
    // Numerator 1.0 + 0.5 = 1.5; denominator 1.0 + 0.5 + 1.0 + 1.0 = 3.5; 42.857...%.
    private static readonly object[] ProfessionalTables =
    [
        ImmutableArray.Create(
            Prof("P1", "SW123", 1.0, true), Prof("P2", "sw456", 0.5, true), Prof("P3", "SW789", 1.0, false),
            Prof("P4", "SW000", null, false), Prof("P5", "SW111", 1.0, null),
            Prof("P6", null, 1.0, true), Prof("P7", "HCPC1", 1.0, true)),
    ];

    [Fact]
    public void AgencyWorkerPct_AtAsAt_IsAgencyFteOverFlaggedSocialWorkerFte()
    {
        var values = Compute(new ReferenceData(), ProfessionalTables);
        var snapshot = Value(values, "agency_worker_pct", "snapshot");

        Assert.Equal((1.5, 3.5), (snapshot.Numerator, snapshot.Denominator));
        Assert.Equal(100 * 1.5 / 3.5, snapshot.Value!.Value, 9);
        Assert.Equal(snapshot.Value, Value(values, "agency_worker_pct").Value);
    }

    [Fact]
    public void AgencyWorkerPct_EarlierMonths_AreUnavailableBecauseOnlyTheCurrentWorkforceIsHeld()
    {
        var values = Compute(new ReferenceData(), ProfessionalTables);
        var may = Value(values, "agency_worker_pct", end: "2023-05-31");

        Assert.False(may.Available);
        Assert.Contains("current workforce only", may.UnavailableReason, StringComparison.Ordinal);
        Assert.False(Value(values, "agency_worker_pct", "rolling_12m").Available);
    }

    [Fact]
    public void AgencyWorkerPct_FlagsAllPlaceholderOrEmpty_IsUnavailable()
    {
        // PLACEHOLDER_DATA is not a flag and reads as empty; P7 has a flag but is not a social worker.
        var tables = new object[] { ImmutableArray.Create(Prof("P1", "SW1", 1.0, null), Prof("P2", "SW2", null, null), Prof("P7", "HCPC1", 1.0, true)) };

        var values = Compute(new ReferenceData(), tables).Where(v => v.IndicatorId == "agency_worker_pct").ToList();

        Assert.All(values, v => Assert.False(v.Available));
        Assert.Contains("PLACEHOLDER_DATA", Value([.. values], "agency_worker_pct", "snapshot").UnavailableReason, StringComparison.Ordinal);
    }

    [Fact]
    public void AgencyWorkerPct_NoProfessionalsTable_IsUnavailableWithTheReason()
    {
        var values = Compute(new ReferenceData(), CaseloadTables).Where(v => v.IndicatorId == "agency_worker_pct").ToList();

        Assert.All(values, v => Assert.Equal((false, "ssd_professionals not in the extract"), (v.Available, v.UnavailableReason)));
    }
}
