using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// SSDA903: placements, reviews and missing episodes. A placement is in tonight's return when it ended on or after 1 April or is
// open, for a child in the return; a review when it was held on or after 1 April (or has no date); a missing episode when it
// ended on or after 1 April or is open.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> Dfe903Placements() =>
    [
        DfeCodes("903:146", "placement_type", "clap_cla_placement_type", required: true,
            "A placement in the return has no placement type, or one that is not a code of the SSDA903's list in the collection year "
                + "(H5, P2 and Z1 last valid in 2024-25; K3 from 2024-25; Z11 to Z14 from 2025-26).",
            i => ClaReturnPlacements(i).Select(p => new DfeCoded(p.PlacementId, p.PersonId, p.PlacementType))),
        DfeCodes("903:178", "placement_provider", "clap_cla_placement_provider", required: false,
            "A placement's provider, when given, is not a code of the SSDA903's list (PR0 to PR5).",
            i => ClaReturnPlacements(i).Select(p => new DfeCoded(p.PlacementId, p.PersonId, p.Provider))),
        DfeCodes("903:1009", "reason_place_change", "clap_cla_placement_change_reason", required: false,
            "A placement's reason for change, when given, is not a code of the SSDA903's list.",
            i => ClaReturnPlacements(i).Select(p => new DfeCoded(p.PlacementId, p.PersonId, p.ChangeReason))),
        Dfe("903:164", "clap_cla_placement_distance",
            "A placement's distance from home is below 0 or above 999.9 miles.",
            check => ClaReturnPlacements(check.Inputs).Where(p => p.DistanceMiles is < 0 or > 999.9)
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_distance", $"distance {p.DistanceMiles!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))),
        Dfe("903:213", "clap_cla_placement_provider, clap_cla_placement_type",
            "A temporary placement (T0 to T4), or from 2025-26 a Z11 to Z14 one, has a provider.",
            check => ClaReturnPlacements(check.Inputs)
                .Where(p => !string.IsNullOrWhiteSpace(p.Provider) && Is(p.PlacementType, PlacementCodes.ProviderNotRequired))
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_provider", $"{p.PlacementType!.Trim()} with provider {Quote(p.Provider!.Trim())}"))),
        Dfe("903:526", "clap_cla_placement_provider, clap_cla_placement_type",
            "A placement other than a temporary one (T0 to T4) or a Z1 / Z11 to Z14 one has no provider.",
            check => ClaReturnPlacements(check.Inputs)
                .Where(p => string.IsNullOrWhiteSpace(p.Provider) && !string.IsNullOrWhiteSpace(p.PlacementType) && !Is(p.PlacementType, PlacementCodes.NoProvider))
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_provider", $"{p.PlacementType!.Trim()} with no provider"))),
        ProviderForbidden("903:527", "PR1", ["P1", "R2", "R5"]),
        ProviderForbidden("903:528", "PR2", ["P1", "R2", "R5"]),
        ProviderForbidden("903:529", "PR3", ["P1", "A3", "A4", "A5", "A6", "K1", "K2", "U1", "U2", "U3", "U4", "U5", "U6"]),
        ProviderForbidden("903:530", "PR4", ["P1"]),
        ProviderForbidden("903:531", "PR5", ["P1"]),
        Dfe("903:550", "clap_cla_placement_provider, clap_cla_placement_type",
            "A placement whose provider is PR0 (parents or others with parental responsibility) is not a placement with parents (P1).",
            check => ClaReturnPlacements(check.Inputs).Where(p => Is(p.Provider, "PR0") && !string.IsNullOrWhiteSpace(p.PlacementType) && !Is(p.PlacementType, "P1"))
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_provider", $"PR0 with placement {p.PlacementType!.Trim()}"))),
        Dfe("903:218", "clap_cla_placement_urn, clap_cla_placement_type",
            "A placement of a type Ofsted registers has no URN (XXXXXXX, the DfE's \"none\", counts as given): all but H5, P1, P2, P3, "
                + "R1, R2, R5, T0 to T4 and Z1 / Z11 to Z14. The DfE also exempts placements outside England, which the SSD does not record.",
            check => ClaReturnPlacements(check.Inputs)
                .Where(p => string.IsNullOrWhiteSpace(p.Urn) && !string.IsNullOrWhiteSpace(p.PlacementType) && !Is(p.PlacementType, UrnExempt))
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_urn", $"{p.PlacementType!.Trim()} with no URN"))),
        Dfe("903:222", "clap_cla_placement_urn, clap_cla_placement_type",
            "A placement of a type Ofsted does not register (H5, P1, P2, P3, R1, R2, R5, T0 to T4, Z1 / Z11 to Z14) has a URN other than XXXXXXX.",
            check => ClaReturnPlacements(check.Inputs)
                .Where(p => !string.IsNullOrWhiteSpace(p.Urn) && !Is(p.Urn, "XXXXXXX") && Is(p.PlacementType, UrnExempt))
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_urn", $"{p.PlacementType!.Trim()} with a URN"))),
        Dfe("903:217", "clap_cla_placement_type, clae_cla_episode_start_reason",
            "A CLA episode starting on or after 1 April 2015 in a placement for adoption with current foster carers (A3, A5) has a "
                + "reason for new episode other than S, T or U.",
            check => ClaReturnEpisodes(check.Inputs)
                .Where(e => e.StartDate >= new DateOnly(2015, 4, 1) && Is(PlaceOf(check.Inputs, e), "A3", "A5") && !Is(e.StartReason, "S", "T", "U"))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_start_reason",
                    $"{PlaceOf(check.Inputs, e)} from {IsoDay(e.StartDate)} with reason {QuoteOrEmpty(e.StartReason)}"))),
        Dfe("903:225", "clap_cla_placement_change_reason, clae_cla_episode_ceased_reason, clae_cla_episode_start_reason",
            "A child's placement changed (an episode ceased X1 and the next one's reason is P, B, T or U) and the placement that ended "
                + "has no reason for change; changes to or from a temporary placement (T0 to T4) are exempt.",
            check => EpisodePairs(check.Inputs)
                .Where(p => Is(p.Previous.CeasedReason, "X1") && Is(p.Current.StartReason, "P", "B", "T", "U")
                    && !Is(PlaceOf(check.Inputs, p.Previous), TemporaryPlacements) && !Is(PlaceOf(check.Inputs, p.Current), TemporaryPlacements)
                    && check.Inputs.PlacementOf(p.Previous) is { } ended && string.IsNullOrWhiteSpace(ended.ChangeReason))
                .Select(p => check.Flag("ssd_cla_placement", check.Inputs.PlacementOf(p.Previous)!.PlacementId, p.Previous.PersonId, "clap_cla_placement_change_reason",
                    $"placement changed {IsoDay(p.Current.StartDate)} with no reason for change"))),
        Dfe("903:226", "clap_cla_placement_change_reason, clap_cla_placement_type",
            "A temporary placement (T0 to T4), or the placement just before one, has a reason for change.",
            check => check.Inputs.ReturnCareHistories
                .SelectMany(h => h.Episodes.Select((e, i) => (Episode: e, Next: i + 1 < h.Episodes.Length ? h.Episodes[i + 1] : null)))
                .Where(x => check.Inputs.InReturn(x.Episode.CeasedDate) && check.Inputs.PlacementOf(x.Episode) is { } placement
                    && !string.IsNullOrWhiteSpace(placement.ChangeReason)
                    && (Is(placement.PlacementType, TemporaryPlacements) || (x.Next is not null && Is(PlaceOf(check.Inputs, x.Next), TemporaryPlacements))))
                .Select(x => check.Inputs.PlacementOf(x.Episode)!)
                .DistinctBy(p => p.PlacementId)
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_change_reason",
                    $"reason for change {Quote(p.ChangeReason!.Trim())} on a temporary placement or the one before it"))),
        PlacementMinimumAge("903:371", ["K3", "H5"], 16, "supported accommodation (K3; H5 before 2025-26)"),
        PlacementMinimumAge("903:372", ["R5"], 10, "youth custody or prison (R5)"),
        PlacementMinimumAge("903:373", ["S1"], 4, "a residential school (S1)"),
        PlacementMinimumAge("903:374", ["P3"], 14, "residential employment (P3)"),
        PlacementMaximumDays("903:375", "T1", 42, "a temporary hospital stay (T1) of more than six weeks"),
        PlacementMaximumDays("903:376", "T3", 21, "a temporary placement while the usual foster carers are on holiday (T3) of more than three weeks"),
        PlacementMaximumDays("903:379", "T4", 7, "a temporary placement for an unspecified reason (T4) of more than seven days"),
        Dfe("903:377", "clap_cla_placement_type, clap_cla_placement_start_date",
            "A child has more than two temporary placements while their foster carers are on holiday (T3) starting within 12 months of "
                + "each other (the third and later are flagged).",
            check => check.Inputs.PlacementsByChild.Where(c => check.Inputs.ClaReturnChildren.Contains(c.Key)).SelectMany(c =>
            {
                var t3 = c.Value.Where(p => Is(p.PlacementType, "T3")).ToList();
                return t3.Where((p, i) => i >= 2 && check.Inputs.InReturn(p.EndDate) && t3[i - 2].StartDate > p.StartDate!.Value.AddYears(-1))
                    .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, c.Key, "clap_cla_placement_type", $"a third T3 within 12 months, from {IsoDay(p.StartDate)}"));
            })),
        Dfe("903:380", "clap_cla_placement_type, clae_cla_episode_start_reason",
            "A period of care starts (reason for new episode S) in a temporary placement (T0 to T4).",
            check => ClaReturnEpisodes(check.Inputs).Where(e => Is(e.StartReason, "S") && Is(PlaceOf(check.Inputs, e), TemporaryPlacements))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clap_cla_placement_type", $"care starts {IsoDay(e.StartDate)} in {PlaceOf(check.Inputs, e)}"))),
        Dfe("903:381", "clap_cla_placement_type, clae_cla_episode_ceased_reason",
            "A period of care ends (an episode ceased with any reason but X1) in a temporary placement (T0 to T4).",
            check => ClaReturnEpisodes(check.Inputs)
                .Where(e => PeriodsOfCare.HasCeasedReason(e) && !Is(e.CeasedReason, "X1") && Is(PlaceOf(check.Inputs, e), TemporaryPlacements))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clap_cla_placement_type", $"care ends {IsoDay(e.CeasedDate)} in {PlaceOf(check.Inputs, e)}"))),
        Dfe("903:383", "clap_cla_placement_type",
            "After a temporary placement (T0 to T4), the child's next episode is not in the placement type they were in before it.",
            check => check.Inputs.ReturnCareHistories.SelectMany(h => Enumerable.Range(1, Math.Max(0, h.Episodes.Length - 2))
                .Where(i => check.Inputs.InReturn(h.Episodes[i + 1].CeasedDate) && Is(PlaceOf(check.Inputs, h.Episodes[i]), TemporaryPlacements)
                    && PlaceOf(check.Inputs, h.Episodes[i - 1]) is { } before && !Is(PlaceOf(check.Inputs, h.Episodes[i + 1]), before))
                .Select(i => check.Flag("ssd_cla_episodes", h.Episodes[i + 1].EpisodeId, h.PersonId, "clap_cla_placement_type",
                    $"{QuoteOrEmpty(PlaceOf(check.Inputs, h.Episodes[i + 1]))} after {PlaceOf(check.Inputs, h.Episodes[i])}, not back to {PlaceOf(check.Inputs, h.Episodes[i - 1])}")))),
        Dfe("903:336", "clap_cla_placement_type",
            "A child placed for adoption (an episode in A3 to A6 following one that is not) was not in a foster placement (U1 to U6) just before.",
            check => EpisodePairs(check.Inputs)
                .Where(p => Is(PlaceOf(check.Inputs, p.Current), "A3", "A4", "A5", "A6") && !Is(PlaceOf(check.Inputs, p.Previous), "A3", "A4", "A5", "A6")
                    && p.Previous.CeasedDate == p.Current.StartDate && !Is(PlaceOf(check.Inputs, p.Previous), "U1", "U2", "U3", "U4", "U5", "U6"))
                .Select(p => check.Flag("ssd_cla_episodes", p.Current.EpisodeId, p.Current.PersonId, "clap_cla_placement_type",
                    $"placed {PlaceOf(check.Inputs, p.Current)} from {QuoteOrEmpty(PlaceOf(check.Inputs, p.Previous))}"))),
        Dfe("903:392a", "clap_cla_placement_distance, lega_legal_status",
            "A CLA episode in the return, not under respite care (V3, V4), is in a placement with no distance from home. A child who is or "
                + "was UASC (903:406 wants their distance blank) is not flagged when ssd_immigration_status says so: the DfE's own note "
                + "calls such children false positives.",
            check => ClaReturnEpisodes(check.Inputs)
                .Where(e => check.Inputs.PlacementOf(e) is { DistanceMiles: null } && !Is(LsOf(check.Inputs, e), "V3", "V4")
                    && !UascChildren(check.Inputs).Contains(e.PersonId))
                .Select(e => check.Inputs.PlacementOf(e)!).DistinctBy(p => p.PlacementId)
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_distance", "no distance from home"))),
        Dfe("903:398", "clap_cla_placement_distance, lega_legal_status",
            "A CLA episode under respite care (V3, V4) is in a placement with a distance from home.",
            check => ClaReturnEpisodes(check.Inputs)
                .Where(e => check.Inputs.PlacementOf(e) is { DistanceMiles: not null } && Is(LsOf(check.Inputs, e), "V3", "V4"))
                .Select(e => check.Inputs.PlacementOf(e)!).DistinctBy(p => p.PlacementId)
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_distance", "a distance recorded for respite care (V3, V4)"))),
        Dfe("903:516", "clae_cla_episode_ceased_reason, clap_cla_placement_type",
            "A CLA episode ceased with reason E45 or E46 (special guardianship to former foster carers) is not in a foster placement (U1 to U6).",
            check => ClaReturnEpisodes(check.Inputs)
                .Where(e => Is(e.CeasedReason, "E45", "E46") && !Is(PlaceOf(check.Inputs, e), "U1", "U2", "U3", "U4", "U5", "U6"))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_ceased_reason",
                    $"ceased {Quote(e.CeasedReason!.Trim())} from placement {QuoteOrEmpty(PlaceOf(check.Inputs, e))}"))),

        // Reviews.
        Dfe("903:166", "clar_cla_review_date, clar_cla_review_cancelled",
            "A CLA review of a child in the return that was not cancelled has no review date.",
            check => ClaReturnReviews(check.Inputs).Where(r => r.Review.ReviewDate is null && r.Review.Cancelled != true)
                .Select(r => check.Flag("ssd_cla_reviews", r.Review.ReviewId, r.Child, "clar_cla_review_date", "no clar_cla_review_date"))),
        DfeCodes("903:167", "review_participation", "clar_cla_review_participation", required: true,
            "A CLA review held (dated, not cancelled) has no participation code, or one that is not PN0 to PN7.",
            i => ClaReturnReviews(i).Where(r => r.Review.ReviewDate is not null && r.Review.Cancelled != true)
                .Select(r => new DfeCoded(r.Review.ReviewId, r.Child, r.Review.Participation)), alsoNeeds: "clar_cla_review_date"),
        Dfe("903:440", "clar_cla_review_participation, clar_cla_review_date, pers_dob",
            "A CLA review's participation is PN0 (child under 4) but the child was 4 or over on the review date.",
            check => ClaReturnReviews(check.Inputs)
                .Where(r => Is(r.Review.Participation, "PN0") && r.Review.ReviewDate is { } d && Age(check.Inputs.Persons.GetValueOrDefault(r.Child).DateOfBirth, d) >= 4)
                .Select(r => check.Flag("ssd_cla_reviews", r.Review.ReviewId, r.Child, "clar_cla_review_participation", $"PN0 on {IsoDay(r.Review.ReviewDate)}, the child aged 4 or over"))),
        Dfe("903:441", "clar_cla_review_participation, clar_cla_review_date, pers_dob",
            "A CLA review's participation is PN1 to PN7 (child 4 or over) but the child was under 4 on the review date.",
            check => ClaReturnReviews(check.Inputs)
                .Where(r => Is(r.Review.Participation, "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7") && r.Review.ReviewDate is { } d
                    && Age(check.Inputs.Persons.GetValueOrDefault(r.Child).DateOfBirth, d) < 4)
                .Select(r => check.Flag("ssd_cla_reviews", r.Review.ReviewId, r.Child, "clar_cla_review_participation",
                    $"{Quote(r.Review.Participation!.Trim())} on {IsoDay(r.Review.ReviewDate)}, the child under 4"))),
        Dfe("903:399", "clar_cla_review_date, lega_legal_status",
            "A CLA review was held while the child was under respite care (V3, V4): such children have no reviews in the return.",
            check => ClaReturnReviews(check.Inputs)
                .Where(r => r.Review.ReviewDate is { } d && r.Review.Cancelled != true && check.Inputs.LegalStatusesByChild.TryGetValue(r.Child, out var statuses)
                    && Is(PeriodsOfCare.LegalStatusAt(statuses, d)?.Code, "V3", "V4"))
                .Select(r => check.Flag("ssd_cla_reviews", r.Review.ReviewId, r.Child, "clar_cla_review_date", $"review {IsoDay(r.Review.ReviewDate)} during respite care"))),
        Dfe("903:INT08", "clar_cla_id, pers_person_id",
            "A CLA review names a period of care (clar_cla_id) whose child has no ssd_person row.",
            check => ClaReturnReviews(check.Inputs).Where(x => !check.Inputs.Persons.ContainsKey(x.Child))
                .Select(x => check.Flag("ssd_cla_reviews", x.Review.ReviewId, x.Child, "clar_cla_id", "child not in ssd_person"))),

        // Missing and away from placement.
        DfeCodes("903:1006", "missing_type", "miss_missing_episode_type", required: false,
            "A missing episode's type, when given, is not M (missing) or A (away from placement without authorisation); the SSD's "
                + "words starting Missing or Absent count as them.",
            i => ClaReturnMissing(i).Select(m => new DfeCoded(m.MissingId, m.PersonId, m.EpisodeType))),
        Dfe("903:564", "miss_missing_episode_start_date, miss_missing_episode_type",
            "A missing episode with a type has no start date.",
            check => ClaReturnMissing(check.Inputs).Where(m => m.StartDate is null && !string.IsNullOrWhiteSpace(m.EpisodeType))
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_start_date", "no miss_missing_episode_start_date"))),
        Dfe("903:565", "miss_missing_episode_start_date, miss_missing_episode_type",
            "A missing episode with a start date has no type (missing or away).",
            check => ClaReturnMissing(check.Inputs).Where(m => m.StartDate is not null && string.IsNullOrWhiteSpace(m.EpisodeType))
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_type", $"from {IsoDay(m.StartDate)} with no type"))),
        Dfe("903:566", "miss_missing_episode_end_date, miss_missing_episode_type",
            "A missing episode with an end date has no type (missing or away).",
            check => ClaReturnMissing(check.Inputs).Where(m => m.EndDate is not null && string.IsNullOrWhiteSpace(m.EpisodeType))
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_type", $"ended {IsoDay(m.EndDate)} with no type"))),
        DfeDateOrder("903:567", "miss_missing_episode_start_date", "miss_missing_episode_end_date",
            "A missing episode ends before it starts.",
            i => ClaReturnMissing(i).Select(m => new DfeDates(m.MissingId, m.PersonId, m.StartDate, m.EndDate))),
        Dfe("903:570", "miss_missing_episode_start_date",
            "A missing episode starts after the end of the collection year so far (as_at).",
            check => ClaReturnMissing(check.Inputs).Where(m => m.StartDate > check.AsAt)
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_start_date", $"starts {IsoDay(m.StartDate)}, after as_at {IsoDay(check.AsAt)}"))),
        DfeInCensusPeriod("903:571", "miss_missing_episode_end_date",
            "A missing episode's end date is outside the census period (after as_at; earlier ends are not in the return).",
            i => ClaReturnMissing(i).Select(m => new DfeDated(m.MissingId, m.PersonId, m.EndDate))),
        Dfe("903:574", "miss_missing_episode_start_date, miss_missing_episode_end_date",
            "A child's missing episode starts on or after another of theirs started and before that one ended (or while it is open); "
                + "starting on the day it ended is not flagged.",
            check => ClaReturnMissing(check.Inputs).Where(m => m.PersonId is not null && m.StartDate is not null).GroupBy(m => m.PersonId!, StringComparer.Ordinal).SelectMany(g =>
                from a in g
                from b in g
                where a.MissingId != b.MissingId && a.StartDate >= b.StartDate && (b.EndDate is not { } be || a.StartDate < be)
                    && !(a.StartDate == b.StartDate && string.CompareOrdinal(a.MissingId, b.MissingId) < 0)
                select check.Flag("ssd_missing", a.MissingId, a.PersonId, "miss_missing_episode_start_date",
                    $"starts {IsoDay(a.StartDate)} while {b.MissingId} ({IsoDay(b.StartDate)} to {OpenEnd(b.EndDate)}) is open", key: $"{b.MissingId}:{a.MissingId}"))),
        Dfe("903:575", "miss_missing_episode_end_date, clap_cla_placement_end_date",
            "A missing episode with no end date started in a placement that has since ended.",
            check => ClaReturnMissing(check.Inputs)
                .Where(m => m.EndDate is null && m.StartDate is { } s && m.PersonId is not null && PlacementAt(check.Inputs, m.PersonId, s) is { EndDate: { } ended } && ended <= check.AsAt)
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_end_date",
                    $"open since {IsoDay(m.StartDate)}; its placement ended {IsoDay(PlacementAt(check.Inputs, m.PersonId!, m.StartDate!.Value)!.EndDate)}"))),
        Dfe("903:577", "miss_missing_episode_end_date, clae_cla_episode_ceased_date, clae_cla_episode_ceased_reason",
            "A child whose care has ended (their last episode ceased with a reason other than X1) has a missing episode with no end "
                + "date that started on or before that ceased date.",
            check => ClaReturnMissing(check.Inputs)
                .Where(m => m.EndDate is null && m.PersonId is not null && CareEnded(check.Inputs, m.PersonId) is { } ended && m.StartDate <= ended)
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_end_date",
                    $"open since {IsoDay(m.StartDate)}; care ended {IsoDay(CareEnded(check.Inputs, m.PersonId!))}"))),
        Dfe("903:578", "miss_missing_episode_start_date, clae_cla_episode_ceased_date",
            "A missing episode starts after the child's care ended (their last episode ceased with a reason other than X1).",
            check => ClaReturnMissing(check.Inputs)
                .Where(m => m.PersonId is not null && CareEnded(check.Inputs, m.PersonId) is { } ended && m.StartDate > ended)
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_start_date",
                    $"starts {IsoDay(m.StartDate)}; care ended {IsoDay(CareEnded(check.Inputs, m.PersonId!))}"))),
        Dfe("903:580", "miss_missing_episode_start_date, miss_missing_episode_end_date, clae_cla_episode_ceased_reason",
            "A child was missing when their care ended (a missing episode started on or before the last episode's ceased date and not "
                + "ended by then) and the reason ceased is not E8.",
            check => ClaReturnMissing(check.Inputs)
                .Where(m => m.PersonId is not null && m.StartDate is { } s && CareEnded(check.Inputs, m.PersonId) is { } ended && s <= ended
                    && (m.EndDate is not { } e || e > ended) && !Is(LastEpisode(check.Inputs, m.PersonId)?.CeasedReason, "E8"))
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_start_date",
                    $"missing from {IsoDay(m.StartDate)} when care ended {IsoDay(CareEnded(check.Inputs, m.PersonId!))} with {QuoteOrEmpty(LastEpisode(check.Inputs, m.PersonId!)?.CeasedReason)}"))),
        Dfe("903:581", "miss_missing_episode_start_date, clae_cla_episode_start_date",
            "A missing episode starts before the child's first CLA episode in the extract.",
            check => ClaReturnMissing(check.Inputs)
                .Where(m => m.PersonId is not null && m.StartDate is { } s && check.Inputs.CareByChild.TryGetValue(m.PersonId, out var care) && s < care.Episodes[0].StartDate)
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_start_date",
                    $"starts {IsoDay(m.StartDate)}, before care began {IsoDay(check.Inputs.CareByChild[m.PersonId!].Episodes[0].StartDate)}"))),
        Dfe("903:586", "miss_missing_episode_start_date, pers_dob",
            "A missing episode starts before the child's date of birth.",
            check => ClaReturnMissing(check.Inputs)
                .Where(m => m.PersonId is not null && m.StartDate < check.Inputs.Persons.GetValueOrDefault(m.PersonId).DateOfBirth)
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_start_date", $"starts {IsoDay(m.StartDate)}, before birth"))),
        Dfe("903:INT04", "miss_person_id, pers_person_id",
            "A missing episode of a child in the return names a child with no ssd_person row.",
            check => ClaReturnMissing(check.Inputs).Where(m => m.PersonId is not null && !check.Inputs.Persons.ContainsKey(m.PersonId))
                .Select(m => check.Flag("ssd_missing", m.MissingId, m.PersonId, "miss_person_id", "child not in ssd_person"))),
    ];

    private static string[] TemporaryPlacements => PlacementCodes.Temporary;

    private static string[] UrnExempt => PlacementCodes.UrnExempt;

    // A nested class, so its fields are set on first use whatever order the partial files' static fields run in.
    private static class PlacementCodes
    {
        /// <summary>Temporary placements: the SSDA903's T0 to T4.</summary>
        public static readonly string[] Temporary = ["T0", "T1", "T2", "T3", "T4"];

        /// <summary>Placements that have no provider: temporary ones, and Z1 with its successors Z11 to Z14.</summary>
        public static readonly string[] NoProvider = [.. Temporary, "Z1", "Z11", "Z12", "Z13", "Z14"];

        /// <summary>Placements whose provider is not required (903:213): temporary ones, and from 2025-26 Z11 to Z14.</summary>
        public static readonly string[] ProviderNotRequired = [.. Temporary, "Z11", "Z12", "Z13", "Z14"];

        /// <summary>Placement types Ofsted does not register (no URN): the SSDA903's 218 and 222 lists.</summary>
        public static readonly string[] UrnExempt = ["H5", "P1", "P2", "P3", "R1", "R2", "R5", .. Temporary, "Z1", "Z11", "Z12", "Z13", "Z14"];
    }

    /// <summary>The placements of tonight's SSDA903: of its children, ended on or after 1 April or open.</summary>
    private static ImmutableArray<ClaPlacement> ClaReturnPlacements(QualityInputs inputs) => inputs.Lookup("DfeClaReturnPlacements", () =>
        inputs.PlacementsByChild.Where(c => inputs.ClaReturnChildren.Contains(c.Key)).SelectMany(c => c.Value).Where(p => inputs.InReturn(p.EndDate)).ToImmutableArray());

    /// <summary>The reviews of tonight's SSDA903 (held on or after 1 April, or undated), with their child (found by clar_cla_id).</summary>
    private static ImmutableArray<(ClaReview Review, string Child)> ClaReturnReviews(QualityInputs inputs) => inputs.Lookup("DfeClaReturnReviews", () =>
        inputs.ReturnRows(inputs.Extract.ClaReviews, (nameof(ClaReview.ReviewDate), r => r.ReviewDate),
                r => r.ClaId is not null && inputs.ChildByClaId.TryGetValue(r.ClaId, out var child) && inputs.ClaReturnChildren.Contains(child))
            .Select(r => (r, inputs.ChildByClaId[r.ClaId!])).ToImmutableArray());

    /// <summary>The missing episodes of tonight's SSDA903: of its children, ended on or after 1 April or open.</summary>
    private static ImmutableArray<MissingEpisode> ClaReturnMissing(QualityInputs inputs) => inputs.ReturnRows("DfeClaReturnMissing", inputs.Extract.MissingEpisodes,
        (nameof(MissingEpisode.EndDate), m => m.EndDate), (nameof(MissingEpisode.PersonId), m => m.PersonId), inputs.ClaReturnChildren);

    /// <summary>The child's placement in force on <paramref name="date"/> (the latest-starting one started by then and not ended before it).</summary>
    private static ClaPlacement? PlacementAt(QualityInputs inputs, string child, DateOnly date) =>
        inputs.PlacementsByChild.TryGetValue(child, out var placements)
            ? placements.LastOrDefault(p => p.StartDate <= date && (p.EndDate is not { } end || end >= date))
            : null;

    /// <summary>When the child's care ended: their last episode's ceased date when its reason is not X1; null while in care.</summary>
    private static DateOnly? CareEnded(QualityInputs inputs, string child) =>
        LastEpisode(inputs, child) is { CeasedDate: { } ceased } last && PeriodsOfCare.HasCeasedReason(last) && !Is(last.CeasedReason, "X1") ? ceased : null;

    private static QualityRule ProviderForbidden(string code, string provider, string[] places) =>
        Dfe(code, "clap_cla_placement_provider, clap_cla_placement_type",
            $"A placement whose provider is {provider} has a placement type it cannot provide: {string.Join(", ", places)}.",
            check => ClaReturnPlacements(check.Inputs).Where(p => Is(p.Provider, provider) && Is(p.PlacementType, places))
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_provider", $"{provider} with placement {p.PlacementType!.Trim()}")));

    private static QualityRule PlacementMinimumAge(string code, string[] places, int minimumAge, string what) =>
        Dfe(code, "clap_cla_placement_type, clap_cla_placement_start_date, pers_dob",
            $"A child is placed in {what} before their {Ordinal(minimumAge)} birthday (their age on the placement's start date).",
            check => ClaReturnPlacements(check.Inputs)
                .Where(p => Is(p.PlacementType, places) && p.PersonId is not null && Age(check.Inputs.Persons.GetValueOrDefault(p.PersonId).DateOfBirth, p.StartDate!.Value) < minimumAge)
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_type",
                    $"{p.PlacementType!.Trim()} from {IsoDay(p.StartDate)}, aged {Age(check.Inputs.Persons[p.PersonId!].DateOfBirth, p.StartDate!.Value)}")));

    private static QualityRule PlacementMaximumDays(string code, string place, int maxDays, string what) =>
        Dfe(code, "clap_cla_placement_type, clap_cla_placement_start_date, clap_cla_placement_end_date",
            $"A child had {what}: a {place} placement whose end (or as_at, while open) is more than {maxDays} days after its start. "
                + $"Exactly {maxDays} days is not flagged.",
            check => ClaReturnPlacements(check.Inputs)
                .Where(p => Is(p.PlacementType, place) && (p.EndDate ?? check.AsAt).DayNumber - p.StartDate!.Value.DayNumber > maxDays)
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_end_date",
                    $"{place} from {IsoDay(p.StartDate)} to {OpenEnd(p.EndDate)}: {(p.EndDate ?? check.AsAt).DayNumber - p.StartDate!.Value.DayNumber} days")));

    private static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
