namespace Pipeline.Synthetic;

/// <summary>How a table writes its dates: the sample deliberately uses each of the contract's date forms.</summary>
internal enum DateStyle
{
    Iso,
    SqlServer,
    UkSlashed,
}

/// <summary>The tables the generator writes, in manifest order.</summary>
internal enum Table
{
    Person,
    CinEpisodes,
    Contacts,
    CinAssessments,
    S47Enquiry,
    InitialCpConference,
    CpPlans,
    CpVisits,
    CpReviews,
    CinPlans,
    CinVisits,
    ClaEpisodes,
    ClaPlacement,
    LegalStatus,
    ClaReviews,
    ClaVisits,
    ClaHealth,
    ClaCarePlan,
    Missing,
    CareLeavers,
    Professionals,
    Involvements,
    Department,
    Disability,
    ImmigrationStatus,
    Permanence,

    // The local extension tables (not SSD): after the SSD tables, so adding them moved no SSD table's position.
    FrontDoorDecisions,
    Supervisions,
}

/// <summary>One SSD table: name, columns in the order of the SSD specification, id prefix and date form.</summary>
internal sealed record TableSpec(Table Table, string Name, string IdPrefix, DateStyle Dates, string[] Columns)
{
    /// <summary>A local extension table (<c>ext_</c>): not part of the SSD, so it sizes none of the SSD tables' defects.</summary>
    public bool IsExtension => Name.StartsWith("ext_", StringComparison.Ordinal);

    public int ColumnIndex(string column)
    {
        var i = Array.IndexOf(Columns, column);
        return i >= 0 ? i : throw new ArgumentException($"{Name} has no column {column}", nameof(column));
    }
}

/// <summary>
/// Column lists copied from the SSD v1.4.5 object specification (reference/ssd_fields.csv): every column of
/// each table, in the specification's order, so the header is what a council's SSD export would produce; then the two
/// local extension tables of the extract contract.
/// </summary>
internal static class Schema
{
    public static readonly TableSpec[] Tables =
    [
        new(Table.Person, "ssd_person", "P", DateStyle.Iso,
        [
            "pers_person_id", "pers_forename", "pers_surname", "pers_sex", "pers_gender", "pers_ethnicity", "pers_dob",
            "pers_common_child_id", "pers_legacy_id", "pers_upn_unknown", "pers_send_flag", "pers_expected_dob",
            "pers_death_date", "pers_is_mother", "pers_nationality",
        ]),
        new(Table.CinEpisodes, "ssd_cin_episodes", "R", DateStyle.SqlServer,
        [
            "cine_referral_id", "cine_person_id", "cine_referral_date", "cine_cin_primary_need_code",
            "cine_referral_source_code", "cine_referral_source_desc", "cine_referral_outcome_json", "cine_referral_nfa",
            "cine_close_reason", "cine_close_date", "cine_referral_team", "cine_referral_worker_id",
        ]),
        new(Table.Contacts, "ssd_contacts", "CT", DateStyle.SqlServer,
        [
            "cont_contact_id", "cont_person_id", "cont_contact_date", "cont_contact_source_code",
            "cont_contact_source_desc", "cont_contact_outcome_json",
        ]),
        new(Table.CinAssessments, "ssd_cin_assessments", "AS", DateStyle.Iso,
        [
            "cina_assessment_id", "cina_person_id", "cina_referral_id", "cina_assessment_start_date",
            "cina_assessment_child_seen", "cina_assessment_auth_date", "cina_assessment_outcome_json",
            "cina_assessment_outcome_nfa", "cina_assessment_team", "cina_assessment_worker_id",
        ]),
        new(Table.S47Enquiry, "ssd_s47_enquiry", "SE", DateStyle.Iso,
        [
            "s47e_s47_enquiry_id", "s47e_referral_id", "s47e_person_id", "s47e_s47_start_date", "s47e_s47_end_date",
            "s47e_s47_nfa", "s47e_s47_outcome_json", "s47e_s47_completed_by_worker_id", "s47e_s47_completed_by_team",
        ]),
        new(Table.InitialCpConference, "ssd_initial_cp_conference", "IC", DateStyle.Iso,
        [
            "icpc_icpc_id", "icpc_icpc_meeting_id", "icpc_s47_enquiry_id", "icpc_person_id", "icpc_cp_plan_id",
            "icpc_referral_id", "icpc_icpc_transfer_in", "icpc_icpc_target_date", "icpc_icpc_date",
            "icpc_icpc_outcome_cp_flag", "icpc_icpc_outcome_json", "icpc_icpc_team", "icpc_icpc_worker_id",
        ]),
        new(Table.CpPlans, "ssd_cp_plans", "CP", DateStyle.Iso,
        [
            "cppl_cp_plan_id", "cppl_referral_id", "cppl_icpc_id", "cppl_person_id", "cppl_cp_plan_start_date",
            "cppl_cp_plan_end_date", "cppl_cp_plan_initial_category", "cppl_cp_plan_ola", "cppl_cp_plan_latest_category",
        ]),
        new(Table.CpVisits, "ssd_cp_visits", "CV", DateStyle.Iso,
        [
            "cppv_cp_visit_id", "cppv_person_id", "cppv_cp_plan_id", "cppv_cp_visit_date", "cppv_cp_visit_seen",
            "cppv_cp_visit_seen_alone", "cppv_cp_visit_bedroom",
        ]),
        new(Table.CpReviews, "ssd_cp_reviews", "CR", DateStyle.Iso,
        [
            "cppr_cp_review_id", "cppr_person_id", "cppr_cp_plan_id", "cppr_cp_review_due", "cppr_cp_review_date",
            "cppr_cp_review_meeting_id", "cppr_cp_review_outcome_continue_cp", "cppr_cp_review_quorate",
            "cppr_cp_review_participation",
        ]),
        new(Table.CinPlans, "ssd_cin_plans", "CN", DateStyle.Iso,
        [
            "cinp_cin_plan_id", "cinp_referral_id", "cinp_person_id", "cinp_cin_plan_start_date",
            "cinp_cin_plan_end_date", "cinp_cin_plan_team", "cinp_cin_plan_worker_id",
        ]),
        new(Table.CinVisits, "ssd_cin_visits", "NV", DateStyle.Iso,
        [
            "cinv_cin_visit_id", "cinv_person_id", "cinv_cin_visit_date", "cinv_cin_visit_seen",
            "cinv_cin_visit_seen_alone", "cinv_cin_visit_bedroom",
        ]),
        new(Table.ClaEpisodes, "ssd_cla_episodes", "CE", DateStyle.Iso,
        [
            "clae_cla_episode_id", "clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_start_reason",
            "clae_cla_primary_need_code", "clae_cla_episode_ceased_date", "clae_cla_episode_ceased_reason", "clae_cla_id",
            "clae_referral_id", "clae_cla_placement_id", "clae_entered_care_date", "clae_cla_last_iro_contact_date",
        ]),
        new(Table.ClaPlacement, "ssd_cla_placement", "PL", DateStyle.Iso,
        [
            "clap_cla_placement_id", "clap_cla_placement_start_date", "clap_cla_placement_type",
            "clap_cla_placement_urn", "clap_cla_placement_distance", "clap_cla_id", "clap_cla_placement_provider",
            "clap_cla_placement_postcode", "clap_cla_placement_end_date", "clap_cla_placement_change_reason",
            "clap_person_id",
        ]),
        new(Table.LegalStatus, "ssd_legal_status", "LS", DateStyle.Iso,
        [
            "lega_legal_status_id", "lega_person_id", "lega_legal_status", "lega_legal_status_start_date",
            "lega_legal_status_end_date",
        ]),
        new(Table.ClaReviews, "ssd_cla_reviews", "LR", DateStyle.Iso,
        [
            "clar_cla_review_id", "clar_cla_id", "clar_cla_review_due_date", "clar_cla_review_date",
            "clar_cla_review_cancelled", "clar_cla_review_participation",
        ]),
        new(Table.ClaVisits, "ssd_cla_visits", "LV", DateStyle.Iso,
        [
            "clav_cla_visit_id", "clav_cla_id", "clav_person_id", "clav_cla_visit_date", "clav_cla_visit_seen",
            "clav_cla_visit_seen_alone",
        ]),
        new(Table.ClaHealth, "ssd_cla_health", "HC", DateStyle.UkSlashed,
        [
            "clah_health_check_id", "clah_person_id", "clah_health_check_type", "clah_health_check_date",
            "clah_health_check_status",
        ]),
        new(Table.ClaCarePlan, "ssd_cla_care_plan", "LP", DateStyle.Iso,
        [
            "lacp_table_id", "lacp_person_id", "lacp_cla_care_plan_start_date", "lacp_cla_care_plan_end_date",
            "lacp_cla_care_plan_json",
        ]),
        new(Table.Missing, "ssd_missing", "MS", DateStyle.Iso,
        [
            "miss_table_id", "miss_person_id", "miss_missing_episode_start_date", "miss_missing_episode_type",
            "miss_missing_episode_end_date", "miss_missing_rhi_offered", "miss_missing_rhi_accepted",
        ]),
        new(Table.CareLeavers, "ssd_care_leavers", "CL", DateStyle.Iso,
        [
            "clea_table_id", "clea_person_id", "clea_care_leaver_eligibility", "clea_care_leaver_in_touch",
            "clea_care_leaver_latest_contact", "clea_care_leaver_accommodation", "clea_care_leaver_accom_suitable",
            "clea_care_leaver_activity", "clea_pathway_plan_review_date", "clea_care_leaver_personal_advisor",
            "clea_care_leaver_allocated_team", "clea_care_leaver_worker_id",
        ]),
        new(Table.Professionals, "ssd_professionals", "W", DateStyle.Iso,
        [
            "prof_professional_id", "prof_staff_id", "prof_professional_name", "prof_social_worker_registration_no",
            "prof_professional_job_title", "prof_professional_caseload", "prof_professional_department",
            "prof_full_time_equivalency", "prof_agency_worker_flag",
        ]),
        new(Table.Involvements, "ssd_involvements", "IN", DateStyle.Iso,
        [
            "invo_involvements_id", "invo_professional_id", "invo_professional_role_id", "invo_professional_team",
            "invo_involvement_start_date", "invo_involvement_end_date", "invo_worker_change_reason", "invo_person_id",
            "invo_referral_id",
        ]),
        new(Table.Department, "ssd_department", "T", DateStyle.Iso,
        [
            "dept_team_id", "dept_team_name", "dept_team_parent_id", "dept_team_parent_name",
        ]),
        new(Table.Disability, "ssd_disability", "DS", DateStyle.Iso,
        [
            "disa_person_id", "disa_table_id", "disa_disability_code",
        ]),
        new(Table.ImmigrationStatus, "ssd_immigration_status", "IM", DateStyle.Iso,
        [
            "immi_person_id", "immi_immigration_status_id", "immi_immigration_status", "immi_immigration_status_start_date",
            "immi_immigration_status_end_date",
        ]),
        new(Table.Permanence, "ssd_permanence", "PM", DateStyle.Iso,
        [
            "perm_table_id", "perm_person_id", "perm_cla_id", "perm_adm_decision_date", "perm_ffa_cp_decision_date",
            "perm_placement_order_date", "perm_placed_for_adoption_date", "perm_matched_date", "perm_adopted_by_carer_flag",
            "perm_placed_ffa_cp_date", "perm_decision_reversed_date", "perm_placed_foster_carer_date", "perm_part_of_sibling_group",
            "perm_siblings_placed_together", "perm_siblings_placed_apart", "perm_placement_provider_urn", "perm_decision_reversed_reason",
            "perm_permanence_order_date", "perm_permanence_order_type", "perm_adoption_worker_id", "perm_adopter_sex",
            "perm_adopter_legal_status", "perm_number_of_adopters",
        ]),

        // The local extension tables, in the columns the pipeline's extract contract gives them (not SSD tables).
        new(Table.FrontDoorDecisions, "ext_front_door_decisions", "FD", DateStyle.SqlServer,
        [
            "fdd_decision_id", "fdd_contact_id", "fdd_referral_id", "fdd_decision_type", "fdd_decision_datetime", "fdd_team",
        ]),
        new(Table.Supervisions, "ext_supervisions", "SV", DateStyle.Iso,
        [
            "sup_supervision_id", "sup_professional_id", "sup_supervisor_id", "sup_person_id", "sup_supervision_type", "sup_supervision_date",
        ]),
    ];

    public static TableSpec Of(Table table) => Tables[(int)table];

    /// <summary>Width of the number in every generated id: P0000123. Wider numbers simply grow.</summary>
    public const int IdDigits = 7;

    public static string Id(string prefix, long number) =>
        prefix + number.ToString("D" + IdDigits, System.Globalization.CultureInfo.InvariantCulture);
}
