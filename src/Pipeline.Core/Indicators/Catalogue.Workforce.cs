using Pipeline.Extract;

namespace Pipeline.Indicators;

public static partial class Catalogue
{
    private const string WorkforceArea = "Workforce";

    private const string AllocationsDefinition = "Allocations at the period end d are the ssd_involvements rows open at d "
        + "(invo_involvement_start_date on or before d, and no invo_involvement_end_date or one after d: an allocation ending on d "
        + "is not held at d) whose invo_professional_role_id, trimmed and compared case-insensitively, is one of the configured "
        + "allocated-worker roles (setting allocated_worker_roles; default ALLOCATED_CASE_WORKER, ALLOCATED SOCIAL WORKER, "
        + "ALLOCATED WORKER). Rows with no invo_professional_id, invo_person_id or start date are not allocations. A worker's "
        + "caseload is the number of distinct children (invo_person_id) allocated to them at d; only workers holding at least "
        + "one child count. By team: the team is the allocation's invo_professional_team, named from ssd_department (the id "
        + "when unnamed); a worker with children in two teams counts in each team with that team's children; allocations with "
        + "no team count in the council figure only. Built from the involvement history, so every month has a value. "
        + "Unavailable when ssd_involvements has rows but none has an allocated-worker role (the role setting does not fit the extract).";

    private const string AgencyCurrentOnly = "ssd_professionals holds the current workforce only: earlier periods cannot be reconstructed, "
        + "and the nightly snapshots become the history";

    private static IEnumerable<IndicatorDefinition> Workforce() =>
    [
        new()
        {
            Id = "caseload_avg",
            Title = "Average caseload",
            Area = WorkforceArea,
            Unit = Unit.Mean,
            Polarity = Polarity.LowerIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_involvements"],
            Needs =
            [
                "ssd_involvements.invo_professional_id",
                "ssd_involvements.invo_person_id",
                "ssd_involvements.invo_professional_role_id",
                "ssd_involvements.invo_involvement_start_date",
            ],
            ByTeam = true,
            Definition = "The mean caseload at the period end: numerator the sum over workers of their distinct allocated children "
                + "(a child allocated to two workers counts for each), denominator the number of workers holding at least one child; "
                + "no value when no worker holds a child. " + AllocationsDefinition,
            Unavailable = CaseloadsUnavailable,
            At = (inputs, d) => CaseloadMean(Caseloads(inputs, d)),
            AtByTeam = (inputs, d) => ByTeamCaseloads(inputs, d, CaseloadMean),
        },
        new()
        {
            Id = "caseload_over_25_count",
            Title = "Workers holding more than 25 children (threshold configurable, default 25)",
            Area = WorkforceArea,
            Unit = Unit.Count,
            Polarity = Polarity.LowerIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_involvements"],
            Needs =
            [
                "ssd_involvements.invo_professional_id",
                "ssd_involvements.invo_person_id",
                "ssd_involvements.invo_professional_role_id",
                "ssd_involvements.invo_involvement_start_date",
            ],
            ByTeam = true,
            Definition = "Workers whose caseload at the period end is strictly more than the threshold (setting caseload_threshold, "
                + "default 25: a worker holding exactly 25 is not counted). Numerator that count, denominator the workers holding "
                + "at least one child; no value when no worker holds a child. " + AllocationsDefinition,
            Unavailable = CaseloadsUnavailable,
            At = (inputs, d) => CaseloadsOver(Caseloads(inputs, d), inputs.Settings.CaseloadThreshold),
            AtByTeam = (inputs, d) => ByTeamCaseloads(inputs, d, c => CaseloadsOver(c, inputs.Settings.CaseloadThreshold)),
        },
        new()
        {
            Id = "caseload_min",
            Title = "Smallest caseload",
            Area = WorkforceArea,
            Unit = Unit.Count,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_involvements"],
            Needs =
            [
                "ssd_involvements.invo_professional_id",
                "ssd_involvements.invo_person_id",
                "ssd_involvements.invo_professional_role_id",
                "ssd_involvements.invo_involvement_start_date",
            ],
            ByTeam = true,
            Definition = "The smallest caseload at the period end among workers holding at least one child (so never 0); no value "
                + "when no worker holds a child. With caseload_max, the caseload range councils show per team. " + AllocationsDefinition,
            Unavailable = CaseloadsUnavailable,
            At = (inputs, d) => CaseloadExtreme(Caseloads(inputs, d), Enumerable.Min),
            AtByTeam = (inputs, d) => ByTeamCaseloads(inputs, d, c => CaseloadExtreme(c, Enumerable.Min)),
        },
        new()
        {
            Id = "caseload_max",
            Title = "Largest caseload",
            Area = WorkforceArea,
            Unit = Unit.Count,
            Polarity = Polarity.Neutral,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_involvements"],
            Needs =
            [
                "ssd_involvements.invo_professional_id",
                "ssd_involvements.invo_person_id",
                "ssd_involvements.invo_professional_role_id",
                "ssd_involvements.invo_involvement_start_date",
            ],
            ByTeam = true,
            Definition = "The largest caseload at the period end among workers holding at least one child; no value when no worker "
                + "holds a child. " + AllocationsDefinition,
            Unavailable = CaseloadsUnavailable,
            At = (inputs, d) => CaseloadExtreme(Caseloads(inputs, d), Enumerable.Max),
            AtByTeam = (inputs, d) => ByTeamCaseloads(inputs, d, c => CaseloadExtreme(c, Enumerable.Max)),
        },
        new()
        {
            Id = "agency_worker_pct",
            Title = "% social worker FTE that is agency",
            Area = WorkforceArea,
            Unit = Unit.Percent,
            Polarity = Polarity.LowerIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_professionals"],
            Needs = ["ssd_professionals.prof_social_worker_registration_no", "ssd_professionals.prof_agency_worker_flag"],
            CurrentOnlyReason = AgencyCurrentOnly,
            Definition = "Social workers are the ssd_professionals rows (one per prof_professional_id) whose "
                + "prof_social_worker_registration_no starts with SW (case-insensitively). Of those, the denominator is the sum of "
                + "prof_full_time_equivalency over workers whose prof_agency_worker_flag is Y or N, the numerator the same sum over "
                + "those flagged Y; workers with no flag (empty or a placeholder) are left out. A worker with no FTE recorded (or a "
                + "negative one, which cannot be real) counts as 1.0 FTE, so that a missing figure does not make a worker disappear "
                + "from the split. Current position only: values for periods ending at as_at. Unavailable when no social worker has "
                + "a Y or N flag (the SSD ships the field as PLACEHOLDER_DATA until the council fills it).",
            Unavailable = inputs => SocialWorkers(inputs).Any(p => p.IsAgency is not null)
                ? null
                : "no social worker in ssd_professionals has prof_agency_worker_flag Y or N (the SSD ships it as PLACEHOLDER_DATA until the council fills it)",
            At = (inputs, _) => AgencyFte(inputs),
        },
    ];

    private static string? CaseloadsUnavailable(IndicatorInputs inputs) =>
        inputs.Extract.Involvements.Count > 0 && !inputs.AnyAllocatedWorkerRole
            ? $"no ssd_involvements row has an allocated-worker role ({string.Join(", ", inputs.Settings.AllocatedWorkerRoles)}); check setting allocated_worker_roles"
            : null;

    private static List<int> Caseloads(IndicatorInputs inputs, DateOnly d) =>
        inputs.CaseloadsAt(d).ByWorker.Select(worker => worker.Children).ToList();

    private static Dictionary<string, Measure> ByTeamCaseloads(IndicatorInputs inputs, DateOnly d, Func<IReadOnlyList<int>, Measure?> measure)
    {
        var byTeam = new Dictionary<string, Measure>(StringComparer.Ordinal);
        foreach (var (team, workers) in inputs.CaseloadsAt(d).ByTeam)
        {
            if (measure(workers.Select(worker => worker.Children).ToList()) is { } m)
            {
                byTeam[team] = m;
            }
        }

        return byTeam;
    }

    // An empty denominator is a row with no value (the engine's rule for means), not an average of 0.
    private static Measure? CaseloadMean(IReadOnlyList<int> caseloads) => new Measure(caseloads.Sum(), caseloads.Count);

    private static Measure? CaseloadsOver(IReadOnlyList<int> caseloads, int threshold) =>
        caseloads.Count == 0 ? null : new Measure(caseloads.Count(c => c > threshold), caseloads.Count);

    private static Measure? CaseloadExtreme(IReadOnlyList<int> caseloads, Func<IEnumerable<int>, int> pick) =>
        caseloads.Count == 0 ? null : new Measure(pick(caseloads), null);

    private static IEnumerable<Professional> SocialWorkers(IndicatorInputs inputs) =>
        inputs.Extract.Professionals
            .Where(p => p.RegistrationNumber?.Trim().StartsWith("SW", StringComparison.OrdinalIgnoreCase) == true)
            .DistinctBy(p => p.ProfessionalId, StringComparer.Ordinal);

    private static Measure AgencyFte(IndicatorInputs inputs)
    {
        double agency = 0, flagged = 0;
        foreach (var worker in SocialWorkers(inputs).Where(p => p.IsAgency is not null))
        {
            var fte = worker.FullTimeEquivalent is { } f && f >= 0 ? f : 1.0;
            flagged += fte;
            if (worker.IsAgency == true)
            {
                agency += fte;
            }
        }

        return new Measure(agency, flagged);
    }
}
