using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Reference;

namespace Pipeline.Quality;

// Required values and code sets. Every coded field is judged against the DfE's code lists (Reference/DfeCodeLists) in
// the collection year of the record's relevant date, through one table of coded fields (CodedFields below): each
// invalid_* rule reports the values that are no code of its list in any year, code_not_in_year the codes used outside
// their years, and code_alias the SSD spellings the DfE's validators would reject.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> CodeSetRules() =>
    [
        // Code sets: one rule per coded field, reading the DfE list of the record's collection year. A missing value is
        // not "invalid"; the missing_* rules below cover the values that are required.
        InvalidCodeRule("invalid_sex", "Sex not in the code set", "a person's sex (pers_sex)", "CIN 4180; SSDA903 101"),
        InvalidCodeRule("invalid_ethnicity", "Ethnicity not in the code set", "a person's ethnicity (pers_ethnicity)", "CIN 4220; SSDA903 103"),
        InvalidCodeRule("invalid_primary_need", "Primary need not in the code set",
            "a referral's primary need (cine_cin_primary_need_code, CIN census list) or a CLA episode's category of need (clae_cla_primary_need_code, SSDA903 list)",
            "CIN 8650; SSDA903 145"),
        InvalidCodeRule("invalid_closure_reason", "CIN closure reason not in the code set", "a CIN episode's reason for closure (cine_close_reason)", "CIN 8640"),
        InvalidCodeRule("invalid_referral_source", "Referral source not in the code set", "a referral's source (cine_referral_source_code)", "CIN 8866"),
        InvalidCodeRule("invalid_cp_category", "CP plan category of abuse not in the code set",
            "a CP plan's initial or latest category of abuse (cppl_cp_plan_initial_category, cppl_cp_plan_latest_category)", "CIN 8905, 8910"),
        InvalidCodeRule("invalid_placement_type", "Placement type not in the code set", "a placement's type (clap_cla_placement_type)", "SSDA903 146"),
        InvalidCodeRule("invalid_placement_provider", "Placement provider not in the code set", "a placement's provider (clap_cla_placement_provider)", "SSDA903 178"),
        InvalidCodeRule("invalid_placement_change_reason", "Reason for placement change not in the code set",
            "a placement's reason for change (clap_cla_placement_change_reason)", "SSDA903 1009"),
        InvalidCodeRule("invalid_legal_status", "Legal status not in the code set", "a legal status (lega_legal_status)", "SSDA903 144"),
        InvalidCodeRule("invalid_start_reason", "Reason for new CLA episode not in the code set",
            "a CLA episode's reason for new episode (clae_cla_episode_start_reason)", "SSDA903 143"),
        InvalidCodeRule("invalid_ceased_reason", "Reason CLA episode ceased not in the code set",
            "a CLA episode's reason for ceasing (clae_cla_episode_ceased_reason)", "SSDA903 149"),
        InvalidCodeRule("invalid_review_participation", "CLA review participation not in the code set",
            "a CLA review's participation code (clar_cla_review_participation)", "SSDA903 167"),
        InvalidCodeRule("invalid_missing_type", "Missing episode type not in the code set",
            "a missing episode's type (miss_missing_episode_type)", "SSDA903 1006",
            "The SSD's words count as the codes: a value starting with Missing (M) or Absent (A), in any case."),
        InvalidCodeRule("invalid_upn_unknown", "UPN-unknown reason not in the code set", "a person's reason for having no UPN (pers_upn_unknown)", "SSDA903 168; CIN 8770Q"),
        InvalidCodeRule("invalid_in_touch", "Care leaver in-touch code not in the code set", "a care leaver's in-touch status (clea_care_leaver_in_touch)", "SSDA903 131"),
        InvalidCodeRule("invalid_activity", "Care leaver activity not in the code set", "a care leaver's activity (clea_care_leaver_activity)", "SSDA903 132"),
        InvalidCodeRule("invalid_accommodation", "Care leaver accommodation not in the code set",
            "a care leaver's accommodation (clea_care_leaver_accommodation)", "SSDA903 133",
            "The SSD's type letter counts as the DfE's codes for it; with clea_care_leaver_accom_suitable 1 or 2 it must make one of "
                + "them (S and X exist only as unsuitable: S2, X2)."),
        new()
        {
            Code = "invalid_accommodation_suitable",
            Title = "Care leaver accommodation suitability not 1 or 2",
            Severity = Severity.Error,
            Tables = ["ssd_care_leavers"],
            Fields = "clea_care_leaver_accom_suitable",
            Description = "Whether a care leaver's accommodation is suitable is not 1 (suitable) or 2 (unsuitable): the SSD's own field (the DfE folds it into the accommodation code).",
            DfeEquivalent = "SSDA903 133",
            Find = inputs => inputs.Extract.CareLeavers
                .Where(c => c.AccommodationSuitable is { } s && s.Trim() is not ("1" or "2"))
                .Select(c => new CodedValue("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_accom_suitable", c.AccommodationSuitable, null, "as_at", c.WorkerId, c.TeamId)
                    .Finding("invalid_accommodation_suitable", $"clea_care_leaver_accom_suitable {Quote(c.AccommodationSuitable!)} is not 1 or 2")),
        },
        new()
        {
            Code = "code_not_in_year",
            Title = "DfE code used outside the collection years it is valid in",
            Severity = Severity.Warning,
            Tables = [.. CodedFields.Select(f => f.Table).Distinct()],
            Fields = string.Join(", ", CodedFields.Select(f => f.Field).Distinct()),
            Description = "A coded field holds a DfE code that is not valid in the collection year (1 April to 31 March) of the record's relevant "
                + "date: retired before that year (e.g. placement types H5, P2 and Z1 after 2024-25, sex 1 and 2 after 2023-24) or not yet "
                + "introduced (K3 from 2024-25, Z11-Z14 from 2025-26). The relevant date is the one the code describes: a placement's last day in "
                + "force (its end date, or as_at while open), an episode's or legal status's start, a closure's date, a referral's date; a "
                + "person's and a care leaver's current codes are judged at as_at. The message names the year the code was last (or first) valid.",
            Find = inputs => CodeVerdicts(inputs)
                .Where(x => x.Check.Status is CodeStatus.Retired or CodeStatus.NotYetValid)
                .Select(x => x.Value.Finding("code_not_in_year", OutOfYearMessage(x.Value, x.Check, inputs.AsAt))),
        },
        new()
        {
            Code = "code_alias",
            Title = "Code written in a known misspelling",
            Severity = Severity.Warning,
            Tables = [.. CodedFields.Select(f => f.Table).Distinct()],
            Fields = string.Join(", ", CodedFields.Select(f => f.Field).Distinct()),
            Description = "A coded field holds a known misspelling of a DfE code, accepted by the pipeline but rejected by the DfE's "
                + "validators: the SSD guidance's CNHE for CHNE (Chinese). Recode it before the return is made.",
            Find = inputs => CodeVerdicts(inputs)
                .Where(x => x.Check.Spelling?.Warning is not null)
                .Select(x => x.Value.Finding("code_alias",
                    $"{x.Value.Field} {Quote(x.Value.Code!)} is {x.Check.Spelling!.Warning}: write "
                        + string.Join(" or ", x.Check.Codes.Select(c => $"{c.Code} ({c.Description})")))),
        },
        new()
        {
            Code = "leaving_care_zero_required",
            Title = "Care leaver who died or returned home without activity and accommodation 0",
            Severity = Severity.Error,
            Tables = ["ssd_care_leavers"],
            Fields = "clea_care_leaver_in_touch, clea_care_leaver_activity, clea_care_leaver_accommodation",
            Description = "A care leaver whose in-touch code is DIED or RHOM (returned home) has an activity or accommodation other than 0: the DfE "
                + "requires both to be 0 (\"not provided\") then, and an empty value is not 0.",
            DfeEquivalent = "SSDA903 344",
            Find = inputs => inputs.Extract.CareLeavers
                .Where(c => IsAnyCode(c.InTouch, "DIED", "RHOM") && !(IsAnyCode(c.Activity, "0") && IsAnyCode(c.Accommodation, "0")))
                .Select(c => new DqFinding("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_activity, clea_care_leaver_accommodation",
                    $"in touch {Quote(c.InTouch!)} with activity {QuoteOrEmpty(c.Activity)} and accommodation {QuoteOrEmpty(c.Accommodation)}; both should be 0",
                    $"leaving_care_zero_required:{c.CareLeaverId}", c.WorkerId, c.TeamId)),
        },
        new()
        {
            Code = "leaving_care_zero_not_allowed",
            Title = "Care leaver in touch with activity or accommodation 0",
            Severity = Severity.Error,
            Tables = ["ssd_care_leavers"],
            Fields = "clea_care_leaver_in_touch, clea_care_leaver_activity, clea_care_leaver_accommodation",
            Description = "A care leaver whose in-touch code is YES has an activity or accommodation of 0, which the DfE keeps for young people "
                + "who died or returned home.",
            DfeEquivalent = "SSDA903 345",
            Find = inputs => inputs.Extract.CareLeavers
                .Where(c => IsAnyCode(c.InTouch, "YES") && (IsAnyCode(c.Activity, "0") || IsAnyCode(c.Accommodation, "0")))
                .Select(c => new DqFinding("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_activity, clea_care_leaver_accommodation",
                    $"in touch YES with activity {QuoteOrEmpty(c.Activity)} and accommodation {QuoteOrEmpty(c.Accommodation)}",
                    $"leaving_care_zero_not_allowed:{c.CareLeaverId}", c.WorkerId, c.TeamId)),
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

    private static string QuoteOrEmpty(string? code) => code is null ? "(empty)" : Quote(code.Trim());

    /// <summary>A date as it appears in messages; a missing one reads as "(no date)".</summary>
    private static string IsoDay(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "(no date)";

    private static bool IsAnyCode(string? value, params string[] codes) =>
        value is not null && codes.Any(c => c.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// One coded value of one record, with what a finding about it needs and the date its code is judged by
    /// (<paramref name="DateField"/> names it; a null date is judged at as_at).
    /// </summary>
    private sealed record CodedValue(string Table, string RecordId, string? PersonId, string Field, string? Code, DateOnly? Date, string DateField,
        string? WorkerId = null, string? TeamId = null)
    {
        /// <summary>The invalid_* rule, list (and return, when one is named) the value is judged by; set by the coded field that read it.</summary>
        public string Rule { get; init; } = "";

        public string List { get; init; } = "";

        public string? Return { get; init; }

        /// <summary>For an accommodation type letter with a suitability: the DfE code the two make (S and 1: S1, which is no code).</summary>
        public string? Combined { get; init; }

        public CodeCheck Check(DateOnly asAt) => DfeCodeLists.Default.Check(List, Combined ?? Code!, Date ?? asAt, Return);

        public DqFinding Finding(string rule, string message) => new(Table, RecordId, PersonId, Field, message, $"{rule}:{Table}:{RecordId}:{Field}", WorkerId, TeamId);

        /// <summary>
        /// A value that is no code, as a message shows it: quoted when code-like, and in a table holding names only as its shape,
        /// whatever the column (a relabelled header can put a short surname under a code column).
        /// </summary>
        public string Echo(string? value) => Ingest.SsdTables.Find(Table)?.HoldsNames == true ? $"({Ingest.QuarantineValue.Shape(value)})" : Quote(value ?? "");
    }

    /// <summary>What a coded field reads of one record: its id, child, value, relevant date and who holds it.</summary>
    private readonly record struct CodedRow(string RecordId, string? PersonId, string? Code, DateOnly? Date, string? WorkerId = null, string? TeamId = null)
    {
        /// <summary>See <see cref="CodedValue.Combined"/>.</summary>
        public string? Combined { get; init; }
    }

    /// <summary>
    /// One coded field: the invalid_* rule that judges it, the DfE list (and return, when one is named: a CLA episode's need is the
    /// SSDA903's N1-N8), the date field its code is judged by, and every record's value.
    /// </summary>
    private sealed record CodedField(string Rule, string List, string Table, string Field, string DateField, Func<ExtractSet, IEnumerable<CodedRow>> Read,
        string? Return = null)
    {
        public IEnumerable<CodedValue> Values(ExtractSet e) => Read(e).Select(r =>
            new CodedValue(Table, r.RecordId, r.PersonId, Field, r.Code, r.Date, DateField, r.WorkerId, r.TeamId) { Rule = Rule, List = List, Return = Return, Combined = r.Combined });
    }

    /// <summary>Every coded field the code-set rules judge.</summary>
    private static ImmutableArray<CodedField> CodedFields => CodedFieldTable.All;

    // A nested class, so the table is built on first use whatever order the partial files' static fields run in.
    // The relevant date of each field is the date its code describes (see code_not_in_year); none: as_at.
    private static class CodedFieldTable
    {
        private const string AsAt = "as_at";
        private const string LastDayInForceField = "the placement's last day in force";

        public static readonly ImmutableArray<CodedField> All =
        [
            new("invalid_sex", "sex", "ssd_person", "pers_sex", AsAt, e => e.Persons.Select(p => new CodedRow(p.PersonId, p.PersonId, p.Sex, null))),
            new("invalid_ethnicity", "ethnicity", "ssd_person", "pers_ethnicity", AsAt,
                e => e.Persons.Select(p => new CodedRow(p.PersonId, p.PersonId, p.Ethnicity, null))),
            new("invalid_upn_unknown", "upn_unknown", "ssd_person", "pers_upn_unknown", AsAt,
                e => e.Persons.Select(p => new CodedRow(p.PersonId, p.PersonId, p.UpnUnknown, null))),
            new("invalid_primary_need", "primary_need", "ssd_cin_episodes", "cine_cin_primary_need_code", "cine_referral_date",
                e => e.CinEpisodes.Select(r => new CodedRow(r.ReferralId, r.PersonId, r.PrimaryNeedCode, r.ReferralDate, r.WorkerId, r.TeamId)), "CIN"),
            new("invalid_primary_need", "primary_need", "ssd_cla_episodes", "clae_cla_primary_need_code", "clae_cla_episode_start_date",
                e => e.ClaEpisodes.Select(c => new CodedRow(c.EpisodeId, c.PersonId, c.PrimaryNeedCode, c.StartDate)), "903"),
            new("invalid_referral_source", "referral_source", "ssd_cin_episodes", "cine_referral_source_code", "cine_referral_date",
                e => e.CinEpisodes.Select(r => new CodedRow(r.ReferralId, r.PersonId, r.ReferralSourceCode, r.ReferralDate, r.WorkerId, r.TeamId))),
            new("invalid_closure_reason", "cin_closure_reason", "ssd_cin_episodes", "cine_close_reason", "cine_close_date",
                e => e.CinEpisodes.Select(r => new CodedRow(r.ReferralId, r.PersonId, r.CloseReason, r.CloseDate, r.WorkerId, r.TeamId))),
            new("invalid_cp_category", "cp_category_of_abuse", "ssd_cp_plans", "cppl_cp_plan_initial_category", "cppl_cp_plan_start_date",
                e => e.CpPlans.Select(p => new CodedRow(p.PlanId, p.PersonId, p.InitialCategory, p.StartDate))),
            new("invalid_cp_category", "cp_category_of_abuse", "ssd_cp_plans", "cppl_cp_plan_latest_category", "cppl_cp_plan_end_date",
                e => e.CpPlans.Select(p => new CodedRow(p.PlanId, p.PersonId, p.LatestCategory, p.EndDate))),
            new("invalid_placement_type", "placement_type", "ssd_cla_placement", "clap_cla_placement_type", LastDayInForceField,
                e => e.ClaPlacements.Select(p => new CodedRow(p.PlacementId, p.PersonId, p.PlacementType, LastDayInForce(p, e.AsAt)))),
            new("invalid_placement_provider", "placement_provider", "ssd_cla_placement", "clap_cla_placement_provider", LastDayInForceField,
                e => e.ClaPlacements.Select(p => new CodedRow(p.PlacementId, p.PersonId, p.Provider, LastDayInForce(p, e.AsAt)))),
            new("invalid_placement_change_reason", "reason_place_change", "ssd_cla_placement", "clap_cla_placement_change_reason", "clap_cla_placement_end_date",
                e => e.ClaPlacements.Select(p => new CodedRow(p.PlacementId, p.PersonId, p.ChangeReason, p.EndDate))),
            new("invalid_legal_status", "legal_status", "ssd_legal_status", "lega_legal_status", "lega_legal_status_start_date",
                e => e.LegalStatuses.Select(s => new CodedRow(s.LegalStatusId, s.PersonId, s.Code, s.StartDate))),
            new("invalid_start_reason", "reason_new_episode", "ssd_cla_episodes", "clae_cla_episode_start_reason", "clae_cla_episode_start_date",
                e => e.ClaEpisodes.Select(c => new CodedRow(c.EpisodeId, c.PersonId, c.StartReason, c.StartDate))),
            new("invalid_ceased_reason", "reason_episode_ceased", "ssd_cla_episodes", "clae_cla_episode_ceased_reason", "clae_cla_episode_ceased_date",
                e => e.ClaEpisodes.Select(c => new CodedRow(c.EpisodeId, c.PersonId, c.CeasedReason, c.CeasedDate ?? c.StartDate))),
            new("invalid_review_participation", "review_participation", "ssd_cla_reviews", "clar_cla_review_participation", "clar_cla_review_date",
                e => e.ClaReviews.Select(r => new CodedRow(r.ReviewId, null, r.Participation, r.ReviewDate))),
            new("invalid_missing_type", "missing_type", "ssd_missing", "miss_missing_episode_type", "miss_missing_episode_start_date",
                e => e.MissingEpisodes.Select(m => new CodedRow(m.MissingId, m.PersonId, m.EpisodeType, m.StartDate))),
            new("invalid_in_touch", "care_leaver_in_touch", "ssd_care_leavers", "clea_care_leaver_in_touch", AsAt,
                e => e.CareLeavers.Select(c => new CodedRow(c.CareLeaverId, c.PersonId, c.InTouch, null, c.WorkerId, c.TeamId))),
            new("invalid_activity", "care_leaver_activity", "ssd_care_leavers", "clea_care_leaver_activity", AsAt,
                e => e.CareLeavers.Select(c => new CodedRow(c.CareLeaverId, c.PersonId, c.Activity, null, c.WorkerId, c.TeamId))),
            new("invalid_accommodation", "care_leaver_accommodation", "ssd_care_leavers", "clea_care_leaver_accommodation", AsAt,
                e => e.CareLeavers.Select(c => new CodedRow(c.CareLeaverId, c.PersonId, c.Accommodation, null, c.WorkerId, c.TeamId)
                {
                    Combined = AccommodationWithSuitability(c.Accommodation, c.AccommodationSuitable),
                })),
        ];
    }

    /// <summary>
    /// The SSD keeps the accommodation type letter and its suitability apart; the DfE's code is the two together (B and 1:
    /// B1). Null when the value is not a lone letter or the suitability is not 1 or 2: then the value is judged as it is.
    /// </summary>
    private static string? AccommodationWithSuitability(string? accommodation, string? suitable)
    {
        var letter = accommodation?.Trim();
        var digit = suitable?.Trim();
        return letter is { Length: 1 } && char.IsAsciiLetter(letter[0]) && digit is "1" or "2" ? letter + digit : null;
    }

    /// <summary>A placement's last day in force up to as_at: its end date, or as_at while it is open (or ends later).</summary>
    private static DateOnly? LastDayInForce(ClaPlacement p, DateOnly asAt) => p.EndDate is { } end && end <= asAt ? end : asAt;

    private static QualityRule InvalidCodeRule(string code, string title, string what, string dfeRule, string? note = null)
    {
        var fields = CodedFields.Where(f => f.Rule == code).ToList();
        var lists = string.Join("; ", fields.Select(f => (f.List, f.Return)).Distinct().Select(l => ListText(l.List, l.Return)));
        return new()
        {
            Code = code,
            Title = title,
            Severity = Severity.Error,
            Tables = [.. fields.Select(f => f.Table).Distinct()],
            Fields = string.Join(", ", fields.Select(f => f.Field)),
            Description = $"The value of {what} is neither a code of the DfE's list in any collection year nor an SSD spelling of one (codes compare "
                + $"case-insensitively after trimming; a code valid only in other years is code_not_in_year). {(note is null ? "" : note + " ")}"
                + $"As valid from {DfeCodeLists.Default.NewestYear}: {lists}.",
            DfeEquivalent = dfeRule,
            Find = inputs => CodeVerdicts(inputs)
                .Where(x => x.Value.Rule == code && x.Check.Status == CodeStatus.Unknown)
                .Select(x => x.Value)
                .Select(v => v.Finding(code, v.Combined is null
                    ? $"{v.Field} {v.Echo(v.Code)} is not in the DfE's {v.List} list"
                    : $"{v.Field} {v.Echo(v.Code)} with suitability {v.Combined[^1]} makes {v.Echo(v.Combined)}, which is not in the DfE's {v.List} list")),
        };
    }

    /// <summary>
    /// Every coded value of the extract that some code-set rule reports (not a code valid in its year, or an SSD spelling
    /// with a warning), with its verdict: one pass over each coded field, shared by every rule of the family.
    /// </summary>
    private static ImmutableArray<(CodedValue Value, CodeCheck Check)> CodeVerdicts(QualityInputs inputs) =>
        inputs.Lookup("CodeVerdicts", () => CodedFields.SelectMany(f => f.Values(inputs.Extract))
            .Where(v => v.Code is not null)
            .Select(v => (Value: v, Check: v.Check(inputs.AsAt)))
            .Where(x => x.Check.Status != CodeStatus.Valid && !(x.Check.Status == CodeStatus.SsdSpelling && x.Check.Spelling!.Warning is null))
            .ToImmutableArray());

    /// <summary>A list as valid in the newest collection year the lists know, with the SSD's own spellings of its codes.</summary>
    private static string ListText(string list, string? returnName)
    {
        var lists = DfeCodeLists.Default;
        var codes = string.Join(", ", lists.CodesValidIn(list, lists.NewestYear, returnName));
        var spellings = lists.Spellings(list).Where(s => s.Warning is null && !lists.IsValid(list, s.Value, lists.NewestYear)).Select(s => s.Value).ToList();
        return $"{list}{(returnName is null ? "" : $" ({returnName})")}: {codes}" + (spellings.Count == 0 ? "" : $"; SSD spellings {string.Join(", ", spellings)}");
    }

    private static string OutOfYearMessage(CodedValue v, CodeCheck check, DateOnly asAt)
    {
        var description = check.Description is { } d ? $" ({d})" : "";
        var when = check.Status == CodeStatus.Retired ? $"was last valid in {check.Boundary}" : $"is valid only from {check.Boundary}";
        var date = v.Date ?? asAt;
        return $"{v.Field} {Quote(v.Code!.Trim())}{description} {when}; the record is judged in {check.Year} ({v.DateField} {IsoDay(date)})";
    }
}
