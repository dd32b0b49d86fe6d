using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Reference;

namespace Pipeline.Tests.Support;

/// <summary>Tiny in-memory extracts for hand-worked indicator and rule tests.</summary>
public static class Fixtures
{
    public const string LaCode = "E10000099";

    public static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    public static ExtractManifest Manifest(DateOnly asAt) => new(LaCode, "test", "1.4.5", asAt, "", [], new string('0', 64));

    /// <summary>An extract holding exactly the given tables (others absent).</summary>
    public static ExtractSet ExtractOf(DateOnly asAt, params object[] tables)
    {
        var builder = ImmutableDictionary.CreateBuilder<Type, object>();
        foreach (var table in tables)
        {
            builder[table.GetType().GetGenericArguments()[0]] = table;
        }

        return new ExtractSet(Manifest(asAt), builder.ToImmutable());
    }

    public static ReferenceData Population(int population, params int[] years) => new()
    {
        Population = years.ToImmutableDictionary(y => (LaCode, y), _ => population),
    };

    public static Person Person(string id, DateOnly? dob = null, string? sex = "F") =>
        new(id, sex, null, null, dob, null, null, null, null, null, null, null, null);

    public static CinEpisode Referral(string id, string person, string date, string? closed = null, string? team = null) =>
        new(id, person, D(date), "N1", null, null, false, closed is null ? null : "RC7", closed is null ? null : D(closed), team, null);

    public static CpPlan CpPlan(string id, string person, string start, string? end = null, bool ola = false) =>
        new(id, null, null, person, D(start), end is null ? null : D(end), null, ola, null);
}
