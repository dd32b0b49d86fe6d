using System.Collections.Immutable;
using Pipeline.Domain;

namespace Pipeline.Indicators;

public enum PeriodType
{
    Month,
    MonthToDate,
    Rolling12Months,
    FinancialYearToDate,
    Snapshot,
}

/// <summary>A reporting period: both ends included.</summary>
public sealed record Period(PeriodType Type, DateOnly Start, DateOnly End, bool IsPartial)
{
    public string TypeName => Type switch
    {
        PeriodType.Month => "month",
        PeriodType.MonthToDate => "month_to_date",
        PeriodType.Rolling12Months => "rolling_12m",
        PeriodType.FinancialYearToDate => "fytd",
        PeriodType.Snapshot => "snapshot",
        _ => throw new ArgumentOutOfRangeException(nameof(Type)),
    };

    public int Days => Dates.DaysInclusive(Start, End);

    public bool Contains(DateOnly date) => Start <= date && date <= End;
}

/// <summary>The periods a run reports for an <c>as_at</c> (indicators spec, "Periods").</summary>
public static class ReportingPeriods
{
    public const int CompleteMonthsBack = 13;

    public static ImmutableArray<Period> For(DateOnly asAt)
    {
        var periods = ImmutableArray.CreateBuilder<Period>();
        var currentMonth = Dates.MonthStart(asAt);
        var asAtIsMonthEnd = asAt == Dates.MonthEnd(asAt);

        var completeMonthEnds = Enumerable.Range(1, CompleteMonthsBack).Reverse()
            .Select(back => Dates.MonthEnd(currentMonth.AddMonths(-back)))
            .Concat(asAtIsMonthEnd ? [asAt] : [])
            .ToList();

        foreach (var end in completeMonthEnds)
        {
            periods.Add(new Period(PeriodType.Month, Dates.MonthStart(end), end, false));
        }

        if (!asAtIsMonthEnd)
        {
            periods.Add(new Period(PeriodType.MonthToDate, currentMonth, asAt, true));
        }

        var windowEnds = completeMonthEnds.Concat(asAtIsMonthEnd ? [] : [asAt]).ToList();
        foreach (var end in windowEnds)
        {
            periods.Add(new Period(PeriodType.Rolling12Months, Dates.TwelveMonthsEndingAt(end), end, false));
        }

        foreach (var end in windowEnds)
        {
            periods.Add(new Period(PeriodType.FinancialYearToDate, Dates.FinancialYearStart(end), end, end == asAt && !asAtIsMonthEnd));
        }

        periods.Add(new Period(PeriodType.Snapshot, asAt, asAt, false));
        return periods.ToImmutable();
    }

    /// <summary>
    /// The dates whose point-in-time values a rolling window averages: the 12 month ends in it, or for a
    /// window ending mid-month, the 11 month ends before and the window's end.
    /// </summary>
    public static IEnumerable<DateOnly> RollingSampleDates(Period window)
    {
        yield return window.End;
        for (var back = 1; back < 12; back++)
        {
            yield return Dates.MonthEnd(Dates.MonthStart(window.End).AddMonths(-back));
        }
    }
}
