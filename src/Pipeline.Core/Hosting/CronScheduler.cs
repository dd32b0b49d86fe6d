using Cronos;
using Pipeline.Storage;

namespace Pipeline.Hosting;

/// <summary>A schedule as the Functions timer trigger reads it: six-field cron, in a time zone (UTC unless told).</summary>
public sealed class ScheduleOptions
{
    public string Name { get; set; } = "NightlyRefresh";

    /// <summary>Seconds, minutes, hours, day, month, weekday; the Functions default here is 01:30 every night.</summary>
    public string Cron { get; set; } = "0 30 1 * * *";

    /// <summary>
    /// UTC by default, as on Flex Consumption (which ignores WEBSITE_TIME_ZONE). Europe/London makes 02:30 mean
    /// 02:30 on the wall clock either side of the clock changes.
    /// </summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;
}

/// <summary>
/// The local host's timer, with the Functions runtime's semantics (<c>UseMonitor</c> on, never
/// <c>RunOnStartup</c>): the last and next occurrence are kept in the ledger, so an occurrence missed while the host
/// was down fires once when it starts (past due) and never twice; after a firing the next occurrence is reckoned
/// from the later of the occurrence and now, so a long run does not cause a burst.
/// </summary>
public sealed class CronScheduler(ScheduleOptions options, IRunLedger ledger, TimeProvider clock)
{
    private readonly CronExpression cron = CronExpression.Parse(options.Cron, CronFormat.IncludeSeconds);

    /// <summary>The next occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after) =>
        cron.GetNextOccurrence(after, options.TimeZone) ?? throw new InvalidOperationException($"'{options.Cron}' never fires again");

    /// <summary>
    /// Fires <paramref name="tick"/> on schedule until <paramref name="stopping"/>; the argument says whether the
    /// firing is past due. A firing in progress finishes before the loop stops (its own token is not the stop token).
    /// </summary>
    public async Task RunAsync(Func<bool, CancellationToken, Task> tick, CancellationToken stopping)
    {
        var status = await ledger.GetScheduleAsync(options.Name, stopping);
        if (status is null)
        {
            status = new ScheduleStatus(null, NextAfter(clock.GetUtcNow()), clock.GetUtcNow());
            await ledger.PutScheduleAsync(options.Name, status, stopping);
        }

        while (!stopping.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var pastDue = status.Next < now;
            if (!pastDue && status.Next > now)
            {
                try
                {
                    await Task.Delay(status.Next - now, clock, stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            await tick(pastDue, CancellationToken.None);
            var fired = status.Next;
            var after = clock.GetUtcNow() > fired ? clock.GetUtcNow() : fired;
            status = new ScheduleStatus(fired, NextAfter(after), clock.GetUtcNow());
            await ledger.PutScheduleAsync(options.Name, status, CancellationToken.None);
        }
    }
}
