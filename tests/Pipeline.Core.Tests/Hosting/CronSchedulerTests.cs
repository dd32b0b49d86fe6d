using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Hosting;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Hosting;

public class CronSchedulerTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static DateTimeOffset Utc(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    private static CronScheduler Scheduler(string cron, TimeZoneInfo zone, IRunLedger? ledger = null, TimeProvider? clock = null) =>
        new(new ScheduleOptions { Cron = cron, TimeZone = zone }, ledger ?? new LocalFolderRunLedger(Path.GetTempPath()), clock ?? TimeProvider.System);

    [Fact]
    public void NextAfter_DefaultScheduleInUtc_IsHalfPastOneEveryNight()
    {
        var scheduler = Scheduler("0 30 1 * * *", TimeZoneInfo.Utc);

        Assert.Equal(Utc(2026, 11, 24, 1, 30), scheduler.NextAfter(Utc(2026, 11, 23, 10, 0)));
        // Strictly after: the occurrence itself is not its own next.
        Assert.Equal(Utc(2026, 11, 25, 1, 30), scheduler.NextAfter(Utc(2026, 11, 24, 1, 30)));
        // UTC does not move with the clocks: 01:30 UTC is 02:30 in London in summer.
        Assert.Equal(Utc(2026, 7, 2, 1, 30), scheduler.NextAfter(Utc(2026, 7, 1, 1, 30)));
    }

    [Theory]
    // Clocks go forward at 01:00 UTC on Sunday 29 March 2026: 02:30 is 02:30 UTC the day before, 01:30 UTC from that night on.
    [InlineData("2026-03-27T12:00Z", "2026-03-28T02:30Z")]
    [InlineData("2026-03-28T02:30Z", "2026-03-29T01:30Z")]
    [InlineData("2026-03-29T01:30Z", "2026-03-30T01:30Z")]
    // Clocks go back at 01:00 UTC on Sunday 25 October 2026: 02:30 BST is 01:30 UTC; from that night 02:30 GMT is 02:30 UTC.
    [InlineData("2026-10-23T12:00Z", "2026-10-24T01:30Z")]
    [InlineData("2026-10-24T01:30Z", "2026-10-25T02:30Z")]
    [InlineData("2026-10-25T02:30Z", "2026-10-26T02:30Z")]
    public void NextAfter_HalfPastTwoInLondon_IsHalfPastTwoOnTheWallClockEitherSideOfTheChanges(string after, string expected)
    {
        var scheduler = Scheduler("0 30 2 * * *", London);

        var next = scheduler.NextAfter(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
        Assert.Equal(new TimeOnly(2, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(next, London).DateTime));
    }

    [Theory]
    [InlineData("2026-03-27T12:00Z", "2026-03-28T02:30Z", "2026-03-29T01:30Z", "2026-03-30T01:30Z")]
    [InlineData("2026-10-23T12:00Z", "2026-10-24T01:30Z", "2026-10-25T02:30Z", "2026-10-26T02:30Z")]
    public async Task RunAsync_LondonAcrossAClockChange_FiresAtHalfPastTwoLocalEachNight(string start, string first, string second, string third)
    {
        using var folder = new TempFolder();
        var ledger = new LocalFolderRunLedger(folder.Path);
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        var ticks = Channel.CreateUnbounded<(bool PastDue, DateTimeOffset At)>();
        using var stop = new CancellationTokenSource();
        var loop = Scheduler("0 30 2 * * *", London, ledger, clock)
            .RunAsync((pastDue, _) => { ticks.Writer.TryWrite((pastDue, clock.GetUtcNow())); return Task.CompletedTask; }, stop.Token);

        var fired = new List<DateTimeOffset>();
        foreach (var expected in new[] { first, second, third }.Select(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)))
        {
            await WaitForStatus(ledger, s => s.Next == expected);
            clock.Advance(expected - clock.GetUtcNow());
            var tick = await Next(ticks, TimeSpan.FromSeconds(10));
            Assert.NotNull(tick);
            Assert.False(tick.Value.Item1);
            fired.Add(tick.Value.Item2);
        }

        Assert.All(fired, at => Assert.Equal(new TimeOnly(2, 30), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, London).DateTime)));
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task RunAsync_FreshLedger_FiresAtTheOccurrenceAndNotBefore()
    {
        using var folder = new TempFolder();
        var ledger = new LocalFolderRunLedger(folder.Path);
        var clock = new FakeTimeProvider(Utc(2026, 11, 23, 10, 0));
        var ticks = Channel.CreateUnbounded<(bool PastDue, DateTimeOffset At)>();
        using var stop = new CancellationTokenSource();
        var loop = Scheduler("0 30 1 * * *", TimeZoneInfo.Utc, ledger, clock)
            .RunAsync((pastDue, _) => { ticks.Writer.TryWrite((pastDue, clock.GetUtcNow())); return Task.CompletedTask; }, stop.Token);
        await WaitForStatus(ledger, s => s.Next == Utc(2026, 11, 24, 1, 30));

        clock.Advance(Utc(2026, 11, 24, 1, 29) - clock.GetUtcNow());
        Assert.Null(await Next(ticks, TimeSpan.FromMilliseconds(300)));
        clock.Advance(TimeSpan.FromMinutes(1));
        var tick = await Next(ticks, TimeSpan.FromSeconds(10));

        Assert.Equal((false, Utc(2026, 11, 24, 1, 30)), tick);
        await WaitForStatus(ledger, s => s.Last == Utc(2026, 11, 24, 1, 30) && s.Next == Utc(2026, 11, 25, 1, 30));
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task RunAsync_HostWasDownOverSeveralOccurrences_CatchesUpOnceAndNotAgainAfterARestart()
    {
        using var folder = new TempFolder();
        var ledger = new LocalFolderRunLedger(folder.Path);
        // The host last ran on the 20th; its next occurrence (the 21st, 01:30) and two more passed while it was down.
        await ledger.PutScheduleAsync("NightlyRefresh", new ScheduleStatus(Utc(2026, 11, 20, 1, 30), Utc(2026, 11, 21, 1, 30), Utc(2026, 11, 20, 1, 31)), CancellationToken.None);
        var clock = new FakeTimeProvider(Utc(2026, 11, 23, 10, 0));
        var ticks = Channel.CreateUnbounded<(bool PastDue, DateTimeOffset At)>();

        using (var stop = new CancellationTokenSource())
        {
            var loop = Scheduler("0 30 1 * * *", TimeZoneInfo.Utc, ledger, clock)
                .RunAsync((pastDue, _) => { ticks.Writer.TryWrite((pastDue, clock.GetUtcNow())); return Task.CompletedTask; }, stop.Token);

            Assert.Equal((true, Utc(2026, 11, 23, 10, 0)), await Next(ticks, TimeSpan.FromSeconds(10)));
            await WaitForStatus(ledger, s => s.Next == Utc(2026, 11, 24, 1, 30));
            Assert.Null(await Next(ticks, TimeSpan.FromMilliseconds(300)));
            await stop.CancelAsync();
            await loop;
        }

        // A restart the same morning: the catch-up is recorded, so it does not fire a second time.
        using (var stop = new CancellationTokenSource())
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            var loop = Scheduler("0 30 1 * * *", TimeZoneInfo.Utc, ledger, clock)
                .RunAsync((pastDue, _) => { ticks.Writer.TryWrite((pastDue, clock.GetUtcNow())); return Task.CompletedTask; }, stop.Token);

            Assert.Null(await Next(ticks, TimeSpan.FromMilliseconds(500)));
            await stop.CancelAsync();
            await loop;
        }
    }

    [Fact]
    public async Task RunAsync_RunLongerThanADay_FiresOnceAfterItNotOncePerMissedNight()
    {
        using var folder = new TempFolder();
        var ledger = new LocalFolderRunLedger(folder.Path);
        var clock = new FakeTimeProvider(Utc(2026, 11, 24, 1, 0));
        var fired = new List<DateTimeOffset>();
        using var stop = new CancellationTokenSource();
        var loop = Scheduler("0 30 1 * * *", TimeZoneInfo.Utc, ledger, clock).RunAsync((_, _) =>
        {
            fired.Add(clock.GetUtcNow());
            // The night's work takes two and a half days of the fake clock.
            clock.Advance(TimeSpan.FromHours(60));
            return Task.CompletedTask;
        }, stop.Token);
        await WaitForStatus(ledger, s => s.Next == Utc(2026, 11, 24, 1, 30));

        clock.Advance(TimeSpan.FromMinutes(30));
        await WaitForStatus(ledger, s => s.Last == Utc(2026, 11, 24, 1, 30));

        // Next is reckoned from when the run ended (26th, 13:30), not from the occurrence: no burst of missed nights.
        Assert.Equal(Utc(2026, 11, 27, 1, 30), (await ledger.GetScheduleAsync("NightlyRefresh", CancellationToken.None))!.Next);
        Assert.Single(fired);
        await stop.CancelAsync();
        await loop;
    }

    private static async Task<(bool, DateTimeOffset)?> Next(Channel<(bool PastDue, DateTimeOffset At)> ticks, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await ticks.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    // The scheduler persists its status before it waits: once the ledger shows it, advancing the fake clock is safe.
    private static async Task WaitForStatus(IRunLedger ledger, Func<ScheduleStatus, bool> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await ledger.GetScheduleAsync("NightlyRefresh", CancellationToken.None) is { } status && condition(status))
            {
                await Task.Delay(50);
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("the schedule status never reached the expected state");
    }
}
