using System.Globalization;
using System.Text.Json;
using Pipeline.Synthetic;
using Pipeline.Tests.Synthetic.Support;

namespace Pipeline.Tests.Synthetic;

/// <summary>Without --anomalies the set must pass every rule the pipeline checks: no dangling keys, no date-order breaks.</summary>
[Collection(SharedSetsCollection.Name)]
public sealed class CleanDataTests(SharedSets sets)
{
    private static readonly (string Table, string Column, string Target)[] ForeignKeys =
    [
        ("ssd_cin_episodes", "cine_person_id", "ssd_person"), ("ssd_cin_episodes", "cine_referral_team", "ssd_department"),
        ("ssd_cin_episodes", "cine_referral_worker_id", "ssd_professionals"), ("ssd_contacts", "cont_person_id", "ssd_person"),
        ("ssd_cin_assessments", "cina_person_id", "ssd_person"), ("ssd_cin_assessments", "cina_referral_id", "ssd_cin_episodes"),
        ("ssd_cin_assessments", "cina_assessment_team", "ssd_department"), ("ssd_cin_assessments", "cina_assessment_worker_id", "ssd_professionals"),
        ("ssd_s47_enquiry", "s47e_referral_id", "ssd_cin_episodes"), ("ssd_s47_enquiry", "s47e_person_id", "ssd_person"),
        ("ssd_s47_enquiry", "s47e_s47_completed_by_worker_id", "ssd_professionals"), ("ssd_s47_enquiry", "s47e_s47_completed_by_team", "ssd_department"),
        ("ssd_initial_cp_conference", "icpc_s47_enquiry_id", "ssd_s47_enquiry"), ("ssd_initial_cp_conference", "icpc_person_id", "ssd_person"),
        ("ssd_initial_cp_conference", "icpc_cp_plan_id", "ssd_cp_plans"), ("ssd_initial_cp_conference", "icpc_referral_id", "ssd_cin_episodes"),
        ("ssd_initial_cp_conference", "icpc_icpc_team", "ssd_department"), ("ssd_initial_cp_conference", "icpc_icpc_worker_id", "ssd_professionals"),
        ("ssd_cp_plans", "cppl_referral_id", "ssd_cin_episodes"), ("ssd_cp_plans", "cppl_icpc_id", "ssd_initial_cp_conference"),
        ("ssd_cp_plans", "cppl_person_id", "ssd_person"), ("ssd_cp_visits", "cppv_person_id", "ssd_person"),
        ("ssd_cp_visits", "cppv_cp_plan_id", "ssd_cp_plans"), ("ssd_cp_reviews", "cppr_person_id", "ssd_person"),
        ("ssd_cp_reviews", "cppr_cp_plan_id", "ssd_cp_plans"), ("ssd_cin_plans", "cinp_referral_id", "ssd_cin_episodes"),
        ("ssd_cin_plans", "cinp_person_id", "ssd_person"), ("ssd_cin_plans", "cinp_cin_plan_team", "ssd_department"),
        ("ssd_cin_plans", "cinp_cin_plan_worker_id", "ssd_professionals"), ("ssd_cin_visits", "cinv_person_id", "ssd_person"),
        ("ssd_cla_episodes", "clae_person_id", "ssd_person"), ("ssd_cla_episodes", "clae_referral_id", "ssd_cin_episodes"),
        ("ssd_cla_episodes", "clae_cla_placement_id", "ssd_cla_placement"), ("ssd_cla_placement", "clap_person_id", "ssd_person"),
        ("ssd_legal_status", "lega_person_id", "ssd_person"), ("ssd_cla_visits", "clav_person_id", "ssd_person"),
        ("ssd_cla_health", "clah_person_id", "ssd_person"), ("ssd_cla_care_plan", "lacp_person_id", "ssd_person"),
        ("ssd_missing", "miss_person_id", "ssd_person"), ("ssd_care_leavers", "clea_person_id", "ssd_person"),
        ("ssd_care_leavers", "clea_care_leaver_worker_id", "ssd_professionals"), ("ssd_care_leavers", "clea_care_leaver_personal_advisor", "ssd_professionals"),
        ("ssd_care_leavers", "clea_care_leaver_allocated_team", "ssd_department"), ("ssd_involvements", "invo_professional_id", "ssd_professionals"),
        ("ssd_involvements", "invo_professional_team", "ssd_department"), ("ssd_involvements", "invo_person_id", "ssd_person"),
        ("ssd_involvements", "invo_referral_id", "ssd_cin_episodes"), ("ssd_department", "dept_team_parent_id", "ssd_department"),
        ("ssd_disability", "disa_person_id", "ssd_person"), ("ssd_immigration_status", "immi_person_id", "ssd_person"),
        ("ssd_permanence", "perm_person_id", "ssd_person"),
        ("ext_front_door_decisions", "fdd_contact_id", "ssd_contacts"), ("ext_front_door_decisions", "fdd_referral_id", "ssd_cin_episodes"),
        ("ext_front_door_decisions", "fdd_team", "ssd_department"), ("ext_supervisions", "sup_professional_id", "ssd_professionals"),
        ("ext_supervisions", "sup_supervisor_id", "ssd_professionals"), ("ext_supervisions", "sup_person_id", "ssd_person"),
    ];

    // The SSD puts the child first in these tables; their own id comes second.
    private static readonly Dictionary<string, string> KeyColumns = new(StringComparer.Ordinal)
    {
        ["ssd_disability"] = "disa_table_id",
        ["ssd_immigration_status"] = "immi_immigration_status_id",
    };

    // Dates that may lie after as_at: targets and due dates are plans, not events.
    private static readonly HashSet<string> FutureAllowed = ["icpc_icpc_target_date", "cppr_cp_review_due", "clar_cla_review_due_date", "pers_expected_dob"];

    private GeneratedSet Set => sets.Clean;

    [Fact]
    public void Generate_WithoutAnomalies_EveryIdIsPresentAndUnique()
    {
        foreach (var table in ExtractGenerator.TableNames)
        {
            var t = Set[table];
            var ids = t.Rows.Select(r => KeyColumns.TryGetValue(table, out var key) ? t.Get(r, key) : r.Fields[0]).ToList();
            Assert.DoesNotContain("", ids);
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            Assert.All(t.Rows, r => Assert.Equal(t.Header.Length, r.Fields.Length));
        }
    }

    [Fact]
    public void Generate_WithoutAnomalies_EveryForeignKeyResolves()
    {
        foreach (var (table, column, target) in ForeignKeys)
        {
            var t = Set[table];
            var keys = Set[target].Rows.Select(r => r.Fields[0]).ToHashSet(StringComparer.Ordinal);
            var dangling = t.Rows.Select(r => t.Get(r, column)).Where(v => v.Length > 0 && !keys.Contains(v)).ToList();
            Assert.True(dangling.Count == 0, $"{table}.{column}: {dangling.Count} values not in {target}, e.g. {dangling.FirstOrDefault()}");
        }

        var episodes = Set["ssd_cla_episodes"];
        var claIds = episodes.Rows.Select(r => episodes.Get(r, "clae_cla_id")).ToHashSet(StringComparer.Ordinal);
        foreach (var (table, column) in new[] { ("ssd_cla_placement", "clap_cla_id"), ("ssd_cla_reviews", "clar_cla_id"), ("ssd_cla_visits", "clav_cla_id") })
        {
            var t = Set[table];
            Assert.All(t.Rows, r => Assert.Contains(t.Get(r, column), claIds));
        }
    }

    [Fact]
    public void Generate_WithoutAnomalies_ValuesParseAsTheContractSays()
    {
        foreach (var table in ExtractGenerator.TableNames)
        {
            var t = Set[table];
            foreach (var column in t.Header)
            {
                var values = t.Rows.Select(r => t.Get(r, column)).Where(v => v.Length > 0);
                if (column.Contains("date", StringComparison.Ordinal) || column is "pers_dob" or "cppr_cp_review_due" or "clea_care_leaver_latest_contact")
                {
                    Assert.All(values, v => Assert.True(CsvTable.TryParseDate(v, out var d) && (d <= Set.AsAt || FutureAllowed.Contains(column)), $"{table}.{column} = {v}"));
                }
                else if (column.EndsWith("_json", StringComparison.Ordinal))
                {
                    Assert.All(values, v =>
                    {
                        using var json = JsonDocument.Parse(v);
                        Assert.All(json.RootElement.EnumerateObject(), p => Assert.Contains(p.Value.GetString(), new[] { "Y", "N" }));
                    });
                }
            }
        }

        var person = Set["ssd_person"];
        Assert.All(person.Rows, r => Assert.Contains(person.Get(r, "pers_sex"), new[] { "F", "M", "U" }));
        var episodes = Set["ssd_cin_episodes"];
        Assert.All(episodes.Rows, r => Assert.Matches("^N[1-8]$", episodes.Get(r, "cine_cin_primary_need_code")));
        Assert.All(episodes.Rows, r => Assert.Matches("^(RC[1-9])?$", episodes.Get(r, "cine_close_reason")));
        Assert.All(episodes.Rows, r => Assert.Contains(episodes.Get(r, "cine_referral_nfa"), new[] { "Y", "N" }));
    }

    [Fact]
    public void Generate_WithoutAnomalies_DatesAreInOrder()
    {
        var episodes = Set["ssd_cin_episodes"];
        var referralDate = episodes.Rows.ToDictionary(r => r.Fields[0], r => episodes.Date(r, "cine_referral_date")!.Value);
        AssertEndsAfterStarts("ssd_cin_episodes", "cine_referral_date", "cine_close_date", allowSameDay: true);

        var assessments = Set["ssd_cin_assessments"];
        Assert.All(assessments.Rows, r =>
        {
            var start = assessments.Date(r, "cina_assessment_start_date")!.Value;
            Assert.True(referralDate[assessments.Get(r, "cina_referral_id")] <= start, $"{r.Fields[0]} starts before its referral");
            Assert.True(assessments.Date(r, "cina_assessment_auth_date") is not { } auth || auth >= start, $"{r.Fields[0]} authorised before it started");
        });

        var s47 = Set["ssd_s47_enquiry"];
        var s47Start = s47.Rows.ToDictionary(r => r.Fields[0], r => s47.Date(r, "s47e_s47_start_date")!.Value);
        Assert.All(s47.Rows, r => Assert.True(referralDate[s47.Get(r, "s47e_referral_id")] <= s47Start[r.Fields[0]], r.Fields[0]));
        AssertEndsAfterStarts("ssd_s47_enquiry", "s47e_s47_start_date", "s47e_s47_end_date", allowSameDay: true);

        var conferences = Set["ssd_initial_cp_conference"];
        Assert.All(conferences.Rows.Where(r => conferences.Get(r, "icpc_s47_enquiry_id").Length > 0), r =>
            Assert.True(conferences.Date(r, "icpc_icpc_date") >= s47Start[conferences.Get(r, "icpc_s47_enquiry_id")], r.Fields[0]));

        AssertEndsAfterStarts("ssd_cp_plans", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date");
        AssertEndsAfterStarts("ssd_cin_plans", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date");
        AssertEndsAfterStarts("ssd_cla_episodes", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date");
        AssertEndsAfterStarts("ssd_cla_placement", "clap_cla_placement_start_date", "clap_cla_placement_end_date");
        AssertEndsAfterStarts("ssd_legal_status", "lega_legal_status_start_date", "lega_legal_status_end_date");
        AssertEndsAfterStarts("ssd_involvements", "invo_involvement_start_date", "invo_involvement_end_date");

        var plans = Set["ssd_cp_plans"];
        var planDates = plans.Rows.ToDictionary(r => r.Fields[0], r => (Start: plans.Date(r, "cppl_cp_plan_start_date")!.Value, End: plans.Date(r, "cppl_cp_plan_end_date")));
        var visits = Set["ssd_cp_visits"];
        Assert.All(visits.Rows, r => AssertInside(planDates[visits.Get(r, "cppv_cp_plan_id")], visits.Date(r, "cppv_cp_visit_date")!.Value, r.Fields[0]));
        var reviews = Set["ssd_cp_reviews"];
        Assert.All(reviews.Rows, r => AssertInside(planDates[reviews.Get(r, "cppr_cp_plan_id")], reviews.Date(r, "cppr_cp_review_date")!.Value, r.Fields[0]));
    }

    [Fact]
    public void Generate_WithoutAnomalies_NoChildHasOverlappingPlansOrCareEpisodes()
    {
        var plans = Set["ssd_cp_plans"];
        AssertNoOverlap(plans.Rows.Where(r => plans.Get(r, "cppl_cp_plan_ola") != "Y")
            .Select(r => (plans.Get(r, "cppl_person_id"), plans.Date(r, "cppl_cp_plan_start_date")!.Value, plans.Date(r, "cppl_cp_plan_end_date"))));
        var episodes = Set["ssd_cla_episodes"];
        AssertNoOverlap(episodes.Rows.Select(r => (episodes.Get(r, "clae_person_id"), episodes.Date(r, "clae_cla_episode_start_date")!.Value, episodes.Date(r, "clae_cla_episode_ceased_date"))));
    }

    [Fact]
    public void Generate_WithoutAnomalies_OpenCasesBelongToChildrenAndHaveOneAllocatedWorker()
    {
        var asAt = Set.AsAt;
        var person = Set["ssd_person"];
        var adults = person.Rows
            .Where(r => person.Date(r, "pers_dob") is { } dob && dob.AddYears(18) <= asAt)
            .Select(r => r.Fields[0]).ToHashSet(StringComparer.Ordinal);

        var episodes = Set["ssd_cin_episodes"];
        var open = episodes.Rows.Where(r => episodes.Get(r, "cine_close_date").Length == 0).ToList();
        Assert.DoesNotContain(open, r => adults.Contains(episodes.Get(r, "cine_person_id")));
        var openChildren = open.Select(r => episodes.Get(r, "cine_person_id")).ToHashSet(StringComparer.Ordinal);

        foreach (var (table, personColumn, endColumn) in new[]
        {
            ("ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_end_date"),
            ("ssd_cla_episodes", "clae_person_id", "clae_cla_episode_ceased_date"),
            ("ssd_cin_plans", "cinp_person_id", "cinp_cin_plan_end_date"),
        })
        {
            var t = Set[table];
            var stillOpen = t.Rows.Where(r => t.Get(r, endColumn).Length == 0).Select(r => t.Get(r, personColumn)).ToList();
            Assert.DoesNotContain(stillOpen, adults.Contains);
            Assert.All(stillOpen, p => Assert.Contains(p, openChildren));
        }

        var involvements = Set["ssd_involvements"];
        var allocations = involvements.Rows
            .Where(r => involvements.Get(r, "invo_professional_role_id") == "ALLOCATED_CASE_WORKER" && involvements.Get(r, "invo_involvement_end_date").Length == 0)
            .GroupBy(r => involvements.Get(r, "invo_referral_id"))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.All(open, r => Assert.Equal(1, allocations.GetValueOrDefault(r.Fields[0])));
        Assert.Equal(open.Count, allocations.Count);
    }

    [Fact]
    public void Generate_WithoutAnomalies_ExtensionTablesAgreeWithTheSsdTables()
    {
        var asAt = Set.AsAt;
        var recordedFrom = new DateOnly(asAt.Year, asAt.Month, 1).AddMonths(-35);
        static DateTime Moment(string value) => DateTime.ParseExact(value, ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss.fff"], CultureInfo.InvariantCulture, DateTimeStyles.None);

        // Decisions come after the contact they name, within the years recorded, and only once per contact.
        var contacts = Set["ssd_contacts"];
        var contacted = contacts.Rows.ToDictionary(r => r.Fields[0], r => Moment(contacts.Get(r, "cont_contact_date")));
        var decisions = Set["ext_front_door_decisions"];
        Assert.All(decisions.Rows, r =>
        {
            var decided = Moment(decisions.Get(r, "fdd_decision_datetime"));
            Assert.InRange(DateOnly.FromDateTime(decided), recordedFrom, asAt);
            if (decisions.Get(r, "fdd_contact_id") is { Length: > 0 } contact)
            {
                Assert.True(decided.Date >= contacted[contact].Date && (decided.TimeOfDay == TimeSpan.Zero || decided >= contacted[contact]), $"{r.Fields[0]} before its contact");
            }
        });
        var contactDecisions = decisions.Rows.Where(r => decisions.Get(r, "fdd_decision_type") == "contact_decision").ToList();
        Assert.Equal(contactDecisions.Count, contactDecisions.Select(r => decisions.Get(r, "fdd_contact_id")).Distinct().Count());
        Assert.All(decisions.Rows.Where(r => decisions.Get(r, "fdd_decision_type") == "referral_decision"), r => Assert.NotEqual("", decisions.Get(r, "fdd_referral_id")));

        // The emergency duty team decides at weekends; a few decisions are recorded as a date alone.
        Assert.Contains(contactDecisions, r => Moment(decisions.Get(r, "fdd_decision_datetime")).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.Contains(contactDecisions, r => decisions.Get(r, "fdd_decision_datetime").Length == 10);

        // A case is supervised on a working day while its child is allocated to the worker supervised.
        var involvements = Set["ssd_involvements"];
        var held = involvements.Rows.Where(r => involvements.Get(r, "invo_professional_role_id") == "ALLOCATED_CASE_WORKER")
            .ToLookup(r => (involvements.Get(r, "invo_person_id"), involvements.Get(r, "invo_professional_id")));
        var supervisions = Set["ext_supervisions"];
        Assert.All(supervisions.Rows, r =>
        {
            var day = supervisions.Date(r, "sup_supervision_date")!.Value;
            Assert.InRange(day, recordedFrom, asAt);
            Assert.DoesNotContain(day.DayOfWeek, new[] { DayOfWeek.Saturday, DayOfWeek.Sunday });
            if (supervisions.Get(r, "sup_supervision_type") == "case")
            {
                Assert.Contains(held[(supervisions.Get(r, "sup_person_id"), supervisions.Get(r, "sup_professional_id"))], i =>
                    involvements.Date(i, "invo_involvement_start_date") <= day && (involvements.Date(i, "invo_involvement_end_date") ?? DateOnly.MaxValue) > day);
            }
            else
            {
                Assert.Equal(("worker", ""), (supervisions.Get(r, "sup_supervision_type"), supervisions.Get(r, "sup_person_id")));
            }
        });
    }

    private void AssertEndsAfterStarts(string table, string startColumn, string endColumn, bool allowSameDay = false)
    {
        var t = Set[table];
        Assert.All(t.Rows, r =>
        {
            var start = t.Date(r, startColumn)!.Value;
            if (t.Date(r, endColumn) is { } end)
            {
                Assert.True(allowSameDay ? end >= start : end > start, $"{table} {r.Fields[0]}: {end} is not after {start}");
            }
        });
    }

    private static void AssertInside((DateOnly Start, DateOnly? End) plan, DateOnly day, string id) =>
        Assert.True(day >= plan.Start && (plan.End is null || day <= plan.End), $"{id} on {day} is outside its plan {plan.Start}-{plan.End}");

    private static void AssertNoOverlap(IEnumerable<(string Person, DateOnly Start, DateOnly? End)> spans)
    {
        foreach (var child in spans.GroupBy(s => s.Person))
        {
            var ordered = child.OrderBy(s => s.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var previousEnd = ordered[i - 1].End ?? DateOnly.MaxValue;
                Assert.True(ordered[i].Start >= previousEnd, $"{child.Key}: {ordered[i].Start} starts before {previousEnd}");
            }
        }
    }
}
