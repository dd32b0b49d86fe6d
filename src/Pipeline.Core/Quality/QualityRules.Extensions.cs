using System.Globalization;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// The local extension tables (ext_front_door_decisions, ext_supervisions): what would make the MASH and supervision measures
// count a record wrongly, or not at all. None has a DfE equivalent: the DfE's returns carry neither table.
public static partial class QualityRules
{
    private const string Decisions = "ext_front_door_decisions";
    private const string Supervisions = "ext_supervisions";

    private static IEnumerable<QualityRule> Extensions() =>
    [
        new()
        {
            Code = "decision_before_contact",
            Title = "Front-door decision dated before its contact",
            Severity = Severity.Error,
            Tables = [Decisions, "ssd_contacts"],
            Fields = "fdd_decision_datetime, cont_contact_date",
            Description = "A contact or referral decision is dated before the contact it names (fdd_contact_id): by the clock when both "
                + "have a time of day, else by date (the same day is not before). The MASH measures leave such a contact or referral out "
                + "of numerator and denominator. Checked only when the extract holds ssd_contacts.",
            Find = inputs =>
            {
                var (f, contacts) = (DecisionColumns.Of(inputs.Extract), inputs.DecisionContacts);
                return f.Rows
                    .RowsWhere(row => f.DecidedAt(row) is { } at && f.ContactId(row) is { } contact
                        && contacts.TryGet(contact, out var c) && c.At is { } contacted && ClockHours.IsBefore(at, contacted))
                    .Select(d => (Decision: d, Contact: contacts.TryGet(d.ContactId!, out var c) ? c : default))
                    .Select(x => new DqFinding(Decisions, x.Decision.DecisionId, x.Contact.PersonId, "fdd_decision_datetime",
                        $"decided {x.Decision.DecidedAt}, contact {x.Decision.ContactId} came in {x.Contact.At}",
                        $"decision_before_contact:{x.Decision.DecisionId}", TeamId: x.Decision.TeamId));
            },
        },
        new()
        {
            Code = "orphan_decision_contact",
            Title = "Front-door decision for a contact not in ssd_contacts",
            Severity = Severity.Error,
            Tables = [Decisions, "ssd_contacts"],
            Fields = "fdd_contact_id",
            Description = "A decision names a contact id that matches no cont_contact_id, or a contact decision names no contact at all: "
                + "the contact measure cannot match it to its contact (a referral decision's 72 hours then start at the referral date). "
                + "Checked only when the extract holds ssd_contacts. All decisions naming the same missing contact share one error id.",
            Find = inputs =>
            {
                if (!inputs.Extract.HasTable("ssd_contacts"))
                {
                    return [];
                }

                var (f, contacts) = (DecisionColumns.Of(inputs.Extract), inputs.DecisionContacts);
                return f.Rows
                    .RowsWhere(row => f.ContactId(row) is { } contact ? !contacts.Contains(contact) : f.Is(row, FrontDoorDecision.ContactDecision))
                    .Select(d => new DqFinding(Decisions, d.DecisionId, null, "fdd_contact_id",
                        d.ContactId is null ? "contact decision with no fdd_contact_id: it counts for no contact" : $"fdd_contact_id {d.ContactId} not found in ssd_contacts",
                        $"orphan_decision_contact:{d.ContactId ?? d.DecisionId}", TeamId: d.TeamId));
            },
        },
        new()
        {
            Code = "orphan_decision_referral",
            Title = "Referral decision for a referral not in ssd_cin_episodes",
            Severity = Severity.Error,
            Tables = [Decisions, "ssd_cin_episodes"],
            Fields = "fdd_referral_id",
            Description = "A referral decision names a referral id that matches no cine_referral_id, or names no referral at all: it counts "
                + "for no referral in the 72-hour measure. A contact decision naming a missing referral is flagged too. All decisions "
                + "naming the same missing referral share one error id.",
            Find = inputs =>
            {
                var (f, known) = (DecisionColumns.Of(inputs.Extract), inputs.DecisionReferralIds);
                return f.Rows
                    .RowsWhere(row => f.ReferralId(row) is { } referral ? !known.Contains(Pipeline.Quality.IdHash.Of(referral)) : f.Is(row, FrontDoorDecision.ReferralDecision))
                    .Select(d => new DqFinding(Decisions, d.DecisionId, null, "fdd_referral_id",
                        d.ReferralId is null ? "referral decision with no fdd_referral_id: it counts for no referral" : $"fdd_referral_id {d.ReferralId} not found in ssd_cin_episodes",
                        $"orphan_decision_referral:{d.ReferralId ?? d.DecisionId}", TeamId: d.TeamId));
            },
        },
        new()
        {
            Code = "invalid_decision_type",
            Title = "Front-door decision type not contact_decision or referral_decision",
            Severity = Severity.Error,
            Tables = [Decisions],
            Fields = "fdd_decision_type",
            Description = "A decision's fdd_decision_type, trimmed and in any case, is neither contact_decision nor referral_decision, or is "
                + "empty: the decision counts in neither MASH measure.",
            Find = inputs =>
            {
                var f = DecisionColumns.Of(inputs.Extract);
                return f.Rows
                    .RowsWhere(row => !f.Is(row, FrontDoorDecision.ContactDecision) && !f.Is(row, FrontDoorDecision.ReferralDecision))
                    .Select(d => new DqFinding(Decisions, d.DecisionId, null, "fdd_decision_type",
                        $"fdd_decision_type {TypeValue(d.DecisionType)} is not contact_decision or referral_decision", $"invalid_decision_type:{d.DecisionId}", TeamId: d.TeamId));
            },
        },
        new()
        {
            Code = "orphan_supervision_worker",
            Title = "Supervision of a worker not in ssd_professionals",
            Severity = Severity.Error,
            Tables = [Supervisions, "ssd_professionals"],
            Fields = "sup_professional_id",
            Description = "A supervision names a worker (sup_professional_id) that matches no prof_professional_id, or a worker supervision "
                + "names no worker: it counts for no worker. Checked only when the extract holds ssd_professionals; sup_supervisor_id is "
                + "not checked (supervisors need not hold cases). All supervisions naming the same missing worker share one error id.",
            Find = inputs =>
            {
                if (!inputs.Extract.HasTable("ssd_professionals"))
                {
                    return [];
                }

                var (f, known) = (SupervisionColumns.Of(inputs.Extract), inputs.KnownWorkerIds);
                return f.Rows
                    .RowsWhere(row => f.ProfessionalId(row) is { } worker ? !known.Contains(worker) : f.Is(row, Supervision.Worker))
                    .Select(s => new DqFinding(Supervisions, s.SupervisionId, s.PersonId, "sup_professional_id",
                        s.ProfessionalId is null ? "worker supervision with no sup_professional_id" : $"sup_professional_id {s.ProfessionalId} not found in ssd_professionals",
                        $"orphan_supervision_worker:{s.ProfessionalId ?? s.SupervisionId}", s.ProfessionalId));
            },
        },
        new()
        {
            Code = "supervision_child_not_allocated",
            Title = "Case supervision of a child not allocated to the worker's team that day",
            Severity = Severity.Query,
            Tables = [Supervisions, "ssd_involvements"],
            Fields = "sup_person_id, sup_professional_id, sup_supervision_date",
            Description = "On the date of a case supervision, the child discussed (sup_person_id) has no open allocated-worker involvement "
                + "with the worker supervised (sup_professional_id), nor in a team in which that worker holds an allocation that day (for "
                + "a supervision naming no worker: no allocation at all). It may be right (a case discussed the day after it closed, a "
                + "worker covering another team), so it is a query. Allocations are counted as for the caseload indicators. Checked only "
                + "when the extract holds ssd_involvements.",
            Find = inputs => !inputs.Extract.HasTable("ssd_involvements") ? [] : SupervisionsOfUnallocatedChildren(inputs),
        },
        new()
        {
            Code = "case_supervision_without_child",
            Title = "Case supervision naming no child",
            Severity = Severity.Error,
            Tables = [Supervisions],
            Fields = "sup_person_id",
            Description = "A supervision of type case has no sup_person_id: it counts for no child in the case supervision measure.",
            Find = inputs =>
            {
                var f = SupervisionColumns.Of(inputs.Extract);
                return f.Rows
                    .RowsWhere(row => f.PersonId(row) is null && f.Is(row, Supervision.Case))
                    .Select(s => new DqFinding(Supervisions, s.SupervisionId, null, "sup_person_id",
                        "case supervision with no sup_person_id: it counts for no child", $"case_supervision_without_child:{s.SupervisionId}", s.ProfessionalId));
            },
        },
        new()
        {
            Code = "invalid_supervision_type",
            Title = "Supervision type not worker or case",
            Severity = Severity.Error,
            Tables = [Supervisions],
            Fields = "sup_supervision_type",
            Description = "A supervision's sup_supervision_type, trimmed and in any case, is neither worker nor case, or is empty: the "
                + "supervision counts in neither supervision measure.",
            Find = inputs =>
            {
                var f = SupervisionColumns.Of(inputs.Extract);
                return f.Rows
                    .RowsWhere(row => !f.Is(row, Supervision.Worker) && !f.Is(row, Supervision.Case))
                    .Select(s => new DqFinding(Supervisions, s.SupervisionId, s.PersonId, "sup_supervision_type",
                        $"sup_supervision_type {TypeValue(s.SupervisionType)} is not worker or case", $"invalid_supervision_type:{s.SupervisionId}", s.ProfessionalId));
            },
        },
        new()
        {
            Code = "ext_date_after_as_at",
            Title = "Front-door decision or supervision dated after as_at",
            Severity = Severity.Error,
            Tables = [Decisions, Supervisions],
            Fields = "fdd_decision_datetime, sup_supervision_date",
            Description = "A front-door decision or a supervision is dated after the extract's as_at date (the last complete day it covers): "
                + "the extract cannot know of it yet. A supervision dated ahead is usually a planned one recorded as held; it counts in "
                + "no month the run reports.",
            Find = inputs =>
            {
                var (decisions, supervisions) = (DecisionColumns.Of(inputs.Extract), SupervisionColumns.Of(inputs.Extract));
                return decisions.Rows
                        .RowsWhere(row => decisions.DecidedAt(row)?.Date > inputs.AsAt)
                        .Select(d => new DqFinding(Decisions, d.DecisionId, null, "fdd_decision_datetime",
                            $"fdd_decision_datetime {d.DecidedAt} is after as_at {IsoDay(inputs.AsAt)}", $"ext_date_after_as_at:{Decisions}:{d.DecisionId}", TeamId: d.TeamId))
                    .Concat(supervisions.Rows
                        .RowsWhere(row => supervisions.Date(row) > inputs.AsAt)
                        .Select(s => new DqFinding(Supervisions, s.SupervisionId, s.PersonId, "sup_supervision_date",
                            $"sup_supervision_date {IsoDay(s.SupervisionDate)} is after as_at {IsoDay(inputs.AsAt)}", $"ext_date_after_as_at:{Supervisions}:{s.SupervisionId}", s.ProfessionalId)));
            },
        },
    ];

    private static IEnumerable<DqFinding> SupervisionsOfUnallocatedChildren(QualityInputs inputs)
    {
        var allocations = inputs.SupervisedAllocations;
        var f = SupervisionColumns.Of(inputs.Extract);
        // NOTE: whether a case is allocated is asked of the columns; the record is built only for a supervision reported.
        var unallocated = f.Rows.RowsWhere(row => f.PersonId(row) is { } child && f.Date(row) is { } date && f.Is(row, Supervision.Case)
            && !IsAllocated(allocations.OfChild(child), f.ProfessionalId(row), date));
        foreach (var s in unallocated)
        {
            var (child, date) = (s.PersonId!, s.SupervisionDate!.Value);
            var childCases = allocations.OfChild(child).ToArray();
            var workerSpans = allocations.TeamSpansOf(s.ProfessionalId).ToArray();
            var childTeams = childCases.Where(h => h.IsOpenAt(date)).Select(h => h.TeamId ?? "(none)").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var workerTeams = workerSpans.Where(h => h.IsOpenAt(date)).Select(h => h.TeamId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var why = childTeams.Count == 0
                ? "the child has no allocated worker that day"
                : $"the child is allocated in team {string.Join(", ", childTeams)}"
                    + (workerTeams.Count > 0 ? $", the worker in team {string.Join(", ", workerTeams)}" : ", and the worker holds no allocation");
            yield return new DqFinding(Supervisions, s.SupervisionId, child, "sup_person_id, sup_professional_id",
                $"case supervision on {IsoDay(date)}: {why}", $"supervision_child_not_allocated:{s.SupervisionId}", s.ProfessionalId);
        }

        // The child is allocated on the date to the worker supervised (to anyone, for a supervision naming no worker), or in a
        // team in which that worker holds an allocation that day.
        bool IsAllocated(ReadOnlySpan<HeldCase> childCases, string? worker, DateOnly date)
        {
            var workerSpans = allocations.TeamSpansOf(worker);
            foreach (var h in childCases)
            {
                if (h.IsOpenAt(date) && (worker is null || h.WorkerId == worker || (h.TeamId is not null && HeldInTeam(workerSpans, h.TeamId, date))))
                {
                    return true;
                }
            }

            return false;
        }

        // NOTE: a loop, not Any with a lambda: a closure per allocation asked, for every case supervision.
        static bool HeldInTeam(ReadOnlySpan<HeldCase> workerSpans, string team, DateOnly date)
        {
            foreach (var span in workerSpans)
            {
                if (span.TeamId == team && span.IsOpenAt(date))
                {
                    return true;
                }
            }

            return false;
        }
    }

    // The decision and supervision fields the rules test, read from their columns, so a rule builds records only for the rows
    // it reports.
    private sealed record DecisionColumns(IReadOnlyList<FrontDoorDecision> Rows, Func<int, string?> ContactId, Func<int, string?> ReferralId,
        Func<int, string?> DecisionType, Func<int, Timestamp?> DecidedAt)
    {
        public static DecisionColumns Of(ExtractSet extract)
        {
            var rows = extract.FrontDoorDecisions;
            return new(rows, rows.Field(nameof(FrontDoorDecision.ContactId), d => d.ContactId), rows.Field(nameof(FrontDoorDecision.ReferralId), d => d.ReferralId),
                rows.Field(nameof(FrontDoorDecision.DecisionType), d => d.DecisionType), rows.Field(nameof(FrontDoorDecision.DecidedAt), d => d.DecidedAt));
        }

        public bool Is(int row, string type) => FrontDoorDecision.IsType(DecisionType(row), type);
    }

    private sealed record SupervisionColumns(IReadOnlyList<Supervision> Rows, Func<int, string?> ProfessionalId, Func<int, string?> PersonId,
        Func<int, string?> SupervisionType, Func<int, DateOnly?> Date)
    {
        public static SupervisionColumns Of(ExtractSet extract)
        {
            var rows = extract.Supervisions;
            return new(rows, rows.Field(nameof(Supervision.ProfessionalId), s => s.ProfessionalId), rows.Field(nameof(Supervision.PersonId), s => s.PersonId),
                rows.Field(nameof(Supervision.SupervisionType), s => s.SupervisionType), rows.Field(nameof(Supervision.SupervisionDate), s => s.SupervisionDate));
        }

        public bool Is(int row, string type) => Supervision.IsType(SupervisionType(row), type);
    }

    // Type values come from the extract: shown when they look like a code, withheld otherwise (messages carry no free text).
    private static string TypeValue(string? value) => value?.Trim() is not { Length: > 0 } v
        ? "(empty)"
        : v.Length <= 24 && v.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ' ') ? string.Create(CultureInfo.InvariantCulture, $"'{v}'") : "(value withheld: not code-like)";
}
