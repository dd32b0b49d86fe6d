using System.Collections.Immutable;
using Pipeline.Indicators;

namespace Pipeline.Publish.Dashboard;

/// <summary>
/// "What the data is telling us": one or two sentences per indicator, written from its figures alone, the same
/// figures giving the same words. The first says how the figure moved (since last month, and since last year);
/// the second how it stands against England, statistical neighbours and the target. A figure that is unavailable,
/// partial or without a value is never described as if it were complete: the sentence says so, or is left out.
/// </summary>
/// <remarks>
/// Flow indicators are judged on their rolling 12 months (monthly flow rates are annualised and noisy, and the
/// comparators are annual figures); point-in-time ones on the latest month end. Figures are compared at display
/// precision, as the direction of travel is.
/// </remarks>
public static class Narrative
{
    /// <summary>Within this many percentage points a percentage is "in line with" a comparator.</summary>
    public const double InLinePercentagePoints = 1.0;

    /// <summary>Within this share of the comparator a rate, count or mean is "in line with" it.</summary>
    public const double InLineShare = 0.02;

    public static ImmutableArray<string> For(IndicatorSeries series)
    {
        var indicator = series.Indicator;
        var subject = Subject(indicator.Title);
        var latest = series.LatestMonth;
        if (latest is null)
        {
            return [$"{subject}: no monthly figures were published in this snapshot."];
        }

        if (!latest.Available || latest.Value is null)
        {
            // Current-position sources (care leavers, agency staff) have a figure only at as_at itself.
            if (series.Latest is { Available: true, IsPartial: false, Value: { } now })
            {
                return [$"{subject} was {Figure(now, indicator.Unit)} on {DisplayFormat.Day(series.Latest.PeriodEnd)}, the extract's date; there are no complete months to compare it with."];
            }

            return [!latest.Available
                ? $"{subject}: no figure for {DisplayFormat.Month(latest.PeriodEnd)} ({latest.UnavailableReason})."
                : $"{subject}: no value for {DisplayFormat.Month(latest.PeriodEnd)}, as there was nothing to measure."];
        }

        var sentences = ImmutableArray.CreateBuilder<string>();
        sentences.Add(Change(series, subject, latest, latest.Value.Value));
        if (Standing(series, latest) is { } standing)
        {
            sentences.Add(standing);
        }

        return sentences.ToImmutable();
    }

    /// <summary>A title as the subject of a sentence: "% referrals ..." reads as "The percentage of referrals ...", a parenthesis is dropped.</summary>
    public static string Subject(string title)
    {
        var open = title.IndexOf(" (", StringComparison.Ordinal);
        var text = open > 0 ? title[..open] : title;
        return text.StartsWith("% ", StringComparison.Ordinal) ? "The percentage of " + text[2..] : text;
    }

    private static string Change(IndicatorSeries series, string subject, IndicatorValue latest, double value)
    {
        var unit = series.Indicator.Unit;
        var month = DisplayFormat.Month(latest.PeriodEnd);
        var previous = series.Month(Domain.Dates.MonthEnd(latest.PeriodEnd.AddMonths(-1)));
        var sentence = Usable(previous) is { } before
            ? Compare(value, before, unit) switch
            {
                > 0 => $"{subject} rose from {Figure(before, unit)} in {DisplayFormat.Month(previous!.PeriodEnd)} to {Figure(value, unit)} in {month}",
                < 0 => $"{subject} fell from {Figure(before, unit)} in {DisplayFormat.Month(previous!.PeriodEnd)} to {Figure(value, unit)} in {month}",
                _ => $"{subject} stayed at {Figure(value, unit)} in {month}, as in {DisplayFormat.Month(previous!.PeriodEnd)}",
            }
            : $"{subject} was {Figure(value, unit)} in {month}, with no figure for {DisplayFormat.Month(latest.PeriodEnd.AddMonths(-1))} to compare with";

        var yearEnd = Domain.Dates.MonthEnd(latest.PeriodEnd.AddMonths(-12));
        if (series.Indicator.Kind == IndicatorKind.Flow)
        {
            if (Usable(series.RollingTo(latest.PeriodEnd)) is { } twelve && Usable(series.RollingTo(yearEnd)) is { } twelveBefore)
            {
                var direction = Compare(twelve, twelveBefore, unit) switch { > 0 => "up from", < 0 => "down from", _ => "the same as" };
                sentence += $"; over the 12 months to {month} it was {Figure(twelve, unit)}, {direction} {Figure(twelveBefore, unit)} in the 12 months before";
            }
        }
        else if (Usable(series.Month(yearEnd)) is { } yearAgo)
        {
            sentence += $"; a year earlier ({DisplayFormat.Month(yearEnd)}) it was {Figure(yearAgo, unit)}";
        }

        return sentence + ".";
    }

    private static string? Standing(IndicatorSeries series, IndicatorValue latest)
    {
        var indicator = series.Indicator;
        var (judged, lead) = indicator.Kind == IndicatorKind.Flow
            ? (series.RollingTo(latest.PeriodEnd), "The 12-month figure is")
            : (latest, "This is");
        if (Usable(judged) is not { } value)
        {
            return null;
        }

        var clauses = new List<string>();
        if (judged!.England is { } england)
        {
            clauses.Add($"{Relation(value, england, indicator.Unit)} the England average ({Figure(england, indicator.Unit)}{Period(series.EnglandPeriod)})");
        }

        if (judged.StatisticalNeighbours is { } neighbours)
        {
            clauses.Add($"{Relation(value, neighbours, indicator.Unit)} statistical neighbours ({Figure(neighbours, indicator.Unit)}{Period(series.NeighboursPeriod)})");
        }

        var target = Target(value, judged, indicator);
        if (clauses.Count == 0)
        {
            return target is null ? null : $"{(indicator.Kind == IndicatorKind.Flow ? "The 12-month figure" : "It")} {target}.";
        }

        return $"{lead} {string.Join(" and ", clauses)}{(target is null ? "" : ", and " + target)}.";
    }

    private static string? Target(double value, IndicatorValue judged, IndicatorDefinition indicator)
    {
        if (judged.TargetMin is not { } min || judged.TargetUpper is not { } upper || indicator.Polarity == Polarity.Neutral)
        {
            return null;
        }

        // The minimum/upper model: green at or better than the upper target, amber up to the minimum, red beyond.
        var (rag, _) = Judgement.Rate(DisplayFormat.Rounded(value, indicator.Unit), indicator.Unit, indicator.Polarity, min, upper, null, null);
        return rag switch
        {
            Judgement.Green => $"meets the target of {Figure(upper, indicator.Unit)}",
            Judgement.Amber => $"misses the target of {Figure(upper, indicator.Unit)} but meets the minimum of {Figure(min, indicator.Unit)}",
            _ => $"misses the minimum of {Figure(min, indicator.Unit)}",
        };
    }

    private static string Relation(double value, double comparator, Unit unit)
    {
        var difference = DisplayFormat.Rounded(value, unit) - DisplayFormat.Rounded(comparator, unit);
        var tolerance = unit == Unit.Percent ? InLinePercentagePoints : Math.Abs(comparator) * InLineShare;
        return Math.Abs(difference) <= tolerance ? "in line with" : difference > 0 ? "higher than" : "lower than";
    }

    private static string Period(string? period) => period is null ? "" : ", " + period;

    private static double? Usable(IndicatorValue? row) => row is { Available: true, IsPartial: false, Value: { } v } ? v : null;

    private static int Compare(double current, double previous, Unit unit) =>
        DisplayFormat.Rounded(current, unit).CompareTo(DisplayFormat.Rounded(previous, unit));

    private static string Figure(double value, Unit unit) => DisplayFormat.Value(value, unit);
}
