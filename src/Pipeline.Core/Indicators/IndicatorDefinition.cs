using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Indicators;

public enum Unit
{
    Per10k,
    Percent,
    Count,
    Mean,
}

public enum Polarity
{
    HigherIsBetter,
    LowerIsBetter,
    Neutral,
}

/// <summary>Flow: events in a period. Point-in-time: the position at a date (a period's value is the value at its end).</summary>
public enum IndicatorKind
{
    Flow,
    PointInTime,
}

/// <summary>An event a flow indicator counts: its date, whether it is in the numerator, and the team it belongs to.</summary>
public readonly record struct FlowEvent(DateOnly Date, bool InNumerator, string? Team = null);

/// <summary>A point-in-time measure: numerator and (for percentages and means) denominator.</summary>
public readonly record struct Measure(double Numerator, double? Denominator);

/// <summary>
/// One indicator of the catalogue: what it is, how it is judged, and how it is computed. A flow indicator
/// lists its events once; a point-in-time indicator answers for any date. Everything else (periods,
/// rates, annualisation, RAG, direction of travel) is the engine's, the same for every indicator.
/// </summary>
public sealed record IndicatorDefinition
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public required string Area { get; init; }

    public required Unit Unit { get; init; }

    public required Polarity Polarity { get; init; }

    public required IndicatorKind Kind { get; init; }

    /// <summary>The definition in words, precise enough to recompute the figure by hand.</summary>
    public required string Definition { get; init; }

    /// <summary>SSD tables the indicator needs; if one is absent from the extract, or present with no rows, the indicator is unavailable.</summary>
    public required ImmutableArray<string> Tables { get; init; }

    /// <summary>
    /// The columns a record must have a value in to count (<c>table.column</c>; <c>a | b</c> when either will do, as a
    /// placement reaching its child by person id or by CLA id). If one is absent from its file, or empty in every row, the
    /// indicator is unavailable, never 0 (spec, "Unavailable, not zero"). Not needed: end dates that only bound a record
    /// (an end date that is itself the event counted is), exclusion flags (empty: not excluded), and columns whose absence
    /// the definition gives a meaning to (<see cref="EmptyMeansAbsent"/>).
    /// </summary>
    public ImmutableArray<string> Needs { get; init; } = [];

    /// <summary>
    /// Columns whose absence from the file the definition gives a meaning to (a child-seen flag: every visit counts). Empty in
    /// every row, such a column is read as absent; the data-quality stage warns of it.
    /// </summary>
    public ImmutableArray<string> EmptyMeansAbsent { get; init; } = [];

    /// <summary><see cref="Needs"/> parsed: each need is one or more columns, any of which will do.</summary>
    public IEnumerable<ImmutableArray<SsdColumn>> ColumnNeeds =>
        Needs.Select(n => n.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(SsdColumn.Parse).ToImmutableArray());

    /// <summary>For flow indicators: every event, each dated.</summary>
    public Func<IndicatorInputs, IEnumerable<FlowEvent>>? Events { get; init; }

    /// <summary>For point-in-time indicators: the measure at a date (null when it has no value there).</summary>
    public Func<IndicatorInputs, DateOnly, Measure?>? At { get; init; }

    /// <summary>
    /// For point-in-time indicators, in place of <see cref="At"/>: the measures at many dates (sorted) in one pass, for a
    /// figure that would otherwise walk every child once a date. The engine asks for all of a figure's dates at once.
    /// </summary>
    public Func<IndicatorInputs, DateOnly[], Measure?[]>? AtDates { get; init; }

    /// <summary>
    /// Also published per team. Flow indicators take the team from each event; point-in-time ones from
    /// <see cref="AtByTeam"/> (team id to measure).
    /// </summary>
    public bool ByTeam { get; init; }

    public Func<IndicatorInputs, DateOnly, IReadOnlyDictionary<string, Measure>>? AtByTeam { get; init; }

    /// <summary>
    /// Set when the source holds only the current position (e.g. care leavers' status): values exist only for
    /// periods ending at as_at; earlier ones are unavailable with this reason, and snapshots become the history.
    /// </summary>
    public string? CurrentOnlyReason { get; init; }

    /// <summary>
    /// How far before a period the figure reads (a previous referral within 12 months; a plan's earlier reviews): a period is only
    /// computed when every table the indicator needs covers that far back (<see cref="Extract.TableCoverage"/>), so a set of
    /// statutory returns, which hold a collection year or two, never gives a figure missing what came before them.
    /// </summary>
    public LookBack LookBack { get; init; } = LookBack.None;

    /// <summary>A further availability check beyond the tables: returns why the indicator cannot be computed, or null.</summary>
    public Func<IndicatorInputs, string?>? Unavailable { get; init; }

    public string UnitName => Unit switch
    {
        Unit.Per10k => "per_10k",
        Unit.Percent => "percent",
        Unit.Count => "count",
        Unit.Mean => "mean",
        _ => throw new ArgumentOutOfRangeException(nameof(Unit)),
    };

    public string PolarityName => Polarity switch
    {
        Polarity.HigherIsBetter => "higher_is_better",
        Polarity.LowerIsBetter => "lower_is_better",
        Polarity.Neutral => "neutral",
        _ => throw new ArgumentOutOfRangeException(nameof(Polarity)),
    };

    public string KindName => Kind == IndicatorKind.Flow ? "flow" : "point_in_time";
}

/// <summary>How much history before a period an indicator's figure for it reads (<see cref="IndicatorDefinition.LookBack"/>).</summary>
/// <param name="Months">Months before the period's start.</param>
/// <param name="All">Everything before the period (a child's earlier plans however long ago; a plan's earlier reviews).</param>
public readonly record struct LookBack(int Months, bool All)
{
    public static LookBack None { get; } = new(0, false);

    public static LookBack Everything { get; } = new(0, true);

    public static LookBack OfMonths(int months) => new(months, false);

    /// <summary>The earliest day a figure for a period from <paramref name="start"/> reads.</summary>
    public DateOnly From(DateOnly start) => All ? DateOnly.MinValue : start.AddMonths(-Months);

    /// <summary>The look-back in words, for the documentation; empty when there is none.</summary>
    public string Describe() => All ? "everything before the period" : Months > 0 ? $"{Months} month{(Months == 1 ? "" : "s")} before the period" : "";
}
