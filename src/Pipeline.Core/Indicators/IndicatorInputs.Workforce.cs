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
public sealed record WorkerAllocation(string WorkerId, string PersonId, string? TeamId, DateOnly Start, DateOnly? End)
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
    public WorkerAllocation? AllocationOf(string personId, DateOnly date) =>
        AllocationsByChildByPreference.TryGetValue(personId, out var allocations)
            ? allocations.FirstOrDefault(a => a.IsOpenAt(date))
            : null;

    /// <summary>
    /// The team of the child's allocated worker at <paramref name="date"/> (for team breakdowns of child-level
    /// indicators), chosen as in <see cref="AllocationOf"/> among open allocations that have a team; null when
    /// the child has none.
    /// </summary>
    public string? AllocatedTeamOf(string personId, DateOnly date) =>
        AllocationsByChildByPreference.TryGetValue(personId, out var allocations)
            ? allocations.FirstOrDefault(a => a.TeamId is not null && a.IsOpenAt(date))?.TeamId
            : null;

    /// <summary>Whether any ssd_involvements row has an allocated-worker role: when none does, the role setting does not fit the extract.</summary>
    public bool AnyAllocatedWorkerRole => Memo(() => Extract.Involvements.Any(i => IsAllocatedWorkerRole(i.RoleId)));

    /// <summary>Each worker's allocations, by start date, so a date needs only the prefix that has started.</summary>
    private FrozenDictionary<string, WorkerAllocation[]> AllocationsByWorkerByStart => Allocations.ByWorkerByStart;

    // Sorted best-first by the tie-break of AllocationOf, so the first open one is the answer.
    private FrozenDictionary<string, WorkerAllocation[]> AllocationsByChildByPreference => Allocations.ByChildByPreference;

    private AllocationGroupings Allocations => Memo(() =>
    {
        var allocations = Extract.Involvements
            .Where(i => IsAllocatedWorkerRole(i.RoleId) && i.ProfessionalId is not null && i.PersonId is not null && i.StartDate is not null)
            .Select(i => (i.InvolvementId, Allocation: new WorkerAllocation(i.ProfessionalId!, i.PersonId!, i.TeamId, i.StartDate!.Value, i.EndDate)))
            .ToList();
        var byWorker = allocations.Select(a => a.Allocation).GroupBy(a => a.WorkerId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(a => a.Start).ToArray(), StringComparer.Ordinal);
        var byChild = allocations.GroupBy(a => a.Allocation.PersonId, StringComparer.Ordinal)
            .ToFrozenDictionary(
                g => g.Key,
                g => g.OrderByDescending(a => a.Allocation.Start)
                    .ThenBy(a => a.Allocation.TeamId is null ? 1 : 0)
                    .ThenBy(a => a.Allocation.TeamId, StringComparer.Ordinal)
                    .ThenBy(a => a.Allocation.WorkerId, StringComparer.Ordinal)
                    .ThenBy(a => a.InvolvementId, StringComparer.Ordinal)
                    .Select(a => a.Allocation)
                    .ToArray(),
                StringComparer.Ordinal);
        return new AllocationGroupings(byWorker, byChild);
    });

    private FrozenSet<string> AllocatedWorkerRoleSet =>
        Memo(() => Settings.AllocatedWorkerRoles.Select(r => r.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase));

    private ConcurrentDictionary<DateOnly, AllocationSnapshot> AllocationSnapshotsByDate => Memo(() => new ConcurrentDictionary<DateOnly, AllocationSnapshot>());

    private bool IsAllocatedWorkerRole(string? roleId) => roleId is not null && AllocatedWorkerRoleSet.Contains(roleId.Trim());

    private AllocationSnapshot BuildAllocationSnapshot(DateOnly date)
    {
        var byWorker = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var byTeamWorker = new Dictionary<(string TeamId, string WorkerId), HashSet<string>>();
        foreach (var (worker, allocations) in AllocationsByWorkerByStart)
        {
            HashSet<string>? children = null;
            var started = StartedOnOrBefore(allocations, date);
            for (var i = 0; i < started; i++)
            {
                var allocation = allocations[i];
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
    private static int StartedOnOrBefore(WorkerAllocation[] byStart, DateOnly date)
    {
        int lo = 0, hi = byStart.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (byStart[mid].Start <= date)
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
        FrozenDictionary<string, WorkerAllocation[]> ByWorkerByStart,
        FrozenDictionary<string, WorkerAllocation[]> ByChildByPreference);
}
