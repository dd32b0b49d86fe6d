using System.Runtime.InteropServices;
using Pipeline.Extract;

namespace Pipeline.Indicators;

public static partial class Catalogue
{
    private const string FrontDoorArea = "Front door and assessment";

    private static IEnumerable<IndicatorDefinition> FrontDoor() =>
    [
        new()
        {
            Id = "contacts_rate",
            Title = "Contacts per 10,000 children",
            Area = FrontDoorArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_contacts"],
            Needs = ["ssd_contacts.cont_contact_date"],
            Definition = "Contacts (rows of ssd_contacts) whose cont_contact_date falls in the period, per 10,000 children aged 0-17; "
                + "annualised like every flow rate except over a rolling 12 months.",
            Events = inputs =>
            {
                var rows = inputs.Extract.Contacts;
                var date = rows.Field(nameof(Contact.ContactDate), c => c.ContactDate);
                return rows.RowNumbers().Where(row => date(row) is not null).Select(row => new FlowEvent(date(row)!.Value, true));
            },
        },
        new()
        {
            Id = "referrals_rate",
            Title = "Referrals per 10,000 children",
            Area = FrontDoorArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cin_episodes"],
            Needs = ["ssd_cin_episodes.cine_referral_date"],
            Definition = "Referrals (rows of ssd_cin_episodes) whose cine_referral_date falls in the period, per 10,000 children "
                + "aged 0-17 (ONS mid-year estimate for the calendar year the period ends in). Monthly, month-to-date and "
                + "financial-year-to-date rates are annualised (count x 365 / days in period); rolling 12-month rates are not. "
                + "Every referral counts, even two for one child on one day.",
            Events = inputs =>
            {
                var rows = inputs.Extract.CinEpisodes;
                var (date, team) = (rows.Field(nameof(CinEpisode.ReferralDate), r => r.ReferralDate), rows.Field(nameof(CinEpisode.TeamId), r => r.TeamId));
                return rows.RowNumbers().Where(row => date(row) is not null).Select(row => new FlowEvent(date(row)!.Value, true, team(row)));
            },
        },
        new()
        {
            Id = "referrals_repeat_pct",
            Title = "% referrals within 12 months of a previous referral",
            Area = FrontDoorArea,
            Unit = Unit.Percent,
            Polarity = Polarity.LowerIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cin_episodes"],
            LookBack = LookBack.OfMonths(12),
            Needs = ["ssd_cin_episodes.cine_referral_date"],
            Definition = "Of the referrals dated in the period, the percentage for which the same child has another referral "
                + "dated on or after (referral date minus 12 months) and strictly before the referral date. A referral on the "
                + "same day as another does not make either a repeat; one exactly 12 months after the previous one is a repeat.",
            Events = RepeatReferralEvents,
        },
        new()
        {
            Id = "referrals_nfa_pct",
            Title = "% referrals with no further action",
            Area = FrontDoorArea,
            Unit = Unit.Percent,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cin_episodes"],
            Needs = ["ssd_cin_episodes.cine_referral_date", "ssd_cin_episodes.cine_referral_nfa"],
            Definition = "Of the referrals dated in the period, the percentage with cine_referral_nfa = Y. A referral whose NFA flag is "
                + "empty counts in the denominator and not the numerator.",
            Events = inputs =>
            {
                var rows = inputs.Extract.CinEpisodes;
                var (date, nfa, team) = (rows.Field(nameof(CinEpisode.ReferralDate), r => r.ReferralDate),
                    rows.Field(nameof(CinEpisode.ReferralNfa), r => r.ReferralNfa), rows.Field(nameof(CinEpisode.TeamId), r => r.TeamId));
                return rows.RowNumbers().Where(row => date(row) is not null).Select(row => new FlowEvent(date(row)!.Value, nfa(row) == true, team(row)));
            },
        },
        new()
        {
            Id = "assessments_rate",
            Title = "Assessments completed per 10,000 children",
            Area = FrontDoorArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cin_assessments"],
            Needs = ["ssd_cin_assessments.cina_assessment_auth_date"],
            Definition = "Assessments whose cina_assessment_auth_date (completion) falls in the period, per 10,000 children aged 0-17; annualised.",
            Events = inputs =>
            {
                var (rows, f) = AssessmentColumns.Of(inputs.Extract);
                return rows.RowNumbers().Where(row => f.Authorised(row) is not null).Select(row => new FlowEvent(f.Authorised(row)!.Value, true, f.Team(row)));
            },
        },
        new()
        {
            Id = "assessments_45wd_pct",
            Title = "% assessments completed within 45 working days",
            Area = FrontDoorArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cin_assessments"],
            Needs = ["ssd_cin_assessments.cina_assessment_auth_date", "ssd_cin_assessments.cina_assessment_start_date"],
            ByTeam = true,
            Definition = "Of the assessments authorised in the period, the percentage with WD(start, authorised) <= 45, where WD(a, b) "
                + "counts the working days d with a < d <= b (Monday to Friday less England and Wales bank holidays). An assessment "
                + "with no start date, or authorised before it started, is a data-quality issue and is left out of both numerator "
                + "and denominator. By team: cina_assessment_team.",
            Events = inputs =>
            {
                var (rows, f) = AssessmentColumns.Of(inputs.Extract);
                f.CoverInCalendar(inputs.Calendar, rows.Count, null);
                return rows.RowNumbers()
                    .Where(row => f.Authorised(row) is { } authorised && f.Start(row) is { } start && authorised >= start)
                    .Select(row => new FlowEvent(f.Authorised(row)!.Value, inputs.Calendar.WD(f.Start(row)!.Value, f.Authorised(row)!.Value) <= 45, f.Team(row)));
            },
        },
        new()
        {
            Id = "assessments_nfa_pct",
            Title = "% assessments with outcome no further action",
            Area = FrontDoorArea,
            Unit = Unit.Percent,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cin_assessments"],
            Needs = ["ssd_cin_assessments.cina_assessment_auth_date", "ssd_cin_assessments.cina_assessment_outcome_nfa"],
            Definition = "Of the assessments authorised in the period, the percentage with cina_assessment_outcome_nfa = Y (case to close).",
            Events = inputs =>
            {
                var (rows, f) = AssessmentColumns.Of(inputs.Extract);
                var nfa = rows.Field(nameof(Assessment.OutcomeNfa), a => a.OutcomeNfa);
                return rows.RowNumbers().Where(row => f.Authorised(row) is not null).Select(row => new FlowEvent(f.Authorised(row)!.Value, nfa(row) == true, f.Team(row)));
            },
        },
        new()
        {
            Id = "assessments_overdue_count",
            Title = "Open assessments past 45 working days",
            Area = FrontDoorArea,
            Unit = Unit.Count,
            Polarity = Polarity.LowerIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cin_assessments"],
            Needs = ["ssd_cin_assessments.cina_assessment_start_date"],
            Definition = "At the period end d: assessments (not children) started on or before d and not authorised by d (no "
                + "authorisation date, or one after d) for which WD(start, d) > 45.",
            // NOTE: asked at every period end, so read from the date columns: records built per period were most of its cost.
            At = (inputs, d) =>
            {
                var (rows, f) = AssessmentColumns.Of(inputs.Extract);
                f.CoverInCalendar(inputs.Calendar, rows.Count, d);
                return new Measure(rows.RowNumbers().Count(row =>
                    f.Start(row) is { } start && start <= d && (f.Authorised(row) is not { } authorised || authorised > d)
                    && inputs.Calendar.WD(start, d) > 45), null);
            },
        },
    ];

    // The assessment fields the front-door indicators read, from their columns (no record built per row).
    private sealed record AssessmentColumns(Func<int, DateOnly?> Start, Func<int, DateOnly?> Authorised, Func<int, string?> Team)
    {
        public static (IReadOnlyList<Assessment> Rows, AssessmentColumns Fields) Of(ExtractSet extract)
        {
            var rows = extract.Assessments;
            return (rows, new(rows.Field(nameof(Assessment.StartDate), a => a.StartDate), rows.Field(nameof(Assessment.AuthorisedDate), a => a.AuthorisedDate),
                rows.Field(nameof(Assessment.TeamId), a => a.TeamId)));
        }

        /// <summary>
        /// Has the calendar count working days at once over every span the indicator asks about: WD(start, authorised) of the
        /// assessments authorised on or after they started, or, at <paramref name="end"/>, WD(start, end) of those open then.
        /// </summary>
        /// <remarks>NOTE: the calendar widens its table to each pair of dates asked about, rebuilding it each time: asked row by
        /// row in extract order, it was rebuilt hundreds of times, which was most of what assessments_45wd_pct allocated.</remarks>
        public void CoverInCalendar(Pipeline.Domain.WorkingDayCalendar calendar, int count, DateOnly? end)
        {
            var (first, last) = (DateOnly.MaxValue, DateOnly.MinValue);
            for (var row = 0; row < count; row++)
            {
                if (Start(row) is not { } start)
                {
                    continue;
                }

                var authorised = Authorised(row);
                var until = end is { } d
                    ? start <= d && (authorised is not { } a || a > d) ? d : (DateOnly?)null
                    : authorised >= start ? authorised : null;
                if (until is { } u)
                {
                    (first, last) = (start < first ? start : first, u > last ? u : last);
                }
            }

            if (first <= last)
            {
                calendar.WD(first, last);
            }
        }
    }

    // Each dated referral, a repeat when the child's nearest earlier referral date is no more than 12 months before it.
    // NOTE: the referrals sorted by (child number, day) in one array of longs, rather than grouped by child id into arrays of
    // records: only the child, date and team are read, and the team only for the event. The order of events changes no figure.
    private static List<FlowEvent> RepeatReferralEvents(IndicatorInputs inputs)
    {
        var rows = inputs.Extract.CinEpisodes;
        var (personOf, dateOf, teamOf) = (rows.Field(nameof(CinEpisode.PersonId), r => r.PersonId),
            rows.Field(nameof(CinEpisode.ReferralDate), r => r.ReferralDate), rows.Field(nameof(CinEpisode.TeamId), r => r.TeamId));
        var children = new Dictionary<string, int>(StringComparer.Ordinal);
        var (keys, dated) = (new List<long>(rows.Count), new List<int>(rows.Count));
        for (var row = 0; row < rows.Count; row++)
        {
            if (dateOf(row) is { } date && personOf(row) is { } child)
            {
                ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(children, child, out var known);
                number = known ? number : children.Count - 1;
                keys.Add(((long)number << 32) | (uint)date.DayNumber);
                dated.Add(row);
            }
        }

        var (sorted, sortedRows) = (keys.ToArray(), dated.ToArray());
        Array.Sort(sorted, sortedRows);
        var events = new List<FlowEvent>(sorted.Length);
        DateOnly? currentDate = null;
        DateOnly? previousDate = null;
        for (var i = 0; i < sorted.Length; i++)
        {
            var date = DateOnly.FromDayNumber((int)sorted[i]);
            if (i > 0 && sorted[i] >> 32 != sorted[i - 1] >> 32)
            {
                (currentDate, previousDate) = (null, null);
            }

            if (currentDate != date)
            {
                previousDate = currentDate;
                currentDate = date;
            }

            var isRepeat = previousDate is { } previous && previous >= date.AddMonths(-12);
            events.Add(new FlowEvent(date, isRepeat, teamOf(sortedRows[i])));
        }

        return events;
    }
}
