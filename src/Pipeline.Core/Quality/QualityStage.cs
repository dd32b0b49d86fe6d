using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Pipeline.Domain;
using Pipeline.Reference;

namespace Pipeline.Quality;

/// <summary>One row of <c>dq_issues</c> (restricted: it names people and workers).</summary>
public sealed record DqIssueRow
{
    public required DateOnly AsAt { get; init; }

    public required string RuleCode { get; init; }

    public required string Severity { get; init; }

    public required string Table { get; init; }

    public required string RecordId { get; init; }

    public string? PersonId { get; init; }

    public string? WorkerId { get; init; }

    public string? TeamId { get; init; }

    public required string Fields { get; init; }

    public required string Message { get; init; }

    public required string ErrorId { get; init; }

    /// <summary>Stable across nights while the same rule flags the same record: what the lifecycle keys on.</summary>
    public string IssueKey => $"{RuleCode}|{Table}|{RecordId}|{ErrorId}";

    /// <summary>The first snapshot (as_at) in which this issue appeared.</summary>
    public DateOnly FirstSeen { get; init; }

    /// <summary><c>new</c> tonight, <c>persisting</c> from an earlier night, or <c>resolved</c> (flagged last time, not tonight).</summary>
    public string Status { get; init; } = IssueStatus.New;

    /// <summary>Days from <see cref="FirstSeen"/> to this snapshot's as_at.</summary>
    public int AgeDays => AsAt.DayNumber - FirstSeen.DayNumber;
}

public static class IssueStatus
{
    public const string New = "new";
    public const string Persisting = "persisting";
    public const string Resolved = "resolved";
}

/// <summary>One row of <c>dq_summary</c>: every rule, even when it found nothing.</summary>
public sealed record DqSummaryRow
{
    public required DateOnly AsAt { get; init; }

    public required string RuleCode { get; init; }

    public required string Severity { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public string? DfeEquivalent { get; init; }

    public required long Count { get; init; }

    /// <summary>Issues of this rule not flagged in the previous snapshot (null: there was no previous snapshot).</summary>
    public long? New { get; init; }

    /// <summary>Issues of this rule flagged in the previous snapshot and gone tonight (null: no previous snapshot).</summary>
    public long? Resolved { get; init; }

    /// <summary><see cref="RuleStatus.Checked"/>, or <see cref="RuleStatus.NotApplicable"/> with <see cref="StatusReason"/>: then
    /// <see cref="Count"/> is 0 because the rule could not be judged, not because nothing broke it.</summary>
    public string Status { get; init; } = RuleStatus.Checked;

    /// <summary>Why the rule is not applicable (a table or column no source in the set provides); null when checked.</summary>
    public string? StatusReason { get; init; }

    /// <summary>For a DfE rule, its return: <c>CIN census</c> or <c>SSDA903</c>; null for the pipeline's own rules.</summary>
    public string? DfeReturn { get; init; }

    /// <summary>For a DfE rule, the collection year of the return it judges (the one containing as_at, <c>2026-27</c>).</summary>
    public string? CollectionYear { get; init; }

    /// <summary>The earliest first_seen of this rule's open issues tonight: how long the oldest has waited; null when none.</summary>
    public DateOnly? OldestFirstSeen { get; init; }
}

/// <summary>Whether a rule was judged on the extract (<c>dq_summary.status</c>).</summary>
public static class RuleStatus
{
    public const string Checked = "checked";
    public const string NotApplicable = "not_applicable";
}

public sealed record QualityResult(ImmutableArray<DqIssueRow> Issues, ImmutableArray<DqSummaryRow> Summary);

/// <summary>The previous snapshot's issues, to tell new from persisting and resolved.</summary>
public sealed record PreviousIssues(DateOnly AsAt, ImmutableArray<DqIssueRow> Issues);

/// <summary>The quality stage: runs every rule of the registry over the accepted extract.</summary>
public static class QualityStage
{
    /// <summary>
    /// Runs the rules and dates each issue against <paramref name="previous"/>: an issue flagged last time keeps its
    /// first_seen and is persisting; one not flagged last time is new (first seen tonight); one flagged last time and
    /// not tonight is listed once more as resolved, so the morning report shows what was fixed.
    /// </summary>
    public static QualityResult Run(QualityInputs inputs, IEnumerable<QualityRule> rules, PreviousIssues? previous)
    {
        var current = Run(inputs, rules);
        if (previous is null)
        {
            var firstNight = current.Issues.Select(i => i with { FirstSeen = inputs.AsAt }).ToImmutableArray();
            var found = firstNight.Select(i => i.RuleCode).ToHashSet(StringComparer.Ordinal);
            return new QualityResult(firstNight,
                [.. current.Summary.Select(r => found.Contains(r.RuleCode) ? r with { OldestFirstSeen = inputs.AsAt } : r)]);
        }

        var before = previous.Issues.Where(i => i.Status != IssueStatus.Resolved)
            .GroupBy(i => i.IssueKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var issues = current.Issues.Select(i => before.TryGetValue(i.IssueKey, out var seen)
            ? i with { FirstSeen = seen.FirstSeen, Status = IssueStatus.Persisting }
            : i with { FirstSeen = inputs.AsAt, Status = IssueStatus.New }).ToList();
        var tonight = issues.Select(i => i.IssueKey).ToHashSet(StringComparer.Ordinal);
        var resolved = previous.Issues.Where(i => i.Status != IssueStatus.Resolved && !tonight.Contains(i.IssueKey))
            .Select(i => i with { AsAt = inputs.AsAt, Status = IssueStatus.Resolved })
            .OrderBy(i => i.RuleCode, StringComparer.Ordinal).ThenBy(i => i.IssueKey, StringComparer.Ordinal)
            .ToList();
        // NOTE: grouped once, not counted rule by rule: a few hundred rules over a national extract's issues.
        var newByRule = issues.Where(i => i.Status == IssueStatus.New).CountBy(i => i.RuleCode).ToDictionary(StringComparer.Ordinal);
        var resolvedByRule = resolved.CountBy(i => i.RuleCode).ToDictionary(StringComparer.Ordinal);
        var oldestByRule = issues.GroupBy(i => i.RuleCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(i => i.FirstSeen), StringComparer.Ordinal);
        var summary = current.Summary.Select(r => r with
        {
            New = newByRule.GetValueOrDefault(r.RuleCode),
            Resolved = resolvedByRule.GetValueOrDefault(r.RuleCode),
            OldestFirstSeen = oldestByRule.TryGetValue(r.RuleCode, out var oldest) ? oldest : null,
        }).ToImmutableArray();
        return new QualityResult([.. issues, .. resolved], summary);
    }

    /// <summary>
    /// Runs the rules side by side, handed out one at a time in registry order. The rules of a family read one view of the
    /// inputs (<see cref="QualityInputs.ForFamily"/>, <see cref="SideBySide.ForGroups"/>), whose lookups are built once and
    /// let go when the family's last rule has run; the DfE's rules share one view for each return, across its families.
    /// Issues and summary rows come in registry order.
    /// </summary>
    /// <remarks>
    /// NOTE: not family after family: then each family waited for its slowest rule with a core idle (worker_over_60_children
    /// alone took 4.0 of its family's 4.0 s nationally, orphan_referral 5.1 of 5.1 s). Twice as many rules at once as there
    /// are cores, because a rule often waits for a lookup another rule of its family is building: nationally the stage took
    /// 39.7 s with 2 at once, 35.4-37.2 s with 4 and 35.6 s with 6, at the same peak memory (bench/README.md, sixth pass).
    /// At most that many families hold lookups at once.
    /// NOTE: the families of a DfE return read the same lookups of the return's children (their referrals, care histories,
    /// placements): with a view each, every family built them again, and its rules waited on one core while it did. One view
    /// per return: the stage took 28.9 s nationally against 34.7-38.0 s, at the same peak memory (bench/README.md, sixth pass).
    /// </remarks>
    // NOTE: compiled optimised at once, as IndicatorEngine.Compute: unoptimised code would keep each rule's temporaries
    // alive to the end of the stage.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static QualityResult Run(QualityInputs inputs, IEnumerable<QualityRule> rules)
    {
        var all = rules.ToList();
        var found = new List<DqIssueRow>[all.Count];
        var notApplicable = all.Select(r => r.NotApplicableReason(inputs.Extract)).ToArray();
        var collectionYear = CollectionYear.Of(inputs.AsAt);
        var year = collectionYear.ToString();
        SideBySide.ForGroups([.. all.Select(r => r.Dfe?.ReturnName ?? r.Family)], 2 * Environment.ProcessorCount, inputs.ForFamily,
            (i, family) => found[i] = notApplicable[i] is null ? Issues(family, all[i]) : []);

        return new QualityResult(
            [.. found.SelectMany(f => f)],
            [.. all.Select((rule, i) => new DqSummaryRow
            {
                AsAt = inputs.AsAt,
                RuleCode = rule.Code,
                Severity = rule.SeverityName,
                // A DfE rule's message as it stood in the year judged (CIN:4180 said "Gender is missing" before 2024-25).
                Title = rule.Dfe?.VersionIn(collectionYear)?.Message ?? rule.Title,
                Description = rule.Description,
                DfeEquivalent = rule.DfeEquivalent,
                Count = found[i].Count,
                Status = notApplicable[i] is null ? RuleStatus.Checked : RuleStatus.NotApplicable,
                StatusReason = notApplicable[i],
                DfeReturn = rule.Dfe?.ReturnName,
                CollectionYear = rule.Dfe is null ? null : year,
            })]);
    }

    private static List<DqIssueRow> Issues(QualityInputs inputs, QualityRule rule) => rule.Find(inputs)
        .OrderBy(f => f.Table, StringComparer.Ordinal).ThenBy(f => f.RecordId, StringComparer.Ordinal).ThenBy(f => f.ErrorId, StringComparer.Ordinal)
        .Select(f => new DqIssueRow
        {
            AsAt = inputs.AsAt,
            RuleCode = rule.Code,
            Severity = rule.SeverityName,
            Table = f.Table,
            RecordId = f.RecordId,
            PersonId = f.PersonId,
            WorkerId = f.WorkerId,
            TeamId = f.TeamId,
            Fields = f.Fields,
            Message = f.Message,
            ErrorId = f.ErrorId,
        })
        .ToList();
}
