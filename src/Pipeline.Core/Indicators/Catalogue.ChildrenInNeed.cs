using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Pipeline.Indicators;

public static partial class Catalogue
{
    private const string ChildrenInNeedArea = "Children in need";

    private static IEnumerable<IndicatorDefinition> ChildrenInNeed() =>
    [
        new()
        {
            Id = "cin_rate",
            Title = "Children in need per 10,000",
            Area = ChildrenInNeedArea,
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cin_episodes"],
            Needs = ["ssd_cin_episodes.cine_referral_date"],
            Definition = "Distinct children with a CIN episode (referral) open at the period end: referred on or before it and not closed "
                + "by it (no cine_close_date, or one after the period end); per 10,000 children aged 0-17, not annualised.",
            At = (inputs, d) => new Measure(ChildrenWithAnyOpen(inputs.ReferralsByChild, d, static r => r.ReferralDate, static r => r.CloseDate), null),
        },
        new()
        {
            Id = "cin_plan_count",
            Title = "Children on a CIN plan",
            Area = ChildrenInNeedArea,
            Unit = Unit.Count,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cin_plans"],
            Needs = ["ssd_cin_plans.cinp_cin_plan_start_date"],
            Definition = "Distinct children with a CIN plan (ssd_cin_plans) open at the period end.",
            At = (inputs, d) => new Measure(ChildrenWithAnyOpen(inputs.CinPlansByChild, d, static p => p.StartDate, static p => p.EndDate), null),
        },
        new()
        {
            Id = "cin_visits_timely_pct",
            Title = "% children on a CIN plan seen in the last 4 weeks",
            Area = ChildrenInNeedArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_cin_plans", "ssd_cin_visits"],
            LookBack = LookBack.OfMonths(1),
            Needs = ["ssd_cin_plans.cinp_cin_plan_start_date", "ssd_cin_visits.cinv_cin_visit_date", "ssd_cin_visits.cinv_person_id"],
            EmptyMeansAbsent = ["ssd_cin_visits.cinv_cin_visit_seen"],
            Definition = "Denominator: children with a CIN plan open at the period end d whose plan (the earliest-starting open one) started "
                + "at least N days before d (d - start >= N). Numerator: those with a visit at which the child was seen "
                + "(cinv_cin_visit_seen = Y; every visit when the seen column is absent or empty in every row) dated on or before d and no more than N "
                + "days before it. N is cin_visit_days in the reference settings (default 28).",
            At = (inputs, d) =>
            {
                var window = inputs.Settings.CinVisitDays;
                var visits = inputs.CinVisitDatesByChild;
                int due = 0, seen = 0;
                foreach (var (child, plans) in inputs.CinPlansByChild)
                {
                    var open = IndicatorInputs.FirstOpenAt(plans, d, static p => p.StartDate, static p => p.EndDate);
                    if (open < 0 || d.DayNumber - plans[open].StartDate!.Value.DayNumber < window)
                    {
                        continue;
                    }

                    due++;
                    if (IndicatorInputs.LatestOnOrBefore(visits.GetValueOrDefault(child), d) is { } visit
                        && d.DayNumber - visit.DayNumber <= window)
                    {
                        seen++;
                    }
                }

                return new Measure(seen, due);
            },
        },
    ];

    /// <summary>How many children have at least one of their items (referrals, plans) open at <paramref name="date"/>.</summary>
    private static int ChildrenWithAnyOpen<T>(FrozenDictionary<string, ImmutableArray<T>> byChild, DateOnly date,
        Func<T, DateOnly?> start, Func<T, DateOnly?> end)
    {
        var children = 0;
        foreach (var items in byChild.Values)
        {
            if (IndicatorInputs.FirstOpenAt(items, date, start, end) >= 0)
            {
                children++;
            }
        }

        return children;
    }
}
