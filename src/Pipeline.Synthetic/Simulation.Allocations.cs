namespace Pipeline.Synthetic;

// Allocations (ssd_involvements): each open case has one allocated worker at a time, from the team that
// holds its current stage; workers change when the case moves team and, now and then, for the usual reasons
// (a worker leaves, caseloads are rebalanced). Reviewing officers and team managers are recorded alongside.
// Worker choices use the child's staff stream only, so staffing never changes what happens to the child.
internal sealed partial class Simulation
{
    /// <summary>Mean days between worker changes within one team's involvement (turnover, rebalancing).</summary>
    private const double MeanDaysBetweenWorkerChanges = 330;

    private int _currentAllocation = -1;

    private void StartAllocation(int episode, TeamKind kind, int from, string reason)
    {
        var team = _workforce.TeamFor(kind, _h.Person.Locality);
        var worker = _workforce.PickWorker(team, _staffRng);
        _h.Allocations.Add(new AllocationRecord
        {
            Episode = episode,
            Start = from,
            End = Days.Open,
            Worker = worker.Index,
            Team = team.Index,
            Kind = kind,
            Role = InvolvementRole.AllocatedCaseWorker,
            Reason = reason,
        });
        _currentAllocation = _h.Allocations.Count - 1;
    }

    /// <summary>Transfers the case to a team of <paramref name="kind"/> unless it is already there.</summary>
    private void MoveAllocation(int episode, TeamKind kind, int from)
    {
        if (_currentAllocation >= 0 && _h.Allocations[_currentAllocation].Kind == kind)
        {
            return;
        }

        EndAllocation(from);
        StartAllocation(episode, kind, from, "TSPROC");
    }

    /// <summary>Ends the current allocation on <paramref name="end"/> (Open: still allocated at as_at).</summary>
    private void EndAllocation(int end)
    {
        if (_currentAllocation < 0)
        {
            return;
        }

        var index = _currentAllocation;
        _currentAllocation = -1;
        var limit = end == Days.Open ? AsAt + 1 : end;
        var first = _h.Allocations[index];
        if (first.Start >= limit)
        {
            // Opened and closed on the same day (a referral closed at once): nothing to record.
            _h.Allocations.RemoveAt(index);
            return;
        }

        var team = _workforce.Teams[first.Team];
        var day = first.Start;
        while (true)
        {
            day += 20 + (int)_staffRng.Exponential(MeanDaysBetweenWorkerChanges);
            if (day >= limit)
            {
                break;
            }

            var previous = _h.Allocations[index].Worker;
            var worker = _workforce.PickWorker(team, _staffRng);
            if (worker.Index == previous && team.Members.Count > 1)
            {
                worker = _workforce.PickWorker(team, _staffRng);
            }

            if (worker.Index == previous)
            {
                continue;
            }

            CaseHistory.At(_h.Allocations, index).End = day;
            _h.Allocations.Add(first with { Start = day, Worker = worker.Index, Reason = Codes.WorkerChangeReason.Draw(_staffRng) });
            index = _h.Allocations.Count - 1;
        }

        CaseHistory.At(_h.Allocations, index).End = end > AsAt ? Days.Open : end;
    }

    /// <summary>
    /// An involvement that is not the allocation: the reviewing officer of a plan or period of care, or a
    /// team manager's oversight (which is why caseload counts must filter on role).
    /// </summary>
    private void AddOversight(int episode, int from, int end, TeamKind kind)
    {
        Team team;
        Worker worker;
        InvolvementRole role;
        if (kind == TeamKind.Reviewing)
        {
            team = _workforce.TeamFor(TeamKind.Reviewing, _h.Person.Locality);
            worker = _workforce.PickWorker(team, _staffRng);
            role = InvolvementRole.ReviewingOfficer;
        }
        else
        {
            var current = _currentAllocation >= 0 ? _h.Allocations[_currentAllocation].Team : _workforce.TeamFor(kind, _h.Person.Locality).Index;
            team = _workforce.Teams[current];
            worker = _workforce.Manager(team);
            role = InvolvementRole.TeamManager;
        }

        _h.Allocations.Add(new AllocationRecord
        {
            Episode = episode,
            Start = from,
            End = end,
            Worker = worker.Index,
            Team = team.Index,
            Kind = kind,
            Role = role,
            Reason = null,
        });
    }

    /// <summary>The team and worker allocated to an episode on a day (for "completed by" columns).</summary>
    private (long TeamId, long WorkerId) AllocationAt(int episode, int day)
    {
        var found = -1;
        for (var i = 0; i < _h.Allocations.Count; i++)
        {
            var a = _h.Allocations[i];
            if (a.Episode != episode || a.Role != InvolvementRole.AllocatedCaseWorker)
            {
                continue;
            }

            if (found < 0 || a.Start <= day)
            {
                found = i;
            }

            if (a.Start <= day && day < a.End)
            {
                break;
            }
        }

        if (found < 0)
        {
            var referrer = _workforce.Workers[_h.Episodes[episode].ReferralWorker];
            return (_workforce.Teams[referrer.Team].Id, referrer.Id);
        }

        var allocation = _h.Allocations[found];
        return (_workforce.Teams[allocation.Team].Id, _workforce.Workers[allocation.Worker].Id);
    }

    private void WriteAllocations(long personId)
    {
        var w = W(Table.Involvements);
        foreach (var a in _h.Allocations)
        {
            var referral = _h.Episodes[a.Episode].Id;
            if (referral == 0)
            {
                continue;
            }

            var worker = _workforce.Workers[a.Worker];
            if (a.Start <= CensusDay && CensusDay < a.End)
            {
                worker.CensusCaseload++;
            }

            w.Id(w.NextId())
                .Ref(Table.Professionals, worker.Id)
                .Text(a.Role switch
                {
                    InvolvementRole.AllocatedCaseWorker => "ALLOCATED_CASE_WORKER",
                    InvolvementRole.TeamManager => "TEAM_MANAGER",
                    _ => "IRO",
                })
                .Ref(Table.Department, _workforce.Teams[a.Team].Id)
                .Date(a.Start)
                .Date(a.End)
                .Text(a.Reason)
                .Ref(Table.Person, personId)
                .Ref(Table.CinEpisodes, referral)
                .EndRow();
        }
    }
}
