namespace Pipeline.Storage;

/// <summary>
/// The right to publish one as_at: only one run writes a given as_at at a time. Held until disposed; on Azure
/// it is a blob lease renewed in the background while the run works.
/// </summary>
public interface IWriterLock : IAsyncDisposable
{
    /// <summary>Cancelled if the lock is lost while held (a lease that could not be renewed): stop before publishing.</summary>
    CancellationToken Lost { get; }
}
