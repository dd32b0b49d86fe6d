using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Indicators;
using Pipeline.Ingest;
using Pipeline.Reference;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

/// <summary>The measures of the local extension tables: MASH decisions in 24 and 72 hours, worker and case supervision.</summary>
public class ExtensionIndicatorTests
{
    private const string Role = "ALLOCATED_CASE_WORKER";

    private static readonly string[] ExtensionIds = ["contacts_decided_24h_pct", "referrals_decided_72h_pct", "worker_supervision_pct", "case_supervision_pct"];

    /// <summary>A datetime as the extract writes it, read by the contract's own parser.</summary>
    private static Timestamp T(string text) =>
        ValueParsers.TryTimestamp(text, out var value) ? value : throw new FormatException(text);

    private static Contact Contact(string id, string at) => new(id, "P-" + id, T(at).Date, null, null, T(at));

    private static FrontDoorDecision ContactDecision(string id, string contact, string at, string team = "MASH1") =>
        new(id, contact, null, FrontDoorDecision.ContactDecision, T(at), team);

    private static FrontDoorDecision ReferralDecision(string id, string referral, string? contact, string at, string team = "MASH1") =>
        new(id, contact, referral, FrontDoorDecision.ReferralDecision, T(at), team);

    private static Involvement Inv(string id, string worker, string person, string team, string start, string? end = null) =>
        new(id, worker, Role, team, D(start), end is null ? null : D(end), null, person, null);

    private static Supervision WorkerSupervision(string id, string worker, string date) => new(id, worker, "M1", null, Supervision.Worker, D(date));

    private static Supervision CaseSupervision(string id, string worker, string child, string date, string type = Supervision.Case) =>
        new(id, worker, "M1", child, type, D(date));

    private static ImmutableArray<IndicatorValue> Compute(string asAt, params object[] tables) =>
        IndicatorEngine.Compute(new IndicatorInputs(ExtractOf(D(asAt), tables), new ReferenceData()),
            Catalogue.All.Where(i => ExtensionIds.Contains(i.Id))).Values;

    private static IndicatorValue Value(ImmutableArray<IndicatorValue> values, string id, string end, string periodType = "month", string team = "") =>
        values.Single(v => v.IndicatorId == id && v.PeriodType == periodType && v.PeriodEnd == D(end) && v.BreakdownValue == team);

    // as_at Saturday 30 September 2023.
    //   contact                      first contact decision         hours           in time?
    //   C1  Mon 04 Sep 10:00         Tue 05 Sep 09:59 (MASH1)       23 h 59         yes
    //   C2  Mon 04 Sep 10:00         Tue 05 Sep 10:01 (MASH2)       24 h 01         no
    //   C3  Fri 15 Sep 17:00         Mon 18 Sep 09:00 (MASH2)       64 h (clock hours, not working days)   no
    //   C4  Wed 06 Sep (date only)   Thu 07 Sep 16:30 (MASH1)       by date: the next day   yes
    //   C5  Wed 06 Sep (date only)   Fri 08 Sep 08:00 (MASH1)       by date: two days later no
    //   C6  Sat 30 Sep 14:00         none                           not 24 h old at the end of as_at: left out
    //   C7  Fri 29 Sep 14:00         none                           24 h passed on 30 Sep 14:00: late, denominator only
    //   C8  Sat 30 Sep 09:00         Sat 30 Sep 11:00 (MASH1)       2 h             yes (decided, though not yet 24 h old)
    //   C9  Sun 10 Sep 12:00         Sun 10 Sep 11:00               before its contact: left out of both
    //   C10 Mon 11 Sep 12:00         Tue 12 Sep 11:00 (the earlier of 11:00 and 13:00; the referral decision at 12:30
    //                                on the 11th is not a contact decision)           23 h            yes
    //   C11 Wed 20 Sep 00:00:00.000  Thu 21 Sep 20:00 (MASH1)       midnight is no time of day: by date, the next day   yes
    //   C12 Thu 31 Aug 10:00         Thu 31 Aug 10:30               August
    // September: numerator C1, C4, C8, C10, C11 = 5; denominator those and C2, C3, C5, C7 = 9.
    // MASH1: C1, C4, C5, C8, C10, C11 -> 5 of 6; MASH2: C2, C3 -> 0 of 2; C7 has no decision, so no team.
    private static readonly object[] ContactTables =
    [
        ImmutableArray.Create(
            Contact("C1", "2023-09-04 10:00:00"), Contact("C2", "2023-09-04T10:00:00"), Contact("C3", "2023-09-15 17:00:00.000"),
            Contact("C4", "2023-09-06"), Contact("C5", "06/09/2023"), Contact("C6", "2023-09-30 14:00:00"),
            Contact("C7", "2023-09-29 14:00:00"), Contact("C8", "2023-09-30 09:00:00"), Contact("C9", "2023-09-10 12:00:00"),
            Contact("C10", "2023-09-11 12:00:00"), Contact("C11", "2023-09-20 00:00:00.000"), Contact("C12", "2023-08-31 10:00:00")),
        ImmutableArray.Create(
            ContactDecision("D1", "C1", "2023-09-05 09:59:00"), ContactDecision("D2", "C2", "2023-09-05 10:01:00", "MASH2"),
            ContactDecision("D3", "C3", "2023-09-18 09:00:00", "MASH2"), ContactDecision("D4", "C4", "2023-09-07 16:30:00"),
            ContactDecision("D5", "C5", "2023-09-08 08:00:00"), ContactDecision("D8", "C8", "2023-09-30 11:00:00"),
            ContactDecision("D9", "C9", "2023-09-10 11:00:00"), ContactDecision("D10a", "C10", "2023-09-12 13:00:00"),
            ContactDecision("D10b", "C10", "2023-09-12 11:00:00"), ReferralDecision("D10c", "R10", "C10", "2023-09-11 12:30:00"),
            ContactDecision("D11", "C11", "2023-09-21 20:00:00"), ContactDecision("D12", "C12", "2023-08-31 10:30:00")),
        ImmutableArray.Create(new Department("MASH1", "Front Door (MASH) 1", null, null), new Department("MASH2", "Front Door (MASH) 2", null, null)),
    ];

    [Fact]
    public void ContactsDecided24h_September_HandWorkedEdges()
    {
        var september = Value(Compute("2023-09-30", ContactTables), "contacts_decided_24h_pct", "2023-09-30");

        Assert.Equal((5.0, 9.0), (september.Numerator, september.Denominator));
        Assert.Equal(100.0 * 5 / 9, september.Value!.Value, 9);
    }

    [Fact]
    public void ContactsDecided24h_ByTeam_FirstDecisionsTeamAndUndecidedInTheCouncilFigureOnly()
    {
        var values = Compute("2023-09-30", ContactTables);

        var mash1 = Value(values, "contacts_decided_24h_pct", "2023-09-30", team: "Front Door (MASH) 1");
        var mash2 = Value(values, "contacts_decided_24h_pct", "2023-09-30", team: "Front Door (MASH) 2");

        Assert.Equal(("team", 5.0, 6.0), (mash1.Breakdown, mash1.Numerator, mash1.Denominator));
        Assert.Equal((0.0, 2.0, 0.0), (mash2.Numerator, mash2.Denominator, mash2.Value));
    }

    [Fact]
    public void ContactsDecided24h_ContactsNotYetDueAtAsAt_AreLeftOutUntilTheirWindowCloses()
    {
        // as_at Saturday 30 September 2023, no decisions at all (so every contact in the denominator is late):
        //   K1 Fri 29 Sep 23:30: 24 h end Sat 30 Sep 23:30, before the end of as_at -> due.
        //   K2 Sat 30 Sep 00:30: 24 h end Sun 1 Oct 00:30 -> not due.
        //   K3 Fri 29 Sep, date only: its day or the next (30 Sep) -> due.   K4 Sat 30 Sep, date only -> not due.
        // 0 of 2. The next night (as_at 1 October) K2 and K4 are due too: October holds neither, September 0 of 4.
        var contacts = ImmutableArray.Create(Contact("K1", "2023-09-29 23:30:00"), Contact("K2", "2023-09-30 00:30:00"),
            Contact("K3", "2023-09-29"), Contact("K4", "2023-09-30"));
        var decisions = ImmutableArray.Create(ReferralDecision("X", "R1", null, "2023-09-01 10:00:00"), ContactDecision("Y", "K9", "2023-08-01 10:00:00"));

        var tonight = Value(Compute("2023-09-30", contacts, decisions), "contacts_decided_24h_pct", "2023-09-30");
        var tomorrow = Value(Compute("2023-10-01", contacts, decisions), "contacts_decided_24h_pct", "2023-09-30");

        Assert.Equal((0.0, 2.0), (tonight.Numerator, tonight.Denominator));
        Assert.Equal((0.0, 4.0), (tomorrow.Numerator, tomorrow.Denominator));
    }

    // as_at Saturday 30 September 2023.
    //   referral  its date   first referral decision, and the contact it names         hours from the contact     in time?
    //   R1        Mon 04 Sep Mon 04 Sep 09:59, contact K1 Fri 01 Sep 10:00              71 h 59                    yes
    //   R2        Tue 05 Sep Mon 04 Sep 10:01, contact K2 Fri 01 Sep 10:00              72 h 01                    no
    //   R3        Wed 06 Sep Sat 09 Sep 17:00, no contact: from the referral date       by date: 3 days after      yes
    //   R4        Wed 06 Sep Sun 10 Sep 09:00, no contact                               by date: 4 days after      no
    //   R5        Thu 28 Sep none: 72 h from 28 Sep end after 1 Oct                     not due: left out
    //   R6        Wed 27 Sep none: 27 Sep + 3 days = 30 Sep, as_at                      late: denominator only
    //   R7        Tue 12 Sep Wed 13 Sep 08:00, contact K7 not in ssd_contacts: from the referral date (date only)   yes
    // Numerator R1, R3, R7 = 3; denominator those and R2, R4, R6 = 6.
    [Fact]
    public void ReferralsDecided72h_September_CountedFromTheContactTheDecisionNames()
    {
        var referrals = ImmutableArray.Create(
            Referral("R1", "P1", "2023-09-04"), Referral("R2", "P2", "2023-09-05"), Referral("R3", "P3", "2023-09-06"),
            Referral("R4", "P4", "2023-09-06"), Referral("R5", "P5", "2023-09-28"), Referral("R6", "P6", "2023-09-27"),
            Referral("R7", "P7", "2023-09-12"));
        var contacts = ImmutableArray.Create(Contact("K1", "2023-09-01 10:00:00"), Contact("K2", "2023-09-01 10:00:00"));
        var decisions = ImmutableArray.Create(
            ReferralDecision("D1", "R1", "K1", "2023-09-04 09:59:00"), ReferralDecision("D2", "R2", "K2", "2023-09-04 10:01:00", "MASH2"),
            ReferralDecision("D3", "R3", null, "2023-09-09 17:00:00"), ReferralDecision("D4", "R4", null, "2023-09-10 09:00:00"),
            ReferralDecision("D7", "R7", "K7", "2023-09-13 08:00:00"), ContactDecision("D9", "K1", "2023-09-01 11:00:00"));

        var values = Compute("2023-09-30", referrals, contacts, decisions);
        var september = Value(values, "referrals_decided_72h_pct", "2023-09-30");
        var mash2 = Value(values, "referrals_decided_72h_pct", "2023-09-30", team: "MASH2");

        Assert.Equal((3.0, 6.0, 50.0), (september.Numerator, september.Denominator, september.Value));
        Assert.Equal((0.0, 1.0), (mash2.Numerator, mash2.Denominator));
    }

    // as_at Friday 30 June 2023; every allocation from 1 May 2023.
    //   worker  team  children    worker supervisions
    //   W1      T1    C1          Wed 31 May (the last day of May)
    //   W2      T1    C2          Thu 01 Jun (the first of June)
    //   W3      T2    C1, C3      Sat 15 Apr (before either month)
    // Worker: May 1 of 3 (W1), June 1 of 3 (W2); June by team: T1 1 of 2 (W2), T2 0 of 1.
    // Case: C1 is allocated to two workers and supervised once (10 June, by W1): one child, counted once.
    //   C3 supervised 31 May; C2's supervision of 1 July (" Case ", after as_at) is in no reported month.
    //   June: C1 of C1, C2, C3 -> 1 of 3; May: C3 -> 1 of 3. C1's team is T1 (both allocations start on 1 May: the lower team id),
    //   so June by team: T1 C1, C2 -> 1 of 2; T2 C3 -> 0 of 1.
    private static readonly object[] SupervisionTables =
    [
        ImmutableArray.Create(
            Inv("I1", "W1", "C1", "T1", "2023-05-01"), Inv("I2", "W2", "C2", "T1", "2023-05-01"),
            Inv("I3", "W3", "C1", "T2", "2023-05-01"), Inv("I4", "W3", "C3", "T2", "2023-05-01")),
        ImmutableArray.Create(
            WorkerSupervision("S1", "W1", "2023-05-31"), WorkerSupervision("S2", "W2", "2023-06-01"), WorkerSupervision("S3", "W3", "2023-04-15"),
            CaseSupervision("S4", "W1", "C1", "2023-06-10"), CaseSupervision("S5", "W3", "C3", "2023-05-31"),
            CaseSupervision("S6", "W2", "C2", "2023-07-01", " Case ")),
    ];

    [Fact]
    public void WorkerSupervision_LastDayOfTheMonthCountsInThatMonthAndTheFirstInTheNext()
    {
        var values = Compute("2023-06-30", SupervisionTables);

        var may = Value(values, "worker_supervision_pct", "2023-05-31");
        var june = Value(values, "worker_supervision_pct", "2023-06-30");
        var t1 = Value(values, "worker_supervision_pct", "2023-06-30", team: "T1");
        var t2 = Value(values, "worker_supervision_pct", "2023-06-30", team: "T2");

        Assert.Equal((1.0, 3.0), (may.Numerator, may.Denominator));
        Assert.Equal((1.0, 3.0), (june.Numerator, june.Denominator));
        Assert.Equal(100.0 / 3, june.Value!.Value, 9);
        Assert.Equal((1.0, 2.0, 50.0), (t1.Numerator, t1.Denominator, t1.Value));
        Assert.Equal((0.0, 1.0, 0.0), (t2.Numerator, t2.Denominator, t2.Value));
    }

    [Fact]
    public void CaseSupervision_ChildAllocatedToTwoWorkersSupervisedOnce_CountsOnce()
    {
        var values = Compute("2023-06-30", SupervisionTables);

        var may = Value(values, "case_supervision_pct", "2023-05-31");
        var june = Value(values, "case_supervision_pct", "2023-06-30");
        var t1 = Value(values, "case_supervision_pct", "2023-06-30", team: "T1");
        var t2 = Value(values, "case_supervision_pct", "2023-06-30", team: "T2");

        Assert.Equal((1.0, 3.0), (may.Numerator, may.Denominator));
        Assert.Equal((1.0, 3.0), (june.Numerator, june.Denominator));
        Assert.Equal((1.0, 2.0), (t1.Numerator, t1.Denominator));
        Assert.Equal((0.0, 1.0), (t2.Numerator, t2.Denominator));
    }

    [Fact]
    public void WorkerSupervision_MidMonthAsAt_TheWindowIsTheMonthToAsAt()
    {
        // as_at Thursday 15 June 2023. W1: 31 May and 16 June (after as_at); W2: 1 June; W3: 15 June (as_at itself).
        // Month to date (1-15 June) and the snapshot: W2, W3 -> 2 of 3. May (complete): W1 -> 1 of 3.
        // Rolling 12 months to 15 June: the mean of the values at 15 June and the 11 month ends before it that have one
        // (only 31 May: nothing was allocated by 30 April) -> (200/3 + 100/3) / 2 = 50.
        var tables = new object[]
        {
            SupervisionTables[0],
            ImmutableArray.Create(
                WorkerSupervision("S1", "W1", "2023-05-31"), WorkerSupervision("S1b", "W1", "2023-06-16"),
                WorkerSupervision("S2", "W2", "2023-06-01"), WorkerSupervision("S3", "W3", "2023-06-15")),
        };
        var values = Compute("2023-06-15", tables);

        var toDate = Value(values, "worker_supervision_pct", "2023-06-15", "month_to_date");
        var snapshot = Value(values, "worker_supervision_pct", "2023-06-15", "snapshot");
        var may = Value(values, "worker_supervision_pct", "2023-05-31");
        var rolling = Value(values, "worker_supervision_pct", "2023-06-15", "rolling_12m");

        Assert.Equal((2.0, 3.0, true), (toDate.Numerator, toDate.Denominator, toDate.IsPartial));
        Assert.Equal(D("2023-06-01"), toDate.PeriodStart);
        Assert.Equal((2.0, 3.0), (snapshot.Numerator, snapshot.Denominator));
        Assert.Equal((1.0, 3.0), (may.Numerator, may.Denominator));
        Assert.Equal(50.0, rolling.Value!.Value, 9);
    }

    [Fact]
    public void WithoutTheExtensionTables_AllFourAreUnavailableWithTheReason()
    {
        var values = Compute("2023-06-30", SupervisionTables[0], ContactTables[0], ImmutableArray.Create(Referral("R1", "P1", "2023-06-01")));

        Assert.All(values, v => Assert.False(v.Available));
        Assert.Equal("ext_front_door_decisions not in the extract",
            values.First(v => v.IndicatorId == "contacts_decided_24h_pct").UnavailableReason);
        Assert.Equal("ext_front_door_decisions not in the extract",
            values.First(v => v.IndicatorId == "referrals_decided_72h_pct").UnavailableReason);
        Assert.Equal("ext_supervisions not in the extract", values.First(v => v.IndicatorId == "worker_supervision_pct").UnavailableReason);
        Assert.Equal("ext_supervisions not in the extract", values.First(v => v.IndicatorId == "case_supervision_pct").UnavailableReason);
    }

    [Fact]
    public void TableWithoutAnyRowOfTheType_IsUnavailableNotZero()
    {
        // Only case supervisions, and referral decisions exported with a type of their own ("referral", not referral_decision):
        // worker supervision and the 72-hour measure would otherwise read 0% (every referral late, none decided).
        var values = Compute("2023-06-30", SupervisionTables[0],
            ImmutableArray.Create(CaseSupervision("S1", "W1", "C1", "2023-06-10")),
            ImmutableArray.Create(Contact("K1", "2023-06-01 10:00:00")), ImmutableArray.Create(Referral("R1", "P1", "2023-06-01")),
            ImmutableArray.Create(ContactDecision("D1", "K1", "2023-06-01 11:00:00"),
                new FrontDoorDecision("D2", "K1", "R1", "referral", T("2023-06-01 12:00:00"), "MASH1")));

        Assert.Equal("no ext_supervisions row has sup_supervision_type worker",
            values.First(v => v.IndicatorId == "worker_supervision_pct").UnavailableReason);
        Assert.Equal("no ext_front_door_decisions row has fdd_decision_type referral_decision",
            values.First(v => v.IndicatorId == "referrals_decided_72h_pct").UnavailableReason);
        Assert.True(Value(values, "case_supervision_pct", "2023-06-30").Available);
        Assert.True(Value(values, "contacts_decided_24h_pct", "2023-06-30").Available);
    }
}
