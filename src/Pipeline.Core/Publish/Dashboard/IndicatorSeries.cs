using System.Collections.Immutable;
using System.Globalization;
using Pipeline.Domain;
using Pipeline.Indicators;

namespace Pipeline.Publish.Dashboard;

/// <summary>
/// One indicator's council-level figures as the dashboard reads them: the complete months, the rolling 12-month
/// windows ending at those months, and the figure at <c>as_at</c> (a snapshot for point-in-time indicators, the
/// partial month to date for flows). Built from indicator_values rows only.
/// </summary>
public sealed record IndicatorSeries
{
    public required IndicatorDefinition Indicator { get; init; }

    /// <summary>Complete months, oldest first (never partial).</summary>
    public required ImmutableArray<IndicatorValue> Months { get; init; }

    /// <summary>Rolling 12-month windows ending at a month end, oldest first: a rate for flows, the mean of 12 month ends for point-in-time indicators.</summary>
    public required ImmutableArray<IndicatorValue> Rolling { get; init; }

    /// <summary>The figure at as_at when as_at is not a month end: the snapshot, or the month to date (partial).</summary>
    public IndicatorValue? Latest { get; init; }

    public string? EnglandPeriod { get; init; }

    public string? NeighboursPeriod { get; init; }

    public IndicatorValue? LatestMonth => Months.IsEmpty ? null : Months[^1];

    public IndicatorValue? Month(DateOnly monthEnd) => Months.FirstOrDefault(m => m.PeriodEnd == monthEnd);

    public IndicatorValue? RollingTo(DateOnly monthEnd) => Rolling.FirstOrDefault(r => r.PeriodEnd == monthEnd);

    /// <summary>The council's rows of <paramref name="indicator"/> among <paramref name="values"/>, arranged by period.</summary>
    public static IndicatorSeries Of(IndicatorDefinition indicator, IEnumerable<IndicatorValue> values, DateOnly asAt,
        IReadOnlyDictionary<(string IndicatorId, string Basis), string>? comparatorPeriods = null)
    {
        var rows = values.Where(v => v.IndicatorId == indicator.Id && v.Breakdown == "").ToList();
        var asAtIsMonthEnd = asAt == Dates.MonthEnd(asAt);
        return new IndicatorSeries
        {
            Indicator = indicator,
            Months = [.. rows.Where(r => r.PeriodType == "month" && !r.IsPartial).OrderBy(r => r.PeriodEnd)],
            Rolling = [.. rows.Where(r => r.PeriodType == "rolling_12m" && r.PeriodEnd == Dates.MonthEnd(r.PeriodEnd)).OrderBy(r => r.PeriodEnd)],
            Latest = asAtIsMonthEnd ? null
                : rows.FirstOrDefault(r => r.PeriodEnd == asAt && r.PeriodType == (indicator.Kind == IndicatorKind.Flow ? "month_to_date" : "snapshot")),
            EnglandPeriod = comparatorPeriods?.GetValueOrDefault((indicator.Id, "england")),
            NeighboursPeriod = comparatorPeriods?.GetValueOrDefault((indicator.Id, "statistical_neighbours")),
        };
    }
}

/// <summary>How the dashboard writes figures and dates: the display precision the direction of travel is judged at.</summary>
public static class DisplayFormat
{
    /// <summary>A value at display precision (<see cref="Judgement.DisplayDigits"/>), with thousands separators and a % for percentages.</summary>
    public static string Value(double value, Unit unit)
    {
        var digits = Judgement.DisplayDigits(unit);
        var rounded = Math.Round(value, digits, MidpointRounding.AwayFromZero);
        var text = rounded.ToString(digits == 0 ? "N0" : "N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return unit == Unit.Percent ? text + "%" : text;
    }

    /// <summary>The value rounded as displayed, for comparing two figures the way a reader of the page would.</summary>
    public static double Rounded(double value, Unit unit) => Math.Round(value, Judgement.DisplayDigits(unit), MidpointRounding.AwayFromZero);

    public static string Month(DateOnly date) => date.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    public static string ShortMonth(DateOnly date) => date.ToString("MMM yyyy", CultureInfo.InvariantCulture);

    public static string Day(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static Unit UnitOf(string unitName) => unitName switch
    {
        "per_10k" => Unit.Per10k,
        "percent" => Unit.Percent,
        "count" => Unit.Count,
        _ => Unit.Mean,
    };
}
