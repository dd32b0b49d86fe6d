using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Indicators;

namespace Pipeline.Publish.Dashboard;

/// <summary>
/// A small inline SVG line of an indicator's complete months, with the target band (minimum to upper) or the
/// comparator it is rated against as a dashed line. Months without a figure leave a gap in the line, never a zero.
/// The chart is an image with a text alternative that states what it shows.
/// </summary>
public static class TrendChart
{
    public const int Width = 260;
    public const int Height = 96;

    private const int Left = 6;
    private const int Right = 54;
    private const int Top = 8;
    private const int Bottom = 20;

    public static string Svg(IndicatorSeries series, int months)
    {
        var indicator = series.Indicator;
        var points = series.Months.TakeLast(months).ToList();
        var known = points.Where(p => p is { Available: true, Value: not null }).ToList();
        var first = points.Count == 0 ? (DateOnly?)null : points[0].PeriodEnd;
        var last = points.Count == 0 ? (DateOnly?)null : points[^1].PeriodEnd;
        var latest = points.LastOrDefault();
        var (targetMin, targetUpper) = (latest?.TargetMin, latest?.TargetUpper);
        (double? comparator, string? comparatorName) = latest?.StatisticalNeighbours is { } sn ? (sn, "statistical neighbours")
            : latest?.England is { } en ? (en, "England") : ((double?)null, (string?)null);
        if (targetMin is not null)
        {
            // A target band says more than a comparator line; one reference keeps a small chart readable.
            comparator = null;
        }

        var label = Describe(indicator, points, known, targetMin, targetUpper, comparator, comparatorName);
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"trend\" width=\"").Append(Width).Append("\" height=\"").Append(Height)
            .Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" role=\"img\" aria-label=\"").Append(E(label)).Append("\">");
        if (known.Count == 0 || first is null || last is null)
        {
            svg.Append("<text x=\"").Append(Width / 2).Append("\" y=\"").Append(Height / 2).Append("\" text-anchor=\"middle\" class=\"none\">No figures to plot</text></svg>");
            return svg.ToString();
        }

        var references = new List<double>();
        references.AddRange(known.Select(p => p.Value!.Value));
        references.AddRange(new[] { targetMin, targetUpper, comparator }.Where(v => v is not null).Select(v => v!.Value));
        var low = references.Min();
        var high = references.Max();
        if (high - low < 1e-9)
        {
            (low, high) = (low - 1, high + 1);
        }

        var pad = (high - low) * 0.08;
        (low, high) = (low - pad, high + pad);
        if (low < 0 && references.Min() >= 0)
        {
            low = 0;
        }

        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var slots = Math.Max(1, points.Count - 1);
        double X(int index) => Left + (points.Count == 1 ? plotWidth / 2.0 : plotWidth * index / (double)slots);
        double Y(double value) => Top + plotHeight * (high - value) / (high - low);

        if (targetMin is { } min && targetUpper is { } upper)
        {
            var (bandTop, bandBottom) = (Y(Math.Max(min, upper)), Y(Math.Min(min, upper)));
            svg.Append("<rect class=\"band\" x=\"").Append(N(Left)).Append("\" y=\"").Append(N(bandTop)).Append("\" width=\"").Append(N(plotWidth))
                .Append("\" height=\"").Append(N(Math.Max(1.5, bandBottom - bandTop))).Append("\"/>");
            svg.Append("<text class=\"ref\" x=\"").Append(N(Left + 2)).Append("\" y=\"").Append(N(Math.Max(9, bandTop - 2)))
                .Append("\">target</text>");
        }
        else if (comparator is { } c)
        {
            svg.Append("<line class=\"comparator\" x1=\"").Append(N(Left)).Append("\" x2=\"").Append(N(Left + plotWidth)).Append("\" y1=\"").Append(N(Y(c)))
                .Append("\" y2=\"").Append(N(Y(c))).Append("\"/>");
            // Labelled at the left, above the line, where the latest value's label (at the right) cannot cover it.
            svg.Append("<text class=\"ref\" x=\"").Append(N(Left + 2)).Append("\" y=\"").Append(N(Math.Max(9, Y(c) - 3))).Append("\">")
                .Append(comparatorName == "England" ? "England" : "SN").Append("</text>");
        }

        // One path segment per run of months with a figure, so a missing month is a gap.
        var segment = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is { Available: true, Value: { } v })
            {
                segment.Append(segment.Length == 0 ? "M" : " L").Append(N(X(i))).Append(' ').Append(N(Y(v)));
            }
            else if (segment.Length > 0)
            {
                svg.Append("<path class=\"line\" d=\"").Append(segment).Append("\"/>");
                segment.Clear();
            }
        }

        if (segment.Length > 0)
        {
            svg.Append("<path class=\"line\" d=\"").Append(segment).Append("\"/>");
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is { Available: true, Value: { } v })
            {
                svg.Append("<circle class=\"").Append(i == points.Count - 1 ? "dot last" : "dot").Append("\" cx=\"").Append(N(X(i))).Append("\" cy=\"")
                    .Append(N(Y(v))).Append("\" r=\"").Append(i == points.Count - 1 ? "3" : "1.8").Append("\"/>");
            }
        }

        if (latest is { Available: true, Value: { } final })
        {
            svg.Append("<text class=\"value\" x=\"").Append(N(Left + plotWidth + 4)).Append("\" y=\"").Append(N(Math.Clamp(Y(final) + 4, 10, Top + plotHeight)))
                .Append("\">").Append(E(DisplayFormat.Value(final, indicator.Unit))).Append("</text>");
        }

        svg.Append("<text class=\"axis\" x=\"").Append(N(Left)).Append("\" y=\"").Append(Height - 5).Append("\">").Append(E(DisplayFormat.ShortMonth(first.Value)))
            .Append("</text><text class=\"axis\" x=\"").Append(N(Left + plotWidth)).Append("\" y=\"").Append(Height - 5).Append("\" text-anchor=\"end\">")
            .Append(E(DisplayFormat.ShortMonth(last.Value))).Append("</text></svg>");
        return svg.ToString();
    }

    private static string Describe(IndicatorDefinition indicator, List<IndicatorValue> points, List<IndicatorValue> known, double? targetMin, double? targetUpper,
        double? comparator, string? comparatorName)
    {
        if (points.Count == 0)
        {
            return $"{indicator.Title}: no monthly figures.";
        }

        var text = new StringBuilder($"{indicator.Title}, {DisplayFormat.Month(points[0].PeriodEnd)} to {DisplayFormat.Month(points[^1].PeriodEnd)}: ");
        if (known.Count == 0)
        {
            return text.Append("no month has a figure.").ToString();
        }

        text.Append(string.Join(", ", points.Select(p => p is { Available: true, Value: { } v }
            ? $"{DisplayFormat.ShortMonth(p.PeriodEnd)} {DisplayFormat.Value(v, indicator.Unit)}"
            : $"{DisplayFormat.ShortMonth(p.PeriodEnd)} {(p.Available ? "no value" : "unavailable")}")));
        text.Append('.');
        if (targetMin is { } min && targetUpper is { } upper)
        {
            text.Append($" Target band {DisplayFormat.Value(min, indicator.Unit)} to {DisplayFormat.Value(upper, indicator.Unit)}.");
        }
        else if (comparator is { } c)
        {
            text.Append($" Dashed line: {comparatorName} {DisplayFormat.Value(c, indicator.Unit)}.");
        }

        return text.ToString();
    }

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
