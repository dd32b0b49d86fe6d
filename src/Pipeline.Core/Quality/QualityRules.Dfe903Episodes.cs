using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// SSDA903: episodes and legal statuses. The return's episode is the SSD's ssd_cla_episodes row, with the placement it names
// (clae_cla_placement_id, or else the child's placement in force on its start date) and the legal status in force on its start
// date (QualityInputs.Dfe.cs). Rules on a child's sequence of episodes read the child's care history (Domain/PeriodsOfCare.cs,
// the indicators' own): every episode of theirs the extract holds, earliest first, judged where the later of a pair is in
// tonight's return.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> Dfe903Episodes() =>
    [
        Dfe("903:141", "clae_cla_episode_start_date",
            "A CLA episode in the return has no start date.",
            check => ClaReturnEpisodes(check.Inputs).Where(e => e.StartDate is null)
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_start_date", "no clae_cla_episode_start_date"))),
        Dfe("903:142", "clae_cla_episode_start_date, clae_cla_episode_ceased_date",
            "A child's CLA episode has no ceased date although a later one of theirs starts (the earlier one is flagged).",
            check => check.Inputs.ReturnCareHistories.SelectMany(h => h.Episodes
                .Where((e, i) => e.CeasedDate is null && i < h.Episodes.Length - 1)
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, h.PersonId, "clae_cla_episode_ceased_date",
                    $"open since {IsoDay(e.StartDate)}, and a later episode of the child starts")))),
        DfeCodes("903:143", "reason_new_episode", "clae_cla_episode_start_reason", required: false,
            "A CLA episode's reason for new episode, when given, is not a code of the SSDA903's list (S, P, L, T, U, B).",
            i => ClaReturnEpisodes(i).Select(e => new DfeCoded(e.EpisodeId, e.PersonId, e.StartReason))),
        DfeCodes("903:144", "legal_status", "lega_legal_status", required: false,
            "A legal status in force on or after 1 April, of a child in the return, is not a code of the SSDA903's list.",
            i => ClaReturnLegalStatuses(i).Where(s => i.InReturn(s.EndDate))
                .Select(s => new DfeCoded(s.LegalStatusId, s.PersonId, s.Code))),
        DfeCodes("903:145", "primary_need", "clae_cla_primary_need_code", required: false,
            "A CLA episode's category of need, when given, is not a code of the SSDA903's list (N1 to N8).",
            i => ClaReturnEpisodes(i).Select(e => new DfeCoded(e.EpisodeId, e.PersonId, e.PrimaryNeedCode)), "903"),
        Dfe("903:148", "clae_cla_episode_ceased_date, clae_cla_episode_ceased_reason",
            "A CLA episode has a ceased date and no reason ceased, or a reason and no date: both or neither.",
            check => ClaReturnEpisodes(check.Inputs).Where(e => (e.CeasedDate is null) == PeriodsOfCare.HasCeasedReason(e))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, e.CeasedDate is null ? "clae_cla_episode_ceased_date" : "clae_cla_episode_ceased_reason",
                    e.CeasedDate is null ? $"reason ceased {Quote(e.CeasedReason!.Trim())} with no ceased date" : $"ceased {IsoDay(e.CeasedDate)} with no reason"))),
        DfeCodes("903:149", "reason_episode_ceased", "clae_cla_episode_ceased_reason", required: false,
            "A CLA episode's reason ceased, when given, is not a code of the SSDA903's list.",
            i => ClaReturnEpisodes(i).Select(e => new DfeCoded(e.EpisodeId, e.PersonId, e.CeasedReason))),
        Dfe("903:354", "clae_cla_episode_start_date",
            "A CLA episode in the return starts after the end of the collection year so far (as_at).",
            check => ClaReturnEpisodes(check.Inputs).Where(e => e.StartDate > check.AsAt)
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_start_date", $"starts {IsoDay(e.StartDate)}, after as_at {IsoDay(check.AsAt)}"))),
        Dfe("903:199", "clae_cla_episode_ceased_reason, clae_cla_episode_start_date",
            "A child in the return was adopted from care before: an earlier episode of theirs ceased with reason E11 or E12 and a later "
                + "one is in the return (one finding per later period's first episode).",
            check => check.Inputs.ReturnCareHistories.SelectMany(h => h.Episodes
                .Where(e => check.Inputs.InReturn(e.CeasedDate) && h.Episodes.Any(a => Is(a.CeasedReason, Adopted) && a.CeasedDate <= e.StartDate && !ReferenceEquals(a, e)))
                .Take(1)
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, h.PersonId, "clae_cla_episode_ceased_reason", "an earlier episode ended in adoption (E11, E12)")))),
        Dfe("903:353", "clae_cla_episode_start_date",
            "A CLA episode in the return starts before 14 October 1991.",
            check => ClaReturnEpisodes(check.Inputs).Where(e => e.StartDate < new DateOnly(1991, 10, 14))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_start_date", $"starts {IsoDay(e.StartDate)}"))),
        Dfe("903:355", "clae_cla_episode_start_date, clae_cla_episode_ceased_date",
            "A CLA episode ceases on the day it starts.",
            check => ClaReturnEpisodes(check.Inputs).Where(e => e.StartDate is not null && e.CeasedDate == e.StartDate)
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_ceased_date", $"starts and ceases {IsoDay(e.StartDate)}"))),
        DfeDateOrder("903:356", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date",
            "A CLA episode ceases before it starts (the same day is 903:355's).",
            i => ClaReturnEpisodes(i).Select(e => new DfeDates(e.EpisodeId, e.PersonId, e.StartDate, e.CeasedDate))),
        Dfe("903:357", "clae_cla_episode_start_reason, clae_entered_care_date",
            "A child's first CLA episode in the extract has a reason for new episode other than S (empty included). An episode whose "
                + "clae_entered_care_date is before its own start continues a period whose first episode the extract does not hold, and "
                + "is not flagged, nor is one starting before the episodes' coverage (a set read from statutory returns holds the episodes "
                + "open at its first year's start, not the ones before them).",
            check => check.Inputs.ReturnCareHistories
                .Select(h => h.Episodes[0])
                .Where(e => check.Inputs.InReturn(e.CeasedDate) && !Is(e.StartReason, "S") && !(e.EnteredCareDate < e.StartDate)
                    && !(e.StartDate < check.Inputs.EpisodesFrom))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_start_reason",
                    $"first episode ({IsoDay(e.StartDate)}) with reason {QuoteOrEmpty(e.StartReason)}, not S"))),
        Dfe("903:358", "lega_legal_status, clae_cla_episode_start_date, pers_dob",
            "A CLA episode under legal status J1, J2 or J3 (remand, PACE, detention) starts before the child's 10th birthday.",
            check => ClaReturnEpisodes(check.Inputs)
                .Where(e => Is(LsOf(check.Inputs, e), "J1", "J2", "J3") && e.StartDate is { } s && Age(check.Inputs.Persons.GetValueOrDefault(e.PersonId).DateOfBirth, s) < 10)
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "lega_legal_status", $"{LsOf(check.Inputs, e)} from {IsoDay(e.StartDate)}, under 10"))),
        LegalStatusDuration("903:361", "L1", 3, "police protection (L1) for more than 3 days (72 hours)"),
        LegalStatusDuration("903:362", "L2", 21, "an emergency protection order (L2) for more than 21 days"),
        LegalStatusDuration("903:363", "L3", 7, "a child assessment order (L3) for more than 7 days"),
        LegalStatusDuration("903:364", "J2", 21, "PACE detention in local authority accommodation (J2) for more than 21 days, the DfE's limit"),
        LegalStatusDuration("903:365", "V3", 17, "a single short-term respite break (V3) of more than 17 days"),
        Dfe("903:366", "clae_cla_episode_start_reason, lega_legal_status",
            "A CLA episode whose reason for new episode is P (a change of placement) starts during a respite break: the legal status "
                + "in force on its start is V3 and was also in force on the day before.",
            check => ClaReturnEpisodes(check.Inputs)
                .Where(e => Is(e.StartReason, "P") && e.StartDate is { } s && check.Inputs.LegalStatusOf(e) is { } ls && Is(ls.Code, "V3") && ls.StartDate < s)
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_start_reason", $"placement changed on {IsoDay(e.StartDate)} during a respite break"))),
        Dfe("903:367", "lega_legal_status, lega_legal_status_start_date, lega_legal_status_end_date",
            "A child's respite breaks (legal status V3) add up to more than 75 days in the census period (1 April to as_at; a break "
                + "still open counts to as_at). One finding per child.",
            check => ClaReturnLegalStatuses(check.Inputs)
                .Where(s => Is(s.Code, "V3") && s.StartDate is not null)
                .GroupBy(s => s.PersonId, StringComparer.Ordinal)
                .Select(g => (Child: g.Key, Days: g.Sum(s => DaysInCensusPeriod(check.Inputs, s.StartDate!.Value, s.EndDate)), First: g.First()))
                .Where(x => x.Days > 75)
                .Select(x => check.Flag("ssd_legal_status", x.First.LegalStatusId, x.Child, "lega_legal_status", $"{x.Days} days of respite (V3) since {IsoDay(check.Inputs.ReturnStart)}", key: x.Child))),
        EpisodeCombination("903:378", ["P1"], ["V2"], "placed with parents (P1) under a single period of accommodation (V2)"),
        EpisodeCombination("903:382", ["T0", "T1", "T2", "T3", "T4"], ["V3", "V4"], "a temporary placement (T0-T4) during respite care (V3, V4)"),
        EpisodeCombination("903:384", ["U1", "U4"], ["V3", "V4"], "a long-term foster placement (U1, U4) during respite care (V3, V4)"),
        Dfe("903:385", "clae_cla_episode_ceased_date",
            "A CLA episode's ceased date is after the end of the collection year so far (as_at).",
            check => ClaReturnEpisodes(check.Inputs).Where(e => e.CeasedDate > check.AsAt)
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_ceased_date", $"ceased {IsoDay(e.CeasedDate)}, after as_at {IsoDay(check.AsAt)}"))),
        CeasedAtAge("903:386", ["E11", "E12"], age => age >= 18, "adopted (E11, E12) at 18 or over"),
        CeasedAtAge("903:387", ["E5", "E6"], age => age < 14, "moved into independent living (E5, E6) under 14"),
        CeasedAtAge("903:389", ["E7"], age => age < 16, "transferred to adult social care (E7) under 16"),
        CeasedAtAge("903:407", ["E45", "E46", "E47", "E48"], age => age >= 18, "a special guardianship order (E45-E48) at 18 or over"),
        CeasedAtAge("903:460", ["E17"], age => age < 18, "stayed with current carers at 18 or over (E17) under 18"),
        Dfe("903:388", "clae_cla_episode_ceased_reason, clae_cla_episode_ceased_date, clae_cla_episode_start_date",
            "A CLA episode ceased X1 (a new episode begins the same day) and no other episode of the child starts on its ceased date; or "
                + "one is followed by an episode starting on its ceased date and its reason ceased is not X1. Episodes that cannot be "
                + "placed in time are 903:141's and 903:356's.",
            check => check.Inputs.ReturnCareHistories.SelectMany(h => h.Episodes
                .Where(e => e.CeasedDate is { } ceased && check.Inputs.InReturn(ceased) && PeriodsOfCare.HasCeasedReason(e)
                    && PeriodsOfCare.IsCode(e.CeasedReason, PeriodsOfCare.NewEpisodeBegins) != h.Episodes.Any(o => !ReferenceEquals(o, e) && o.StartDate == ceased))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, h.PersonId, "clae_cla_episode_ceased_reason",
                    PeriodsOfCare.IsCode(e.CeasedReason, PeriodsOfCare.NewEpisodeBegins)
                        ? $"ceased {IsoDay(e.CeasedDate)} with X1, but no episode of the child starts that day"
                        : $"ceased {IsoDay(e.CeasedDate)} with {Quote(e.CeasedReason!.Trim())}, and another episode starts that day")))),
        Dfe("903:390", "clae_cla_episode_ceased_reason, clap_cla_placement_type",
            "A CLA episode ceased with reason E11 or E12 (adopted) is not in a placement for adoption (A3 to A6).",
            check => ClaReturnEpisodes(check.Inputs).Where(e => Is(e.CeasedReason, "E11", "E12") && !Is(PlaceOf(check.Inputs, e), "A3", "A4", "A5", "A6"))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_ceased_reason",
                    $"adopted ({Quote(e.CeasedReason!.Trim())}) from placement {QuoteOrEmpty(PlaceOf(check.Inputs, e))}"))),
        Dfe("903:408", "clap_cla_placement_type, lega_legal_status",
            "A CLA episode in a placement for adoption with a placement order (A5, A6) is not under a placement order (E1) or freeing "
                + "order (D1).",
            check => ClaReturnEpisodes(check.Inputs).Where(e => Is(PlaceOf(check.Inputs, e), "A5", "A6") && !Is(LsOf(check.Inputs, e), "E1", "D1"))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "lega_legal_status",
                    $"placed {PlaceOf(check.Inputs, e)} under legal status {QuoteOrEmpty(LsOf(check.Inputs, e))}"))),
        Dfe("903:426", "lega_legal_status, lega_legal_status_start_date",
            "A child is under both V3 and V4 (two kinds of respite care) in the census period. One finding per child.",
            check => ClaReturnLegalStatuses(check.Inputs)
                .Where(s => Is(s.Code, "V3", "V4") && s.StartDate <= check.AsAt && check.Inputs.InReturn(s.EndDate))
                .GroupBy(s => s.PersonId, StringComparer.Ordinal)
                .Where(g => g.Any(s => Is(s.Code, "V3")) && g.Any(s => Is(s.Code, "V4")))
                .Select(g => check.Flag("ssd_legal_status", g.First().LegalStatusId, g.Key, "lega_legal_status", "both V3 and V4 in the census period", key: g.Key))),
        Dfe("903:431", "clae_cla_episode_start_reason, clae_cla_episode_start_date, clae_cla_episode_ceased_date",
            "A CLA episode whose reason for new episode is S (started to be looked after) starts on the day the child's previous episode ceased.",
            check => EpisodePairs(check.Inputs).Where(p => Is(p.Current.StartReason, "S") && p.Previous.CeasedDate == p.Current.StartDate)
                .Select(p => check.Flag("ssd_cla_episodes", p.Current.EpisodeId, p.Current.PersonId, "clae_cla_episode_start_reason",
                    $"S on {IsoDay(p.Current.StartDate)}, the day episode {p.Previous.EpisodeId} ceased"))),
        Dfe("903:432", "clae_cla_episode_start_reason, clae_cla_episode_ceased_reason",
            "A child's episode ceased with a reason that ends care (any but X1) and their next episode's reason for new episode is not S.",
            check => EpisodePairs(check.Inputs)
                .Where(p => PeriodsOfCare.HasCeasedReason(p.Previous) && !PeriodsOfCare.IsCode(p.Previous.CeasedReason, PeriodsOfCare.NewEpisodeBegins) && !Is(p.Current.StartReason, "S"))
                .Select(p => check.Flag("ssd_cla_episodes", p.Current.EpisodeId, p.Current.PersonId, "clae_cla_episode_start_reason",
                    $"reason {QuoteOrEmpty(p.Current.StartReason)} after episode {p.Previous.EpisodeId} ceased {Quote(p.Previous.CeasedReason!.Trim())}"))),
        Dfe("903:433", "clae_cla_episode_start_reason, clae_cla_episode_start_date, clae_cla_episode_ceased_date",
            "A CLA episode whose reason for new episode is a continuation (P, L, T, U or B) does not start on the day the child's previous "
                + "episode ceased.",
            check => EpisodePairs(check.Inputs).Where(p => Is(p.Current.StartReason, "P", "L", "T", "U", "B") && p.Previous.CeasedDate != p.Current.StartDate)
                .Select(p => check.Flag("ssd_cla_episodes", p.Current.EpisodeId, p.Current.PersonId, "clae_cla_episode_start_date",
                    $"{Quote(p.Current.StartReason!.Trim())} from {IsoDay(p.Current.StartDate)}, previous episode {p.Previous.EpisodeId} ceased {OpenEnd(p.Previous.CeasedDate)}"))),
        ReasonForNewEpisode("903:434", "L", placementChanged: false, legalStatusChanged: true, "a change of legal status only (L)"),
        ReasonForNewEpisode("903:435", "P", placementChanged: true, legalStatusChanged: false, "a change of placement only (P)"),
        ReasonForNewEpisode("903:436", "B", placementChanged: true, legalStatusChanged: true, "a change of both placement and legal status (B)"),
        Dfe("903:437", "clae_cla_episode_ceased_reason",
            "A CLA episode ceased with reason E2 (died) or E15 and the child has a later episode.",
            check => check.Inputs.ReturnCareHistories.SelectMany(h => h.Episodes
                .Where(e => Is(e.CeasedReason, "E2", "E15") && e.CeasedDate is { } c && h.Episodes.Any(o => o.StartDate >= c && !ReferenceEquals(o, e)))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, h.PersonId, "clae_cla_episode_ceased_reason", $"ceased {Quote(e.CeasedReason!.Trim())} {IsoDay(e.CeasedDate)}, with a later episode")))),
        Dfe("903:445", "lega_legal_status, clae_cla_episode_start_date",
            "A CLA episode starting after 30 December 2005 is under legal status D1 (freeing order), which could not be made after then.",
            check => ClaReturnEpisodes(check.Inputs).Where(e => e.StartDate > new DateOnly(2005, 12, 30) && Is(LsOf(check.Inputs, e), "D1"))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "lega_legal_status", $"D1 on an episode from {IsoDay(e.StartDate)}"))),
        Dfe("903:446", "lega_legal_status, clae_cla_episode_start_date",
            "A CLA episode starting before 30 December 2005 is under legal status E1 (placement order), which did not exist before then.",
            check => ClaReturnEpisodes(check.Inputs).Where(e => e.StartDate < new DateOnly(2005, 12, 30) && Is(LsOf(check.Inputs, e), "E1"))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "lega_legal_status", $"E1 on an episode from {IsoDay(e.StartDate)}"))),
        Dfe("903:451", "lega_legal_status, clae_cla_episode_ceased_date",
            "A CLA episode still open at as_at is under legal status D1: the child is still freed for adoption.",
            check => ClaReturnEpisodes(check.Inputs).Where(e => e.CeasedDate is null && Is(LsOf(check.Inputs, e), "D1"))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "lega_legal_status", "open under D1 (freed for adoption)"))),
        Dfe("903:501", "clae_cla_episode_start_date, clae_cla_episode_ceased_date",
            "A child's CLA episode starts before their previous one (by start) ceased, or while it is open; starting on the day it "
                + "ceased is not flagged. Both episodes of a pair share one error id.",
            check => EpisodePairs(check.Inputs).Where(p => p.Previous.CeasedDate is not { } ceased || ceased > p.Current.StartDate)
                .SelectMany(p => new[]
                {
                    check.Flag("ssd_cla_episodes", p.Current.EpisodeId, p.Current.PersonId, "clae_cla_episode_start_date",
                        $"starts {IsoDay(p.Current.StartDate)} while {p.Previous.EpisodeId} ({IsoDay(p.Previous.StartDate)} to {OpenEnd(p.Previous.CeasedDate)}) is open",
                        key: $"{p.Previous.EpisodeId}:{p.Current.EpisodeId}"),
                    check.Flag("ssd_cla_episodes", p.Previous.EpisodeId, p.Previous.PersonId, "clae_cla_episode_ceased_date",
                        $"open until {OpenEnd(p.Previous.CeasedDate)} while {p.Current.EpisodeId} starts {IsoDay(p.Current.StartDate)}",
                        key: $"{p.Previous.EpisodeId}:{p.Current.EpisodeId}"),
                })),
        Dfe("903:504", "clae_cla_primary_need_code, clae_cla_episode_start_reason",
            "A CLA episode's category of need differs from that of the first episode of its period of care (the latest episode on or "
                + "before it that started the period: reason S, or as the indicators count starts where the reason is missing).",
            check => check.Inputs.ReturnCareHistories.SelectMany(h =>
            {
                var starts = h.Starts.Select(s => s.Episode).ToHashSet();
                ClaEpisode? first = null;
                var found = new List<DqFinding>();
                foreach (var e in h.Episodes)
                {
                    first = starts.Contains(e) || first is null ? e : first;
                    if (!ReferenceEquals(first, e) && check.Inputs.InReturn(e.CeasedDate) && !string.IsNullOrWhiteSpace(e.PrimaryNeedCode)
                        && !string.IsNullOrWhiteSpace(first.PrimaryNeedCode) && !Is(e.PrimaryNeedCode, first.PrimaryNeedCode.Trim()))
                    {
                        found.Add(check.Flag("ssd_cla_episodes", e.EpisodeId, h.PersonId, "clae_cla_primary_need_code",
                            $"need {Quote(e.PrimaryNeedCode.Trim())}, the period began {IsoDay(first.StartDate)} with {Quote(first.PrimaryNeedCode.Trim())}"));
                    }
                }

                return found;
            })),
    ];

    /// <summary>The legal status code an episode is under (see <see cref="QualityInputs.LegalStatusOf"/>), trimmed; null when none.</summary>
    /// <summary>The legal statuses of the children in tonight's SSDA903, whatever their dates.</summary>
    private static ImmutableArray<LegalStatus> ClaReturnLegalStatuses(QualityInputs inputs) =>
        inputs.ChildRows("DfeClaReturnLegalStatuses", inputs.Extract.LegalStatuses, (nameof(LegalStatus.PersonId), s => s.PersonId), inputs.ClaReturnChildren);

    private static string? LsOf(QualityInputs inputs, ClaEpisode e) => inputs.LegalStatusOf(e)?.Code?.Trim();

    /// <summary>The placement type of an episode's placement (see <see cref="QualityInputs.PlacementOf"/>), trimmed; null when none.</summary>
    private static string? PlaceOf(QualityInputs inputs, ClaEpisode e) => inputs.PlacementOf(e)?.PlacementType?.Trim();

    /// <summary>Each episode in tonight's return with the child's episode before it (by start), of the episodes that can be placed in time.</summary>
    private static IEnumerable<(ClaEpisode Previous, ClaEpisode Current)> EpisodePairs(QualityInputs inputs) =>
        inputs.ReturnCareHistories.SelectMany(h => h.Episodes.Skip(1).Select((e, i) => (Previous: h.Episodes[i], Current: e)))
            .Where(p => inputs.InReturn(p.Current.CeasedDate));

    /// <summary>Days of a span (start to end, or to as_at while open) within the census period.</summary>
    private static int DaysInCensusPeriod(QualityInputs inputs, DateOnly start, DateOnly? end)
    {
        var from = start > inputs.ReturnStart ? start : inputs.ReturnStart;
        var to = end is { } e && e < inputs.AsAt ? e : inputs.AsAt;
        return Math.Max(0, to.DayNumber - from.DayNumber);
    }

    /// <summary>A legal status of <paramref name="code"/> in force on or after 1 April that lasted (or has lasted, to as_at) more than <paramref name="maxDays"/> days.</summary>
    private static QualityRule LegalStatusDuration(string dfeCode, string code, int maxDays, string what) =>
        Dfe(dfeCode, "lega_legal_status, lega_legal_status_start_date, lega_legal_status_end_date",
            $"A child in the return was under {what}: a legal status {code} whose end (or as_at, while open) is more than {maxDays} days "
                + $"after its start. Exactly {maxDays} days is not flagged.",
            check => ClaReturnLegalStatuses(check.Inputs)
                .Where(s => Is(s.Code, code) && s.StartDate is { } start && check.Inputs.InReturn(s.EndDate)
                    && (s.EndDate ?? check.AsAt).DayNumber - start.DayNumber > maxDays)
                .Select(s => check.Flag("ssd_legal_status", s.LegalStatusId, s.PersonId, "lega_legal_status_end_date",
                    $"{code} from {IsoDay(s.StartDate)} to {OpenEnd(s.EndDate)}: {(s.EndDate ?? check.AsAt).DayNumber - s.StartDate!.Value.DayNumber} days")));

    /// <summary>An episode in one of <paramref name="places"/> under one of <paramref name="statuses"/>.</summary>
    private static QualityRule EpisodeCombination(string code, string[] places, string[] statuses, string what) =>
        Dfe(code, "clap_cla_placement_type, lega_legal_status",
            $"A CLA episode in the return is {what}: its placement type is {string.Join(" or ", places)} and the legal status in force on "
                + $"its start is {string.Join(" or ", statuses)}.",
            check => ClaReturnEpisodes(check.Inputs).Where(e => Is(PlaceOf(check.Inputs, e), places) && Is(LsOf(check.Inputs, e), statuses))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clap_cla_placement_type, lega_legal_status",
                    $"placement {PlaceOf(check.Inputs, e)} under {LsOf(check.Inputs, e)} from {IsoDay(e.StartDate)}")));

    /// <summary>An episode ceased with one of <paramref name="reasons"/> when the child's age on the ceased date fails <paramref name="wrongAge"/>.</summary>
    private static QualityRule CeasedAtAge(string code, string[] reasons, Func<int, bool> wrongAge, string what) =>
        Dfe(code, "clae_cla_episode_ceased_reason, clae_cla_episode_ceased_date, pers_dob",
            $"A CLA episode ceased with a reason of {what}, by the child's age on the ceased date.",
            check => ClaReturnEpisodes(check.Inputs)
                .Where(e => Is(e.CeasedReason, reasons) && e.CeasedDate is { } c && Age(check.Inputs.Persons.GetValueOrDefault(e.PersonId).DateOfBirth, c) is { } age && wrongAge(age))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_ceased_reason",
                    $"ceased {Quote(e.CeasedReason!.Trim())} {IsoDay(e.CeasedDate)}, aged {Age(check.Inputs.Persons[e.PersonId].DateOfBirth, e.CeasedDate!.Value)}")));

    /// <summary>
    /// An episode whose reason for new episode is <paramref name="reason"/> where the change from the child's previous episode is
    /// not the one it names. A placement changed when the type, provider, URN or postcode of the two episodes' placements differ
    /// (what the return would show); a legal status when the codes in force on the two starts differ.
    /// </summary>
    private static QualityRule ReasonForNewEpisode(string code, string reason, bool placementChanged, bool legalStatusChanged, string what) =>
        Dfe(code, "clae_cla_episode_start_reason, clap_cla_placement_type, lega_legal_status",
            $"A CLA episode's reason for new episode is {what}, but compared with the child's previous episode the placement "
                + $"{(placementChanged ? "did not change" : "changed")} or the legal status {(legalStatusChanged ? "did not change" : "changed")}. A "
                + "placement changes when its type, provider, URN or postcode differ; a legal status when its code differs.",
            check => EpisodePairs(check.Inputs)
                .Where(p => Is(p.Current.StartReason, reason) && p.Previous.CeasedDate == p.Current.StartDate)
                .Select(p => (Pair: p, Placement: PlacementChanged(check.Inputs, p.Previous, p.Current), Legal: !string.Equals(LsOf(check.Inputs, p.Previous), LsOf(check.Inputs, p.Current), StringComparison.OrdinalIgnoreCase)))
                .Where(x => x.Placement != placementChanged || x.Legal != legalStatusChanged)
                .Select(x => check.Flag("ssd_cla_episodes", x.Pair.Current.EpisodeId, x.Pair.Current.PersonId, "clae_cla_episode_start_reason",
                    $"{reason} from {IsoDay(x.Pair.Current.StartDate)}: placement {(x.Placement ? "changed" : "unchanged")}, legal status {(x.Legal ? "changed" : "unchanged")}")));

    private static bool PlacementChanged(QualityInputs inputs, ClaEpisode previous, ClaEpisode current)
    {
        var before = inputs.PlacementOf(previous);
        var after = inputs.PlacementOf(current);
        static string Key(ClaPlacement? p) =>
            $"{p?.PlacementType?.Trim().ToUpperInvariant()}|{p?.Provider?.Trim().ToUpperInvariant()}|{p?.Urn?.Trim().ToUpperInvariant()}|{p?.Postcode?.Trim().ToUpperInvariant()}";
        return !string.Equals(Key(before), Key(after), StringComparison.Ordinal);
    }
}
