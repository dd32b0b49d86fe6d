using System.Collections.Immutable;

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
}

public sealed record QualityResult(ImmutableArray<DqIssueRow> Issues, ImmutableArray<DqSummaryRow> Summary);

/// <summary>The quality stage: runs every rule of the registry over the accepted extract.</summary>
public static class QualityStage
{
    public static QualityResult Run(QualityInputs inputs, IEnumerable<QualityRule> rules)
    {
        var issues = ImmutableArray.CreateBuilder<DqIssueRow>();
        var summary = ImmutableArray.CreateBuilder<DqSummaryRow>();
        foreach (var rule in rules)
        {
            var found = rule.Find(inputs)
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
            issues.AddRange(found);
            summary.Add(new DqSummaryRow
            {
                AsAt = inputs.AsAt,
                RuleCode = rule.Code,
                Severity = rule.SeverityName,
                Title = rule.Title,
                Description = rule.Description,
                DfeEquivalent = rule.DfeEquivalent,
                Count = found.Count,
            });
        }

        return new QualityResult(issues.ToImmutable(), summary.ToImmutable());
    }
}
