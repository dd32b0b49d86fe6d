using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// SSDA903: adoption. The SSD's ssd_permanence row holds both of the return's adoption modules: PlacedAdoption (the decision
// that the child should be placed for adoption, perm_adm_decision_date, and its reversal) and AD1 (the adoption: the same
// decision date as "date should be placed", matching, the adopters). A decision is in tonight's return when it was not
// reversed before 1 April; AD1 is returned for the children adopted in the census period (an episode ceased E11 or E12).
public static partial class QualityRules
{
    private static readonly string[] Adopted = ["E11", "E12"];

    private static IEnumerable<QualityRule> Dfe903Adoption() =>
    [
        Dfe("903:119", "perm_decision_reversed_date, perm_decision_reversed_reason",
            "A decision that the child should no longer be placed for adoption has a date and no reason, or a reason and no date.",
            check => ReturnDecisions(check.Inputs).Where(p => (p.DecisionReversedDate is null) != string.IsNullOrWhiteSpace(p.DecisionReversedReason))
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_decision_reversed_date, perm_decision_reversed_reason",
                    p.DecisionReversedDate is null ? "a reason for reversal and no date" : $"reversed {IsoDay(p.DecisionReversedDate)} with no reason"))),
        DfeCodes("903:120", "adoption_reason_placed_ceased", "perm_decision_reversed_reason", required: false,
            "The reason a decision to place for adoption was reversed, when given, is not RD1 to RD4.",
            i => ReturnDecisions(i).Select(p => new DfeCoded(p.PermanenceId, p.PersonId, p.DecisionReversedReason))),
        DfeCodes("903:175", "adoption_number_of_adopters", "perm_number_of_adopters", required: false,
            "The number of adopters, when given, is not 1 or 2.",
            i => ReturnDecisions(i).Select(p => new DfeCoded(p.PermanenceId, p.PersonId, p.NumberOfAdopters))),
        DfeCodes("903:176", "adoption_sex_of_adopters", "perm_adopter_sex", required: false,
            "The sex of the adopters, when given, is not M1, F1, MM, FF or MF.",
            i => ReturnDecisions(i).Select(p => new DfeCoded(p.PermanenceId, p.PersonId, p.AdopterSex))),
        DfeCodes("903:177", "adoption_legal_status_of_adopters", "perm_adopter_legal_status", required: false,
            "The legal status of the adopters, when given, is not L0, L11, L12, L2, L3 or L4.",
            i => ReturnDecisions(i).Select(p => new DfeCoded(p.PermanenceId, p.PersonId, p.AdopterLegalStatus))),
        Dfe("903:151", "perm_adm_decision_date, perm_matched_date, perm_adopted_by_carer_flag, perm_number_of_adopters, perm_adopter_sex, perm_adopter_legal_status",
            "A child adopted in the census period has some but not all of the adoption items: the decision date (date should be "
                + "placed), the date matched, adopted by foster carers, number, sex and legal status of the adopters.",
            check => AdoptedRows(check.Inputs).Where(p => Ad1Items(p) is > 0 and < 6)
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_matched_date", $"{Ad1Items(p)} of the 6 adoption items given"))),
        Dfe("903:601", "perm_adm_decision_date, perm_matched_date, clae_cla_episode_ceased_reason",
            "A child adopted in the census period (an episode ceased E11 or E12) has no ssd_permanence row with any adoption item.",
            check => AdoptedInPeriod(check.Inputs).Where(e => !PermanenceOf(check.Inputs, e.PersonId).Any(p => Ad1Items(p) > 0))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_ceased_reason", $"adopted {IsoDay(e.CeasedDate)} with no adoption items"))),
        Dfe("903:184", "perm_adm_decision_date, pers_dob",
            "The decision that the child should be placed for adoption is dated before the child's date of birth.",
            check => ReturnDecisions(check.Inputs).Where(p => p.DecisionDate < check.Inputs.Persons.GetValueOrDefault(p.PersonId).DateOfBirth)
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_adm_decision_date", $"decision {IsoDay(p.DecisionDate)}, before birth"))),
        Dfe("903:1003", "perm_adm_decision_date, clae_cla_episode_start_date",
            "The decision that the child should be placed for adoption is dated before the child's first CLA episode in the extract started "
                + "(not judged when that episode starts before the episodes' coverage: a set read from statutory returns may not hold when care began).",
            check => ReturnDecisions(check.Inputs)
                .Where(p => p.DecisionDate is { } d && check.Inputs.CareByChild.TryGetValue(p.PersonId, out var care) && d < care.Episodes[0].StartDate
                    && !(care.Episodes[0].StartDate < check.Inputs.EpisodesFrom))
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_adm_decision_date",
                    $"decision {IsoDay(p.DecisionDate)}, before care began {IsoDay(check.Inputs.CareByChild[p.PersonId].Episodes[0].StartDate)}"))),
        Dfe("903:334", "perm_adm_decision_date, clae_cla_episode_start_date",
            "For a child adopted in the census period, the decision that adoption is in their best interests (date should be placed) "
                + "is before the start of their latest period of care.",
            check => AdoptedRows(check.Inputs)
                .Where(p => p.DecisionDate is { } d && check.Inputs.CareByChild.TryGetValue(p.PersonId, out var care) && care.Starts.Length > 0 && d < care.Starts[^1].Date)
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_adm_decision_date",
                    $"decision {IsoDay(p.DecisionDate)}, before the period of care began {IsoDay(check.Inputs.CareByChild[p.PersonId].Starts[^1].Date)}"))),
        DfeDateOrder("903:333", "perm_adm_decision_date", "perm_matched_date",
            "For a child adopted in the census period, the decision that they should be placed for adoption is after the date they were matched with adopters.",
            i => AdoptedRows(i).Select(p => new DfeDates(p.PermanenceId, p.PersonId, p.DecisionDate, p.MatchedDate))),
        DfeDateOrder("903:331", "perm_matched_date", "perm_placed_for_adoption_date",
            "For a child adopted in the census period, the date matched with adopters is after the date placed for adoption.",
            i => AdoptedRows(i).Select(p => new DfeDates(p.PermanenceId, p.PersonId, p.MatchedDate, p.PlacedForAdoptionDate))),
        DfeDateOrder("903:521", "perm_adm_decision_date", "perm_placed_for_adoption_date",
            "For a child adopted in the census period, the decision that adoption is in their best interests (date should be placed) is after the date placed for adoption.",
            i => AdoptedRows(i).Select(p => new DfeDates(p.PermanenceId, p.PersonId, p.DecisionDate, p.PlacedForAdoptionDate))),
        DfeDateOrder("903:552", "perm_adm_decision_date", "perm_placed_for_adoption_date",
            "The decision that the child should be placed for adoption is after the date the child was placed for adoption.",
            i => ReturnDecisions(i).Select(p => new DfeDates(p.PermanenceId, p.PersonId, p.DecisionDate, p.PlacedForAdoptionDate))),
        DfeDateOrder("903:522", "perm_adm_decision_date", "perm_decision_reversed_date",
            "The decision that the child should be placed for adoption is after the decision that they should no longer be.",
            i => ReturnDecisions(i).Select(p => new DfeDates(p.PermanenceId, p.PersonId, p.DecisionDate, p.DecisionReversedDate))),
        DfeDateOrder("903:554", "perm_adm_decision_date", "perm_placement_order_date",
            "The decision that the child should be placed for adoption is after the placement order was granted (perm_placement_order_date).",
            i => ReturnDecisions(i).Select(p => new DfeDates(p.PermanenceId, p.PersonId, p.DecisionDate, p.PlacementOrderDate))),
        Dfe("903:335", "perm_adopted_by_carer_flag, clap_cla_placement_type",
            "For a child adopted in the census period, adopted by current foster carers (perm_adopted_by_carer_flag) does not agree "
                + "with the last placement: Y with a placement other than A3 or A5 (placed with current foster carers), or N with A3 or A5.",
            check => AdoptedInPeriod(check.Inputs)
                .SelectMany(e => PermanenceOf(check.Inputs, e.PersonId).Where(p => p.AdoptedByCarer is not null)
                    .Where(p => p.AdoptedByCarer != Is(PlaceOf(check.Inputs, e), "A3", "A5"))
                    .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_adopted_by_carer_flag",
                        $"adopted by carers {(p.AdoptedByCarer == true ? "Y" : "N")}, last placement {QuoteOrEmpty(PlaceOf(check.Inputs, e))}")))),
        AdopterCombination("903:511", p => Is(p.NumberOfAdopters, "2") && !Is(p.AdopterSex, "MM", "FF", "MF"), "two adopters whose sex is not a couple's (MM, FF, MF)"),
        AdopterCombination("903:514", p => Is(p.AdopterLegalStatus, "L0") && Is(p.AdopterSex, "MM", "FF", "MF"), "a single adopter (L0) whose sex is a couple's"),
        AdopterCombination("903:517", p => Is(p.AdopterLegalStatus, "L3") && !Is(p.AdopterSex, "MF"), "a different-gender unmarried couple (L3) whose sex is not MF"),
        AdopterCombination("903:518", p => Is(p.AdopterLegalStatus, "L4") && !Is(p.AdopterSex, "MM", "FF"), "a same-gender unmarried couple (L4) whose sex is not MM or FF"),
        AdopterCombination("903:519", p => Is(p.AdopterLegalStatus, "L2") && !Is(p.AdopterSex, "MM", "FF", "MF"), "a civil partnership (L2) whose sex is not a couple's"),
        AdopterCombination("903:520", p => Is(p.AdopterLegalStatus, "L11") && Is(p.AdopterSex, "MM", "FF"), "a different-gender married couple (L11) whose sex is MM or FF"),
        AdopterCombination("903:524", p => Is(p.AdopterLegalStatus, "L12") && !Is(p.AdopterSex, "MM", "FF"), "a same-gender married couple (L12) whose sex is not MM or FF"),
        Dfe("903:525", "perm_decision_reversed_date, perm_matched_date",
            "A child whose decision to be placed for adoption was reversed has adoption items (matched, adopters) as if adopted.",
            check => ReturnDecisions(check.Inputs)
                .Where(p => p.DecisionReversedDate is not null && (p.MatchedDate is not null || p.AdopterSex is not null || p.AdopterLegalStatus is not null || p.NumberOfAdopters is not null))
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_decision_reversed_date", $"reversed {IsoDay(p.DecisionReversedDate)}, with adoption items"))),
        Dfe("903:558", "perm_decision_reversed_date, clae_cla_episode_ceased_reason",
            "A child adopted in the census period has a decision reversal date.",
            check => AdoptedRows(check.Inputs).Where(p => p.DecisionReversedDate is not null)
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_decision_reversed_date", $"adopted, yet reversed {IsoDay(p.DecisionReversedDate)}"))),
        Dfe("903:551", "perm_adm_decision_date, clap_cla_placement_type",
            "A child in a placement for adoption (A3 to A6) in the return has no decision that they should be placed for adoption.",
            check => ClaReturnEpisodes(check.Inputs)
                .Where(e => Is(PlaceOf(check.Inputs, e), "A3", "A4", "A5", "A6") && !PermanenceOf(check.Inputs, e.PersonId).Any(p => p.DecisionDate is not null))
                .DistinctBy(e => e.PersonId)
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "perm_adm_decision_date", $"placed {PlaceOf(check.Inputs, e)} with no decision date"))),
        LegalOrderWithoutDecision("903:553", "E1", "a placement order (E1)"),
        LegalOrderWithoutDecision("903:555", "D1", "a freeing order (D1)"),
        Dfe("903:556", "perm_adm_decision_date, lega_legal_status",
            "The decision that the child should be placed for adoption is after the freeing order (the start of the child's legal status D1).",
            check => ReturnDecisions(check.Inputs)
                .Where(p => p.DecisionDate is { } d && check.Inputs.LegalStatusesByChild.TryGetValue(p.PersonId, out var statuses)
                    && statuses.FirstOrDefault(s => Is(s.Code, "D1")) is { } freeing && d > freeing.StartDate)
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_adm_decision_date", $"decision {IsoDay(p.DecisionDate)}, after the freeing order"))),
        Dfe("903:557", "perm_adm_decision_date, perm_decision_reversed_date, clae_cla_episode_ceased_reason",
            "A child with a decision that they should be placed for adoption, not reversed, left care other than by adoption (their last "
                + "episode ceased with a reason other than E11, E12 or X1).",
            check => ReturnDecisions(check.Inputs)
                .Where(p => p.DecisionDate is not null && p.DecisionReversedDate is null && CareEnded(check.Inputs, p.PersonId) is not null
                    && !Is(LastEpisode(check.Inputs, p.PersonId)?.CeasedReason, Adopted))
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_decision_reversed_date",
                    $"left care {IsoDay(CareEnded(check.Inputs, p.PersonId))} ({QuoteOrEmpty(LastEpisode(check.Inputs, p.PersonId)?.CeasedReason)}) with the decision not reversed"))),
        Dfe("903:563", "perm_adm_decision_date, perm_decision_reversed_date",
            "A decision that the child should no longer be placed for adoption is recorded with no decision that they should be.",
            check => ReturnDecisions(check.Inputs).Where(p => p.DecisionReversedDate is not null && p.DecisionDate is null)
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_adm_decision_date", $"reversed {IsoDay(p.DecisionReversedDate)} with no decision date"))),
        Dfe("903:579", "perm_adm_decision_date, perm_decision_reversed_date",
            "A child's decision to be placed for adoption is dated on or after another of theirs and before that one was reversed "
                + "(a later decision while an earlier one was in force, then reversed).",
            check => ReturnDecisions(check.Inputs).Where(p => p.DecisionDate is not null).GroupBy(p => p.PersonId, StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g =>
                from a in g
                from b in g
                where a.PermanenceId != b.PermanenceId && a.DecisionDate >= b.DecisionDate && b.DecisionReversedDate is { } reversed && a.DecisionDate < reversed
                    && !(a.DecisionDate == b.DecisionDate && string.CompareOrdinal(a.PermanenceId, b.PermanenceId) < 0)
                select check.Flag("ssd_permanence", a.PermanenceId, a.PersonId, "perm_adm_decision_date",
                    $"decision {IsoDay(a.DecisionDate)} while {b.PermanenceId} ({IsoDay(b.DecisionDate)}, reversed {IsoDay(b.DecisionReversedDate)}) was in force", key: $"{b.PermanenceId}:{a.PermanenceId}"))),
        Dfe("903:583", "perm_adm_decision_date, perm_decision_reversed_date",
            "A child has more than one decision that they should be placed for adoption and an earlier one was never reversed.",
            check => ReturnDecisions(check.Inputs).Where(p => p.DecisionDate is not null).GroupBy(p => p.PersonId, StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .SelectMany(g => g.OrderBy(p => p.DecisionDate).SkipLast(1).Where(p => p.DecisionReversedDate is null)
                    .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_decision_reversed_date",
                        $"decision {IsoDay(p.DecisionDate)} not reversed, and a later decision follows")))),
        Dfe("903:582", "perm_matched_date, clae_cla_episode_ceased_date",
            "A child adopted in the census period was matched with adopters on the day of the adoption (the episode's ceased date).",
            check => AdoptedInPeriod(check.Inputs).SelectMany(e => PermanenceOf(check.Inputs, e.PersonId).Where(p => p.MatchedDate == e.CeasedDate)
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_matched_date", $"matched {IsoDay(p.MatchedDate)}, the day of the adoption")))),
        Dfe("903:117", "perm_adm_decision_date, perm_decision_reversed_date, clae_cla_episode_ceased_date",
            "A decision that the child should (or should no longer) be placed for adoption is dated after as_at, or after the child's "
                + "care ended.",
            check => ReturnDecisions(check.Inputs)
                .Select(p => (Row: p, Latest: p.DecisionReversedDate > p.DecisionDate || p.DecisionDate is null ? p.DecisionReversedDate : p.DecisionDate,
                    Ended: CareEnded(check.Inputs, p.PersonId)))
                .Where(x => x.Latest > check.AsAt || x.Latest > x.Ended)
                .Select(x => check.Flag("ssd_permanence", x.Row.PermanenceId, x.Row.PersonId, "perm_adm_decision_date",
                    $"decision dated {IsoDay(x.Latest)}, after {(x.Latest > check.AsAt ? $"as_at {IsoDay(check.AsAt)}" : $"care ended {IsoDay(x.Ended)}")}"))),
        Dfe("903:118", "perm_decision_reversed_date, clae_cla_episode_start_date",
            "A decision that the child should no longer be placed for adoption is dated before the child's first CLA episode in the extract started.",
            check => ReturnDecisions(check.Inputs)
                .Where(p => p.DecisionReversedDate is { } d && check.Inputs.CareByChild.TryGetValue(p.PersonId, out var care) && d < care.Episodes[0].StartDate)
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_decision_reversed_date", $"reversed {IsoDay(p.DecisionReversedDate)}, before care began"))),
        Dfe("903:INT02", "perm_person_id, pers_person_id",
            "A permanence (adoption) row names a child with no ssd_person row.",
            check => check.Extract.Permanences.Where(p => !check.Inputs.Persons.ContainsKey(p.PersonId))
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_person_id", "child not in ssd_person"))),
    ];

    /// <summary>The ssd_permanence rows of children in tonight's SSDA903 whose decision was not reversed before 1 April.</summary>
    private static ImmutableArray<Permanence> ReturnDecisions(QualityInputs inputs) => inputs.ReturnRows("DfeReturnDecisions", inputs.Extract.Permanences,
        (nameof(Permanence.DecisionReversedDate), p => p.DecisionReversedDate), (nameof(Permanence.PersonId), p => p.PersonId), inputs.ClaReturnChildren);

    /// <summary>The child's ssd_permanence rows.</summary>
    private static IEnumerable<Permanence> PermanenceOf(QualityInputs inputs, string child) =>
        inputs.Lookup("DfePermanenceByChild", () => inputs.Extract.Permanences.ToLookup(p => p.PersonId, StringComparer.Ordinal))[child];

    /// <summary>Episodes in tonight's return that ended in adoption (E11, E12) within the census period.</summary>
    private static IEnumerable<ClaEpisode> AdoptedInPeriod(QualityInputs inputs) =>
        ClaReturnEpisodes(inputs).Where(e => Is(e.CeasedReason, Adopted) && e.CeasedDate is { } c && inputs.InCensusPeriod(c));

    /// <summary>The ssd_permanence rows of the children adopted in the census period: the return's AD1.</summary>
    private static IEnumerable<Permanence> AdoptedRows(QualityInputs inputs) =>
        AdoptedInPeriod(inputs).Select(e => e.PersonId).Distinct(StringComparer.Ordinal).SelectMany(c => PermanenceOf(inputs, c));

    /// <summary>How many of the six AD1 items a row gives.</summary>
    private static int Ad1Items(Permanence p) =>
        new object?[] { p.DecisionDate, p.MatchedDate, p.AdoptedByCarer, p.NumberOfAdopters, p.AdopterSex, p.AdopterLegalStatus }
            .Count(v => v is not null && (v is not string s || s.Trim().Length > 0));

    private static QualityRule AdopterCombination(string code, Func<Permanence, bool> wrong, string what) =>
        Dfe(code, "perm_adopter_sex, perm_adopter_legal_status, perm_number_of_adopters",
            $"An adoption is recorded with {what}.",
            check => ReturnDecisions(check.Inputs).Where(wrong)
                .Select(p => check.Flag("ssd_permanence", p.PermanenceId, p.PersonId, "perm_adopter_sex",
                    $"adopters: number {QuoteOrEmpty(p.NumberOfAdopters)}, sex {QuoteOrEmpty(p.AdopterSex)}, legal status {QuoteOrEmpty(p.AdopterLegalStatus)}")));

    private static QualityRule LegalOrderWithoutDecision(string code, string status, string what) =>
        Dfe(code, "lega_legal_status, perm_adm_decision_date",
            $"A child in the return under {what} in force on or after 1 April has no decision that they should be placed for adoption.",
            check => ClaReturnLegalStatuses(check.Inputs)
                .Where(s => Is(s.Code, status) && check.Inputs.InReturn(s.EndDate)
                    && !PermanenceOf(check.Inputs, s.PersonId).Any(p => p.DecisionDate is not null))
                .DistinctBy(s => s.PersonId)
                .Select(s => check.Flag("ssd_legal_status", s.LegalStatusId, s.PersonId, "lega_legal_status", $"{status} from {IsoDay(s.StartDate)} with no decision date")));
}
