using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Indicators;

/// <summary>
/// The indicator catalogue: every figure the pipeline publishes, declared once with its definition.
/// Adding an indicator is a declaration here and a hand-worked test.
/// </summary>
public static class Catalogue
{
    public static readonly ImmutableArray<IndicatorDefinition> All =
    [
        new()
        {
            Id = "referrals_rate",
            Title = "Referrals per 10,000 children",
            Area = "Front door and assessment",
            Unit = Unit.Per10k,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cin_episodes"],
            Definition = "Referrals (rows of ssd_cin_episodes) whose cine_referral_date falls in the period, per 10,000 children "
                + "aged 0-17 (ONS mid-year estimate for the calendar year the period ends in). Monthly, month-to-date and "
                + "financial-year-to-date rates are annualised (count x 365 / days in period); rolling 12-month rates are not. "
                + "Every referral counts, even two for one child on one day.",
            Events = inputs => inputs.Extract.CinEpisodes
                .Where(r => r.ReferralDate is not null)
                .Select(r => new FlowEvent(r.ReferralDate!.Value, true, r.TeamId)),
        },
        new()
        {
            Id = "referrals_repeat_pct",
            Title = "% referrals within 12 months of a previous referral",
            Area = "Front door and assessment",
            Unit = Unit.Percent,
            Polarity = Polarity.LowerIsBetter,
            Kind = IndicatorKind.Flow,
            Tables = ["ssd_cin_episodes"],
            Definition = "Of the referrals dated in the period, the percentage for which the same child has another referral "
                + "dated on or after (referral date minus 12 months) and strictly before the referral date. A referral on the "
                + "same day as another does not make either a repeat; one exactly 12 months after the previous one is a repeat.",
            Events = inputs => inputs.ReferralsByChild.Values.SelectMany(RepeatReferralEvents),
        },
    ];

    public static IndicatorDefinition? Find(string id) => All.FirstOrDefault(i => i.Id == id);

    // A child's referrals are sorted by date, so the previous referral is the nearest earlier-dated one.
    private static IEnumerable<FlowEvent> RepeatReferralEvents(ImmutableArray<CinEpisode> referrals)
    {
        DateOnly? currentDate = null;
        DateOnly? previousDate = null;
        foreach (var referral in referrals)
        {
            if (referral.ReferralDate is not { } date)
            {
                continue;
            }

            if (currentDate != date)
            {
                previousDate = currentDate;
                currentDate = date;
            }

            var isRepeat = previousDate is { } previous && previous >= date.AddMonths(-12);
            yield return new FlowEvent(date, isRepeat, referral.TeamId);
        }
    }
}
