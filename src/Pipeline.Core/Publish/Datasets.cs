using System.Collections.Immutable;
using Pipeline.Indicators;
using Pipeline.Ingest;
using Pipeline.Quality;

namespace Pipeline.Publish;

/// <summary>
/// The published datasets and their Parquet schemas (outputs spec). Column names and types are a contract
/// with BI tools: change them only deliberately.
/// </summary>
public static class Datasets
{
    public const string IndicatorValues = "indicator_values";
    public const string IndicatorCatalogue = "indicator_catalogue";
    public const string DqSummary = "dq_summary";
    public const string DqIssues = "dq_issues";
    public const string Quarantine = "quarantine";
    public const string RunManifest = "run_manifest";
    public const string DqReport = "dq_report";
    public const string DqWorkbook = "dq_workbook";
    public const string DqRunChecks = "dq_run_checks";
    public const string RecordIds = "record_ids";

    /// <summary>The performance dashboard: one self-contained HTML page built from the published aggregates.</summary>
    public const string Dashboard = "dashboard";

    /// <summary>Every dataset a run can write, run manifest included: each has a BI partition per as_at once committed.</summary>
    public static readonly IReadOnlyList<string> All =
        [IndicatorValues, IndicatorCatalogue, DqSummary, DqIssues, Quarantine, RunManifest, DqReport, DqWorkbook, DqRunChecks, RecordIds, Dashboard];

    /// <summary>Datasets with person or worker ids: published only under <c>restricted/</c>.</summary>
    public static bool IsRestricted(string dataset) => dataset is DqIssues or Quarantine or DqReport or DqWorkbook or RecordIds;

    /// <summary>The file a dataset is written as.</summary>
    public static string FileName(string dataset) => dataset switch
    {
        RunManifest => "run_manifest.json",
        DqReport => "dq_report.html",
        DqWorkbook => "dq_report.xlsx",
        Dashboard => "dashboard.html",
        _ => dataset + ".parquet",
    };

    public static readonly ParquetTable<IndicatorValue> IndicatorValuesTable = new ParquetTable<IndicatorValue>()
        .Required("as_at", v => v.AsAt)
        .Text("la_code", v => v.LaCode)
        .Text("indicator_id", v => v.IndicatorId)
        .Text("period_type", v => v.PeriodType)
        .Required("period_start", v => v.PeriodStart)
        .Required("period_end", v => v.PeriodEnd)
        .Text("breakdown", v => v.Breakdown)
        .Text("breakdown_value", v => v.BreakdownValue)
        .Optional("numerator", v => v.Numerator)
        .Optional("denominator", v => v.Denominator)
        .Optional("value", v => v.Value)
        .Text("unit", v => v.Unit)
        .Text("polarity", v => v.Polarity)
        .Optional("target_min", v => v.TargetMin)
        .Optional("target_upper", v => v.TargetUpper)
        .Optional("england", v => v.England)
        .Optional("statistical_neighbours", v => v.StatisticalNeighbours)
        .Text("rag", v => v.Rag)
        .Text("rag_basis", v => v.RagBasis)
        .Text("dot", v => v.Dot)
        .Optional("dot_good", v => v.DotGood)
        .Required("is_partial", v => v.IsPartial)
        .Required("available", v => v.Available)
        .Text("unavailable_reason", v => v.UnavailableReason);

    public static readonly ParquetTable<IndicatorDefinition> IndicatorCatalogueTable = new ParquetTable<IndicatorDefinition>()
        .Text("indicator_id", i => i.Id)
        .Text("title", i => i.Title)
        .Text("area", i => i.Area)
        .Text("unit", i => i.UnitName)
        .Text("polarity", i => i.PolarityName)
        .Text("kind", i => i.KindName)
        .Text("definition", i => i.Definition)
        .Text("source_tables", i => string.Join(",", i.Tables));

    public static readonly ParquetTable<DqSummaryRow> DqSummaryTable = new ParquetTable<DqSummaryRow>()
        .Required("as_at", r => r.AsAt)
        .Text("rule_code", r => r.RuleCode)
        .Text("severity", r => r.Severity)
        .Text("title", r => r.Title)
        .Text("description", r => r.Description)
        .Text("dfe_equivalent", r => r.DfeEquivalent)
        .Required("count", r => r.Count)
        .Optional("new", r => r.New)
        .Optional("resolved", r => r.Resolved)
        .Text("status", r => r.Status)
        .Text("status_reason", r => r.StatusReason)
        .Text("dfe_return", r => r.DfeReturn)
        .Text("collection_year", r => r.CollectionYear)
        .Optional("oldest_first_seen", r => r.OldestFirstSeen);

    public static readonly ParquetTable<DqIssueRow> DqIssuesTable = new ParquetTable<DqIssueRow>()
        .Required("as_at", r => r.AsAt)
        .Text("rule_code", r => r.RuleCode)
        .Text("severity", r => r.Severity)
        .Text("table", r => r.Table)
        .Text("record_id", r => r.RecordId)
        .Text("person_id", r => r.PersonId)
        .Text("worker_id", r => r.WorkerId)
        .Text("team_id", r => r.TeamId)
        .Text("fields", r => r.Fields)
        .Text("message", r => r.Message)
        .Text("error_id", r => r.ErrorId)
        .Text("issue_key", r => r.IssueKey)
        .Required("first_seen", r => r.FirstSeen)
        .Text("status", r => r.Status)
        .Required("age_days", r => r.AgeDays);

    /// <summary>Reads a published dq_issues file back (last night's issues, for the lifecycle).</summary>
    public static async Task<ImmutableArray<DqIssueRow>> ReadDqIssuesAsync(byte[] parquet, CancellationToken cancellationToken = default)
    {
        var c = await ParquetTable<DqIssueRow>.ReadColumnsAsync(parquet, cancellationToken);
        var asAt = (DateOnly[])c["as_at"];
        string?[] Text(string name) => (string?[])c[name];
        return [.. Enumerable.Range(0, asAt.Length).Select(i => new DqIssueRow
        {
            AsAt = asAt[i],
            RuleCode = Text("rule_code")[i]!,
            Severity = Text("severity")[i]!,
            Table = Text("table")[i]!,
            RecordId = Text("record_id")[i]!,
            PersonId = Text("person_id")[i],
            WorkerId = Text("worker_id")[i],
            TeamId = Text("team_id")[i],
            Fields = Text("fields")[i]!,
            Message = Text("message")[i]!,
            ErrorId = Text("error_id")[i]!,
            FirstSeen = ((DateOnly[])c["first_seen"])[i],
            Status = Text("status")[i]!,
        })];
    }

    public static readonly ParquetTable<RunCheckFinding> DqRunChecksTable = new ParquetTable<RunCheckFinding>()
        .Text("check", f => f.Check)
        .Text("severity", f => f.Severity)
        .Text("subject", f => f.Subject)
        .Text("message", f => f.Message);

    /// <summary>Tonight's record-id hashes of the tables whose records should not vanish (kept restricted all the same).</summary>
    public static readonly ParquetTable<(string Table, ulong Hash)> RecordIdsTable = new ParquetTable<(string Table, ulong Hash)>()
        .Text("table", r => r.Table)
        .Required("id_hash", r => unchecked((long)r.Hash));

    /// <summary>Rows per row group of <c>record_ids</c>: a national extract has tens of millions of ids.</summary>
    public const int RecordIdsRowGroupRows = 1 << 20;

    /// <summary>
    /// Writes tonight's record ids, table by table in <paramref name="ids"/>' order, in row groups of at most
    /// <see cref="RecordIdsRowGroupRows"/> rows, so the rows are never all held at once.
    /// </summary>
    public static Task<byte[]> WriteRecordIdsAsync(IReadOnlyList<TableIds> ids, CancellationToken cancellationToken = default) =>
        RecordIdsTable.WriteRowGroupsAsync(ids.SelectMany(t => t.SortedHashes.Select(h => (t.Table, h))).Chunk(RecordIdsRowGroupRows), cancellationToken);

    public static async Task<IReadOnlyList<TableIds>> ReadRecordIdsAsync(byte[] parquet, CancellationToken cancellationToken = default)
    {
        var c = await ParquetTable<(string, ulong)>.ReadColumnsAsync(parquet, cancellationToken);
        var tables = (string?[])c["table"];
        var hashes = (long[])c["id_hash"];
        return tables.Select((t, i) => (Table: t!, Hash: unchecked((ulong)hashes[i]))).GroupBy(x => x.Table, StringComparer.Ordinal)
            .Select(g => new TableIds(g.Key, [.. g.Select(x => x.Hash).Order()])).ToList();
    }

    /// <summary>Reads a published indicator_values file back (last night's figures, for the run-to-run checks).</summary>
    public static async Task<ImmutableArray<IndicatorValue>> ReadIndicatorValuesAsync(byte[] parquet, CancellationToken cancellationToken = default)
    {
        var c = await ParquetTable<IndicatorValue>.ReadColumnsAsync(parquet, cancellationToken);
        var asAt = (DateOnly[])c["as_at"];
        string?[] Text(string name) => (string?[])c[name];
        var values = (double?[])c["value"];
        return [.. Enumerable.Range(0, asAt.Length).Select(i => new IndicatorValue
        {
            AsAt = asAt[i],
            LaCode = Text("la_code")[i]!,
            IndicatorId = Text("indicator_id")[i]!,
            PeriodType = Text("period_type")[i]!,
            PeriodStart = ((DateOnly[])c["period_start"])[i],
            PeriodEnd = ((DateOnly[])c["period_end"])[i],
            Breakdown = Text("breakdown")[i] ?? "",
            BreakdownValue = Text("breakdown_value")[i] ?? "",
            Value = values[i],
            Unit = Text("unit")[i]!,
            Polarity = Text("polarity")[i]!,
            IsPartial = ((bool[])c["is_partial"])[i],
            Available = ((bool[])c["available"])[i],
        })];
    }

    public static readonly ParquetTable<QuarantineEntry> QuarantineTable = new ParquetTable<QuarantineEntry>()
        .Text("table", q => q.Table)
        .Text("file", q => q.File)
        .Required("line", q => q.Line)
        .Text("column", q => q.Column)
        .Text("rule", q => q.Rule)
        .Text("action", q => q.Action)
        .Text("reason", q => q.Reason)
        .Text("record_id", q => q.RecordId)
        .Text("value", q => q.Value);
}
