using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Azure;
using Pipeline.Tests.Support;

namespace Pipeline.Tests;

public class BlobSnapshotStoreTests
{
    [Fact]
    public async Task TryLockAsync_HeldByAnotherRun_ReturnsNullUntilReleased()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None);
        var asAt = new DateOnly(2026, 10, 31);

        var first = await account.Snapshots().TryLockAsync(asAt, CancellationToken.None);
        var second = await account.Snapshots().TryLockAsync(asAt, CancellationToken.None);
        var otherNight = await account.Snapshots().TryLockAsync(asAt.AddDays(1), CancellationToken.None);
        await first!.DisposeAsync();
        var afterRelease = await account.Snapshots().TryLockAsync(asAt, CancellationToken.None);

        Assert.Null(second);
        Assert.NotNull(otherNight);
        Assert.NotNull(afterRelease);
        await otherNight.DisposeAsync();
        await afterRelease.DisposeAsync();
    }

    [Fact]
    public async Task TryLockAsync_LeaseTakenAwayWhileHeld_SignalsLostAtTheNextRenewal()
    {
        await using var azurite = await Azurite.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.Zero));
        var account = Scenario.Account(azurite, configure: o =>
        {
            o.TimeProvider = clock;
            o.LeaseDuration = TimeSpan.FromSeconds(30);
            o.MaxRetryAttempts = 1;
        });
        await account.EnsureCreatedAsync(CancellationToken.None);
        await using var held = await account.Snapshots().TryLockAsync(new DateOnly(2026, 10, 31), CancellationToken.None);
        var lost = new TaskCompletionSource();
        held!.Lost.Register(lost.SetResult);

        // Someone breaks the lease; the holder learns it when it next renews (every 10 s of its clock).
        await account.Container("published").GetBlobClient("_locks/as_at=2026-10-31").GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        Assert.False(held.Lost.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(10));

        await lost.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(held.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task CreateAsync_PathThatExists_RefusesOtherBytesAcceptsItsOwn()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None);
        var store = account.Snapshots();
        await store.CreateAsync("published/runs/r1/x.json", "one"u8.ToArray(), CancellationToken.None);

        // The same bytes again: what a retry after a lost answer does.
        await store.CreateAsync("published/runs/r1/x.json", "one"u8.ToArray(), CancellationToken.None);
        var error = await Assert.ThrowsAsync<StorageException>(() => store.CreateAsync("published/runs/r1/x.json", "two"u8.ToArray(), CancellationToken.None));

        Assert.Contains("never overwrites", error.Message);
        Assert.Equal("one"u8.ToArray(), await store.ReadAsync("published/runs/r1/x.json", CancellationToken.None));
    }

    [Fact]
    public async Task SwapLatestAsync_StaleETag_ReturnsFalseAndKeepsTheOtherRunsPointer()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None);
        var store = account.Snapshots();
        Assert.True(await store.SwapLatestAsync("{\"run_id\":\"a\"}"u8.ToArray(), null, CancellationToken.None));
        var seen = await store.ReadLatestAsync(CancellationToken.None);
        Assert.True(await store.SwapLatestAsync("{\"run_id\":\"b\"}"u8.ToArray(), seen!.ETag, CancellationToken.None));

        var swapped = await store.SwapLatestAsync("{\"run_id\":\"c\"}"u8.ToArray(), seen.ETag, CancellationToken.None);

        Assert.False(swapped);
        Assert.Equal("{\"run_id\":\"b\"}"u8.ToArray(), (await store.ReadLatestAsync(CancellationToken.None))!.Content);
        Assert.False(await store.SwapLatestAsync("{\"run_id\":\"d\"}"u8.ToArray(), null, CancellationToken.None));
    }

    [Theory]
    [InlineData("published/../restricted/x")]
    [InlineData("published/runs/a\\b")]
    [InlineData("published//x")]
    [InlineData("elsewhere/x")]
    [InlineData("published/runs/x?comp=list")]
    [InlineData("published/runs/%2e%2e/x")]
    public void Split_UnsafeOrUnknownPath_Throws(string path) =>
        Assert.Throws<ArgumentException>(() => BlobPaths.Split(path, new AzureStorageOptions()));

    [Theory]
    [InlineData("latest.json", "published", "latest.json")]
    [InlineData("published/indicator_values/as_at=2026-10-31/part-0.parquet", "published", "indicator_values/as_at=2026-10-31/part-0.parquet")]
    [InlineData("restricted/runs/2026-10-31_x/dq_issues.parquet", "restricted", "runs/2026-10-31_x/dq_issues.parquet")]
    public void Split_StorePath_GoesToTheContainerForItsAudience(string path, string container, string blob) =>
        Assert.Equal((container, blob), BlobPaths.Split(path, new AzureStorageOptions()));
}
