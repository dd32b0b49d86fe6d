using System.Collections.Immutable;

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
    /// The family the rule is declared in (<see cref="QualityRules"/>, one file each). Rules of a family share lookups:
    /// the stage lets them go when it moves on to the next family.
    /// </summary>
    public string Family { get; init; } = "";

    public string SeverityName => Severity.ToString().ToLowerInvariant();
}
