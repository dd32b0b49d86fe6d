using System.Collections.Immutable;
using Pipeline.Indicators;
using Pipeline.Publish.Dashboard;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Publish.Dashboard;

/// <summary>indicator_values rows written by hand, the way the engine publishes them, for the dashboard's tests.</summary>
internal static class DashboardRows
{
    public static readonly DateOnly AsAt = D("2026-10-31");

    public static IndicatorDefinition Definition(string id, string title, Unit unit, IndicatorKind kind, Polarity polarity = Polarity.Neutral, string area = "Front door and assessment") => new()
    {
        Id = id,
        Title = title,
        Area = area,
        Unit = unit,
        Polarity = polarity,
        Kind = kind,
        Definition = $"How {id} is counted.",
        Tables = ["ssd_cin_episodes"],
    };

    public static IndicatorValue Month(IndicatorDefinition indicator, string end, double? value, Action<Judged>? judge = null) =>
        Row(indicator, "month", D(end).AddDays(1 - D(end).Day), D(end), value, judge);

    public static IndicatorValue Rolling(IndicatorDefinition indicator, string end, double? value, Action<Judged>? judge = null) =>
        Row(indicator, "rolling_12m", D(end).AddMonths(-12).AddDays(1), D(end), value, judge);

    public static IndicatorValue Unavailable(IndicatorDefinition indicator, string periodType, string end, string reason) =>
        Row(indicator, periodType, D(end).AddDays(1 - D(end).Day), D(end), null, null) with { Available = false, UnavailableReason = reason };

    public static IndicatorValue Row(IndicatorDefinition indicator, string periodType, DateOnly start, DateOnly end, double? value, Action<Judged>? judge)
    {
        var judged = new Judged();
        judge?.Invoke(judged);
        return new IndicatorValue
        {
            AsAt = AsAt,
            LaCode = LaCode,
            IndicatorId = indicator.Id,
            PeriodType = periodType,
            PeriodStart = start,
            PeriodEnd = end,
            Value = value,
            Unit = indicator.UnitName,
            Polarity = indicator.PolarityName,
            TargetMin = judged.TargetMin,
            TargetUpper = judged.TargetUpper,
            England = judged.England,
            StatisticalNeighbours = judged.Neighbours,
            Rag = judged.Rag,
            RagBasis = judged.RagBasis,
            Dot = judged.Dot,
            DotGood = judged.DotGood,
            IsPartial = periodType == "month_to_date",
            Available = true,
        };
    }

    public static IndicatorSeries Series(IndicatorDefinition indicator, params IndicatorValue[] rows) =>
        IndicatorSeries.Of(indicator, rows, AsAt, ImmutableDictionary<(string, string), string>.Empty
            .Add((indicator.Id, "england"), "2021/22").Add((indicator.Id, "statistical_neighbours"), "2021/22"));

    /// <summary>What a row is judged against and its judgement.</summary>
    public sealed class Judged
    {
        public double? TargetMin { get; set; }

        public double? TargetUpper { get; set; }

        public double? England { get; set; }

        public double? Neighbours { get; set; }

        public string? Rag { get; set; }

        public string? RagBasis { get; set; }

        public string? Dot { get; set; }

        public bool? DotGood { get; set; }
    }
}
