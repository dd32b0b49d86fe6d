using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// SSDA903: the child (the return's Header), care leavers (OC3), unaccompanied asylum-seeking children (UASC) and health
// (OC2). A child is in tonight's return when one of their CLA episodes ceased on or after 1 April or is open. The OC3 cohort
// is the young people whose 17th to 21st birthday falls in the collection year; the SSD holds only their current status, which
// is what a return made tonight would send.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> Dfe903Child() =>
    [
        DfeCodes("903:101", "sex", "pers_sex", required: true,
            "A child in the return has no sex (pers_sex), or one that is not a code of the SSDA903's sex list in the collection year "
                + "(M, F or U from 2024-25; 1 and 2 before), the SSD's spellings of them accepted.",
            i => i.ClaReturnPersons.Values.Select(p => new DfeCoded(p.PersonId, p.PersonId, p.Sex)), "903"),
        Dfe("903:102", "pers_dob",
            "A child in the return has no date of birth (an unreadable one is quarantined at ingest and so is no date here).",
            check => check.Inputs.ClaReturnPersons.Values.Where(p => p.DateOfBirth is null)
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_dob", "no pers_dob"))),
        DfeCodes("903:103", "ethnicity", "pers_ethnicity", required: true,
            "A child in the return has no ethnicity, or one that is not a code of the DfE's ethnicity list; the SSD guidance's CNHE, "
                + "which the validators reject, is flagged with CHNE to write instead.",
            i => i.ClaReturnPersons.Values.Select(p => new DfeCoded(p.PersonId, p.PersonId, p.Ethnicity))),
        DfeCodes("903:168", "upn_unknown", "pers_upn_unknown", required: false,
            "A child's reason for having no UPN, when given, is not UN1 to UN5. The UPN itself is not in the SSD, so its format is not "
                + "judged: only the reason the SSD holds.",
            i => i.ClaReturnPersons.Values.Select(p => new DfeCoded(p.PersonId, p.PersonId, p.UpnUnknown)), "903"),
        Dfe("903:209", "pers_upn_unknown, pers_dob",
            "A child whose reason for having no UPN is UN1 (not of school age) was 4 by 31 August before the collection year began, and "
                + "so is of school age (the DfE's test).",
            check =>
            {
                var cutOff = new DateOnly(check.Inputs.ReturnYear.StartYear - 1, 8, 31);
                return check.Inputs.ClaReturnPersons.Values.Where(p => Is(p.UpnUnknown, "UN1") && p.DateOfBirth is { } dob && dob.AddYears(4) <= cutOff)
                    .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_upn_unknown", $"UN1, but 4 by {IsoDay(cutOff)} (born {IsoDay(p.DateOfBirth)})"));
            }),
        Dfe("903:210", "pers_upn_unknown, clae_cla_episode_start_date, clae_cla_episode_ceased_date",
            "A child whose reason for having no UPN is UN4 (newly looked after) is looked after at as_at and has been for more than a "
                + "week: the current period of care began more than 7 days before as_at.",
            check => check.Inputs.ClaReturnPersons.Values
                .Where(p => Is(p.UpnUnknown, "UN4") && check.Inputs.CareByChild.TryGetValue(p.PersonId, out var care) && care.IsInCareAt(check.AsAt)
                    && care.CurrentPeriodStart(check.AsAt) is { } start && start < check.AsAt.AddDays(-7))
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_upn_unknown",
                    $"UN4, looked after since {IsoDay(check.Inputs.CareByChild[p.PersonId].CurrentPeriodStart(check.AsAt))}"))),
        Dfe("903:301", "pers_dob",
            "A child's date of birth is after the end of the collection year so far (as_at).",
            check => check.Inputs.ClaReturnPersons.Values.Where(p => p.DateOfBirth > check.AsAt)
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_dob", $"pers_dob {IsoDay(p.DateOfBirth)} is after as_at {IsoDay(check.AsAt)}"))),
        Dfe("903:302", "pers_dob, clae_cla_episode_start_date",
            "A child's first CLA episode (the earliest start in the extract) starts before their date of birth.",
            check => check.Inputs.ReturnCareHistories
                .Where(h => h.Episodes[0].StartDate < check.Inputs.ClaReturnPersons.GetValueOrDefault(h.PersonId)?.DateOfBirth)
                .Select(h => check.Flag("ssd_cla_episodes", h.Episodes[0].EpisodeId, h.PersonId, "clae_cla_episode_start_date",
                    $"first episode starts {IsoDay(h.Episodes[0].StartDate)}, pers_dob {IsoDay(check.Inputs.ClaReturnPersons[h.PersonId].DateOfBirth)}"))),
        Dfe("903:351", "pers_dob",
            "A child in the return turned 25 before the collection year began (\"over 25 at the start\" read as past the 25th birthday).",
            check => check.Inputs.ClaReturnPersons.Values.Where(p => p.DateOfBirth is { } dob && dob.AddYears(25) < check.Inputs.ReturnStart)
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_dob", $"25th birthday {IsoDay(p.DateOfBirth!.Value.AddYears(25))}, before {IsoDay(check.Inputs.ReturnStart)}"))),
        Dfe("903:352", "pers_dob, clae_cla_episode_start_date, clae_cla_episode_start_reason",
            "A period of care in the return starts on or after the child's 18th birthday. A start is an episode whose reason for new "
                + "episode is S (where the reason is missing, one that no other episode of the child ceased on or is open on: the "
                + "periods of care the indicators count), so an episode continuing a period begun before 18 is not flagged; a start the "
                + "day before the 18th birthday is not flagged, one on it is.",
            check => check.Inputs.ReturnCareHistories.SelectMany(h => h.Starts
                .Where(s => check.Inputs.InReturn(s.Episode.CeasedDate) && Age(check.Inputs.ClaReturnPersons.GetValueOrDefault(h.PersonId)?.DateOfBirth, s.Date) >= 18)
                .Select(s => check.Flag("ssd_cla_episodes", s.Episode.EpisodeId, h.PersonId, "clae_cla_episode_start_date",
                    $"period of care started {IsoDay(s.Date)}; 18th birthday {IsoDay(check.Inputs.ClaReturnPersons[h.PersonId].DateOfBirth!.Value.AddYears(18))}")))),
        Dfe("903:620", "pers_is_mother, pers_dob",
            "A child recorded as a mother (pers_is_mother Y) is under 11 at as_at.",
            check => check.Inputs.ClaReturnPersons.Values.Where(p => p.IsMother == true && Age(p.DateOfBirth, check.AsAt) < 11)
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_is_mother", $"a mother aged {Age(p.DateOfBirth, check.AsAt)}"))),
        Dfe("903:393", "pers_is_mother, pers_sex, lega_legal_status",
            "A girl (pers_sex F) with an episode in the return not under respite care (V3, V4) has no mother status (pers_is_mother "
                + "empty), whatever her age, as the validator has it.",
            check => check.Inputs.ClaReturnPersons.Values
                .Where(p => Is(p.Sex, "F") && p.IsMother is null && ClaReturnEpisodes(check.Inputs).Any(e => e.PersonId == p.PersonId && !Is(LsOf(check.Inputs, e), "V3", "V4")))
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_is_mother", "looked after, no pers_is_mother"))),
        Dfe("903:607", "pers_is_mother, pers_sex, clae_cla_episode_ceased_reason",
            "A girl whose care ended in the census period (an episode ceased with a reason other than X1) has no mother status.",
            check => ClaReturnEpisodes(check.Inputs)
                .Where(e => e.CeasedDate is { } c && check.Inputs.InCensusPeriod(c) && PeriodsOfCare.HasCeasedReason(e) && !Is(e.CeasedReason, "X1")
                    && check.Inputs.ClaReturnPersons.TryGetValue(e.PersonId, out var p) && Is(p.Sex, "F") && p.IsMother is null)
                .DistinctBy(e => e.PersonId)
                .Select(e => check.Flag("ssd_person", e.PersonId, e.PersonId, "pers_is_mother", $"care ended {IsoDay(e.CeasedDate)}, no pers_is_mother"))),
        Dfe("903:INT03", "clae_person_id, pers_person_id",
            "A CLA episode in the return names a child (clae_person_id) with no ssd_person row.",
            check => ClaReturnEpisodes(check.Inputs).Where(e => !check.Inputs.Persons.ContainsKey(e.PersonId))
                .Select(e => check.Flag("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_person_id", "child not in ssd_person"))),
        Dfe("903:INT32", "pers_person_id",
            "More than one ssd_person row has the person id of a child in the return: one finding per id.",
            check => check.Inputs.ClaReturnPersonRows.Duplicated.Select(c => check.Flag("ssd_person", c.Id, c.Id, "pers_person_id", $"{c.Rows} ssd_person rows have this id"))),

        // Care leavers (OC3).
        DfeCodes("903:131", "care_leaver_in_touch", "clea_care_leaver_in_touch", required: true,
            "A care leaver in the OC3 cohort has no in-touch code, or one that is not a code of the DfE's list.",
            i => Oc3Leavers(i).Select(c => new DfeCoded(c.CareLeaverId, c.PersonId, c.InTouch, c.WorkerId, c.TeamId)), ofReturnChildren: false),
        DfeCodes("903:132", "care_leaver_activity", "clea_care_leaver_activity", required: false,
            "A care leaver's activity, when given, is not a code of the DfE's list (a missing one is 903:153's).",
            i => Oc3Leavers(i).Select(c => new DfeCoded(c.CareLeaverId, c.PersonId, c.Activity, c.WorkerId, c.TeamId)), ofReturnChildren: false),
        Dfe("903:133", "clea_care_leaver_accommodation, clea_care_leaver_accom_suitable",
            "A care leaver's accommodation, when given, is not a code of the DfE's list. The SSD keeps the type letter and its "
                + "suitability (1 suitable, 2 unsuitable) apart; the DfE's code is the two together (B and 1: B1), so a letter with a "
                + "suitability other than 1 or 2, or a pair that makes no code (S1), is flagged; a full code (B1) is judged as it is.",
            check => Oc3Leavers(check.Inputs)
                .Where(c => !string.IsNullOrWhiteSpace(c.Accommodation))
                .Select(c => (Leaver: c, Problem: AccommodationProblem(check.Inputs, c)))
                .Where(x => x.Problem is not null)
                .Select(x => check.Flag("ssd_care_leavers", x.Leaver.CareLeaverId, x.Leaver.PersonId, "clea_care_leaver_accommodation", x.Problem!,
                    x.Leaver.WorkerId, x.Leaver.TeamId)), ofReturnChildren: false),
        Dfe("903:153", "clea_care_leaver_in_touch, clea_care_leaver_activity, clea_care_leaver_accommodation",
            "A care leaver in the OC3 cohort has some but not all of in-touch, activity and accommodation.",
            check => Oc3Leavers(check.Inputs)
                .Where(c => new[] { c.InTouch, c.Activity, c.Accommodation }.Count(v => !string.IsNullOrWhiteSpace(v)) is 1 or 2)
                .Select(c => check.Flag("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_in_touch, clea_care_leaver_activity, clea_care_leaver_accommodation",
                    $"in touch {QuoteOrEmpty(c.InTouch)}, activity {QuoteOrEmpty(c.Activity)}, accommodation {QuoteOrEmpty(c.Accommodation)}", c.WorkerId, c.TeamId)), ofReturnChildren: false),
        Dfe("903:344", "clea_care_leaver_in_touch, clea_care_leaver_activity, clea_care_leaver_accommodation",
            "A care leaver who died or returned home (in touch DIED or RHOM) has an activity or accommodation coded other than 0 (an "
                + "empty one is 903:153's).",
            check => Oc3Leavers(check.Inputs)
                .Where(c => Is(c.InTouch, "DIED", "RHOM") && (IsCodedNotZero(c.Activity) || IsCodedNotZero(c.Accommodation)))
                .Select(c => check.Flag("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_activity, clea_care_leaver_accommodation",
                    $"in touch {Quote(c.InTouch!.Trim())} with activity {QuoteOrEmpty(c.Activity)} and accommodation {QuoteOrEmpty(c.Accommodation)}; both should be 0",
                    c.WorkerId, c.TeamId)), ofReturnChildren: false),
        Dfe("903:345", "clea_care_leaver_in_touch, clea_care_leaver_activity, clea_care_leaver_accommodation",
            "A care leaver the council is in touch with (YES) has an activity or accommodation of 0, which the DfE keeps for young "
                + "people who died or returned home.",
            check => Oc3Leavers(check.Inputs)
                .Where(c => Is(c.InTouch, "YES") && (Is(c.Activity, "0") || Is(c.Accommodation, "0")))
                .Select(c => check.Flag("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_activity, clea_care_leaver_accommodation",
                    $"in touch YES with activity {QuoteOrEmpty(c.Activity)} and accommodation {QuoteOrEmpty(c.Accommodation)}", c.WorkerId, c.TeamId)), ofReturnChildren: false),
        Dfe("903:347", "clea_care_leaver_accommodation, pers_dob",
            "A care leaver under 18 at as_at is accommodated in a foyer (accommodation T).",
            check => Oc3Leavers(check.Inputs)
                .Where(c => AccommodationLetter(c.Accommodation) == 'T' && Age(check.Inputs.Persons.GetValueOrDefault(c.PersonId).DateOfBirth, check.AsAt) < 18)
                .Select(c => check.Flag("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_accommodation", "in a foyer (T) under 18", c.WorkerId, c.TeamId)), ofReturnChildren: false),
        Dfe("903:3001", "clea_care_leaver_accommodation, pers_dob",
            "A care leaver whose 17th birthday falls in the collection year is accommodated with former foster carers (accommodation "
                + "Z), which is for those who stay on after 18.",
            check => Oc3Leavers(check.Inputs)
                .Where(c => AccommodationLetter(c.Accommodation) == 'Z' && Age(check.Inputs.Persons.GetValueOrDefault(c.PersonId).DateOfBirth, check.Inputs.ReturnYear.LastDay) == 17)
                .Select(c => check.Flag("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_accommodation", "with former foster carers (Z) around the 17th birthday",
                    c.WorkerId, c.TeamId)), ofReturnChildren: false),
        Dfe("903:1000", "clea_care_leaver_in_touch, clae_cla_episode_ceased_reason",
            "A young person whose last CLA episode ceased with reason E2 (died) has care leaver information.",
            check => Oc3Leavers(check.Inputs).Where(c => HasLeaverData(c) && Is(LastEpisode(check.Inputs, c.PersonId)?.CeasedReason, "E2"))
                .Select(c => check.Flag("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_in_touch", "care ended E2 (died), yet care leaver information is recorded",
                    c.WorkerId, c.TeamId))),
        Dfe("903:1002", "clea_care_leaver_in_touch, clae_person_id",
            "A care leaver in the OC3 cohort with care leaver information has no CLA episode at all in the extract (the DfE's own note: "
                + "this may be a false positive where the care ended before the history the extract holds). Not judged when the episodes' "
                + "coverage is bounded (a set read from statutory returns): a care leaver's care mostly ended before it.",
            check => Oc3Leavers(check.Inputs).Where(c => HasLeaverData(c) && !check.Inputs.ChildrenWithClaEpisodes.Contains(c.PersonId)
                    && check.Inputs.EpisodesFrom is null)
                .Select(c => check.Flag("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clae_person_id", "no CLA episode", c.WorkerId, c.TeamId))),
        Dfe("903:1011", "clea_care_leaver_in_touch, clae_cla_episode_ceased_reason",
            "A young person whose last CLA episode ceased with reason E3 (care transferred to another local authority) has care leaver "
                + "information.",
            check => Oc3Leavers(check.Inputs).Where(c => HasLeaverData(c) && Is(LastEpisode(check.Inputs, c.PersonId)?.CeasedReason, "E3"))
                .Select(c => check.Flag("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_in_touch", "care ended E3 (transferred), yet care leaver information is recorded",
                    c.WorkerId, c.TeamId))),
        Dfe("903:INT06", "clea_person_id, pers_person_id",
            "A care leaver in the OC3 cohort names a young person with no ssd_person row (so no age: judged only by the row itself).",
            check => check.Extract.CareLeavers.Where(c => !check.Inputs.Persons.ContainsKey(c.PersonId))
                .Select(c => check.Flag("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_person_id", "young person not in ssd_person", c.WorkerId, c.TeamId)), ofReturnChildren: false),
        Dfe("903:INT34", "clea_person_id",
            "More than one ssd_care_leavers row names one young person in the OC3 cohort: one finding per young person.",
            check => Oc3Leavers(check.Inputs).GroupBy(c => c.PersonId, StringComparer.Ordinal).Where(g => g.Count() > 1)
                .Select(g => check.Flag("ssd_care_leavers", g.First().CareLeaverId, g.Key, "clea_person_id", $"{g.Count()} ssd_care_leavers rows", key: g.Key)), ofReturnChildren: false),

        // Unaccompanied asylum-seeking children and health.
        Dfe("903:304", "immi_immigration_status, immi_immigration_status_end_date, pers_dob",
            "A child's unaccompanied asylum-seeking status (an ssd_immigration_status row whose status names UASC or unaccompanied) "
                + "ended after their 18th birthday: the date UASC status ceased must be on or before it.",
            check => check.Extract.ImmigrationStatuses
                .Where(s => check.Inputs.ClaReturnChildren.Contains(s.PersonId) && IsUasc(s.Status) && s.EndDate is { } end
                    && check.Inputs.Persons.TryGetValue(s.PersonId, out var p) && p.DateOfBirth is { } dob && end > dob.AddYears(18))
                .Select(s => check.Flag("ssd_immigration_status", s.ImmigrationStatusId, s.PersonId, "immi_immigration_status_end_date",
                    $"UASC status ended {IsoDay(s.EndDate)}, after the 18th birthday {IsoDay(check.Inputs.Persons[s.PersonId].DateOfBirth!.Value.AddYears(18))}"))),
        Dfe("903:406", "immi_immigration_status, clap_cla_placement_distance",
            "A child who is or was an unaccompanied asylum-seeking child (an ssd_immigration_status row naming UASC or unaccompanied) is "
                + "in a placement in the return with a distance from home.",
            check => ClaReturnPlacements(check.Inputs)
                .Where(p => p.DistanceMiles is not null && p.PersonId is not null && UascChildren(check.Inputs).Contains(p.PersonId))
                .Select(p => check.Flag("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_distance", "a distance for a UASC child"))),
        Dfe("903:INT09", "immi_person_id, pers_person_id",
            "An unaccompanied asylum-seeking status row names a child with no ssd_person row.",
            check => check.Extract.ImmigrationStatuses.Where(s => IsUasc(s.Status) && !check.Inputs.Persons.ContainsKey(s.PersonId))
                .Select(s => check.Flag("ssd_immigration_status", s.ImmigrationStatusId, s.PersonId, "immi_person_id", "child not in ssd_person"))),
        Dfe("903:546", "clah_health_check_type, clah_health_check_date, pers_dob",
            "A child aged 5 or over at as_at has a health surveillance check (ssd_cla_health type naming surveillance) dated in the "
                + "census period: the return's health promotion item is for children under 5.",
            check => check.Inputs.ChildRows("DfeClaReturnHealthChecks", check.Extract.ClaHealthChecks, (nameof(ClaHealthCheck.PersonId), h => h.PersonId), check.Inputs.ClaReturnChildren)
                .Where(h => h.CheckType?.Contains("surveillance", StringComparison.OrdinalIgnoreCase) == true
                    && h.CheckDate is { } d && check.Inputs.InCensusPeriod(d) && Age(check.Inputs.Persons.GetValueOrDefault(h.PersonId).DateOfBirth, check.AsAt) >= 5)
                .Select(h => check.Flag("ssd_cla_health", h.HealthCheckId, h.PersonId, "clah_health_check_type",
                    $"health surveillance check {IsoDay(h.CheckDate)} for a child aged {Age(check.Inputs.Persons[h.PersonId].DateOfBirth, check.AsAt)}"))),
    ];

    /// <summary>The CLA episodes in tonight's SSDA903: ceased on or after 1 April, or open (every row, placeable or not).</summary>
    private static ImmutableArray<ClaEpisode> ClaReturnEpisodes(QualityInputs inputs) =>
        inputs.ReturnRows("DfeClaReturnEpisodes", inputs.Extract.ClaEpisodes, (nameof(ClaEpisode.CeasedDate), e => e.CeasedDate));

    /// <summary>
    /// The OC3 cohort of tonight's return: ssd_care_leavers rows of young people whose 17th to 21st birthday falls in the
    /// collection year (their age on its last day is 17 to 21); rows whose young person has no date of birth are left out.
    /// </summary>
    private static ImmutableArray<CareLeaver> Oc3Leavers(QualityInputs inputs) => inputs.Lookup("DfeOc3Leavers", () => inputs.Extract.CareLeavers
        .Where(c => Age(inputs.Persons.GetValueOrDefault(c.PersonId).DateOfBirth, inputs.ReturnYear.LastDay) is >= 17 and <= 21)
        .ToImmutableArray());

    private static bool HasLeaverData(CareLeaver c) =>
        !string.IsNullOrWhiteSpace(c.InTouch) || !string.IsNullOrWhiteSpace(c.Activity) || !string.IsNullOrWhiteSpace(c.Accommodation);

    private static bool IsCodedNotZero(string? value) => !string.IsNullOrWhiteSpace(value) && !Is(value, "0");

    /// <summary>The type letter of an accommodation (B of B, B1 or B2); null when the value is no such code.</summary>
    private static char? AccommodationLetter(string? accommodation) =>
        accommodation?.Trim() is { Length: 1 or 2 } a && char.IsAsciiLetter(a[0]) ? char.ToUpperInvariant(a[0]) : null;

    /// <summary>Why a care leaver's accommodation is not one of the DfE's codes (the letter and suitability together); null when it is.</summary>
    private static string? AccommodationProblem(QualityInputs inputs, CareLeaver c)
    {
        var value = c.Accommodation!.Trim();
        var suitable = c.AccommodationSuitable?.Trim();
        if (value is { Length: 1 } && char.IsAsciiLetter(value[0]) && value != "0")
        {
            return suitable is "1" or "2"
                ? CodeProblem("care_leaver_accommodation", value + suitable, inputs.ReturnStart, null, "clea_care_leaver_accommodation") is null
                    ? null
                    : $"clea_care_leaver_accommodation {Quote(value)} with suitability {suitable} makes {Quote(value + suitable)}, which is not in the DfE's list"
                : $"clea_care_leaver_accommodation {Quote(value)} with clea_care_leaver_accom_suitable {QuoteOrEmpty(suitable)}, not 1 or 2";
        }

        return CodeProblem("care_leaver_accommodation", value, inputs.ReturnStart, null, "clea_care_leaver_accommodation");
    }

    /// <summary>The child's latest-starting CLA episode (of those that can be placed in time), or null.</summary>
    private static ClaEpisode? LastEpisode(QualityInputs inputs, string personId) =>
        inputs.CareByChild.TryGetValue(personId, out var care) ? care.Episodes[^1] : null;

    private static HashSet<string> UascChildren(QualityInputs inputs) => inputs.Lookup("DfeUascChildren", () =>
        inputs.Extract.ImmigrationStatuses.Where(s => IsUasc(s.Status)).Select(s => s.PersonId).ToHashSet(StringComparer.Ordinal));

    /// <summary>Whether an immigration status is the UASC one: its text names UASC or unaccompanied (the SSD's field is free text).</summary>
    private static bool IsUasc(string? status) =>
        status is not null && (status.Contains("UASC", StringComparison.OrdinalIgnoreCase) || status.Contains("unaccompanied", StringComparison.OrdinalIgnoreCase));
}
