using System.Collections.Immutable;
using System.Globalization;
using Pipeline.Indicators;
using Pipeline.Ingest;

namespace Pipeline.Quality;

/// <summary>
/// A night-to-night finding, about a table or an indicator: counts, never record ids, so it is published with the aggregates.
/// </summary>
public sealed record RunCheckFinding(string Check, string Severity, string Subject, string Message);

/// <summary>
/// One table's record ids on one night, as sorted 64-bit hashes.
/// </summary>
/// <remarks>
/// NOTE: hashes, not ids: a national extract has ~10 million such ids, which as strings would cost more memory than
/// the night can spare; 8 bytes each they do not. The price is that the check counts vanished records but cannot
/// name them (a vanished id is by definition not in tonight's extract); and a hash collision could hide one.
/// </remarks>
public sealed record TableIds(string Table, ulong[] SortedHashes)
{
    /// <summary>The table's ids as sorted, distinct hashes (<see cref="IdHash"/>).</summary>
    /// <remarks>NOTE: sorted in place and duplicates skipped, rather than a set: a national person table has millions of ids.</remarks>
    public static TableIds Of(string table, IEnumerable<string> ids)
    {
        var hashes = ids.Select(IdHash.Of).ToArray();
        Array.Sort(hashes);
        var distinct = 0;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (distinct == 0 || hashes[i] != hashes[distinct - 1])
            {
                hashes[distinct++] = hashes[i];
            }
        }

        Array.Resize(ref hashes, distinct);
        return new TableIds(table, hashes);
    }
}

/// <summary>A published night, as the checks see it.</summary>
public sealed record PublishedNight(DateOnly AsAt, IReadOnlyList<FileIngestStats> Files);

/// <summary>What tonight's run is compared with.</summary>
public sealed record RunToRunInputs(
    DateOnly AsAt,
    DateOnly? LatestPublishedAsAt,
    IReadOnlyList<FileIngestStats> Tonight,
    IReadOnlyList<PublishedNight> PreviousNights,
    IReadOnlyList<IndicatorValue> TonightValues,
    IReadOnlyList<IndicatorValue> PreviousValues)
{
    /// <summary>Tonight's record ids of the tables whose records should not vanish (<see cref="RunToRunChecks.IdTables"/>).</summary>
    public IReadOnlyList<TableIds> TonightIds { get; init; } = [];

    /// <summary>The previous published night's, or empty when there is none.</summary>
    public IReadOnlyList<TableIds> PreviousIds { get; init; } = [];
}

/// <summary>
/// Checks between nights, with robust baselines (median and median absolute deviation) so one bad night does
/// not move the baseline enough to hide the next.
/// </summary>
public static class RunToRunChecks
{
    public const string AsAtNotAdvanced = "as_at_not_advanced";
    public const string VolumeOutOfLine = "volume_out_of_line";
    public const string HistoryRewritten = "history_rewritten";
    public const string IndicatorJump = "indicator_jump";
    public const string IdsGone = "ids_gone";

    /// <summary>
    /// Tables whose records are people, referrals, enquiries, plans, periods in care and workers: one of them
    /// disappearing overnight usually means a deletion or merge in the case-management system that rewrites history.
    /// Visits, contacts and the like are left out: there are many, and their churn says little.
    /// </summary>
    public static readonly IReadOnlyList<string> IdTables =
    [
        "ssd_person", "ssd_cin_episodes", "ssd_cin_assessments", "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cp_plans",
        "ssd_cin_plans", "ssd_cla_episodes", "ssd_care_leavers", "ssd_professionals",
    ];

    /// <summary>Nights of history a volume baseline needs before it judges (warm-up).</summary>
    public const int WarmUpNights = 3;

    /// <summary>How many robust standard deviations from the baseline count as out of line.</summary>
    public const double OutOfLineDeviations = 5;

    public static ImmutableArray<RunCheckFinding> Check(RunToRunInputs inputs)
    {
        var findings = ImmutableArray.CreateBuilder<RunCheckFinding>();
        if (inputs.LatestPublishedAsAt is { } latest && latest >= inputs.AsAt)
        {
            findings.Add(new RunCheckFinding(AsAtNotAdvanced, "warning", "extract",
                $"the extract's as_at {Date(inputs.AsAt)} is not after the latest published snapshot's ({Date(latest)})"));
        }

        foreach (var lastNight in inputs.PreviousIds)
        {
            var tonight = inputs.TonightIds.FirstOrDefault(t => t.Table == lastNight.Table);
            if (tonight is null)
            {
                continue;
            }

            var gone = lastNight.SortedHashes.Count(h => Array.BinarySearch(tonight.SortedHashes, h) < 0);
            if (gone > 0)
            {
                findings.Add(new RunCheckFinding(IdsGone, "warning", lastNight.Table,
                    Invariant($"{gone:N0} of last night's {lastNight.SortedHashes.Length:N0} ids are gone tonight")));
            }
        }

        var recent = inputs.PreviousNights.OrderByDescending(n => n.AsAt).Take(7).ToList();
        if (recent.Count >= WarmUpNights)
        {
            foreach (var file in inputs.Tonight.Where(f => f.Status != FileIngestStats.NotRead))
            {
                var history = recent.Select(n => n.Files.FirstOrDefault(f => f.Table == file.Table)?.RowsRead).OfType<long>().Select(v => (double)v).ToList();
                if (history.Count < WarmUpNights)
                {
                    continue;
                }

                var (median, spread) = Robust(history);
                // A floor on the spread: a table that never changes should not alarm at one extra row.
                var tolerance = Math.Max(spread * OutOfLineDeviations, Math.Max(0.02 * median, 5));
                if (Math.Abs(file.RowsRead - median) > tolerance)
                {
                    findings.Add(new RunCheckFinding(VolumeOutOfLine, "warning", file.Table,
                        Invariant($"{file.RowsRead:N0} rows tonight against a baseline of {median:N0} (last {history.Count} nights)")));
                }
            }
        }

        // A complete month published last night should not change tonight: if it does, history was rewritten.
        var before = inputs.PreviousValues
            .Where(v => v.PeriodType == "month" && v.Breakdown == "" && v.Value is not null)
            .ToDictionary(v => (v.IndicatorId, v.PeriodEnd), v => v);
        foreach (var now in inputs.TonightValues.Where(v => v.PeriodType == "month" && v.Breakdown == "" && v.Value is not null))
        {
            if (before.TryGetValue((now.IndicatorId, now.PeriodEnd), out var then) && Changed(then.Value!.Value, now.Value!.Value, now.Unit))
            {
                findings.Add(new RunCheckFinding(HistoryRewritten, "query", now.IndicatorId,
                    Invariant($"{now.PeriodEnd:yyyy-MM} was {then.Value:0.##} and is now {now.Value:0.##}")));
            }
        }

        // The latest complete month against the indicator's own previous months in tonight's snapshot.
        foreach (var series in inputs.TonightValues.Where(v => v.PeriodType == "month" && v.Breakdown == "" && v.Value is not null).GroupBy(v => v.IndicatorId))
        {
            var ordered = series.OrderBy(v => v.PeriodEnd).ToList();
            if (ordered.Count < 7)
            {
                continue;
            }

            var latestMonth = ordered[^1];
            var (median, spread) = Robust(ordered.Take(ordered.Count - 1).Select(v => v.Value!.Value).ToList());
            var tolerance = Math.Max(spread * OutOfLineDeviations, latestMonth.Unit == "percent" ? 5 : Math.Max(0.25 * Math.Abs(median), 1));
            if (Math.Abs(latestMonth.Value!.Value - median) > tolerance)
            {
                findings.Add(new RunCheckFinding(IndicatorJump, "query", latestMonth.IndicatorId,
                    Invariant($"{latestMonth.PeriodEnd:yyyy-MM} is {latestMonth.Value:0.##} against a median of {median:0.##} over the {ordered.Count - 1} months before")));
            }
        }

        return findings.ToImmutable();
    }

    // Percentages change when they move by more than a tenth of a point; other figures by more than 1%.
    private static bool Changed(double before, double now, string unit) => unit == "percent"
        ? Math.Abs(now - before) > 0.1
        : Math.Abs(now - before) > 0.01 * Math.Max(Math.Abs(before), 1);

    private static (double Median, double Spread) Robust(IReadOnlyList<double> values)
    {
        var median = Median(values);
        var mad = Median(values.Select(v => Math.Abs(v - median)).ToList());
        return (median, 1.4826 * mad);
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
