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
    RequiredBlank,

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
        Table.Disability => 330,
        Table.ImmigrationStatus => 4,
        Table.Permanence => 1.8,
        _ => 0.15,
    };

    private static readonly string[] BadFlags = ["maybe", "X", "YN", "2", "Yess"];

    private readonly List<Slot>[] _slots = new List<Slot>[Schema.Tables.Length];
    private readonly Dictionary<AnomalyKind, int> _quota = [];
    private readonly List<Anomaly> _entries = [];
    private readonly List<(long Person, int Start, int End)> _cpPlans = [];

    /// <summary>
    /// 1 April of the collection year containing as_at: a defect a DfE rule must catch is planted in a record of the return that
    /// would be made tonight (open, or ended on or after this day), since that is all the DfE's rules judge.
    /// </summary>
    private readonly int _returnStart;
    private readonly Prng _rng;
    private readonly GeneratorOptions _options;
    private readonly double _scale;
    private int _variant;
    private int _offered;
    private int _stride = 1;

    public AnomalyInjector(GeneratorOptions options)
    {
        _options = options;
        _rng = new Prng(Prng.StreamSeed(options.Seed, Simulation.Streams.Anomalies, 0));
        _scale = options.Children / 10000.0 * options.Years;
        _returnStart = new DateOnly(options.AsAt.Month >= 4 ? options.AsAt.Year : options.AsAt.Year - 1, 4, 1).DayNumber;
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
        Plan(AnomalyKind.RequiredBlank,
            (Table.CinEpisodes, "cine_close_reason"), (Table.CpPlans, "cppl_cp_plan_initial_category"),
            (Table.ClaEpisodes, "clae_cla_episode_ceased_reason"), (Table.ClaPlacement, "clap_cla_placement_urn"),
            (Table.ClaReviews, "clar_cla_review_participation"), (Table.Missing, "miss_missing_episode_type"),
            (Table.Disability, "disa_disability_code"), (Table.CareLeavers, "clea_care_leaver_activity"), (Table.Permanence, "perm_matched_date"));
    }

    /// <summary>Defects the simulation plants itself through <see cref="Claim"/>, knowing what a row alone does not tell.</summary>
    private static bool ClaimOnly(AnomalyKind kind, string? column) =>
        kind == AnomalyKind.AssessmentBeforeReferral || (kind == AnomalyKind.InvalidCode && column == "pers_sex")
        || (kind == AnomalyKind.RequiredBlank && column is "disa_disability_code" or "clea_care_leaver_activity" or "perm_matched_date");

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
        AnomalyKind.AssessmentBeforeReferral => ("dq", "CIN:1103"),
        AnomalyKind.EndBeforeStart => ("dq", column switch
        {
            "cinp_cin_plan_end_date" => "CIN:4011",
            "cppl_cp_plan_end_date" => "CIN:8925",
            _ => "903:356",
        }),
        AnomalyKind.OrphanPerson => ("dq", "orphan_person"),
        AnomalyKind.DuplicateId => ("dq", "duplicate_id"),
        AnomalyKind.CpPlanOverlap => ("dq", "CIN:8940"),
        AnomalyKind.CpPlanOpenOver2y => ("dq", "cp_plan_open_over_2y"),
        AnomalyKind.OpenEpisodeAge25Plus => ("dq", "CIN:8775Q"),
        AnomalyKind.RequiredBlank => ("dq", column switch
        {
            "cine_close_reason" => "CIN:8805",
            "cppl_cp_plan_initial_category" => "CIN:8905",
            "clae_cla_episode_ceased_reason" => "903:148",
            "clap_cla_placement_urn" => "903:218",
            "clar_cla_review_participation" => "903:167",
            "disa_disability_code" => "CIN:8540",
            "clea_care_leaver_activity" => "903:153",
            "perm_matched_date" => "903:151",
            _ => "903:565",
        }),
        _ => ("dq", column switch
        {
            "pers_sex" => "CIN:4180",
            "cine_cin_primary_need_code" => "CIN:8650",
            "clap_cla_placement_type" => "903:146",
            _ => "CIN:8640",
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
        AnomalyKind.RequiredBlank => "required_blank",
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
    /// For defects the simulation has to make itself (an assessment dated before its referral, an invalid sex or a blank disability for
    /// a child of tonight's CIN census, a blank activity for a care leaver of tonight's OC3 cohort, a blank match date for a child
    /// adopted this year): true when the row about to be written should carry it; the defect is recorded at that row's line.
    /// </summary>
    public bool Claim(AnomalyKind kind, TableWriter writer, long recordId, string column)
    {
        foreach (var slot in _slots[(int)writer.Spec.Table])
        {
            if (slot.Kind == kind && slot.Remaining > 0 && writer.Rows >= slot.NextRow && (slot.Column < 0 || writer.Spec.Columns[slot.Column] == column))
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

    /// <summary>
    /// CP plans the overlapping-plan defect can be laid over (a spread of the suitable plans, as many as needed): this council's plans in
    /// tonight's return, with room after their start for another to begin before they end.
    /// </summary>
    public void OfferCpPlan(long personId, int start, int end)
    {
        // A plan row that already carries a defect (its end moved before its start, say) no longer has the
        // extent an overlapping plan would be laid over, so the two defects would blur into one.
        if (_lastRowAltered)
        {
            return;
        }

        var asAt = _options.AsAt.DayNumber;
        if ((end != Days.Open && end < _returnStart + 60) || start > asAt - 60)
        {
            return;
        }

        // Every plan offered is a candidate until twice the quota are held; then every second one is dropped and only every
        // second later one kept, and so on: the candidates stay few and spread over the whole table, however large.
        if (_offered++ % _stride != 0)
        {
            return;
        }

        _cpPlans.Add((personId, start, end));
        if (_cpPlans.Count >= 2 * _quota[AnomalyKind.CpPlanOverlap])
        {
            for (var i = 0; i < _cpPlans.Count / 2; i++)
            {
                _cpPlans[i] = _cpPlans[2 * i];
            }

            _cpPlans.RemoveRange(_cpPlans.Count / 2, _cpPlans.Count - _cpPlans.Count / 2);
            _stride *= 2;
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
                // A copy of a table's last row is not chosen for being in tonight's return: defects DfE rules must catch are not topped up.
                while (slot.Remaining > 0 && !ClaimOnly(slot.Kind, slot.Column >= 0 ? writer.Spec.Columns[slot.Column] : null)
                    && !ForDfeRule(slot.Kind) && writer.BeginCopyOfLastRow())
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
            // A DfE rule's defect needs a row of tonight's return, which a small table may not reach: two chances per place, not one.
            var count = Math.Max(ForDfeRule(kind) ? 2 : 1, total / places.Length + (i < total % places.Length ? 1 : 0));
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

    /// <summary>Whether a kind's defects are caught by DfE rules, which judge only the records of tonight's return.</summary>
    private static bool ForDfeRule(AnomalyKind kind) => kind is AnomalyKind.EndBeforeStart or AnomalyKind.InvalidCode or AnomalyKind.RequiredBlank;

    /// <summary>Plants the slot's defect in the row being written; false when the row cannot carry it.</summary>
    private bool TryApply(Slot slot, TableWriter w, bool lenient)
    {
        var column = slot.Column >= 0 ? w.Spec.Columns[slot.Column] : null;
        var value = slot.Column >= 0 ? w.GetField(slot.Column) : "";
        if ((!lenient && slot.Column >= 0 && value.Length == 0 && slot.Kind is not (AnomalyKind.MissingKey or AnomalyKind.DuplicateId))
            || ClaimOnly(slot.Kind, column) || (ForDfeRule(slot.Kind) && !InTonightsReturn(w, column!)))
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
            case AnomalyKind.RequiredBlank:
                w.SetField(slot.Column, "");
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

    /// <summary>
    /// Whether the row being written is one the DfE rule for <paramref name="column"/> judges tonight: in the return of the collection
    /// year containing as_at, and (for an end moved before its start) still in it after the defect is planted.
    /// </summary>
    private bool InTonightsReturn(TableWriter w, string column)
    {
        int? Date(string name) => w.GetField(w.Spec.ColumnIndex(name)) is { Length: > 0 } text ? w.ParseDate(text) : null;
        bool Open(string name) => Date(name) is not { } end || end >= _returnStart;
        var asAt = _options.AsAt.DayNumber;
        return column switch
        {
            // The end is moved up to 30 days before the start, and must stay in the year.
            "cinp_cin_plan_end_date" or "cppl_cp_plan_end_date" or "clae_cla_episode_ceased_date" =>
                Date(StartColumnOf(column)) is { } start && start >= _returnStart + 31 && start <= asAt
                && (column != "cppl_cp_plan_end_date" || w.GetField(w.Spec.ColumnIndex("cppl_cp_plan_ola")) != "Y"),
            "cine_cin_primary_need_code" => Open("cine_close_date"),
            "cine_close_reason" => Date("cine_close_date") is { } closed && closed >= _returnStart && closed <= asAt,
            "clap_cla_placement_type" => Open("clap_cla_placement_end_date"),
            "clap_cla_placement_urn" => Open("clap_cla_placement_end_date")
                && w.GetField(w.Spec.ColumnIndex("clap_cla_placement_type")) is not ("P1" or "P2" or "P3" or "H5" or "R1" or "R2" or "R5")
                && !w.GetField(w.Spec.ColumnIndex("clap_cla_placement_type")).StartsWith('T') && !w.GetField(w.Spec.ColumnIndex("clap_cla_placement_type")).StartsWith('Z'),
            "cppl_cp_plan_initial_category" => Open("cppl_cp_plan_end_date") && w.GetField(w.Spec.ColumnIndex("cppl_cp_plan_ola")) != "Y",
            "clae_cla_episode_ceased_reason" => Date("clae_cla_episode_ceased_date") is { } ceased && ceased >= _returnStart && ceased <= asAt,
            "clar_cla_review_participation" => Date("clar_cla_review_date") is { } held && held >= _returnStart && held <= asAt,
            "miss_missing_episode_type" => Open("miss_missing_episode_end_date") && Date("miss_missing_episode_start_date") is { } s && s <= asAt,
            _ => false,
        };
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

            for (var i = 0; i < owner._quota[AnomalyKind.CpPlanOpenOver2y]; i++)
            {
                LegacyPlan();
            }

            // Laid only over plans of tonight's return (OfferCpPlan), which CIN:8940 judges: a tiny council may have fewer than the quota.
            var quota = owner._quota[AnomalyKind.CpPlanOverlap];
            var candidates = owner._cpPlans;
            for (var i = 0; i < Math.Min(quota, candidates.Count); i++)
            {
                var (person, start, end) = candidates[(int)((long)i * candidates.Count / Math.Min(quota, candidates.Count))];
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
            // From 1 April on (or the plan's start), while the plan is open: both plans are in tonight's return.
            var from = Math.Max(start + 1, owner._returnStart);
            var until = Math.Min(end == Days.Open ? _asAt : end - 1, _asAt);
            var overlapStart = from + _rng.Between(0, Math.Max(0, Math.Min(30, until - from)));
            var overlapEnd = overlapStart + _rng.Between(30, 200);
            var w = W(Table.CpPlans);
            var id = w.NextId();
            var line = w.NextLine;
            w.Id(id).Empty().Empty().Ref(Table.Person, person).Date(overlapStart).Date(overlapEnd > _asAt ? Days.Open : overlapEnd)
                .Text("Emotional abuse").Flag(false).Text("Emotional abuse").EndRow();
            owner.Record(AnomalyKind.CpPlanOverlap, w.Spec.Name, Schema.Id(w.Spec.IdPrefix, id), null, line);
        }

        private void LegacyPlan()
        {
            var start = _asAt - _rng.Between(3 * 365 + 10, 8 * 365 - 10);
            var dob = start - _rng.Between(60, 3 * 365);
            var person = Person(dob);
            var w = W(Table.CpPlans);
            var id = w.NextId();
            var line = w.NextLine;
            w.Id(id).Empty().Empty().Ref(Table.Person, person).Date(start).Empty().Text("Neglect").Flag(false).Text("Neglect").EndRow();
            owner.Record(AnomalyKind.CpPlanOpenOver2y, w.Spec.Name, Schema.Id(w.Spec.IdPrefix, id), null, line);
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
