using System.Globalization;

namespace Pipeline.Synthetic;

/// <summary>The kinds of known defect the generator can plant (<c>--anomalies</c>).</summary>
public enum AnomalyKind
{
    MalformedDate,
    MalformedFlag,
    MalformedJson,
    MissingKey,
    WrongFieldCount,
    AssessmentBeforeReferral,
    EndBeforeStart,
    OrphanPerson,
    DuplicateId,
    CpPlanOverlap,
    CpPlanOpenOver2y,
    OpenEpisodeAge25Plus,
    InvalidCode,

    // The local extension tables' defects, planted by ExtensionAnomalies (named after the rule that catches each).
    DecisionBeforeContact,
    OrphanDecisionReferral,
    OrphanSupervisionWorker,
    SupervisionChildNotAllocated,
    ExtDateAfterAsAt,
}

/// <summary>
/// One planted defect as listed in <c>_generator/anomalies.json</c>: where it is (table, physical line, record id,
/// column) and what the pipeline should do with it (<c>quarantine</c> the value or row, or raise the <c>dq</c> rule).
/// </summary>
public sealed record Anomaly(string Kind, string Table, string? RecordId, string? Column, long Line, string Expect, string Rule);

/// <summary>The order of anomalies.json: by table, then line, then kind.</summary>
internal sealed class AnomalyOrder : IComparer<Anomaly>
{
    public static readonly AnomalyOrder Instance = new();

    public int Compare(Anomaly? a, Anomaly? b)
    {
        var c = string.CompareOrdinal(a!.Table, b!.Table);
        c = c != 0 ? c : a.Line.CompareTo(b.Line);
        return c != 0 ? c : string.CompareOrdinal(a.Kind, b.Kind);
    }
}

/// <summary>
/// Plants a fixed, seed-determined set of defects while the tables are written, and records each one.
/// </summary>
/// <remarks>
/// Value defects (bad dates, flags, JSON, codes, keys, field counts, duplicated rows, end before start) are
/// applied to rows as they pass through the writers, at row positions scheduled in advance from the expected
/// size of each table so that they spread through the first half of it; defects that need rows of their own
/// (orphans, overlapping and legacy plans, ancient open episodes) are appended at the end. Each kind gets at
/// least three instances; if a small table runs out before its quota, copies of its last row carry the rest.
/// The injector draws from its own random stream, so the clean rows are identical with and without it.
/// </remarks>
internal sealed class AnomalyInjector : IRowHook
{
    /// <summary>Share of rows given a defect per kind: 13 kinds at 0.025% is about a third of a percent of rows.</summary>
    private const double ShareOfRowsPerKind = 0.00025;

    // Rows per 10,000 children per year of history, measured from the generator (national run, 7m children);
    // used only to size the quotas and spread the defects through each table.
    private static double ExpectedRowsPer10KYear(Table table) => table switch
    {
        Table.Person => 900,
        Table.CinEpisodes => 490,
        Table.Contacts => 1300,
        Table.CinAssessments => 450,
        Table.S47Enquiry => 230,
        Table.InitialCpConference => 75,
        Table.CpPlans => 69,
        Table.CpVisits => 1100,
        Table.CpReviews => 110,
        Table.CinPlans => 230,
        Table.CinVisits => 1880,
        Table.ClaEpisodes => 136,
        Table.ClaPlacement => 113,
        Table.LegalStatus => 62,
        Table.ClaReviews => 148,
        Table.ClaVisits => 390,
        Table.ClaHealth => 139,
        Table.ClaCarePlan => 46,
        Table.Missing => 52,
        Table.CareLeavers => 1.7,
        Table.Professionals => 3.5,
        Table.Involvements => 1225,
        _ => 0.15,
    };

    private static readonly string[] BadFlags = ["maybe", "X", "YN", "2", "Yess"];

    private readonly List<Slot>[] _slots = new List<Slot>[Schema.Tables.Length];
    private readonly Dictionary<AnomalyKind, int> _quota = [];
    private readonly List<Anomaly> _entries = [];
    private readonly List<(long Person, int Start, int End)> _cpPlans = [];
    private readonly Prng _rng;
    private readonly GeneratorOptions _options;
    private readonly double _scale;
    private int _variant;
    private int _offered;

    public AnomalyInjector(GeneratorOptions options)
    {
        _options = options;
        _rng = new Prng(Prng.StreamSeed(options.Seed, Simulation.Streams.Anomalies, 0));
        _scale = options.Children / 10000.0 * options.Years;
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = [];
        }

        var totalRows = Schema.Tables.Where(t => !t.IsExtension).Sum(t => ExpectedRowsPer10KYear(t.Table)) * _scale;
        var perKind = Math.Max(3, (int)Math.Round(totalRows * ShareOfRowsPerKind));
        foreach (var kind in Enum.GetValues<AnomalyKind>().Where(k => !ExtensionAnomalies.Rules.ContainsKey(k)))
        {
            _quota[kind] = perKind;
        }

        Plan(AnomalyKind.MalformedDate,
            (Table.CinVisits, "cinv_cin_visit_date"), (Table.Contacts, "cont_contact_date"),
            (Table.ClaPlacement, "clap_cla_placement_end_date"), (Table.CpReviews, "cppr_cp_review_date"),
            (Table.ClaHealth, "clah_health_check_date"), (Table.CinAssessments, "cina_assessment_auth_date"));
        Plan(AnomalyKind.MalformedFlag,
            (Table.CpVisits, "cppv_cp_visit_seen"), (Table.CinEpisodes, "cine_referral_nfa"),
            (Table.ClaReviews, "clar_cla_review_cancelled"), (Table.CinVisits, "cinv_cin_visit_seen"));
        Plan(AnomalyKind.MalformedJson,
            (Table.CinEpisodes, "cine_referral_outcome_json"), (Table.CinAssessments, "cina_assessment_outcome_json"),
            (Table.S47Enquiry, "s47e_s47_outcome_json"), (Table.Contacts, "cont_contact_outcome_json"));
        Plan(AnomalyKind.MissingKey,
            (Table.Contacts, "cont_contact_id"), (Table.CinVisits, "cinv_cin_visit_id"),
            (Table.CpVisits, "cppv_cp_visit_id"), (Table.ClaVisits, "clav_cla_visit_id"));
        Plan(AnomalyKind.WrongFieldCount,
            (Table.Contacts, null), (Table.CinVisits, null), (Table.CpVisits, null), (Table.ClaVisits, null), (Table.Missing, null));
        Plan(AnomalyKind.EndBeforeStart,
            (Table.CinPlans, "cinp_cin_plan_end_date"), (Table.CpPlans, "cppl_cp_plan_end_date"),
            (Table.ClaEpisodes, "clae_cla_episode_ceased_date"));
        Plan(AnomalyKind.InvalidCode,
            (Table.Person, "pers_sex"), (Table.CinEpisodes, "cine_cin_primary_need_code"),
            (Table.ClaPlacement, "clap_cla_placement_type"), (Table.CinEpisodes, "cine_close_reason"));
        Plan(AnomalyKind.DuplicateId,
            (Table.Contacts, "cont_contact_id"), (Table.CinEpisodes, "cine_referral_id"), (Table.CpVisits, "cppv_cp_visit_id"));
        Plan(AnomalyKind.AssessmentBeforeReferral, (Table.CinAssessments, "cina_assessment_start_date"));
    }

    public IReadOnlyList<Anomaly> Entries => _entries;

    /// <summary>What the pipeline should do with a defect of <paramref name="kind"/> planted in <paramref name="column"/>.</summary>
    public static (string Expect, string Rule) Classify(AnomalyKind kind, string? column = null) => kind switch
    {
        _ when ExtensionAnomalies.Rules.TryGetValue(kind, out var rule) => ("dq", rule),
        AnomalyKind.MalformedDate => ("quarantine", "bad_date"),
        AnomalyKind.MalformedFlag => ("quarantine", "bad_flag"),
        AnomalyKind.MalformedJson => ("quarantine", "bad_json"),
        AnomalyKind.MissingKey => ("quarantine", "key_missing"),
        AnomalyKind.WrongFieldCount => ("quarantine", "field_count"),
        AnomalyKind.AssessmentBeforeReferral => ("dq", "assessment_before_referral"),
        AnomalyKind.EndBeforeStart => ("dq", "end_before_start"),
        AnomalyKind.OrphanPerson => ("dq", "orphan_person"),
        AnomalyKind.DuplicateId => ("dq", "duplicate_id"),
        AnomalyKind.CpPlanOverlap => ("dq", "cp_plan_overlap"),
        AnomalyKind.CpPlanOpenOver2y => ("dq", "cp_plan_open_over_2y"),
        AnomalyKind.OpenEpisodeAge25Plus => ("dq", "open_episode_age_25_plus"),
        _ => ("dq", column switch
        {
            "pers_sex" => "invalid_sex",
            "cine_cin_primary_need_code" => "invalid_primary_need",
            "clap_cla_placement_type" => "invalid_placement_type",
            _ => "invalid_closure_reason",
        }),
    };

    /// <summary>The snake_case name used in anomalies.json.</summary>
    public static string KindName(AnomalyKind kind) => kind switch
    {
        _ when ExtensionAnomalies.Rules.TryGetValue(kind, out var name) => name,
        AnomalyKind.MalformedDate => "malformed_date",
        AnomalyKind.MalformedFlag => "malformed_flag",
        AnomalyKind.MalformedJson => "malformed_json",
        AnomalyKind.MissingKey => "missing_key",
        AnomalyKind.WrongFieldCount => "wrong_field_count",
        AnomalyKind.AssessmentBeforeReferral => "assessment_before_referral",
        AnomalyKind.EndBeforeStart => "end_before_start",
        AnomalyKind.OrphanPerson => "orphan_person",
        AnomalyKind.DuplicateId => "duplicate_id",
        AnomalyKind.CpPlanOverlap => "cp_plan_overlap",
        AnomalyKind.CpPlanOpenOver2y => "cp_plan_open_over_2y",
        AnomalyKind.OpenEpisodeAge25Plus => "open_episode_age_25_plus",
        _ => "invalid_code",
    };

    public void OnRow(TableWriter writer)
    {
        _lastRowAltered = false;
        if (writer.RowClaimed)
        {
            return;
        }

        foreach (var slot in _slots[(int)writer.Spec.Table])
        {
            if (slot.Remaining > 0 && writer.Rows >= slot.NextRow && TryApply(slot, writer, lenient: false))
            {
                Scheduled(slot, writer.Rows);
                _lastRowAltered = true;
                return;
            }
        }
    }

    /// <summary>
    /// For defects the simulation has to make itself (an assessment dated before its referral): true when the
    /// row about to be written should carry it; the defect is recorded at that row's line.
    /// </summary>
    public bool Claim(AnomalyKind kind, TableWriter writer, long recordId, string column)
    {
        foreach (var slot in _slots[(int)writer.Spec.Table])
        {
            if (slot.Kind == kind && slot.Remaining > 0 && writer.Rows >= slot.NextRow)
            {
                Scheduled(slot, writer.Rows);
                writer.RowClaimed = true;
                Record(kind, writer, Schema.Id(writer.Spec.IdPrefix, recordId), column, writer.NextLine);
                return true;
            }
        }

        return false;
    }

    private bool _lastRowAltered;

    /// <summary>CP plans the overlapping-plan defect can be laid over (every third suitable plan, as many as needed).</summary>
    public void OfferCpPlan(long personId, int start, int end)
    {
        // A plan row that already carries a defect (its end moved before its start, say) no longer has the
        // extent an overlapping plan would be laid over, so the two defects would blur into one.
        if (_lastRowAltered)
        {
            return;
        }

        _offered++;
        var length = (end == Days.Open ? _options.AsAt.DayNumber + 1 : end) - start;
        if (_cpPlans.Count < _quota[AnomalyKind.CpPlanOverlap] && _offered % 3 == 0 && length >= 30)
        {
            _cpPlans.Add((personId, start, end));
        }
    }

    /// <summary>Tops up any quota a small table could not fill, then appends the defects that need rows of their own.</summary>
    public void Finish(TableWriter[] writers, Workforce workforce, int historyStart)
    {
        foreach (var slots in _slots)
        {
            foreach (var slot in slots)
            {
                var writer = writers[(int)slot.Table];
                while (slot.Remaining > 0 && slot.Kind != AnomalyKind.AssessmentBeforeReferral && writer.BeginCopyOfLastRow())
                {
                    writer.SetField(0, Schema.Id(writer.Spec.IdPrefix, writer.NextId()));
                    writer.RowClaimed = true;
                    TryApply(slot, writer, lenient: true);
                    writer.EndRow();
                    slot.Remaining--;
                }
            }
        }

        new ExtraRows(this, writers, workforce, historyStart).Write();
        _entries.Sort(AnomalyOrder.Instance);
    }

    private void Plan(AnomalyKind kind, params (Table Table, string? Column)[] places)
    {
        var total = _quota[kind];
        for (var i = 0; i < places.Length; i++)
        {
            var (table, column) = places[i];
            var spec = Schema.Of(table);
            var count = Math.Max(1, total / places.Length + (i < total % places.Length ? 1 : 0));
            var expected = Math.Max(20, ExpectedRowsPer10KYear(table) * _scale);
            var slot = new Slot
            {
                Kind = kind,
                Table = table,
                Column = column is null ? -1 : spec.ColumnIndex(column),
                Remaining = count,
                MeanGap = Math.Max(1, expected * 0.5 / (count + 1)),
            };
            slot.NextRow = _rng.Below((int)Math.Min(int.MaxValue, slot.MeanGap * 2));
            _slots[(int)table].Add(slot);
        }
    }

    private void Scheduled(Slot slot, long row)
    {
        slot.Remaining--;
        slot.NextRow = row + 1 + _rng.Below((int)Math.Min(int.MaxValue, slot.MeanGap * 2));
    }

    /// <summary>Plants the slot's defect in the row being written; false when the row cannot carry it.</summary>
    private bool TryApply(Slot slot, TableWriter w, bool lenient)
    {
        var column = slot.Column >= 0 ? w.Spec.Columns[slot.Column] : null;
        var value = slot.Column >= 0 ? w.GetField(slot.Column) : "";
        if (!lenient && slot.Column >= 0 && value.Length == 0 && slot.Kind is not (AnomalyKind.MissingKey or AnomalyKind.DuplicateId))
        {
            return false;
        }

        var id = w.GetField(0);
        var line = w.NextLine;
        switch (slot.Kind)
        {
            case AnomalyKind.MalformedDate:
                w.SetField(slot.Column, BadDate(value));
                break;
            case AnomalyKind.MalformedFlag:
                w.SetField(slot.Column, BadFlags[_variant++ % BadFlags.Length]);
                break;
            case AnomalyKind.MalformedJson:
                var json = value.Length > 2 ? value : "{\"NFA_FLAG\":\"Y\",\"OTHER_FLAG\":\"N\"}";
                var comma = json.IndexOf(',', StringComparison.Ordinal);
                w.SetField(slot.Column, _variant++ % 2 == 0 && comma > 0 ? json[..comma] : json[..^1]);
                break;
            case AnomalyKind.MissingKey:
                w.SetField(0, "");
                id = null;
                break;
            case AnomalyKind.WrongFieldCount:
                if (_variant++ % 2 == 0)
                {
                    w.AppendField("");
                }
                else
                {
                    w.RemoveLastField();
                }

                break;
            case AnomalyKind.EndBeforeStart:
                var start = w.ParseDate(w.GetField(w.Spec.ColumnIndex(StartColumnOf(column!))));
                w.SetField(slot.Column, w.FormatDate(start - 1 - _rng.Below(30)));
                break;
            case AnomalyKind.InvalidCode:
                w.SetField(slot.Column, column switch
                {
                    "pers_sex" => "X",
                    "cine_cin_primary_need_code" => "N12",
                    "clap_cla_placement_type" => "Z9",
                    _ => "RC99",
                });
                break;
            case AnomalyKind.DuplicateId:
                w.RequestDuplicate();
                line++;
                break;
            default:
                return false;
        }

        Record(slot.Kind, w, id, slot.Kind == AnomalyKind.WrongFieldCount ? null : column, line);
        return true;
    }

    private static string StartColumnOf(string endColumn) => endColumn switch
    {
        "cinp_cin_plan_end_date" => "cinp_cin_plan_start_date",
        "cppl_cp_plan_end_date" => "cppl_cp_plan_start_date",
        _ => "clae_cla_episode_start_date",
    };

    private string BadDate(string original)
    {
        var year = original.Length >= 10 && char.IsDigit(original[0]) && original[4] == '-' ? original[..4]
            : original.Length == 10 && original[2] == '/' ? original[6..]
            : _options.AsAt.Year.ToString(CultureInfo.InvariantCulture);
        return (_variant++ % 5) switch
        {
            0 => year + "-02-30",
            1 => "31/13/" + year,
            2 => "yesterday",
            3 => year + "/05/01",
            _ => year + "-13-01",
        };
    }

    private void Record(AnomalyKind kind, TableWriter w, string? recordId, string? column, long line) =>
        Record(kind, w.Spec.Name, recordId, column, line);

    private void Record(AnomalyKind kind, string table, string? recordId, string? column, long line)
    {
        var (expect, rule) = Classify(kind, column);
        _entries.Add(new Anomaly(KindName(kind), table, recordId, column, line, expect, rule));
    }

    private sealed class Slot
    {
        public AnomalyKind Kind { get; init; }
        public Table Table { get; init; }
        public int Column { get; init; }
        public int Remaining { get; set; }
        public long NextRow { get; set; }
        public double MeanGap { get; init; }
    }

    /// <summary>Defects that are whole rows: appended after the simulated rows of their tables.</summary>
    private sealed class ExtraRows(AnomalyInjector owner, TableWriter[] writers, Workforce workforce, int historyStart)
    {
        private readonly Prng _rng = owner._rng;
        private readonly int _asAt = owner._options.AsAt.DayNumber;

        private TableWriter W(Table table) => writers[(int)table];

        public void Write()
        {
            // These rows are the defects themselves: no further defect may land on them.
            foreach (var writer in writers)
            {
                writer.Hook = null;
            }

            var orphans = owner._quota[AnomalyKind.OrphanPerson];
            for (var i = 0; i < orphans; i++)
            {
                Orphan((i % 3) switch
                {
                    0 => Table.Contacts,
                    1 => Table.CinEpisodes,
                    _ => Table.CpPlans,
                });
            }

            var legacy = new List<(long Person, int Start, int End)>();
            for (var i = 0; i < owner._quota[AnomalyKind.CpPlanOpenOver2y]; i++)
            {
                legacy.Add(LegacyPlan());
            }

            // Tiny councils may not have enough plans of their own: the legacy plans stand in.
            foreach (var (person, start, end) in owner._cpPlans.Concat(legacy).Take(owner._quota[AnomalyKind.CpPlanOverlap]))
            {
                OverlappingPlan(person, start, end);
            }

            for (var i = 0; i < owner._quota[AnomalyKind.OpenEpisodeAge25Plus]; i++)
            {
                AncientEpisode();
            }
        }

        private int RecentDay() => _rng.Between(Math.Max(historyStart, _asAt - 700), _asAt - 30);

        private void Orphan(Table table)
        {
            // A person id taken from the sequence but never written to ssd_person.
            var ghost = W(Table.Person).NextId();
            var w = W(table);
            var id = w.NextId();
            var line = w.NextLine;
            var day = RecentDay();
            switch (table)
            {
                case Table.Contacts:
                    w.Id(id).Ref(Table.Person, ghost).DateTime(day, 10 * 3_600_000).Text("6").Text("Police")
                        .Text("{\"NFA_FLAG\":\"Y\"}").EndRow();
                    break;
                case Table.CinEpisodes:
                    var worker = workforce.Workers[0];
                    w.Id(id).Ref(Table.Person, ghost).DateTime(day, 11 * 3_600_000).Text("N1").Text("6").Text("Police")
                        .Text("{\"NFA_FLAG\":\"Y\"}").Flag(true).Text("RC7").Date(day + 2)
                        .Ref(Table.Department, workforce.Teams[worker.Team].Id).Ref(Table.Professionals, worker.Id).EndRow();
                    break;
                default:
                    w.Id(id).Empty().Empty().Ref(Table.Person, ghost).Date(day).Date(day + _rng.Between(20, 29))
                        .Text("Neglect").Flag(false).Text("Neglect").EndRow();
                    break;
            }

            var personColumn = w.Spec.Columns[1] == "cont_person_id" || w.Spec.Columns[1] == "cine_person_id" ? w.Spec.Columns[1] : "cppl_person_id";
            owner.Record(AnomalyKind.OrphanPerson, w.Spec.Name, Schema.Id(w.Spec.IdPrefix, id), personColumn, line);
        }

        private void OverlappingPlan(long person, int start, int end)
        {
            var length = (end == Days.Open ? _asAt + 1 : end) - start;
            var overlapStart = start + _rng.Between(1, Math.Min(60, length - 1));
            var overlapEnd = overlapStart + _rng.Between(30, 200);
            var w = W(Table.CpPlans);
            var id = w.NextId();
            var line = w.NextLine;
            w.Id(id).Empty().Empty().Ref(Table.Person, person).Date(overlapStart).Date(overlapEnd > _asAt ? Days.Open : overlapEnd)
                .Text("Emotional abuse").Flag(false).Text("Emotional abuse").EndRow();
            owner.Record(AnomalyKind.CpPlanOverlap, w.Spec.Name, Schema.Id(w.Spec.IdPrefix, id), null, line);
        }

        private (long Person, int Start, int End) LegacyPlan()
        {
            var start = _asAt - _rng.Between(3 * 365 + 10, 8 * 365 - 10);
            var dob = start - _rng.Between(60, 3 * 365);
            var person = Person(dob);
            var w = W(Table.CpPlans);
            var id = w.NextId();
            var line = w.NextLine;
            w.Id(id).Empty().Empty().Ref(Table.Person, person).Date(start).Empty().Text("Neglect").Flag(false).Text("Neglect").EndRow();
            owner.Record(AnomalyKind.CpPlanOpenOver2y, w.Spec.Name, Schema.Id(w.Spec.IdPrefix, id), null, line);
            return (person, start, Days.Open);
        }

        private void AncientEpisode()
        {
            var dob = Days.AddYears(_asAt, -_rng.Between(25, 40)) - _rng.Between(0, 300);
            var person = Person(dob);
            var referral = Days.AddYears(dob, 14) + _rng.Between(0, 700);
            var worker = workforce.Workers[0];
            var w = W(Table.CinEpisodes);
            var id = w.NextId();
            var line = w.NextLine;
            w.Id(id).Ref(Table.Person, person).DateTime(referral, 9 * 3_600_000).Text("N5").Text("2A").Text("Schools")
                .Text("{\"SINGLE_ASSESSMENT_FLAG\":\"Y\",\"NFA_FLAG\":\"N\"}").Flag(false).Empty().Empty()
                .Ref(Table.Department, workforce.Teams[worker.Team].Id).Ref(Table.Professionals, worker.Id).EndRow();
            owner.Record(AnomalyKind.OpenEpisodeAge25Plus, w.Spec.Name, Schema.Id(w.Spec.IdPrefix, id), null, line);
        }

        /// <summary>A plain ssd_person row for a legacy record's subject.</summary>
        private long Person(int dob)
        {
            var w = W(Table.Person);
            var id = w.NextId();
            w.Id(id)
                .Text(Names.Forenames[_rng.Below(Names.Forenames.Count)])
                .Text(Names.Surnames[_rng.Below(Names.Surnames.Count)])
                .Text("F").Text("02").Text("WBRI").Date(dob).Raw("999", 1000000 + id).Raw("L", id + 500000)
                .Empty().Flag(false).Empty().Empty().Flag(false).Empty();
            w.EndRow();
            return id;
        }
    }
}
