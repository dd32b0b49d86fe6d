using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Required values and code sets.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> CodeSetRules() =>
    [
        // Code sets: one rule per coded field. A missing value is not "invalid"; the missing_* rules below
        // cover the values that are required.
        new()
        {
            Code = "invalid_sex",
            Title = "Sex not in the code set",
            Severity = Severity.Error,
            Tables = ["ssd_person"],
            Fields = "pers_sex",
            Description = "A person's sex (pers_sex) is not F, M or U.",
            DfeEquivalent = "CIN 4180; SSDA903 101",
            Find = inputs => NotInSet("invalid_sex", CodeSets.Sex, inputs.Extract.Persons
                .Select(p => new CodedValue("ssd_person", p.PersonId, p.PersonId, "pers_sex", p.Sex))),
        },
        new()
        {
            Code = "invalid_ethnicity",
            Title = "Ethnicity not in the code set",
            Severity = Severity.Error,
            Tables = ["ssd_person"],
            Fields = "pers_ethnicity",
            Description = "A person's ethnicity (pers_ethnicity) is not one of the CIN census codes (WBRI, WIRI, ..., OOTH, REFU, NOBT).",
            DfeEquivalent = "CIN 4220; SSDA903 103",
            Find = inputs => NotInSet("invalid_ethnicity", CodeSets.Ethnicity, inputs.Extract.Persons
                .Select(p => new CodedValue("ssd_person", p.PersonId, p.PersonId, "pers_ethnicity", p.Ethnicity))),
        },
        new()
        {
            Code = "invalid_primary_need",
            Title = "Primary need not in the code set",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes", "ssd_cla_episodes"],
            Fields = "cine_cin_primary_need_code, clae_cla_primary_need_code",
            Description = "A referral's primary need is not N0-N9, or a CLA episode's category of need is not N1-N8.",
            DfeEquivalent = "CIN 8650; SSDA903 145",
            Find = inputs => NotInSet("invalid_primary_need", CodeSets.PrimaryNeed, inputs.Extract.CinEpisodes
                    .Select(r => new CodedValue("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_cin_primary_need_code", r.PrimaryNeedCode, r.WorkerId, r.TeamId)))
                .Concat(NotInSet("invalid_primary_need", CodeSets.ClaPrimaryNeed, inputs.Extract.ClaEpisodes
                    .Select(c => new CodedValue("ssd_cla_episodes", c.EpisodeId, c.PersonId, "clae_cla_primary_need_code", c.PrimaryNeedCode)))),
        },
        new()
        {
            Code = "invalid_closure_reason",
            Title = "CIN closure reason not in the code set",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes"],
            Fields = "cine_close_reason",
            Description = "A CIN episode's reason for closure (cine_close_reason) is not RC1-RC9.",
            DfeEquivalent = "CIN 8640",
            Find = inputs => NotInSet("invalid_closure_reason", CodeSets.CloseReason, inputs.Extract.CinEpisodes
                .Select(r => new CodedValue("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_reason", r.CloseReason, r.WorkerId, r.TeamId))),
        },
        new()
        {
            Code = "invalid_cp_category",
            Title = "CP plan category of abuse not in the code set",
            Severity = Severity.Error,
            Tables = ["ssd_cp_plans"],
            Fields = "cppl_cp_plan_initial_category, cppl_cp_plan_latest_category",
            Description = "A CP plan's initial or latest category of abuse is not Neglect, Physical abuse, Sexual abuse, Emotional abuse or Multiple (with or without the list), compared case-insensitively.",
            DfeEquivalent = "CIN 8905, 8910",
            Find = inputs => inputs.Extract.CpPlans
                .SelectMany(p => new[]
                {
                    new CodedValue("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_initial_category", p.InitialCategory),
                    new CodedValue("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_latest_category", p.LatestCategory),
                })
                .Where(v => !CodeSets.IsValidCpCategory(v.Code))
                .Select(v => v.Invalid("invalid_cp_category")),
        },
        new()
        {
            Code = "invalid_placement_type",
            Title = "Placement type not in the code set",
            Severity = Severity.Error,
            Tables = ["ssd_cla_placement"],
            Fields = "clap_cla_placement_type",
            Description = "A placement's type (clap_cla_placement_type) is not one of the SSDA903 placement codes (A3-A6, H5, K1, K2, P1-P3, R1-R3, R5, S1, T0-T4, U1-U6, Z1).",
            DfeEquivalent = "SSDA903 146",
            Find = inputs => NotInSet("invalid_placement_type", CodeSets.PlacementType, inputs.Extract.ClaPlacements
                .Select(p => new CodedValue("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_type", p.PlacementType))),
        },
        new()
        {
            Code = "invalid_legal_status",
            Title = "Legal status not in the code set",
            Severity = Severity.Error,
            Tables = ["ssd_legal_status"],
            Fields = "lega_legal_status",
            Description = "A legal status (lega_legal_status) is not one of the SSDA903 codes C1, C2, D1, E1, J1, J2, J3, L1, L2, L3, V2, V3, V4.",
            DfeEquivalent = "SSDA903 144",
            Find = inputs => NotInSet("invalid_legal_status", CodeSets.LegalStatus, inputs.Extract.LegalStatuses
                .Select(s => new CodedValue("ssd_legal_status", s.LegalStatusId, s.PersonId, "lega_legal_status", s.Code))),
        },
        new()
        {
            Code = "invalid_in_touch",
            Title = "Care leaver in-touch code not in the code set",
            Severity = Severity.Error,
            Tables = ["ssd_care_leavers"],
            Fields = "clea_care_leaver_in_touch",
            Description = "A care leaver's in-touch status is not YES, NO, DIED, REFU, NREQ or RHOM.",
            DfeEquivalent = "SSDA903 131",
            Find = inputs => NotInSet("invalid_in_touch", CodeSets.CareLeaverInTouch, CareLeaverValues(inputs.Extract, "clea_care_leaver_in_touch", c => c.InTouch)),
        },
        new()
        {
            Code = "invalid_activity",
            Title = "Care leaver activity not in the code set",
            Severity = Severity.Error,
            Tables = ["ssd_care_leavers"],
            Fields = "clea_care_leaver_activity",
            Description = "A care leaver's activity is not one of F1, P1, F2, P2, F4, P4, F5, P5, G4, G5, G6 (F3 and P3 are superseded and need recoding).",
            DfeEquivalent = "SSDA903 132",
            Find = inputs => NotInSet("invalid_activity", CodeSets.CareLeaverActivity, CareLeaverValues(inputs.Extract, "clea_care_leaver_activity", c => c.Activity)),
        },
        new()
        {
            Code = "invalid_accommodation",
            Title = "Care leaver accommodation not in the code set",
            Severity = Severity.Error,
            Tables = ["ssd_care_leavers"],
            Fields = "clea_care_leaver_accommodation",
            Description = "A care leaver's accommodation is not one of B, C, D, E, G, H, K, R, S, T, U, V, W, X, Y, Z.",
            DfeEquivalent = "SSDA903 133",
            Find = inputs => NotInSet("invalid_accommodation", CodeSets.CareLeaverAccommodation, CareLeaverValues(inputs.Extract, "clea_care_leaver_accommodation", c => c.Accommodation)),
        },
        new()
        {
            Code = "invalid_accommodation_suitable",
            Title = "Care leaver accommodation suitability not 1 or 2",
            Severity = Severity.Error,
            Tables = ["ssd_care_leavers"],
            Fields = "clea_care_leaver_accom_suitable",
            Description = "Whether a care leaver's accommodation is suitable is not 1 (suitable) or 2 (unsuitable).",
            DfeEquivalent = "SSDA903 133",
            Find = inputs => NotInSet("invalid_accommodation_suitable", CodeSets.AccommodationSuitable, CareLeaverValues(inputs.Extract, "clea_care_leaver_accom_suitable", c => c.AccommodationSuitable)),
        },

        // Required values.
        new()
        {
            Code = "missing_dob",
            Title = "Child with no date of birth or expected date of birth",
            Severity = Severity.Query,
            Tables = ["ssd_person"],
            Fields = "pers_dob, pers_expected_dob",
            Description = "A person has neither a date of birth (pers_dob) nor, for an unborn child, an expected date of birth (pers_expected_dob): ages, pre-birth checks and age-based indicators cannot be worked out.",
            DfeEquivalent = "CIN 8525Q",
            Find = inputs => inputs.Extract.Persons
                .Where(p => p.DateOfBirth is null && p.ExpectedDateOfBirth is null)
                .Select(p => new DqFinding("ssd_person", p.PersonId, p.PersonId, "pers_dob, pers_expected_dob",
                    "neither pers_dob nor pers_expected_dob recorded", $"missing_dob:{p.PersonId}")),
        },
        new()
        {
            Code = "missing_referral_date",
            Title = "CIN episode with no referral date",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes"],
            Fields = "cine_referral_date",
            Description = "A CIN episode (referral) has no referral date, so it cannot be placed in time or counted.",
            DfeEquivalent = "CIN 8600",
            Find = inputs => inputs.Extract.CinEpisodes
                .Where(r => r.ReferralDate is null)
                .Select(r => new DqFinding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_date",
                    "no cine_referral_date", $"missing_referral_date:{r.ReferralId}", r.WorkerId, r.TeamId)),
        },
        new()
        {
            Code = "missing_primary_need",
            Title = "Referral going on to further action with no primary need",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes"],
            Fields = "cine_cin_primary_need_code, cine_referral_nfa",
            Description = "A referral not flagged as no further action (cine_referral_nfa is not Y) has no primary need code.",
            DfeEquivalent = "CIN 8610",
            Find = inputs => inputs.Extract.CinEpisodes
                .Where(r => r.ReferralNfa != true && r.PrimaryNeedCode is null)
                .Select(r => new DqFinding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_cin_primary_need_code",
                    $"referral {IsoDay(r.ReferralDate)} not flagged NFA has no cine_cin_primary_need_code", $"missing_primary_need:{r.ReferralId}", r.WorkerId, r.TeamId)),
        },
        new()
        {
            Code = "missing_closure_reason",
            Title = "Closed CIN episode with no reason for closure",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes"],
            Fields = "cine_close_reason, cine_close_date",
            Description = "A CIN episode has a closure date but no reason for closure.",
            DfeEquivalent = "CIN 8805",
            Find = inputs => inputs.Extract.CinEpisodes
                .Where(r => r.CloseDate is not null && r.CloseReason is null)
                .Select(r => new DqFinding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_reason",
                    $"closed {IsoDay(r.CloseDate)} with no cine_close_reason", $"missing_closure_reason:{r.ReferralId}", r.WorkerId, r.TeamId)),
        },
        new()
        {
            Code = "missing_closure_date",
            Title = "Reason for closure on a CIN episode with no closure date",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes"],
            Fields = "cine_close_date, cine_close_reason",
            Description = "A CIN episode has a reason for closure but no closure date: it counts as open although it was meant to be closed.",
            DfeEquivalent = "CIN 8810",
            Find = inputs => inputs.Extract.CinEpisodes
                .Where(r => r.CloseReason is not null && r.CloseDate is null)
                .Select(r => new DqFinding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date",
                    $"cine_close_reason {Quote(r.CloseReason!)} with no cine_close_date", $"missing_closure_date:{r.ReferralId}", r.WorkerId, r.TeamId)),
        },
        new()
        {
            Code = "missing_cp_plan_start",
            Title = "CP plan with no start date",
            Severity = Severity.Error,
            Tables = ["ssd_cp_plans"],
            Fields = "cppl_cp_plan_start_date",
            Description = "A child protection plan has no start date, so it cannot be counted as starting or open.",
            DfeEquivalent = "CIN 8720",
            Find = inputs => inputs.Extract.CpPlans
                .Where(p => p.StartDate is null)
                .Select(p => new DqFinding("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_start_date",
                    "no cppl_cp_plan_start_date", $"missing_cp_plan_start:{p.PlanId}")),
        },
        new()
        {
            Code = "missing_cla_start",
            Title = "CLA episode with no start date",
            Severity = Severity.Error,
            Tables = ["ssd_cla_episodes"],
            Fields = "clae_cla_episode_start_date",
            Description = "A CLA episode has no start date: it is left out of periods of care, so the child may be missing from looked-after counts.",
            DfeEquivalent = "SSDA903 141",
            Find = inputs => inputs.Extract.ClaEpisodes
                .Where(c => c.StartDate is null)
                .Select(c => new DqFinding("ssd_cla_episodes", c.EpisodeId, c.PersonId, "clae_cla_episode_start_date",
                    "no clae_cla_episode_start_date", $"missing_cla_start:{c.EpisodeId}")),
        },
        new()
        {
            Code = "missing_placement_type",
            Title = "Placement with no placement type",
            Severity = Severity.Error,
            Tables = ["ssd_cla_placement"],
            Fields = "clap_cla_placement_type",
            Description = "A CLA placement has no placement type.",
            DfeEquivalent = "SSDA903 146",
            Find = inputs => inputs.Extract.ClaPlacements
                .Where(p => p.PlacementType is null)
                .Select(p => new DqFinding("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_type",
                    $"placement from {IsoDay(p.StartDate)} has no clap_cla_placement_type", $"missing_placement_type:{p.PlacementId}")),
        },
    ];

    // A code is echoed only when it looks like one: a mistyped field could hold free text (even a name).
    private static string Quote(string code) =>
        code.Length <= 8 && code.All(char.IsAsciiLetterOrDigit) ? $"'{code}'" : "(value withheld: not code-like)";

    /// <summary>A date as it appears in messages; a missing one reads as "(no date)".</summary>
    private static string IsoDay(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "(no date)";

    /// <summary>One coded value of one record, with what a finding about it needs.</summary>
    private sealed record CodedValue(string Table, string RecordId, string? PersonId, string Field, string? Code, string? WorkerId = null, string? TeamId = null)
    {
        // In a table holding names only a value's shape is echoed: a relabelled header can put a short surname under a code column.
        public DqFinding Invalid(string rule) => new(Table, RecordId, PersonId, Field,
            $"{Field} {(Ingest.SsdTables.Find(Table)?.HoldsNames == true ? $"({Ingest.QuarantineValue.Shape(Code)})" : Quote(Code!))} is not in the code set",
            $"{rule}:{Table}:{RecordId}:{Field}", WorkerId, TeamId);
    }

    private static IEnumerable<DqFinding> NotInSet(string rule, FrozenSet<string> set, IEnumerable<CodedValue> values) =>
        values.Where(v => !CodeSets.IsValid(set, v.Code)).Select(v => v.Invalid(rule));

    private static IEnumerable<CodedValue> CareLeaverValues(ExtractSet e, string field, Func<CareLeaver, string?> value) =>
        e.CareLeavers.Select(c => new CodedValue("ssd_care_leavers", c.CareLeaverId, c.PersonId, field, value(c), c.WorkerId, c.TeamId));
}
