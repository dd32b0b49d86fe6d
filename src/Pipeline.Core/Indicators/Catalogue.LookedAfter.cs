using Pipeline.Domain;
using Pipeline.Reference;

namespace Pipeline.Indicators;

public static partial class Catalogue
{
    private const string LookedAfterArea = "Children looked after";

    // Said once, used in every definition below, so the wording of the shared rules cannot drift apart.
    private const string LookedAfterAtEnd = "children looked after at the period end d (a CLA episode open at d - started on or before d, "
        + "not ceased by it, so an episode ceasing on d does not count - and a legal status at d, the latest-starting ssd_legal_status "
        + "row open at d, that is not V3 or V4 (short breaks); without ssd_legal_status no child is on a short break)";

    private const string StartsAndEnds = "Starts and ends are events of single episodes, by their SSDA903 codes: a start is an episode "
        + "whose clae_cla_episode_start_reason is S, whatever the dates say (where the reason is empty or the column absent: an episode "
        + "no other episode of the child ceased on the day it started or is open on that day); an end is an episode whose "
        + "clae_cla_episode_ceased_reason is present and not X1 (X1: a new episode begins the same day), dated by its "
        + "clae_cla_episode_ceased_date (where the reason is empty: an episode with a ceased date on which no other episode of the "
        + "child starts). Episodes with no start date, or ceased before they started, are left out.";

    private const string CurrentPeriod = "The current period of care at a date began at the child's latest start on or before it that "
        + "is not a short break; for a child with none in the extract (the start is older than the data), with the earliest episode "
        + "after the child's last end before the date.";

    private static IEnumerable<IndicatorDefinition> LookedAfter() =>
    [
        new()
        {
            Id = "cla_rate",
            Title = "Children looked after per 10,000",
            Area = LookedAfterArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cla_episodes"],
            Needs = ["ssd_cla_episodes.clae_cla_episode_start_date"],
            Definition = $"Distinct {LookedAfterAtEnd}, per 10,000 children aged 0-17 (ONS mid-year estimate for the calendar year "
                + "of d); not annualised. A child with two open episodes counts once; a child with no legal status row open at d counts.",
            At = (inputs, d) => new Measure(inputs.LookedAfterAt(d).Length, null),
        },
        new()
        {
            Id = "cla_count",
            Title = "Children looked after",
            Area = LookedAfterArea,
            Unit = Unit.Count,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cla_episodes"],
            Needs = ["ssd_cla_episodes.clae_cla_episode_start_date"],
            Definition = $"The number of distinct {LookedAfterAtEnd}.",
            At = (inputs, d) => new Measure(inputs.LookedAfterAt(d).Length, null),
        },
        new()
        {
            Id = "cla_starts_rate",
            Title = "Periods of care starting per 10,000 children",
            Area = LookedAfterArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cla_episodes"],
            Needs = ["ssd_cla_episodes.clae_cla_episode_start_date"],
            Definition = $"Periods of care starting in the period, per 10,000 children aged 0-17; annualised except over a rolling 12 "
                + $"months. {StartsAndEnds} A child starting twice counts twice, so a child who leaves care and comes back the same day "
                + "(an end, then an S episode) starts again. Short breaks are left out: a start whose legal status on its date (the "
                + "latest-starting ssd_legal_status row open that day) is V3 or V4.",
            Events = inputs => inputs.CareByChild.Values.SelectMany(c => c.Starts).Where(s => !s.IsShortBreak).Select(s => new FlowEvent(s.Date, true)),
        },
        new()
        {
            Id = "cla_ends_rate",
            Title = "Periods of care ending per 10,000 children",
            Area = LookedAfterArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cla_episodes"],
            Needs = ["ssd_cla_episodes.clae_cla_episode_start_date", "ssd_cla_episodes.clae_cla_episode_ceased_date"],
            Definition = $"Periods of care ending in the period, per 10,000 children aged 0-17; annualised except over a rolling 12 "
                + $"months. {StartsAndEnds} Short breaks are left out: an end whose legal status on the last day of care (the day before "
                + "the ceased date; the ceased date itself for an episode that starts and ceases that day) is V3 or V4.",
            Events = inputs => inputs.CareByChild.Values.SelectMany(c => c.Ends).Where(e => !e.IsShortBreak).Select(e => new FlowEvent(e.Date, true)),
        },
        new()
        {
            Id = "cla_3plus_placements_pct",
            Title = "% children looked after with 3 or more placements in the last 12 months",
            Area = LookedAfterArea,
            Unit = Unit.Percent,
            Polarity = Polarity.LowerIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cla_episodes", "ssd_cla_placement"],
            LookBack = LookBack.OfMonths(12),
            Needs =
            [
                "ssd_cla_episodes.clae_cla_episode_start_date",
                "ssd_cla_placement.clap_cla_placement_start_date",
                "ssd_cla_placement.clap_person_id | ssd_cla_placement.clap_cla_id",
            ],
            Definition = $"Denominator: {LookedAfterAtEnd}. Numerator: those with at least 3 placements (ssd_cla_placement, reaching the "
                + "child by clap_person_id or else clap_cla_id = clae_cla_id) open on at least one day of the 12 months ending at d "
                + "(d.AddMonths(-12) + 1 day to d): a placement ending on the window's first day, or on the day it started, was never open "
                + "in it. An A3 or A5 placement (placed for adoption with the current foster carers) starting on the day the previous "
                + "placement ended continues that placement and is not another one. Placements that began while the child's legal status "
                + "was V3 or V4 (short breaks) are not counted; nor are placements with no start date or ending before they started.",
            At = ThreePlusPlacementsMeasure,
        },
        new()
        {
            Id = "cla_health_assessment_pct",
            Title = "% children looked after 12+ months with an up-to-date health assessment",
            Area = LookedAfterArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cla_episodes", "ssd_cla_health", "ssd_person"],
            LookBack = LookBack.OfMonths(12),
            Needs =
            [
                "ssd_cla_episodes.clae_cla_episode_start_date",
                "ssd_cla_health.clah_health_check_date",
                "ssd_cla_health.clah_health_check_type",
            ],
            Definition = $"Denominator: {LookedAfterAtEnd} whose current period of care began on or before d.AddMonths(-12). {CurrentPeriod} Numerator: "
                + "those with a health assessment dated from d.AddMonths(-12) to d, both included, or from d.AddMonths(-6) when the child "
                + "is under 5 at d (age from pers_dob; a child with no date of birth is held to 12 months). A health assessment is an "
                + "ssd_cla_health row whose clah_health_check_type contains one of the configured health_assessment_types "
                + "(case-insensitive; default \"health assessment\", so initial and review assessments count, dental checks do not) with "
                + "clah_health_check_status Completed or empty. The assessment need not fall in the current period of care.",
            At = HealthAssessmentMeasure,
        },
        new()
        {
            Id = "cla_visits_timely_pct",
            Title = "% children looked after visited within the standard",
            Area = LookedAfterArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cla_episodes", "ssd_cla_visits"],
            LookBack = LookBack.OfMonths(12),
            Needs =
            [
                "ssd_cla_episodes.clae_cla_episode_start_date",
                "ssd_cla_visits.clav_cla_visit_date",
                "ssd_cla_visits.clav_person_id | ssd_cla_visits.clav_cla_id",
            ],
            EmptyMeansAbsent = ["ssd_cla_visits.clav_cla_visit_seen"],
            ByTeam = true,
            Definition = $"Denominator: {LookedAfterAtEnd} whose current period of care began at least M days before d (d - start >= M). "
                + "Numerator: those with a visit at which the child was seen (clav_cla_visit_seen = Y; every visit when the seen column is "
                + "absent or empty in every row; reaching the child by clav_person_id or else clav_cla_id = clae_cla_id) dated on or after the period of "
                + "care began, on or before d, and no more than N days before d (d - visit <= N). N is cla_visit_days (default 42), or "
                + "cla_visit_days_long_term (default 84) when the period of care began on or before d.AddMonths(-12); M is "
                + "cla_visit_minimum_days_in_care (default 7). By team: the team (invo_professional_team) of the child's allocated case "
                + "worker at d, an ssd_involvements row open at d with a configured allocated-worker role (the latest-starting if several); "
                + $"children with no allocation at d count only in the council-wide figure. {CurrentPeriod}",
            At = (inputs, d) => ClaVisitMeasures(inputs, d, byTeam: false).GetValueOrDefault("", new Measure(0, 0)),
            AtByTeam = (inputs, d) => ClaVisitMeasures(inputs, d, byTeam: true),
        },
        new()
        {
            Id = "cla_reviews_timely_pct",
            Title = "% CLA reviews held on time",
            Area = LookedAfterArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cla_episodes", "ssd_cla_reviews"],
            LookBack = LookBack.Everything,
            Needs =
            [
                "ssd_cla_episodes.clae_cla_episode_start_date",
                "ssd_cla_episodes.clae_cla_id",
                "ssd_cla_reviews.clar_cla_review_date",
                "ssd_cla_reviews.clar_cla_id",
            ],
            Definition = "Of the CLA reviews held (clar_cla_review_date) in the period and not cancelled (clar_cla_review_cancelled not Y), "
                + "the percentage held on or before their due date: clar_cla_review_due_date when given; otherwise, counting the held "
                + "reviews of the period of care in date order, the 20th working day after the period of care began for the first "
                + "(WD(start, review) <= 20, working days excluding weekends and bank holidays), 3 months after the first review for the "
                + "second, and 6 months after the previous review for later ones. A review reaches its child through clar_cla_id = "
                + "clae_cla_id and belongs to the child's current period of care at its date; reviews dated when no episode of the child "
                + "runs over the date (first and last days included), or when the child's legal status is V3 or V4 (a short break), are "
                + $"left out. {CurrentPeriod}",
            Events = ClaReviewEvents,
        },
        new()
        {
            Id = "cla_permanence_plan_pct",
            Title = "% children looked after with a permanence plan",
            Area = LookedAfterArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cla_episodes", "ssd_cla_reviews", "ssd_cla_care_plan"],
            LookBack = LookBack.Everything,
            Needs =
            [
                "ssd_cla_episodes.clae_cla_episode_start_date",
                "ssd_cla_episodes.clae_cla_id",
                "ssd_cla_reviews.clar_cla_review_date",
                "ssd_cla_reviews.clar_cla_id",
                "ssd_cla_care_plan.lacp_cla_care_plan_start_date",
                "ssd_cla_care_plan.lacp_cla_care_plan_json",
            ],
            Definition = $"Denominator: {LookedAfterAtEnd} with at least two reviews held (dated, not cancelled; clar_cla_id = clae_cla_id) "
                + "from the start of the current period of care to d, both included. Numerator: those with an ssd_cla_care_plan row open at "
                + "d whose lacp_cla_care_plan_json names a plan: an object of plan flags with at least one set to Y, or any other non-blank "
                + $"text; an empty value or an object with every flag N names none. {CurrentPeriod}",
            At = PermanencePlanMeasure,
        },
        new()
        {
            Id = "missing_rhi_offered_pct",
            Title = "% missing episodes with a return home interview offered",
            Area = LookedAfterArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_missing"],
            Needs =
            [
                "ssd_missing.miss_missing_episode_end_date",
                "ssd_missing.miss_missing_episode_type",
                "ssd_missing.miss_missing_rhi_offered",
            ],
            Definition = "Of the missing episodes (ssd_missing rows whose miss_missing_episode_type is the SSDA903 code M, or the SSD's word: "
                + "a value beginning with \"Missing\"; compared case-insensitively after trimming, so \"Missing from care\" and \"m\" count, "
                + "while A and \"Absent...\", away without authorisation, do not; any other value is left out and is a data-quality finding) "
                + "whose miss_missing_episode_end_date falls in the period, for any child whether looked after or not, the percentage with "
                + "miss_missing_rhi_offered = yes (Y, Yes, 1, true). An episode with no end date has not ended; one whose offer flag is "
                + "empty counts in the denominator only.",
            Events = inputs => inputs.Extract.MissingEpisodes
                .Where(m => m.EndDate is not null && IsMissingNotAbsent(m.EpisodeType, m.EndDate.Value))
                .Select(m => new FlowEvent(m.EndDate!.Value, m.ReturnInterviewOffered == true)),
        },
    ];

    /// <summary>Whether a missing episode's type is "missing" (SSDA903 M, or the SSD's word for it) rather than "away without authorisation".</summary>
    private static bool IsMissingNotAbsent(string? type, DateOnly date) =>
        type is not null && DfeCodeLists.Default.Check("missing_type", type, date) is { IsAccepted: true } check
            && check.Codes.Any(c => c.Code == "M");

    private static Measure? ThreePlusPlacementsMeasure(IndicatorInputs inputs, DateOnly d)
    {
        var windowStart = Dates.TwelveMonthsEndingAt(d);
        var spellsByChild = inputs.PlacementSpellsByChild;
        int children = 0, threePlus = 0;
        foreach (var (child, _) in inputs.LookedAfterAt(d))
        {
            children++;
            var placements = 0;
            foreach (var spell in spellsByChild.GetValueOrDefault(child, []))
            {
                // Open on some day of the window exactly when open on its first candidate day.
                var firstDay = spell.Start > windowStart ? spell.Start : windowStart;
                if (Dates.IsOpenAt(spell.Start, spell.End, firstDay) && firstDay <= d)
                {
                    placements++;
                }
            }

            if (placements >= 3)
            {
                threePlus++;
            }
        }

        return new Measure(threePlus, children);
    }

    private static Measure? HealthAssessmentMeasure(IndicatorInputs inputs, DateOnly d)
    {
        var twelveMonthsBefore = d.AddMonths(-12);
        var sixMonthsBefore = d.AddMonths(-6);
        var (datesOfBirth, assessments) = (inputs.LookedAfterDatesOfBirth, inputs.HealthAssessmentDatesByChild);
        int due = 0, upToDate = 0;
        foreach (var (child, periodStart) in inputs.LookedAfterAt(d))
        {
            if (periodStart > twelveMonthsBefore)
            {
                continue;
            }

            due++;
            var underFive = datesOfBirth.TryGetValue(child, out var dateOfBirth) && Dates.AgeAt(dateOfBirth, d) < 5;
            if (IndicatorInputs.LatestOnOrBefore(assessments.GetValueOrDefault(child), d) is { } assessed
                && assessed >= (underFive ? sixMonthsBefore : twelveMonthsBefore))
            {
                upToDate++;
            }
        }

        return new Measure(upToDate, due);
    }

    /// <summary>The visit measure council-wide (key "") or per allocated team, from one pass over the children.</summary>
    private static Dictionary<string, Measure> ClaVisitMeasures(IndicatorInputs inputs, DateOnly d, bool byTeam)
    {
        var settings = inputs.Settings;
        var longTermFrom = d.AddMonths(-12);
        var visits = inputs.ClaVisitDatesByChild;
        var counts = new Dictionary<string, (int Due, int Visited)>(StringComparer.Ordinal);
        if (!byTeam)
        {
            counts[""] = (0, 0);
        }

        foreach (var (child, periodStart) in inputs.LookedAfterAt(d))
        {
            if (d.DayNumber - periodStart.DayNumber < settings.ClaVisitMinimumDaysInCare)
            {
                continue;
            }

            var key = byTeam ? inputs.AllocatedTeamOf(child, d) : "";
            if (key is null)
            {
                continue;
            }

            var window = periodStart <= longTermFrom ? settings.ClaVisitDaysLongTerm : settings.ClaVisitDays;
            var visited = IndicatorInputs.LatestOnOrBefore(visits.GetValueOrDefault(child), d) is { } visit
                && visit >= periodStart && d.DayNumber - visit.DayNumber <= window;
            var (due, seen) = counts.GetValueOrDefault(key);
            counts[key] = (due + 1, seen + (visited ? 1 : 0));
        }

        return counts.ToDictionary(c => c.Key, c => new Measure(c.Value.Visited, c.Value.Due), StringComparer.Ordinal);
    }

    private static IEnumerable<FlowEvent> ClaReviewEvents(IndicatorInputs inputs)
    {
        var careByChild = inputs.CareByChild;
        foreach (var (child, reviews) in inputs.HeldClaReviewsByChild)
        {
            if (!careByChild.TryGetValue(child, out var care))
            {
                continue;
            }

            DateOnly? currentPeriod = null;
            var held = 0;
            DateOnly first = default, previous = default;
            foreach (var review in reviews)
            {
                var date = review.Date;
                if (!care.IsInCareOn(date) || care.IsOnShortBreakAt(date) || care.CurrentPeriodStart(date) is not { } periodStart)
                {
                    continue;
                }

                if (periodStart != currentPeriod)
                {
                    (currentPeriod, held) = (periodStart, 0);
                }

                held++;
                if (held == 1)
                {
                    first = date;
                }

                var onTime = review.DueDate is { } due
                    ? date <= due
                    : held switch
                    {
                        1 => inputs.Calendar.WD(periodStart, date) <= 20,
                        2 => date <= first.AddMonths(3),
                        _ => date <= previous.AddMonths(6),
                    };
                previous = date;
                yield return new FlowEvent(date, onTime);
            }
        }
    }

    private static Measure? PermanencePlanMeasure(IndicatorInputs inputs, DateOnly d)
    {
        var (reviewDatesByChild, plansByChild) = (inputs.HeldClaReviewDatesByChild, inputs.PermanencePlansByChild);
        int reviewed = 0, withPlan = 0;
        foreach (var (child, periodStart) in inputs.LookedAfterAt(d))
        {
            var reviewDates = reviewDatesByChild.GetValueOrDefault(child, []);
            if (CountBefore(reviewDates, d.AddDays(1)) - CountBefore(reviewDates, periodStart) < 2)
            {
                continue;
            }

            reviewed++;
            if (IndicatorInputs.FirstOpenAt(plansByChild.GetValueOrDefault(child, []), d, static p => p.StartDate, static p => p.EndDate) >= 0)
            {
                withPlan++;
            }
        }

        return new Measure(withPlan, reviewed);
    }

    // The number of sorted dates strictly before the date (binary search).
    private static int CountBefore(DateOnly[] sorted, DateOnly date)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < date)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
