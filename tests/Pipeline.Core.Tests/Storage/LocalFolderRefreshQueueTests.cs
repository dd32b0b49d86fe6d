using Microsoft.Extensions.Time.Testing;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

/// <summary>The folder queue behaves as the storage queue does: order, visibility, delivery count, receipts, poison.</summary>
public class LocalFolderRefreshQueueTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.Zero));

    [Fact]
    public async Task ReceiveAsync_TwoSent_OldestFirstAndEachHiddenWhileHeld()
    {
        using var folder = new TempFolder();
        var queue = new LocalFolderRefreshQueue(folder.Path, clock);
        await queue.SendAsync("first", CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await queue.SendAsync("second", CancellationToken.None);

        var a = await queue.ReceiveAsync(Minute, CancellationToken.None);
        var b = await queue.ReceiveAsync(Minute, CancellationToken.None);
        var none = await queue.ReceiveAsync(Minute, CancellationToken.None);

        Assert.Equal(("first", 1L), (a!.Text, a.DequeueCount));
        Assert.Equal(("second", 1L), (b!.Text, b.DequeueCount));
        Assert.Null(none);
    }

    [Fact]
    public async Task ReceiveAsync_HeldPastItsVisibility_DeliveredAgainAndTheOldReceiptNoLongerDeletes()
    {
        using var folder = new TempFolder();
        var queue = new LocalFolderRefreshQueue(folder.Path, clock);
        await queue.SendAsync("request", CancellationToken.None);
        var first = await queue.ReceiveAsync(Minute, CancellationToken.None);

        clock.Advance(Minute + TimeSpan.FromSeconds(1)); // the host that took it died
        var second = await queue.ReceiveAsync(Minute, CancellationToken.None);
        await queue.DeleteAsync(first!, CancellationToken.None);
        clock.Advance(Minute + TimeSpan.FromSeconds(1));
        var third = await queue.ReceiveAsync(Minute, CancellationToken.None);
        await queue.DeleteAsync(third!, CancellationToken.None);
        clock.Advance(Minute + TimeSpan.FromSeconds(1));

        Assert.Equal(2, second!.DequeueCount);
        Assert.Equal(3, third!.DequeueCount);
        Assert.Null(await queue.ReceiveAsync(Minute, CancellationToken.None));
    }

    [Fact]
    public async Task ReleaseAsync_Delay_HiddenUntilThenDeliveredAgain()
    {
        using var folder = new TempFolder();
        var queue = new LocalFolderRefreshQueue(folder.Path, clock);
        await queue.SendAsync("request", CancellationToken.None);
        var first = await queue.ReceiveAsync(Minute, CancellationToken.None);

        await queue.ReleaseAsync(first!, TimeSpan.FromSeconds(30), CancellationToken.None);
        var early = await queue.ReceiveAsync(Minute, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        var again = await queue.ReceiveAsync(Minute, CancellationToken.None);

        Assert.Null(early);
        Assert.Equal(("request", 2L), (again!.Text, again.DequeueCount));
    }

    [Fact]
    public async Task PoisonAsync_MovesItToThePoisonFolderWithItsText()
    {
        using var folder = new TempFolder();
        var queue = new LocalFolderRefreshQueue(folder.Path, clock);
        await queue.SendAsync("bad request", CancellationToken.None);
        var message = await queue.ReceiveAsync(Minute, CancellationToken.None);

        await queue.PoisonAsync(message!, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));

        Assert.Null(await queue.ReceiveAsync(Minute, CancellationToken.None));
        var poisoned = Assert.Single(Directory.GetFiles(Path.Combine(folder.Path, "queues", RefreshQueue.PoisonName)));
        Assert.Contains("bad request", File.ReadAllText(poisoned), StringComparison.Ordinal);
    }
}
