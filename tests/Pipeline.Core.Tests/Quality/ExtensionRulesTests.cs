using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Quality;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Quality;

/// <summary>The rules of the local extension tables: one record that breaks each rule and one that does not.</summary>
public class ExtensionRulesTests
{
    private static List<DqFinding> Find(string code, params object[] tables) =>
        QualityRules.Find(code)!.Find(new QualityInputs(ExtractOf(D("2023-06-30"), tables))).ToList();

    private static Timestamp T(string text) => ValueParsers.TryTimestamp(text, out var value) ? value : throw new FormatException(text);

    private static Contact Contact(string id, string at) => new(id, "P-" + id, T(at).Date, null, null, T(at));

    private static FrontDoorDecision Decision(string id, string? contact, string? referral, string? type, string at) =>
        new(id, contact, referral, type, T(at), "MASH1");

    private static Involvement Inv(string id, string worker, string person, string team, string start, string? end = null, string role = "ALLOCATED_CASE_WORKER") =>
        new(id, worker, role, team, D(start), end is null ? null : D(end), null, person, null);

    private static Supervision Sup(string id, string? worker, string? child, string? type, string date) => new(id, worker, "M1", child, type, D(date));

    [Fact]
    public void DecisionBeforeContact_ByTheClockWhenBothHaveATimeElseByDate()
    {
        // K1 at 10:00: D1 at 09:59 the same day is before it; D2 at 10:00 is not. K2 is date only (5 June): D3 at 08:00 that day
        // is not before it (by date, the same day), D4 on 4 June is. D5's contact is not in ssd_contacts: nothing to compare.
        var found = Find("decision_before_contact",
            ImmutableArray.Create(Contact("K1", "2023-06-05 10:00:00"), Contact("K2", "2023-06-05")),
            ImmutableArray.Create(
                Decision("D1", "K1", null, "contact_decision", "2023-06-05 09:59:00"), Decision("D2", "K1", null, "contact_decision", "2023-06-05 10:00:00"),
                Decision("D3", "K2", "R1", "referral_decision", "2023-06-05 08:00:00"), Decision("D4", "K2", null, "contact_decision", "2023-06-04 18:00:00"),
                Decision("D5", "K9", null, "contact_decision", "2020-01-01 10:00:00")));

        Assert.Equal(["D1", "D4"], found.Select(f => f.RecordId));
        Assert.Equal(("ext_front_door_decisions", "P-K1", "MASH1"), (found[0].Table, found[0].PersonId!, found[0].TeamId!));
        Assert.Equal("decided 2023-06-05 09:59, contact K1 came in 2023-06-05 10:00", found[0].Message);
    }

    [Fact]
    public void OrphanDecisionReferral_UnknownOrMissingReferralOnAReferralDecision()
    {
        // D1 names R1 (exists); D2 names R404; D3 is a referral decision naming none; D4 is a contact decision naming none (fine).
        var found = Find("orphan_decision_referral",
            ImmutableArray.Create(Referral("R1", "P1", "2023-06-01")),
            ImmutableArray.Create(
                Decision("D1", "K1", "R1", "referral_decision", "2023-06-02 10:00:00"), Decision("D2", "K1", "R404", "referral_decision", "2023-06-02 10:00:00"),
                Decision("D3", "K1", null, "referral_decision", "2023-06-02 10:00:00"), Decision("D4", "K1", null, "contact_decision", "2023-06-02 10:00:00")));

        Assert.Equal(["D2", "D3"], found.Select(f => f.RecordId));
        Assert.Equal("orphan_decision_referral:R404", found[0].ErrorId);
    }

    [Fact]
    public void OrphanDecisionContact_OnlyWhenTheExtractHoldsContacts()
    {
        var decisions = ImmutableArray.Create(
            Decision("D1", "K1", null, "contact_decision", "2023-06-02 10:00:00"), Decision("D2", "K404", "R1", "referral_decision", "2023-06-02 10:00:00"),
            Decision("D3", null, null, "contact_decision", "2023-06-02 10:00:00"), Decision("D4", null, "R1", "referral_decision", "2023-06-02 10:00:00"));

        var found = Find("orphan_decision_contact", ImmutableArray.Create(Contact("K1", "2023-06-01 09:00:00")), decisions);
        var withoutContacts = Find("orphan_decision_contact", decisions);

        Assert.Equal(["D2", "D3"], found.Select(f => f.RecordId));
        Assert.Empty(withoutContacts);
    }

    [Fact]
    public void InvalidDecisionType_TrimmedAnyCaseIsValidOtherValuesAndEmptyAreNot()
    {
        var found = Find("invalid_decision_type", ImmutableArray.Create(
            Decision("D1", "K1", null, " Contact_Decision ", "2023-06-02 10:00:00"), Decision("D2", "K1", "R1", "REFERRAL_DECISION", "2023-06-02 10:00:00"),
            Decision("D3", "K1", null, "strategy", "2023-06-02 10:00:00"), Decision("D4", "K1", null, null, "2023-06-02 10:00:00"),
            Decision("D5", "K1", null, "Mr Quillon Brackenholt, see notes; call back", "2023-06-02 10:00:00")));

        Assert.Equal(["D3", "D4", "D5"], found.Select(f => f.RecordId));
        Assert.Contains("'strategy'", found[0].Message, StringComparison.Ordinal);
        Assert.Contains("(empty)", found[1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Quillon", found[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OrphanSupervisionWorker_UnknownWorkerOrWorkerSupervisionWithoutOne()
    {
        var supervisions = ImmutableArray.Create(
            Sup("S1", "W1", null, "worker", "2023-06-01"), Sup("S2", "W404", null, "worker", "2023-06-01"),
            Sup("S3", null, null, "worker", "2023-06-01"), Sup("S4", null, "C1", "case", "2023-06-01"));

        var found = Find("orphan_supervision_worker",
            ImmutableArray.Create(new Professional("W1", null, "SW1", null, null, null, null, null)), supervisions);
        var withoutProfessionals = Find("orphan_supervision_worker", supervisions);

        Assert.Equal(["S2", "S3"], found.Select(f => f.RecordId));
        Assert.Equal("W404", found[0].WorkerId);
        Assert.Empty(withoutProfessionals);
    }

    [Fact]
    public void SupervisionChildNotAllocated_IsAQueryJudgedOnTheSupervisionDate()
    {
        // W1 holds C1 in T1 from 1 May; W2 holds C2 in T1 from 1 May; W3 holds C3 in T2 from 1 May to 15 June; W4 (T2) holds C4.
        //   S1 W1 about C1 on 10 June: W1's own case                                  fine
        //   S2 W1 about C2 on 10 June: C2 is allocated in T1, where W1 holds a case     fine (the team's case)
        //   S3 W1 about C3 on 10 June: C3 is allocated in T2 only, W1 holds cases in T1 only  query
        //   S4 W3 about C3 on 20 June: C3's allocation ended on 15 June                 query
        //   S5 W4 about C9: C9 is allocated to nobody                                   query
        //   S6 no worker, about C4 on 10 June: C4 is allocated                           fine
        //   S7 is a worker supervision: not judged
        // W5 holds cases in T1 from 1 May to 1 June (two back to back) and again from 15 June:
        //   S8 W5 about C2 on 10 June: W5 holds nothing that day, so C2 is not in "the worker's team" then    query
        //   S9 W5 about C2 on 20 June, and S10 on 25 May (the second of the back-to-back cases)                              fine
        var found = Find("supervision_child_not_allocated",
            ImmutableArray.Create(
                Inv("I1", "W1", "C1", "T1", "2023-05-01"), Inv("I2", "W2", "C2", "T1", "2023-05-01"),
                Inv("I3", "W3", "C3", "T2", "2023-05-01", "2023-06-15"), Inv("I4", "W4", "C4", "T2", "2023-05-01"),
                Inv("I5", "W5", "C5", "T1", "2023-05-01", "2023-05-20"), Inv("I6", "W5", "C6", "T1", "2023-05-20", "2023-06-01"),
                Inv("I7", "W5", "C7", "T1", "2023-06-15")),
            ImmutableArray.Create(
                Sup("S1", "W1", "C1", "case", "2023-06-10"), Sup("S2", "W1", "C2", "case", "2023-06-10"), Sup("S3", "W1", "C3", "case", "2023-06-10"),
                Sup("S4", "W3", "C3", "case", "2023-06-20"), Sup("S5", "W4", "C9", "case", "2023-06-10"), Sup("S6", null, "C4", "case", "2023-06-10"),
                Sup("S7", "W9", null, "worker", "2023-06-10"), Sup("S8", "W5", "C2", "case", "2023-06-10"), Sup("S9", "W5", "C2", "case", "2023-06-20"),
                Sup("S10", "W5", "C2", "case", "2023-05-25")));

        Assert.Equal(["S3", "S4", "S5", "S8"], found.Select(f => f.RecordId));
        Assert.Equal("case supervision on 2023-06-10: the child is allocated in team T1, and the worker holds no allocation", found[3].Message);
        Assert.Equal(Severity.Query, QualityRules.Find("supervision_child_not_allocated")!.Severity);
        Assert.Equal("case supervision on 2023-06-10: the child is allocated in team T2, the worker in team T1", found[0].Message);
        Assert.Equal(("C3", "W1"), (found[0].PersonId!, found[0].WorkerId!));
    }

    [Fact]
    public void SupervisionChildNotAllocated_AWorkersTeamsAreToldApartWhateverTheOrderOfTheRows()
    {
        // C9 is allocated to W9 in T1 and C8 to W8 in T2, both from 1 January. W1's allocations, in this row order:
        //   I1 T2 from 1 June; I2 T1 1 March to 1 April; I3 T1 1 January to 1 March; I4 T2 1 to 15 February.
        // So W1 holds a case in T1 from 1 January to 1 April (I3 then I2, back to back), and in T2 from 1 to 15 February and from 1 June.
        //   S1 about C9 (T1) on 10 February: W1 holds T1 cases                 fine
        //   S2 about C9 (T1) on 1 March: I3 closed that day, I2 opened it      fine
        //   S3 about C9 (T1) on 10 June: W1 holds T2 only                      query
        //   S4 about C8 (T2) on 10 June                                        fine
        //   S5 about C8 (T2) on 10 March: W1 holds T1 only                     query
        //   S6 about C8 (T2) on 10 February: W1 holds T1 and T2                fine
        var found = Find("supervision_child_not_allocated",
            ImmutableArray.Create(
                Inv("I9", "W9", "C9", "T1", "2023-01-01"), Inv("I8", "W8", "C8", "T2", "2023-01-01"),
                Inv("I1", "W1", "C1", "T2", "2023-06-01"), Inv("I2", "W1", "C2", "T1", "2023-03-01", "2023-04-01"),
                Inv("I3", "W1", "C3", "T1", "2023-01-01", "2023-03-01"), Inv("I4", "W1", "C4", "T2", "2023-02-01", "2023-02-15")),
            ImmutableArray.Create(
                Sup("S1", "W1", "C9", "case", "2023-02-10"), Sup("S2", "W1", "C9", "case", "2023-03-01"), Sup("S3", "W1", "C9", "case", "2023-06-10"),
                Sup("S4", "W1", "C8", "case", "2023-06-10"), Sup("S5", "W1", "C8", "case", "2023-03-10"), Sup("S6", "W1", "C8", "case", "2023-02-10")));

        Assert.Equal(["S3", "S5"], found.Select(f => f.RecordId));
        Assert.Equal("case supervision on 2023-06-10: the child is allocated in team T1, the worker in team T2", found[0].Message);
        Assert.Equal("case supervision on 2023-03-10: the child is allocated in team T2, the worker in team T1", found[1].Message);
    }

    [Fact]
    public void CaseSupervisionWithoutChild_AndInvalidSupervisionType()
    {
        var supervisions = ImmutableArray.Create(
            Sup("S1", "W1", null, "case", "2023-06-01"), Sup("S2", "W1", "C1", " CASE ", "2023-06-01"),
            Sup("S3", "W1", null, "Worker", "2023-06-01"), Sup("S4", "W1", null, "group", "2023-06-01"));

        Assert.Equal(["S1"], Find("case_supervision_without_child", supervisions).Select(f => f.RecordId));
        Assert.Equal(["S4"], Find("invalid_supervision_type", supervisions).Select(f => f.RecordId));
    }

    [Fact]
    public void ExtDateAfterAsAt_DecisionsAndSupervisionsDatedAfterTheLastDayCovered()
    {
        // as_at 30 June 2023: 23:59 on the 30th is inside it; 1 July is after.
        var found = Find("ext_date_after_as_at",
            ImmutableArray.Create(Decision("D1", "K1", null, "contact_decision", "2023-06-30 23:59:00"), Decision("D2", "K1", null, "contact_decision", "2023-07-01 00:30:00")),
            ImmutableArray.Create(Sup("S1", "W1", null, "worker", "2023-06-30"), Sup("S2", "W1", null, "worker", "2023-07-01")));

        Assert.Equal([("ext_front_door_decisions", "D2"), ("ext_supervisions", "S2")], found.Select(f => (f.Table, f.RecordId)));
    }

    [Fact]
    public void ExtensionRules_ReadOnlyTheirFamilyAndTablesOfTheContract()
    {
        var extension = QualityRules.All.Where(r => r.Family == "extensions").ToList();

        Assert.Equal(9, extension.Count);
        Assert.All(extension, r => Assert.All(r.Tables, t => Assert.NotNull(SsdTables.Find(t))));
        Assert.All(extension, r => Assert.Contains(r.Tables, t => t.StartsWith("ext_", StringComparison.Ordinal)));
    }
}
