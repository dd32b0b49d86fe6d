using Pipeline.Domain;

namespace Pipeline.Tests.Domain;

public class SideBySideTests
{
    [Fact]
    public void EveryIterationRunsOnce_NoMoreAtOnceThanAllowed()
    {
        var (runs, running, most) = (new int[20], 0, 0);
        SideBySide.For(5, 20, 2, i =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Interlocked.Increment(ref runs[i]);
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
        });

        // Indexes 5 to 19 once each, 0 to 4 never; two at a time at most.
        Assert.Equal(Enumerable.Repeat(0, 5).Concat(Enumerable.Repeat(1, 15)), runs);
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public void TwoSlowIterationsAtTheEnd_RunAtTheSameTime()
    {
        // As a national front door's area: ten indicators, the last two the slowest. Parallel.For gave them to one worker as one
        // chunk, one after the other; handed out one at a time, each goes to whichever core is free, so they overlap.
        using var bothStarted = new CountdownEvent(2);
        var met = new bool[10];
        SideBySide.For(0, 10, 2, i =>
        {
            if (i >= 8)
            {
                bothStarted.Signal();
                met[i] = bothStarted.Wait(TimeSpan.FromSeconds(5));
            }
            else
            {
                Thread.Sleep(10);
            }
        });

        Assert.True(met[8] && met[9]);
    }

    [Fact]
    public void AnIterationsException_IsRethrownAsItself()
    {
        var thrown = Assert.Throws<InvalidOperationException>(() =>
            SideBySide.For(0, 4, 2, i => _ = i == 2 ? throw new InvalidOperationException("rule 2 failed") : 0));

        Assert.Equal("rule 2 failed", thrown.Message);
    }

    [Fact]
    public void ForGroups_ItemsOfAGroupShareOneView_MadeOnce()
    {
        // Group a's items are not side by side in the list: a's view is kept until its last item has run, not made again.
        var groups = new[] { "a", "b", "a", "b", "c" };
        var (views, made) = (new object[5], 0);
        SideBySide.ForGroups(groups, 1, () => new object[] { Interlocked.Increment(ref made) }, (i, view) => views[i] = view);

        Assert.Equal(3, made);
        Assert.Same(views[0], views[2]);
        Assert.Same(views[1], views[3]);
        Assert.Equal(3, views.Distinct().Count());
    }

    [Fact]
    public void ForGroups_NextGroupsItemsStart_WhileTheGroupBeforeStillRuns()
    {
        // The first group's only item finishes once the second group's item has run: group after group, it would wait out its
        // five seconds.
        using var secondRan = new ManualResetEventSlim();
        var waitedFor = false;
        SideBySide.ForGroups(["a", "b"], 2, () => new object(), (i, _) =>
        {
            if (i == 0)
            {
                waitedFor = secondRan.Wait(TimeSpan.FromSeconds(5));
            }
            else
            {
                secondRan.Set();
            }
        });

        Assert.True(waitedFor);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var was && was != seen)
        {
            seen = was;
        }
    }
}
