namespace Pipeline.Synthetic;

/// <summary>How a child came into care: it shapes the legal route.</summary>
internal enum CareRoute
{
    Emergency,
    FromProtection,
    FromChildInNeed,
    Uasc,
}

// Children looked after: periods of care built from placements and legal statuses (a new CLA episode starts
// whenever either changes, on the day the previous one ceased), then reviews, visits, health checks, care
// plans and missing episodes, and short breaks for disabled children.
internal sealed partial class Simulation
{
    private static readonly Weighted<string> AtEighteen = new(("E17", 15), ("E5", 40), ("E6", 8), ("E8", 17), ("E7", 5), ("E4A", 15));
    private static readonly Weighted<string> ReturnHome = new(("E4A", 62), ("E4B", 18), ("E13", 20));

    private readonly List<(int Day, string Code)> _legal = [];
    private readonly List<(int Day, string Type)> _moves = [];
    private readonly List<int> _changes = [];
    private readonly List<(int Due, int Date, bool Cancelled)> _claReviews = [];

    /// <summary>A period of care; returns when it ends and what follows.</summary>
    private (int End, Stage Next) RunCarePeriod(int episode, int from)
    {
        ref var person = ref _h.Person;
        var route = person.Uasc ? CareRoute.Uasc : _pendingCareRoute;
        from = Math.Max(from, person.Dob);
        if (from > AsAt)
        {
            return (Days.Open, Stage.Close);
        }

        var age = Days.AgeAt(person.Dob, from);
        var (length, reason) = CareOutcome(age, route);
        var end = length == int.MaxValue ? person.Adult : from + Math.Max(length, 1);
        if (end >= person.Adult)
        {
            end = person.Adult;
            reason = AtEighteen.Draw(_rng);
        }

        var period = _h.CarePeriods.Count;
        _h.CarePeriods.Add(new CarePeriodRecord
        {
            Episode = episode,
            Start = from,
            End = end > AsAt ? Days.Open : end,
            EndReason = end > AsAt ? "" : reason,
            Need = _h.Episodes[episode].Need,
        });
        BuildPeriod(period, from, end, age, route, reason);
        AddOversight(episode, from, end > AsAt ? Days.Open : end, TeamKind.Reviewing);

        _pendingCloseReason = reason switch
        {
            "E11" or "E12" => "RC1",
            "E45" or "E46" => "RC4",
            "E41" => "RC3",
            "E3" => "RC5",
            _ => end >= person.Adult ? "RC6" : "RC7",
        };
        var next = reason is "E4A" or "E4B" or "E13" && end < person.Adult && _rng.Chance(0.45) ? Stage.ChildInNeed : Stage.Close;
        return (end > AsAt ? Days.Open : end, next);
    }

    /// <summary>How long a period lasts and how it ends, by age at entry (SSDA903 patterns).</summary>
    private (int Length, string Reason) CareOutcome(int age, CareRoute route)
    {
        const int UntilEighteen = int.MaxValue;
        var u = _rng.NextDouble();
        if (route == CareRoute.Uasc)
        {
            return u < 0.85 ? (UntilEighteen, "") : (60 + (int)_rng.Exponential(300), "E8");
        }

        if (age < 1)
        {
            return u < 0.30 ? (14 + (int)_rng.Exponential(150), ReturnHome.Draw(_rng))
                : u < 0.78 ? (420 + (int)_rng.Exponential(250), _rng.Chance(0.7) ? "E11" : "E12")
                : (300 + (int)_rng.Exponential(250), _rng.Chance(0.5) ? "E45" : "E46");
        }

        if (age < 5)
        {
            return u < 0.42 ? (20 + (int)_rng.Exponential(180), ReturnHome.Draw(_rng))
                : u < 0.64 ? (450 + (int)_rng.Exponential(300), _rng.Chance(0.7) ? "E11" : "E12")
                : u < 0.88 ? (300 + (int)_rng.Exponential(300), _rng.Chance(0.6) ? "E45" : "E41")
                : (_rng.Chance(0.6) ? UntilEighteen : 730 + (int)_rng.Exponential(1500), "E4A");
        }

        if (age < 13)
        {
            return u < 0.48 ? (14 + (int)_rng.Exponential(200), ReturnHome.Draw(_rng))
                : u < 0.72 ? (365 + (int)_rng.Exponential(500), _rng.Chance(0.5) ? "E4A" : _rng.Chance(0.5) ? "E45" : "E41")
                : (_rng.Chance(0.7) ? UntilEighteen : 730 + (int)_rng.Exponential(1500), _rng.Chance(0.5) ? "E4A" : "E8");
        }

        return u < 0.58 ? (7 + (int)_rng.Exponential(150), _rng.Chance(0.8) ? ReturnHome.Draw(_rng) : "E8")
            : u < 0.76 ? (200 + (int)_rng.Exponential(300), _rng.Chance(0.6) ? "E4A" : _rng.Chance(0.5) ? "E8" : "E3")
            : (UntilEighteen, "");
    }

    /// <summary>Legal statuses, placements and the CLA episodes they imply, for one period of care.</summary>
    private void BuildPeriod(int period, int from, int end, int age, CareRoute route, string reason)
    {
        var adoption = reason is "E11" or "E12";
        var stop = Math.Min(end, AsAt + 1);

        // Legal route: police protection or an emergency order first; then section 20 or care proceedings
        // (interim then full care order, or a placement order when the plan is adoption).
        _legal.Clear();
        var day = from;
        if (route == CareRoute.Emergency && _rng.Chance(0.45))
        {
            var police = _rng.Chance(0.6);
            _legal.Add((day, police ? "L1" : "L2"));
            day += police ? _rng.Between(1, 3) : _rng.Between(3, 8);
        }
        else if (route != CareRoute.Uasc && age >= 12 && _rng.Chance(0.04))
        {
            _legal.Add((day, "J1"));
            day += _rng.Between(3, 30);
        }

        var proceedings = adoption || (route != CareRoute.Uasc && _rng.Chance(route == CareRoute.FromProtection ? 0.6 : age < 10 ? 0.5 : 0.25));
        if (proceedings)
        {
            _legal.Add((day, "C1"));
            var final = day + _rng.Between(150, 330);
            _legal.Add((final, adoption ? "E1" : "C2"));
        }
        else
        {
            _legal.Add((day, "V2"));
            if (route != CareRoute.Uasc && _rng.Chance(0.2))
            {
                var issued = day + _rng.Between(60, 300);
                _legal.Add((issued, "C1"));
                _legal.Add((issued + _rng.Between(150, 300), "C2"));
            }
        }

        // Placements: moves are most likely in the first weeks and months, and for teenagers.
        _moves.Clear();
        _moves.Add((from, InitialPlacement(age, route)));
        var moveDay = from;
        var teen = age >= 12 ? 1.5 : 1.0;
        while (true)
        {
            var elapsed = moveDay - from;
            var ratePerYear = (elapsed < 90 ? 1.6 : elapsed < 365 ? 0.75 : 0.25) * teen;
            moveDay += 1 + (int)_rng.Exponential(365 / ratePerYear);
            if (moveDay >= stop)
            {
                break;
            }

            _moves.Add((moveDay, NextPlacement(Days.AgeAt(_h.Person.Dob, moveDay), moveDay - from, _moves[^1].Type)));
        }

        if (adoption)
        {
            // Placed for adoption some months before the order; a few with their foster carers (A3/A5).
            var placed = Math.Max(end - _rng.Between(90, 240), _legal[^1].Day + 1);
            _moves.RemoveAll(m => m.Day >= placed);
            if (placed < stop && placed > _moves[^1].Day)
            {
                // Placed for adoption from foster care (SSDA903 336).
                if (!_moves[^1].Type.StartsWith('U'))
                {
                    _moves[^1] = (_moves[^1].Day, "U4");
                }

                _moves.Add((placed, _rng.Chance(0.3) ? (_rng.Chance(0.8) ? "A5" : "A3") : (_rng.Chance(0.8) ? "A6" : "A4")));
            }
        }

        _legal.RemoveAll(l => l.Day >= stop);

        // A child placed with parents is under a care order, never section 20 (SSDA903 378): with relatives instead.
        var accommodated = _legal.Exists(l => l.Code == "V2");
        for (var i = 0; i < _moves.Count; i++)
        {
            if (_moves[i].Type == "P1" && accommodated)
            {
                _moves[i] = (_moves[i].Day, "U3");
            }
        }

        // A special guardianship order to former foster carers (E45, E46) ends a foster placement (SSDA903 516).
        if (reason is "E45" or "E46" && !_moves[^1].Type.StartsWith('U'))
        {
            _moves[^1] = (_moves[^1].Day, reason == "E45" ? "U3" : "U6");
        }

        AddPlacementsAndStatuses(period, from, end);
    }

    private void AddPlacementsAndStatuses(int period, int from, int end)
    {
        var recordedEnd = end > AsAt ? Days.Open : end;
        var firstPlacement = _h.Placements.Count;
        for (var i = 0; i < _moves.Count; i++)
        {
            var (start, type) = _moves[i];
            var last = i == _moves.Count - 1;
            _h.Placements.Add(new PlacementRecord
            {
                Period = period,
                Start = start,
                End = last ? recordedEnd : _moves[i + 1].Day,
                Type = type,
                Provider = Provider(type),
                ChangeReason = last ? null : Codes.PlacementChangeReason.Draw(_rng),
                Urn = _rng.Between(100000, 999999),
                Distance = type is "K2" or "R1" ? 5 + _rng.Exponential(20) : 0.5 + _rng.Exponential(6),
                Postcode = _rng.Between(1, 99),
            });
        }

        var firstStatus = _h.LegalStatuses.Count;
        for (var i = 0; i < _legal.Count; i++)
        {
            _h.LegalStatuses.Add(new LegalStatusRecord
            {
                Period = period,
                Start = _legal[i].Day,
                End = i == _legal.Count - 1 ? recordedEnd : _legal[i + 1].Day,
                Code = _legal[i].Code,
            });
        }

        // Episode boundaries: every day a placement or legal status changes.
        _changes.Clear();
        for (var i = 1; i < _moves.Count; i++)
        {
            _changes.Add(_moves[i].Day);
        }

        for (var i = 1; i < _legal.Count; i++)
        {
            if (!_changes.Contains(_legal[i].Day))
            {
                _changes.Add(_legal[i].Day);
            }
        }

        _changes.Sort();
        var episodeStart = from;
        var placement = firstPlacement;
        var reasonForNew = "S";
        for (var i = 0; i <= _changes.Count; i++)
        {
            var last = i == _changes.Count;
            var episodeEnd = last ? recordedEnd : _changes[i];
            while (placement + 1 < _h.Placements.Count && _h.Placements[placement + 1].Start <= episodeStart)
            {
                placement++;
            }

            _h.ClaEpisodes.Add(new ClaEpisodeRecord
            {
                Period = period,
                Start = episodeStart,
                End = episodeEnd,
                StartReason = reasonForNew,
                CeaseReason = last ? (recordedEnd == Days.Open ? "" : _h.CarePeriods[period].EndReason) : "X1",
                Placement = placement,
            });
            if (last)
            {
                break;
            }

            var placementChanged = _moves.Exists(m => m.Day == _changes[i]);
            var legalChanged = _h.LegalStatuses.FindIndex(firstStatus, l => l.Start == _changes[i]) >= 0;

            // Placed for adoption with the current foster carers (A3, A5): the carers stay the same (T, or U with a new legal status: SSDA903 217).
            var sameCarers = placementChanged && _moves.Exists(m => m.Day == _changes[i] && m.Type is "A3" or "A5");
            reasonForNew = sameCarers ? (legalChanged ? "U" : "T") : placementChanged && legalChanged ? "B" : placementChanged ? "P" : "L";
            episodeStart = _changes[i];
        }
    }

    private string InitialPlacement(int age, CareRoute route)
    {
        if (route == CareRoute.Uasc)
        {
            return age >= 16 ? (_rng.Chance(0.6) ? "H5" : "U6") : (_rng.Chance(0.7) ? "U6" : "K2");
        }

        var u = _rng.NextDouble();
        if (age < 10)
        {
            return u < 0.55 ? "U6" : u < 0.80 ? "U3" : u < 0.88 ? "U4" : u < 0.94 ? "P1" : u < 0.97 ? "R3" : "K2";
        }

        if (age < 16)
        {
            return u < 0.50 ? "U6" : u < 0.75 ? "K2" : u < 0.88 ? "U3" : u < 0.94 ? "U4" : "R1";
        }

        return u < 0.35 ? "U6" : u < 0.65 ? "H5" : u < 0.85 ? "K2" : u < 0.93 ? "P2" : "U3";
    }

    private string NextPlacement(int age, int daysInCare, string current)
    {
        // After a year many settle with long-term carers (U1/U4); teenagers drift towards residential care.
        if (daysInCare > 365 && current is "U6" or "U3" && _rng.Chance(0.5))
        {
            return current == "U3" ? "U1" : "U4";
        }

        return InitialPlacement(age, CareRoute.FromChildInNeed);
    }

    private string Provider(string type) => type switch
    {
        "U1" or "U2" or "U3" => "PR1",
        "U4" or "U5" or "U6" => _rng.Chance(0.6) ? "PR1" : "PR4",
        "P1" => "PR0",
        "K2" or "R1" or "H5" => "PR4",
        "A3" or "A4" or "A5" or "A6" => "PR1",
        _ => "PR5",
    };

    /// <summary>Short breaks for a disabled child during a CIN plan: brief V3/V4 periods that indicators skip.</summary>
    private void AddShortBreaks(int episode, int from, int until)
    {
        if (!_rng.Chance(0.03))
        {
            return;
        }

        var code = _rng.Chance(0.75) ? "V3" : "V4";
        var setting = _rng.Chance(0.5) ? "K2" : "U6";
        var day = from + _rng.Between(14, 60);
        while (true)
        {
            var nights = _rng.Between(1, 4);
            if (day + nights >= until - 1)
            {
                return;
            }

            var period = _h.CarePeriods.Count;
            _h.CarePeriods.Add(new CarePeriodRecord
            {
                Episode = episode,
                Start = day,
                End = day + nights,
                ShortBreak = true,
                EndReason = "E8",
                Need = "N2",
            });
            _legal.Clear();
            _legal.Add((day, code));
            _moves.Clear();
            _moves.Add((day, setting));
            AddPlacementsAndStatuses(period, day, day + nights);
            day += nights + _rng.Between(30, 90);
        }
    }

    private void WriteCare(long personId)
    {
        for (var period = 0; period < _h.CarePeriods.Count; period++)
        {
            var p = _h.CarePeriods[period];
            if (p.ClaId == 0)
            {
                continue;
            }

            PlanReviews(p);
            WriteEpisodes(personId, period, p);
            WritePlacementsAndStatuses(personId, period, p);
            if (p.ShortBreak)
            {
                continue;
            }

            WriteReviews(p);
            WriteVisits(personId, p);
            WriteHealth(personId, p);
            WriteCarePlans(personId, p);
            WriteMissing(personId, p);
        }
    }

    /// <summary>Reviews at 20 working days, 3 months later, then six-monthly; ~90% on time, a few cancelled.</summary>
    private void PlanReviews(CarePeriodRecord p)
    {
        _claReviews.Clear();
        if (p.ShortBreak)
        {
            return;
        }

        var end = Math.Min(p.End, AsAt + 1);
        var due = Days.AddWorkingDays(p.Start, 20);
        var held = 0;
        while (true)
        {
            var date = _detailRng.Chance(0.91)
                ? Days.PreviousWorkingDay(due - _detailRng.Between(0, 10))
                : Days.OnWorkingDay(due + _detailRng.Between(1, 30));
            date = Math.Max(date, p.Start + 1);
            if (date >= end)
            {
                return;
            }

            if (_detailRng.Chance(0.025))
            {
                _claReviews.Add((due, date, true));
                date = Days.OnWorkingDay(date + _detailRng.Between(3, 14));
                if (date >= end)
                {
                    return;
                }
            }

            _claReviews.Add((due, date, false));
            held++;
            due = Days.AddMonths(date, held == 1 ? 3 : 6);
        }
    }

    private void WriteEpisodes(long personId, int period, CarePeriodRecord p)
    {
        var w = W(Table.ClaEpisodes);
        foreach (var e in _h.ClaEpisodes)
        {
            if (e.Period != period)
            {
                continue;
            }

            var lastReview = Days.Open;
            var until = Math.Min(e.End, AsAt);
            foreach (var r in _claReviews)
            {
                if (!r.Cancelled && r.Date <= until)
                {
                    lastReview = r.Date;
                }
            }

            w.Id(e.Id)
                .Ref(Table.Person, personId)
                .Date(e.Start)
                .Text(e.StartReason)
                .Text(p.Need)
                .Date(e.End)
                .Text(e.CeaseReason)
                .Raw("CLA", p.ClaId)
                .Ref(Table.CinEpisodes, _h.Episodes[p.Episode].Id)
                .Ref(Table.ClaPlacement, _h.Placements[e.Placement].Id)
                .Date(p.Start)
                .Date(lastReview)
                .EndRow();
        }
    }

    private void WritePlacementsAndStatuses(long personId, int period, CarePeriodRecord p)
    {
        var placements = W(Table.ClaPlacement);
        foreach (var pl in _h.Placements)
        {
            if (pl.Period != period)
            {
                continue;
            }

            // A type the DfE retired is written with its successor when the placement was still in force after its last year.
            var type = Codes.PlacementTypeInForce(pl.Type, Math.Min(pl.End, AsAt));

            // Ofsted registers neither these settings (SSDA903 222) nor adopters: XXXXXXX, the DfE's "no URN", stands in.
            var registered = type is not ("P1" or "P2" or "P3" or "H5" or "R1" or "R2" or "R5" or "A3" or "A4" or "A5" or "A6")
                && !type.StartsWith('T') && !type.StartsWith('Z');
            placements.Id(pl.Id).Date(pl.Start).Text(type);
            if (registered)
            {
                placements.Text("SC" + pl.Urn.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                placements.Text("XXXXXXX");
            }

            // No distance for respite care (SSDA903 398) nor for an unaccompanied asylum-seeking child (406).
            if (p.ShortBreak || _h.Person.Uasc)
            {
                placements.Empty();
            }
            else
            {
                placements.Number(pl.Distance, 1);
            }

            placements.Raw("CLA", p.ClaId)
                .Text(pl.Provider)
                .Text(p.ShortBreak ? null : "ZZ" + pl.Postcode.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Date(pl.End)
                .Text(pl.ChangeReason)
                .Ref(Table.Person, personId)
                .EndRow();
        }

        var statuses = W(Table.LegalStatus);
        foreach (var l in _h.LegalStatuses)
        {
            if (l.Period == period)
            {
                statuses.Id(l.Id).Ref(Table.Person, personId).Text(l.Code).Date(l.Start).Date(l.End).EndRow();
            }
        }
    }

    private void WriteReviews(CarePeriodRecord p)
    {
        var w = W(Table.ClaReviews);
        var age4 = Days.AddYears(_h.Person.Dob, 4);
        foreach (var (due, date, cancelled) in _claReviews)
        {
            if (date < HistoryStart)
            {
                continue;
            }

            w.Id(w.NextId())
                .Raw("CLA", p.ClaId)
                .Date(due)
                .Date(date)
                .Flag(cancelled)
                .Text(cancelled ? null : date < age4 ? "PN0" : Codes.Participation.Draw(_detailRng))
                .EndRow();
        }
    }

    private void WriteVisits(long personId, CarePeriodRecord p)
    {
        // Six-weekly in the first year, twelve-weekly after; about a quarter of gaps overrun.
        var w = W(Table.ClaVisits);
        var last = Math.Min(p.End - 1, AsAt);
        var age5 = Days.AddYears(_h.Person.Dob, 5);
        var day = p.Start + _detailRng.Between(1, 7);
        while (day <= last)
        {
            if (day >= HistoryStart)
            {
                var seen = _detailRng.Chance(0.97);
                w.Id(w.NextId())
                    .Raw("CLA", p.ClaId)
                    .Ref(Table.Person, personId)
                    .Date(day)
                    .Flag(seen)
                    .Flag(seen && day >= age5 && _detailRng.Chance(0.7))
                    .EndRow();
            }

            var settled = day - p.Start >= 365;
            var onTime = _detailRng.Chance(0.65);
            day += settled
                ? (onTime ? _detailRng.Between(42, 84) : _detailRng.Between(85, 115))
                : (onTime ? _detailRng.Between(21, 42) : _detailRng.Between(43, 65));
        }
    }

    private void WriteHealth(long personId, CarePeriodRecord p)
    {
        var w = W(Table.ClaHealth);
        var last = Math.Min(p.End - 1, AsAt);
        var five = Days.AddYears(_h.Person.Dob, 5);

        // Initial assessment within a few weeks; reviews every 6 months under 5 and yearly after, some late,
        // a few refused or cancelled (seed 002: 84-87% up to date; England 89%).
        var day = p.Start + _detailRng.Between(10, 40);
        var type = "Initial Health Assessment";
        while (day <= last)
        {
            if (day >= HistoryStart)
            {
                var u = _detailRng.NextDouble();
                var status = u < 0.92 ? "Completed" : u < 0.96 ? "Refused" : "Cancelled";
                w.Id(w.NextId()).Ref(Table.Person, personId).Text(type).Date(day).Text(status).EndRow();
            }

            type = "Review Health Assessment";
            var young = day < five;
            var onTime = _detailRng.Chance(0.72);
            day += young
                ? (onTime ? _detailRng.Between(150, 182) : _detailRng.Between(183, 260))
                : (onTime ? _detailRng.Between(300, 365) : _detailRng.Between(366, 500));
        }

        for (var dental = p.Start + _detailRng.Between(60, 300); dental <= last; dental += _detailRng.Between(300, 420))
        {
            if (dental >= HistoryStart && dental >= Days.AddYears(_h.Person.Dob, 1))
            {
                w.Id(w.NextId()).Ref(Table.Person, personId).Text("Dental Check").Date(dental)
                    .Text(_detailRng.Chance(0.88) ? "Completed" : "Cancelled").EndRow();
            }
        }
    }

    private void WriteCarePlans(long personId, CarePeriodRecord p)
    {
        var w = W(Table.ClaCarePlan);
        var start = p.Start + _detailRng.Between(0, 5);
        var end = p.End;
        if (start >= Math.Min(end, AsAt + 1))
        {
            return;
        }

        // The permanence plan often firms up at the second review: a second plan row from then.
        var final = PermanencePlan(p);
        var revised = _claReviews.Count >= 2 && _detailRng.Chance(0.4) ? _claReviews[1].Date : Days.Open;
        if (revised != Days.Open && revised > start && revised < Math.Min(end, AsAt + 1))
        {
            WriteCarePlan(w, personId, start, revised, "RETURN_HOME");
            start = revised;
        }

        WriteCarePlan(w, personId, start, end, final);
    }

    private void WriteCarePlan(TableWriter w, long personId, int start, int end, string plan)
    {
        if (Math.Max(start, end == Days.Open ? AsAt : end) < HistoryStart)
        {
            return;
        }

        string? json = null;
        if (!_detailRng.Chance(0.03))
        {
            var mask = 1 << Array.IndexOf(Codes.PermanencePlanKeys, plan);
            json = PlanJson.Get(mask);
        }

        w.Id(w.NextId()).Ref(Table.Person, personId).Date(start).Date(end).Text(json).EndRow();
    }

    private static readonly FlagJson PlanJson = new(Codes.PermanencePlanKeys);

    private string PermanencePlan(CarePeriodRecord p)
    {
        var lastPlacement = "";
        foreach (var pl in _h.Placements)
        {
            if (pl.Start <= AsAt && _h.CarePeriods[pl.Period].ClaId == p.ClaId)
            {
                lastPlacement = pl.Type;
            }
        }

        return p.EndReason switch
        {
            "E11" or "E12" => "ADOPTION",
            "E45" or "E46" => "SGO",
            "E41" => "RESIDENCE_CAO",
            "E4A" or "E4B" or "E13" => "RETURN_HOME",
            "E5" or "E6" => "INDEPENDENT_LIVING",
            _ => lastPlacement switch
            {
                "K2" or "R1" => "RESIDENTIAL",
                "H5" or "P2" => "INDEPENDENT_LIVING",
                "A3" or "A4" or "A5" or "A6" => "ADOPTION",
                "P1" => "REMAIN_AT_HOME",
                _ => _detailRng.Chance(0.85) ? "LONG_TERM_FOSTERING" : "OTHER_PLAN",
            },
        };
    }

    private void WriteMissing(long personId, CarePeriodRecord p)
    {
        var eleven = Days.AddYears(_h.Person.Dob, 11);
        var last = Math.Min(p.End - 1, AsAt);
        if (last < eleven)
        {
            return;
        }

        // A minority of older children go missing repeatedly; most never do.
        var ratePerYear = _detailRng.Chance(0.25) ? 5.0 : 0.2;
        var w = W(Table.Missing);
        var day = Math.Max(p.Start, eleven) + (int)_detailRng.Exponential(365 / ratePerYear);
        while (day <= last)
        {
            // Back by the day care ends: a child missing when care ends is the E8 case (SSDA903 580), not this one.
            var returned = Math.Min(day + _detailRng.Between(0, 3), p.End);
            var missing = _detailRng.Chance(0.8);
            if (day >= HistoryStart)
            {
                w.Id(w.NextId())
                    .Ref(Table.Person, personId)
                    .Date(day)
                    .Text(missing ? "Missing" : "Absent")
                    .Date(returned > AsAt ? Days.Open : returned);
                if (missing && returned <= AsAt)
                {
                    var offered = _detailRng.Chance(0.7);
                    w.Flag(offered);
                    if (offered)
                    {
                        w.Flag(_detailRng.Chance(0.55));
                    }
                    else
                    {
                        w.Empty();
                    }
                }
                else
                {
                    w.Empty().Empty();
                }

                w.EndRow();
            }

            day = returned + 1 + (int)_detailRng.Exponential(365 / ratePerYear);
        }
    }
}
