using Pipeline.Indicators;
using Pipeline.Publish;
using Pipeline.Tests.Support;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Publish;

public class ParquetTableTests
{
    private static IndicatorValue Row(string id, double? value, bool available = true) => new()
    {
        AsAt = D("2023-06-30"),
        LaCode = LaCode,
        IndicatorId = id,
        PeriodType = "month",
        PeriodStart = D("2023-06-01"),
        PeriodEnd = D("2023-06-30"),
        Numerator = value,
        Value = value,
        Unit = "count",
        Polarity = "neutral",
        IsPartial = false,
        Available = available,
        UnavailableReason = available ? null : "ssd_cp_plans not in the extract",
    };

    [Fact]
    public async Task WriteAsync_IndicatorValues_DuckDbReadsTypesNullsAndSums()
    {
        using var folder = new TempFolder();
        var path = folder.File("values.parquet");
        await File.WriteAllBytesAsync(path, await Datasets.IndicatorValuesTable.WriteAsync([Row("a", 1.5), Row("b", 2.25), Row("c", null, available: false)]));

        var source = $"read_parquet({DuckDb.Literal(path)})";
        Assert.Equal(3.75, DuckDb.Scalar($"SELECT sum(value) FROM {source}"));
        Assert.Equal(1L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM {source} WHERE value IS NULL AND NOT available"), null));
        Assert.Equal("DATE", DuckDb.Scalar($"SELECT typeof(period_end) FROM {source} LIMIT 1"));
        Assert.Equal("ssd_cp_plans not in the extract", DuckDb.Scalar($"SELECT unavailable_reason FROM {source} WHERE indicator_id = 'c'"));
        Assert.Equal(Datasets.IndicatorValuesTable.ColumnNames,
            DuckDb.Query($"SELECT column_name FROM (DESCRIBE SELECT * FROM {source})").Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task WriteAsync_SameRowsTwice_SameBytes()
    {
        var rows = new[] { Row("a", 1), Row("b", 2) };

        Assert.Equal(await Datasets.IndicatorValuesTable.WriteAsync(rows), await Datasets.IndicatorValuesTable.WriteAsync(rows));
    }

    [Fact]
    public async Task WriteAsync_NoRows_IsAReadableEmptyFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("empty.parquet");
        await File.WriteAllBytesAsync(path, await Datasets.QuarantineTable.WriteAsync([]));

        Assert.Equal(0L, Convert.ToInt64(DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)})"), null));
    }

    [Fact]
    public async Task WriteRowGroupsAsync_OneGroup_SameBytesAsWriteAsync()
    {
        var rows = new[] { Row("a", 1), Row("b", 2) };

        Assert.Equal(await Datasets.IndicatorValuesTable.WriteAsync(rows), await Datasets.IndicatorValuesTable.WriteRowGroupsAsync([rows]));
    }

    [Fact]
    public async Task WriteRowGroupsAsync_SeveralGroups_ReadBackInOrder()
    {
        var ids = new List<Pipeline.Quality.TableIds> { new("ssd_person", [1, 2, 3]), new("ssd_cp_plans", [4, ulong.MaxValue]) };
        var bytes = await Datasets.RecordIdsTable.WriteRowGroupsAsync(ids.SelectMany(t => t.SortedHashes.Select(h => (t.Table, h))).Chunk(2));

        var read = await Datasets.ReadRecordIdsAsync(bytes);

        Assert.Equal(["ssd_person", "ssd_cp_plans"], read.Select(t => t.Table));
        Assert.Equal(ids.Select(t => t.SortedHashes), read.Select(t => t.SortedHashes));
    }

    [Fact]
    public async Task WriteRowGroupsAsync_NoGroups_SameBytesAsNoRows()
    {
        Assert.Equal(await Datasets.QuarantineTable.WriteAsync([]), await Datasets.QuarantineTable.WriteRowGroupsAsync([]));
    }
}
