using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Indicators;

public static partial class Catalogue
{
    private const string ChildProtectionArea = "Section 47 and child protection";

    private static IEnumerable<IndicatorDefinition> ChildProtection() =>
    [
        new()
        {
            Id = "s47_rate",
            Title = "Section 47 enquiries per 10,000 children",
            Area = ChildProtectionArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_s47_enquiry"],
            Needs = ["ssd_s47_enquiry.s47e_s47_start_date"],
            Definition = "Section 47 enquiries whose s47e_s47_start_date falls in the period, per 10,000 children aged 0-17; annualised.",
            Events = inputs =>
            {
                var enquiries = inputs.Extract.S47Enquiries;
                var startOf = enquiries.Field(nameof(S47Enquiry.StartDate), s => s.StartDate);
                var teamOf = enquiries.Field(nameof(S47Enquiry.TeamId), s => s.TeamId);
                return Enumerable.Range(0, enquiries.Count).Where(row => startOf(row) is not null)
                    .Select(row => new FlowEvent(startOf(row)!.Value, true, teamOf(row)));
            },
        },
        new()
        {
            Id = "s47_to_icpc_pct",
            Title = "% S47 enquiries that led to an ICPC",
            Area = ChildProtectionArea,
            Unit = Unit.Percent,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_s47_enquiry"],
            Needs =
            [
                "ssd_s47_enquiry.s47e_s47_end_date",
                "ssd_initial_cp_conference.icpc_s47_enquiry_id | ssd_s47_enquiry.s47e_s47_outcome_json",
            ],
            Definition = "Of the S47 enquiries whose s47e_s47_end_date falls in the period, the percentage that led to an initial child "
                + "protection conference: some ssd_initial_cp_conference row links to the enquiry (icpc_s47_enquiry_id, transfer-in "
                + "or not), or the enquiry's outcome JSON has CP_CONFERENCE_FLAG = Y.",
            Events = inputs =>
            {
                var (enquiries, withIcpc) = (inputs.Extract.S47Enquiries, inputs.S47sWithIcpc);
                var idOf = enquiries.Field(nameof(S47Enquiry.EnquiryId), s => s.EnquiryId);
                var endOf = enquiries.Field(nameof(S47Enquiry.EndDate), s => s.EndDate);
                var outcomeOf = enquiries.Field(nameof(S47Enquiry.Outcome), s => s.Outcome);
                var teamOf = enquiries.Field(nameof(S47Enquiry.TeamId), s => s.TeamId);
                return Enumerable.Range(0, enquiries.Count).Where(row => endOf(row) is not null)
                    .Select(row => new FlowEvent(endOf(row)!.Value,
                        withIcpc.Contains(idOf(row)) || outcomeOf(row)?.IsSet("CP_CONFERENCE_FLAG") == true, teamOf(row)));
            },
        },
        new()
        {
            Id = "icpc_rate",
            Title = "Initial child protection conferences per 10,000 children",
            Area = ChildProtectionArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_initial_cp_conference"],
            Needs = ["ssd_initial_cp_conference.icpc_icpc_date"],
            Definition = "Initial child protection conferences whose icpc_icpc_date falls in the period, excluding transfer-in conferences "
                + "(icpc_icpc_transfer_in = Y), per 10,000 children aged 0-17; annualised.",
            Events = inputs =>
            {
                var conferences = inputs.Extract.InitialCpConferences;
                var heldOn = conferences.Field(nameof(InitialCpConference.ConferenceDate), c => c.ConferenceDate);
                var transferIn = conferences.Field(nameof(InitialCpConference.TransferIn), c => c.TransferIn);
                var teamOf = conferences.Field(nameof(InitialCpConference.TeamId), c => c.TeamId);
                return Enumerable.Range(0, conferences.Count).Where(row => heldOn(row) is not null && transferIn(row) != true)
                    .Select(row => new FlowEvent(heldOn(row)!.Value, true, teamOf(row)));
            },
        },
        new()
        {
            Id = "icpc_15wd_pct",
            Title = "% ICPCs within 15 working days of the strategy discussion",
            Area = ChildProtectionArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_initial_cp_conference", "ssd_s47_enquiry"],
            Needs =
            [
                "ssd_initial_cp_conference.icpc_icpc_date",
                "ssd_initial_cp_conference.icpc_s47_enquiry_id",
                "ssd_s47_enquiry.s47e_s47_start_date",
            ],
            ByTeam = true,
            Definition = "Of the ICPCs held in the period that are not transfer-in and link (icpc_s47_enquiry_id) to an S47 enquiry that "
                + "started on or before the conference, the percentage with WD(S47 start, conference date) <= 15. Conferences with no "
                + "linked S47, or dated before it, are left out of this indicator (they still count in icpc_rate) and are data-quality "
                + "issues. By team: icpc_icpc_team.",
            Events = inputs =>
            {
                var (conferences, s47Starts) = (inputs.Extract.InitialCpConferences, inputs.S47StartById);
                var heldOn = conferences.Field(nameof(InitialCpConference.ConferenceDate), c => c.ConferenceDate);
                var transferIn = conferences.Field(nameof(InitialCpConference.TransferIn), c => c.TransferIn);
                var s47Of = conferences.Field(nameof(InitialCpConference.S47EnquiryId), c => c.S47EnquiryId);
                var teamOf = conferences.Field(nameof(InitialCpConference.TeamId), c => c.TeamId);
                return Enumerable.Range(0, conferences.Count)
                    .Where(row => heldOn(row) is not null && transferIn(row) != true)
                    .Select(row => (Row: row, Held: heldOn(row)!.Value, S47Start: s47Of(row) is { } s47 ? s47Starts.GetValueOrDefault(s47) : null))
                    .Where(x => x.S47Start is { } start && start <= x.Held)
                    .Select(x => new FlowEvent(x.Held, inputs.Calendar.WD(x.S47Start!.Value, x.Held) <= 15, teamOf(x.Row)));
            },
        },
        new()
        {
            Id = "cp_rate",
            Title = "Children subject of a child protection plan per 10,000",
            Area = ChildProtectionArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cp_plans"],
            Needs = ["ssd_cp_plans.cppl_cp_plan_start_date"],
            Definition = "Distinct children with a child protection plan of this council (not cppl_cp_plan_ola = Y) open at the period end "
                + "(started on or before it, not ended by it), per 10,000 children aged 0-17. Not annualised.",
            At = (inputs, d) => new Measure(ChildrenOnCpPlan(inputs, d).Count(), null),
        },
        new()
        {
            Id = "cp_count",
            Title = "Children subject of a child protection plan",
            Area = ChildProtectionArea,
            Unit = Unit.Count,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cp_plans"],
            Needs = ["ssd_cp_plans.cppl_cp_plan_start_date"],
            Definition = "Distinct children with a child protection plan of this council (not OLA) open at the period end.",
            At = (inputs, d) => new Measure(ChildrenOnCpPlan(inputs, d).Count(), null),
        },
        new()
        {
            Id = "cp_starts_rate",
            Title = "Child protection plans started per 10,000 children",
            Area = ChildProtectionArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cp_plans"],
            Needs = ["ssd_cp_plans.cppl_cp_plan_start_date"],
            Definition = "Child protection plans of this council (not OLA) whose cppl_cp_plan_start_date falls in the period, per 10,000 "
                + "children aged 0-17; annualised.",
            Events = inputs => inputs.CpPlansByChild.Values.SelectMany(p => p).Select(p => new FlowEvent(p.StartDate!.Value, true)),
        },
        new()
        {
            Id = "cp_second_plan_pct",
            Title = "% CP plans started that are a second or subsequent plan",
            Area = ChildProtectionArea,
            Unit = Unit.Percent,
            Polarity = Polarity.LowerIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cp_plans"],
            LookBack = LookBack.Everything,
            Needs = ["ssd_cp_plans.cppl_cp_plan_start_date"],
            Definition = "Of this council's CP plans (not OLA) starting in the period, the percentage for which the child has an earlier "
                + "plan with this council (one that started strictly before this one), however long ago. OLA plans are not earlier plans.",
            Events = inputs => inputs.CpPlansByChild.Values.SelectMany(plans =>
                plans.Select(p => new FlowEvent(p.StartDate!.Value, plans[0].StartDate < p.StartDate))),
        },
        new()
        {
            Id = "cp_2yrs_pct",
            Title = "% CP plans ending that lasted two years or more",
            Area = ChildProtectionArea,
            Unit = Unit.Percent,
            Polarity = Polarity.LowerIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cp_plans"],
            Needs = ["ssd_cp_plans.cppl_cp_plan_start_date", "ssd_cp_plans.cppl_cp_plan_end_date"],
            Definition = "Of this council's CP plans (not OLA) whose cppl_cp_plan_end_date falls in the period, the percentage with end "
                + "on or after start plus two years. A plan ending before it started is a data-quality issue and left out.",
            Events = inputs => inputs.CpPlansByChild.Values.SelectMany(p => p)
                .Where(p => p.EndDate is not null && p.EndDate >= p.StartDate)
                .Select(p => new FlowEvent(p.EndDate!.Value, p.EndDate >= p.StartDate!.Value.AddYears(2))),
        },
        new()
        {
            Id = "cp_visits_timely_pct",
            Title = "% children on a CP plan visited within the standard",
            Area = ChildProtectionArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cp_plans", "ssd_cp_visits"],
            LookBack = LookBack.OfMonths(1),
            Needs =
            [
                "ssd_cp_plans.cppl_cp_plan_start_date",
                "ssd_cp_visits.cppv_cp_visit_date",
                "ssd_cp_visits.cppv_person_id | ssd_cp_visits.cppv_cp_plan_id",
            ],
            EmptyMeansAbsent = ["ssd_cp_visits.cppv_cp_visit_seen"],
            ByTeam = true,
            Definition = "Denominator: children on a CP plan (not OLA) at the period end d whose plan (the earliest-starting open one) "
                + "started at least N working days before d, i.e. WD(start, d) >= N. Numerator: those with a visit at which the child "
                + "was seen (cppv_cp_visit_seen = Y; every visit when the seen column is absent or empty in every row) dated on or before d with "
                + "WD(visit, d) <= N. N is cp_visit_working_days in the reference settings (default 15). By team: the team of the "
                + "child's allocated case worker at d (children with none count only council-wide).",
            At = (inputs, d) => CpVisitMeasures(inputs, d, byTeam: false)[""],
            AtByTeam = (inputs, d) => CpVisitMeasures(inputs, d, byTeam: true),
        },
        new()
        {
            Id = "cp_reviews_timely_pct",
            Title = "% CP reviews held on time",
            Area = ChildProtectionArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cp_reviews"],
            LookBack = LookBack.Everything,
            Needs = ["ssd_cp_reviews.cppr_cp_review_date"],
            Definition = "Of the CP reviews held (cppr_cp_review_date) in the period, the percentage held on or before their due date: "
                + "cppr_cp_review_due, or when that is empty, 3 months after the plan started for the plan's first review and 6 months "
                + "after the previous review otherwise (reviews ordered by date within the plan, cppr_cp_plan_id). Reviews of OLA "
                + "plans are left out, and so are reviews with no due date that cannot be placed in a plan.",
            Events = CpReviewEvents,
        },
    ];

    /// <summary>Children on one of this council's CP plans at <paramref name="date"/>, with their earliest-starting open plan.</summary>
    private static IEnumerable<(string Child, PlanDates Plan)> ChildrenOnCpPlan(IndicatorInputs inputs, DateOnly date)
    {
        foreach (var (child, plans) in inputs.CpPlansByChild)
        {
            if (IndicatorInputs.FirstOpenAt(plans, date, static p => p.StartDate, static p => p.EndDate) is var open and >= 0)
            {
                yield return (child, plans[open]);
            }
        }
    }

    /// <summary>
    /// The visit measure council-wide (key "") or per allocated team (a team with children on a plan but none yet due has 0 of 0),
    /// from one pass over the children.
    /// </summary>
    /// <remarks>NOTE: one pass counting per team rather than grouping the children by team and measuring each group.</remarks>
    private static Dictionary<string, Measure> CpVisitMeasures(IndicatorInputs inputs, DateOnly date, bool byTeam)
    {
        var window = inputs.Settings.CpVisitWorkingDays;
        var visits = inputs.CpVisitDatesByChild;
        var counts = new Dictionary<string, (int Due, int Visited)>(StringComparer.Ordinal);
        if (!byTeam)
        {
            counts[""] = (0, 0);
        }

        foreach (var (child, plan) in ChildrenOnCpPlan(inputs, date))
        {
            if ((byTeam ? inputs.AllocatedTeamOf(child, date) : "") is not { } key)
            {
                continue;
            }

            ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
            if (inputs.Calendar.WD(plan.StartDate!.Value, date) < window)
            {
                continue;
            }

            count.Due++;
            if (IndicatorInputs.LatestOnOrBefore(visits.GetValueOrDefault(child), date) is { } visit
                && inputs.Calendar.WD(visit, date) <= window)
            {
                count.Visited++;
            }
        }

        return counts.ToDictionary(c => c.Key, c => new Measure(c.Value.Visited, c.Value.Due), StringComparer.Ordinal);
    }

    /// <remarks>NOTE: read from the columns: the reviews grouped by plan as row numbers, each plan's sorted in place, no record built.</remarks>
    private static List<FlowEvent> CpReviewEvents(IndicatorInputs inputs)
    {
        var (plans, reviews) = (inputs.Extract.CpPlans, inputs.Extract.CpReviews);
        var planIdOf = plans.Field(nameof(CpPlan.PlanId), p => p.PlanId);
        var planStartOf = plans.Field(nameof(CpPlan.StartDate), p => p.StartDate);
        var otherCouncil = plans.Field(nameof(CpPlan.HeldByOtherCouncil), p => p.HeldByOtherCouncil);
        var planRows = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < plans.Count; row++)
        {
            planRows.TryAdd(planIdOf(row), row);
        }

        var reviewIdOf = reviews.Field(nameof(CpReview.ReviewId), r => r.ReviewId);
        var reviewPlanOf = reviews.Field(nameof(CpReview.PlanId), r => r.PlanId);
        var heldOn = reviews.Field(nameof(CpReview.ReviewDate), r => r.ReviewDate);
        var dueOn = reviews.Field(nameof(CpReview.DueDate), r => r.DueDate);
        var events = new List<FlowEvent>();
        for (var row = 0; row < reviews.Count; row++)
        {
            if (heldOn(row) is { } held && dueOn(row) is { } due && reviewPlanOf(row) is null)
            {
                events.Add(new FlowEvent(held, held <= due));
            }
        }

        var byPlan = RowSelection.GroupedBy(reviews.Count, row => heldOn(row) is not null ? reviewPlanOf(row) : null);
        var days = new int[reviews.Count];
        foreach (var row in byPlan.Rows)
        {
            days[row] = heldOn(row)!.Value.DayNumber;
        }

        // By date, then id (ordinally), then row: the order OrderBy(date).ThenBy(id) gives.
        Comparison<int> byDateThenId = (a, b) => days[a] != days[b] ? days[a].CompareTo(days[b])
            : string.CompareOrdinal(reviewIdOf(a), reviewIdOf(b)) is var byId and not 0 ? byId : a.CompareTo(b);
        for (var i = 0; i < byPlan.Keys.Count; i++)
        {
            var planRow = planRows.TryGetValue(byPlan.Keys[i], out var found) ? found : -1;
            if (planRow >= 0 && otherCouncil(planRow) == true)
            {
                continue;
            }

            var planStart = planRow >= 0 ? planStartOf(planRow) : null;
            var planReviews = byPlan.Of(i);
            planReviews.Sort(byDateThenId);
            DateOnly? previous = null;
            foreach (var row in planReviews)
            {
                var held = DateOnly.FromDayNumber(days[row]);
                var due = dueOn(row) ?? (previous is { } p ? p.AddMonths(6) : planStart?.AddMonths(3));
                if (due is not null)
                {
                    events.Add(new FlowEvent(held, held <= due));
                }

                previous = held;
            }
        }

        return events;
    }
}
