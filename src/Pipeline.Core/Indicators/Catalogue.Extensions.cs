using System.Collections.Frozen;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Indicators;

// Measures from the local extension tables (Extract/ExtensionRecords.cs), which SSD v1.4.5 has no field for: the MASH's
// decision times (seed 001) and supervision (seed 004). They sit in the areas they belong to; without their table they are
// unavailable with the reason, like any indicator whose table is absent.
public static partial class Catalogue
{
    private const int ContactDecisionHours = 24;
    private const int ReferralDecisionHours = 72;

    private const string ClockHoursDefinition = "Hours are clock hours, weekends and bank holidays included (a contact at 17:00 on "
        + "a Friday decided at 09:00 on Monday took 64 hours), and no more than the limit is in time. When the start or the decision "
        + "has no time of day (written as a date only, or at exactly 00:00:00, how a date-only field is exported), it is judged by "
        + "date: a day for each 24 hours after the start's day. ";

    private const string FirstDecisionDefinition = "The first decision is the one with the earliest fdd_decision_datetime (one without a "
        + "time of day counting as the start of its day; ties to the lowest fdd_decision_id); decision types are compared trimmed and "
        + "case-insensitively. ";

    private const string SupervisionWindowDefinition = "The month window of the period end d runs from the first of d's month to d: the "
        + "calendar month for a complete month, the month to as_at for the month to date and the snapshot at a mid-month as_at (a "
        + "supervision on the last day of a month counts in that month, one on the first of the next in the next). The rolling "
        + "12-month figure is the mean of the month-end figures, as for every point-in-time indicator. ";

    private static IEnumerable<IndicatorDefinition> FrontDoorDecisions() =>
    [
        new()
        {
            Id = "contacts_decided_24h_pct",
            Title = "% contacts with a decision within 24 hours",
            Area = FrontDoorArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_contacts", "ext_front_door_decisions"],
            Needs =
            [
                "ssd_contacts.cont_contact_date",
                "ext_front_door_decisions.fdd_contact_id",
                "ext_front_door_decisions.fdd_decision_type",
                "ext_front_door_decisions.fdd_decision_datetime",
            ],
            ByTeam = true,
            Definition = "Of the contacts (ssd_contacts rows) whose cont_contact_date falls in the period, the percentage whose first "
                + "contact decision came no more than 24 hours after the contact. A contact's decisions are the ext_front_door_decisions "
                + "rows with fdd_decision_type contact_decision and its cont_contact_id in fdd_contact_id. " + FirstDecisionDefinition
                + "The contact's time is cont_contact_date read with its time of day (this indicator only; every other one reads the "
                + "date). " + ClockHoursDefinition + "Within 24 hours by date is on the contact's day or the next. Denominator: contacts "
                + "with a decision, and contacts without one whose 24 hours had passed by the end of as_at (late); a contact still "
                + "inside its 24 hours at as_at with no decision is left out until it is due. A contact whose first decision is dated "
                + "before it is a data-quality issue (decision_before_contact), left out of numerator and denominator. By team: the "
                + "first decision's fdd_team (named from ssd_department); contacts without a decision count in the council figure only. "
                + "Unavailable when no row is a contact_decision.",
            Unavailable = inputs => NoDecisionOf(inputs, FrontDoorDecision.ContactDecision),
            Events = ContactDecisionEvents,
        },
        new()
        {
            Id = "referrals_decided_72h_pct",
            Title = "% referrals completed by the MASH within 72 hours",
            Area = FrontDoorArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cin_episodes", "ext_front_door_decisions"],
            Needs =
            [
                "ssd_cin_episodes.cine_referral_date",
                "ext_front_door_decisions.fdd_referral_id",
                "ext_front_door_decisions.fdd_decision_type",
                "ext_front_door_decisions.fdd_decision_datetime",
            ],
            ByTeam = true,
            Definition = "Of the referrals (ssd_cin_episodes rows) whose cine_referral_date falls in the period, the percentage the "
                + "MASH completed no more than 72 hours after the start of the contact they came from. A referral's decisions are the "
                + "ext_front_door_decisions rows with fdd_decision_type referral_decision and its cine_referral_id in fdd_referral_id. "
                + FirstDecisionDefinition + "The 72 hours start at the cont_contact_date (with its time of day) of the contact the first "
                + "decision names in fdd_contact_id; when it names none, or a contact that is not in ssd_contacts or has no date, at the "
                + "referral date (a date, so judged by date). " + ClockHoursDefinition + "Within 72 hours by date is on the start's day "
                + "or one of the three after. Denominator: referrals with a decision, and referrals without one whose 72 hours from the "
                + "referral date had passed by the end of as_at; others are left out until due. A first decision dated before its "
                + "start is left out of numerator and denominator. By team: the first decision's fdd_team; referrals without a decision "
                + "count in the council figure only. Unavailable when no row is a referral_decision.",
            Unavailable = inputs => NoDecisionOf(inputs, FrontDoorDecision.ReferralDecision),
            Events = ReferralDecisionEvents,
        },
    ];

    private static IEnumerable<IndicatorDefinition> Supervisions() =>
    [
        new()
        {
            Id = "worker_supervision_pct",
            Title = "% social workers supervised in the month",
            Area = WorkforceArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_involvements", "ext_supervisions"],
            Needs =
            [
                "ssd_involvements.invo_professional_id",
                "ssd_involvements.invo_person_id",
                "ssd_involvements.invo_professional_role_id",
                "ssd_involvements.invo_involvement_start_date",
                "ext_supervisions.sup_professional_id",
                "ext_supervisions.sup_supervision_type",
                "ext_supervisions.sup_supervision_date",
            ],
            ByTeam = true,
            Definition = "At the period end d: of the workers holding at least one allocated child at d (as for caseload_avg), the "
                + "percentage with a worker supervision (an ext_supervisions row with sup_supervision_type worker, trimmed and "
                + "case-insensitively, and the worker's id in sup_professional_id) dated in the month window. " + SupervisionWindowDefinition
                + "By team: the allocation's team, as for caseload_avg (a worker holding children in two teams counts in each). "
                + "Unavailable when no row is a worker supervision. " + AllocationsDefinition,
            Unavailable = inputs => CaseloadsUnavailable(inputs) ?? NoSupervisionOf(inputs, Supervision.Worker),
            At = (inputs, d) => SupervisedInMonth(inputs.CaseloadsAt(d).ByWorker, inputs.WorkerSupervisionDates, d),
            AtByTeam = (inputs, d) => inputs.CaseloadsAt(d).ByTeam
                .ToDictionary(t => t.Key, t => SupervisedInMonth(t.Value, inputs.WorkerSupervisionDates, d), StringComparer.Ordinal),
        },
        new()
        {
            Id = "case_supervision_pct",
            Title = "% allocated children whose case was supervised in the month",
            Area = WorkforceArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_involvements", "ext_supervisions"],
            Needs =
            [
                "ssd_involvements.invo_professional_id",
                "ssd_involvements.invo_person_id",
                "ssd_involvements.invo_professional_role_id",
                "ssd_involvements.invo_involvement_start_date",
                "ext_supervisions.sup_person_id",
                "ext_supervisions.sup_supervision_type",
                "ext_supervisions.sup_supervision_date",
            ],
            ByTeam = true,
            Definition = "At the period end d: of the distinct children allocated at d (as for caseload_avg; a child allocated to two "
                + "workers counts once), the percentage with a case supervision (an ext_supervisions row with sup_supervision_type "
                + "case and the child's id in sup_person_id) dated in the month window, by any supervisor about any worker. "
                + SupervisionWindowDefinition + "By team: the team of the child's allocation at d (the latest-starting open allocation "
                + "with a team, as every child-level team breakdown chooses it). Unavailable when no row is a case supervision. "
                + AllocationsDefinition,
            Unavailable = inputs => CaseloadsUnavailable(inputs) ?? NoSupervisionOf(inputs, Supervision.Case),
            At = (inputs, d) => inputs.CaseSupervisionAt(d).Council,
            AtByTeam = (inputs, d) => inputs.CaseSupervisionAt(d).ByTeam,
        },
    ];

    private static string? NoDecisionOf(IndicatorInputs inputs, string type)
    {
        var rows = inputs.Extract.FrontDoorDecisions;
        var typeOf = rows.Field(nameof(FrontDoorDecision.DecisionType), d => d.DecisionType);
        return rows.RowNumbers().Any(row => FrontDoorDecision.IsType(typeOf(row), type)) ? null : $"no ext_front_door_decisions row has fdd_decision_type {type}";
    }

    private static string? NoSupervisionOf(IndicatorInputs inputs, string type)
    {
        var rows = inputs.Extract.Supervisions;
        var typeOf = rows.Field(nameof(Supervision.SupervisionType), s => s.SupervisionType);
        return rows.RowNumbers().Any(row => Supervision.IsType(typeOf(row), type)) ? null : $"no ext_supervisions row has sup_supervision_type {type}";
    }

    // One event per contact, dated by its date; its team is its first decision's.
    private static List<FlowEvent> ContactDecisionEvents(IndicatorInputs inputs)
    {
        var decisions = inputs.FirstContactDecisions;
        // NOTE: the fields read from their columns: one event per contact, no contact record built.
        var rows = inputs.Extract.Contacts;
        var (idOf, dateOf, dateTimeOf) = (rows.IdHashes(nameof(Contact.ContactId), c => c.ContactId), rows.Field(nameof(Contact.ContactDate), c => c.ContactDate),
            rows.Field(nameof(Contact.ContactDateTime), c => c.ContactDateTime));
        var events = new List<FlowEvent>(rows.Count);
        for (var row = 0; row < rows.Count; row++)
        {
            if (Contact.ContactedAtOf(dateTimeOf(row), dateOf(row)) is not { } start)
            {
                continue;
            }

            if (DecisionEvent(start, decisions.TryGetValue(idOf(row), out var first) ? first : null, ContactDecisionHours, inputs.AsAt) is { } e)
            {
                events.Add(e);
            }
        }

        return events;
    }

    // One event per referral, dated by its referral date; the 72 hours start at the contact its first decision names.
    private static List<FlowEvent> ReferralDecisionEvents(IndicatorInputs inputs)
    {
        var decisions = inputs.FirstReferralDecisions;
        var contacts = inputs.ReferralDecisionContacts;
        var rows = inputs.Extract.CinEpisodes;
        var (idOf, dateOf) = (rows.IdHashes(nameof(CinEpisode.ReferralId), r => r.ReferralId), rows.Field(nameof(CinEpisode.ReferralDate), r => r.ReferralDate));
        var events = new List<FlowEvent>(rows.Count);
        for (var row = 0; row < rows.Count; row++)
        {
            if (dateOf(row) is not { } date)
            {
                continue;
            }

            FirstDecision? first = decisions.TryGetValue(idOf(row), out var found) ? found : null;
            var start = first?.Contact is { } contact && contacts.TryGetValue(contact, out var contacted) ? contacted : new Timestamp(date);
            if (DecisionEvent(start, first, ReferralDecisionHours, inputs.AsAt) is { } e)
            {
                events.Add(e with { Date = date });
            }
        }

        return events;
    }

    /// <summary>
    /// The event of one contact or referral starting at <paramref name="start"/>: decided in time or not, or late with no
    /// decision once its window has closed by as_at; none while it is not yet due, or when the decision is dated before it.
    /// </summary>
    private static FlowEvent? DecisionEvent(Timestamp start, FirstDecision? first, int hours, DateOnly asAt) => first switch
    {
        { } d when ClockHours.IsBefore(d.At, start) => null,
        { } d => new FlowEvent(start.Date, ClockHours.IsWithin(start, d.At, hours), d.TeamId),
        null when ClockHours.HasClosedBy(start, hours, asAt) => new FlowEvent(start.Date, false),
        _ => null,
    };

    /// <summary>
    /// Of the workers <paramref name="held"/>, how many have a supervision in the month window of <paramref name="d"/> (the
    /// first of its month to d) among their sorted <paramref name="dates"/>.
    /// </summary>
    private static Measure SupervisedInMonth(IReadOnlyList<WorkerCaseload> held, FrozenDictionary<string, DateOnly[]> dates, DateOnly d)
    {
        var (from, supervised) = (Dates.MonthStart(d), 0);
        foreach (var worker in held)
        {
            supervised += IndicatorInputs.AnyBetween(dates.GetValueOrDefault(worker.WorkerId), from, d) ? 1 : 0;
        }

        return new Measure(supervised, held.Count);
    }
}
