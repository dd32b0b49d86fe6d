using System.Collections.Immutable;
using Pipeline.Indicators;
using Pipeline.Ingest;
using Pipeline.Quality;
using Pipeline.Reference;

namespace Pipeline.Publish.Dashboard;

/// <summary>
/// What the performance dashboard is built from: the snapshot's published aggregates (indicator values, the
/// catalogue, the data-quality counts) and the run's freshness facts. Nothing child-level reaches it, so the page
/// can sit under <c>published/</c> beside the Parquet it restates.
/// </summary>
public sealed record DashboardInput
{
    public required string LaCode { get; init; }

    public required DateOnly AsAt { get; init; }

    public required string RunId { get; init; }

    /// <summary><see cref="RunStatus.Published"/>, or <see cref="RunStatus.Blocked"/> for a snapshot the publication gate held back.</summary>
    public string Status { get; init; } = RunStatus.Published;

    public string? Reason { get; init; }

    /// <summary>The indicators in catalogue order: every one gets a row, whatever values it has.</summary>
    public required ImmutableArray<IndicatorDefinition> Catalogue { get; init; }

    public required ImmutableArray<IndicatorValue> Values { get; init; }

    public required ImmutableArray<DqSummaryRow> DqSummary { get; init; }

    public required DashboardFreshness Freshness { get; init; }

    /// <summary>The period each comparator value is for ("2021/22"), keyed by indicator id and basis (<c>england</c>, <c>statistical_neighbours</c>).</summary>
    public ImmutableDictionary<(string IndicatorId, string Basis), string> ComparatorPeriods { get; init; } =
        ImmutableDictionary<(string, string), string>.Empty;

    /// <summary>The caseload threshold the over-threshold counts were computed with (setting <c>caseload_threshold</c>).</summary>
    public int CaseloadThreshold { get; init; } = 25;

    /// <summary>How many months before the latest the team caseload table compares with (seed councils compare a quarter or a year).</summary>
    public int TeamsComparedMonthsBack { get; init; } = 12;

    /// <summary>This input with the comparator periods and caseload threshold of the reference data the run used.</summary>
    public DashboardInput WithReference(ReferenceData reference) => this with
    {
        // The latest period per indicator and basis, as ReferenceData.ComparatorFor picks its value.
        ComparatorPeriods = reference.Comparators.GroupBy(c => (c.IndicatorId, c.Basis))
            .ToImmutableDictionary(g => g.Key, g => g.Select(c => c.Period).Max(StringComparer.Ordinal)!),
        CaseloadThreshold = reference.Settings.CaseloadThreshold,
    };
}

/// <summary>When and from what the snapshot was made: the run manifest's facts a reader needs to trust the page.</summary>
public sealed record DashboardFreshness
{
    public required DateTimeOffset RunStartedAt { get; init; }

    /// <summary>When the case-management system made the extract (its manifest's <c>extracted_at</c>), as the exporter wrote it.</summary>
    public string? ExtractedAt { get; init; }

    public string? SourceSystem { get; init; }

    public string? SsdVersion { get; init; }

    public required string CodeVersion { get; init; }

    public required ImmutableArray<FileIngestStats> Files { get; init; }

    public ImmutableArray<string> Warnings { get; init; } = [];
}
