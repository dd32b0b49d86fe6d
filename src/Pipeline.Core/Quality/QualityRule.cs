using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Reference;

namespace Pipeline.Quality;

public enum Severity
{
    Error,
    Warning,
    Query,
}

/// <summary>
/// One problem found in one record. <see cref="ErrorId"/> groups the records of one logical problem (both
/// plans of an overlap, every copy of a duplicated id). Messages carry dates and codes, never free text.
/// </summary>
public sealed record DqFinding(
    string Table,
    string RecordId,
    string? PersonId,
    string Fields,
    string Message,
    string ErrorId,
    string? WorkerId = null,
    string? TeamId = null);

/// <summary>
/// A data-quality rule: a stable code, what it checks in plain English, and, where there is one, the DfE
/// return validation rule it mirrors. Adding a rule is a declaration in <see cref="QualityRules"/> and a test.
/// </summary>
/// <remarks>
/// A rule that is a DfE validation rule (<see cref="Dfe"/>) has the DfE's code (<c>CIN:8840</c>, <c>903:103</c>), message
/// (its <see cref="Title"/>) and severity, and judges the records the return for the collection year containing as_at would
/// hold if it were made tonight. Its <see cref="Needs"/> are the columns without which it cannot be judged.
/// </remarks>
public sealed record QualityRule
{
    public required string Code { get; init; }

    public required string Title { get; init; }

    public required Severity Severity { get; init; }

    public required ImmutableArray<string> Tables { get; init; }

    public required string Fields { get; init; }

    public required string Description { get; init; }

    /// <summary>The CIN census or SSDA903 rule this mirrors, e.g. <c>CIN 1103</c>.</summary>
    public string? DfeEquivalent { get; init; }

    public required Func<QualityInputs, IEnumerable<DqFinding>> Find { get; init; }

    /// <summary>
    /// The family the rule is declared in (<see cref="QualityRules"/>, one file each). Rules of a family share lookups, let go
    /// when the family's last rule has run; the DfE's families share theirs across each return (<see cref="QualityStage.Run(QualityInputs, IEnumerable{QualityRule})"/>).
    /// </summary>
    public string Family { get; init; } = "";

    /// <summary>The DfE validation rule this rule is, as the DfE publishes it; null for the pipeline's own rules.</summary>
    public DfeRuleEntry? Dfe { get; init; }

    /// <summary>
    /// The columns the rule cannot be judged without: when the extract lacks one's table or the table's file lacks the column,
    /// the rule is reported not applicable rather than as finding nothing. A column present and empty is judged (an empty
    /// required value is what many rules look for).
    /// </summary>
    public ImmutableArray<SsdColumn> Needs { get; init; } = [];

    public string SeverityName => Severity.ToString().ToLowerInvariant();

    /// <summary>
    /// Why the rule cannot be judged on <paramref name="extract"/>: a needed table or column no source in the set provides, or a
    /// DfE rule that is not in its return's rules for the collection year containing as_at. Null when it can be judged.
    /// </summary>
    public string? NotApplicableReason(ExtractSet extract)
    {
        if (Dfe is { } dfe && dfe.VersionIn(CollectionYear.Of(extract.AsAt)) is null)
        {
            return $"not a {dfe.ReturnName} rule in {CollectionYear.Of(extract.AsAt)} (applies {dfe.YearsText})";
        }

        var missing = Needs
            .Select(c => (Column: c, State: extract.StateOf(c.Table, c.Column)))
            .Where(x => x.State is ColumnState.TableAbsent or ColumnState.ColumnAbsent)
            .Select(x => x.Column.Problem(x.State)!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return missing.Count == 0 ? null : string.Join("; ", missing);
    }
}
