using System.Collections.Immutable;
using System.Globalization;
using Pipeline.Ingest;

namespace Pipeline.Reference;

/// <summary>
/// The parts of indicator definitions the spec makes configurable, with its defaults, and the publication gate's thresholds. Read from
/// <c>settings.csv</c> (<c>key,value</c>) in the reference folder; a key not in the file keeps its default.
/// </summary>
public sealed record IndicatorSettings
{
    /// <summary>A child on a CP plan must be seen within this many working days.</summary>
    public int CpVisitWorkingDays { get; init; } = 15;

    /// <summary>A child on a CIN plan must be seen within this many days.</summary>
    public int CinVisitDays { get; init; } = 28;

    /// <summary>A looked-after child must be visited within this many days...</summary>
    public int ClaVisitDays { get; init; } = 42;

    /// <summary>...or this many once the period of care is 12 months old.</summary>
    public int ClaVisitDaysLongTerm { get; init; } = 84;

    /// <summary>Children looked after for fewer days than this are not yet due a visit.</summary>
    public int ClaVisitMinimumDaysInCare { get; init; } = 7;

    /// <summary><c>invo_professional_role_id</c> values that mean "allocated case worker" (compared case-insensitively).</summary>
    public ImmutableArray<string> AllocatedWorkerRoles { get; init; } = ["ALLOCATED_CASE_WORKER", "ALLOCATED SOCIAL WORKER", "ALLOCATED WORKER"];

    /// <summary>A <c>clah_health_check_type</c> containing any of these (case-insensitively) is a health assessment.</summary>
    public ImmutableArray<string> HealthAssessmentTypes { get; init; } = ["health assessment"];

    /// <summary>Workers holding more children than this are counted by <c>caseload_over_25_count</c>.</summary>
    public int CaseloadThreshold { get; init; } = 25;

    /// <summary>Publication gate: a table with a larger share of its rows quarantined blocks publication.</summary>
    public double GateMaxQuarantinedShare { get; init; } = 0.05;

    /// <summary>Publication gate: a table whose rows fall below this share of the previous night's blocks publication.</summary>
    public double GateMinVolumeRatio { get; init; } = 0.5;

    /// <summary>What the ingest may hold for one set (<see cref="IngestLimits"/>: field, record and manifest sizes).</summary>
    public IngestLimits Limits { get; init; } = new();

    public static IndicatorSettings Parse(IReadOnlyList<(string Key, string Value)> entries)
    {
        var settings = new IndicatorSettings();
        foreach (var (key, value) in entries)
        {
            settings = key switch
            {
                "cp_visit_working_days" => settings with { CpVisitWorkingDays = Int(key, value) },
                "cin_visit_days" => settings with { CinVisitDays = Int(key, value) },
                "cla_visit_days" => settings with { ClaVisitDays = Int(key, value) },
                "cla_visit_days_long_term" => settings with { ClaVisitDaysLongTerm = Int(key, value) },
                "cla_visit_minimum_days_in_care" => settings with { ClaVisitMinimumDaysInCare = Int(key, value) },
                "allocated_worker_roles" => settings with { AllocatedWorkerRoles = List(value) },
                "health_assessment_types" => settings with { HealthAssessmentTypes = List(value) },
                "caseload_threshold" => settings with { CaseloadThreshold = Int(key, value) },
                "gate_max_quarantined_share" => settings with { GateMaxQuarantinedShare = Share(key, value) },
                "gate_min_volume_ratio" => settings with { GateMinVolumeRatio = Share(key, value) },
                _ when settings.Limits.With(key, 1) is not null => settings with { Limits = settings.Limits.With(key, Int(key, value))! },
                _ => throw new FormatException($"settings.csv: unknown setting '{key}'"),
            };
        }

        return settings;
    }

    private static int Int(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"settings.csv: {key} must be a positive whole number, not '{value}'");

    private static double Share(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 1
            ? n
            : throw new FormatException($"settings.csv: {key} must be a share between 0 and 1, not '{value}'");

    private static ImmutableArray<string> List(string value) =>
        [.. value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
