using System.Collections.Concurrent;
using System.Collections.Frozen;
using Pipeline.Domain;
using Pipeline.Extract;
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

/// <summary>A worker holding children at a date, and how many distinct children.</summary>
public readonly record struct WorkerCaseload(string WorkerId, int Children);

/// <summary>The caseloads at one date (<see cref="IndicatorInputs.CaseloadsAt"/>): of every worker holding a child, and by team.</summary>
public sealed record WorkerCaseloads(IReadOnlyList<WorkerCaseload> ByWorker, IReadOnlyDictionary<string, IReadOnlyList<WorkerCaseload>> ByTeam);

public sealed partial class IndicatorInputs
{
    /// <summary>
    /// The child's allocation at <paramref name="date"/>, or null when none is open. With several open, the
    /// latest-starting wins, then the lowest team id (no team last), then the lowest worker id, then the lowest
    /// involvement id, so the choice never depends on row order.
    /// </summary>
    public WorkerAllocation? AllocationOf(string personId, DateOnly date)
    {
        foreach (var (allocation, _) in AllocationsOfChild(personId))
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
        foreach (var (allocation, _) in AllocationsOfChild(personId))
        {
            if (allocation.TeamId is not null && allocation.IsOpenAt(date))
            {
                return allocation.TeamId;
            }
        }

        return null;
    }

    /// <summary>Whether any ssd_involvements row has an allocated-worker role: when none does, the role setting does not fit the extract.</summary>
    public bool AnyAllocatedWorkerRole => Memo(() => Extract.Involvements.Values(nameof(Involvement.RoleId), i => i.RoleId).Any(IsAllocatedWorkerRole));

    // A child's allocations, best-first by the tie-break of AllocationOf, so the first open one is the answer.
    private ReadOnlySpan<HeldAllocation> AllocationsOfChild(string personId) =>
        Allocations.ByChild.TryGetValue(personId, out var range) ? Allocations.All.AsSpan(range.Start, range.Count) : [];

    // NOTE: the allocations are held once, in one array sorted by child (each child's a range of it), and workers hold
    // indexes into it: a record per allocation in two arrays and an array per child came to about twice the memory
    // nationally, and building them held every involvement id besides.
    private AllocationGroupings Allocations => Memo(() =>
    {
        // NOTE: the fields read from their columns, no involvement record built (the id only where two allocations tie).
        var involvements = Extract.Involvements;
        var (roleOf, workerOf, childOf) = (involvements.Field(nameof(Involvement.RoleId), i => i.RoleId),
            involvements.Field(nameof(Involvement.ProfessionalId), i => i.ProfessionalId), involvements.Field(nameof(Involvement.PersonId), i => i.PersonId));
        var (teamOf, startOf, endOf) = (involvements.Field(nameof(Involvement.TeamId), i => i.TeamId),
            involvements.Field(nameof(Involvement.StartDate), i => i.StartDate), involvements.Field(nameof(Involvement.EndDate), i => i.EndDate));
        var idOf = involvements.Field(nameof(Involvement.InvolvementId), i => i.InvolvementId);
        var all = new HeldAllocation[involvements.Count];
        var count = 0;
        for (var row = 0; row < involvements.Count; row++)
        {
            if (IsAllocatedWorkerRole(roleOf(row)) && workerOf(row) is { } worker && childOf(row) is { } child && startOf(row) is { } start)
            {
                all[count++] = new HeldAllocation(new WorkerAllocation(worker, child, teamOf(row), start, endOf(row)), row);
            }
        }

        // By child, then AllocationOf's preference: latest start, a team before none, lowest team, worker, involvement id,
        // and row (so rows sharing an id keep their extract order).
        all.AsSpan(0, count).Sort((x, y) =>
        {
            var (a, b) = (x.Allocation, y.Allocation);
            var order = string.CompareOrdinal(a.PersonId, b.PersonId);
            if (order == 0)
            {
                order = b.Start.CompareTo(a.Start);
            }

            if (order == 0)
            {
                order = (a.TeamId is null).CompareTo(b.TeamId is null);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.TeamId, b.TeamId);
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.WorkerId, b.WorkerId);
            }

            if (order == 0 && x.Row != y.Row)
            {
                order = string.CompareOrdinal(idOf(x.Row), idOf(y.Row));
            }

            return order != 0 ? order : x.Row.CompareTo(y.Row);
        });

        var byChild = new Dictionary<string, (int Start, int Count)>(StringComparer.Ordinal);
        var (childNumbers, children) = (new int[count], new List<string>());
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && string.Equals(all[end].Allocation.PersonId, all[start].Allocation.PersonId, StringComparison.Ordinal))
            {
                end++;
            }

            byChild[all[start].Allocation.PersonId] = (start, end - start);
            childNumbers.AsSpan(start, end - start).Fill(children.Count);
            children.Add(all[start].Allocation.PersonId);
            start = end;
        }

        // Each worker's allocations by start date (equal starts in extract order), workers in the order the extract
        // first names them, so a date needs only the prefix that has started.
        var inExtractOrder = new int[count];
        var rows = new int[count];
        for (var k = 0; k < count; k++)
        {
            (inExtractOrder[k], rows[k]) = (k, all[k].Row);
        }

        Array.Sort(rows, inExtractOrder);
        var byWorker = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var k in inExtractOrder)
        {
            var worker = all[k].Allocation.WorkerId;
            if (!byWorker.TryGetValue(worker, out var held))
            {
                byWorker[worker] = held = [];
            }

            held.Add(k);
        }

        return new AllocationGroupings(
            all,
            byWorker.ToFrozenDictionary(w => w.Key, w => w.Value.OrderBy(k => all[k].Allocation.Start).ToArray(), StringComparer.Ordinal),
            byChild,
            childNumbers,
            [.. children]);
    });

    private FrozenSet<string> AllocatedWorkerRoleSet =>
        Memo(() => Settings.AllocatedWorkerRoles.Select(r => r.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase));

    private bool IsAllocatedWorkerRole(string? roleId) => roleId is not null && AllocatedWorkerRoleSet.Contains(roleId.Trim());

    /// <summary>
    /// The caseloads at <paramref name="date"/>, by the one implementation of "allocations at a date" (indicators spec,
    /// "Workforce"): ssd_involvements open at the date (<see cref="Dates.IsOpenAt"/> on start and end) whose
    /// invo_professional_role_id, trimmed, is one of the configured allocated-worker roles (case-insensitively); rows with no
    /// worker, child or start date cannot be an allocation and are left out. Each worker holding at least one child, with the
    /// number of distinct children, and the same per team (a worker with children in two teams in each; allocations with no
    /// team in no team). Built once per date and kept while the area is computed.
    /// </summary>
    /// <remarks>NOTE: counts only: snapshots of the child id strings per worker and per (team, worker), built for every period
    /// end, were most of what the caseload and supervision indicators cost, and every reader wanted only the counts.</remarks>
    public WorkerCaseloads CaseloadsAt(DateOnly date) =>
        Memo(() => new ConcurrentDictionary<DateOnly, WorkerCaseloads>(), "CaseloadsByDate").GetOrAdd(date, BuildCaseloads);

    private WorkerCaseloads BuildCaseloads(DateOnly date)
    {
        var (byWorker, byTeam) = (new List<WorkerCaseload>(), new Dictionary<string, List<WorkerCaseload>>(StringComparer.Ordinal));
        var held = Allocations;
        var children = new List<int>();
        var teams = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (worker, allocations) in held.ByWorkerByStart)
        {
            HeldAt(held, allocations, date, children, teams);

            if (children.Count > 0)
            {
                byWorker.Add(new WorkerCaseload(worker, DistinctCount(children)));
                foreach (var (team, inTeam) in teams)
                {
                    if (!byTeam.TryGetValue(team, out var caseloads))
                    {
                        byTeam[team] = caseloads = [];
                    }

                    caseloads.Add(new WorkerCaseload(worker, DistinctCount(inTeam)));
                }
            }
        }

        return new WorkerCaseloads(byWorker, byTeam.ToDictionary(t => t.Key, IReadOnlyList<WorkerCaseload> (t) => t.Value, StringComparer.Ordinal));
    }

    private static int DistinctCount(List<int> numbers)
    {
        numbers.Sort();
        var distinct = 0;
        for (var i = 0; i < numbers.Count; i++)
        {
            distinct += i == 0 || numbers[i] != numbers[i - 1] ? 1 : 0;
        }

        return distinct;
    }

    // The child numbers of a worker's allocations (sorted by start) open at the date, all and by team (none: in no team).
    private static void HeldAt(AllocationGroupings held, int[] allocations, DateOnly date, List<int> children, Dictionary<string, List<int>> teams)
    {
        var (all, childOf) = (held.All, held.ChildOf);
        children.Clear();
        teams.Clear();
        var started = StartedOnOrBefore(all, allocations, date);
        for (var i = 0; i < started; i++)
        {
            var allocation = all[allocations[i]].Allocation;
            if (!allocation.IsOpenAt(date))
            {
                continue;
            }

            children.Add(childOf[allocations[i]]);
            if (allocation.TeamId is { } team)
            {
                if (!teams.TryGetValue(team, out var inTeam))
                {
                    teams[team] = inTeam = [];
                }

                inTeam.Add(childOf[allocations[i]]);
            }
        }
    }


    // The number of allocations (sorted by start) that started on or before the date.
    private static int StartedOnOrBefore(HeldAllocation[] all, int[] byStart, DateOnly date)
    {
        int lo = 0, hi = byStart.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (all[byStart[mid]].Allocation.Start <= date)
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

    // An allocation and its row in ssd_involvements. NOTE: the array of these is sized to the table, as a second array
    // of the exact size would be more to hold while building; only the first allocations are used.
    private readonly record struct HeldAllocation(WorkerAllocation Allocation, int Row);

    private sealed record AllocationGroupings(
        HeldAllocation[] All,
        FrozenDictionary<string, int[]> ByWorkerByStart,
        Dictionary<string, (int Start, int Count)> ByChild,
        int[] ChildOf,
        string[] Children);
}
