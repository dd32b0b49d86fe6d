using Pipeline.Extract;

namespace Pipeline.Returns;

/// <summary>
/// The SSDA903 return (children looked after) field by field: the tables and columns of the DfE's validators
/// (data-to-insight/csc-validator-be-903), and where each goes in the SSD.
/// </summary>
public static class Ssda903Mapping
{
    public const string Header = "header";
    public const string Episodes = "episodes";
    public const string Reviews = "reviews";
    public const string Uasc = "uasc";
    public const string Oc2 = "oc2";
    public const string Oc3 = "oc3";
    public const string Ad1 = "ad1";
    public const string PlacedForAdoption = "placed_for_adoption";
    public const string PrevPerm = "prev_perm";
    public const string Missing = "missing";
    public const string SwEpisodes = "sw_episodes";

    /// <summary>The role every social-worker episode is given in <c>ssd_involvements</c>: one of the default allocated-worker roles.</summary>
    public const string SocialWorkerRole = "ALLOCATED SOCIAL WORKER";

    /// <summary>Each CSV table's columns, as the validator's <c>lac_validator/config.py</c> lists them (its file names, lower case).</summary>
    public static IReadOnlyDictionary<string, string[]> Columns { get; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
    {
        [Header] = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
        [Episodes] = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"],
        [Reviews] = ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
        [Uasc] = ["CHILD", "SEX", "DOB", "DUC"],
        [Oc2] = ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        [Oc3] = ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
        [Ad1] = ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        [PlacedForAdoption] = ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
        [PrevPerm] = ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
        [Missing] = ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
        [SwEpisodes] = ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    };

    /// <summary>
    /// Where each table is in the return's XML (<c>lac_validator/ingress.py</c>, <c>read_xml_from_text</c>): the element holding one
    /// record, under <c>EXPSSDA903/CHILD</c>. The header's fields, and the single-record tables (UASC, OC3, AD1), are leaves of
    /// <c>HEADER</c> (or of an element of their table's name inside it); <c>CHILDID</c> is the CSV's <c>CHILD</c> and <c>PL</c> its <c>PLACE</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> XmlElements { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [Header] = "CHILD/HEADER",
        [Episodes] = "CHILD/EPISODE",
        [Reviews] = "CHILD/HEADER/AREVIEW",
        [Missing] = "CHILD/HEADER/AMISSING",
        [Oc2] = "CHILD/HEADER/OC2",
        [PrevPerm] = "CHILD/HEADER/PERMANENCE",
        [PlacedForAdoption] = "CHILD/HEADER/AD_PLACED",
        [Uasc] = "CHILD/HEADER (UASC, DUC)",
        [Oc3] = "CHILD/HEADER (IN_TOUCH, ACTIV, ACCOM)",
        [Ad1] = "CHILD/HEADER (DATE_INT, ...)",
    };

    /// <summary>XML element names that differ from the CSV column (ingress.py's <c>conversions</c>).</summary>
    public static IReadOnlyDictionary<string, string> XmlRenames { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["CHILDID"] = "CHILD",
        ["PL"] = "PLACE",
    };

    /// <summary>The status every UASC row is given in <c>ssd_immigration_status</c>.</summary>
    public const string UascStatus = "UASC";

    private const string PermanenceId = "CHILD:PERM:DATE_PLACED (yyyy-MM-dd)";

    private const string NoPreviousPermanence = "not mapped: the permanence order the child had before this period of care (adoption, special "
        + "guardianship, child arrangements); the contract's ssd_permanence columns are about this period's adoption, and a row from it would read as an adoption decision";
    private const string RepeatsDob = "not mapped: repeats header.DOB";

    public static ReturnFormat Format { get; } = new(
        ExtractFormat.Ssda903,
        "The SSDA903 return: every child looked after in the collection year, episode by episode, with reviews, missing episodes, care leavers' "
        + "outcomes (OC3), social-worker episodes, unaccompanied asylum-seeking status and the adoption modules (placed for adoption, AD1).",
        [
            "CSV tables and columns: data-to-insight/csc-validator-be-903, lac_validator/config.py (column_names) and its test files tests/fake_data/*.csv",
            "XML elements (EXPSSDA903/CHILD/HEADER, EPISODE, AREVIEW, AMISSING, OC2, PERMANENCE, AD_PLACED; CHILDID and PL): the same repository, "
                + "lac_validator/ingress.py (read_xml_from_text) and tests/fake_data/fake_903.xml",
            "Codes: the DfE lists the validators hold, already in the pipeline (src/Pipeline.Core/Reference/dfe-code-lists/): the SSD's columns take the same codes",
        ],
        "CSV: one file per table, named after it (`header.csv`, `episodes.csv`, ... `sw_episodes.csv`, or `.csv.gz`); the previous collection year's "
        + "as `header_last.csv`, `episodes_last.csv`, ... (the validator's \"previous year\" upload). XML: one `.xml` file per year (root `EXPSSDA903`); "
        + "the previous year's named `*_last.xml`, or with the entry's `collection_year`.",
        "CSV: data rows (the header row is not a row), as for the SSD. XML: `CHILD` elements.",
        "A collection year (1 April to 31 March) and what was open at its start: episodes in the year, and the episode each child was in on 1 April; "
        + "with last year's files as well, two years. Up to as_at when the year is not over.",
        [
            // header
            new(Header, "CHILD", "ssd_person.pers_person_id", "the child's id: the same value is every table's CHILD, so it is also each *_person_id and the CLA id below"),
            new(Header, "SEX", "ssd_person.pers_sex", "as written: 1/2 before 2024-25, M/F/U from 2024-25 (the code rules judge each in its collection year)"),
            new(Header, "DOB", "ssd_person.pers_dob", "dd/MM/yyyy (ISO dates are read too)"),
            new(Header, "ETHNIC", "ssd_person.pers_ethnicity", "as written (DfE ethnicity codes)"),
            new(Header, "UPN", null, "not mapped: the SSD keeps the UPN in ssd_linked_identifiers, which the contract does not read"),
            new(Header, "MOTHER", "ssd_person.pers_is_mother", "1/0 as a flag"),
            new(Header, "MC_DOB", null, "not mapped: the contract has no column for the date of birth of a looked-after mother's child"),

            // episodes
            new(Episodes, "CHILD", "ssd_cla_episodes.clae_person_id", "the child's id"),
            new(Episodes, "DECOM", "ssd_cla_episodes.clae_cla_episode_start_date", "dd/MM/yyyy"),
            new(Episodes, "RNE", "ssd_cla_episodes.clae_cla_episode_start_reason", "as written (S: started to be looked after; P, T, L, U, B: a change within the period of care)"),
            new(Episodes, "LS", "ssd_legal_status.lega_legal_status",
                "one legal status row per run of a child's episodes that begins with a new legal status (RNE S, L, U or B) and lasts until the next such episode"),
            new(Episodes, "CIN", "ssd_cla_episodes.clae_cla_primary_need_code", "as written (N1 to N8)"),
            new(Episodes, "PLACE", "ssd_cla_placement.clap_cla_placement_type",
                "one placement row per run of a child's episodes that begins with a new placement (RNE S, P, T, U or B) and lasts until the next such episode; in XML the element PL"),
            new(Episodes, "PLACE_PROVIDER", "ssd_cla_placement.clap_cla_placement_provider", "of the placement's first episode"),
            new(Episodes, "DEC", "ssd_cla_episodes.clae_cla_episode_ceased_date", "dd/MM/yyyy; empty while the episode is open"),
            new(Episodes, "REC", "ssd_cla_episodes.clae_cla_episode_ceased_reason", "as written (X1: a new episode begins the same day; E...: the period of care ended)"),
            new(Episodes, "REASON_PLACE_CHANGE", "ssd_cla_placement.clap_cla_placement_change_reason", "of the placement's last episode (the one its move ends)"),
            new(Episodes, "HOME_POST", null, "not mapped: the contract reads no postcode"),
            new(Episodes, "PL_POST", null, "not mapped: the contract reads no postcode"),
            new(Episodes, "URN", "ssd_cla_placement.clap_cla_placement_urn", "of the placement's first episode"),
            new(Episodes, FieldMapping.Derived, "ssd_cla_episodes.clae_cla_episode_id", "CHILD:E:DECOM (yyyy-MM-dd), with :n for the nth episode of the child starting that day"),
            new(Episodes, FieldMapping.Derived, "ssd_cla_episodes.clae_cla_id",
                "CHILD: the return's reviews name the child, not a period of care, so the child's id is what joins episodes, placements and reviews"),
            new(Episodes, FieldMapping.Derived, "ssd_cla_episodes.clae_cla_placement_id", "the id of the placement the episode is in"),
            new(Episodes, FieldMapping.Derived, "ssd_cla_episodes.clae_entered_care_date",
                "DECOM of the child's latest episode with RNE S on or before the episode's DECOM; empty when the period of care began before the return"),
            new(Episodes, FieldMapping.Derived, "ssd_cla_placement.clap_cla_placement_id", "CHILD:P:DECOM of the placement's first episode"),
            new(Episodes, FieldMapping.Derived, "ssd_cla_placement.clap_cla_placement_start_date", "DECOM of the placement's first episode"),
            new(Episodes, FieldMapping.Derived, "ssd_cla_placement.clap_cla_placement_end_date", "DEC of the placement's last episode"),
            new(Episodes, FieldMapping.Derived, "ssd_cla_placement.clap_cla_id", "CHILD (as clae_cla_id)"),
            new(Episodes, FieldMapping.Derived, "ssd_cla_placement.clap_person_id", "CHILD"),
            new(Episodes, FieldMapping.Derived, "ssd_legal_status.lega_legal_status_id", "CHILD:L:DECOM of the legal status's first episode"),
            new(Episodes, FieldMapping.Derived, "ssd_legal_status.lega_person_id", "CHILD"),
            new(Episodes, FieldMapping.Derived, "ssd_legal_status.lega_legal_status_start_date", "DECOM of the legal status's first episode"),
            new(Episodes, FieldMapping.Derived, "ssd_legal_status.lega_legal_status_end_date", "DEC of the legal status's last episode"),

            // reviews
            new(Reviews, "CHILD", "ssd_cla_reviews.clar_cla_id", "the child's id, as clae_cla_id"),
            new(Reviews, "DOB", null, RepeatsDob),
            new(Reviews, "REVIEW", "ssd_cla_reviews.clar_cla_review_date", "dd/MM/yyyy; the return lists reviews held (none cancelled, no due dates)"),
            new(Reviews, "REVIEW_CODE", "ssd_cla_reviews.clar_cla_review_participation", "as written (PN0 to PN7)"),
            new(Reviews, FieldMapping.Derived, "ssd_cla_reviews.clar_cla_review_id", "CHILD:R:REVIEW, with :n for the nth review of the child that day"),

            // uasc
            new(Uasc, "CHILD", "ssd_immigration_status.immi_person_id",
                "the child's id: a child in uasc.csv (in XML, HEADER's UASC 1) is an unaccompanied asylum-seeking child, one UASC row each; "
                + "an XML UASC of 0 makes no row"),
            new(Uasc, "SEX", null, "not mapped: repeats header.SEX"),
            new(Uasc, "DOB", null, RepeatsDob),
            new(Uasc, "DUC", "ssd_immigration_status.immi_immigration_status_end_date", "dd/MM/yyyy: the date UASC status ceased; empty while it lasts"),
            new(Uasc, FieldMapping.Derived, "ssd_immigration_status.immi_immigration_status_id", "CHILD:UASC"),
            new(Uasc, FieldMapping.Derived, "ssd_immigration_status.immi_immigration_status", $"{UascStatus} (the status the DfE's UASC rules look for)"),

            // oc2
            .. Columns[Oc2].Select(c => new FieldMapping(Oc2, c, null,
                "not mapped: a yearly summary with no dates (health checks, SDQ, convictions); ssd_cla_health needs each check's date")),

            // placed for adoption (PlacedAdoption) and AD1: one ssd_permanence row per decision, as the SSD keeps them
            new(PlacedForAdoption, "CHILD", "ssd_permanence.perm_person_id", "the child's id"),
            new(PlacedForAdoption, "DOB", null, RepeatsDob),
            new(PlacedForAdoption, "DATE_PLACED", "ssd_permanence.perm_adm_decision_date",
                "dd/MM/yyyy: the date of the decision that the child should be placed for adoption (not the day placed: perm_placed_for_adoption_date and "
                + "perm_placement_order_date stay empty, as the return holds them only as an A3 to A6 episode's DECOM and an E1 legal status's start)"),
            new(PlacedForAdoption, "DATE_PLACED_CEASED", "ssd_permanence.perm_decision_reversed_date",
                "dd/MM/yyyy: the date of the decision that the child should no longer be placed for adoption"),
            new(PlacedForAdoption, "REASON_PLACED_CEASED", "ssd_permanence.perm_decision_reversed_reason", "as written (RD1 to RD4)"),
            new(PlacedForAdoption, FieldMapping.Derived, "ssd_permanence.perm_table_id", $"{PermanenceId}, with :n for the nth decision of the child that day"),
            new(PlacedForAdoption, FieldMapping.Derived, "ssd_permanence.perm_cla_id", "CHILD (as clae_cla_id)"),
            new(Ad1, "CHILD", "ssd_permanence.perm_person_id", "the adopted child's id"),
            new(Ad1, "DOB", null, RepeatsDob),
            new(Ad1, "DATE_INT", "ssd_permanence.perm_adm_decision_date",
                "dd/MM/yyyy: the date of the decision that adoption is in the child's best interests (\"date should be placed\"), the same decision as "
                + "placed_for_adoption's DATE_PLACED (903:523), so the AD1 fills in that decision's row"),
            new(Ad1, "DATE_MATCH", "ssd_permanence.perm_matched_date", "dd/MM/yyyy: the date the child was matched with the adopters"),
            new(Ad1, "FOSTER_CARE", "ssd_permanence.perm_adopted_by_carer_flag", "1/0 as a flag: adopted by their foster carers"),
            new(Ad1, "NB_ADOPTR", "ssd_permanence.perm_number_of_adopters", "as written (1, 2)"),
            new(Ad1, "SEX_ADOPTR", "ssd_permanence.perm_adopter_sex", "as written (M1, F1, MM, FF, MF)"),
            new(Ad1, "LS_ADOPTR", "ssd_permanence.perm_adopter_legal_status", "as written (L0, L11, L12, L2, L3, L4)"),
            new(Ad1, FieldMapping.Derived, "ssd_permanence.perm_table_id",
                "CHILD:PERM:DATE_INT (yyyy-MM-dd): the id, so the row, of the child's placed_for_adoption record of that day when there is one "
                + "(each gives the columns the other leaves empty; this year's file wins), else a row of its own"),
            new(Ad1, FieldMapping.Derived, "ssd_permanence.perm_cla_id", "CHILD (as clae_cla_id)"),
            .. Columns[PrevPerm].Select(c => new FieldMapping(PrevPerm, c, null, NoPreviousPermanence)),

            // oc3
            new(Oc3, "CHILD", "ssd_care_leavers.clea_person_id", "the young person's id"),
            new(Oc3, "DOB", null, RepeatsDob),
            new(Oc3, "IN_TOUCH", "ssd_care_leavers.clea_care_leaver_in_touch", "as written (YES, NO, DIED, REFU, NREQ, RHOM)"),
            new(Oc3, "ACTIV", "ssd_care_leavers.clea_care_leaver_activity", "as written (F1 ... G6, 0)"),
            new(Oc3, "ACCOM", "ssd_care_leavers.clea_care_leaver_accommodation",
                "the type letter of the DfE's letter-and-suitability code (B1 gives B), as the SSD writes it; 0 stays 0", AccommodationType),
            new(Oc3, "ACCOM", "ssd_care_leavers.clea_care_leaver_accom_suitable", "the code's suitability digit (B1 gives 1, suitable; B2 gives 2, unsuitable)",
                AccommodationSuitability),
            new(Oc3, FieldMapping.Derived, "ssd_care_leavers.clea_table_id", "CHILD:CL"),

            // missing
            new(Missing, "CHILD", "ssd_missing.miss_person_id", "the child's id"),
            new(Missing, "DOB", null, RepeatsDob),
            new(Missing, "MISSING", "ssd_missing.miss_missing_episode_type", "as written (M: missing; A: away without authorisation)"),
            new(Missing, "MIS_START", "ssd_missing.miss_missing_episode_start_date", "dd/MM/yyyy"),
            new(Missing, "MIS_END", "ssd_missing.miss_missing_episode_end_date", "dd/MM/yyyy; the return has no return-home-interview fields"),
            new(Missing, FieldMapping.Derived, "ssd_missing.miss_table_id", "CHILD:M:MIS_START, with :n for the nth episode of the child starting that day"),

            // social worker episodes
            new(SwEpisodes, "CHILD", "ssd_involvements.invo_person_id", "the child's id"),
            new(SwEpisodes, "DOB", null, RepeatsDob),
            new(SwEpisodes, "SW_ID", "ssd_involvements.invo_professional_id", "as written: the council's worker id"),
            new(SwEpisodes, "SW_DECOM", "ssd_involvements.invo_involvement_start_date", "dd/MM/yyyy"),
            new(SwEpisodes, "SW_DEC", "ssd_involvements.invo_involvement_end_date", "dd/MM/yyyy"),
            new(SwEpisodes, "SW_REASON", "ssd_involvements.invo_worker_change_reason", "as written"),
            new(SwEpisodes, FieldMapping.Derived, "ssd_involvements.invo_involvements_id", "CHILD:SW:SW_DECOM, with :n for the nth that day"),
            new(SwEpisodes, FieldMapping.Derived, "ssd_involvements.invo_professional_role_id", $"{SocialWorkerRole} (a default allocated-worker role)"),
        ]);

    /// <summary>Why some tables the return fills cannot give the indicators' figures, whatever the period.</summary>
    public static IReadOnlyDictionary<string, string> Limitations { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ssd_care_leavers"] = "the SSDA903's OC3 records each young person's status around their 17th to 21st birthday in the collection year, not at as_at",
        ["ssd_involvements"] = "the SSDA903's social-worker episodes are looked-after children's only, so caseloads would count only those",
    };

    private static string AccommodationType(string code) =>
        code.Length == 2 && char.IsAsciiLetter(code[0]) && code[1] is '1' or '2' ? code[..1].ToUpperInvariant() : code;

    private static string AccommodationSuitability(string code) =>
        code.Length == 2 && char.IsAsciiLetter(code[0]) && code[1] is '1' or '2' ? code[1..] : "";
}
