using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Plausibility.
public static partial class QualityRules
{
    /// <summary>The most children one worker can plausibly hold at once.</summary>
    private const int MaxPlausibleChildrenPerWorker = 60;

    private static IEnumerable<QualityRule> Plausibility() =>
    [
        new()
        {
            Code = "cp_plan_past_18",
            Title = "CP plan open on or after the 18th birthday",
            Severity = Severity.Error,
            Tables = ["ssd_cp_plans", "ssd_person"],
            Fields = "cppl_cp_plan_start_date, cppl_cp_plan_end_date, pers_dob",
            Description = "A child protection plan (this council's or another's) is open on or after the child's 18th birthday, that "
                + "birthday being on or before as_at: it started on or after the birthday, or had no end, or ended after it. A plan ending "
                + "on the 18th birthday itself is closed that day and not flagged. Child protection plans are for children under 18."
                + " The DfE has nothing like it: the CIN census judges only children over 25 (CIN:8775Q).",
            Find = inputs => inputs.Extract.CpPlans
                .RowsWhere((nameof(CpPlan.PersonId), p => p.PersonId), (nameof(CpPlan.StartDate), p => p.StartDate), (nameof(CpPlan.EndDate), p => p.EndDate),
                    (child, start, end) => OpenOnOrAfter18(inputs, child, start, end))
                .Select(p => new DqFinding("ssd_cp_plans", p.PlanId, p.PersonId, "cppl_cp_plan_end_date",
                    Past18Message(inputs, p.PersonId, p.StartDate, p.EndDate), $"cp_plan_past_18:{p.PlanId}")),
        },
        new()
        {
            Code = "cin_plan_past_18",
            Title = "CIN plan open on or after the 18th birthday",
            Severity = Severity.Error,
            Tables = ["ssd_cin_plans", "ssd_person"],
            Fields = "cinp_cin_plan_start_date, cinp_cin_plan_end_date, pers_dob",
            Description = "A child in need plan is open on or after the child's 18th birthday, that birthday being on or before as_at: it "
                + "started on or after the birthday, or had no end, or ended after it. A plan ending on the 18th birthday itself is closed "
                + "that day and not flagged. Child in need plans are for children under 18."
                + " The DfE has nothing like it: the CIN census judges only children over 25 (CIN:8775Q).",
            Find = inputs => inputs.Extract.CinPlans
                .RowsWhere((nameof(CinPlan.PersonId), p => p.PersonId), (nameof(CinPlan.StartDate), p => p.StartDate), (nameof(CinPlan.EndDate), p => p.EndDate),
                    (child, start, end) => OpenOnOrAfter18(inputs, child, start, end))
                .Select(p => new DqFinding("ssd_cin_plans", p.PlanId, p.PersonId, "cinp_cin_plan_end_date",
                    Past18Message(inputs, p.PersonId, p.StartDate, p.EndDate), $"cin_plan_past_18:{p.PlanId}", p.WorkerId, p.TeamId)),
        },
        new()
        {
            Code = "worker_over_60_children",
            Title = "Worker allocated more than 60 children",
            Severity = Severity.Warning,
            Tables = ["ssd_involvements", "ssd_professionals"],
            Fields = "invo_professional_id, invo_professional_role_id, invo_involvement_start_date, invo_involvement_end_date",
            Description = "A worker holds more than 60 distinct children at as_at through allocated-worker involvements (ssd_involvements rows "
                + "open at as_at whose role is one of the configured allocated-worker roles: the caseload indicators' own definition). "
                + "Usually involvements never ended when children moved on, or a placeholder such as a duty or unallocated worker. Exactly "
                + "60 is not flagged. One finding per worker: record id is the worker id; team is the team in which they hold most children."
                + " No DfE return counts caseloads.",
            Find = WorkersOver60Children,
        },
        new()
        {
            Code = "care_leaver_age_out_of_range",
            Title = "Care leaver under 16 or over 25",
            Severity = Severity.Warning,
            Tables = ["ssd_care_leavers", "ssd_person"],
            Fields = "clea_person_id, pers_dob",
            Description = "A ssd_care_leavers row is for someone aged under 16 or over 25 (26 or older) at as_at. Leaving-care duties start "
                + "at 16 and end by 25, so a younger person is a wrongly recorded child and an older one a record never cleared. Aged "
                + "exactly 16 or 25 is not flagged."
                + " The DfE has nothing like it: the SSDA903 chooses its OC3 cohort by age (17th to 21st birthday in the year) and so never sees these rows.",
            Find = inputs => inputs.Extract.CareLeavers
                .Where(c => CareLeaverAge(inputs, c.PersonId) is < 16 or > 25)
                .Select(c => new DqFinding("ssd_care_leavers", c.CareLeaverId, c.PersonId, "clea_person_id",
                    $"aged {CareLeaverAge(inputs, c.PersonId)} at as_at {inputs.AsAt:yyyy-MM-dd}", $"care_leaver_age_out_of_range:{c.CareLeaverId}",
                    c.WorkerId, c.TeamId)),
        },
    ];

    private static DateOnly? EighteenthBirthday(QualityInputs inputs, string? personId) =>
        personId is not null && inputs.Persons.TryGetValue(personId, out var person) && person.DateOfBirth is { } dob ? dob.AddYears(18) : null;

    // Open on some day from the 18th birthday to as_at: started by as_at, the birthday reached by as_at, and the
    // plan either started on or after it or was still open on it (an end on the birthday closes it that day).
    private static bool OpenOnOrAfter18(QualityInputs inputs, string personId, DateOnly? start, DateOnly? end) =>
        start is { } s && EighteenthBirthday(inputs, personId) is { } eighteen && eighteen <= inputs.AsAt && s <= inputs.AsAt
            && (s >= eighteen || end is not { } e || e > eighteen);

    private static string Past18Message(QualityInputs inputs, string personId, DateOnly? start, DateOnly? end) =>
        $"plan from {start:yyyy-MM-dd} to {end?.ToString("yyyy-MM-dd") ?? "open"}; 18th birthday {EighteenthBirthday(inputs, personId):yyyy-MM-dd}";

    private static IEnumerable<DqFinding> CareStartedAt18Plus(QualityInputs inputs)
    {
        foreach (var (child, care) in inputs.CareByChild)
        {
            if (EighteenthBirthday(inputs, child) is not { } eighteen)
            {
                continue;
            }

            foreach (var start in care.Starts.Where(s => s.Date >= eighteen))
            {
                yield return new DqFinding("ssd_cla_episodes", start.Episode.EpisodeId, child, "clae_cla_episode_start_date",
                    $"period of care started {start.Date:yyyy-MM-dd}; 18th birthday {eighteen:yyyy-MM-dd}", $"care_started_at_18_plus:{start.Episode.EpisodeId}");
            }
        }
    }

    private static IEnumerable<DqFinding> WorkersOver60Children(QualityInputs inputs)
    {
        var caseloads = inputs.CaseloadsAtAsAt;
        var over = caseloads.ByWorker.Where(w => w.Children > MaxPlausibleChildrenPerWorker)
            .ToDictionary(w => w.WorkerId, w => w.Children, StringComparer.Ordinal);
        if (over.Count == 0)
        {
            return [];
        }

        // The team in which each of those workers holds most children (ties: the lowest team id).
        var mainTeam = new Dictionary<string, (string Team, int Children)>(StringComparer.Ordinal);
        foreach (var (team, workers) in caseloads.ByTeam)
        {
            foreach (var (worker, children) in workers)
            {
                if (over.ContainsKey(worker) && (!mainTeam.TryGetValue(worker, out var best) || children > best.Children
                    || (children == best.Children && string.CompareOrdinal(team, best.Team) < 0)))
                {
                    mainTeam[worker] = (team, children);
                }
            }
        }

        return over.Select(w => new DqFinding("ssd_professionals", w.Key, null, "invo_professional_id",
            $"{w.Value} children allocated at {inputs.AsAt:yyyy-MM-dd}", $"worker_over_60_children:{w.Key}",
            w.Key, mainTeam.TryGetValue(w.Key, out var t) ? t.Team : null));
    }

    private static int? CareLeaverAge(QualityInputs inputs, string personId) =>
        inputs.Persons.TryGetValue(personId, out var person) && person.DateOfBirth is { } dob ? Dates.AgeAt(dob, inputs.AsAt) : null;
}
