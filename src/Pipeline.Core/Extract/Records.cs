namespace Pipeline.Extract;

// One record per SSD table the pipeline reads (extract contract, "Tables"). The attributes are the
// contract: column names are the SSD's, the C# type says how a value is parsed (string: trimmed text or
// code; DateOnly: any contract date form, time dropped; Timestamp: the same forms, time of day kept; bool: a Y/N
// flag; int/double: numbers; OutcomeFlags: an *_outcome_json object). The local extension tables are in
// ExtensionRecords.cs. Every non-key value is optional: a missing column or a bad
// value reads as null, and the bad value is quarantined. Names are listed in NeverRead and skipped by
// the reader. Min/Max (numbers) and MaxAgeYears (a date of birth) bound what is plausible: a value outside is
// quarantined as out_of_range and reads as null, so a typing slip (FTE 1e300, a birth in 1066) cannot reach a figure.

[SsdTable("ssd_person", NeverRead = ["pers_forename", "pers_surname"],
    SsdOrder = ["pers_person_id", "pers_forename", "pers_surname", "pers_sex", "pers_gender", "pers_ethnicity", "pers_dob", "pers_common_child_id",
        "pers_legacy_id", "pers_upn_unknown", "pers_send_flag", "pers_expected_dob", "pers_death_date", "pers_is_mother", "pers_nationality"])]
public sealed record Person(
    [Ssd("pers_person_id", Key = true)] string PersonId,
    [Ssd("pers_sex")] string? Sex,
    [Ssd("pers_gender")] string? Gender,
    [Ssd("pers_ethnicity")] string? Ethnicity,
    [Ssd("pers_dob", MaxAgeYears = 120)] DateOnly? DateOfBirth,
    [Ssd("pers_common_child_id", PerRow = true)] string? CommonChildId,
    [Ssd("pers_legacy_id", PerRow = true)] string? LegacyId,
    [Ssd("pers_upn_unknown")] string? UpnUnknown,
    [Ssd("pers_send_flag")] bool? SendFlag,
    [Ssd("pers_expected_dob")] DateOnly? ExpectedDateOfBirth,
    [Ssd("pers_death_date")] DateOnly? DeathDate,
    [Ssd("pers_is_mother")] bool? IsMother,
    [Ssd("pers_nationality")] string? Nationality);

/// <summary>A referral and the child-in-need episode it opens.</summary>
[SsdTable("ssd_cin_episodes")]
public sealed record CinEpisode(
    [Ssd("cine_referral_id", Key = true)] string ReferralId,
    [Ssd("cine_person_id", Key = true)] string PersonId,
    [Ssd("cine_referral_date")] DateOnly? ReferralDate,
    [Ssd("cine_cin_primary_need_code")] string? PrimaryNeedCode,
    [Ssd("cine_referral_source_code")] string? ReferralSourceCode,
    [Ssd("cine_referral_outcome_json")] OutcomeFlags? ReferralOutcome,
    [Ssd("cine_referral_nfa")] bool? ReferralNfa,
    [Ssd("cine_close_reason")] string? CloseReason,
    [Ssd("cine_close_date")] DateOnly? CloseDate,
    [Ssd("cine_referral_team")] string? TeamId,
    [Ssd("cine_referral_worker_id")] string? WorkerId);

/// <summary>
/// A contact. <c>cont_contact_date</c> is read twice: as a date, as every SSD datetime is (<see cref="ContactDate"/>, what
/// the contact indicators and rules count), and with its time of day (<see cref="ContactDateTime"/>), which only the MASH
/// measure of decisions within 24 hours reads. One cell, so one quarantine entry when it is bad.
/// </summary>
[SsdTable("ssd_contacts")]
public sealed record Contact(
    [Ssd("cont_contact_id", Key = true)] string ContactId,
    [Ssd("cont_person_id", Key = true)] string PersonId,
    [Ssd("cont_contact_date")] DateOnly? ContactDate,
    [Ssd("cont_contact_source_code")] string? SourceCode,
    [Ssd("cont_contact_outcome_json")] OutcomeFlags? Outcome,
    [Ssd("cont_contact_date")] Timestamp? ContactDateTime = null)
{
    /// <summary>When the contact came in: its time of day where the extract gives one, else its date alone.</summary>
    public Timestamp? ContactedAt => ContactedAtOf(ContactDateTime, ContactDate);

    /// <summary><see cref="ContactedAt"/> of a contact's two readings of <c>cont_contact_date</c>, read from their columns.</summary>
    public static Timestamp? ContactedAtOf(Timestamp? contactDateTime, DateOnly? contactDate) =>
        contactDateTime ?? (contactDate is { } date ? new Timestamp(date) : null);
}

[SsdTable("ssd_cin_assessments")]
public sealed record Assessment(
    [Ssd("cina_assessment_id", Key = true)] string AssessmentId,
    [Ssd("cina_person_id", Key = true)] string PersonId,
    [Ssd("cina_referral_id")] string? ReferralId,
    [Ssd("cina_assessment_start_date")] DateOnly? StartDate,
    [Ssd("cina_assessment_child_seen")] bool? ChildSeen,
    [Ssd("cina_assessment_auth_date")] DateOnly? AuthorisedDate,
    [Ssd("cina_assessment_outcome_json")] OutcomeFlags? Outcome,
    [Ssd("cina_assessment_outcome_nfa")] bool? OutcomeNfa,
    [Ssd("cina_assessment_team")] string? TeamId,
    [Ssd("cina_assessment_worker_id")] string? WorkerId);

[SsdTable("ssd_s47_enquiry")]
public sealed record S47Enquiry(
    [Ssd("s47e_s47_enquiry_id", Key = true)] string EnquiryId,
    [Ssd("s47e_referral_id")] string? ReferralId,
    [Ssd("s47e_person_id", Key = true)] string PersonId,
    [Ssd("s47e_s47_start_date")] DateOnly? StartDate,
    [Ssd("s47e_s47_end_date")] DateOnly? EndDate,
    [Ssd("s47e_s47_nfa")] bool? Nfa,
    [Ssd("s47e_s47_outcome_json")] OutcomeFlags? Outcome,
    [Ssd("s47e_s47_completed_by_worker_id")] string? WorkerId,
    [Ssd("s47e_s47_completed_by_team")] string? TeamId);

[SsdTable("ssd_initial_cp_conference")]
public sealed record InitialCpConference(
    [Ssd("icpc_icpc_id", Key = true)] string IcpcId,
    [Ssd("icpc_icpc_meeting_id", PerRow = true)] string? MeetingId,
    [Ssd("icpc_s47_enquiry_id")] string? S47EnquiryId,
    [Ssd("icpc_person_id", Key = true)] string PersonId,
    [Ssd("icpc_cp_plan_id")] string? CpPlanId,
    [Ssd("icpc_referral_id")] string? ReferralId,
    [Ssd("icpc_icpc_transfer_in")] bool? TransferIn,
    [Ssd("icpc_icpc_target_date")] DateOnly? TargetDate,
    [Ssd("icpc_icpc_date")] DateOnly? ConferenceDate,
    [Ssd("icpc_icpc_outcome_cp_flag")] bool? OutcomeCpPlan,
    [Ssd("icpc_icpc_outcome_json")] OutcomeFlags? Outcome,
    [Ssd("icpc_icpc_team")] string? TeamId,
    [Ssd("icpc_icpc_worker_id")] string? WorkerId);

[SsdTable("ssd_cp_plans")]
public sealed record CpPlan(
    [Ssd("cppl_cp_plan_id", Key = true)] string PlanId,
    [Ssd("cppl_referral_id")] string? ReferralId,
    [Ssd("cppl_icpc_id")] string? IcpcId,
    [Ssd("cppl_person_id", Key = true)] string PersonId,
    [Ssd("cppl_cp_plan_start_date")] DateOnly? StartDate,
    [Ssd("cppl_cp_plan_end_date")] DateOnly? EndDate,
    [Ssd("cppl_cp_plan_initial_category")] string? InitialCategory,
    [Ssd("cppl_cp_plan_ola")] bool? HeldByOtherCouncil,
    [Ssd("cppl_cp_plan_latest_category")] string? LatestCategory);

[SsdTable("ssd_cp_visits")]
public sealed record CpVisit(
    [Ssd("cppv_cp_visit_id", Key = true)] string VisitId,
    [Ssd("cppv_person_id")] string? PersonId,
    [Ssd("cppv_cp_plan_id")] string? PlanId,
    [Ssd("cppv_cp_visit_date")] DateOnly? VisitDate,
    [Ssd("cppv_cp_visit_seen")] bool? ChildSeen,
    [Ssd("cppv_cp_visit_seen_alone")] bool? ChildSeenAlone,
    [Ssd("cppv_cp_visit_bedroom")] bool? BedroomSeen);

[SsdTable("ssd_cp_reviews")]
public sealed record CpReview(
    [Ssd("cppr_cp_review_id", Key = true)] string ReviewId,
    [Ssd("cppr_person_id")] string? PersonId,
    [Ssd("cppr_cp_plan_id")] string? PlanId,
    [Ssd("cppr_cp_review_due")] DateOnly? DueDate,
    [Ssd("cppr_cp_review_date")] DateOnly? ReviewDate,
    [Ssd("cppr_cp_review_meeting_id", PerRow = true)] string? MeetingId,
    [Ssd("cppr_cp_review_outcome_continue_cp")] bool? PlanContinues,
    [Ssd("cppr_cp_review_quorate")] bool? Quorate,
    [Ssd("cppr_cp_review_participation")] string? Participation);

[SsdTable("ssd_cin_plans")]
public sealed record CinPlan(
    [Ssd("cinp_cin_plan_id", Key = true)] string PlanId,
    [Ssd("cinp_referral_id")] string? ReferralId,
    [Ssd("cinp_person_id", Key = true)] string PersonId,
    [Ssd("cinp_cin_plan_start_date")] DateOnly? StartDate,
    [Ssd("cinp_cin_plan_end_date")] DateOnly? EndDate,
    [Ssd("cinp_cin_plan_team")] string? TeamId,
    [Ssd("cinp_cin_plan_worker_id")] string? WorkerId);

[SsdTable("ssd_cin_visits")]
public sealed record CinVisit(
    [Ssd("cinv_cin_visit_id", Key = true)] string VisitId,
    [Ssd("cinv_person_id")] string? PersonId,
    [Ssd("cinv_cin_visit_date")] DateOnly? VisitDate,
    [Ssd("cinv_cin_visit_seen")] bool? ChildSeen,
    [Ssd("cinv_cin_visit_seen_alone")] bool? ChildSeenAlone,
    [Ssd("cinv_cin_visit_bedroom")] bool? BedroomSeen);

[SsdTable("ssd_cla_episodes")]
public sealed record ClaEpisode(
    [Ssd("clae_cla_episode_id", Key = true)] string EpisodeId,
    [Ssd("clae_person_id", Key = true)] string PersonId,
    [Ssd("clae_cla_episode_start_date")] DateOnly? StartDate,
    [Ssd("clae_cla_episode_start_reason")] string? StartReason,
    [Ssd("clae_cla_primary_need_code")] string? PrimaryNeedCode,
    [Ssd("clae_cla_episode_ceased_date")] DateOnly? CeasedDate,
    [Ssd("clae_cla_episode_ceased_reason")] string? CeasedReason,
    [Ssd("clae_cla_id")] string? ClaId,
    [Ssd("clae_referral_id")] string? ReferralId,
    [Ssd("clae_cla_placement_id")] string? PlacementId,
    [Ssd("clae_entered_care_date")] DateOnly? EnteredCareDate,
    [Ssd("clae_cla_last_iro_contact_date")] DateOnly? LastIroContactDate);

[SsdTable("ssd_cla_placement")]
public sealed record ClaPlacement(
    [Ssd("clap_cla_placement_id", Key = true)] string PlacementId,
    [Ssd("clap_cla_placement_start_date")] DateOnly? StartDate,
    [Ssd("clap_cla_placement_type")] string? PlacementType,
    [Ssd("clap_cla_placement_urn")] string? Urn,
    [Ssd("clap_cla_placement_distance", Min = 0, Max = 1000)] double? DistanceMiles,
    [Ssd("clap_cla_id")] string? ClaId,
    [Ssd("clap_cla_placement_provider")] string? Provider,
    [Ssd("clap_cla_placement_end_date")] DateOnly? EndDate,
    [Ssd("clap_cla_placement_change_reason")] string? ChangeReason,
    [Ssd("clap_person_id")] string? PersonId,
    [Ssd("clap_cla_placement_postcode")] string? Postcode = null);

[SsdTable("ssd_legal_status")]
public sealed record LegalStatus(
    [Ssd("lega_legal_status_id", Key = true)] string LegalStatusId,
    [Ssd("lega_person_id", Key = true)] string PersonId,
    [Ssd("lega_legal_status")] string? Code,
    [Ssd("lega_legal_status_start_date")] DateOnly? StartDate,
    [Ssd("lega_legal_status_end_date")] DateOnly? EndDate);

[SsdTable("ssd_cla_reviews")]
public sealed record ClaReview(
    [Ssd("clar_cla_review_id", Key = true)] string ReviewId,
    [Ssd("clar_cla_id")] string? ClaId,
    [Ssd("clar_cla_review_due_date")] DateOnly? DueDate,
    [Ssd("clar_cla_review_date")] DateOnly? ReviewDate,
    [Ssd("clar_cla_review_cancelled")] bool? Cancelled,
    [Ssd("clar_cla_review_participation")] string? Participation);

[SsdTable("ssd_cla_visits")]
public sealed record ClaVisit(
    [Ssd("clav_cla_visit_id", Key = true)] string VisitId,
    [Ssd("clav_cla_id")] string? ClaId,
    [Ssd("clav_person_id")] string? PersonId,
    [Ssd("clav_cla_visit_date")] DateOnly? VisitDate,
    [Ssd("clav_cla_visit_seen")] bool? ChildSeen,
    [Ssd("clav_cla_visit_seen_alone")] bool? ChildSeenAlone);

[SsdTable("ssd_cla_health")]
public sealed record ClaHealthCheck(
    [Ssd("clah_health_check_id", Key = true)] string HealthCheckId,
    [Ssd("clah_person_id", Key = true)] string PersonId,
    [Ssd("clah_health_check_type")] string? CheckType,
    [Ssd("clah_health_check_date")] DateOnly? CheckDate,
    [Ssd("clah_health_check_status")] string? Status);

[SsdTable("ssd_cla_care_plan")]
public sealed record ClaCarePlan(
    [Ssd("lacp_table_id", Key = true)] string CarePlanId,
    [Ssd("lacp_person_id", Key = true)] string PersonId,
    [Ssd("lacp_cla_care_plan_start_date")] DateOnly? StartDate,
    [Ssd("lacp_cla_care_plan_end_date")] DateOnly? EndDate,
    [Ssd("lacp_cla_care_plan_json")] string? PlanJson);

[SsdTable("ssd_missing")]
public sealed record MissingEpisode(
    [Ssd("miss_table_id", Key = true)] string MissingId,
    [Ssd("miss_person_id")] string? PersonId,
    [Ssd("miss_missing_episode_start_date")] DateOnly? StartDate,
    [Ssd("miss_missing_episode_type")] string? EpisodeType,
    [Ssd("miss_missing_episode_end_date")] DateOnly? EndDate,
    [Ssd("miss_missing_rhi_offered")] bool? ReturnInterviewOffered,
    [Ssd("miss_missing_rhi_accepted")] bool? ReturnInterviewAccepted);

/// <summary>A care leaver's current status: the SSD keeps no history of it.</summary>
[SsdTable("ssd_care_leavers")]
public sealed record CareLeaver(
    [Ssd("clea_table_id", Key = true)] string CareLeaverId,
    [Ssd("clea_person_id", Key = true)] string PersonId,
    [Ssd("clea_care_leaver_eligibility")] string? Eligibility,
    [Ssd("clea_care_leaver_in_touch")] string? InTouch,
    [Ssd("clea_care_leaver_latest_contact")] DateOnly? LatestContact,
    [Ssd("clea_care_leaver_accommodation")] string? Accommodation,
    [Ssd("clea_care_leaver_accom_suitable")] string? AccommodationSuitable,
    [Ssd("clea_care_leaver_activity")] string? Activity,
    [Ssd("clea_pathway_plan_review_date")] DateOnly? PathwayPlanReviewDate,
    [Ssd("clea_care_leaver_personal_advisor")] string? PersonalAdvisorId,
    [Ssd("clea_care_leaver_allocated_team")] string? TeamId,
    [Ssd("clea_care_leaver_worker_id")] string? WorkerId);

/// <summary>One of a child's disabilities (the CIN census's Disabilities module): NONE, or a DfE disability code.</summary>
[SsdTable("ssd_disability")]
public sealed record Disability(
    [Ssd("disa_table_id", Key = true)] string DisabilityId,
    [Ssd("disa_person_id", Key = true)] string PersonId,
    [Ssd("disa_disability_code")] string? Code);

/// <summary>A child's immigration status over time; an unaccompanied asylum-seeking child's ends when UASC status ceased.</summary>
[SsdTable("ssd_immigration_status")]
public sealed record ImmigrationStatus(
    [Ssd("immi_immigration_status_id", Key = true)] string ImmigrationStatusId,
    [Ssd("immi_person_id", Key = true)] string PersonId,
    [Ssd("immi_immigration_status")] string? Status,
    [Ssd("immi_immigration_status_start_date")] DateOnly? StartDate,
    [Ssd("immi_immigration_status_end_date")] DateOnly? EndDate);

/// <summary>
/// A looked-after child's permanence and adoption record (the SSDA903's PlacedAdoption and AD1 modules): the decision that the
/// child should be placed for adoption, its reversal, the placement order, matching and the adopters.
/// </summary>
[SsdTable("ssd_permanence")]
public sealed record Permanence(
    [Ssd("perm_table_id", Key = true)] string PermanenceId,
    [Ssd("perm_person_id", Key = true)] string PersonId,
    [Ssd("perm_cla_id")] string? ClaId,
    [Ssd("perm_adm_decision_date")] DateOnly? DecisionDate,
    [Ssd("perm_placement_order_date")] DateOnly? PlacementOrderDate,
    [Ssd("perm_placed_for_adoption_date")] DateOnly? PlacedForAdoptionDate,
    [Ssd("perm_matched_date")] DateOnly? MatchedDate,
    [Ssd("perm_adopted_by_carer_flag")] bool? AdoptedByCarer,
    [Ssd("perm_decision_reversed_date")] DateOnly? DecisionReversedDate,
    [Ssd("perm_decision_reversed_reason")] string? DecisionReversedReason,
    [Ssd("perm_adopter_sex")] string? AdopterSex,
    [Ssd("perm_adopter_legal_status")] string? AdopterLegalStatus,
    [Ssd("perm_number_of_adopters")] string? NumberOfAdopters);

[SsdTable("ssd_professionals", NeverRead = ["prof_professional_name"],
    SsdOrder = ["prof_professional_id", "prof_staff_id", "prof_professional_name", "prof_social_worker_registration_no", "prof_professional_job_title",
        "prof_professional_caseload", "prof_professional_department", "prof_full_time_equivalency", "prof_agency_worker_flag"])]
public sealed record Professional(
    [Ssd("prof_professional_id", Key = true)] string ProfessionalId,
    [Ssd("prof_staff_id")] string? StaffId,
    [Ssd("prof_social_worker_registration_no")] string? RegistrationNumber,
    [Ssd("prof_professional_job_title")] string? JobTitle,
    [Ssd("prof_professional_caseload", Min = 0, Max = 500)] int? RecordedCaseload,
    [Ssd("prof_professional_department")] string? Department,
    [Ssd("prof_full_time_equivalency", Min = 0, Max = 2)] double? FullTimeEquivalent,
    [Ssd("prof_agency_worker_flag")] bool? IsAgency);

/// <summary>A worker's involvement with a child: the allocation that caseloads are counted from.</summary>
[SsdTable("ssd_involvements")]
public sealed record Involvement(
    [Ssd("invo_involvements_id", Key = true)] string InvolvementId,
    [Ssd("invo_professional_id")] string? ProfessionalId,
    [Ssd("invo_professional_role_id")] string? RoleId,
    [Ssd("invo_professional_team")] string? TeamId,
    [Ssd("invo_involvement_start_date")] DateOnly? StartDate,
    [Ssd("invo_involvement_end_date")] DateOnly? EndDate,
    [Ssd("invo_worker_change_reason")] string? ChangeReason,
    [Ssd("invo_person_id")] string? PersonId,
    [Ssd("invo_referral_id")] string? ReferralId);

[SsdTable("ssd_department")]
public sealed record Department(
    [Ssd("dept_team_id", Key = true)] string TeamId,
    [Ssd("dept_team_name")] string? TeamName,
    [Ssd("dept_team_parent_id")] string? ParentId,
    [Ssd("dept_team_parent_name")] string? ParentName);
