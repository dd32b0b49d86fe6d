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

/// <summary>Passes over a table's rows reading fields from their columns (<see cref="FieldReads.Field"/>), for rules and their lookups.</summary>
internal static class RowReads
{
    /// <summary>The records of the rows that pass <paramref name="keep"/> (a test of fields read from their columns), in row order.</summary>
    public static IEnumerable<T> RowsWhere<T>(this IReadOnlyList<T> rows, Func<int, bool> keep)
    {
        for (var row = 0; row < rows.Count; row++)
        {
            if (keep(row))
            {
                yield return rows[row];
            }
        }
    }

    /// <summary>
    /// The records of the rows whose field <paramref name="field"/> passes <paramref name="keep"/>: the field read from its column
    /// (<see cref="FieldReads.Field"/>), the record built only for the rows kept.
    /// </summary>
    // NOTE: a rule or lookup passing over every row of a large table for its few findings spent its time and memory building records.
    public static IEnumerable<T> RowsWhere<T, TA>(this IReadOnlyList<T> rows, (string Name, Func<T, TA> Read) field, Func<TA, bool> keep)
    {
        var a = rows.Field(field.Name, field.Read);
        return rows.RowsWhere(row => keep(a(row)));
    }

    /// <summary>The records of the rows whose two fields pass <paramref name="keep"/>, as <see cref="RowsWhere{T, TA}"/>.</summary>
    public static IEnumerable<T> RowsWhere<T, TA, TB>(this IReadOnlyList<T> rows, (string Name, Func<T, TA> Read) first, (string Name, Func<T, TB> Read) second,
        Func<TA, TB, bool> keep)
    {
        var (a, b) = (rows.Field(first.Name, first.Read), rows.Field(second.Name, second.Read));
        return rows.RowsWhere(row => keep(a(row), b(row)));
    }

    /// <summary>The records of the rows whose three fields pass <paramref name="keep"/>, as <see cref="RowsWhere{T, TA}"/>.</summary>
    public static IEnumerable<T> RowsWhere<T, TA, TB, TC>(this IReadOnlyList<T> rows, (string Name, Func<T, TA> Read) first, (string Name, Func<T, TB> Read) second,
        (string Name, Func<T, TC> Read) third, Func<TA, TB, TC, bool> keep)
    {
        var (a, b, c) = (rows.Field(first.Name, first.Read), rows.Field(second.Name, second.Read), rows.Field(third.Name, third.Read));
        return rows.RowsWhere(row => keep(a(row), b(row), c(row)));
    }

    /// <summary>Every row's field <paramref name="name"/>, read from its column, in row order.</summary>
    public static IEnumerable<TValue> Values<T, TValue>(this IReadOnlyList<T> rows, string name, Func<T, TValue> read)
    {
        var value = rows.Field(name, read);
        for (var row = 0; row < rows.Count; row++)
        {
            yield return value(row);
        }
    }
}
