using System.Collections.Concurrent;
using System.Collections.Frozen;
using Pipeline.Domain;
using Pipeline.Reference;

namespace Pipeline.Indicators;

/// <summary>
/// One allocated-worker involvement (a row of ssd_involvements whose role is in
/// <see cref="IndicatorSettings.AllocatedWorkerRoles"/>) with the fields allocations need.
/// </summary>
/// <remarks>NOTE: the involvement's own id is not kept: it only breaks ties when choosing a child's allocation, which is
/// decided once when the groupings are built, and at national scale millions of id strings would outweigh the rest.</remarks>
/// <remarks>NOTE: a value, held in one array per run, rather than an object each: there are millions nationally.</remarks>
public readonly record struct WorkerAllocation(string WorkerId, string PersonId, string? TeamId, DateOnly Start, DateOnly? End)
{
    public bool IsOpenAt(DateOnly date) => Dates.IsOpenAt(Start, End, date);
}

/// <summary>
/// Who holds whom at one date: for each worker the distinct children allocated to them, and for each
/// (team, worker) the distinct children allocated to that worker in that team. A worker with children in
/// two teams appears under both teams with the children of each; allocations with no team appear only in
/// <see cref="ChildrenByWorker"/>.
/// </summary>
public sealed record AllocationSnapshot(
    DateOnly Date,
    IReadOnlyDictionary<string, IReadOnlySet<string>> ChildrenByWorker,
    IReadOnlyDictionary<(string TeamId, string WorkerId), IReadOnlySet<string>> ChildrenByTeamWorker)
{
    /// <summary>Each team's caseloads: the number of distinct children of each of its workers holding at least one.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<int>> CaseloadsByTeam() =>
        ChildrenByTeamWorker.GroupBy(e => e.Key.TeamId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, IReadOnlyList<int> (g) => g.Select(e => e.Value.Count).ToList(), StringComparer.Ordinal);
}

public sealed partial class IndicatorInputs
{
    /// <summary>
    /// The one implementation of "allocations at a date" (indicators spec, "Workforce"): ssd_involvements open
    /// at <paramref name="date"/> (<see cref="Dates.IsOpenAt"/> on start and end) whose invo_professional_role_id,
    /// trimmed, is one of the configured allocated-worker roles (case-insensitively). Rows with no worker,
    /// child or start date cannot be an allocation and are left out. Built once per date and kept.
    /// </summary>
    public AllocationSnapshot AllocationsAt(DateOnly date) =>
        AllocationSnapshotsByDate.GetOrAdd(date, BuildAllocationSnapshot);

    /// <summary>
    /// The child's allocation at <paramref name="date"/>, or null when none is open. With several open, the
    /// latest-starting wins, then the lowest team id (no team last), then the lowest worker id, then the lowest
    /// involvement id, so the choice never depends on row order.
    /// </summary>
    public WorkerAllocation? AllocationOf(string personId, DateOnly date)
    {
        foreach (var allocation in AllocationsOfChild(personId))
        {
            if (allocation.IsOpenAt(date))
            {
                return allocation;
            }
        }

        return null;
    }

    /// <summary>
    /// The team of the child's allocated worker at <paramref name="date"/> (for team breakdowns of child-level
    /// indicators), chosen as in <see cref="AllocationOf"/> among open allocations that have a team; null when
    /// the child has none.
    /// </summary>
    public string? AllocatedTeamOf(string personId, DateOnly date)
    {
        foreach (var allocation in AllocationsOfChild(personId))
        {
            if (allocation.TeamId is not null && allocation.IsOpenAt(date))
            {
                return allocation.TeamId;
            }
        }

        return null;
    }

    /// <summary>Whether any ssd_involvements row has an allocated-worker role: when none does, the role setting does not fit the extract.</summary>
    public bool AnyAllocatedWorkerRole => Memo(() => Extract.Involvements.Any(i => IsAllocatedWorkerRole(i.RoleId)));

    // A child's allocations, best-first by the tie-break of AllocationOf, so the first open one is the answer.
    private ReadOnlySpan<WorkerAllocation> AllocationsOfChild(string personId) =>
        Allocations.ByChild.TryGetValue(personId, out var range) ? Allocations.All.AsSpan(range.Start, range.Count) : [];

    // NOTE: the allocations are held once, grouped by child (each child's a range of one array); workers hold
    // indexes into it. An array and a record per child and per allocation came to about twice the memory nationally.
    private AllocationGroupings Allocations => Memo(() =>
    {
        var allocations = Extract.Involvements
            .Where(i => IsAllocatedWorkerRole(i.RoleId) && i.ProfessionalId is not null && i.PersonId is not null && i.StartDate is not null)
            .Select(i => (i.InvolvementId, Allocation: new WorkerAllocation(i.ProfessionalId!, i.PersonId!, i.TeamId, i.StartDate!.Value, i.EndDate)))
            .ToList();
        var all = new WorkerAllocation[allocations.Count];
        var held = new int[allocations.Count]; // where each row's allocation is held in all
        var byChild = new Dictionary<string, (int Start, int Count)>(StringComparer.Ordinal);
        var next = 0;
        foreach (var child in Enumerable.Range(0, allocations.Count).GroupBy(row => allocations[row].Allocation.PersonId, StringComparer.Ordinal))
        {
            var start = next;
            foreach (var row in child.OrderByDescending(row => allocations[row].Allocation.Start)
                         .ThenBy(row => allocations[row].Allocation.TeamId is null ? 1 : 0)
                         .ThenBy(row => allocations[row].Allocation.TeamId, StringComparer.Ordinal)
                         .ThenBy(row => allocations[row].Allocation.WorkerId, StringComparer.Ordinal)
                         .ThenBy(row => allocations[row].InvolvementId, StringComparer.Ordinal))
            {
                held[row] = next;
                all[next++] = allocations[row].Allocation;
            }

            byChild[child.Key] = (start, next - start);
        }

        // Each worker's allocations by start date, so a date needs only the prefix that has started.
        var byWorker = Enumerable.Range(0, allocations.Count)
            .GroupBy(row => allocations[row].Allocation.WorkerId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(row => allocations[row].Allocation.Start).Select(row => held[row]).ToArray(), StringComparer.Ordinal);
        return new AllocationGroupings(all, byWorker, byChild.ToFrozenDictionary(StringComparer.Ordinal));
    });

    private FrozenSet<string> AllocatedWorkerRoleSet =>
        Memo(() => Settings.AllocatedWorkerRoles.Select(r => r.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase));

    private ConcurrentDictionary<DateOnly, AllocationSnapshot> AllocationSnapshotsByDate => Memo(() => new ConcurrentDictionary<DateOnly, AllocationSnapshot>());

    private bool IsAllocatedWorkerRole(string? roleId) => roleId is not null && AllocatedWorkerRoleSet.Contains(roleId.Trim());

    private AllocationSnapshot BuildAllocationSnapshot(DateOnly date)
    {
        var byWorker = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var byTeamWorker = new Dictionary<(string TeamId, string WorkerId), HashSet<string>>();
        var all = Allocations.All;
        foreach (var (worker, allocations) in Allocations.ByWorkerByStart)
        {
            HashSet<string>? children = null;
            var started = StartedOnOrBefore(all, allocations, date);
            for (var i = 0; i < started; i++)
            {
                var allocation = all[allocations[i]];
                if (!allocation.IsOpenAt(date))
                {
                    continue;
                }

                children ??= new HashSet<string>(StringComparer.Ordinal);
                children.Add(allocation.PersonId);
                if (allocation.TeamId is { } team)
                {
                    if (!byTeamWorker.TryGetValue((team, worker), out var inTeam))
                    {
                        byTeamWorker[(team, worker)] = inTeam = new HashSet<string>(StringComparer.Ordinal);
                    }

                    inTeam.Add(allocation.PersonId);
                }
            }

            if (children is not null)
            {
                byWorker[worker] = new SortedStringSet(children);
            }
        }

        return new AllocationSnapshot(date, byWorker, byTeamWorker.ToDictionary(e => e.Key, IReadOnlySet<string> (e) => new SortedStringSet(e.Value)));
    }

    // The number of allocations (sorted by start) that started on or before the date.
    private static int StartedOnOrBefore(WorkerAllocation[] all, int[] byStart, DateOnly date)
    {
        int lo = 0, hi = byStart.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (all[byStart[mid]].Start <= date)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private sealed record AllocationGroupings(
        WorkerAllocation[] All,
        FrozenDictionary<string, int[]> ByWorkerByStart,
        FrozenDictionary<string, (int Start, int Count)> ByChild);
}
