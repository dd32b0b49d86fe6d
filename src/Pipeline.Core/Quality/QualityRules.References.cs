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
            Description = "A record's person id does not match any pers_person_id in ssd_person.",
            Find = inputs => PersonRecords(inputs.Extract)
                .Where(r => r.PersonId is not null && !inputs.Persons.ContainsKey(r.PersonId))
                .Select(r => new DqFinding(r.Table, r.Id, r.PersonId, "person id",
                    "person id not found in ssd_person", $"orphan_person:{r.Table}:{r.Id}")),
        },
    ];

    private sealed record PersonRecord(string Table, string Id, string? PersonId);

    // Every table's (id, person id), table by table: what identity rules (orphans, duplicates) look at.
    private static IEnumerable<IEnumerable<PersonRecord>> PersonRecordsByTable(ExtractSet e) =>
    [
        e.Persons.Select(r => new PersonRecord("ssd_person", r.PersonId, null)),
        e.CinEpisodes.Select(r => new PersonRecord("ssd_cin_episodes", r.ReferralId, r.PersonId)),
        e.Contacts.Select(r => new PersonRecord("ssd_contacts", r.ContactId, r.PersonId)),
        e.Assessments.Select(r => new PersonRecord("ssd_cin_assessments", r.AssessmentId, r.PersonId)),
        e.S47Enquiries.Select(r => new PersonRecord("ssd_s47_enquiry", r.EnquiryId, r.PersonId)),
        e.InitialCpConferences.Select(r => new PersonRecord("ssd_initial_cp_conference", r.IcpcId, r.PersonId)),
        e.CpPlans.Select(r => new PersonRecord("ssd_cp_plans", r.PlanId, r.PersonId)),
        e.CpVisits.Select(r => new PersonRecord("ssd_cp_visits", r.VisitId, r.PersonId)),
        e.CpReviews.Select(r => new PersonRecord("ssd_cp_reviews", r.ReviewId, r.PersonId)),
        e.CinPlans.Select(r => new PersonRecord("ssd_cin_plans", r.PlanId, r.PersonId)),
        e.CinVisits.Select(r => new PersonRecord("ssd_cin_visits", r.VisitId, r.PersonId)),
        e.ClaEpisodes.Select(r => new PersonRecord("ssd_cla_episodes", r.EpisodeId, r.PersonId)),
        e.ClaPlacements.Select(r => new PersonRecord("ssd_cla_placement", r.PlacementId, r.PersonId)),
        e.LegalStatuses.Select(r => new PersonRecord("ssd_legal_status", r.LegalStatusId, r.PersonId)),
        e.ClaVisits.Select(r => new PersonRecord("ssd_cla_visits", r.VisitId, r.PersonId)),
        e.ClaHealthChecks.Select(r => new PersonRecord("ssd_cla_health", r.HealthCheckId, r.PersonId)),
        e.ClaCarePlans.Select(r => new PersonRecord("ssd_cla_care_plan", r.CarePlanId, r.PersonId)),
        e.MissingEpisodes.Select(r => new PersonRecord("ssd_missing", r.MissingId, r.PersonId)),
        e.CareLeavers.Select(r => new PersonRecord("ssd_care_leavers", r.CareLeaverId, r.PersonId)),
        e.Involvements.Select(r => new PersonRecord("ssd_involvements", r.InvolvementId, r.PersonId)),
    ];

    private static IEnumerable<PersonRecord> PersonRecords(ExtractSet e) => PersonRecordsByTable(e).SelectMany(t => t);
}
