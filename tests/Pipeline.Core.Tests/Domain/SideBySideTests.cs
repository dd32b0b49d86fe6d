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

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var was && was != seen)
        {
            seen = was;
        }
    }
}
