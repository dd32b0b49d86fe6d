using Pipeline.Extract;

namespace Pipeline.Tests.Extract;

public class StringPoolTests
{
    [Fact]
    public void Merge_TablesReadIntoPoolsOfTheirOwn_SameIndexesAndValuesAsOnePoolReadInOrder()
    {
        string[][] tables = [["P1", "P2", "P1", "T1"], ["P2", "P3", "T1", "é"], ["P3", "P4"]];
        var one = new StringPool();
        var expected = tables.Select(t => t.Select(v => one.IndexOf(v)).ToArray()).ToList();

        var merged = new StringPool();
        var actual = new List<int[]>();
        foreach (var table in tables)
        {
            var own = new StringPool();
            var local = table.Select(v => own.IndexOf(v)).ToArray();
            var map = merged.Merge(own);
            actual.Add([.. local.Select(i => map[i])]);
        }

        Assert.Equal(expected, actual);
        Assert.Equal(one.Count, merged.Count);
        Assert.Equal(Enumerable.Range(0, one.Count).Select(i => one[i]), Enumerable.Range(0, merged.Count).Select(i => merged[i]));
    }

    [Fact]
    public void TextColumn_Rebase_ReadsTheSameValuesFromTheMergedPool()
    {
        var merged = new StringPool();
        merged.IndexOf("A");
        var own = new StringPool();
        var column = new TextColumn(own, 4);
        column.Add(own.IndexOf("B"));
        column.Add(-1);
        column.Add(own.IndexOf("A"));
        column.Rebase(merged, merged.Merge(own));
        Assert.Equal(["B", null, "A"], Enumerable.Range(0, 3).Select(column.Get));
        Assert.Equal([1, -1, 0], Enumerable.Range(0, 3).Select(column.IndexAt));
    }
}
