using System.Diagnostics;
using System.Globalization;
using Pipeline.Application;
using Pipeline.Publish;
using Pipeline.Storage;

namespace Pipeline.Cli;

/// <summary>
/// For the kill tests only: with <c>PIPELINE_TEST_KILL_AT=N[:before|during|after[:MS]]</c> in its environment, the process
/// kills itself (SIGKILL, as <c>kill -9</c>) at its Nth storage write (snapshot store or dashboard tables): before the write
/// is sent, MS milliseconds after it is sent (while it may still be in flight), or once it has completed. Every write is
/// traced to standard error while the variable is set, so a test can count a publish's writes (<c>N</c> = 0 kills nothing).
/// Unset, as in every deployment, the stores are used as they are.
/// </summary>
internal static class KillSwitch
{
    public const string Variable = "PIPELINE_TEST_KILL_AT";

    private static readonly (int At, string Mode, int DelayMs)? Plan = ParsePlan(Environment.GetEnvironmentVariable(Variable));
    private static int writes;

    public static ISnapshotStore Wrap(ISnapshotStore store) => Plan is null ? store : new Snapshots(store);

    public static PipelineDeployment Wrap(PipelineDeployment deployment) => Plan is null
        ? deployment
        : deployment with { Snapshots = new Snapshots(deployment.Snapshots), Dashboards = new Dashboards(deployment.Dashboards) };

    private static async Task WriteAsync(string what, Func<Task> write)
    {
        var n = Interlocked.Increment(ref writes);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"kill-switch write {n}: {what}"));
        if (Plan is not { } plan || plan.At != n)
        {
            await write();
            return;
        }

        switch (plan.Mode)
        {
            case "before":
                Die();
                break;
            case "during":
                var inFlight = write();
                await Task.Delay(plan.DelayMs);
                Die();
                await inFlight;
                break;
            default:
                await write();
                Die();
                break;
        }
    }

    private static void Die()
    {
        Console.Error.Flush();
        using var self = Process.GetCurrentProcess();
        self.Kill();
        Thread.Sleep(Timeout.Infinite);
    }

    private static (int, string, int)? ParsePlan(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split(':');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), parts.Length > 1 ? parts[1] : "before",
            parts.Length > 2 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0);
    }

    private sealed class Snapshots(ISnapshotStore inner) : ISnapshotStore
    {
        public string Location => inner.Location;

        public Task CreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            WriteAsync($"create {path}", () => inner.CreateAsync(path, content, cancellationToken));

        public Task ReplaceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            WriteAsync($"replace {path}", () => inner.ReplaceAsync(path, content, cancellationToken));

        public Task DeleteAsync(string path, CancellationToken cancellationToken) =>
            WriteAsync($"delete {path}", () => inner.DeleteAsync(path, cancellationToken));

        public async Task<bool> SwapLatestAsync(ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken)
        {
            var swapped = false;
            await WriteAsync($"swap {SnapshotLayout.Latest}", async () => swapped = await inner.SwapLatestAsync(content, expectedETag, cancellationToken));
            return swapped;
        }

        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken) => inner.ReadAsync(path, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task<LatestPointer?> ReadLatestAsync(CancellationToken cancellationToken) => inner.ReadLatestAsync(cancellationToken);

        public Task<IWriterLock?> TryLockAsync(DateOnly asAt, CancellationToken cancellationToken) => inner.TryLockAsync(asAt, cancellationToken);
    }

    private sealed class Dashboards(IDashboardStore inner) : IDashboardStore
    {
        public Task WriteSnapshotAsync(DashboardSnapshot snapshot, CancellationToken cancellationToken) =>
            WriteAsync("tables: snapshot", () => inner.WriteSnapshotAsync(snapshot, cancellationToken));

        public Task MarkLatestAsync(DashboardSnapshot snapshot, DateTimeOffset publishedAt, CancellationToken cancellationToken) =>
            WriteAsync("tables: latest", () => inner.MarkLatestAsync(snapshot, publishedAt, cancellationToken));

        public Task LogRunAsync(RunManifest run, CancellationToken cancellationToken) =>
            WriteAsync("tables: run log", () => inner.LogRunAsync(run, cancellationToken));

        public Task<IReadOnlyList<RunManifest>> RecentRunsAsync(int count, CancellationToken cancellationToken) => inner.RecentRunsAsync(count, cancellationToken);
    }
}
