using System.Collections.Immutable;

namespace Pipeline.Quality;

/// <summary>
/// The rule registry: every record-level data-quality rule, declared once, one file per family
/// (QualityRules.CodeSets.cs, ...). Adding a rule is a declaration there and a test with one record that
/// breaks it and one that does not.
/// </summary>
public static partial class QualityRules
{
    // Families are methods, not static fields, so the order static initialisers run across files cannot matter.
    public static readonly ImmutableArray<QualityRule> All =
    [
        .. Family("code_sets", CodeSetRules()),
        .. Family("columns", Columns()),
        .. Family("date_order", DateOrder()),
        .. Family("plausibility", Plausibility()),
        .. Family("references", References()),
        .. Family("uniqueness", Uniqueness()),
        .. Family("overlaps", Overlaps()),
        .. Family("care_episodes", CareEpisodes()),
        .. Family("legacy", Legacy()),
        .. Family("dfe_cin_child", DfeCinChild()),
        .. Family("dfe_cin_referrals", DfeCinReferrals()),
        .. Family("dfe_cin_protection", DfeCinProtection()),
        .. Family("dfe_903_child", Dfe903Child()),
        .. Family("dfe_903_episodes", Dfe903Episodes()),
        .. Family("dfe_903_placements", Dfe903Placements()),
        .. Family("dfe_903_adoption", Dfe903Adoption()),
    ];

    public static QualityRule? Find(string code) => All.FirstOrDefault(r => r.Code == code);

    private static IEnumerable<QualityRule> Family(string family, IEnumerable<QualityRule> rules) => rules.Select(r => r with { Family = family });
}
