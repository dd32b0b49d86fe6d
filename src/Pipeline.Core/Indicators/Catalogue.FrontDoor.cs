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
                return DatedEvents(rows.Count, rows.Field(nameof(Contact.ContactDate), c => c.ContactDate), null);
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
                return DatedEvents(rows.Count, rows.Field(nameof(CinEpisode.ReferralDate), r => r.ReferralDate), rows.Field(nameof(CinEpisode.TeamId), r => r.TeamId));
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
                var events = new List<FlowEvent>(rows.Count);
                for (var row = 0; row < rows.Count; row++)
                {
                    if (f.Authorised(row) is { } authorised && f.Start(row) is { } start && authorised >= start)
                    {
                        events.Add(new FlowEvent(authorised, inputs.Calendar.WD(start, authorised) <= 45, f.Team(row)));
                    }
                }

                return events;
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
            // NOTE: asked at every period end, so the two dates are read once for the area (AssessmentDaysByStart), not per period.
            At = (inputs, d) =>
            {
                var (starts, authorised) = inputs.AssessmentDaysByStart;
                var overdue = 0;
                for (var i = 0; i < starts.Length && starts[i] <= d.DayNumber; i++)
                {
                    if (authorised[i] > d.DayNumber && inputs.Calendar.WD(DateOnly.FromDayNumber(starts[i]), d) > 45)
                    {
                        overdue++;
                    }
                }

                return new Measure(overdue, null);
            },
        },
    ];

    // One event per row with a date, every one in the numerator (a rate), with the row's team when it has one.
    // NOTE: a loop into a list sized for the table: each date read once, and no list grown and copied as events come.
    private static List<FlowEvent> DatedEvents(int count, Func<int, DateOnly?> dateOf, Func<int, string?>? teamOf)
    {
        var events = new List<FlowEvent>(count);
        for (var row = 0; row < count; row++)
        {
            if (dateOf(row) is { } date)
            {
                events.Add(new FlowEvent(date, true, teamOf?.Invoke(row)));
            }
        }

        return events;
    }

    // The assessment fields the front-door indicators read, from their columns (no record built per row).
    private sealed record AssessmentColumns(Func<int, DateOnly?> Start, Func<int, DateOnly?> Authorised, Func<int, string?> Team)
    {
        public static (IReadOnlyList<Assessment> Rows, AssessmentColumns Fields) Of(ExtractSet extract)
        {
            var rows = extract.Assessments;
            return (rows, new(rows.Field(nameof(Assessment.StartDate), a => a.StartDate), rows.Field(nameof(Assessment.AuthorisedDate), a => a.AuthorisedDate),
                rows.Field(nameof(Assessment.TeamId), a => a.TeamId)));
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
