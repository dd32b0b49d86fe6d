using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Quality;

/// <summary>
/// The rule registry: every record-level data-quality rule, declared once, one file per family
/// (QualityRules.DateOrder.cs, ...). Adding a rule is a declaration there and a test with one record that
/// breaks it and one that does not. The DfE's own validation rules for the CIN census and the SSDA903 are families of their
/// own (QualityRules.Dfe*.cs); the pipeline's own rules check what those do not, each saying why the DfE has nothing like it.
/// </summary>
public static partial class QualityRules
{
    // Families are methods, not static fields, so the order static initialisers run across files cannot matter.
    public static readonly ImmutableArray<QualityRule> All =
    [
        .. Family("columns", Columns()),
        .. Family("date_order", DateOrder()),
        .. Family("plausibility", Plausibility()),
        .. Family("references", References()),
        .. Family("uniqueness", Uniqueness()),
        .. Family("legacy", Legacy()),
        .. Family("dfe_cin_child", DfeCinChild()),
        .. Family("dfe_cin_referrals", DfeCinReferrals()),
        .. Family("dfe_cin_protection", DfeCinProtection()),
        .. Family("dfe_903_child", Dfe903Child()),
        .. Family("dfe_903_episodes", Dfe903Episodes()),
        .. Family("dfe_903_placements", Dfe903Placements()),
        .. Family("dfe_903_adoption", Dfe903Adoption()),
        .. Family("extensions", Extensions()),
    ];

    public static QualityRule? Find(string code) => All.FirstOrDefault(r => r.Code == code);

    private static IEnumerable<QualityRule> Family(string family, IEnumerable<QualityRule> rules) => rules.Select(r => r with { Family = family });

    // A code is echoed only when it looks like one: a mistyped field could hold free text (even a name).
    private static string Quote(string code) =>
        code.Length <= 8 && code.All(char.IsAsciiLetterOrDigit) ? $"'{code}'" : "(value withheld: not code-like)";

    private static string QuoteOrEmpty(string? code) => code is null ? "(empty)" : Quote(code.Trim());

    /// <summary>A date as it appears in messages; a missing one reads as "(no date)".</summary>
    private static string IsoDay(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "(no date)";

    private static bool IsAnyCode(string? value, params string[] codes) =>
        value is not null && codes.Any(c => c.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase));
}
