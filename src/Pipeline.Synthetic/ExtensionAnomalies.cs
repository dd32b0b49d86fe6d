namespace Pipeline.Synthetic;

/// <summary>
/// The known defects of the local extension tables (<c>--anomalies</c>), planted by the simulation as it writes those tables:
/// each alters one row in place (a decision dated before its contact, a referral decision for a referral that does not exist,
/// a supervision of a worker who does not exist, a case supervision of a child not allocated to the worker's team that day, a
/// supervision dated after as_at) and is listed in <c>_generator/anomalies.json</c> under the data-quality rule that must catch
/// it, which is also its kind's name.
/// </summary>
/// <remarks>
/// Kept apart from <see cref="AnomalyInjector"/>, with a random stream of its own: the SSD tables' defects, and the clean rows
/// of every table, are the same with and without these. Rows are chosen among the eligible ones at gaps drawn so that each
/// kind's quota is reached early in its table (at least three of each, more in a larger council).
/// </remarks>
internal sealed class ExtensionAnomalies
{
    /// <summary>The kinds planted here, with the rule each is caught by (its name in anomalies.json too).</summary>
    public static readonly IReadOnlyDictionary<AnomalyKind, string> Rules = new Dictionary<AnomalyKind, string>
    {
        [AnomalyKind.DecisionBeforeContact] = "decision_before_contact",
        [AnomalyKind.OrphanDecisionReferral] = "orphan_decision_referral",
        [AnomalyKind.OrphanSupervisionWorker] = "orphan_supervision_worker",
        [AnomalyKind.SupervisionChildNotAllocated] = "supervision_child_not_allocated",
        [AnomalyKind.ExtDateAfterAsAt] = "ext_date_after_as_at",
    };

    /// <summary>Share of eligible rows given each defect, before the floor of three.</summary>
    private const double ShareOfEligibleRows = 0.002;

    private readonly Prng _rng;
    private readonly Dictionary<AnomalyKind, Plan> _plans = [];
    private readonly List<Anomaly> _entries = [];

    public ExtensionAnomalies(GeneratorOptions options)
    {
        _rng = new Prng(Prng.StreamSeed(options.Seed, Simulation.Streams.ExtensionAnomalies, 0));
        var scale = options.Children / 10000.0 * Math.Min(options.Years, Simulation.ExtensionYears);

        // Eligible rows per 10,000 children a year, set low (about half what the generator writes) so quotas fill early.
        foreach (var (kind, perYear) in new (AnomalyKind, double)[]
        {
            (AnomalyKind.DecisionBeforeContact, 600),
            (AnomalyKind.OrphanDecisionReferral, 200),
            (AnomalyKind.OrphanSupervisionWorker, 150),
            (AnomalyKind.SupervisionChildNotAllocated, 100),
            (AnomalyKind.ExtDateAfterAsAt, 12),
        })
        {
            var expected = Math.Max(10, perYear * scale);
            var quota = Math.Max(3, (int)Math.Round(expected * 2 * ShareOfEligibleRows));
            var gap = Math.Max(1, expected * 0.4 / (quota + 1));
            _plans[kind] = new Plan { Remaining = quota, MeanGap = gap, NextEligible = _rng.Below((int)Math.Ceiling(gap)) };
        }
    }

    public IReadOnlyList<Anomaly> Entries => _entries;

    /// <summary>
    /// Called for each row that could carry a defect of <paramref name="kind"/>, just before it is written: true when it should,
    /// and the defect is then listed at the row's line.
    /// </summary>
    public bool Take(AnomalyKind kind, TableWriter writer, string recordId, string column, bool eligible = true)
    {
        var plan = _plans[kind];
        if (!eligible || plan.Remaining == 0 || plan.Seen++ < plan.NextEligible)
        {
            return false;
        }

        plan.Remaining--;
        plan.NextEligible = plan.Seen + _rng.Below((int)Math.Ceiling(plan.MeanGap * 2));
        _entries.Add(new Anomaly(Rules[kind], writer.Spec.Name, recordId, column, writer.NextLine, "dq", Rules[kind]));
        return true;
    }

    private sealed class Plan
    {
        public int Remaining { get; set; }
        public double MeanGap { get; init; }
        public long Seen { get; set; }
        public long NextEligible { get; set; }
    }
}
