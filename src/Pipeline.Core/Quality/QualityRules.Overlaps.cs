using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Overlaps.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> Overlaps() =>
    [
        new()
        {
            Code = "cp_plan_overlap",
            Title = "Two CP plans open at once",
            Severity = Severity.Error,
            Tables = ["ssd_cp_plans"],
            Fields = "cppl_cp_plan_start_date, cppl_cp_plan_end_date",
            Description = "A child has two of this council's child protection plans (not OLA) open on the same day.",
            DfeEquivalent = "CIN 8940",
            Find = inputs => inputs.Extract.CpPlans
                .Where(p => p.HeldByOtherCouncil != true && p.StartDate is not null)
                .GroupBy(p => p.PersonId, StringComparer.Ordinal)
                .SelectMany(OverlappingPlans),
        },
        new()
        {
            Code = "cla_episode_overlap",
            Title = "Two CLA episodes open at once",
            Severity = Severity.Error,
            Tables = ["ssd_cla_episodes"],
            Fields = "clae_cla_episode_start_date, clae_cla_episode_ceased_date",
            Description = "A child has two CLA episodes open on the same day: one starts before another has ceased. An episode starting "
                + "on the day the previous one ceased is back-to-back, not an overlap; two starting the same day overlap. Episodes with "
                + "no start date, or ceasing before they start, are left to other rules. Both episodes of a pair share one error id.",
            DfeEquivalent = "SSDA903 501",
            Find = inputs => inputs.ClaEpisodesOfChild.Values.SelectMany(episodes => OverlappingSpans(episodes
                    .Where(e => e.Start is not null && !(e.End < e.Start))
                    .Select(e => new DatedSpan(e.Id, e.Start!.Value, e.End)))
                .SelectMany(pair => OverlapFindings("cla_episode_overlap", "ssd_cla_episodes", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date",
                    episodes[0].PersonId, pair))),
        },
        new()
        {
            Code = "cin_plan_open_twice",
            Title = "Two CIN plans open at as_at",
            Severity = Severity.Error,
            Tables = ["ssd_cin_plans"],
            Fields = "cinp_cin_plan_end_date",
            Description = "A child has more than one CIN plan open at as_at (started on or before it, no end or an end after it). Every "
                + "open plan of the child is listed under one error id; rows sharing one id are duplicate_id, not this rule.",
            DfeEquivalent = "CIN 4004",
            Find = inputs => inputs.CinPlansOfChild.SelectMany(child =>
            {
                var open = child.Value.Where(p => Dates.IsOpenAt(p.Start, p.End, inputs.AsAt)).ToList();
                var plans = open.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count();
                return plans < 2
                    ? []
                    : open.Select(p => new DqFinding("ssd_cin_plans", p.Id, child.Key, "cinp_cin_plan_end_date",
                        $"open since {p.Start:yyyy-MM-dd}; {plans} CIN plans open at {inputs.AsAt:yyyy-MM-dd}",
                        $"cin_plan_open_twice:{child.Key}", p.WorkerId, p.TeamId));
            }),
        },
        new()
        {
            Code = "cin_plan_overlap",
            Title = "Two CIN plans overlapping",
            Severity = Severity.Error,
            Tables = ["ssd_cin_plans"],
            Fields = "cinp_cin_plan_start_date, cinp_cin_plan_end_date",
            Description = "A child's CIN plan starts before another of their CIN plans has ended. A plan starting on the day the previous "
                + "one ended is back-to-back, not an overlap. Pairs still both open at as_at are cin_plan_open_twice and not repeated here. "
                + "Both plans of a pair share one error id.",
            DfeEquivalent = "CIN 4014",
            Find = inputs => inputs.CinPlansOfChild.Values.SelectMany(plans => OverlappingSpans(plans
                    .Where(p => p.Start is not null && !(p.End < p.Start))
                    .Select(p => new DatedSpan(p.Id, p.Start!.Value, p.End, p.WorkerId, p.TeamId)))
                .Where(pair => !(pair.Earlier.IsOpenAt(inputs.AsAt) && pair.Later.IsOpenAt(inputs.AsAt)))
                .SelectMany(pair => OverlapFindings("cin_plan_overlap", "ssd_cin_plans", "cinp_cin_plan_start_date", "cinp_cin_plan_end_date",
                    plans[0].PersonId, pair))),
        },
        new()
        {
            Code = "referral_open_twice",
            Title = "Two CIN episodes open at as_at that are not no further action",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes"],
            Fields = "cine_close_date, cine_referral_nfa",
            Description = "A child has more than one CIN episode (referral) open at as_at (referral date on or before it, no close date or "
                + "one after it) whose referral is not marked no further action (cine_referral_nfa not Y), as the DfE's rule counts them. "
                + "Every open episode of the child is then listed under one error id, NFA ones included; rows sharing one id are "
                + "duplicate_id, not this rule.",
            DfeEquivalent = "CIN 8815",
            Find = inputs => inputs.CinEpisodesOfChild.SelectMany(child =>
            {
                var open = child.Value.Where(r => Dates.IsOpenAt(r.Start, r.End, inputs.AsAt)).ToList();
                var furtherAction = open.Where(r => !inputs.NfaReferralIds.Contains(r.Id)).Select(r => r.Id).Distinct(StringComparer.Ordinal).Count();
                var episodes = open.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count();
                return furtherAction < 2
                    ? []
                    : open.Select(r => new DqFinding("ssd_cin_episodes", r.Id, child.Key, "cine_close_date",
                        $"open since {r.Start:yyyy-MM-dd}; {episodes} CIN episodes open at {inputs.AsAt:yyyy-MM-dd}, {furtherAction} not NFA",
                        $"referral_open_twice:{child.Key}", r.WorkerId, r.TeamId));
            }),
        },
        new()
        {
            Code = "cin_episode_overlap",
            Title = "Two CIN episodes overlapping",
            Severity = Severity.Error,
            Tables = ["ssd_cin_episodes"],
            Fields = "cine_referral_date, cine_close_date",
            Description = "A child's referral is dated before another of their CIN episodes has closed (on or after its referral date). "
                + "A referral on the day the previous episode closed is back-to-back, not an overlap. Pairs still both open at as_at are "
                + "referral_open_twice and not repeated here. Both episodes of a pair share one error id.",
            DfeEquivalent = "CIN 8820",
            Find = inputs => inputs.CinEpisodesOfChild.Values.SelectMany(episodes => OverlappingSpans(episodes
                    .Where(r => r.Start is not null && !(r.End < r.Start))
                    .Select(r => new DatedSpan(r.Id, r.Start!.Value, r.End, r.WorkerId, r.TeamId)))
                .Where(pair => !(pair.Earlier.IsOpenAt(inputs.AsAt) && pair.Later.IsOpenAt(inputs.AsAt)))
                .SelectMany(pair => OverlapFindings("cin_episode_overlap", "ssd_cin_episodes", "cine_referral_date", "cine_close_date",
                    episodes[0].PersonId, pair))),
        },
    ];

    /// <summary>A record's time span: open from <see cref="Start"/> until the day before <see cref="End"/> (null: still open).</summary>
    private sealed record DatedSpan(string Id, DateOnly Start, DateOnly? End, string? WorkerId = null, string? TeamId = null)
    {
        public bool IsOpenAt(DateOnly date) => Dates.IsOpenAt(Start, End, date);
    }

    // Sorted by start (equal starts: the longest first, then by id), each span overlaps the latest-ending one
    // before it when it starts before that one ends: one sort and one pass per child.
    private static IEnumerable<(DatedSpan Earlier, DatedSpan Later)> OverlappingSpans(IEnumerable<DatedSpan> spans)
    {
        DatedSpan? latestEnding = null;
        foreach (var span in spans.OrderBy(s => s.Start).ThenByDescending(s => s.End ?? DateOnly.MaxValue).ThenBy(s => s.Id, StringComparer.Ordinal))
        {
            // Two rows with one id are duplicate_id's to report, not an overlap.
            if (latestEnding is not null && (latestEnding.End is null || latestEnding.End > span.Start)
                && !string.Equals(latestEnding.Id, span.Id, StringComparison.Ordinal))
            {
                yield return (latestEnding, span);
            }

            if (latestEnding is null || (latestEnding.End is { } end && (span.End is null || span.End > end)))
            {
                latestEnding = span;
            }
        }
    }

    private static IEnumerable<DqFinding> OverlapFindings(string code, string table, string startField, string endField, string personId, (DatedSpan Earlier, DatedSpan Later) pair)
    {
        var (earlier, later) = pair;
        var errorId = $"{code}:{earlier.Id}:{later.Id}";
        var message = $"starts {later.Start:yyyy-MM-dd} while {earlier.Id} ({earlier.Start:yyyy-MM-dd} to {earlier.End?.ToString("yyyy-MM-dd") ?? "open"}) is open";
        yield return new DqFinding(table, later.Id, personId, startField, message, errorId, later.WorkerId, later.TeamId);
        yield return new DqFinding(table, earlier.Id, personId, endField, message, errorId, earlier.WorkerId, earlier.TeamId);
    }

    // Plans sorted by start: each overlaps the one before it when it starts before that one ends.
    private static IEnumerable<DqFinding> OverlappingPlans(IEnumerable<CpPlan> childPlans)
    {
        CpPlan? latestEnding = null;
        foreach (var plan in childPlans.OrderBy(p => p.StartDate).ThenBy(p => p.PlanId, StringComparer.Ordinal))
        {
            if (latestEnding is not null && (latestEnding.EndDate is null || latestEnding.EndDate > plan.StartDate))
            {
                var errorId = $"cp_plan_overlap:{latestEnding.PlanId}:{plan.PlanId}";
                var message = $"plan started {plan.StartDate:yyyy-MM-dd} while plan {latestEnding.PlanId} (from {latestEnding.StartDate:yyyy-MM-dd}) was open";
                yield return new DqFinding("ssd_cp_plans", plan.PlanId, plan.PersonId, "cppl_cp_plan_start_date", message, errorId);
                yield return new DqFinding("ssd_cp_plans", latestEnding.PlanId, latestEnding.PersonId, "cppl_cp_plan_end_date", message, errorId);
            }

            if (latestEnding is null || (latestEnding.EndDate is not null && (plan.EndDate is null || plan.EndDate > latestEnding.EndDate)))
            {
                latestEnding = plan;
            }
        }
    }
}
