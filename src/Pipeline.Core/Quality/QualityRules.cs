using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

/// <summary>The rule registry: every record-level data-quality rule, declared once.</summary>
public static class QualityRules
{
    public static readonly ImmutableArray<QualityRule> All =
    [
        new()
        {
            Code = "assessment_before_referral",
            Title = "Assessment starts before its referral",
            Severity = Severity.Error,
            Tables = ["ssd_cin_assessments", "ssd_cin_episodes"],
            Fields = "cina_assessment_start_date, cine_referral_date",
            Description = "An assessment's start date is earlier than the date of the referral it belongs to (cina_referral_id).",
            DfeEquivalent = "CIN 1103",
            Find = inputs => inputs.Extract.Assessments
                .Where(a => a.ReferralId is not null && a.StartDate is not null
                    && inputs.ReferralDates.TryGetValue(a.ReferralId, out var referralDate) && referralDate > a.StartDate)
                .Select(a => new DqFinding("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_start_date",
                    $"assessment started {a.StartDate:yyyy-MM-dd}, referral {a.ReferralId} dated {inputs.ReferralDates[a.ReferralId!]:yyyy-MM-dd}",
                    $"assessment_before_referral:{a.AssessmentId}", a.WorkerId, a.TeamId)),
        },
        new()
        {
            Code = "end_before_start",
            Title = "Episode or plan ends before it starts",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes", "ssd_cin_assessments", "ssd_cp_plans", "ssd_cin_plans", "ssd_cla_episodes"],
            Fields = "start and end dates",
            Description = "A CIN episode closes, an assessment is authorised, or a CP plan, CIN plan or CLA episode ends before the date it started.",
            DfeEquivalent = "CIN 8630, 8608, 4011",
            Find = inputs => EndBeforeStart(inputs.Extract),
        },
        new()
        {
            Code = "orphan_person",
            Title = "Record for a person not in ssd_person",
            Severity = Severity.Error,
            Tables = ["ssd_person"],
            Fields = "*_person_id",
            Description = "A record's person id does not match any pers_person_id in ssd_person.",
            Find = inputs => PersonRecords(inputs.Extract)
                .Where(r => r.PersonId is not null && !inputs.PersonDatesOfBirth.ContainsKey(r.PersonId))
                .Select(r => new DqFinding(r.Table, r.Id, r.PersonId, "person id",
                    "person id not found in ssd_person", $"orphan_person:{r.Table}:{r.Id}")),
        },
        new()
        {
            Code = "duplicate_id",
            Title = "Duplicate record id",
            Severity = Severity.Error,
            Tables = ["ssd_person"],
            Fields = "table id",
            Description = "The same id appears on more than one row of a table; every copy is listed under one error id.",
            DfeEquivalent = "CIN 8510",
            Find = inputs => DuplicateIds(inputs.Extract),
        },
        new()
        {
            Code = "cp_plan_overlap",
            Title = "Two CP plans open at once",
            Severity = Severity.Error,
            Tables = ["ssd_cp_plans"],
            Fields = "cppl_cp_plan_start_date, cppl_cp_plan_end_date",
            Description = "A child has two of this council's child protection plans (not OLA) open on the same day.",
            Find = inputs => inputs.Extract.CpPlans
                .Where(p => p.HeldByOtherCouncil != true && p.StartDate is not null)
                .GroupBy(p => p.PersonId, StringComparer.Ordinal)
                .SelectMany(OverlappingPlans),
        },
        new()
        {
            Code = "cp_plan_open_over_2y",
            Title = "CP plan open for more than two years",
            Severity = Severity.Warning,
            Tables = ["ssd_cp_plans"],
            Fields = "cppl_cp_plan_start_date, cppl_cp_plan_end_date",
            Description = "A child protection plan is still open at as_at although it started more than two years earlier: often a plan ended in practice but never closed on the system.",
            Find = inputs => inputs.Extract.CpPlans
                .Where(p => Dates.IsOpenAt(p.StartDate, p.EndDate, inputs.AsAt) && p.StartDate < inputs.AsAt.AddYears(-2))
                .Select(p => new DqFinding("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_end_date",
                    $"open since {p.StartDate:yyyy-MM-dd}", $"cp_plan_open_over_2y:{p.PlanId}")),
        },
        new()
        {
            Code = "open_episode_age_25_plus",
            Title = "Open CIN episode for someone aged 25 or over",
            Severity = Severity.Query,
            Tables = ["ssd_cin_episodes", "ssd_person"],
            Fields = "cine_close_date, pers_dob",
            Description = "A CIN episode is open at as_at for a person who is 25 or older then: a legacy record never closed.",
            DfeEquivalent = "CIN 8775Q",
            Find = inputs => inputs.Extract.CinEpisodes
                .Where(r => Dates.IsOpenAt(r.ReferralDate, r.CloseDate, inputs.AsAt)
                    && inputs.PersonDatesOfBirth.TryGetValue(r.PersonId, out var dob) && dob is not null && Dates.AgeAt(dob.Value, inputs.AsAt) >= 25)
                .Select(r => new DqFinding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date",
                    $"open since {r.ReferralDate:yyyy-MM-dd}; person aged {Dates.AgeAt(inputs.PersonDatesOfBirth[r.PersonId]!.Value, inputs.AsAt)} at as_at",
                    $"open_episode_age_25_plus:{r.ReferralId}", r.WorkerId, r.TeamId)),
        },
        new()
        {
            Code = "invalid_code",
            Title = "Code not in the SSD code set",
            Severity = Severity.Error,
            Tables = ["ssd_person", "ssd_cin_episodes", "ssd_cla_placement"],
            Fields = "pers_sex, cine_cin_primary_need_code, cine_close_reason, clap_cla_placement_type",
            Description = "A coded value is not one of the SSD code set's values: sex (F, M, U), primary need (N0-N9), closure reason (RC1-RC9), placement type.",
            DfeEquivalent = "CIN 8640, 8650",
            Find = inputs => InvalidCodes(inputs.Extract),
        },
    ];

    public static QualityRule? Find(string code) => All.FirstOrDefault(r => r.Code == code);

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

    // Per table: a 64-bit hash of every id, sorted, finds the few ids that may repeat; only those are counted
    // exactly (a hash collision is only a candidate), then every copy of an id seen more than once is reported.
    // NOTE: a dictionary of every id would hold tens of millions of strings at national scale; the hashes are
    // 8 bytes an id and the extra pass over the table runs only when a table has a candidate.
    private static IEnumerable<DqFinding> DuplicateIds(ExtractSet e)
    {
        foreach (var table in PersonRecordsByTable(e))
        {
            var hashes = table.Select(r => IdHash(r.Id)).ToArray();
            Array.Sort(hashes);
            var repeated = new HashSet<ulong>();
            for (var i = 1; i < hashes.Length; i++)
            {
                if (hashes[i] == hashes[i - 1])
                {
                    repeated.Add(hashes[i]);
                }
            }

            if (repeated.Count == 0)
            {
                continue;
            }

            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var record in table.Where(r => repeated.Contains(IdHash(r.Id))))
            {
                counts[record.Id] = counts.GetValueOrDefault(record.Id) + 1;
            }

            var copy = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var record in table.Where(r => counts.GetValueOrDefault(r.Id) > 1))
            {
                copy[record.Id] = copy.GetValueOrDefault(record.Id) + 1;
                yield return new DqFinding(record.Table, record.Id, record.PersonId, "table id",
                    $"id appears {counts[record.Id]} times (copy {copy[record.Id]})", $"duplicate_id:{record.Table}:{record.Id}");
            }
        }
    }

    // FNV-1a over the id's characters: stable, and cheap enough to run twice over a table.
    private static ulong IdHash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private static IEnumerable<DqFinding> EndBeforeStart(ExtractSet e)
    {
        DqFinding Finding(string table, string id, string person, string fields, DateOnly? start, DateOnly? end) =>
            new(table, id, person, fields, $"starts {start:yyyy-MM-dd}, ends {end:yyyy-MM-dd}", $"end_before_start:{table}:{id}");

        return e.CinEpisodes.Where(r => r.CloseDate < r.ReferralDate)
                .Select(r => Finding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date", r.ReferralDate, r.CloseDate))
            .Concat(e.Assessments.Where(a => a.AuthorisedDate < a.StartDate)
                .Select(a => Finding("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_auth_date", a.StartDate, a.AuthorisedDate)))
            .Concat(e.CpPlans.Where(p => p.EndDate < p.StartDate)
                .Select(p => Finding("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_end_date", p.StartDate, p.EndDate)))
            .Concat(e.CinPlans.Where(p => p.EndDate < p.StartDate)
                .Select(p => Finding("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_end_date", p.StartDate, p.EndDate)))
            .Concat(e.ClaEpisodes.Where(c => c.CeasedDate < c.StartDate)
                .Select(c => Finding("ssd_cla_episodes", c.EpisodeId, c.PersonId, "clae_cla_episode_ceased_date", c.StartDate, c.CeasedDate)));
    }

    // Plans sorted by start: each overlaps the one before it when it starts before that one ends.
    private static IEnumerable<DqFinding> OverlappingPlans(IEnumerable<CpPlan> childPlans)
    {
        CpPlan? latestEnding = null;
        foreach (var plan in childPlans.OrderBy(p => p.StartDate).ThenBy(p => p.PlanId, StringComparer.Ordinal))
        {
            if (latestEnding is not null && (latestEnding.EndDate is null || latestEnding.EndDate > plan.StartDate))
            {
                var errorId = $"cp_plan_overlap:{latestEnding.PlanId}:{plan.PlanId}";
                var message = $"plan started {plan.StartDate:yyyy-MM-dd} while plan {latestEnding.PlanId} (from {latestEnding.StartDate:yyyy-MM-dd}) was open";
                yield return new DqFinding("ssd_cp_plans", plan.PlanId, plan.PersonId, "cppl_cp_plan_start_date", message, errorId);
                yield return new DqFinding("ssd_cp_plans", latestEnding.PlanId, latestEnding.PersonId, "cppl_cp_plan_end_date", message, errorId);
            }

            if (latestEnding is null || (latestEnding.EndDate is not null && (plan.EndDate is null || plan.EndDate > latestEnding.EndDate)))
            {
                latestEnding = plan;
            }
        }
    }

    // A code is echoed only when it looks like one: a mistyped field could hold free text (even a name).
    private static string Quote(string code) =>
        code.Length <= 8 && code.All(char.IsAsciiLetterOrDigit) ? $"'{code}'" : "(value withheld: not code-like)";

    private static IEnumerable<DqFinding> InvalidCodes(ExtractSet e)
    {
        DqFinding Finding(string table, string id, string? person, string field, string code) =>
            new(table, id, person, field, $"{field} {Quote(code)} is not in the code set", $"invalid_code:{table}:{id}:{field}");

        return e.Persons.Where(p => !CodeSets.IsValid(CodeSets.Sex, p.Sex))
                .Select(p => Finding("ssd_person", p.PersonId, p.PersonId, "pers_sex", p.Sex!))
            .Concat(e.CinEpisodes.Where(r => !CodeSets.IsValid(CodeSets.PrimaryNeed, r.PrimaryNeedCode))
                .Select(r => Finding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_cin_primary_need_code", r.PrimaryNeedCode!)))
            .Concat(e.CinEpisodes.Where(r => !CodeSets.IsValid(CodeSets.CloseReason, r.CloseReason))
                .Select(r => Finding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_reason", r.CloseReason!)))
            .Concat(e.ClaPlacements.Where(p => !CodeSets.IsValid(CodeSets.PlacementType, p.PlacementType))
                .Select(p => Finding("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_type", p.PlacementType!)));
    }
}
