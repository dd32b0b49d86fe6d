using System.Globalization;
using Pipeline.Application;
using Pipeline.Indicators;

namespace Pipeline.Cli;

/// <summary>The short report a person reads after a run: counts, where the outputs are, headline figures.</summary>
public static class Summary
{
    public static void Print(RunOutcome outcome, TextWriter output)
    {
        output.WriteLine();
        var warned = outcome.Warnings.Length switch { 0 => "", 1 => " with 1 warning", var n => $" with {n} warnings" };
        output.WriteLine($"run {outcome.RunId}: {outcome.Status}{warned}" + (outcome.Reason is null ? "" : $" ({outcome.Reason})"));
        foreach (var warning in outcome.Warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }

        output.WriteLine($"  rows read {outcome.RowsRead:N0}, rows quarantined {outcome.RowsQuarantined:N0}, values cleared {outcome.ValuesCleared:N0}");
        output.WriteLine($"  indicators computed {outcome.IndicatorsComputed} ({outcome.IndicatorValues:N0} values), data-quality issues {outcome.DqIssues:N0}");
        output.WriteLine($"  outputs in {outcome.StoreLocation}");
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        output.WriteLine($"  wall time {outcome.Elapsed.TotalSeconds:0.0} s, peak memory {self.PeakWorkingSet64 / (1024 * 1024):N0} MB");
        if (outcome.Timings.Length > 0)
        {
            output.WriteLine("  stages " + string.Join(", ", outcome.Timings.Where(t => t.Stage != "run_files").Select(t => $"{t.Stage} {t.Milliseconds / 1000.0:0.0} s")));
        }
        foreach (var (dataset, path) in outcome.Outputs)
        {
            output.WriteLine($"    {dataset,-20} {path}");
        }

        var latestMonth = outcome.Values.Where(v => v.PeriodType == "month" && v.Breakdown == "").Select(v => v.PeriodEnd).DefaultIfEmpty().Max();
        var headline = outcome.Values.Where(v => v.PeriodType == "month" && v.PeriodEnd == latestMonth && v.Breakdown == "").ToList();
        if (headline.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"  {latestMonth:MMMM yyyy}");
        foreach (var value in headline)
        {
            var figure = value.Value is { } v ? Format(v, value.Unit) : value.Available ? "no value" : "unavailable";
            var arrow = value.Dot switch { "up" => "↑", "down" => "↓", "same" => "↔", _ => " " };
            output.WriteLine($"    {value.IndicatorId,-32} {figure,10} {arrow} {value.Rag ?? ""}");
        }
    }

    private static string Format(double value, string unit) => unit switch
    {
        "percent" => value.ToString("0.0", CultureInfo.InvariantCulture) + "%",
        "count" => value.ToString("0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.0", CultureInfo.InvariantCulture),
    };
}
