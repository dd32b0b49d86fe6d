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

    [Fact]
    public void Indexer_ValuesSeenMoreThanOnce_SharedOneString_OthersReadBackEqual()
    {
        // 200 values, so the shared ones span several 64-value words of the pool's index of them; every third one seen twice.
        var pool = new StringPool();
        var values = Enumerable.Range(0, 200).Select(i => $"v{i}").ToArray();
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            pool.IndexOf(value);
            if (i % 3 == 0)
            {
                pool.IndexOf(value);
            }
        }

        Assert.Equal(values, Enumerable.Range(0, pool.Count).Select(i => pool[i]));
        Assert.All(Enumerable.Range(0, pool.Count), i => Assert.Equal(i % 3 == 0, ReferenceEquals(pool[i], pool[i])));
    }
}
