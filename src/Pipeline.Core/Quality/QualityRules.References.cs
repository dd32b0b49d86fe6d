using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Referential integrity.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> References() =>
    [
        new()
        {
            Code = "orphan_person",
            Title = "Record for a person not in ssd_person",
            Severity = Severity.Error,
            Tables = ["ssd_person"],
            Fields = "*_person_id",
            Description = "A record's person id does not match any pers_person_id in ssd_person. The DfE's returns nest every record under "
                + "its child, so they cannot hold such a record; the SSDA903's internal checks do the same for its own modules, and a CLA "
                + "episode or missing episode in tonight's return, or a care leaver, is 903:INT03, INT04 or INT06 instead.",
            Find = OrphanPersons,
        },
        new()
        {
            Code = "orphan_referral",
            Title = "Record for a referral not in ssd_cin_episodes",
            Severity = Severity.Error,
            Tables = ["ssd_cin_assessments", "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cp_plans", "ssd_cin_plans", "ssd_cla_episodes", "ssd_involvements", "ssd_cin_episodes"],
            Fields = "*_referral_id",
            Description = "An assessment, S47 enquiry, initial conference, CP plan, CIN plan, CLA episode or involvement names a referral id "
                + "that matches no cine_referral_id. Checked only when the extract holds ssd_cin_episodes; an empty referral id is not an "
                + "orphan. All records naming the same missing referral share one error id."
                + " The DfE has nothing like it: its returns nest each record under the one it belongs to, so a dangling id cannot be returned.",
            Find = inputs => OrphanReferences(inputs, "orphan_referral", "ssd_cin_episodes", inputs.KnownReferralIds, ReferralReferences(inputs.Extract, inputs.KnownReferralIds)),
        },
        new()
        {
            Code = "orphan_s47",
            Title = "Initial conference for an S47 enquiry not in ssd_s47_enquiry",
            Severity = Severity.Error,
            Tables = ["ssd_initial_cp_conference", "ssd_s47_enquiry"],
            Fields = "icpc_s47_enquiry_id",
            Description = "An initial child protection conference names an S47 enquiry id that matches no s47e_s47_enquiry_id. Checked only "
                + "when the extract holds ssd_s47_enquiry; an empty id (a transfer-in conference has no enquiry) is not an orphan. All conferences naming the same missing enquiry share one error id."
                + " The DfE has nothing like it: its returns nest each record under the one it belongs to, so a dangling id cannot be returned.",
            Find = inputs => OrphanReferences(inputs, "orphan_s47", "ssd_s47_enquiry", inputs.KnownS47Ids,
                Unknown(inputs.Extract.InitialCpConferences, nameof(InitialCpConference.S47EnquiryId), c => c.S47EnquiryId, inputs.KnownS47Ids).Select(c => new IdReference("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_s47_enquiry_id", c.S47EnquiryId, c.WorkerId, c.TeamId))),
        },
        new()
        {
            Code = "orphan_cp_plan",
            Title = "Record for a CP plan not in ssd_cp_plans",
            Severity = Severity.Error,
            Tables = ["ssd_cp_visits", "ssd_cp_reviews", "ssd_initial_cp_conference", "ssd_cp_plans"],
            Fields = "cppv_cp_plan_id, cppr_cp_plan_id, icpc_cp_plan_id",
            Description = "A CP visit, CP review or initial conference names a CP plan id that matches no cppl_cp_plan_id. Checked only when "
                + "the extract holds ssd_cp_plans; an empty id is not an orphan. All records naming the same missing plan share one error id."
                + " The DfE has nothing like it: its returns nest each record under the one it belongs to, so a dangling id cannot be returned.",
            Find = inputs => OrphanReferences(inputs, "orphan_cp_plan", "ssd_cp_plans", inputs.KnownCpPlanIds,
                Unknown(inputs.Extract.CpVisits, nameof(CpVisit.PlanId), v => v.PlanId, inputs.KnownCpPlanIds).Select(v => new IdReference("ssd_cp_visits", v.VisitId, v.PersonId, "cppv_cp_plan_id", v.PlanId))
                    .Concat(Unknown(inputs.Extract.CpReviews, nameof(CpReview.PlanId), r => r.PlanId, inputs.KnownCpPlanIds).Select(r => new IdReference("ssd_cp_reviews", r.ReviewId, r.PersonId, "cppr_cp_plan_id", r.PlanId)))
                    .Concat(Unknown(inputs.Extract.InitialCpConferences, nameof(InitialCpConference.CpPlanId), c => c.CpPlanId, inputs.KnownCpPlanIds).Select(c => new IdReference("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_cp_plan_id", c.CpPlanId, c.WorkerId, c.TeamId)))),
        },
        new()
        {
            Code = "orphan_cla_id",
            Title = "Record for a period of care not in ssd_cla_episodes",
            Severity = Severity.Error,
            Tables = ["ssd_cla_reviews", "ssd_cla_visits", "ssd_cla_placement", "ssd_cla_episodes"],
            Fields = "clar_cla_id, clav_cla_id, clap_cla_id",
            Description = "A CLA review, CLA visit or placement names a CLA id that matches no clae_cla_id in ssd_cla_episodes. Checked only "
                + "when the extract holds ssd_cla_episodes; an empty id is not an orphan. All records naming the same missing CLA id share one error id."
                + " The DfE has nothing like it: its returns nest each record under the one it belongs to, so a dangling id cannot be returned.",
            Find = inputs => OrphanReferences(inputs, "orphan_cla_id", "ssd_cla_episodes", inputs.KnownClaIds,
                Unknown(inputs.Extract.ClaReviews, nameof(ClaReview.ClaId), r => r.ClaId, inputs.KnownClaIds).Select(r => new IdReference("ssd_cla_reviews", r.ReviewId, inputs.ClaIdPerson(r.ClaId), "clar_cla_id", r.ClaId))
                    .Concat(Unknown(inputs.Extract.ClaVisits, nameof(ClaVisit.ClaId), v => v.ClaId, inputs.KnownClaIds).Select(v => new IdReference("ssd_cla_visits", v.VisitId, v.PersonId, "clav_cla_id", v.ClaId)))
                    .Concat(Unknown(inputs.Extract.ClaPlacements, nameof(ClaPlacement.ClaId), p => p.ClaId, inputs.KnownClaIds).Select(p => new IdReference("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_id", p.ClaId)))),
        },
        new()
        {
            Code = "orphan_worker",
            Title = "Worker id not in ssd_professionals",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes", "ssd_cin_assessments", "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cin_plans", "ssd_care_leavers", "ssd_involvements", "ssd_professionals"],
            Fields = "*_worker_id, invo_professional_id",
            Description = "A referral, assessment, S47 enquiry, initial conference, CIN plan, care leaver or involvement names a worker id that "
                + "matches no prof_professional_id. Checked only when the extract holds ssd_professionals; an empty id is not an orphan, and "
                + "clea_care_leaver_personal_advisor is not checked (the SSD does not define it as a professional id). All records naming "
                + "the same missing worker share one error id."
                + " The DfE has nothing like it: its returns nest each record under the one it belongs to, so a dangling id cannot be returned.",
            Find = inputs => OrphanReferences(inputs, "orphan_worker", "ssd_professionals", inputs.KnownWorkerIds, WorkerReferences(inputs.Extract, inputs.KnownWorkerIds)),
        },
        new()
        {
            Code = "orphan_team",
            Title = "Team id not in ssd_department",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes", "ssd_cin_assessments", "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cin_plans", "ssd_care_leavers", "ssd_involvements", "ssd_department"],
            Fields = "*_team, invo_professional_team, dept_team_parent_id",
            Description = "A referral, assessment, S47 enquiry, initial conference, CIN plan, care leaver or involvement names a team id, or a "
                + "department names a parent, that matches no dept_team_id. Checked only when the extract holds ssd_department; an empty "
                + "id is not an orphan, and prof_professional_department is not checked (the SSD defines it as a name). All records naming "
                + "the same missing team share one error id."
                + " The DfE has nothing like it: its returns nest each record under the one it belongs to, so a dangling id cannot be returned.",
            Find = inputs => OrphanReferences(inputs, "orphan_team", "ssd_department", inputs.KnownTeamIds, TeamReferences(inputs.Extract, inputs.KnownTeamIds)),
        },
        new()
        {
            Code = "missing_parent_id",
            Title = "Record with no id to reach the child or plan it belongs to",
            Severity = Severity.Error,
            Tables = ["ssd_cla_reviews", "ssd_cla_visits", "ssd_cla_placement", "ssd_cp_visits", "ssd_cp_reviews", "ssd_cin_visits", "ssd_involvements"],
            Fields = "clar_cla_id, clav_person_id, clav_cla_id, clap_person_id, clap_cla_id, cppv_person_id, cppv_cp_plan_id, cppr_cp_plan_id, cinv_person_id, invo_professional_id, invo_person_id",
            Description = "A record that an indicator follows to its child, plan or worker has no id to follow, so the indicator leaves it out: "
                + "a CLA review with no clar_cla_id; a CLA visit or placement with neither a person id nor a CLA id; a CP visit with "
                + "neither a person id nor a plan id; a CP review with no plan id and no due date (its due date comes from the plan); a CIN "
                + "visit with no person id; an allocated-worker involvement (a configured allocated-worker role) with no worker or no child. "
                + "An id that matches nothing is the orphan_* rules'."
                + " The DfE has nothing like it: its returns nest each record under its child, and carry no visits or involvements.",
            Find = MissingParentIds,
        },
    ];

    private static IEnumerable<DqFinding> MissingParentIds(QualityInputs inputs)
    {
        var e = inputs.Extract;
        DqFinding Finding(string table, string id, string? person, string fields, string what, string? worker = null, string? team = null) =>
            new(table, id, person, fields, $"no {what}: left out of the indicators that follow it", $"missing_parent_id:{table}:{id}", worker, team);

        var roles = inputs.Reference.Settings.AllocatedWorkerRoles.Select(r => r.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        static bool Neither(string? id, string? otherId) => id is null && otherId is null;
        // NOTE: the ids read from their columns, the records built only for the rows missing them.
        var involvements = e.Involvements;
        var (roleOf, workerOf, childOf) = (involvements.Field(nameof(Involvement.RoleId), i => i.RoleId),
            involvements.Field(nameof(Involvement.ProfessionalId), i => i.ProfessionalId), involvements.Field(nameof(Involvement.PersonId), i => i.PersonId));
        return e.ClaReviews.RowsWhere((nameof(ClaReview.ClaId), r => r.ClaId), claId => claId is null)
                .Select(r => Finding("ssd_cla_reviews", r.ReviewId, null, "clar_cla_id", "clar_cla_id"))
            .Concat(e.ClaVisits.RowsWhere((nameof(ClaVisit.PersonId), v => v.PersonId), (nameof(ClaVisit.ClaId), v => v.ClaId), Neither)
                .Select(v => Finding("ssd_cla_visits", v.VisitId, null, "clav_person_id, clav_cla_id", "clav_person_id or clav_cla_id")))
            .Concat(e.ClaPlacements.RowsWhere((nameof(ClaPlacement.PersonId), p => p.PersonId), (nameof(ClaPlacement.ClaId), p => p.ClaId), Neither)
                .Select(p => Finding("ssd_cla_placement", p.PlacementId, null, "clap_person_id, clap_cla_id", "clap_person_id or clap_cla_id")))
            .Concat(e.CpVisits.RowsWhere((nameof(CpVisit.PersonId), v => v.PersonId), (nameof(CpVisit.PlanId), v => v.PlanId), Neither)
                .Select(v => Finding("ssd_cp_visits", v.VisitId, null, "cppv_person_id, cppv_cp_plan_id", "cppv_person_id or cppv_cp_plan_id")))
            .Concat(e.CpReviews.RowsWhere((nameof(CpReview.PlanId), r => r.PlanId), (nameof(CpReview.DueDate), r => r.DueDate), (plan, due) => plan is null && due is null)
                .Select(r => Finding("ssd_cp_reviews", r.ReviewId, r.PersonId, "cppr_cp_plan_id", "cppr_cp_plan_id (and no cppr_cp_review_due)")))
            .Concat(e.CinVisits.RowsWhere((nameof(CinVisit.PersonId), v => v.PersonId), person => person is null)
                .Select(v => Finding("ssd_cin_visits", v.VisitId, null, "cinv_person_id", "cinv_person_id")))
            .Concat(involvements.RowsWhere(row => roleOf(row) is { } role && roles.Contains(role.Trim()) && (workerOf(row) is null || childOf(row) is null))
                .Select(i => Finding("ssd_involvements", i.InvolvementId, i.PersonId, i.ProfessionalId is null ? "invo_professional_id" : "invo_person_id",
                    $"{(i.ProfessionalId is null ? "invo_professional_id" : "invo_person_id")} on an allocated-worker involvement", i.ProfessionalId, i.TeamId)));
    }

    // NOTE: the people's lookup read once, not once per row: each read of a lookup property makes a delegate.
    private static IEnumerable<DqFinding> OrphanPersons(QualityInputs inputs)
    {
        var persons = inputs.Persons;
        return PersonColumnsByTable(inputs.Extract)
            .SelectMany(t => Enumerable.Range(0, t.Count).Where(row => t.PersonId(row) is { } person && !persons.ContainsKey(person)).Select(t.Record))
            .Where(r => !JudgedByDfeOrphanRule(inputs, r))
            .Select(r => new DqFinding(r.Table, r.Id, r.PersonId, "person id",
                "person id not found in ssd_person", $"orphan_person:{r.Table}:{r.Id}"));
    }

    /// <summary>One id a record holds that should match a row of another table.</summary>
    private sealed record IdReference(string Table, string Id, string? PersonId, string Field, string? Target, string? WorkerId = null, string? TeamId = null);

    // One pass over the references; a lookup of the target table's ids built once (QualityInputs.Integrity.cs).
    private static IEnumerable<DqFinding> OrphanReferences(QualityInputs inputs, string code, string targetTable, IReadOnlySet<string> known, IEnumerable<IdReference> references) =>
        !inputs.Extract.HasTable(targetTable)
            ? []
            : references
                .Where(r => r.Target is not null && !known.Contains(r.Target))
                .Select(r => new DqFinding(r.Table, r.Id, r.PersonId, r.Field, $"{r.Field} {r.Target} not found in {targetTable}",
                    $"{code}:{r.Target}", r.WorkerId, r.TeamId));

    // The rows whose field (read from its column) names an id not in known: the records are built only for those.
    // NOTE: columns first: the orphan rules pass over every row of a dozen tables to find a few dangling ids.
    private static IEnumerable<T> Unknown<T>(IReadOnlyList<T> rows, string field, Func<T, string?> read, IReadOnlySet<string> known) =>
        rows.RowsWhere((field, read), id => id is not null && !known.Contains(id));

    private static IEnumerable<IdReference> ReferralReferences(ExtractSet e, IReadOnlySet<string> known) =>
        Unknown(e.Assessments, nameof(Assessment.ReferralId), a => a.ReferralId, known).Select(a => new IdReference("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_referral_id", a.ReferralId, a.WorkerId, a.TeamId))
            .Concat(Unknown(e.S47Enquiries, nameof(S47Enquiry.ReferralId), s => s.ReferralId, known).Select(s => new IdReference("ssd_s47_enquiry", s.EnquiryId, s.PersonId, "s47e_referral_id", s.ReferralId, s.WorkerId, s.TeamId)))
            .Concat(Unknown(e.InitialCpConferences, nameof(InitialCpConference.ReferralId), c => c.ReferralId, known).Select(c => new IdReference("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_referral_id", c.ReferralId, c.WorkerId, c.TeamId)))
            .Concat(Unknown(e.CpPlans, nameof(CpPlan.ReferralId), p => p.ReferralId, known).Select(p => new IdReference("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_referral_id", p.ReferralId)))
            .Concat(Unknown(e.CinPlans, nameof(CinPlan.ReferralId), p => p.ReferralId, known).Select(p => new IdReference("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_referral_id", p.ReferralId, p.WorkerId, p.TeamId)))
            .Concat(Unknown(e.ClaEpisodes, nameof(ClaEpisode.ReferralId), c => c.ReferralId, known).Select(c => new IdReference("ssd_cla_episodes", c.EpisodeId, c.PersonId, "clae_referral_id", c.ReferralId)))
            .Concat(Unknown(e.Involvements, nameof(Involvement.ReferralId), i => i.ReferralId, known).Select(i => new IdReference("ssd_involvements", i.InvolvementId, i.PersonId, "invo_referral_id", i.ReferralId, i.ProfessionalId, i.TeamId)));

    private static IEnumerable<IdReference> WorkerReferences(ExtractSet e, IReadOnlySet<string> known) =>
        Unknown(e.CinEpisodes, nameof(CinEpisode.WorkerId), r => r.WorkerId, known).Select(r => new IdReference("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_worker_id", r.WorkerId, r.WorkerId, r.TeamId))
            .Concat(Unknown(e.Assessments, nameof(Assessment.WorkerId), a => a.WorkerId, known).Select(a => new IdReference("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_worker_id", a.WorkerId, a.WorkerId, a.TeamId)))
            .Concat(Unknown(e.S47Enquiries, nameof(S47Enquiry.WorkerId), s => s.WorkerId, known).Select(s => new IdReference("ssd_s47_enquiry", s.EnquiryId, s.PersonId, "s47e_s47_completed_by_worker_id", s.WorkerId, s.WorkerId, s.TeamId)))
            .Concat(Unknown(e.InitialCpConferences, nameof(InitialCpConference.WorkerId), c => c.WorkerId, known).Select(c => new IdReference("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_icpc_worker_id", c.WorkerId, c.WorkerId, c.TeamId)))
            .Concat(Unknown(e.CinPlans, nameof(CinPlan.WorkerId), p => p.WorkerId, known).Select(p => new IdReference("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_worker_id", p.WorkerId, p.WorkerId, p.TeamId)))
            .Concat(Unknown(e.CareLeavers, nameof(CareLeaver.WorkerId), c => c.WorkerId, known).Select(c => new IdReference("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_worker_id", c.WorkerId, c.WorkerId, c.TeamId)))
            .Concat(Unknown(e.Involvements, nameof(Involvement.ProfessionalId), i => i.ProfessionalId, known).Select(i => new IdReference("ssd_involvements", i.InvolvementId, i.PersonId, "invo_professional_id", i.ProfessionalId, i.ProfessionalId, i.TeamId)));

    private static IEnumerable<IdReference> TeamReferences(ExtractSet e, IReadOnlySet<string> known) =>
        Unknown(e.CinEpisodes, nameof(CinEpisode.TeamId), r => r.TeamId, known).Select(r => new IdReference("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_team", r.TeamId, r.WorkerId, r.TeamId))
            .Concat(Unknown(e.Assessments, nameof(Assessment.TeamId), a => a.TeamId, known).Select(a => new IdReference("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_team", a.TeamId, a.WorkerId, a.TeamId)))
            .Concat(Unknown(e.S47Enquiries, nameof(S47Enquiry.TeamId), s => s.TeamId, known).Select(s => new IdReference("ssd_s47_enquiry", s.EnquiryId, s.PersonId, "s47e_s47_completed_by_team", s.TeamId, s.WorkerId, s.TeamId)))
            .Concat(Unknown(e.InitialCpConferences, nameof(InitialCpConference.TeamId), c => c.TeamId, known).Select(c => new IdReference("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_icpc_team", c.TeamId, c.WorkerId, c.TeamId)))
            .Concat(Unknown(e.CinPlans, nameof(CinPlan.TeamId), p => p.TeamId, known).Select(p => new IdReference("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_team", p.TeamId, p.WorkerId, p.TeamId)))
            .Concat(Unknown(e.CareLeavers, nameof(CareLeaver.TeamId), c => c.TeamId, known).Select(c => new IdReference("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_allocated_team", c.TeamId, c.WorkerId, c.TeamId)))
            .Concat(Unknown(e.Involvements, nameof(Involvement.TeamId), i => i.TeamId, known).Select(i => new IdReference("ssd_involvements", i.InvolvementId, i.PersonId, "invo_professional_team", i.TeamId, i.ProfessionalId, i.TeamId)))
            .Concat(Unknown(e.Departments, nameof(Department.ParentId), d => d.ParentId, known).Select(d => new IdReference("ssd_department", d.TeamId, null, "dept_team_parent_id", d.ParentId, null, d.TeamId)));

    private sealed record PersonRecord(string Table, string Id, string? PersonId, DateOnly? End = null);

    /// <summary>Whether a record whose child is not in ssd_person is one of the SSDA903's internal checks (INT03, INT04, INT06).</summary>
    private static bool JudgedByDfeOrphanRule(QualityInputs inputs, PersonRecord r) => r.Table switch
    {
        "ssd_care_leavers" => true,
        "ssd_cla_episodes" => inputs.InReturn(r.End),
        "ssd_missing" => inputs.ClaReturnChildren.Contains(r.PersonId!) && inputs.InReturn(r.End),
        _ => false,
    };

    // A table's ids and person ids (and, where rules need it, its end date), read from its columns by row.
    // NOTE: columns, not records: the identity rules pass over every row of every table, and building each record (and its id
    // string) for two fields was most of their time.
    // IdHashOf: the id's hash from its column's bytes (FieldReads.IdHashes), for rules that need only to compare ids.
    private sealed record PersonColumns(string Table, int Count, Func<int, string> Id, Func<int, ulong> IdHashOf, Func<int, string?> PersonId,
        Func<int, DateOnly?>? End = null)
    {
        public PersonRecord Record(int row) => new(Table, Id(row), PersonId(row), End?.Invoke(row));
    }

    private static PersonColumns Columns<T>(IReadOnlyList<T> rows, string table, (string Name, Func<T, string> Read) id, (string Name, Func<T, string?> Read)? person,
        (string Name, Func<T, DateOnly?> Read)? end = null) =>
        new(table, rows.Count, rows.Field(id.Name, id.Read), rows.IdHashes(id.Name, id.Read), person is { } p ? rows.Field(p.Name, p.Read) : _ => null,
            end is { } e ? rows.Field(e.Name, e.Read) : null);

    // Every table's (id, person id), table by table: what identity rules (orphans, duplicates) look at.
    private static IEnumerable<PersonColumns> PersonColumnsByTable(ExtractSet e) =>
    [
        Columns(e.Persons, "ssd_person", (nameof(Person.PersonId), r => r.PersonId), null),
        Columns(e.CinEpisodes, "ssd_cin_episodes", (nameof(CinEpisode.ReferralId), r => r.ReferralId), (nameof(CinEpisode.PersonId), r => r.PersonId)),
        Columns(e.Contacts, "ssd_contacts", (nameof(Contact.ContactId), r => r.ContactId), (nameof(Contact.PersonId), r => r.PersonId)),
        Columns(e.Assessments, "ssd_cin_assessments", (nameof(Assessment.AssessmentId), r => r.AssessmentId), (nameof(Assessment.PersonId), r => r.PersonId)),
        Columns(e.S47Enquiries, "ssd_s47_enquiry", (nameof(S47Enquiry.EnquiryId), r => r.EnquiryId), (nameof(S47Enquiry.PersonId), r => r.PersonId)),
        Columns(e.InitialCpConferences, "ssd_initial_cp_conference", (nameof(InitialCpConference.IcpcId), r => r.IcpcId), (nameof(InitialCpConference.PersonId), r => r.PersonId)),
        Columns(e.CpPlans, "ssd_cp_plans", (nameof(CpPlan.PlanId), r => r.PlanId), (nameof(CpPlan.PersonId), r => r.PersonId)),
        Columns(e.CpVisits, "ssd_cp_visits", (nameof(CpVisit.VisitId), r => r.VisitId), (nameof(CpVisit.PersonId), r => r.PersonId)),
        Columns(e.CpReviews, "ssd_cp_reviews", (nameof(CpReview.ReviewId), r => r.ReviewId), (nameof(CpReview.PersonId), r => r.PersonId)),
        Columns(e.CinPlans, "ssd_cin_plans", (nameof(CinPlan.PlanId), r => r.PlanId), (nameof(CinPlan.PersonId), r => r.PersonId)),
        Columns(e.CinVisits, "ssd_cin_visits", (nameof(CinVisit.VisitId), r => r.VisitId), (nameof(CinVisit.PersonId), r => r.PersonId)),
        Columns(e.ClaEpisodes, "ssd_cla_episodes", (nameof(ClaEpisode.EpisodeId), r => r.EpisodeId), (nameof(ClaEpisode.PersonId), r => r.PersonId), (nameof(ClaEpisode.CeasedDate), r => r.CeasedDate)),
        Columns(e.ClaPlacements, "ssd_cla_placement", (nameof(ClaPlacement.PlacementId), r => r.PlacementId), (nameof(ClaPlacement.PersonId), r => r.PersonId)),
        Columns(e.LegalStatuses, "ssd_legal_status", (nameof(LegalStatus.LegalStatusId), r => r.LegalStatusId), (nameof(LegalStatus.PersonId), r => r.PersonId)),
        Columns(e.ClaVisits, "ssd_cla_visits", (nameof(ClaVisit.VisitId), r => r.VisitId), (nameof(ClaVisit.PersonId), r => r.PersonId)),
        Columns(e.ClaHealthChecks, "ssd_cla_health", (nameof(ClaHealthCheck.HealthCheckId), r => r.HealthCheckId), (nameof(ClaHealthCheck.PersonId), r => r.PersonId)),
        Columns(e.ClaCarePlans, "ssd_cla_care_plan", (nameof(ClaCarePlan.CarePlanId), r => r.CarePlanId), (nameof(ClaCarePlan.PersonId), r => r.PersonId)),
        Columns(e.MissingEpisodes, "ssd_missing", (nameof(MissingEpisode.MissingId), r => r.MissingId), (nameof(MissingEpisode.PersonId), r => r.PersonId), (nameof(MissingEpisode.EndDate), r => r.EndDate)),
        Columns(e.CareLeavers, "ssd_care_leavers", (nameof(CareLeaver.CareLeaverId), r => r.CareLeaverId), (nameof(CareLeaver.PersonId), r => r.PersonId)),
        Columns(e.Involvements, "ssd_involvements", (nameof(Involvement.InvolvementId), r => r.InvolvementId), (nameof(Involvement.PersonId), r => r.PersonId)),
    ];
}
