using System.Diagnostics;

namespace Pipeline.Tests.Support;

/// <summary>Waiting for a host working in the background (a watcher, a queue drain) to get somewhere.</summary>
public static class Eventually
{
    /// <summary>Looks every 50 ms until <paramref name="condition"/> holds; a <see cref="TimeoutException"/> naming <paramref name="what"/> after 90 s.</summary>
    public static async Task Until(string what, Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException($"never got there: {what}");
            }

            await Task.Delay(50);
        }
    }
}
