namespace Pipeline.Indicators;

/// <summary>RAG ratings and direction of travel (indicators spec, "Polarity, RAG and direction of travel").</summary>
public static class Judgement
{
    public const string Green = "green";
    public const string Amber = "amber";
    public const string Red = "red";

    /// <summary>
    /// Against the council's targets when it has them (minimum/upper model), otherwise against statistical
    /// neighbours, else England. Neutral indicators and missing values get no rating.
    /// </summary>
    public static (string? Rag, string? Basis) Rate(double? value, Unit unit, Polarity polarity, double? targetMin, double? targetUpper, double? statisticalNeighbours, double? england)
    {
        if (value is not { } v || polarity == Polarity.Neutral)
        {
            return (null, null);
        }

        if (targetMin is { } min && targetUpper is { } upper)
        {
            var rag = polarity == Polarity.HigherIsBetter
                ? v >= upper ? Green : v >= min ? Amber : Red
                : v <= upper ? Green : v <= min ? Amber : Red;
            return (rag, "target");
        }

        var (comparator, basis) = statisticalNeighbours is { } sn ? (sn, "statistical_neighbours")
            : england is { } en ? (en, "england")
            : (double.NaN, null);
        if (basis is null)
        {
            return (null, null);
        }

        // How much worse than the comparator: percentage points for percentages, percent of it otherwise.
        var worseBy = polarity == Polarity.HigherIsBetter ? comparator - v : v - comparator;
        if (unit != Unit.Percent)
        {
            worseBy = comparator == 0 ? (worseBy > 0 ? double.PositiveInfinity : 0) : 100 * worseBy / Math.Abs(comparator);
        }

        return (worseBy <= 0 ? Green : worseBy <= 10 ? Amber : Red, basis);
    }

    /// <summary>
    /// Direction of travel of <paramref name="current"/> against <paramref name="previous"/>, compared at display
    /// precision, and whether that direction is good (null for no change or a neutral indicator).
    /// </summary>
    public static (string? Dot, bool? Good) Direction(double? current, double? previous, Unit unit, Polarity polarity)
    {
        if (current is not { } c || previous is not { } p)
        {
            return (null, null);
        }

        var digits = DisplayDigits(unit);
        var difference = Math.Round(c, digits, MidpointRounding.AwayFromZero) - Math.Round(p, digits, MidpointRounding.AwayFromZero);
        if (difference == 0)
        {
            return ("same", null);
        }

        var dot = difference > 0 ? "up" : "down";
        bool? good = polarity switch
        {
            Polarity.HigherIsBetter => difference > 0,
            Polarity.LowerIsBetter => difference < 0,
            _ => null,
        };
        return (dot, good);
    }

    /// <summary>Display rounds rates, percentages and means to one decimal place, counts to whole numbers.</summary>
    public static int DisplayDigits(Unit unit) => unit == Unit.Count ? 0 : 1;
}
