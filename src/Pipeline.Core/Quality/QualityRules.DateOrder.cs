using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Date validity and order.
public static partial class QualityRules
{
    /// <summary>CIN 8606: a referral may come up to 40 weeks before the child's (expected) birth, for pre-birth work.</summary>
    private const int PreBirthWindowDays = 40 * 7;

    private static IEnumerable<QualityRule> DateOrder() =>
    [
        new()
        {
            Code = "end_before_start",
            Title = "Episode or plan ends before it starts",
            Severity = Severity.Error,
            Tables = ["ssd_s47_enquiry", "ssd_cla_placement", "ssd_legal_status", "ssd_cla_care_plan", "ssd_involvements"],
            Fields = "start and end dates",
            Description = "A section 47 enquiry, placement, legal status, care plan or worker involvement ends before its start. The same day "
                + "is not before. The DfE has nothing like it for these: the CIN census carries no end of an enquiry, the SSDA903 folds "
                + "placements and legal statuses into episodes, and neither has care plans or involvements. (CIN episodes, assessments, "
                + "CP and CIN plans, CLA episodes and missing episodes are CIN:8630, 8608, 8925, 4011 and 903:356, 567.)",
            Find = inputs => EndBeforeStart(inputs.Extract),
        },
        new()
        {
            Code = "icpc_on_bank_holiday",
            Title = "Initial CP conference on a bank holiday",
            Severity = Severity.Warning,
            Tables = ["ssd_initial_cp_conference"],
            Fields = "icpc_icpc_date",
            Description = "An initial child protection conference (with or without a section 47 enquiry) is dated on a weekday that is an "
                + "England and Wales bank holiday (the indicators' working-day calendar, with the reference data's overrides): such "
                + "conferences are rare, so the date may be mistyped. The DfE has no such rule; its weekend rule is CIN:8875.",
            Find = inputs => inputs.Extract.InitialCpConferences.RowsWhere((nameof(InitialCpConference.ConferenceDate), c => c.ConferenceDate),
                    date => date is { DayOfWeek: not (DayOfWeek.Saturday or DayOfWeek.Sunday) } d && inputs.Calendar.Holidays.IsHoliday(d))
                .Select(c => new DqFinding("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_icpc_date",
                    $"conference dated {IsoDay(c.ConferenceDate)}, a bank holiday", $"icpc_on_bank_holiday:{c.IcpcId}", c.WorkerId, c.TeamId)),
        },
        new()
        {
            Code = "cp_visit_outside_plan",
            Title = "CP visit dated outside its plan",
            Severity = Severity.Error,
            Tables = ["ssd_cp_visits", "ssd_cp_plans"],
            Fields = "cppv_cp_visit_date, cppl_cp_plan_start_date, cppl_cp_plan_end_date",
            Description = "A child protection visit is dated before the plan it belongs to (cppv_cp_plan_id) started or after it ended. Visits on the plan's first or last day are inside it."
                + " The DfE has nothing like it: the CIN census carries no visits.",
            Find = inputs =>
            {
                var plans = inputs.CpPlanDatesById;
                return inputs.Extract.CpVisits.RowsWhere((nameof(CpVisit.PlanId), v => v.PlanId), (nameof(CpVisit.VisitDate), v => v.VisitDate),
                        (plan, date) => PlanOutside(plans, plan, date, firstDayInside: true) is not null)
                    .Select(v => (Visit: v, Plan: PlanOutside(plans, v.PlanId, v.VisitDate, firstDayInside: true)))
                    .Where(x => x.Plan is not null)
                    .Select(x => new DqFinding("ssd_cp_visits", x.Visit.VisitId, x.Visit.PersonId ?? x.Plan!.Value.PersonId, "cppv_cp_visit_date",
                        $"visit dated {IsoDay(x.Visit.VisitDate)}, plan {x.Visit.PlanId} runs {IsoDay(x.Plan!.Value.StartDate)} to {OpenEnd(x.Plan.Value.EndDate)}",
                        $"cp_visit_outside_plan:{x.Visit.VisitId}"));
            },
        },
        new()
        {
            Code = "cp_review_outside_plan",
            Title = "CP review after its plan ended",
            Severity = Severity.Error,
            Tables = ["ssd_cp_reviews", "ssd_cp_plans"],
            Fields = "cppr_cp_review_date, cppl_cp_plan_end_date",
            Description = "A child protection review conference is dated after its plan (cppr_cp_plan_id) ended. A review on the plan's last "
                + "day (the one that ended it) is inside it. The DfE has nothing like it: CIN:8841 judges reviews on or before the plan's "
                + "start, and the census carries no review after a plan ends.",
            Find = inputs =>
            {
                var plans = inputs.CpPlanDatesById;
                return inputs.Extract.CpReviews.RowsWhere((nameof(CpReview.PlanId), r => r.PlanId), (nameof(CpReview.ReviewDate), r => r.ReviewDate),
                        (plan, date) => ReviewedAfterPlan(plans, plan, date) is not null)
                    .Select(r => (Review: r, Plan: ReviewedAfterPlan(plans, r.PlanId, r.ReviewDate)))
                    .Where(x => x.Plan is not null)
                    .Select(x => new DqFinding("ssd_cp_reviews", x.Review.ReviewId, x.Review.PersonId ?? x.Plan!.Value.PersonId, "cppr_cp_review_date",
                        $"review dated {IsoDay(x.Review.ReviewDate)}, plan {x.Review.PlanId} runs {IsoDay(x.Plan!.Value.StartDate)} to {OpenEnd(x.Plan.Value.EndDate)}",
                        $"cp_review_outside_plan:{x.Review.ReviewId}"));
            },
        },
        new()
        {
            Code = "cla_visit_outside_care",
            Title = "CLA visit dated outside the child's periods of care",
            Severity = Severity.Error,
            Tables = ["ssd_cla_visits", "ssd_cla_episodes"],
            Fields = "clav_cla_visit_date, clae_cla_episode_start_date, clae_cla_episode_ceased_date",
            Description = "A looked-after child's visit is dated when the child was in no period of care (built from ssd_cla_episodes as the indicators build it; the first and last days are inside), or the child has no CLA episode at all. The child is clav_person_id, or else the child of clav_cla_id. Children whose episodes cannot be placed in time are left to missing_cla_start and end_before_start."
                + " The DfE has nothing like it: the SSDA903 carries no visits.",
            Find = inputs => ClaVisitsOutsideCare(inputs),
        },
        new()
        {
            Code = "cla_review_outside_care",
            Title = "CLA review dated outside the child's periods of care",
            Severity = Severity.Error,
            Tables = ["ssd_cla_reviews", "ssd_cla_episodes"],
            Fields = "clar_cla_review_date, clae_cla_episode_start_date, clae_cla_episode_ceased_date",
            Description = "A looked-after child's review that was not cancelled is dated when the child (found through clar_cla_id = clae_cla_id) was in no period of care; the first and last days are inside."
                + " The DfE has nothing like it: the SSDA903 tests reviews against the child's age and legal status, not against the dates of care.",
            Find = inputs => ClaReviewsOutsideCare(inputs),
        },
        new()
        {
            Code = "event_before_birth",
            Title = "Record dated before the child was born",
            Severity = Severity.Error,
            Tables = ["ssd_person", "ssd_cin_assessments", "ssd_s47_enquiry", "ssd_cp_plans", "ssd_cin_plans"],
            Fields = "pers_dob, pers_expected_dob, start dates",
            Description = "An assessment, section 47 enquiry, CP plan or CIN plan starts more than 40 weeks before the child's date of birth (or, "
                + "for an unborn child, expected date of birth): pre-birth work within 40 weeks of birth is allowed. The DfE judges only the "
                + "referral (CIN:8606) and the first CLA episode (903:302) against the birth; this rule judges the work that follows them.",
            Find = inputs => EventsBeforeBirth(inputs),
        },
        new()
        {
            Code = "event_after_death",
            Title = "CLA episode starting after the child's death",
            Severity = Severity.Error,
            Tables = ["ssd_person", "ssd_cla_episodes"],
            Fields = "pers_death_date, clae_cla_episode_start_date",
            Description = "A CLA episode starts after the child's recorded date of death (the day of death itself is not after). The DfE has "
                + "nothing like it: the SSDA903 carries no date of death (CP and CIN plans after death are CIN:8915 and 4008).",
            Find = inputs => StartsAfterDeath(inputs,
                inputs.Extract.ClaEpisodes.RowsWhere((nameof(ClaEpisode.PersonId), c => c.PersonId), (nameof(ClaEpisode.StartDate), c => c.StartDate),
                    (child, start) => AfterDeath(inputs, child, start) is not null).Select(c => new DatedField("ssd_cla_episodes", c.EpisodeId, c.PersonId, "clae_cla_episode_start_date", c.StartDate)),
                "event_after_death"),
        },
        new()
        {
            Code = "date_after_as_at",
            Title = "Start, event or end date after the extract's as_at date",
            Severity = Severity.Error,
            Tables =
            [
                "ssd_person", "ssd_contacts", "ssd_s47_enquiry", "ssd_cp_visits", "ssd_cp_reviews", "ssd_cin_visits", "ssd_cla_episodes",
                "ssd_cla_placement", "ssd_legal_status", "ssd_cla_reviews", "ssd_cla_visits", "ssd_cla_health", "ssd_cla_care_plan",
                "ssd_care_leavers", "ssd_involvements",
            ],
            Fields = "start, event and end dates",
            Description = "A date on which something started, happened or ended (a contact, visit, review, section 47 enquiry, placement, "
                + "legal status, care plan, health check, involvement, date of death, a CLA episode's start, a care leaver's contact) is "
                + "after the extract's as_at date: the extract cannot know of it yet. Due and target dates and health checks with status "
                + "Planned may lie ahead and are not checked. The DfE's returns carry none of these dates, or none with such a rule; the "
                + "dates they judge against the census period are DfE rules (a referral, closure, assessment, conference, CP or CIN plan "
                + "date: CIN:8600, 8620, 8696, 8736, 8715, 8720, 8930, 4010, 4013; a CLA episode's end, a missing episode: 903:385, 570, "
                + "571; a date of birth: CIN:8520, 903:301).",
            Find = inputs => RecordedDates(inputs.Extract, inputs.AsAt)
                .Where(d => d.Date > inputs.AsAt && !DfeJudgesFutureDates.Contains(d.Field))
                .Select(d => new DqFinding(d.Table, d.RecordId, d.PersonId, d.Field,
                    $"{d.Field} {IsoDay(d.Date)} is after as_at {IsoDay(inputs.AsAt)}", $"date_after_as_at:{d.Table}:{d.RecordId}:{d.Field}", d.WorkerId, d.TeamId)),
        },
    ];

    /// <summary>The CP plan <paramref name="planId"/> when it ended before <paramref name="date"/>; else null.</summary>
    private static CpPlanDates? ReviewedAfterPlan(IReadOnlyDictionary<string, CpPlanDates> plans, string? planId, DateOnly? date) =>
        planId is not null && plans.TryGetValue(planId, out var plan) && plan.EndDate < date ? plan : null;

    private static string OpenEnd(DateOnly? end) => end is null ? "(open)" : IsoDay(end);

    /// <summary>Dates a DfE rule flags when they are after as_at (the end of a return made tonight), so date_after_as_at leaves them.</summary>
    private static readonly HashSet<string> DfeJudgesFutureDates =
    [
        "cine_referral_date", "cine_close_date", "cina_assessment_start_date", "cina_assessment_auth_date", "icpc_icpc_date",
        "cppl_cp_plan_start_date", "cppl_cp_plan_end_date", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date",
        "clae_cla_episode_ceased_date", "miss_missing_episode_start_date", "miss_missing_episode_end_date",
    ];

    /// <summary>The referral <paramref name="referralId"/>, when it is dated after <paramref name="date"/>; else null.</summary>
    private static ReferralDates? ReferralDatedAfter(QualityInputs inputs, string? referralId, DateOnly? date) =>
        referralId is not null && date is { } d && inputs.Referrals.TryGetValue(referralId, out var referral) && referral.ReferralDate > d
            ? referral
            : null;

    private static string? ConferenceReferralId(QualityInputs inputs, InitialCpConference c) => ConferenceReferralId(inputs, new ConferenceLinks(c.ReferralId, c.S47EnquiryId));

    private static string? ConferenceReferralId(QualityInputs inputs, ConferenceLinks c) =>
        c.ReferralId ?? (c.S47EnquiryId is not null && inputs.S47ById.TryGetValue(c.S47EnquiryId, out var s) ? s.ReferralId : null);

    private static string? PlanReferralId(QualityInputs inputs, CpPlan p) =>
        p.ReferralId ?? (p.IcpcId is not null && inputs.ConferencesById.TryGetValue(p.IcpcId, out var c) ? ConferenceReferralId(inputs, c) : null);

    /// <summary>
    /// The CP plan <paramref name="planId"/> when <paramref name="date"/> falls outside it: before its start (on
    /// its start too, unless <paramref name="firstDayInside"/>) or after its end; the end day is inside. Null
    /// when the date is inside, or there is no date, no such plan or no plan start to judge by.
    /// </summary>
    private static CpPlanDates? PlanOutside(IReadOnlyDictionary<string, CpPlanDates> plans, string? planId, DateOnly? date, bool firstDayInside)
    {
        if (planId is null || date is not { } d || !plans.TryGetValue(planId, out var plan) || plan.StartDate is not { } start)
        {
            return null;
        }

        var beforeStart = firstDayInside ? d < start : d <= start;
        return beforeStart || plan.EndDate < d ? plan : null;
    }

    private static IEnumerable<DqFinding> ClaVisitsOutsideCare(QualityInputs inputs)
    {
        if (!inputs.Extract.Has<ClaEpisode>())
        {
            yield break;
        }

        // NOTE: the visit's child and date read from their columns; the record built only for a visit outside care.
        var rows = inputs.Extract.ClaVisits;
        var (childOf, claOf, dateOf) = (rows.Field(nameof(ClaVisit.PersonId), v => v.PersonId), rows.Field(nameof(ClaVisit.ClaId), v => v.ClaId),
            rows.Field(nameof(ClaVisit.VisitDate), v => v.VisitDate));
        var (care, byClaId) = (CareSpansOf(inputs), inputs.ChildByClaId);
        string? ChildOf(string? personId, string? claId) => personId ?? (claId is null ? null : byClaId.GetValueOrDefault(claId));
        var outside = rows.RowsWhere(row => dateOf(row) is { } date && ChildOf(childOf(row), claOf(row)) is { } child && care.OutsideCare(child, date) is not null);
        foreach (var visit in outside)
        {
            var (child, date) = (ChildOf(visit.PersonId, visit.ClaId)!, visit.VisitDate!.Value);
            yield return new DqFinding("ssd_cla_visits", visit.VisitId, child, "clav_cla_visit_date",
                $"visit dated {IsoDay(date)}; {care.OutsideCare(child, date)}", $"cla_visit_outside_care:{visit.VisitId}");
        }
    }

    private static IEnumerable<DqFinding> ClaReviewsOutsideCare(QualityInputs inputs)
    {
        // NOTE: the date, the cancelled flag and the CLA id read from their columns, the record built only for a review that may be outside care.
        var (care, byClaId) = (CareSpansOf(inputs), inputs.ChildByClaId);
        var reviews = inputs.Extract.ClaReviews.RowsWhere((nameof(ClaReview.ReviewDate), r => r.ReviewDate), (nameof(ClaReview.Cancelled), r => r.Cancelled),
            (nameof(ClaReview.ClaId), r => r.ClaId), (date, cancelled, claId) => date is { } d && cancelled != true && claId is not null
                && byClaId.TryGetValue(claId, out var child) && care.OutsideCare(child, d) is not null);
        foreach (var review in reviews)
        {
            if (review.ReviewDate is not { } date || review.Cancelled == true || review.ClaId is null
                || !byClaId.TryGetValue(review.ClaId, out var child))
            {
                continue;
            }

            if (care.OutsideCare(child, date) is { } why)
            {
                yield return new DqFinding("ssd_cla_reviews", review.ReviewId, child, "clar_cla_review_date",
                    $"review dated {IsoDay(date)} (CLA {review.ClaId}); {why}", $"cla_review_outside_care:{review.ReviewId}");
            }
        }
    }

    /// <summary>The children's CLA episodes as <see cref="CareSpans"/>, built once per rule family.</summary>
    private static CareSpans CareSpansOf(QualityInputs inputs) => inputs.Lookup("DateOrderCareSpans", () => CareSpans.Of(inputs.Extract.ClaEpisodes));

    /// <summary>
    /// Each child's CLA episodes that can be placed in time (<see cref="PeriodsOfCare.CanBePlaced"/>) as start and ceased dates,
    /// and the children with any CLA episode: all that placing a visit or review in care reads of <see cref="QualityInputs.CareByChild"/>.
    /// </summary>
    /// <remarks>NOTE: read from the episodes' columns, no record built: the care histories built whole for these two rules were
    /// every episode and legal status of the extract as records, where the rules read two dates of each episode.</remarks>
    private sealed class CareSpans
    {
        private readonly Dictionary<string, (int First, int Count)> _byChild;
        private readonly DateOnly[] _starts;
        private readonly DateOnly?[] _ceased;

        private CareSpans(Dictionary<string, (int First, int Count)> byChild, DateOnly[] starts, DateOnly?[] ceased) =>
            (_byChild, _starts, _ceased) = (byChild, starts, ceased);

        public static CareSpans Of(IReadOnlyList<ClaEpisode> episodes)
        {
            var (childOf, startOf, ceasedOf) = (episodes.Field(nameof(ClaEpisode.PersonId), e => e.PersonId),
                episodes.Field(nameof(ClaEpisode.StartDate), e => e.StartDate), episodes.Field(nameof(ClaEpisode.CeasedDate), e => e.CeasedDate));
            static bool CanBePlaced(DateOnly? start, DateOnly? ceased) => start is { } s && (ceased is not { } c || c >= s);

            // Counted child by child first, so each child's spans lie side by side in two arrays.
            var byChild = new Dictionary<string, (int First, int Count)>(StringComparer.Ordinal);
            var placeable = 0;
            for (var row = 0; row < episodes.Count; row++)
            {
                if (childOf(row) is not { } child)
                {
                    continue;
                }

                ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(byChild, child, out _);
                if (CanBePlaced(startOf(row), ceasedOf(row)))
                {
                    entry.Count++;
                    placeable++;
                }
            }

            var next = 0;
            foreach (var child in byChild.Keys)
            {
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(byChild, child);
                (entry.First, next, entry.Count) = (next, next + entry.Count, 0);
            }

            var (starts, ceased) = (new DateOnly[placeable], new DateOnly?[placeable]);
            for (var row = 0; row < episodes.Count; row++)
            {
                if (childOf(row) is { } child && startOf(row) is var start && ceasedOf(row) is var end && CanBePlaced(start, end))
                {
                    ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(byChild, child);
                    var at = entry.First + entry.Count++;
                    (starts[at], ceased[at]) = (start!.Value, end);
                }
            }

            return new CareSpans(byChild, starts, ceased);
        }

        /// <summary>Why <paramref name="date"/> is outside the child's care, or null when it is inside (or cannot be judged).</summary>
        /// <remarks>As <see cref="CareHistory.IsInCareOn"/> judges it: some episode runs over the date, its first and last days included.</remarks>
        public string? OutsideCare(string child, DateOnly date)
        {
            if (!_byChild.TryGetValue(child, out var spans))
            {
                return "the child has no CLA episode";
            }

            // Episodes that cannot be placed in time are other rules' findings: a child with only those is not judged.
            if (spans.Count == 0)
            {
                return null;
            }

            for (var i = spans.First; i < spans.First + spans.Count; i++)
            {
                if (_starts[i] <= date && (_ceased[i] is not { } end || date <= end))
                {
                    return null;
                }
            }

            return "no period of care of the child spans it";
        }
    }

    /// <summary>One date of one record, with what a finding about it needs.</summary>
    private sealed record DatedField(string Table, string RecordId, string? PersonId, string Field, DateOnly? Date, string? WorkerId = null, string? TeamId = null);

    private static IEnumerable<DqFinding> EventsBeforeBirth(QualityInputs inputs)
    {
        var e = inputs.Extract;
        // NOTE: each table's child and start date read from their columns; records built only for rows dated too early.
        IEnumerable<T> TooEarly<T>(IReadOnlyList<T> rows, string person, Func<T, string?> personOf, string start, Func<T, DateOnly?> startOf)
        {
            var (childOf, dateOf) = (rows.Field(person, personOf), rows.Field(start, startOf));
            return rows.RowsWhere(row => BeforeBirth(inputs, childOf(row), dateOf(row)) is not null);
        }

        IEnumerable<IEnumerable<DatedField>> preBirthAllowed =
        [
            TooEarly(e.Assessments, nameof(Assessment.PersonId), a => a.PersonId, nameof(Assessment.StartDate), a => a.StartDate)
                .Select(a => new DatedField("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_start_date", a.StartDate, a.WorkerId, a.TeamId)),
            TooEarly(e.S47Enquiries, nameof(S47Enquiry.PersonId), s => s.PersonId, nameof(S47Enquiry.StartDate), s => s.StartDate)
                .Select(s => new DatedField("ssd_s47_enquiry", s.EnquiryId, s.PersonId, "s47e_s47_start_date", s.StartDate, s.WorkerId, s.TeamId)),
            TooEarly(e.CpPlans, nameof(CpPlan.PersonId), p => p.PersonId, nameof(CpPlan.StartDate), p => p.StartDate)
                .Select(p => new DatedField("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_start_date", p.StartDate)),
            TooEarly(e.CinPlans, nameof(CinPlan.PersonId), p => p.PersonId, nameof(CinPlan.StartDate), p => p.StartDate)
                .Select(p => new DatedField("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_start_date", p.StartDate, p.WorkerId, p.TeamId)),
        ];
        foreach (var d in preBirthAllowed.SelectMany(t => t))
        {
            if (d.Date is { } date && BeforeBirth(inputs, d.PersonId, date) is { } birth)
            {
                yield return new DqFinding(d.Table, d.RecordId, d.PersonId, d.Field,
                    $"{d.Field} {IsoDay(date)} is more than 40 weeks before {birth.Field} {IsoDay(birth.Birth)}", $"event_before_birth:{d.Table}:{d.RecordId}", d.WorkerId, d.TeamId);
            }
        }
    }

    // The child's birth (or expected birth) and its field, when <paramref name="date"/> is more than 40 weeks before it.
    private static (DateOnly Birth, string Field)? BeforeBirth(QualityInputs inputs, string? personId, DateOnly? date)
    {
        if (date is { } d && personId is not null && inputs.Persons.TryGetValue(personId, out var person)
            && (person.DateOfBirth ?? person.ExpectedDateOfBirth) is { } birth && d.DayNumber < birth.DayNumber - PreBirthWindowDays)
        {
            return (birth, person.DateOfBirth is null ? "pers_expected_dob" : "pers_dob");
        }

        return null;
    }

    private static IEnumerable<DqFinding> StartsAfterDeath(QualityInputs inputs, IEnumerable<DatedField> starts, string rule)
    {
        foreach (var d in starts)
        {
            if (AfterDeath(inputs, d.PersonId, d.Date) is { } death && d.Date is { } date)
            {
                yield return new DqFinding(d.Table, d.RecordId, d.PersonId, d.Field,
                    $"{d.Field} {IsoDay(date)} is after pers_death_date {IsoDay(death)}", $"{rule}:{d.Table}:{d.RecordId}", d.WorkerId, d.TeamId);
            }
        }
    }

    /// <summary>The child's date of death when <paramref name="date"/> is after it; else null.</summary>
    private static DateOnly? AfterDeath(QualityInputs inputs, string? personId, DateOnly? date) =>
        date is { } d && personId is not null && inputs.Persons.TryGetValue(personId, out var person) && person.DeathDate is { } death && d > death ? death : null;

    /// <summary>Every date on which something started, happened or ended, table by table (due and target dates excluded).</summary>
    // Every recorded date of the extract that may fall after the given day: each table's rows whose date columns hold a later
    // day (the rule's own test then picks the dates), the records built only for those.
    private static IEnumerable<DatedField> RecordedDates(ExtractSet e, DateOnly after) => new IEnumerable<DatedField>[]
    {
        DatedAfter(e.Persons, after, nameof(Person.DeathDate)).Select(p => new DatedField("ssd_person", p.PersonId, p.PersonId, "pers_death_date", p.DeathDate)),
        DatedAfter(e.Contacts, after, nameof(Contact.ContactDate)).Select(c => new DatedField("ssd_contacts", c.ContactId, c.PersonId, "cont_contact_date", c.ContactDate)),
        DatedAfter(e.CinEpisodes, after, nameof(CinEpisode.ReferralDate), nameof(CinEpisode.CloseDate)).SelectMany(r => new[]
        {
            new DatedField("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_referral_date", r.ReferralDate, r.WorkerId, r.TeamId),
            new DatedField("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date", r.CloseDate, r.WorkerId, r.TeamId),
        }),
        DatedAfter(e.Assessments, after, nameof(Assessment.StartDate), nameof(Assessment.AuthorisedDate)).SelectMany(a => new[]
        {
            new DatedField("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_start_date", a.StartDate, a.WorkerId, a.TeamId),
            new DatedField("ssd_cin_assessments", a.AssessmentId, a.PersonId, "cina_assessment_auth_date", a.AuthorisedDate, a.WorkerId, a.TeamId),
        }),
        DatedAfter(e.S47Enquiries, after, nameof(S47Enquiry.StartDate), nameof(S47Enquiry.EndDate)).SelectMany(s => new[]
        {
            new DatedField("ssd_s47_enquiry", s.EnquiryId, s.PersonId, "s47e_s47_start_date", s.StartDate, s.WorkerId, s.TeamId),
            new DatedField("ssd_s47_enquiry", s.EnquiryId, s.PersonId, "s47e_s47_end_date", s.EndDate, s.WorkerId, s.TeamId),
        }),
        DatedAfter(e.InitialCpConferences, after, nameof(InitialCpConference.ConferenceDate)).Select(c => new DatedField("ssd_initial_cp_conference", c.IcpcId, c.PersonId, "icpc_icpc_date", c.ConferenceDate, c.WorkerId, c.TeamId)),
        DatedAfter(e.CpPlans, after, nameof(CpPlan.StartDate), nameof(CpPlan.EndDate)).SelectMany(p => new[]
        {
            new DatedField("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_start_date", p.StartDate),
            new DatedField("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_end_date", p.EndDate),
        }),
        DatedAfter(e.CpVisits, after, nameof(CpVisit.VisitDate)).Select(v => new DatedField("ssd_cp_visits", v.VisitId, v.PersonId, "cppv_cp_visit_date", v.VisitDate)),
        DatedAfter(e.CpReviews, after, nameof(CpReview.ReviewDate)).Select(r => new DatedField("ssd_cp_reviews", r.ReviewId, r.PersonId, "cppr_cp_review_date", r.ReviewDate)),
        DatedAfter(e.CinPlans, after, nameof(CinPlan.StartDate), nameof(CinPlan.EndDate)).SelectMany(p => new[]
        {
            new DatedField("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_start_date", p.StartDate, p.WorkerId, p.TeamId),
            new DatedField("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_end_date", p.EndDate, p.WorkerId, p.TeamId),
        }),
        DatedAfter(e.CinVisits, after, nameof(CinVisit.VisitDate)).Select(v => new DatedField("ssd_cin_visits", v.VisitId, v.PersonId, "cinv_cin_visit_date", v.VisitDate)),
        DatedAfter(e.ClaEpisodes, after, nameof(ClaEpisode.StartDate), nameof(ClaEpisode.CeasedDate), nameof(ClaEpisode.EnteredCareDate), nameof(ClaEpisode.LastIroContactDate)).SelectMany(c => new[]
        {
            new DatedField("ssd_cla_episodes", c.EpisodeId, c.PersonId, "clae_cla_episode_start_date", c.StartDate),
            new DatedField("ssd_cla_episodes", c.EpisodeId, c.PersonId, "clae_cla_episode_ceased_date", c.CeasedDate),
            new DatedField("ssd_cla_episodes", c.EpisodeId, c.PersonId, "clae_entered_care_date", c.EnteredCareDate),
            new DatedField("ssd_cla_episodes", c.EpisodeId, c.PersonId, "clae_cla_last_iro_contact_date", c.LastIroContactDate),
        }),
        DatedAfter(e.ClaPlacements, after, nameof(ClaPlacement.StartDate), nameof(ClaPlacement.EndDate)).SelectMany(p => new[]
        {
            new DatedField("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_start_date", p.StartDate),
            new DatedField("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_end_date", p.EndDate),
        }),
        DatedAfter(e.LegalStatuses, after, nameof(LegalStatus.StartDate), nameof(LegalStatus.EndDate)).SelectMany(s => new[]
        {
            new DatedField("ssd_legal_status", s.LegalStatusId, s.PersonId, "lega_legal_status_start_date", s.StartDate),
            new DatedField("ssd_legal_status", s.LegalStatusId, s.PersonId, "lega_legal_status_end_date", s.EndDate),
        }),
        DatedAfter(e.ClaReviews, after, nameof(ClaReview.ReviewDate)).Select(r => new DatedField("ssd_cla_reviews", r.ReviewId, null, "clar_cla_review_date", r.ReviewDate)),
        DatedAfter(e.ClaVisits, after, nameof(ClaVisit.VisitDate)).Select(v => new DatedField("ssd_cla_visits", v.VisitId, v.PersonId, "clav_cla_visit_date", v.VisitDate)),
        DatedAfter(e.ClaHealthChecks, after, nameof(ClaHealthCheck.CheckDate))
            .Where(h => !string.Equals(h.Status?.Trim(), "Planned", StringComparison.OrdinalIgnoreCase))
            .Select(h => new DatedField("ssd_cla_health", h.HealthCheckId, h.PersonId, "clah_health_check_date", h.CheckDate)),
        DatedAfter(e.ClaCarePlans, after, nameof(ClaCarePlan.StartDate), nameof(ClaCarePlan.EndDate)).SelectMany(p => new[]
        {
            new DatedField("ssd_cla_care_plan", p.CarePlanId, p.PersonId, "lacp_cla_care_plan_start_date", p.StartDate),
            new DatedField("ssd_cla_care_plan", p.CarePlanId, p.PersonId, "lacp_cla_care_plan_end_date", p.EndDate),
        }),
        DatedAfter(e.MissingEpisodes, after, nameof(MissingEpisode.StartDate), nameof(MissingEpisode.EndDate)).SelectMany(m => new[]
        {
            new DatedField("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_start_date", m.StartDate),
            new DatedField("ssd_missing", m.MissingId, m.PersonId, "miss_missing_episode_end_date", m.EndDate),
        }),
        DatedAfter(e.CareLeavers, after, nameof(CareLeaver.LatestContact), nameof(CareLeaver.PathwayPlanReviewDate)).SelectMany(c => new[]
        {
            new DatedField("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_care_leaver_latest_contact", c.LatestContact, c.WorkerId, c.TeamId),
            new DatedField("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_pathway_plan_review_date", c.PathwayPlanReviewDate, c.WorkerId, c.TeamId),
        }),
        DatedAfter(e.Involvements, after, nameof(Involvement.StartDate), nameof(Involvement.EndDate)).SelectMany(i => new[]
        {
            new DatedField("ssd_involvements", i.InvolvementId, i.PersonId, "invo_involvement_start_date", i.StartDate, i.ProfessionalId, i.TeamId),
            new DatedField("ssd_involvements", i.InvolvementId, i.PersonId, "invo_involvement_end_date", i.EndDate, i.ProfessionalId, i.TeamId),
        }),
    }.SelectMany(t => t);

    // NOTE: the date columns read first: a rule passing over every row of every table for its rare late dates spent its time
    // building records. A table held as records is passed whole (the rule's own test decides); a field that is not a date
    // column is a mistake here, not a reason to read every record.
    private static IEnumerable<T> DatedAfter<T>(IReadOnlyList<T> rows, DateOnly after, params string[] fields)
    {
        if (rows is not ColumnarTable<T> table)
        {
            return rows;
        }

        var dates = fields.Select(f => table.Field<DateOnly?>(f) ?? throw new InvalidOperationException($"{typeof(T).Name}.{f} is not a date column")).ToArray();
        return rows.RowsWhere(row => AnyAfter(dates, row, after));
    }

    // NOTE: a loop, not dates.Any(d => d(row) > after): that lambda captures the row, so it cost a closure for every row of the extract.
    private static bool AnyAfter(Func<int, DateOnly?>[] dates, int row, DateOnly after)
    {
        foreach (var date in dates)
        {
            if (date(row) > after)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<DqFinding> EndBeforeStart(ExtractSet e)
    {
        DqFinding Finding(string table, string id, string? person, string field, DateOnly? start, DateOnly? end, string? worker = null, string? team = null) =>
            new(table, id, person, field, $"starts {IsoDay(start)}, ends {IsoDay(end)}", $"end_before_start:{table}:{id}", worker, team);

        static bool EndsBeforeStart(DateOnly? start, DateOnly? end) => end < start;

        // NOTE: the two dates read from their columns, the records built only for the rows that break the rule.
        return e.S47Enquiries.RowsWhere((nameof(S47Enquiry.StartDate), s => s.StartDate), (nameof(S47Enquiry.EndDate), s => s.EndDate), EndsBeforeStart)
                .Select(s => Finding("ssd_s47_enquiry", s.EnquiryId, s.PersonId, "s47e_s47_end_date", s.StartDate, s.EndDate, s.WorkerId, s.TeamId))
            .Concat(e.ClaPlacements.RowsWhere((nameof(ClaPlacement.StartDate), p => p.StartDate), (nameof(ClaPlacement.EndDate), p => p.EndDate), EndsBeforeStart)
                .Select(p => Finding("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_end_date", p.StartDate, p.EndDate)))
            .Concat(e.LegalStatuses.RowsWhere((nameof(LegalStatus.StartDate), s => s.StartDate), (nameof(LegalStatus.EndDate), s => s.EndDate), EndsBeforeStart)
                .Select(s => Finding("ssd_legal_status", s.LegalStatusId, s.PersonId, "lega_legal_status_end_date", s.StartDate, s.EndDate)))
            .Concat(e.ClaCarePlans.RowsWhere((nameof(ClaCarePlan.StartDate), p => p.StartDate), (nameof(ClaCarePlan.EndDate), p => p.EndDate), EndsBeforeStart)
                .Select(p => Finding("ssd_cla_care_plan", p.CarePlanId, p.PersonId, "lacp_cla_care_plan_end_date", p.StartDate, p.EndDate)))
            .Concat(e.Involvements.RowsWhere((nameof(Involvement.StartDate), i => i.StartDate), (nameof(Involvement.EndDate), i => i.EndDate), EndsBeforeStart)
                .Select(i => Finding("ssd_involvements", i.InvolvementId, i.PersonId, "invo_involvement_end_date", i.StartDate, i.EndDate, i.ProfessionalId, i.TeamId)));
    }
}
