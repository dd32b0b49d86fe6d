using Pipeline.Extract;

namespace Pipeline.Returns;

/// <summary>
/// The CIN census (children in need, child protection) element by element: the DfE's XML as its validator
/// (data-to-insight/csc-validator-be-cin) reads it, and where each element goes in the SSD.
/// </summary>
public static class CinCensusMapping
{
    public const string Header = "Message/Header/CollectionDetails";
    public const string Identifiers = "Child/ChildIdentifiers";
    public const string Characteristics = "Child/ChildCharacteristics";
    public const string Disabilities = "Child/ChildCharacteristics/Disabilities";
    public const string Details = "Child/CINdetails";
    public const string Assessments = "Child/CINdetails/Assessments";
    public const string PlanDates = "Child/CINdetails/CINPlanDates";
    public const string Section47 = "Child/CINdetails/Section47";
    public const string Plans = "Child/CINdetails/ChildProtectionPlans";
    public const string Reviews = "Child/CINdetails/ChildProtectionPlans/Reviews";

    public static ReturnFormat Format { get; } = new(
        ExtractFormat.CinCensus,
        "The CIN census: every child in need at any point of the collection year, each referral (CINdetails) with its assessments, section 47 "
        + "enquiries and conferences, child-in-need plans and child protection plans with their reviews.",
        [
            "Element names and nesting: data-to-insight/csc-validator-be-cin, cin_validator/ingress.py (XMLtoCSV: Header, ChildIdentifiers, "
                + "ChildCharacteristics, Disabilities, CINdetails, Assessments, CINPlanDates, Section47, ChildProtectionPlans, Reviews) and fake_data/CIN_Census_2024.xml",
            "Element order, types and the pre-2024-25 GenderCurrent: SocialFinanceDigitalLabs/liia-tools, csdatatools/spec/cin/cin-2022.xsd (the DfE's schema)",
            "Codes: the DfE lists the validators hold, already in the pipeline (src/Pipeline.Core/Reference/dfe-code-lists/)",
        ],
        "One `.xml` file per collection year (root `Message`, `Header/CollectionDetails/Collection` CIN); a set may hold last year's too. "
        + "The year is the file's own `ReferenceDate` (the 31 March that ends it).",
        "`Child` elements.",
        "A collection year (1 April to 31 March) and what was open at its start: every child in need at any point of the year, each referral open in it "
        + "with the assessments, enquiries, plans and reviews of the year; with last year's file as well, two years. Up to as_at when the year is not over.",
        [
            new(Header, "Collection", null, "must be CIN: anything else is not a CIN census, and the set is rejected"),
            new(Header, "ReferenceDate", null, "the collection year: the 31 March that ends it"),
            new(Header, "Year", null, "not mapped: the ReferenceDate says the year"),

            new(Identifiers, "LAchildID", "ssd_person.pers_person_id", "the child's id: also every record's *_person_id"),
            new(Identifiers, "UPN", null, "not mapped: the SSD keeps the UPN in ssd_linked_identifiers, which the contract does not read"),
            new(Identifiers, "FormerUPN", null, "not mapped: as UPN"),
            new(Identifiers, "UPNunknown", "ssd_person.pers_upn_unknown", "as written (UN1 to UN7)"),
            new(Identifiers, "PersonBirthDate", "ssd_person.pers_dob", "yyyy-MM-dd"),
            new(Identifiers, "ExpectedPersonBirthDate", "ssd_person.pers_expected_dob", "yyyy-MM-dd"),
            new(Identifiers, "Sex", "ssd_person.pers_sex", "as written (M, F, U: the Sex item from 2024-25)"),
            new(Identifiers, "GenderCurrent", "ssd_person.pers_sex", "as written (1, 2, 0, 9: the item before 2024-25; the code rules judge it in its year)"),
            new(Identifiers, "PersonDeathDate", "ssd_person.pers_death_date", "yyyy-MM-dd"),

            new(Characteristics, "Ethnicity", "ssd_person.pers_ethnicity", "as written (DfE ethnicity codes)"),
            new(Disabilities, "Disability", "ssd_disability.disa_disability_code", "as written (NONE, or a DfE disability code: MOB, HAND, PC ...), one row each"),
            new(Disabilities, FieldMapping.Derived, "ssd_disability.disa_table_id",
                "LAchildID:DIS:the code (a value that is not a short code: DIS:n, the nth); the same disability in last year's file has the same id"),
            new(Disabilities, FieldMapping.Derived, "ssd_disability.disa_person_id", "LAchildID"),

            new(Details, "CINreferralDate", "ssd_cin_episodes.cine_referral_date", "yyyy-MM-dd"),
            new(Details, "ReferralSource", "ssd_cin_episodes.cine_referral_source_code", "as written (1A ... 10)"),
            new(Details, "PrimaryNeedCode", "ssd_cin_episodes.cine_cin_primary_need_code", "as written (N0 ... N9)"),
            new(Details, "CINclosureDate", "ssd_cin_episodes.cine_close_date", "yyyy-MM-dd"),
            new(Details, "ReasonForClosure", "ssd_cin_episodes.cine_close_reason", "as written (RC1 ... RC9)"),
            new(Details, "DateOfInitialCPC", "ssd_initial_cp_conference.icpc_icpc_date",
                "a conference with no enquiry, unless a Section47 of the same CINdetails has the same DateOfInitialCPC (then it is that conference): "
                + "the census records at this level the conference of a plan whose enquiry fell in an earlier year"),
            new(Details, "ReferralNFA", "ssd_cin_episodes.cine_referral_nfa", "true/false or 1/0 as a flag"),
            new(Details, FieldMapping.Derived, "ssd_cin_episodes.cine_referral_id",
                "LAchildID:R:CINreferralDate (yyyy-MM-dd), with :n for the nth CINdetails of the child referred that day; the same referral in last "
                + "year's file has the same id, and this year's copy replaces it"),
            new(Details, FieldMapping.Derived, "ssd_cin_episodes.cine_person_id", "LAchildID"),

            new(Assessments, "AssessmentActualStartDate", "ssd_cin_assessments.cina_assessment_start_date", "yyyy-MM-dd"),
            new(Assessments, "AssessmentInternalReviewDate", null, "not mapped: the contract has no column for it"),
            new(Assessments, "AssessmentAuthorisationDate", "ssd_cin_assessments.cina_assessment_auth_date", "yyyy-MM-dd"),
            new(Assessments, "FactorsIdentifiedAtAssessment/AssessmentFactors", null, "not mapped: the SSD's ssd_assessment_factors is not one of the contract's tables"),
            new(Assessments, FieldMapping.Derived, "ssd_cin_assessments.cina_assessment_id", "the referral's id:A:AssessmentActualStartDate, with :n for the nth that day"),
            new(Assessments, FieldMapping.Derived, "ssd_cin_assessments.cina_person_id", "LAchildID"),
            new(Assessments, FieldMapping.Derived, "ssd_cin_assessments.cina_referral_id", "the CINdetails' referral id"),

            new(PlanDates, "CINPlanStartDate", "ssd_cin_plans.cinp_cin_plan_start_date", "yyyy-MM-dd"),
            new(PlanDates, "CINPlanEndDate", "ssd_cin_plans.cinp_cin_plan_end_date", "yyyy-MM-dd"),
            new(PlanDates, FieldMapping.Derived, "ssd_cin_plans.cinp_cin_plan_id", "the referral's id:CINP:CINPlanStartDate, with :n for the nth that day"),
            new(PlanDates, FieldMapping.Derived, "ssd_cin_plans.cinp_person_id", "LAchildID"),
            new(PlanDates, FieldMapping.Derived, "ssd_cin_plans.cinp_referral_id", "the CINdetails' referral id"),

            new(Section47, "S47ActualStartDate", "ssd_s47_enquiry.s47e_s47_start_date", "yyyy-MM-dd (the strategy discussion)"),
            new(Section47, "InitialCPCtarget", "ssd_initial_cp_conference.icpc_icpc_target_date", "yyyy-MM-dd: the enquiry's conference's target date"),
            new(Section47, "DateOfInitialCPC", "ssd_initial_cp_conference.icpc_icpc_date", "a conference linked to the enquiry (icpc_s47_enquiry_id)"),
            new(Section47, "ICPCnotRequired", "ssd_s47_enquiry.s47e_s47_outcome_json",
                "true (or 1): the outcome {\"CP_CONFERENCE_FLAG\": \"N\"}; false: no outcome (the census does not say whether one was held until DateOfInitialCPC)",
                NotRequired),
            new(Section47, FieldMapping.Derived, "ssd_s47_enquiry.s47e_s47_enquiry_id", "the referral's id:S47:S47ActualStartDate, with :n for the nth that day"),
            new(Section47, FieldMapping.Derived, "ssd_s47_enquiry.s47e_person_id", "LAchildID"),
            new(Section47, FieldMapping.Derived, "ssd_s47_enquiry.s47e_referral_id", "the CINdetails' referral id"),
            new(Section47, FieldMapping.Derived, "ssd_initial_cp_conference.icpc_icpc_id",
                "the enquiry's id:ICPC, or (a CINdetails-level conference) the referral's id:ICPC:DateOfInitialCPC"),
            new(Section47, FieldMapping.Derived, "ssd_initial_cp_conference.icpc_s47_enquiry_id", "the enquiry's id (empty for a CINdetails-level conference)"),
            new(Section47, FieldMapping.Derived, "ssd_initial_cp_conference.icpc_person_id", "LAchildID"),
            new(Section47, FieldMapping.Derived, "ssd_initial_cp_conference.icpc_referral_id", "the CINdetails' referral id"),
            new(Section47, FieldMapping.Derived, "ssd_initial_cp_conference.icpc_icpc_outcome_cp_flag",
                "Y when a child protection plan of the CINdetails starts on the conference's date, else N (the census's rule 2885 ties the two dates)"),

            new(Plans, "CPPstartDate", "ssd_cp_plans.cppl_cp_plan_start_date", "yyyy-MM-dd"),
            new(Plans, "CPPendDate", "ssd_cp_plans.cppl_cp_plan_end_date", "yyyy-MM-dd"),
            new(Plans, "InitialCategoryOfAbuse", "ssd_cp_plans.cppl_cp_plan_initial_category", "as written (NEG, PHY, SAB, EMO, MUL)"),
            new(Plans, "LatestCategoryOfAbuse", "ssd_cp_plans.cppl_cp_plan_latest_category", "as written"),
            new(Plans, "NumberOfPreviousCPP", null, "not mapped: the SSD has no column for it (earlier plans are rows of ssd_cp_plans)"),
            new(Plans, FieldMapping.Derived, "ssd_cp_plans.cppl_cp_plan_id", "the referral's id:CPP:CPPstartDate, with :n for the nth that day"),
            new(Plans, FieldMapping.Derived, "ssd_cp_plans.cppl_person_id", "LAchildID"),
            new(Plans, FieldMapping.Derived, "ssd_cp_plans.cppl_referral_id", "the CINdetails' referral id"),
            new(Plans, FieldMapping.Derived, "ssd_cp_plans.cppl_icpc_id", "the id of the CINdetails' conference held on CPPstartDate, if any"),

            new(Reviews, "CPPreviewDate", "ssd_cp_reviews.cppr_cp_review_date", "yyyy-MM-dd, one review each (the census has no due dates)"),
            new(Reviews, FieldMapping.Derived, "ssd_cp_reviews.cppr_cp_review_id", "the plan's id:REV:CPPreviewDate, with :n for the nth that day"),
            new(Reviews, FieldMapping.Derived, "ssd_cp_reviews.cppr_person_id", "LAchildID"),
            new(Reviews, FieldMapping.Derived, "ssd_cp_reviews.cppr_cp_plan_id", "the plan's id"),
        ]);

    private static string NotRequired(string value) => Translations.YesNo(value) switch
    {
        "Y" => "{\"CP_CONFERENCE_FLAG\": \"N\"}",
        "N" => "",
        _ => value,
    };
}
