using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Storage;

public class LocalFolderSnapshotStoreTests
{
    [Fact]
    public async Task TryLock_HeldByAnother_ReturnsNull()
    {
        using var root = new TempFolder();
        var store = new LocalFolderSnapshotStore(root.Path);
        await using var held = await store.TryLockAsync(new DateOnly(2023, 6, 30), CancellationToken.None);

        Assert.NotNull(held);
        Assert.Null(await store.TryLockAsync(new DateOnly(2023, 6, 30), CancellationToken.None));
    }

    [Fact]
    public async Task TryLock_FolderCannotBeWritten_IsAStorageErrorNotALockHeld()
    {
        using var root = new TempFolder();
        // The store's root is a file: nothing under it can be created, as with a read-only or vanished output folder.
        var rootFile = root.File("out");
        File.WriteAllText(rootFile, "not a folder");
        var store = new LocalFolderSnapshotStore(rootFile);

        await Assert.ThrowsAnyAsync<IOException>(() => store.TryLockAsync(new DateOnly(2023, 6, 30), CancellationToken.None));
    }

    [Fact]
    public async Task Writes_LeaveNoTemporaryFileInAReadersFolder()
    {
        using var root = new TempFolder();
        var store = new LocalFolderSnapshotStore(root.Path);

        await store.ReplaceAsync("published/indicator_values/as_at=2023-06-30/part-0.parquet", new byte[] { 1, 2, 3 }, CancellationToken.None);
        await store.CreateAsync("published/runs/r1/indicator_values.parquet", new byte[] { 1 }, CancellationToken.None);
        await store.DeleteAsync("published/runs/r1/indicator_values.parquet", CancellationToken.None);
        await store.DeleteAsync("published/runs/r1/never-there.parquet", CancellationToken.None);

        Assert.Equal(["part-0.parquet"], Directory.GetFiles(root.File("published/indicator_values/as_at=2023-06-30")).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(root.File("published/runs/r1")));
        Assert.Empty(Directory.GetFiles(root.File(LocalFolderSnapshotStore.TemporaryFolder)));
    }
}
