using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// <see cref="For"/> over items in groups (a quality rule family, a catalogue area): the items of a group share one view of
    /// the inputs, made by <paramref name="open"/> when the group's first item starts and let go when its last item has run.
    /// So a group's lookups live only while its items run, and the next group's items start while the slowest item of the
    /// group before still runs, instead of a core waiting for it.
    /// </summary>
    public static void ForGroups<TView>(IReadOnlyList<string> groupOf, int maxDegree, Func<TView> open, Action<int, TView> body)
        where TView : class
    {
        var gate = new Lock();
        var toRun = groupOf.CountBy(g => g).ToDictionary(StringComparer.Ordinal);
        var views = new Dictionary<string, TView>(StringComparer.Ordinal);
        For(0, groupOf.Count, maxDegree, i =>
        {
            TView view;
            lock (gate)
            {
                ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(views, groupOf[i], out _);
                view = held ??= open();
            }

            body(i, view);
            lock (gate)
            {
                if (--CollectionsMarshal.GetValueRefOrNullRef(toRun, groupOf[i]) == 0)
                {
                    views.Remove(groupOf[i]);
                }
            }
        });
    }
}
