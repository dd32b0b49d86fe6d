using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Pipeline.Domain;

/// <summary>A loop whose iterations run side by side, handed out one at a time in order to whichever core is free.</summary>
/// <remarks>
/// NOTE: not <see cref="Parallel.For(int, int, Action{int})"/> as it stands: that gives each worker a share of the range and
/// takes it in chunks of growing size, so the last two indicators of the front door's area, its two slowest (4.6 and 3.0 s
/// nationally), went to one worker as one chunk and ran one after the other while the other core had finished
/// (bench/README.md, fifth pass). An iteration's exception is rethrown as itself, not wrapped.
/// </remarks>
public static class SideBySide
{
    /// <param name="maxDegree">At most this many at once.</param>
    public static void For(int start, int end, int maxDegree, Action<int> body)
    {
        try
        {
            Parallel.ForEach(Partitioner.Create(Enumerable.Range(start, end - start), EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = maxDegree }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
