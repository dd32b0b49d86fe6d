using Pipeline.Extract;

namespace Pipeline.Returns;

/// <summary>
/// Ofsted's Annex A workbook (lists 1 to 11 of child-level data asked for at an inspection) column by column, as
/// SocialFinanceDigitalLabs/liia-tools reads it, and where each column goes in the SSD.
/// </summary>
/// <remarks>
/// Annex A is the most lossy door: its lists hold what happened in the six months before the inspection, and for each child only
/// the latest visit, review, placement, legal status and health check. Tables built from a "latest" column cover as_at alone
/// (<see cref="LatestOnly"/>), so indicators that need their history are unavailable rather than wrong.
/// </remarks>
public static class AnnexAMapping
{
    /// <summary>Columns every list of children has (lists 1 to 10).</summary>
    public const string EveryList = "Every list";

    public const string List1 = "List 1";
    public const string List2 = "List 2";
    public const string List3 = "List 3";
    public const string List4 = "List 4";
    public const string List5 = "List 5";
    public const string List6 = "List 6";
    public const string List7 = "List 7";
    public const string List8 = "List 8";
    public const string List9 = "List 9";
    public const string List10 = "List 10";
    public const string List11 = "List 11";

    /// <summary>The months before as_at an Annex A's lists cover (Ofsted asks for the six months before the inspection).</summary>
    public const int CoverageMonths = 6;

    public static DateOnly CoverageStart(DateOnly asAt) => asAt.AddMonths(-CoverageMonths).AddDays(1);

    /// <summary>Tables built from columns that give each child's latest record only: they describe as_at and nothing earlier.</summary>
    public static IReadOnlySet<string> LatestOnly { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ssd_cin_visits", "ssd_cp_visits", "ssd_cp_reviews", "ssd_cla_placement", "ssd_legal_status", "ssd_cla_reviews", "ssd_cla_visits", "ssd_cla_health",
    };

    /// <summary>Why some tables from Annex A cannot give the indicators' figures, whatever the period.</summary>
    public static IReadOnlyDictionary<string, string> Limitations { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ssd_initial_cp_conference"] = "Annex A gives a conference only with a section 47 enquiry begun in its six months (list 5): conferences of earlier enquiries are missing",
    };

    /// <summary>Headers holding a name (the allocated worker's, the personal adviser's, or any header that says "name"): never read.</summary>
    public static bool IsNameHeader(string header)
    {
        var normal = Normal(header);
        return normal.Contains("name", StringComparison.Ordinal) || normal is "allocated worker" or "allocated personal advisor" or "allocated personal adviser";
    }

    /// <summary>A header as compared: lower case, runs of white space as one space, trimmed.</summary>
    public static string Normal(string header) => string.Join(' ', header.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Each list's headers (liia-tools' Annex_A_schema.yml and pipeline.yml), in Ofsted's order.</summary>
    public static IReadOnlyDictionary<string, string[]> Headers { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [List1] = [ChildId, Gender, Ethnicity, Dob, Age, "Date of Contact", "Contact Source"],
        [List2] = [ChildId, Gender, Ethnicity, Dob, Age, "Assessment start date", "Assessment completion date", "Organisation completing assessment"],
        [List3] = [ChildId, Gender, Ethnicity, Dob, Age, "Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months", Team, Worker],
        [List4] = [ChildId, Gender, Ethnicity, Dob, Age, Disability, "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation", "Was the child assessed as requiring LA children's social care support?", Team, Worker],
        [List5] = [ChildId, Gender, Ethnicity, Dob, Age, Disability, "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?", "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan", "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months", Team, Worker],
        [List6] = [ChildId, Gender, Ethnicity, Dob, Age, Disability, "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen", "CIN Closure Date",
            "Reason for Closure", "Case Status", Team, Worker],
        [List7] = [ChildId, Gender, Ethnicity, Dob, Age, Disability, "Child Protection Plan Start Date", "Initial Category of Abuse", "Latest Category of Abuse",
            "Date of the Last Statutory Visit", "Was the Child Seen Alone?", "Date of latest review conference", "Child Protection Plan End Date",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)", "Number of Previous Child Protection Plans", Team, Worker],
        [List8] = [ChildId, Gender, Ethnicity, Dob, Age, "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", Disability,
            "Date Started to be Looked After", "Child's Category of Need",
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)", "Start date of current legal status",
            "Child's Legal Status", "Date of Latest Statutory Review", "Date of Last Social Work Visit", "What is the permanence plan for this child?",
            "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment", "Date of Last Dental Check", "Number of Placements in the Last 12 months",
            "Date Ceased to be Looked After", "Reason Ceased to be Looked After", "Start Date of Most Recent Placement", "Placement Type", "Placement Provider",
            "Placement postcode", "URN of Placement", "Placement Location", "LA of Placement",
            "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
            "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            "Did the child accept a Return Interview after their last missing episode (Y/N)?", Team, Worker],
        [List9] = [ChildId, Gender, Ethnicity, Dob, Age, "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)", Disability, Team, Worker,
            "Allocated Personal Advisor", "Eligibility Category", "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact", "Type of Accommodation",
            "Suitability of Accommodation", "Activity Status"],
        [List10] = [ChildId, "Family identifier", Gender, Ethnicity, Dob, Age, Disability, "Date the Child Entered Care",
            "Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order", "Date of Matching Child and Prospective Adopters",
            "Date Placed for Adoption", "Date of Adoption Order", "Date of Decision that Child Should No Longer be Placed for Adoption",
            "Reason Why Child No Longer Placed for Adoption", "Date the child was placed for fostering in FFA or concurrent planning placement"],
        [List11] = ["Individual adopter identifier", "Family identifier", Gender, Ethnicity, "Disability", "Is the (prospective) adopter fostering for adoption?",
            "Date enquiry received", "Date Stage 1 started", "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended", "Date application submitted",
            "Date application approved", "Date adopter matched with child(ren)", "Date child/children placed with adopter(s)", "No. of children placed",
            "Date of Adoption Order", "Date of leaving adoption process", "Reason for leaving adoption process"],
    };

    /// <summary>The column of each list that, with the child, makes its record (a workbook sheet is recognised by it and the child's id).</summary>
    public static IReadOnlyDictionary<string, string> KeyColumns { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [List1] = "Date of Contact",
        [List2] = "Assessment start date",
        [List3] = "Date of referral",
        [List4] = "Continuous Assessment Start Date",
        [List5] = "Strategy discussion initiating Section 47 Enquiry Start Date",
        [List6] = "CIN Start Date",
        [List7] = "Child Protection Plan Start Date",
        [List8] = "Date Started to be Looked After",
        [List9] = "Eligibility Category",
        [List10] = "Date of Decision that Child Should be Placed for Adoption",
        [List11] = "Date enquiry received",
    };

    private const string ChildId = "Child Unique ID";
    private const string Gender = "Gender";
    private const string Ethnicity = "Ethnicity";
    private const string Dob = "Date of Birth";
    private const string Age = "Age of Child (Years)";
    private const string Disability = "Does the Child have a Disability";
    private const string Team = "Allocated Team";
    private const string Worker = "Allocated Worker";
    private const string Counted = "not mapped: a count the pipeline makes itself from the records";
    private const string NoAdoption = "not mapped yet: the contract reads ssd_permanence (for the DfE's adoption rules), but this mapping does not fill it";

    public static ReturnFormat Format { get; } = new(
        ExtractFormat.AnnexA,
        "Ofsted's Annex A: child-level lists of contacts, early help, referrals, assessments, section 47 enquiries, children in need, child protection, "
        + "children looked after, care leavers and adoption, for the six months before an inspection.",
        [
            "Lists, headers and option wordings: SocialFinanceDigitalLabs/liia-tools, liiatools/annex_a_pipeline/spec/Annex_A_schema.yml and pipeline.yml "
                + "(a sheet is recognised by its headers, as their cleaner does; a sheet named \"List n ...\" is that list)",
            "Lettered options (\"a) WBRI\", \"c) U3: Foster placement ...\") are read by their DfE code, as liia-tools' categories give them",
        ],
        "One `.xlsx` workbook. Each sheet whose first row holds a list's headers (its child id and key column) is read as that list; other sheets are ignored.",
        "Data rows of the list sheets read (rows below the header row with any cell filled), all lists together.",
        "The six months to as_at (lists 1 to 9 give events in the six months, and the cases open in them); columns that give only each child's "
        + "latest visit, review, placement, legal status or health check give as_at alone.",
        [
            new(EveryList, ChildId, "ssd_person.pers_person_id", "the child's id: also every record's *_person_id"),
            new(EveryList, Gender, "ssd_person.pers_sex", "a) Male: M; b) Female: F; c) Not stated/recorded and d) Neither: U (Ofsted's \"Gender\" is the DfE's sex item)", Sex),
            new(EveryList, Ethnicity, "ssd_person.pers_ethnicity", "the DfE code (\"a) WBRI\" gives WBRI)", Translations.LeadingCode),
            new(EveryList, Dob, "ssd_person.pers_dob", "an Excel date, or dd/MM/yyyy text"),
            new(EveryList, Age, null, "not mapped: worked out from the date of birth"),
            new(EveryList, Disability, null, "not mapped: a yes/no, where ssd_disability holds the DfE's disability codes"),
            new(EveryList, Worker, null, "never read: the allocated worker's name", NeverRead: true),
            new(EveryList, "(any header containing \"name\")", null, "never read: a name", NeverRead: true),

            new(List1, "Date of Contact", "ssd_contacts.cont_contact_date", "the date (a time of day, if written, is kept for cont_contact_date's second reading)"),
            new(List1, "Contact Source", "ssd_contacts.cont_contact_source_code", "the DfE code (\"a) 1A: Individual\" gives 1A)", Translations.LeadingCode),
            new(List1, FieldMapping.Derived, "ssd_contacts.cont_contact_id", "child:C:Date of Contact, with :n for the nth contact of the child that day"),
            new(List1, FieldMapping.Derived, "ssd_contacts.cont_person_id", "the child's id"),

            .. Headers[List2].Skip(5).Select(h => new FieldMapping(List2, h, null, "not mapped: early help is not in the contract")),

            new(List3, "Date of referral", "ssd_cin_episodes.cine_referral_date", "the date; the referral is the same record as its child-in-need episode in list 6"),
            new(List3, "Referral Source", "ssd_cin_episodes.cine_referral_source_code", "the DfE code", Translations.LeadingCode),
            new(List3, "Referral NFA?", "ssd_cin_episodes.cine_referral_nfa", "a) Yes: Y; b) No: N", Translations.YesNo),
            new(List3, "Number of Referrals in Last 12 Months", null, Counted),
            new(List3, Team, "ssd_cin_episodes.cine_referral_team", "the team's name, as its id (Annex A has no team ids)"),
            new(List3, FieldMapping.Derived, "ssd_cin_episodes.cine_referral_id", "child:R:Date of referral, with :n for the nth that day"),
            new(List3, FieldMapping.Derived, "ssd_cin_episodes.cine_person_id", "the child's id"),

            new(List4, "Continuous Assessment Start Date", "ssd_cin_assessments.cina_assessment_start_date", "the date"),
            new(List4, "Child Seen During Continuous Assessment", "ssd_cin_assessments.cina_assessment_child_seen", "a) Yes: Y; b) No: N; c) Unknown: empty", Translations.YesNo),
            new(List4, "Continuous Assessment Date of Authorisation", "ssd_cin_assessments.cina_assessment_auth_date", "the date"),
            new(List4, "Was the child assessed as requiring LA children's social care support?", "ssd_cin_assessments.cina_assessment_outcome_nfa",
                "the opposite answer: No (no support needed) is Y, no further action; Yes is N", Translations.NotYesNo),
            new(List4, Team, "ssd_cin_assessments.cina_assessment_team", "the team's name, as its id"),
            new(List4, FieldMapping.Derived, "ssd_cin_assessments.cina_assessment_id", "child:A:start date, with :n for the nth that day"),
            new(List4, FieldMapping.Derived, "ssd_cin_assessments.cina_person_id", "the child's id"),

            new(List5, "Strategy discussion initiating Section 47 Enquiry Start Date", "ssd_s47_enquiry.s47e_s47_start_date", "the date"),
            new(List5, "Was an Initial Child Protection Conference deemed unnecessary?", "ssd_s47_enquiry.s47e_s47_outcome_json",
                "a) Yes: the outcome {\"CP_CONFERENCE_FLAG\": \"N\"}; No: no outcome", IcpcUnnecessary),
            new(List5, "Date of Initial Child Protection Conference", "ssd_initial_cp_conference.icpc_icpc_date", "a conference linked to the enquiry"),
            new(List5, "Did the Initial Child Protection Conference Result in a Child Protection Plan", "ssd_initial_cp_conference.icpc_icpc_outcome_cp_flag",
                "a) Yes: Y; b) No: N", Translations.YesNo),
            new(List5, "Number of Section 47 Enquiries in the last 12 months", null, Counted),
            new(List5, "Number of ICPCs in the last 12 months", null, Counted),
            new(List5, Team, "ssd_s47_enquiry.s47e_s47_completed_by_team", "the team's name, as its id"),
            new(List5, FieldMapping.Derived, "ssd_s47_enquiry.s47e_s47_enquiry_id", "child:S47:start date, with :n for the nth that day"),
            new(List5, FieldMapping.Derived, "ssd_s47_enquiry.s47e_person_id", "the child's id"),
            new(List5, FieldMapping.Derived, "ssd_initial_cp_conference.icpc_icpc_id", "the enquiry's id:ICPC, when a conference date is given"),
            new(List5, FieldMapping.Derived, "ssd_initial_cp_conference.icpc_s47_enquiry_id", "the enquiry's id"),
            new(List5, FieldMapping.Derived, "ssd_initial_cp_conference.icpc_person_id", "the child's id"),

            new(List6, "CIN Start Date", "ssd_cin_episodes.cine_referral_date", "the episode's referral date (the same record as list 3's referral of that day)"),
            new(List6, "Primary Need Code", "ssd_cin_episodes.cine_cin_primary_need_code", "the DfE code (\"N1 - Abuse or neglect\" gives N1)", Translations.LeadingCode),
            new(List6, "Date Child Was Last Seen", "ssd_cin_visits.cinv_cin_visit_date", "a visit at which the child was seen (the latest only)"),
            new(List6, "CIN Closure Date", "ssd_cin_episodes.cine_close_date", "the date"),
            new(List6, "Reason for Closure", "ssd_cin_episodes.cine_close_reason", "the DfE code (\"RC1 - Adopted\" gives RC1)", Translations.LeadingCode),
            new(List6, "Case Status", null, "not mapped: the pipeline works out a case's status from its records"),
            new(List6, Team, "ssd_cin_episodes.cine_referral_team", "the team's name, as its id"),
            new(List6, FieldMapping.Derived, "ssd_cin_episodes.cine_referral_id", "child:R:CIN Start Date (as list 3)"),
            new(List6, FieldMapping.Derived, "ssd_cin_visits.cinv_cin_visit_id", "child:V:Date Child Was Last Seen"),
            new(List6, FieldMapping.Derived, "ssd_cin_visits.cinv_person_id", "the child's id"),
            new(List6, FieldMapping.Derived, "ssd_cin_visits.cinv_cin_visit_seen", "Y: the child was seen"),

            new(List7, "Child Protection Plan Start Date", "ssd_cp_plans.cppl_cp_plan_start_date", "the date"),
            new(List7, "Initial Category of Abuse", "ssd_cp_plans.cppl_cp_plan_initial_category",
                "a) Neglect: NEG; b) Physical abuse: PHY; c) Sexual abuse: SAB; d) Emotional abuse: EMO; e) Multiple/not recommended: MUL", AbuseCategory),
            new(List7, "Latest Category of Abuse", "ssd_cp_plans.cppl_cp_plan_latest_category", "as the initial category", AbuseCategory),
            new(List7, "Date of the Last Statutory Visit", "ssd_cp_visits.cppv_cp_visit_date", "the latest visit only"),
            new(List7, "Was the Child Seen Alone?", "ssd_cp_visits.cppv_cp_visit_seen_alone", "a) Yes: Y; b) No: N; c) Unknown: empty", Translations.YesNo),
            new(List7, "Date of latest review conference", "ssd_cp_reviews.cppr_cp_review_date", "the latest review only"),
            new(List7, "Child Protection Plan End Date", "ssd_cp_plans.cppl_cp_plan_end_date", "the date"),
            new(List7, "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)", null,
                "not mapped: the contract has no column for it"),
            new(List7, "Number of Previous Child Protection Plans", null, Counted),
            new(List7, Team, null, "not mapped: the SSD's plans have no team column"),
            new(List7, FieldMapping.Derived, "ssd_cp_plans.cppl_cp_plan_id", "child:CPP:start date, with :n for the nth that day"),
            new(List7, FieldMapping.Derived, "ssd_cp_plans.cppl_person_id", "the child's id"),
            new(List7, FieldMapping.Derived, "ssd_cp_visits.cppv_cp_visit_id", "the plan's id:V:visit date"),
            new(List7, FieldMapping.Derived, "ssd_cp_visits.cppv_person_id", "the child's id"),
            new(List7, FieldMapping.Derived, "ssd_cp_visits.cppv_cp_plan_id", "the plan's id"),
            new(List7, FieldMapping.Derived, "ssd_cp_reviews.cppr_cp_review_id", "the plan's id:REV:review date"),
            new(List7, FieldMapping.Derived, "ssd_cp_reviews.cppr_person_id", "the child's id"),
            new(List7, FieldMapping.Derived, "ssd_cp_reviews.cppr_cp_plan_id", "the plan's id"),

            new(List8, "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", null, "not mapped: a yes/no with no dates, where ssd_immigration_status holds dated statuses"),
            new(List8, "Date Started to be Looked After", "ssd_cla_episodes.clae_cla_episode_start_date",
                "the start of the period of care: each row of list 8 is one period of care, read as one episode"),
            new(List8, "Date Started to be Looked After", "ssd_cla_episodes.clae_entered_care_date", "the same date"),
            new(List8, "Child's Category of Need", "ssd_cla_episodes.clae_cla_primary_need_code", "the DfE code", Translations.LeadingCode),
            new(List8, "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)", null, Counted),
            new(List8, "Start date of current legal status", "ssd_legal_status.lega_legal_status_start_date", "the current legal status only"),
            new(List8, "Child's Legal Status", "ssd_legal_status.lega_legal_status", "the DfE code (\"C2: FCO\" gives C2)", Translations.LeadingCode),
            new(List8, "Date of Latest Statutory Review", "ssd_cla_reviews.clar_cla_review_date", "the latest review only"),
            new(List8, "Date of Last Social Work Visit", "ssd_cla_visits.clav_cla_visit_date", "the latest visit only"),
            new(List8, "What is the permanence plan for this child?", null, "not mapped: ssd_cla_care_plan needs the plan's start and end dates, which the list lacks"),
            new(List8, "Date of Last IRO Visit / Contact to the Child", "ssd_cla_episodes.clae_cla_last_iro_contact_date", "the date"),
            new(List8, "Date of Last Health Assessment", "ssd_cla_health.clah_health_check_date", "a health check row of type \"Health assessment\" (the latest only)"),
            new(List8, "Date of Last Dental Check", "ssd_cla_health.clah_health_check_date", "a health check row of type \"Dental check\" (the latest only)"),
            new(List8, "Number of Placements in the Last 12 months", null, Counted),
            new(List8, "Date Ceased to be Looked After", "ssd_cla_episodes.clae_cla_episode_ceased_date", "the date"),
            new(List8, "Reason Ceased to be Looked After", "ssd_cla_episodes.clae_cla_episode_ceased_reason", "the DfE code (\"a) E11: Adopted ...\" gives E11)",
                Translations.LeadingCode),
            new(List8, "Start Date of Most Recent Placement", "ssd_cla_placement.clap_cla_placement_start_date", "the latest placement only"),
            new(List8, "Placement Type", "ssd_cla_placement.clap_cla_placement_type", "the DfE code (\"c) U3: Foster placement ...\" gives U3)", Translations.LeadingCode),
            new(List8, "Placement Provider", "ssd_cla_placement.clap_cla_placement_provider", "the DfE code (\"a) PR0: ...\" gives PR0)", Translations.LeadingCode),
            new(List8, "Placement postcode", null, "not mapped: the contract reads no postcode"),
            new(List8, "URN of Placement", "ssd_cla_placement.clap_cla_placement_urn", "as written"),
            new(List8, "Placement Location", null, "not mapped: the contract has no column for it"),
            new(List8, "LA of Placement", null, "not mapped: the contract has no column for it"),
            new(List8, "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months", null, Counted + " (ssd_missing needs each episode's dates)"),
            new(List8, "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months", null, Counted + " (ssd_missing needs each episode's dates)"),
            new(List8, "Was the child offered a Return Interview after their last missing episode (Y/N)?", null, "not mapped: the list does not date the episode"),
            new(List8, "Did the child accept a Return Interview after their last missing episode (Y/N)?", null, "not mapped: the list does not date the episode"),
            new(List8, Team, null, "not mapped: the SSD's periods of care have no team column"),
            new(List8, FieldMapping.Derived, "ssd_cla_episodes.clae_cla_episode_id", "child:E:Date Started to be Looked After"),
            new(List8, FieldMapping.Derived, "ssd_cla_episodes.clae_person_id", "the child's id"),
            new(List8, FieldMapping.Derived, "ssd_cla_episodes.clae_cla_id", "the child's id (as the SSDA903 mapping)"),
            new(List8, FieldMapping.Derived, "ssd_cla_episodes.clae_cla_episode_start_reason", "S: the row is a whole period of care"),
            new(List8, FieldMapping.Derived, "ssd_cla_episodes.clae_cla_placement_id", "the latest placement's id"),
            new(List8, FieldMapping.Derived, "ssd_legal_status.lega_legal_status_id", "child:L:start date of current legal status"),
            new(List8, FieldMapping.Derived, "ssd_legal_status.lega_person_id", "the child's id"),
            new(List8, FieldMapping.Derived, "ssd_cla_placement.clap_cla_placement_id", "child:P:start date of the placement"),
            new(List8, FieldMapping.Derived, "ssd_cla_placement.clap_cla_id", "the child's id"),
            new(List8, FieldMapping.Derived, "ssd_cla_placement.clap_person_id", "the child's id"),
            new(List8, FieldMapping.Derived, "ssd_cla_placement.clap_cla_placement_end_date", "the date ceased to be looked after"),
            new(List8, FieldMapping.Derived, "ssd_cla_reviews.clar_cla_review_id", "child:R:review date"),
            new(List8, FieldMapping.Derived, "ssd_cla_reviews.clar_cla_id", "the child's id"),
            new(List8, FieldMapping.Derived, "ssd_cla_visits.clav_cla_visit_id", "child:V:visit date"),
            new(List8, FieldMapping.Derived, "ssd_cla_visits.clav_cla_id", "the child's id"),
            new(List8, FieldMapping.Derived, "ssd_cla_visits.clav_person_id", "the child's id"),
            new(List8, FieldMapping.Derived, "ssd_cla_health.clah_health_check_id", "child:HA:date or child:DC:date"),
            new(List8, FieldMapping.Derived, "ssd_cla_health.clah_person_id", "the child's id"),
            new(List8, FieldMapping.Derived, "ssd_cla_health.clah_health_check_type", "Health assessment, or Dental check"),

            new(List9, "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)", null, "not mapped: a yes/no with no dates, where ssd_immigration_status holds dated statuses"),
            new(List9, Team, "ssd_care_leavers.clea_care_leaver_allocated_team", "the team's name, as its id"),
            new(List9, "Allocated Personal Advisor", null, "never read: the personal adviser's name", NeverRead: true),
            new(List9, "Eligibility Category", "ssd_care_leavers.clea_care_leaver_eligibility",
                "a) Relevant child: Relevant; b) Former relevant child: Former Relevant; c) Qualifying care leaver: Qualifying; d) Eligible child: Eligible", Eligibility),
            new(List9, "Latest Pathway Plan Review Date", "ssd_care_leavers.clea_pathway_plan_review_date", "the date"),
            new(List9, "LA in Touch", "ssd_care_leavers.clea_care_leaver_in_touch",
                "a) Yes: YES; b) No: NO; c) Died: DIED; d) Refu: REFU; e) NREQ: NREQ; f) Rhom: RHOM", InTouch),
            new(List9, "Latest Date of Contact", "ssd_care_leavers.clea_care_leaver_latest_contact", "the date"),
            new(List9, "Type of Accommodation", "ssd_care_leavers.clea_care_leaver_accommodation", "the type letter (\"B: Parents/relatives\" gives B)", Translations.LeadingCode),
            new(List9, "Suitability of Accommodation", "ssd_care_leavers.clea_care_leaver_accom_suitable", "a) Suitable: 1; b) Unsuitable: 2", Suitability),
            new(List9, "Activity Status", "ssd_care_leavers.clea_care_leaver_activity", "the DfE code (\"F1: Full time in higher education\" gives F1)", Translations.LeadingCode),
            new(List9, FieldMapping.Derived, "ssd_care_leavers.clea_table_id", "child:CL"),
            new(List9, FieldMapping.Derived, "ssd_care_leavers.clea_person_id", "the child's id"),

            .. Headers[List10].Where(h => h != ChildId).Select(h => new FieldMapping(List10, h, null, NoAdoption)),
            .. Headers[List11].Select(h => new FieldMapping(List11, h, null, NoAdoption + " (adopters are not children)")),
        ]);

    private static string Sex(string value) => Translations.LeadingCode(value).ToUpperInvariant() switch
    {
        "MALE" or "M" or "1" => "M",
        "FEMALE" or "F" or "2" => "F",
        "NOT" or "NEITHER" or "U" or "UNKNOWN" => "U",
        _ => Normal(value) switch
        {
            var v when v.EndsWith("male", StringComparison.Ordinal) && !v.EndsWith("female", StringComparison.Ordinal) => "M",
            var v when v.EndsWith("female", StringComparison.Ordinal) => "F",
            var v when v.Contains("not stated", StringComparison.Ordinal) || v.Contains("neither", StringComparison.Ordinal) => "U",
            _ => value,
        },
    };

    private static string AbuseCategory(string value)
    {
        var normal = Normal(value);
        var option = normal.Length > 3 && normal[1] == ')' ? normal[3..] : normal;
        return option switch
        {
            "neglect" or "neg" => "NEG",
            "physical abuse" or "phy" => "PHY",
            "sexual abuse" or "sab" => "SAB",
            "emotional abuse" or "emo" => "EMO",
            _ when option.StartsWith("multiple", StringComparison.Ordinal) || option == "mul" => "MUL",
            _ => value,
        };
    }

    private static string IcpcUnnecessary(string value) => Translations.YesNo(value) switch
    {
        "Y" => "{\"CP_CONFERENCE_FLAG\": \"N\"}",
        "N" => "",
        _ => value,
    };

    private static string Eligibility(string value) => Option(value) switch
    {
        "relevant child" or "relevant" => "Relevant",
        "former relevant child" or "former relevant" => "Former Relevant",
        "qualifying care leaver" or "qualifying" => "Qualifying",
        "eligible child" or "eligible" => "Eligible",
        _ => value,
    };

    private static string InTouch(string value) => Option(value) switch
    {
        "yes" or "y" => "YES",
        "no" or "n" => "NO",
        "died" => "DIED",
        "refu" => "REFU",
        "nreq" => "NREQ",
        "rhom" => "RHOM",
        _ => value,
    };

    private static string Suitability(string value) => Option(value) switch
    {
        "suitable" or "1" => "1",
        "unsuitable" or "2" => "2",
        _ => value,
    };

    // An option's wording without its letter: "b) Former relevant child" gives "former relevant child".
    private static string Option(string value)
    {
        var normal = Normal(value);
        var bracket = normal.IndexOf(") ", StringComparison.Ordinal);
        return bracket is > 0 and <= 3 ? normal[(bracket + 2)..] : normal;
    }
}
