using System.Collections.Immutable;
using System.Reflection;
using Pipeline.Extract;
using Pipeline.Indicators;
using Pipeline.Quality;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Indicators;

/// <summary>"Unavailable, not zero": every indicator, every table and column it declares it needs.</summary>
public class AvailabilityTests
{
    private static readonly DateOnly AsAt = D("2023-06-30");

    private static readonly Type[] RecordTypes =
        [.. typeof(Person).Assembly.GetTypes().Where(t => t.GetCustomAttribute<SsdTableAttribute>() is not null).OrderBy(t => t.Name, StringComparer.Ordinal)];

    public static TheoryData<string, string> NeededColumns()
    {
        var data = new TheoryData<string, string>();
        foreach (var indicator in Catalogue.All)
        {
            foreach (var need in indicator.ColumnNeeds.Where(n => n.Length == 1))
            {
                data.Add(indicator.Id, need[0].ToString());
            }
        }

        return data;
    }

    public static TheoryData<string, string> RequiredTables()
    {
        var data = new TheoryData<string, string>();
        foreach (var indicator in Catalogue.All)
        {
            foreach (var table in indicator.Tables)
            {
                data.Add(indicator.Id, table);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NeededColumns))]
    public void NeededColumn_EmptyInEveryRow_MakesTheIndicatorUnavailableNamingTheColumn(string indicatorId, string column)
    {
        var needed = SsdColumn.Parse(column);

        var reason = Reason(indicatorId, FullExtract(emptyColumn: needed));

        Assert.NotNull(reason);
        Assert.Contains($"{needed.Column} empty in every row of {needed.Table}", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(" not in ", Reason(indicatorId, FullExtract()) ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RequiredTables))]
    public void RequiredTable_PresentWithNoRows_MakesTheIndicatorUnavailableNamingTheTable(string indicatorId, string table)
    {
        Assert.Equal($"{table} has no rows", Reason(indicatorId, FullExtract(emptyTable: table)));
    }

    [Fact]
    public void EveryDeclaredColumn_IsAContractColumnAndEveryNeedReachesARequiredTable()
    {
        var contract = RecordTypes.SelectMany(t => t.GetConstructors().Single().GetParameters()
                .Select(p => $"{t.GetCustomAttribute<SsdTableAttribute>()!.Name}.{p.GetCustomAttribute<SsdAttribute>()!.Column}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(Catalogue.All, indicator =>
        {
            Assert.All(indicator.ColumnNeeds.SelectMany(n => n).Concat(indicator.EmptyMeansAbsent.Select(SsdColumn.Parse)),
                c => Assert.Contains(c.ToString(), contract));
            Assert.All(indicator.ColumnNeeds, anyOf => Assert.Contains(anyOf, c => indicator.Tables.Contains(c.Table)));
            Assert.NotEmpty(indicator.Needs);
        });
    }

    [Fact]
    public void NeedWithAlternatives_OneFilled_IsEnoughAndBothEmpty_NamesBoth()
    {
        // A placement reaches its child by clap_person_id or else clap_cla_id.
        Assert.Null(Reason("cla_3plus_placements_pct", FullExtract(emptyColumn: new SsdColumn("ssd_cla_placement", "clap_person_id"))));

        var reason = Reason("cla_3plus_placements_pct", FullExtract(
            emptyColumn: new SsdColumn("ssd_cla_placement", "clap_person_id"), alsoEmpty: new SsdColumn("ssd_cla_placement", "clap_cla_id")));

        Assert.Equal("clap_person_id empty in every row of ssd_cla_placement, and clap_cla_id empty in every row of ssd_cla_placement", reason);
    }

    [Fact]
    public void S47ToIcpc_NoConferenceTableAndNoOutcomeJson_IsUnavailableRatherThanZero()
    {
        var extract = FullExtract(emptyColumn: new SsdColumn("ssd_s47_enquiry", "s47e_s47_outcome_json"), absentTable: "ssd_initial_cp_conference");

        Assert.Equal("ssd_initial_cp_conference not in the extract, and s47e_s47_outcome_json empty in every row of ssd_s47_enquiry",
            Reason("s47_to_icpc_pct", extract));
    }

    [Fact]
    public void ClPathwayPlanPct_ReviewDateEmptyInEveryRow_UnavailableAndAColumnWarningNotZeroPercent()
    {
        // Forty care leavers aged 17, none with a pathway plan review date: before, 0 of 40 (0%); now unavailable.
        var persons = Enumerable.Range(1, 40).Select(i => Person($"P{i}", D("2006-01-01"))).ToImmutableArray();
        var leavers = Enumerable.Range(1, 40)
            .Select(i => new CareLeaver($"L{i}", $"P{i}", "Relevant", "YES", D("2023-06-01"), "D", "1", "F2", null, null, null, null))
            .ToImmutableArray();
        var extract = ExtractOf(AsAt, persons, leavers);

        var june = IndicatorEngine.Compute(new IndicatorInputs(extract, Population(10_000, 2023)), [Catalogue.Find("cl_pathway_plan_pct")!]).Values
            .Single(v => v.PeriodType == "snapshot");
        var warning = QualityRules.Find("column_empty")!.Find(new QualityInputs(extract)).ToList();

        Assert.Equal((false, "clea_pathway_plan_review_date empty in every row of ssd_care_leavers", (double?)null),
            (june.Available, june.UnavailableReason, june.Value));
        Assert.Contains(warning, f => f.Table == "ssd_care_leavers" && f.RecordId == "clea_pathway_plan_review_date"
            && f.Message.Contains("empty in every one of the 40 rows", StringComparison.Ordinal) && f.Message.Contains("cl_pathway_plan_pct", StringComparison.Ordinal));
        Assert.Equal(Severity.Warning, QualityRules.Find("column_empty")!.Severity);
    }

    [Fact]
    public void MissingRhiOfferedPct_OfferFlagEmptyInEveryRow_UnavailableButSometimesEmptyIsData()
    {
        static MissingEpisode Missing(string id, bool? offered) => new(id, "A", D("2023-06-01"), "Missing", D("2023-06-02"), offered, null);

        var allEmpty = Value("missing_rhi_offered_pct", ExtractOf(AsAt, ImmutableArray.Create(Missing("M1", null), Missing("M2", null))));
        var oneFilled = Value("missing_rhi_offered_pct", ExtractOf(AsAt, ImmutableArray.Create(Missing("M1", null), Missing("M2", true))));

        Assert.Equal((false, "miss_missing_rhi_offered empty in every row of ssd_missing"), (allEmpty.Available, allEmpty.UnavailableReason));
        Assert.Equal((1.0, 2.0, 50.0), (oneFilled.Numerator, oneFilled.Denominator, oneFilled.Value));
    }

    [Fact]
    public void ClaVisitsTimelyPct_SeenFlagEmptyInEveryRow_IsReadAsAbsentAndWarned()
    {
        // The seen column is present but empty everywhere: as if absent, every visit counts (1 of 1), and the data team is told.
        var extract = ExtractOf(AsAt,
            ImmutableArray.Create(new ClaEpisode("E1", "A", D("2023-01-01"), "S", "N1", null, null, "C1", null, null, null, null)),
            ImmutableArray.Create(new ClaVisit("V1", "C1", "A", D("2023-06-20"), null, null)));

        var june = Value("cla_visits_timely_pct", extract);
        var warning = QualityRules.Find("column_empty")!.Find(new QualityInputs(extract)).Single(f => f.RecordId == "clav_cla_visit_seen");

        Assert.Equal((1.0, 1.0), (june.Numerator, june.Denominator));
        Assert.Contains("read as absent by cla_visits_timely_pct", warning.Message, StringComparison.Ordinal);
    }

    private static IndicatorValue Value(string id, ExtractSet extract) =>
        IndicatorEngine.Compute(new IndicatorInputs(extract, Population(10_000, 2023)), [Catalogue.Find(id)!]).Values
            .Single(v => v.PeriodType == "month" && v.PeriodEnd == AsAt && v.Breakdown == "");

    private static string? Reason(string indicatorId, ExtractSet extract) =>
        Availability.Reason(Catalogue.Find(indicatorId)!, new IndicatorInputs(extract, Population(10_000, 2023)));

    /// <summary>
    /// Every contract table with one row whose every column holds a value, except <paramref name="emptyColumn"/> (and
    /// <paramref name="alsoEmpty"/>), null in that row; <paramref name="emptyTable"/> present with no rows; <paramref name="absentTable"/> left out.
    /// </summary>
    private static ExtractSet FullExtract(SsdColumn? emptyColumn = null, SsdColumn? alsoEmpty = null, string? emptyTable = null, string? absentTable = null)
    {
        var tables = ImmutableDictionary.CreateBuilder<Type, object>();
        foreach (var type in RecordTypes)
        {
            var name = type.GetCustomAttribute<SsdTableAttribute>()!.Name;
            if (name == absentTable)
            {
                continue;
            }

            var rows = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(type))!;
            if (name != emptyTable)
            {
                var values = type.GetConstructors().Single().GetParameters().Select(p =>
                {
                    var column = new SsdColumn(name, p.GetCustomAttribute<SsdAttribute>()!.Column);
                    return column == emptyColumn || column == alsoEmpty ? null : Filled(p.ParameterType);
                }).ToArray();
                rows.Add(type.GetConstructors().Single().Invoke(values));
            }

            tables[type] = rows;
        }

        return new ExtractSet(Manifest(AsAt), tables.ToImmutable());
    }

    private static object Filled(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "X",
        var t when t == typeof(DateOnly) => D("2023-01-01"),
        var t when t == typeof(Timestamp) => new Timestamp(D("2023-01-01"), new TimeOnly(10, 0)),
        var t when t == typeof(bool) => true,
        var t when t == typeof(int) => 1,
        var t when t == typeof(double) => 1.0,
        var t when t == typeof(OutcomeFlags) => OutcomeFlags.Empty,
        var t => throw new InvalidOperationException(t.Name),
    };
}
