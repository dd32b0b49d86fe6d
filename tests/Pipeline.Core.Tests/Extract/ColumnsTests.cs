using Pipeline.Extract;

namespace Pipeline.Tests.Extract;

public class ColumnsTests
{
    [Fact]
    public void DateColumn_AnyDateOrNull_ReadsBackAsWritten()
    {
        DateOnly?[] dates =
        [
            null, new DateOnly(1900, 1, 1), new DateOnly(2026, 10, 31), new DateOnly(2079, 6, 5), new DateOnly(2079, 6, 6),
            new DateOnly(1899, 12, 31), DateOnly.MinValue, DateOnly.MaxValue, null, new DateOnly(1066, 10, 14),
        ];
        var column = new DateColumn(4);
        foreach (var date in dates)
        {
            column.Add(date);
        }

        Assert.Equal(dates, Enumerable.Range(0, dates.Length).Select(column.Get));
    }
}
