using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Ingest.Csv;

namespace Pipeline.Reference;

/// <summary>The statutory return a DfE validation rule belongs to.</summary>
public enum DfeReturn
{
    /// <summary>The child in need census (rules written <c>CIN:8840</c>).</summary>
    CinCensus,

    /// <summary>The SSDA903 children looked after return (rules written <c>903:103</c>).</summary>
    Ssda903,
}

/// <summary>One wording of a DfE rule, in force from <see cref="FirstYear"/> until the next version's first year.</summary>
/// <param name="FirstYear">Null when the rule is in the oldest list the pipeline holds, and so taken to hold in every earlier
/// year too (as a code of the DfE's code lists is).</param>
/// <param name="Severity"><c>error</c> or <c>query</c>.</param>
public sealed record DfeRuleVersion(CollectionYear? FirstYear, string Severity, string Message);

/// <summary>
/// A DfE validation rule as the DfE publishes it: code (<c>CIN:2886Q</c>, <c>903:103</c>), the versions of its message by
/// collection year, and for SSDA903 rules the return's fields and tables it names.
/// </summary>
public sealed record DfeRuleEntry(string Code, DfeReturn Return, ImmutableArray<DfeRuleVersion> Versions, string? AffectedFields, string? ReturnTables)
{
    /// <summary>The version in force in <paramref name="year"/>, or null when the rule is not in that year's list.</summary>
    public DfeRuleVersion? VersionIn(CollectionYear year) => Versions.LastOrDefault(v => v.FirstYear is not { } first || first <= year);

    /// <summary>The newest version: the message the pipeline shows as the rule's title.</summary>
    public DfeRuleVersion Newest => Versions[^1];

    /// <summary>The collection years the rule applies to, in words: <c>from 2024-25</c>, or <c>every year</c> for a rule of the oldest
    /// list held, with the years its wording changed.</summary>
    public string YearsText => (Versions[0].FirstYear is { } first ? $"from {first}" : "every year")
        + (Versions.Length > 1 ? $" (reworded from {string.Join(", ", Versions.Skip(1).Select(v => v.FirstYear))})" : "");

    public string ReturnName => DfeRules.ReturnName(Return);
}

/// <summary>
/// The DfE's validation rules for the CIN census and the SSDA903, as published, shipped inside the build
/// (<c>Reference/dfe-validation-rules/</c>, with a README saying where each list comes from), and the pipeline's reasons
/// for each rule it does not implement. The data-quality rules that implement a DfE rule take its code, message and
/// severity from here, so each is typed once.
/// </summary>
public sealed class DfeRules
{
    private const string ResourcePrefix = "dfe-validation-rules/";

    private static readonly Lazy<DfeRules> Embedded = new(() => Parse(
        Resource("cin_census_rules.csv"), Resource("ssda903_2024_25_rules.csv"), Resource("not_implemented.csv")));

    private readonly FrozenDictionary<string, DfeRuleEntry> _byCode;

    private DfeRules(IEnumerable<DfeRuleEntry> rules, IReadOnlyDictionary<string, string> notImplemented)
    {
        All = [.. rules];
        _byCode = All.ToFrozenDictionary(r => r.Code, StringComparer.Ordinal);
        NotImplemented = notImplemented.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The lists shipped with the pipeline.</summary>
    public static DfeRules Default => Embedded.Value;

    /// <summary>Every rule of both lists, CIN census first, each in its list's order.</summary>
    public ImmutableArray<DfeRuleEntry> All { get; }

    /// <summary>The rules the pipeline does not implement, by code, with the reason (a field no source has, say).</summary>
    public FrozenDictionary<string, string> NotImplemented { get; }

    /// <summary>The rule with this code (<c>CIN:8840</c>, <c>903:103</c>).</summary>
    public DfeRuleEntry Get(string code) =>
        _byCode.TryGetValue(code, out var rule) ? rule : throw new ArgumentException($"no DfE rule '{code}' in the shipped lists", nameof(code));

    public static string ReturnName(DfeReturn dfeReturn) => dfeReturn == DfeReturn.CinCensus ? "CIN census" : "SSDA903";

    /// <summary>The prefix of a return's rule codes: <c>CIN</c> or <c>903</c>.</summary>
    public static string CodePrefix(DfeReturn dfeReturn) => dfeReturn == DfeReturn.CinCensus ? "CIN" : "903";

    /// <summary>
    /// Builds the lists from the text of the CIN census list (<c>year, code, severity, message, completed_from</c>: one row per
    /// version), the SSDA903 list (<c>Rule code, Rule message, Affected fields, Tables</c>: one list, every rule an error) and
    /// the reasons for rules not implemented (<c>code, reason</c>). A CIN version in the oldest year of its list is read as
    /// holding in every earlier year too; the SSDA903 list is one year's and is read the same way.
    /// </summary>
    public static DfeRules Parse(string cinList, string ssda903List, string notImplemented)
    {
        var cinRows = Rows(cinList, "year", "code", "severity", "message", "completed_from");
        var oldest = cinRows.Min(r => CollectionYear.Parse(r[0]));
        var cin = cinRows
            .GroupBy(r => r[1], StringComparer.Ordinal)
            .Select(g => new DfeRuleEntry($"CIN:{g.Key}", DfeReturn.CinCensus,
                [.. g.OrderBy(r => CollectionYear.Parse(r[0])).Select(r => new DfeRuleVersion(
                    CollectionYear.Parse(r[0]) is var year && year == oldest ? null : year,
                    r[2] is "error" or "query" ? r[2] : throw new FormatException($"CIN rule {g.Key}: severity '{r[2]}' is not error or query"),
                    r[3]))],
                null, null));
        var ssda903 = Rows(ssda903List, "Rule code", "Rule message", "Affected fields", "Tables")
            .Select(r => new DfeRuleEntry($"903:{r[0]}", DfeReturn.Ssda903, [new DfeRuleVersion(null, "error", r[1])], ListText(r[2]), ListText(r[3])));
        var rules = cin.Concat(ssda903).ToList();
        var known = rules.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in Rows(notImplemented, "code", "reason"))
        {
            if (!known.Contains(row[0]) || row[1].Length == 0 || !reasons.TryAdd(row[0], row[1]))
            {
                throw new FormatException($"not_implemented.csv: '{row[0]}' is not a DfE rule of the lists, has no reason or is listed twice");
            }
        }

        return new DfeRules(rules, reasons);
    }

    // The SSDA903 list writes its fields and tables as Python lists: ['DEC', 'DECOM'].
    private static string ListText(string list) =>
        string.Join(", ", list.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(f => f.Trim('\'')));

    private static List<string[]> Rows(string text, params string[] columns)
    {
        using var csv = new CsvRecordReader(new StringReader(text));
        var header = csv.ReadHeader() ?? [];
        if (!header.Select(h => h.Trim()).SequenceEqual(columns, StringComparer.OrdinalIgnoreCase))
        {
            throw new FormatException($"DfE rule list header is '{string.Join(",", header)}', expected '{string.Join(",", columns)}'");
        }

        var rows = new List<string[]>();
        while (csv.Read())
        {
            if (csv.Error is not null || csv.FieldCount != columns.Length)
            {
                throw new FormatException($"DfE rule list line {csv.RecordLine}: {csv.Error ?? "wrong number of fields"}");
            }

            rows.Add([.. Enumerable.Range(0, columns.Length).Select(i => csv.Field(i).Trim().ToString())]);
        }

        return rows;
    }

    private static string Resource(string name)
    {
        using var stream = typeof(DfeRules).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"the build has no embedded {ResourcePrefix}{name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
