using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Indicators;

/// <summary>The indicators stage's result: every value row, and warnings for the run manifest.</summary>
public sealed record IndicatorResult(ImmutableArray<IndicatorValue> Values, ImmutableArray<string> Warnings);

/// <summary>
/// Computes every catalogue indicator for every reporting period: periods, rates, annualisation,
/// availability, team breakdowns, RAG and direction of travel are worked out here once for all indicators.
/// </summary>
public static class IndicatorEngine
{
    public const string TeamBreakdown = "team";

    /// <summary>
    /// Computes the catalogue, up to <paramref name="sideBySide"/> indicators at once, handed out in catalogue order. The
    /// indicators of an area read one view of the inputs (<see cref="IndicatorInputs.ForArea"/>,
    /// <see cref="SideBySide.ForGroups"/>), whose groupings are built once and let go when the area's last indicator has run.
    /// Values come in catalogue order.
    /// </summary>
    /// <param name="sideBySide">How many indicators may run at once, and how many dates of one point-in-time figure.
    /// NOTE: a flow indicator's events run to millions nationally; two at once ran out of memory at a 3.5 GiB heap limit until
    /// the extract's columns were made smaller (bench/README.md, fifth pass).</param>
    // NOTE: compiled optimised at once: it runs once a night, and unoptimised code keeps every temporary alive to the end,
    // here a flow indicator's event list (millions of events nationally) through all the indicators after it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IndicatorResult Compute(IndicatorInputs inputs, IEnumerable<IndicatorDefinition> catalogue, int sideBySide = 1)
    {
        var periods = ReportingPeriods.For(inputs.AsAt);
        var all = catalogue.ToList();
        var computed = new List<IndicatorValue>[all.Count];
        var found = new SortedSet<string>[all.Count];
        SideBySide.ForGroups([.. all.Select(d => d.Area)], sideBySide, inputs.ForArea, (i, area) =>
        {
            found[i] = new SortedSet<string>(StringComparer.Ordinal);
            computed[i] = Compute(area, all[i], periods, found[i], sideBySide);
        });

        return new IndicatorResult([.. computed.SelectMany(v => v)], [.. new SortedSet<string>(found.SelectMany(w => w), StringComparer.Ordinal)]);
    }

    private static List<IndicatorValue> Compute(IndicatorInputs inputs, IndicatorDefinition indicator, IReadOnlyList<Period> periods, ISet<string> warnings, int sideBySide)
    {
        var applicable = periods.Where(p => indicator.Kind == IndicatorKind.Flow
            ? p.Type != PeriodType.Snapshot
            : p.Type != PeriodType.FinancialYearToDate).ToList();
        if (Availability.Reason(indicator, inputs) is { } reason)
        {
            return [.. Judge(inputs, indicator, applicable.Select(p => Unavailable(inputs, indicator, p, reason)).ToList())];
        }

        // Periods the source cannot answer for (history of a current-status table) are unavailable, not zero.
        var answerable = indicator.CurrentOnlyReason is null
            ? applicable
            : applicable.Where(p => p.End == inputs.AsAt && p.Type != PeriodType.Rolling12Months).ToList();
        var rows = applicable.Except(answerable).Select(p => Unavailable(inputs, indicator, p, indicator.CurrentOnlyReason!)).ToList();

        // Periods the data does not reach (a statutory return covers its collection years) are unavailable, not a wrong figure.
        var uncovered = answerable.Select(p => (Period: p, Gap: Availability.Uncovered(indicator, inputs.Extract, p.Start, p.End))).Where(x => x.Gap is not null).ToList();
        rows.AddRange(uncovered.Select(x => Unavailable(inputs, indicator, x.Period, x.Gap!)));
        answerable = answerable.Except(uncovered.Select(x => x.Period)).ToList();
        if (indicator.Kind == IndicatorKind.Flow)
        {
            var produced = indicator.Events!(inputs);
            var events = produced as IReadOnlyList<FlowEvent> ?? [.. produced];
            var packed = new int[events.Count];
            for (var e = 0; e < packed.Length; e++)
            {
                packed[e] = Packed(events[e]);
            }

            rows.AddRange(ComputeFlow(inputs, indicator, answerable, packed, "", warnings));
            if (indicator.ByTeam)
            {
                foreach (var (team, teamPacked) in PackedByTeam(events))
                {
                    rows.AddRange(ComputeFlow(inputs, indicator, answerable, teamPacked, team, warnings));
                }
            }
        }
        else
        {
            // Every date the figure is asked at (each period's end, each month end of a rolling window), measured up front.
            var dates = answerable.SelectMany(p => p.Type == PeriodType.Rolling12Months ? ReportingPeriods.RollingSampleDates(p) : [p.End]).Distinct().Order().ToArray();
            var measures = indicator.AtDates is { } atDates
                ? dates.Zip(atDates(inputs, dates)).ToDictionary(m => m.First, m => m.Second)
                : AtEach(dates, d => indicator.At!(inputs, d), sideBySide);
            rows.AddRange(ComputePointInTime(inputs, indicator, answerable, d => measures[d], "", warnings));
            if (indicator.ByTeam && indicator.AtByTeam is not null)
            {
                var byDate = AtEach(dates, d => indicator.AtByTeam(inputs, d), sideBySide);
                var teams = dates.SelectMany(d => byDate[d].Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                foreach (var team in teams)
                {
                    rows.AddRange(ComputePointInTime(inputs, indicator, answerable,
                        d => byDate[d].TryGetValue(team, out var m) ? m : null, team, warnings));
                }
            }
        }

        return [.. Judge(inputs, indicator, rows)];
    }

    /// <summary>A point-in-time figure's measure at each date, the dates side by side.</summary>
    /// <remarks>NOTE: a figure's dates are independent and read only the area's shared groupings: measured one after the
    /// other, one slow figure (national CP visits: 5.8 s) kept one core busy while the area's other figures had long finished
    /// on the other (bench/README.md, fifth pass).</remarks>
    private static Dictionary<DateOnly, T> AtEach<T>(DateOnly[] dates, Func<DateOnly, T> at, int sideBySide)
    {
        var measured = new T[dates.Length];
        SideBySide.For(0, dates.Length, sideBySide, i => measured[i] = at(dates[i]));

        var byDate = new Dictionary<DateOnly, T>(dates.Length);
        for (var i = 0; i < dates.Length; i++)
        {
            byDate[dates[i]] = measured[i];
        }

        return byDate;
    }

    /// <summary>An event packed in one int: its day number, then its numerator flag.</summary>
    /// <remarks>NOTE: only a day and a flag per event count for a flow figure: the order within a day changes no period's count,
    /// and sorting ints is several times cheaper than sorting events.</remarks>
    private static int Packed(FlowEvent e) => (e.Date.DayNumber << 1) | (e.InNumerator ? 1 : 0);

    /// <summary>The events that have a team, packed (<see cref="Packed(FlowEvent)"/>) team by team, teams in ordinal order.</summary>
    /// <remarks>NOTE: events grouped by team as numbers (<see cref="RowSelection.GroupedBy"/>), then one array per team, rather
    /// than GroupBy into a list of events per team: GroupBy held a copy of every event with a team, and each group was copied
    /// again into a list.</remarks>
    private static IEnumerable<(string Team, int[] Packed)> PackedByTeam(IReadOnlyList<FlowEvent> events)
    {
        var byTeam = RowSelection.GroupedBy(events.Count, e => events[e].Team);
        return byTeam.Keys.Select((team, i) =>
        {
            var ofTeam = byTeam.Of(i);
            var packed = new int[ofTeam.Length];
            for (var k = 0; k < packed.Length; k++)
            {
                packed[k] = Packed(events[ofTeam[k]]);
            }

            return (team, packed);
        }).OrderBy(t => t.team, StringComparer.Ordinal);
    }

    private static List<IndicatorValue> ComputeFlow(IndicatorInputs inputs, IndicatorDefinition indicator, List<Period> periods,
        int[] packed, string team, ISet<string> warnings)
    {
        // Sorted once (packed: see Packed); each period is then two binary searches over the dates and a prefix-sum difference.
        Array.Sort(packed);
        var dates = new DateOnly[packed.Length];
        var numeratorPrefix = new int[packed.Length + 1];
        for (var i = 0; i < packed.Length; i++)
        {
            dates[i] = DateOnly.FromDayNumber(packed[i] >> 1);
            numeratorPrefix[i + 1] = numeratorPrefix[i] + (packed[i] & 1);
        }

        var rows = new List<IndicatorValue>();
        foreach (var period in periods)
        {
            var from = LowerBound(dates, period.Start);
            var to = LowerBound(dates, period.End.AddDays(1));
            var count = to - from;
            var inNumerator = numeratorPrefix[to] - numeratorPrefix[from];
            switch (indicator.Unit)
            {
                case Unit.Per10k:
                    var population = Population(inputs, period, warnings);
                    if (population is null)
                    {
                        rows.Add(Unavailable(inputs, indicator, period, $"no population figure for {inputs.Extract.LaCode}", team));
                        continue;
                    }

                    // Flow rates are annualised except over a rolling 12 months (spec, "Rates per 10,000 children").
                    var annualise = period.Type == PeriodType.Rolling12Months ? 1.0 : 365.0 / period.Days;
                    rows.Add(Row(inputs, indicator, period, count, population, count * annualise * 10_000 / population.Value, team));
                    break;
                case Unit.Percent:
                    rows.Add(Row(inputs, indicator, period, inNumerator, count, count == 0 ? null : 100.0 * inNumerator / count, team));
                    break;
                case Unit.Count:
                    rows.Add(Row(inputs, indicator, period, count, null, count, team));
                    break;
                default:
                    throw new InvalidOperationException($"{indicator.Id}: a flow indicator cannot be a {indicator.UnitName}");
            }
        }

        return rows;
    }

    private static List<IndicatorValue> ComputePointInTime(IndicatorInputs inputs, IndicatorDefinition indicator, List<Period> periods,
        Func<DateOnly, Measure?> measureAt, string team, ISet<string> warnings)
    {
        var cache = new Dictionary<DateOnly, IndicatorValue>();

        IndicatorValue At(Period period)
        {
            if (cache.TryGetValue(period.End, out var known))
            {
                return known with { PeriodType = period.TypeName, PeriodStart = period.Start, IsPartial = period.IsPartial };
            }

            IndicatorValue row;
            if (measureAt(period.End) is not { } m)
            {
                row = Row(inputs, indicator, period, null, null, null, team);
            }
            else if (indicator.Unit == Unit.Per10k)
            {
                var population = Population(inputs, period, warnings);
                row = population is null
                    ? Unavailable(inputs, indicator, period, $"no population figure for {inputs.Extract.LaCode}", team)
                    : Row(inputs, indicator, period, m.Numerator, population, m.Numerator * 10_000 / population.Value, team);
            }
            else
            {
                double? value = indicator.Unit switch
                {
                    Unit.Count => m.Numerator,
                    Unit.Percent => m.Denominator is > 0 ? 100 * m.Numerator / m.Denominator : null,
                    Unit.Mean => m.Denominator is > 0 ? m.Numerator / m.Denominator : null,
                    _ => null,
                };
                row = Row(inputs, indicator, period, m.Numerator, m.Denominator, value, team);
            }

            cache[period.End] = row;
            return row;
        }

        var rows = new List<IndicatorValue>();
        foreach (var period in periods)
        {
            if (period.Type != PeriodType.Rolling12Months)
            {
                rows.Add(At(period));
                continue;
            }

            // A point-in-time rolling value is the mean of the month-end values in the window that have one.
            var samples = ReportingPeriods.RollingSampleDates(period).Select(d => At(new Period(PeriodType.Snapshot, d, d, false))).ToList();
            var unavailable = samples.FirstOrDefault(s => !s.Available);
            var known = samples.Where(s => s.Value is not null).Select(s => s.Value!.Value).ToList();
            rows.Add(unavailable is not null
                ? Unavailable(inputs, indicator, period, unavailable.UnavailableReason!, team)
                : Row(inputs, indicator, period, null, null, known.Count == 0 ? null : known.Average(), team));
        }

        return rows;
    }

    private static int? Population(IndicatorInputs inputs, Period period, ISet<string> warnings)
    {
        var found = inputs.Reference.PopulationFor(inputs.Extract.LaCode, period.End.Year);
        if (found is { IsFallback: true } f)
        {
            warnings.Add($"no population figure for {inputs.Extract.LaCode} in {period.End.Year}; used {f.Year}");
        }

        return found?.Population;
    }

    // Targets and comparators go on every row; RAG where there is a value; direction of travel on each
    // complete month against the month before, within the same breakdown.
    private static IEnumerable<IndicatorValue> Judge(IndicatorInputs inputs, IndicatorDefinition indicator, List<IndicatorValue> rows)
    {
        var target = inputs.Reference.TargetFor(indicator.Id);
        var england = inputs.Reference.ComparatorFor(indicator.Id, "england");
        var neighbours = inputs.Reference.ComparatorFor(indicator.Id, "statistical_neighbours");
        var previousMonth = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        foreach (var row in rows.OrderBy(r => r.Breakdown == "" ? 0 : 1).ThenBy(r => r.BreakdownValue, StringComparer.Ordinal)
                     .ThenBy(r => PeriodOrder(r.PeriodType)).ThenBy(r => r.PeriodEnd))
        {
            var (rag, basis) = Judgement.Rate(row.Value, indicator.Unit, indicator.Polarity, target?.Min, target?.Upper, neighbours, england);
            var judged = row with
            {
                TargetMin = target?.Min,
                TargetUpper = target?.Upper,
                England = england,
                StatisticalNeighbours = neighbours,
                Rag = rag,
                RagBasis = basis,
            };
            if (row.PeriodType == "month")
            {
                if (previousMonth.TryGetValue(row.BreakdownValue, out var previous))
                {
                    var (dot, good) = Judgement.Direction(row.Value, previous.Value, indicator.Unit, indicator.Polarity);
                    judged = judged with { Dot = dot, DotGood = good };
                }

                previousMonth[row.BreakdownValue] = row;
            }

            yield return judged;
        }
    }

    private static int PeriodOrder(string periodType) => periodType switch
    {
        "month" => 0,
        "month_to_date" => 1,
        "rolling_12m" => 2,
        "fytd" => 3,
        _ => 4,
    };

    private static IndicatorValue Row(IndicatorInputs inputs, IndicatorDefinition indicator, Period period, double? numerator, double? denominator, double? value, string team) => new()
    {
        AsAt = inputs.AsAt,
        LaCode = inputs.Extract.LaCode,
        IndicatorId = indicator.Id,
        PeriodType = period.TypeName,
        PeriodStart = period.Start,
        PeriodEnd = period.End,
        Breakdown = team == "" ? "" : TeamBreakdown,
        BreakdownValue = team == "" ? "" : inputs.TeamName(team),
        Numerator = numerator,
        Denominator = denominator,
        Value = value,
        Unit = indicator.UnitName,
        Polarity = indicator.PolarityName,
        IsPartial = period.IsPartial,
        Available = true,
    };

    private static IndicatorValue Unavailable(IndicatorInputs inputs, IndicatorDefinition indicator, Period period, string reason, string team = "") =>
        Row(inputs, indicator, period, null, null, null, team) with { Available = false, UnavailableReason = reason };

    private static int LowerBound(DateOnly[] sorted, DateOnly value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
