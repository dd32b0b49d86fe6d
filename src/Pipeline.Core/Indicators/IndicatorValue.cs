namespace Pipeline.Indicators;

/// <summary>One row of <c>indicator_values</c> (outputs spec): one value of one indicator for one period and breakdown.</summary>
public sealed record IndicatorValue
{
    public required DateOnly AsAt { get; init; }

    public required string LaCode { get; init; }

    public required string IndicatorId { get; init; }

    public required string PeriodType { get; init; }

    public required DateOnly PeriodStart { get; init; }

    public required DateOnly PeriodEnd { get; init; }

    public string Breakdown { get; init; } = "";

    public string BreakdownValue { get; init; } = "";

    public double? Numerator { get; init; }

    public double? Denominator { get; init; }

    /// <summary>Unrounded.</summary>
    public double? Value { get; init; }

    public required string Unit { get; init; }

    public required string Polarity { get; init; }

    public double? TargetMin { get; init; }

    public double? TargetUpper { get; init; }

    public double? England { get; init; }

    public double? StatisticalNeighbours { get; init; }

    public string? Rag { get; init; }

    public string? RagBasis { get; init; }

    public string? Dot { get; init; }

    public bool? DotGood { get; init; }

    public required bool IsPartial { get; init; }

    public required bool Available { get; init; }

    public string? UnavailableReason { get; init; }
}
