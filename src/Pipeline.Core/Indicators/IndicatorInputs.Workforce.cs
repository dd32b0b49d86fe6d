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
        foreach (var allocation in AllocationsOfChild(personId))
        {
            if (allocation.IsOpenAt(date))
            {
                return allocation.Of(personId);
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
        // Children numbered as the involvements first name them; each allocation's sort key its child, then its start, latest
        // first. NOTE: sorting by these numbers, then each run of one child and start by the rest of the preference, rather than
        // the whole array by comparing ids: reading and sorting were 2.3 s of this grouping's 3.4 s nationally, and it is built
        // twice (quality's worker_over_60_children asks too).
        // A child's entry holds its number (in Start) until its range in the sorted array is set below.
        var byChild = new Dictionary<string, (int Start, int Count)>(StringComparer.Ordinal);
        var children = new List<string>();
        var keys = new long[involvements.Count];
        for (var row = 0; row < involvements.Count; row++)
        {
            if (IsAllocatedWorkerRole(roleOf(row)) && workerOf(row) is { } worker && childOf(row) is { } child && startOf(row) is { } start)
            {
                ref var number = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byChild, child, out var named);
                if (!named)
                {
                    number = (children.Count, 0);
                    children.Add(child);
                }

                keys[count] = ((long)number.Start << 32) | (uint)(int.MaxValue - start.DayNumber);
                all[count++] = new HeldAllocation(worker, teamOf(row), start, endOf(row), row);
            }
        }

        // By child, then AllocationOf's preference: latest start, a team before none, lowest team, worker, involvement id,
        // and row (so rows sharing an id keep their extract order).
        Array.Sort(keys, all, 0, count);
        var childNumbers = new int[count];
        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                all.AsSpan(start, end - start).Sort((x, y) =>
                {
                    var (a, b) = (x, y);
                    var order = (a.TeamId is null).CompareTo(b.TeamId is null);
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
            }

            var child = (int)(keys[start] >> 32);
            childNumbers.AsSpan(start, end - start).Fill(child);
            ref var range = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(byChild, children[child]);
            range = range.Count == 0 ? (start, end - start) : (range.Start, range.Count + end - start);
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
            var worker = all[k].WorkerId;
            if (!byWorker.TryGetValue(worker, out var held))
            {
                byWorker[worker] = held = [];
            }

            held.Add(k);
        }

        return new AllocationGroupings(
            all,
            WorkerHoldings.Of(all, childNumbers, byWorker.ToFrozenDictionary(w => w.Key, w => w.Value.OrderBy(k => all[k].Start).ToArray(), StringComparer.Ordinal)),
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
        Memo(() => new ConcurrentDictionary<DateOnly, Lazy<WorkerCaseloads>>(), "CaseloadsByDate")
            .GetOrAdd(date, d => new Lazy<WorkerCaseloads>(() => BuildCaseloads(d))).Value;

    // NOTE: Lazy, so that two indicators asking for the same date at once (the caseload indicators of an area run side by
    // side, over the same period ends) build it once: without, half of a national run's builds were repeats.
    private WorkerCaseloads BuildCaseloads(DateOnly date)
    {
        var held = Allocations.Holdings;
        var (byWorker, byTeam) = (new List<WorkerCaseload>(), new Dictionary<string, List<WorkerCaseload>>(StringComparer.Ordinal));
        var (children, inTeams, teamOrder) = (new List<int>(), new List<long>(), new List<int>());
        var (lastWorkerOfTeam, childrenInTeam) = (new int[held.Teams.Length], new int[held.Teams.Length]);
        Array.Fill(lastWorkerOfTeam, -1);
        for (var worker = 0; worker < held.Workers.Length; worker++)
        {
            children.Clear();
            inTeams.Clear();
            teamOrder.Clear();
            var (first, started) = (held.First[worker], held.StartedOnOrBefore(worker, date));
            for (var k = first; k < started; k++)
            {
                if (!Dates.IsOpenAt(held.Start[k], held.End[k], date))
                {
                    continue;
                }

                children.Add(held.Child[k]);
                if (held.Team[k] is var team and >= 0)
                {
                    if (lastWorkerOfTeam[team] != worker)
                    {
                        lastWorkerOfTeam[team] = worker;
                        teamOrder.Add(team);
                    }

                    inTeams.Add(((long)team << 32) | (uint)held.Child[k]);
                }
            }

            if (children.Count == 0)
            {
                continue;
            }

            byWorker.Add(new WorkerCaseload(held.Workers[worker], DistinctCount(children)));
            // Distinct children per team: the (team, child) pairs sorted, counted in runs of one team.
            inTeams.Sort();
            for (var i = 0; i < inTeams.Count; i++)
            {
                var team = (int)(inTeams[i] >> 32);
                if (i == 0 || team != (int)(inTeams[i - 1] >> 32))
                {
                    childrenInTeam[team] = 0;
                }

                childrenInTeam[team] += i == 0 || inTeams[i] != inTeams[i - 1] ? 1 : 0;
            }

            // Teams in the order the worker's allocations (by start) first name them, as before the pairs were sorted.
            foreach (var team in teamOrder)
            {
                if (!byTeam.TryGetValue(held.Teams[team], out var caseloads))
                {
                    byTeam[held.Teams[team]] = caseloads = [];
                }

                caseloads.Add(new WorkerCaseload(held.Workers[worker], childrenInTeam[team]));
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

    /// <summary>
    /// Each worker's allocations by start date (equal starts in extract order), with the fields a caseload reads side by
    /// side: worker w's are [First[w], First[w + 1]). Team: a number into Teams, -1 for none; Child: the allocation's child
    /// number (<see cref="AllocationGroupings.ChildOf"/>).
    /// </summary>
    /// <remarks>NOTE: read through the allocations (sorted by child), each worker's were one cache miss apiece: about 200 ms
    /// a date nationally, for 25 period ends. Side by side in arrays, a date is one pass over memory in order.</remarks>
    private sealed record WorkerHoldings(string[] Workers, int[] First, DateOnly[] Start, DateOnly?[] End, int[] Child, int[] Team, string[] Teams)
    {
        public static WorkerHoldings Of(HeldAllocation[] all, int[] childOf, FrozenDictionary<string, int[]> byWorkerByStart)
        {
            var count = childOf.Length;
            var (first, start, end, child, team) = (new int[byWorkerByStart.Count + 1], new DateOnly[count], new DateOnly?[count], new int[count], new int[count]);
            var teams = new Dictionary<string, int>(StringComparer.Ordinal);
            var next = 0;
            var workers = byWorkerByStart.Keys.ToArray();
            for (var w = 0; w < workers.Length; w++)
            {
                first[w] = next;
                foreach (var k in byWorkerByStart[workers[w]])
                {
                    var allocation = all[k];
                    (start[next], end[next], child[next]) = (allocation.Start, allocation.End, childOf[k]);
                    team[next++] = allocation.TeamId is { } t ? Number(teams, t) : -1;
                }
            }

            first[^1] = next;
            return new WorkerHoldings(workers, first, start, end, child, team, [.. teams.OrderBy(t => t.Value).Select(t => t.Key)]);
        }

        private static int Number(Dictionary<string, int> numbers, string key)
        {
            ref var number = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(numbers, key, out var exists);
            return exists ? number : number = numbers.Count - 1;
        }

        // The end of the worker's allocations that started on or before the date (they are sorted by start).
        public int StartedOnOrBefore(int worker, DateOnly date)
        {
            int lo = First[worker], hi = First[worker + 1];
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (Start[mid] <= date)
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
    }

    // An allocation without its child (each child's are a range of the array), and its row in ssd_involvements. NOTE: the
    // array of these is sized to the table, as a second array of the exact size would be more to hold while building; only
    // the first allocations are used. Without the child's id, 32 bytes rather than 48: about 80 MB less nationally.
    private readonly record struct HeldAllocation(string WorkerId, string? TeamId, DateOnly Start, DateOnly? End, int Row)
    {
        public bool IsOpenAt(DateOnly date) => Dates.IsOpenAt(Start, End, date);

        public WorkerAllocation Of(string personId) => new(WorkerId, personId, TeamId, Start, End);
    }

    private sealed record AllocationGroupings(
        HeldAllocation[] All,
        WorkerHoldings Holdings,
        Dictionary<string, (int Start, int Count)> ByChild,
        int[] ChildOf,
        string[] Children);
}
