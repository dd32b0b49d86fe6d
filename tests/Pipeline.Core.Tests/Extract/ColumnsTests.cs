using Pipeline.Ingest;
using Pipeline.Extract;
using Pipeline.Quality;

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

    [Theory]
    [InlineData("CT0000001", "CT0000002", "CT0000010", "CT9999999", "CT00000001", "CT123", "ct0000003", "", " ", "CT0000004")]
    [InlineData("1234567", "7", "0", "0123", "999999999", "1000000000", "12a4", "1000", "é1", "55")]
    [InlineData("0042", "0043", "42", "A0042", "0000", "9999", "00420", "0044", "0045", "0046")]
    [InlineData("ab-cd-ef", "1", "P1", "P01", "\u00a0", "x", "y", "z", "P2", "P3")]
    [InlineData("9991000001", "9991000002", "99910000010", "0991000003", "8991000004", "1", "12345678901234567890", "9991000005", "A123456789012", "9991000006")]
    [InlineData("A123456789012", "A123456789013", "A023456789014", "B123456789015", "A12345678901", "A1234567890123", "A000000000001", "A99999999999", "A123", "A123456789016")]
    public void IdColumn_IdsOfAnyShape_ReadBackAndHashAsWritten(params string[] ids)
    {
        var column = new IdColumn(2);
        foreach (var id in ids)
        {
            column.Add(id);
        }

        column.Trim();
        Assert.Equal(ids, Enumerable.Range(0, ids.Length).Select(column.Get));
        Assert.Equal(ids.Select(IdHash.Of), Enumerable.Range(0, ids.Length).Select(column.HashAt));
        Assert.Equal(ids.Select(id => !string.IsNullOrWhiteSpace(id)), Enumerable.Range(0, ids.Length).Select(column.HasValueAt));
    }

    [Theory]
    [InlineData("-", "-", "CT0000001", "-", "CT0000002", "CT0000003", "-")]
    [InlineData("-", "ab-cd", "-", "ef-gh", "-")]
    [InlineData("-", "-", "-")]
    [InlineData("MT0000001", "-", "MT0000002", "meeting 3", "-", "MT0000004")]
    public void IdColumn_NullsAmongIds_ReadBackAsNullAndHaveNoValue(params string[] written)
    {
        // "-" is a row with no value: the column of a PerRow field (another system's id for a person) where a row has none,
        // before the first id sets the shape, after it, and in a column held as UTF-8.
        var ids = written.Select(w => w == "-" ? null : w).ToArray();
        var column = Filled(new IdColumn(2), ids);
        Assert.Equal(ids, Enumerable.Range(0, ids.Length).Select(column.Get));
        Assert.Equal(ids.Select(id => id is not null), Enumerable.Range(0, ids.Length).Select(column.HasValueAt));
    }

    [Fact]
    public void IdColumn_NullsInAColumnThatGoesOverToUtf8_StayNull()
    {
        var ids = new[] { "A00001", null }.Concat(Enumerable.Range(0, 5000).Select(i => i % 5 == 0 ? null : i % 3 == 0 ? $"A{i:00000}" : $"B-{i}")).ToArray();
        var column = Filled(new IdColumn(ids.Length), ids);
        Assert.Equal(ids, Enumerable.Range(0, ids.Length).Select(column.Get));
    }

    // Each id added, a null as a row with no value, and the column trimmed as a finished table's is.
    private static IdColumn Filled(IdColumn column, string?[] ids)
    {
        foreach (var id in ids)
        {
            if (id is null)
            {
                column.AddNull();
            }
            else
            {
                column.Add(id);
            }
        }

        column.Trim();
        return column;
    }

    [Fact]
    public void IdColumn_ManyIdsOfAnotherShape_AllReadBackAsWritten()
    {
        // The first id sets a shape ("A" and five digits) that almost no later id has: the column goes over to UTF-8 part way.
        var ids = new[] { "A00001" }.Concat(Enumerable.Range(0, 5000).Select(i => i % 3 == 0 ? $"A{i:00000}" : $"B-{i}")).ToArray();
        var column = new IdColumn(ids.Length);
        foreach (var id in ids)
        {
            column.Add(id);
        }

        column.Trim();
        Assert.Equal(ids, Enumerable.Range(0, ids.Length).Select(column.Get));
        Assert.Equal(ids.Select(IdHash.Of), Enumerable.Range(0, ids.Length).Select(column.HashAt));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(70_000)]
    public void TextColumn_AnyNumberOfDistinctValues_ReadBackFromTheMergedPoolAsWritten(int distinct)
    {
        // Values in an order that is not first use, nulls among them, and a merged pool that already holds some of them:
        // one, two or four bytes a row, each must read back the value written.
        var values = Enumerable.Range(0, distinct + 20_000).Select(i => i % 7 == 0 ? null : $"v{(i * 7919) % distinct}").ToArray();
        var merged = new StringPool();
        merged.IndexOf("v1");
        merged.IndexOf("other");
        var own = new StringPool();
        var column = new TextColumn(own, 16);
        foreach (var value in values)
        {
            column.Add(value is null ? -1 : own.IndexOf(value));
        }

        column.Rebase(merged, merged.Merge(own));
        var mergedIndexes = values.Select(v => v is null ? -1 : merged.IndexOf(v)).ToArray();
        Assert.Equal(mergedIndexes, Enumerable.Range(0, values.Length).Select(column.IndexAt));
        Assert.Equal(values, Enumerable.Range(0, values.Length).Select(column.Get));
        Assert.Throws<InvalidOperationException>(() => column.Add(0));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(70_000)]
    public void ValueColumn_ObjectsAsPositionsOrAsThemselves_ReadBackEqual_NumbersExactly(int distinct)
    {
        // Past 65,535 distinct objects the column holds them as they are; either way each row reads back the object added.
        var made = Enumerable.Range(0, distinct).Select(i => ValueParsers.TryFlagObject($"{{\"F{i}_FLAG\":\"Y\"}}", out var f) ? f : null).ToArray();
        var rows = Enumerable.Range(0, distinct + 5_000).Select(i => i % 11 == 0 ? null : made[(i * 7919) % distinct]).ToArray();
        var flags = new ValueColumn<OutcomeFlags?>(16);
        foreach (var row in rows)
        {
            flags.Add(row);
        }

        Assert.All(Enumerable.Range(0, rows.Length), i => Assert.Same(rows[i], flags.Get(i)));
        Assert.Equal(rows.Select(r => r is not null), Enumerable.Range(0, rows.Length).Select(flags.HasValueAt));

        double?[] numbers = [0.5, -0.0, 0.0, null, double.NaN, -0.0];
        var column = new ValueColumn<double?>(2);
        foreach (var number in numbers)
        {
            column.Add(number);
        }

        Assert.Equal(numbers.Select(n => n is { } d ? BitConverter.DoubleToInt64Bits(d) : (long?)null),
            Enumerable.Range(0, numbers.Length).Select(i => column.Get(i) is { } d ? BitConverter.DoubleToInt64Bits(d) : (long?)null));
    }
}
