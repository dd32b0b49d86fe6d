using System.Text.Json;
using Pipeline.Synthetic;
using Pipeline.Tests.Synthetic.Support;

namespace Pipeline.Tests.Synthetic;

/// <summary>With --anomalies every listed defect must really be in the file, where the list says.</summary>
[Collection(SharedSetsCollection.Name)]
public sealed class AnomalyTests(SharedSets sets)
{
    private static readonly string[] Kinds =
    [
        "malformed_date", "malformed_flag", "malformed_json", "missing_key", "wrong_field_count",
        "assessment_before_referral", "end_before_start", "orphan_person", "duplicate_id", "cp_plan_overlap",
        "cp_plan_open_over_2y", "open_episode_age_25_plus", "invalid_code", "required_blank",

        // The local extension tables' (each named after the rule that catches it).
        "decision_before_contact", "orphan_decision_referral", "orphan_supervision_worker", "supervision_child_not_allocated", "ext_date_after_as_at",
    ];

    private static readonly string[] FlagSpellings = ["Y", "N", "YES", "NO", "1", "0", "TRUE", "FALSE"];

    private GeneratedSet Set => sets.Anomalous;

    /// <summary>A contract datetime to the millisecond (a date alone is the start of its day).</summary>
    private static DateTime Moment(string value) => DateTime.ParseExact(value,
        ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None);

    private sealed record Entry(string Kind, string Table, string? RecordId, string? Column, long Line, string Expect, string Rule);

    private List<Entry> Entries()
    {
        using var json = Set.Anomalies();
        return json.RootElement.EnumerateArray().Select(e => new Entry(
            e.GetProperty("kind").GetString()!,
            e.GetProperty("table").GetString()!,
            e.GetProperty("record_id").GetString(),
            e.GetProperty("column").GetString(),
            e.GetProperty("line").GetInt64(),
            e.GetProperty("expect").GetString()!,
            e.GetProperty("rule").GetString()!)).ToList();
    }

    [Fact]
    public void Generate_WithAnomalies_PlantsAtLeastThreeOfEachKind()
    {
        var counts = Entries().GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());

        Assert.All(Kinds, k => Assert.True(counts.GetValueOrDefault(k) >= 3, $"{k}: {counts.GetValueOrDefault(k)}"));
        Assert.Equal(Kinds.Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Set.Summary.AnomalyCount, counts.Values.Sum());
    }

    [Fact]
    public void Generate_WithAnomalies_AffectsAFewTenthsOfAPercentOfRows()
    {
        var share = 100.0 * Entries().Count / Set.Summary.TotalRows;

        Assert.InRange(share, 0.1, 1.0);
    }

    [Fact]
    public void Generate_WithAnomalies_ListIsSortedAndClassified()
    {
        var entries = Entries();

        var sorted = entries.OrderBy(e => e.Table, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Kind, StringComparer.Ordinal);
        Assert.Equal(sorted, entries);
        Assert.All(entries, e =>
        {
            var quarantine = e.Kind is "malformed_date" or "malformed_flag" or "malformed_json" or "missing_key" or "wrong_field_count";
            Assert.Equal(quarantine ? "quarantine" : "dq", e.Expect);
            var rule = e.Kind switch
            {
                "malformed_date" => "bad_date",
                "malformed_flag" => "bad_flag",
                "malformed_json" => "bad_json",
                "missing_key" => "key_missing",
                "wrong_field_count" => "field_count",
                // Defects in tonight's return are caught by the DfE's rule for the field.
                "assessment_before_referral" => "CIN:1103",
                "end_before_start" => e.Table switch { "ssd_cin_plans" => "CIN:4011", "ssd_cp_plans" => "CIN:8925", _ => "903:356" },
                "cp_plan_overlap" => "CIN:8940",
                "open_episode_age_25_plus" => "CIN:8775Q",
                "invalid_code" => e.Column switch
                {
                    "pers_sex" => "CIN:4180",
                    "cine_cin_primary_need_code" => "CIN:8650",
                    "clap_cla_placement_type" => "903:146",
                    _ => "CIN:8640",
                },
                "required_blank" => e.Column switch
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
                },
                _ => e.Kind,
            };
            Assert.Equal(rule, e.Rule);
        });
        Assert.DoesNotContain(entries, e => e.Kind == "wrong_field_count" && e.Table is "ssd_person" or "ssd_professionals");
    }

    [Fact]
    public void Generate_WithAnomalies_EachListedDefectIsAtItsLine()
    {
        var asAt = Set.AsAt;
        var persons = Set["ssd_person"].Rows.Select(r => r.Fields[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var e in Entries())
        {
            var table = Set[e.Table];
            var row = table.Rows.Single(r => r.Line == e.Line);
            var where = $"{e.Kind} {e.Table} line {e.Line}";
            if (e.RecordId is not null)
            {
                // ssd_disability names the child first and its own id second, as the SSD does.
                Assert.Equal(e.RecordId, e.Table == "ssd_disability" ? table.Get(row, "disa_table_id") : row.Fields[0]);
            }

            var value = e.Column is null ? "" : table.Get(row, e.Column);
            switch (e.Kind)
            {
                case "malformed_date":
                    Assert.False(CsvTable.TryParseDate(value, out _), $"{where}: {value} parses");
                    break;
                case "malformed_flag":
                    Assert.DoesNotContain(value.ToUpperInvariant(), FlagSpellings);
                    Assert.NotEqual("", value);
                    break;
                case "malformed_json":
                    Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(value).Dispose());
                    break;
                case "missing_key":
                    Assert.Null(e.RecordId);
                    Assert.Equal(table.Header[0], e.Column);
                    Assert.Equal("", row.Fields[0]);
                    break;
                case "wrong_field_count":
                    Assert.NotEqual(table.Header.Length, row.Fields.Length);
                    break;
                case "assessment_before_referral":
                    var referrals = Set["ssd_cin_episodes"];
                    var referral = referrals.Rows.First(r => r.Fields[0] == table.Get(row, "cina_referral_id"));
                    Assert.True(table.Date(row, "cina_assessment_start_date") < referrals.Date(referral, "cine_referral_date"), where);
                    break;
                case "end_before_start":
                    var start = table.Header.First(c => c.EndsWith("start_date", StringComparison.Ordinal));
                    Assert.True(table.Date(row, e.Column!) < table.Date(row, start), where);
                    break;
                case "orphan_person":
                    Assert.DoesNotContain(value, persons);
                    Assert.Matches("^P[0-9]{7}$", value);
                    break;
                case "duplicate_id":
                    Assert.Equal(2, table.Rows.Count(r => r.Fields[0] == e.RecordId));
                    Assert.Equal(row.Fields, table.Rows.First(r => r.Line == e.Line - 1).Fields);
                    break;
                case "cp_plan_overlap":
                    var child = table.Get(row, "cppl_person_id");
                    var from = table.Date(row, "cppl_cp_plan_start_date")!.Value;
                    var to = table.Date(row, "cppl_cp_plan_end_date") ?? DateOnly.MaxValue;
                    Assert.Contains(table.Rows, other => other != row && table.Get(other, "cppl_person_id") == child
                        && table.Get(other, "cppl_cp_plan_ola") != "Y"
                        && table.Date(other, "cppl_cp_plan_start_date") < to
                        && (table.Date(other, "cppl_cp_plan_end_date") ?? DateOnly.MaxValue) > from);
                    Assert.Contains(child, persons);
                    break;
                case "cp_plan_open_over_2y":
                    Assert.Equal("", table.Get(row, "cppl_cp_plan_end_date"));
                    Assert.InRange(table.Date(row, "cppl_cp_plan_start_date")!.Value, asAt.AddYears(-8), asAt.AddYears(-3));
                    Assert.Contains(table.Get(row, "cppl_person_id"), persons);
                    break;
                case "open_episode_age_25_plus":
                    Assert.Equal("", table.Get(row, "cine_close_date"));
                    var people = Set["ssd_person"];
                    var dob = people.Date(people.Rows.Single(p => p.Fields[0] == table.Get(row, "cine_person_id")), "pers_dob")!.Value;
                    Assert.True(dob.AddYears(25) <= asAt, where);
                    break;
                case "invalid_code":
                    Assert.Contains(value, new[] { "X", "N12", "Z9", "RC99" });
                    break;
                case "required_blank":
                    Assert.Equal("", value);
                    break;
                case "decision_before_contact":
                    var contacts = Set["ssd_contacts"];
                    var contacted = Moment(contacts.Get(contacts.Rows.Single(r => r.Fields[0] == table.Get(row, "fdd_contact_id")), "cont_contact_date"));
                    Assert.True(Moment(value) < contacted, $"{where}: {value} is not before {contacted}");
                    break;
                case "orphan_decision_referral":
                    Assert.Equal("referral_decision", table.Get(row, "fdd_decision_type"));
                    Assert.DoesNotContain(value, Set["ssd_cin_episodes"].Rows.Select(r => r.Fields[0]));
                    break;
                case "orphan_supervision_worker":
                    Assert.Equal("worker", table.Get(row, "sup_supervision_type"));
                    Assert.DoesNotContain(value, Set["ssd_professionals"].Rows.Select(r => r.Fields[0]));
                    break;
                case "supervision_child_not_allocated":
                    var day = CsvTable.ParseDate(value)!.Value;
                    var worker = table.Get(row, "sup_professional_id");
                    var involvements = Set["ssd_involvements"];
                    bool OpenOn(CsvRow r) => involvements.Get(r, "invo_professional_role_id") == "ALLOCATED_CASE_WORKER"
                        && involvements.Date(r, "invo_involvement_start_date") <= day && (involvements.Date(r, "invo_involvement_end_date") ?? DateOnly.MaxValue) > day;
                    var workerTeams = involvements.Rows.Where(r => involvements.Get(r, "invo_professional_id") == worker)
                        .Select(r => involvements.Get(r, "invo_professional_team")).ToHashSet(StringComparer.Ordinal);
                    Assert.DoesNotContain(involvements.Rows, r => involvements.Get(r, "invo_person_id") == table.Get(row, "sup_person_id") && OpenOn(r)
                        && (involvements.Get(r, "invo_professional_id") == worker || workerTeams.Contains(involvements.Get(r, "invo_professional_team"))));
                    Assert.True(day >= asAt.AddYears(-3) && day <= asAt, where);
                    break;
                case "ext_date_after_as_at":
                    Assert.True(CsvTable.ParseDate(value) > asAt, where);
                    break;
                default:
                    Assert.Fail($"unknown kind {e.Kind}");
                    break;
            }
        }
    }

    [Fact]
    public void Generate_WithAnomalies_LeavesEveryOtherRowAsInTheCleanRun()
    {
        using var clean = new GeneratedSet(new GeneratorOptions { Children = Set.Options.Children, AsAt = Set.AsAt, Seed = Set.Options.Seed });
        var entries = Entries();
        var listed = entries.Select(e => (e.Table, e.Line)).ToHashSet();
        var legacySubjects = entries.Where(e => e.Kind is "cp_plan_open_over_2y" or "open_episode_age_25_plus")
            .Select(e => Set[e.Table].Get(Set[e.Table].Rows.Single(r => r.Line == e.Line), e.Table == "ssd_cp_plans" ? "cppl_person_id" : "cine_person_id"))
            .ToHashSet(StringComparer.Ordinal);
        var inPlace = entries.Count(e => e.Kind is not ("orphan_person" or "duplicate_id" or "cp_plan_overlap" or "cp_plan_open_over_2y" or "open_episode_age_25_plus"));

        var missingFromAnomalous = 0;
        foreach (var table in ExtractGenerator.TableNames)
        {
            var before = File.ReadAllLines(clean.FileOf(table)).ToHashSet(StringComparer.Ordinal);
            var after = File.ReadAllLines(Set.FileOf(table));
            for (var i = 0; i < after.Length; i++)
            {
                if (!before.Contains(after[i]))
                {
                    var legacyPerson = table == "ssd_person" && legacySubjects.Contains(after[i][..after[i].IndexOf(',', StringComparison.Ordinal)]);
                    Assert.True(listed.Contains((table, i + 1)) || legacyPerson, $"{table} line {i + 1} changed but is not listed");
                }
            }

            missingFromAnomalous += before.Except(after, StringComparer.Ordinal).Count();
        }

        // Each in-place defect replaces exactly one clean row; nothing else moves.
        Assert.Equal(inPlace, missingFromAnomalous);
    }

    [Fact]
    public void Generate_WithoutAnomalies_ListsNone()
    {
        using var json = sets.Clean.Anomalies();

        Assert.Equal(0, json.RootElement.GetArrayLength());
        Assert.Equal(0, sets.Clean.Summary.AnomalyCount);
    }

    [Fact]
    public void Generate_SmallCouncilWithAnomalies_StillPlantsThreeOfEachKind()
    {
        using var set = new GeneratedSet(new GeneratorOptions { Children = 1000, AsAt = SharedSets.AsAt, Seed = 3, Years = 2, Anomalies = true });
        using var json = set.Anomalies();

        var counts = json.RootElement.EnumerateArray().GroupBy(e => e.GetProperty("kind").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Kinds, k => Assert.True(counts.GetValueOrDefault(k) >= 3, $"{k}: {counts.GetValueOrDefault(k)}"));
    }
}
