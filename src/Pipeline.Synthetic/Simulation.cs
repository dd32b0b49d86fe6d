namespace Pipeline.Synthetic;

/// <summary>
/// Simulates a council's children's social care one child at a time and writes each child's records as soon
/// as the child is done, so the cost is proportional to the number of events and memory does not grow with
/// the council.
/// </summary>
/// <remarks>
/// <para>
/// Children arrive at the front door as a Poisson process scaled by the population. A child whose contact
/// becomes a referral is followed through a chain of referrals (CIN episodes); each episode moves through
/// stages - assessment (with any section 47 enquiry and conference), then a CIN plan, a child protection plan or
/// a period of care, in whatever order the case takes - until it closes, the child turns 18 or as_at is reached.
/// </para>
/// <para>
/// Warm start: arrivals begin <see cref="WarmUpYears"/> years before the history window, so children who came
/// into care as babies are still in the care population at its start and every stock (children on plans, in
/// care, allocated) is in steady state throughout the window. Only records that overlap the window are
/// written, as the SSD's own look-back does; earlier ones exist only as the reason later ones look the way
/// they do (repeat referrals, second plans).
/// </para>
/// <para>
/// Each child draws from its own random streams (what happens, which workers, what detail is written), seeded
/// from the run seed and the child's serial number, so one child's history never depends on another's and
/// injecting anomalies cannot perturb the clean data around them.
/// </para>
/// </remarks>
internal sealed partial class Simulation
{
    /// <summary>Arrivals start this long before the window: the longest a child can be in care.</summary>
    private const int WarmUpYears = 18;

    // First referrals and contact-only children per 10,000 children a year. With repeat referrals these give
    // ~460 referrals and ~1,350 contacts per 10,000 a year (seed 002: referrals 464, England 538).
    private const double ReferredArrivalsPer10K = 258;
    private const double ContactOnlyArrivalsPer10K = 470;

    private readonly GeneratorOptions _options;
    private readonly TableWriter[] _writers;
    private readonly Workforce _workforce;
    private readonly AnomalyInjector? _anomalies;
    private readonly ExtensionAnomalies? _extensionAnomalies;
    private readonly SupervisionCadence _cadence;
    private readonly CaseHistory _h = new();

    // The current child's streams: what happens, which workers, and the detail written (visits, reviews...).
    private readonly Prng _rng = new(0);
    private readonly Prng _staffRng = new(0);
    private readonly Prng _detailRng = new(0);
    private long _serial;

    // Identifiers that are not table ids: conference and review meetings, and periods of care (clae_cla_id).
    private long _meetings;
    private long _claIds;

    public Simulation(GeneratorOptions options, TableWriter[] writers, Workforce workforce, AnomalyInjector? anomalies, ExtensionAnomalies? extensionAnomalies = null)
    {
        _options = options;
        _writers = writers;
        _workforce = workforce;
        _anomalies = anomalies;
        _extensionAnomalies = extensionAnomalies;
        AsAt = options.AsAt.DayNumber;
        HistoryStart = options.AsAt.AddYears(-options.Years).AddDays(1).DayNumber;
        ExtensionsFrom = Math.Max(HistoryStart, Days.AddMonths(MonthStart(AsAt), -(12 * ExtensionYears) + 1));
        _cadence = new SupervisionCadence(workforce.Teams.Count, MonthIndex(MonthStart(AsAt)) + 1,
            new Prng(Prng.StreamSeed(options.Seed, Streams.SupervisionCadence, 0)));
        var census = new DateOnly(options.AsAt.Year, 9, 30);
        CensusDay = (census > options.AsAt ? census.AddYears(-1) : census).DayNumber;
    }

    /// <summary>The last day covered.</summary>
    public int AsAt { get; }

    /// <summary>The first day of the history window (Years before as_at).</summary>
    public int HistoryStart { get; }

    /// <summary>
    /// The first day the extension tables cover: the first of the month <see cref="ExtensionYears"/> years before as_at's
    /// month (36 months to as_at), or the history's start when that is later.
    /// </summary>
    public int ExtensionsFrom { get; }

    /// <summary>The previous 30 September, when prof_professional_caseload is counted.</summary>
    public int CensusDay { get; }

    /// <summary>1 April of the collection year containing as_at: the first day of the DfE returns that would be made tonight.</summary>
    public int ReturnStart => new DateOnly(Days.ToDate(AsAt).Month >= 4 ? Days.ToDate(AsAt).Year : Days.ToDate(AsAt).Year - 1, 4, 1).DayNumber;

    /// <summary>Whether a record ending on <paramref name="end"/> (Days.Open: still open) is in the returns made tonight.</summary>
    private bool InTonightsReturn(int end) => end == Days.Open || end >= ReturnStart;

    private enum Stage
    {
        Close,
        ChildInNeed,
        ChildProtection,
        Care,
        OtherCouncilPlan,
    }

    /// <summary>Mid-year population of children 0-17: Children in the as_at year, ~0.5% a year smaller going back.</summary>
    public static int Population(GeneratorOptions options, int year) =>
        (int)Math.Round(options.Children * Math.Pow(0.995, options.AsAt.Year - year));

    public void Run()
    {
        var arrivals = new Prng(Prng.StreamSeed(_options.Seed, Streams.Arrivals, 0));
        var referredFrom = Days.AddYears(HistoryStart, -WarmUpYears);

        // Contact-only children leave nothing that outlasts a few years, so they need no long warm-up.
        var contactOnlyFrom = Days.AddYears(HistoryStart, -3);
        var nextReferred = referredFrom + Gap(arrivals, referredFrom, ReferredArrivalsPer10K);
        var nextContactOnly = contactOnlyFrom + Gap(arrivals, contactOnlyFrom, ContactOnlyArrivalsPer10K);
        while (true)
        {
            var referred = nextReferred <= nextContactOnly;
            var day = referred ? nextReferred : nextContactOnly;
            if (day >= AsAt + 1)
            {
                break;
            }

            SimulateChild((int)day, referred);
            if (referred)
            {
                nextReferred += Gap(arrivals, (int)nextReferred, ReferredArrivalsPer10K);
            }
            else
            {
                nextContactOnly += Gap(arrivals, (int)nextContactOnly, ContactOnlyArrivalsPer10K);
            }
        }
    }

    private double Gap(Prng rng, int day, double ratePer10K)
    {
        var perDay = ratePer10K / 10000.0 * Population(_options, Days.ToDate(day).Year) / 365.25;
        return rng.Exponential(1.0 / perDay);
    }

    private TableWriter W(Table table) => _writers[(int)table];

    private void SimulateChild(int arrival, bool referred)
    {
        _serial++;
        _rng.Reseed(Prng.StreamSeed(_options.Seed, Streams.Child, _serial));
        _staffRng.Reseed(Prng.StreamSeed(_options.Seed, Streams.Staff, _serial));
        _detailRng.Reseed(Prng.StreamSeed(_options.Seed, Streams.Detail, _serial));
        _h.Clear();
        _currentAllocation = -1;
        _hadProtectionPlan = false;

        CreatePerson(arrival, referred);
        if (referred)
        {
            SimulateReferrals(arrival);
        }
        else
        {
            SimulateContactsOnly(arrival);
        }

        Emit();
    }

    /// <summary>A chain of referrals: after each episode closes the child may be referred again.</summary>
    private void SimulateReferrals(int firstReferral)
    {
        var referral = firstReferral;
        while (referral <= AsAt && referral < _h.Person.Adult - 120)
        {
            var close = RunEpisode(referral);
            AddContactsDuring(referral, close == Days.Open ? AsAt : close);
            if (close == Days.Open)
            {
                return;
            }

            if (_rng.Chance(0.25))
            {
                AddContact(close + 7 + (int)_rng.Exponential(200), ContactOutcome.Advice);
            }

            // Children who have needed protection or care come back more often.
            var serious = _hadProtectionPlan || _h.CarePeriods.Count > 0;
            if (!_rng.Chance(serious ? 0.58 : 0.47))
            {
                return;
            }

            // An adopted child takes a new identity: any later record is another child's (SSDA903 199).
            if (_h.CarePeriods.Exists(p => p.EndReason is "E11" or "E12"))
            {
                return;
            }

            var gap = _rng.Chance(0.65) ? 5 + _rng.Exponential(100) : 150 + _rng.Exponential(500);
            referral = close + 1 + (int)gap;
        }
    }

    /// <summary>
    /// Runs one CIN episode from its referral to its close (or as_at). Returns the close date, or
    /// <see cref="Days.Open"/> when the episode is still open at as_at.
    /// </summary>
    private int RunEpisode(int referral)
    {
        var episode = AddEpisode(referral);
        var (stage, from) = FrontDoor(episode, referral);
        return RunStages(episode, stage, from);
    }

    private int RunStages(int episode, Stage stage, int from)
    {
        var adult = _h.Person.Adult;
        while (true)
        {
            if (from == Days.Open || from > AsAt)
            {
                EndAllocation(Days.Open);
                return Days.Open;
            }

            if (from >= adult)
            {
                return CloseEpisode(episode, adult, _rng.Chance(0.6) ? "RC6" : "RC7");
            }

            switch (stage)
            {
                case Stage.Close:
                    return CloseEpisode(episode, Math.Min(from + _rng.Between(0, 10), adult), _pendingCloseReason);
                case Stage.ChildInNeed:
                    MoveAllocation(episode, HelpTeamKind(), from);
                    (from, stage) = RunCinPlan(episode, from);
                    break;
                case Stage.ChildProtection:
                    MoveAllocation(episode, HelpTeamKind(), from);
                    (from, stage) = RunCpPlan(episode, from);
                    break;
                case Stage.Care:
                    MoveAllocation(episode, TeamKind.ChildrenInCare, from);
                    (from, stage) = RunCarePeriod(episode, from);
                    break;
                case Stage.OtherCouncilPlan:
                    MoveAllocation(episode, HelpTeamKind(), from);
                    (from, stage) = RunOtherCouncilPlan(episode, from);
                    break;
            }
        }
    }

    private int CloseEpisode(int episode, int close, string reason)
    {
        if (close > AsAt)
        {
            EndAllocation(Days.Open);
            return Days.Open;
        }

        ref var e = ref CaseHistory.At(_h.Episodes, episode);
        e.Close = close;
        e.CloseReason = reason;
        EndAllocation(close);
        return close;
    }

    private TeamKind HelpTeamKind() => _h.Person.Disabled ? TeamKind.DisabledChildren : TeamKind.HelpAndProtection;

    /// <summary>Writes the current child's records that overlap the history window.</summary>
    private void Emit()
    {
        var windowStart = HistoryStart;
        var anyEpisode = false;
        for (var i = 0; i < _h.Episodes.Count; i++)
        {
            ref var e = ref CaseHistory.At(_h.Episodes, i);
            if (e.Close == Days.Open || e.Close >= windowStart)
            {
                e.Id = W(Table.CinEpisodes).NextId();
                anyEpisode = true;
            }
        }

        var anyContact = false;
        foreach (var c in _h.Contacts)
        {
            anyContact |= c.Date >= windowStart && c.Date <= AsAt;
        }

        var careLeaver = CareLeaverStatus();
        if (!anyEpisode && !anyContact && careLeaver is null)
        {
            return;
        }

        AssignIds();
        var personId = W(Table.Person).NextId();
        DecideDeath(careLeaver);
        WritePerson(personId);
        WriteContacts(personId);
        WriteFrontDoor(personId);
        WriteCinPlans(personId);
        WriteChildProtection(personId);
        WriteCare(personId);
        WriteAllocations(personId);
        if (careLeaver is { } status)
        {
            WriteCareLeaver(personId, status);
        }

        WriteFrontDoorDecisions();
        WriteCaseSupervisions(personId);
        WriteReturnDetail(personId);
    }

    /// <summary>Numbers every record that will be written, before writing, because records refer to each other.</summary>
    private void AssignIds()
    {
        bool Written(int episode) => _h.Episodes[episode].Id > 0;

        for (var i = 0; i < _h.Assessments.Count; i++)
        {
            ref var a = ref CaseHistory.At(_h.Assessments, i);
            a.Id = Written(a.Episode) ? W(Table.CinAssessments).NextId() : 0;
        }

        for (var i = 0; i < _h.S47s.Count; i++)
        {
            ref var s = ref CaseHistory.At(_h.S47s, i);
            s.Id = Written(s.Episode) ? W(Table.S47Enquiry).NextId() : 0;
        }

        for (var i = 0; i < _h.Conferences.Count; i++)
        {
            ref var c = ref CaseHistory.At(_h.Conferences, i);
            c.Id = Written(c.Episode) ? W(Table.InitialCpConference).NextId() : 0;
            c.MeetingId = c.Id > 0 ? ++_meetings : 0;
        }

        for (var i = 0; i < _h.CpPlans.Count; i++)
        {
            ref var p = ref CaseHistory.At(_h.CpPlans, i);
            p.Id = Written(p.Episode) ? W(Table.CpPlans).NextId() : 0;
        }

        for (var i = 0; i < _h.CinPlans.Count; i++)
        {
            ref var p = ref CaseHistory.At(_h.CinPlans, i);
            p.Id = Written(p.Episode) ? W(Table.CinPlans).NextId() : 0;
        }

        for (var i = 0; i < _h.CarePeriods.Count; i++)
        {
            ref var p = ref CaseHistory.At(_h.CarePeriods, i);
            p.ClaId = Written(p.Episode) ? ++_claIds : 0;
        }

        for (var i = 0; i < _h.ClaEpisodes.Count; i++)
        {
            ref var e = ref CaseHistory.At(_h.ClaEpisodes, i);
            e.Id = _h.CarePeriods[e.Period].ClaId > 0 ? W(Table.ClaEpisodes).NextId() : 0;
        }

        for (var i = 0; i < _h.Placements.Count; i++)
        {
            ref var p = ref CaseHistory.At(_h.Placements, i);
            p.Id = _h.CarePeriods[p.Period].ClaId > 0 ? W(Table.ClaPlacement).NextId() : 0;
        }

        for (var i = 0; i < _h.LegalStatuses.Count; i++)
        {
            ref var l = ref CaseHistory.At(_h.LegalStatuses, i);
            l.Id = _h.CarePeriods[l.Period].ClaId > 0 ? W(Table.LegalStatus).NextId() : 0;
        }
    }

    /// <summary>Purposes of the random streams derived from the seed.</summary>
    internal static class Streams
    {
        public const ulong Arrivals = 1;
        public const ulong Child = 2;
        public const ulong Staff = 3;
        public const ulong Detail = 4;
        public const ulong Workforce = 5;
        public const ulong Anomalies = 6;

        // The local extension tables: streams of their own, so the SSD tables are the same with or without them.
        public const ulong Decisions = 7;
        public const ulong CaseSupervision = 8;
        public const ulong WorkerSupervision = 9;
        public const ulong SupervisionCadence = 10;
        public const ulong ExtensionAnomalies = 11;
    }
}
