namespace Pipeline.Synthetic;

// The local extension tables: the MASH's decisions on contacts and referrals (ext_front_door_decisions) and supervision
// (ext_supervisions). Both draw from streams of their own (per child for decisions and case supervisions, per worker for
// worker supervisions), so the SSD tables come out byte for byte as they would without them. The council started recording
// both in its case-management system ExtensionYears before as_at, as councils do when they take up a measure.
internal sealed partial class Simulation
{
    /// <summary>Years of decision and supervision records before as_at (the SSD tables carry the whole history).</summary>
    public const int ExtensionYears = 3;

    // The MASH's working hours: decisions made in them count on, out-of-hours ones are the emergency duty team's.
    private const int MashOpens = 9 * 3_600_000;
    private const int MashCloses = 17 * 3_600_000;
    private const int HourMs = 3_600_000;

    private readonly Prng _decisionRng = new(0);
    private readonly Prng _supervisionRng = new(0);
    private readonly List<long> _contactIds = [];

    // When each of the child's contacts was decided (day, millisecond); after as_at while it is still pending.
    private readonly List<(int Day, int Ms)> _contactDecided = [];

    /// <summary>
    /// A decision on each of the child's contacts, and one completing each referral, as the MASH records them. Contacts in the
    /// MASH's hours are mostly decided within a few working hours; out of hours, the emergency duty team decides most within
    /// the night and leaves the rest for the morning; a weekend or bank holiday waits for the next working day, so a Friday
    /// evening contact left to the MASH is decided on Monday, outside 24 hours. A referral is completed a few working hours
    /// after its contact's decision, now and then days later. Decisions not yet made by the end of as_at are not written.
    /// </summary>
    private void WriteFrontDoorDecisions()
    {
        _decisionRng.Reseed(Prng.StreamSeed(_options.Seed, Streams.Decisions, _serial));
        var w = W(Table.FrontDoorDecisions);
        var team = _workforce.TeamFor(TeamKind.FrontDoor, _h.Person.Locality).Id;
        _contactDecided.Clear();
        for (var i = 0; i < _h.Contacts.Count; i++)
        {
            var c = _h.Contacts[i];
            var decided = ContactDecision(c.Date, c.Millisecond);
            _contactDecided.Add(decided);
            if (_contactIds[i] == 0 || c.Date < ExtensionsFrom || decided.Day > AsAt)
            {
                continue;
            }

            var id = w.NextId();
            var (day, ms, dateOnly) = (decided.Day, decided.Ms, _decisionRng.Chance(0.03));
            if (_extensionAnomalies?.Take(AnomalyKind.DecisionBeforeContact, w, Schema.Id(w.Spec.IdPrefix, id), "fdd_decision_datetime") == true)
            {
                // Keyed off the contact, not a draw, so the child's other records stay as in a clean run.
                (day, ms, dateOnly) = Before(c.Date, c.Millisecond, HourMs * (1 + (int)(id % 20)));
            }

            w.Id(id).Ref(Table.Contacts, _contactIds[i]).Empty().Text(Pipeline.Extract.FrontDoorDecision.ContactDecision);
            (dateOnly ? w.IsoDate(day) : w.DateTime(day, ms)).Ref(Table.Department, team).EndRow();
        }

        foreach (var e in _h.Episodes)
        {
            if (e.Id == 0 || e.ReferralDate < ExtensionsFrom)
            {
                continue;
            }

            var contact = e.Contact >= 0 && _contactIds[e.Contact] > 0 ? e.Contact : -1;
            var (fromDay, fromMs) = contact >= 0 ? _contactDecided[contact] : (e.ReferralDate, e.Millisecond);
            var u = _decisionRng.NextDouble();
            var hours = u < 0.96 ? _decisionRng.Exponential(2.5) : u < 0.99 ? _decisionRng.Between(6, 14) : _decisionRng.Between(14, 40);
            var (day, ms) = AfterMashHours(fromDay, fromMs, hours);
            if (day > AsAt)
            {
                continue;
            }

            var id = w.NextId();
            var referral = Schema.Id(Schema.Of(Table.CinEpisodes).IdPrefix, e.Id);
            if (_extensionAnomalies?.Take(AnomalyKind.OrphanDecisionReferral, w, Schema.Id(w.Spec.IdPrefix, id), "fdd_referral_id") == true)
            {
                referral = "RG" + id.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
            }

            w.Id(id).Ref(Table.Contacts, contact >= 0 ? _contactIds[contact] : 0).Text(referral).Text(Pipeline.Extract.FrontDoorDecision.ReferralDecision)
                .DateTime(day, ms).Ref(Table.Department, team).EndRow();
        }
    }

    /// <summary>When the MASH decided a contact that came in on <paramref name="day"/> at <paramref name="ms"/>.</summary>
    private (int Day, int Ms) ContactDecision(int day, int ms)
    {
        var u = _decisionRng.NextDouble();
        if (Days.IsWorkingDay(day) && ms >= MashOpens && ms < MashCloses)
        {
            var hours = u < 0.94 ? _decisionRng.Exponential(1.5) : u < 0.985 ? _decisionRng.Between(5, 14) : _decisionRng.Between(14, 40);
            return AfterMashHours(day, ms, hours);
        }

        if (u < 0.92)
        {
            // The emergency duty team, on the clock.
            var at = (long)ms + (long)(Math.Min(_decisionRng.Exponential(3.5), 20) * HourMs) + _decisionRng.Below(60_000);
            return (day + (int)(at / (24L * HourMs)), (int)(at % (24L * HourMs)));
        }

        return AfterMashHours(day, ms, _decisionRng.Exponential(1.5));
    }

    /// <summary>The moment <paramref name="hours"/> of the MASH's working hours (09:00-17:00, working days) after a start.</summary>
    private static (int Day, int Ms) AfterMashHours(int day, int ms, double hours)
    {
        var remaining = (long)(hours * HourMs);
        while (true)
        {
            if (!Days.IsWorkingDay(day) || ms >= MashCloses)
            {
                (day, ms) = (Days.OnWorkingDay(day + (Days.IsWorkingDay(day) ? 1 : 0)), MashOpens);
                continue;
            }

            ms = Math.Max(ms, MashOpens);
            if (remaining <= MashCloses - ms)
            {
                return (day, ms + (int)remaining);
            }

            remaining -= MashCloses - ms;
            (day, ms) = (Days.OnWorkingDay(day + 1), MashOpens);
        }
    }

    private static (int Day, int Ms, bool DateOnly) Before(int day, int ms, int earlierMs)
    {
        var at = ((long)day * 24 * HourMs) + ms - earlierMs;
        return ((int)(at / (24L * HourMs)), (int)(at % (24L * HourMs)), false);
    }

    /// <summary>
    /// Case supervisions of the child: in each month of each allocation, the case is discussed with its worker's team manager
    /// with the chance the team's cadence gives for that month, on a working day while it is allocated. One planned for later
    /// in as_at's month has not happened yet and is not written.
    /// </summary>
    private void WriteCaseSupervisions(long personId)
    {
        _supervisionRng.Reseed(Prng.StreamSeed(_options.Seed, Streams.CaseSupervision, _serial));
        var w = W(Table.Supervisions);
        foreach (var a in _h.Allocations)
        {
            if (a.Role != InvolvementRole.AllocatedCaseWorker || _h.Episodes[a.Episode].Id == 0)
            {
                continue;
            }

            var first = Math.Max(a.Start, ExtensionsFrom);
            var last = a.End == Days.Open ? Days.Open : a.End - 1;
            for (var month = MonthStart(first); month <= AsAt && month <= last; month = Days.AddMonths(month, 1))
            {
                var from = Math.Max(first, month);
                var to = Math.Min(last, Days.AddMonths(month, 1) - 1);
                if (from > to || !_supervisionRng.Chance(_cadence.CaseRate(a.Team, MonthIndex(month))))
                {
                    continue;
                }

                var day = WorkingDayBetween(_supervisionRng, from, to);
                if (day < 0 || day > AsAt)
                {
                    continue;
                }

                var worker = _workforce.Workers[a.Worker];
                var id = w.NextId();
                if (_extensionAnomalies?.Take(AnomalyKind.SupervisionChildNotAllocated, w, Schema.Id(w.Spec.IdPrefix, id), "sup_supervision_date",
                        eligible: NotAllocatedInTeam(a.Start - 1, worker)) == true)
                {
                    // The day before this allocation began, when the child was not held in the worker's team.
                    day = a.Start - 1;
                }

                w.Id(id).Ref(Table.Professionals, worker.Id).Ref(Table.Professionals, _workforce.Manager(_workforce.Teams[a.Team]).Id)
                    .Ref(Table.Person, personId).Text(Pipeline.Extract.Supervision.Case).Date(day).EndRow();
            }
        }
    }

    // Whether on the day the child held no allocation with the worker or in the worker's team (and the day is one the tables cover).
    private bool NotAllocatedInTeam(int day, Worker worker)
    {
        if (day < ExtensionsFrom || day > AsAt)
        {
            return false;
        }

        foreach (var a in _h.Allocations)
        {
            if (a.Role == InvolvementRole.AllocatedCaseWorker && a.Start <= day && day < a.End && (a.Team == worker.Team || a.Worker == worker.Index))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Worker supervisions: each worker meets their team manager in a month with the chance the team's cadence gives, on a
    /// working day of the month; written after every child, worker by worker.
    /// </summary>
    public void WriteWorkerSupervisions()
    {
        var w = W(Table.Supervisions);
        var asAtMonth = MonthStart(AsAt);
        foreach (var team in _workforce.Teams)
        {
            var manager = _workforce.Manager(team);
            foreach (var member in team.Members)
            {
                var worker = _workforce.Workers[member];
                _supervisionRng.Reseed(Prng.StreamSeed(_options.Seed, Streams.WorkerSupervision, worker.Index));
                for (var month = MonthStart(ExtensionsFrom); month <= AsAt; month = Days.AddMonths(month, 1))
                {
                    if (!_supervisionRng.Chance(_cadence.WorkerRate(team.Index, MonthIndex(month))))
                    {
                        continue;
                    }

                    var day = WorkingDayBetween(_supervisionRng, Math.Max(month, ExtensionsFrom), Days.AddMonths(month, 1) - 1);
                    if (day < 0 || day > AsAt)
                    {
                        continue;
                    }

                    var id = w.NextId();
                    var recordId = Schema.Id(w.Spec.IdPrefix, id);
                    var workerId = Schema.Id(Schema.Of(Table.Professionals).IdPrefix, worker.Id);
                    if (_extensionAnomalies?.Take(AnomalyKind.ExtDateAfterAsAt, w, recordId, "sup_supervision_date", eligible: month == asAtMonth) == true)
                    {
                        // Recorded as held on the day it is planned for, after as_at.
                        day = AsAt + 1 + (int)(id % 10);
                    }
                    else if (_extensionAnomalies?.Take(AnomalyKind.OrphanSupervisionWorker, w, recordId, "sup_professional_id", eligible: month != asAtMonth) == true)
                    {
                        workerId = "WG" + id.ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
                    }

                    w.Id(id).Text(workerId).Ref(Table.Professionals, manager.Id).Empty().Text(Pipeline.Extract.Supervision.Worker).Date(day).EndRow();
                }
            }
        }
    }

    private int MonthIndex(int monthStart) =>
        ((Days.ToDate(monthStart).Year - Days.ToDate(ExtensionsFrom).Year) * 12) + Days.ToDate(monthStart).Month - Days.ToDate(ExtensionsFrom).Month;

    /// <summary>The first of the month of <paramref name="day"/>.</summary>
    internal static int MonthStart(int day) => day - Days.ToDate(day).Day + 1;

    /// <summary>A working day drawn from <paramref name="from"/> to <paramref name="to"/>, or -1 when the span has none.</summary>
    private static int WorkingDayBetween(Prng rng, int from, int to)
    {
        var day = Days.OnWorkingDay(rng.Between(from, to));
        if (day <= to)
        {
            return day;
        }

        day = Days.PreviousWorkingDay(to);
        return day >= from ? day : -1;
    }
}

/// <summary>
/// How often each team supervises: a share of its workers supervised in a month and a share of its cases discussed, each
/// rising through the years recorded (seed 004: worker supervision 62% to 82%, case supervision 46% to 72%, over a few months
/// of an improvement plan; here more slowly, and unevenly between teams).
/// </summary>
internal sealed class SupervisionCadence
{
    private readonly (double WorkerBase, double WorkerRise, double CaseBase, double CaseRise)[] _teams;
    private readonly double _months;

    public SupervisionCadence(int teams, int months, Prng rng)
    {
        _months = Math.Max(1, months - 1);
        _teams = new (double, double, double, double)[teams];
        for (var i = 0; i < teams; i++)
        {
            _teams[i] = (0.6 + (0.2 * rng.NextDouble()), 0.15 * rng.NextDouble(), 0.45 + (0.2 * rng.NextDouble()), 0.2 * rng.NextDouble());
        }
    }

    public double WorkerRate(int team, int month) => Math.Min(0.97, _teams[team].WorkerBase + (_teams[team].WorkerRise * month / _months));

    public double CaseRate(int team, int month) => Math.Min(0.95, _teams[team].CaseBase + (_teams[team].CaseRise * month / _months));
}
