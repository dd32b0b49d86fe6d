using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Pipeline.Domain;
using Pipeline.Ingest;
using Pipeline.Ingest.Csv;

namespace Pipeline.Reference;

/// <summary>A comparator figure, e.g. England's 2021/22 referral rate.</summary>
public sealed record Comparator(string IndicatorId, string Basis, string Period, double Value);

/// <summary>A council's targets on the minimum/upper model (seed 003).</summary>
public sealed record Target(string IndicatorId, double Min, double Upper);

/// <summary>
/// Reference data that ships with a deployment rather than with the nightly extract: population,
/// comparators, targets. Each file's SHA-256 is its version, recorded in every snapshot.
/// </summary>
public sealed class ReferenceData
{
    public const string PopulationFile = "population.csv";
    public const string ComparatorsFile = "comparators.csv";
    public const string TargetsFile = "targets.csv";
    public const string SettingsFile = "settings.csv";
    public const string BankHolidaysFile = "bank_holidays.csv";

    public ImmutableDictionary<(string LaCode, int Year), int> Population { get; init; } = ImmutableDictionary<(string, int), int>.Empty;

    public ImmutableArray<Comparator> Comparators { get; init; } = [];

    public ImmutableArray<Target> Targets { get; init; } = [];

    public IndicatorSettings Settings { get; init; } = new();

    /// <summary>England and Wales bank holidays, with the deployment's overrides applied.</summary>
    public BankHolidays BankHolidays { get; init; } = BankHolidays.Default;

    /// <summary>File name to SHA-256 of its bytes.</summary>
    public ImmutableSortedDictionary<string, string> Versions { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>
    /// The population of children 0-17 for <paramref name="year"/>, or the latest earlier year when that one
    /// is missing (<c>IsFallback</c> true), or null when the council has no figure at all.
    /// </summary>
    public (int Population, int Year, bool IsFallback)? PopulationFor(string laCode, int year)
    {
        if (Population.TryGetValue((laCode, year), out var exact))
        {
            return (exact, year, false);
        }

        var years = Population.Keys.Where(k => k.LaCode == laCode).Select(k => k.Year).ToList();
        if (years.Count == 0)
        {
            return null;
        }

        var fallback = years.Where(y => y < year).DefaultIfEmpty(years.Min()).Max();
        return (Population[(laCode, fallback)], fallback, true);
    }

    public Target? TargetFor(string indicatorId) => Targets.FirstOrDefault(t => t.IndicatorId == indicatorId);

    public double? ComparatorFor(string indicatorId, string basis) =>
        Comparators.Where(c => c.IndicatorId == indicatorId && c.Basis == basis).OrderByDescending(c => c.Period, StringComparer.Ordinal)
            .Select(c => (double?)c.Value).FirstOrDefault();

    /// <summary>The files a reference set may hold; anything else in the folder or prefix is not read.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [PopulationFile, ComparatorsFile, TargetsFile, SettingsFile, BankHolidaysFile];

    /// <summary>
    /// The files a run cannot do without: without a population no rate has a value, without comparators or targets no
    /// value has a RAG. A run whose reference data lacks one is refused, naming it, rather than publishing figures that
    /// are quietly all unavailable. (Settings and bank-holiday overrides have documented defaults.)
    /// </summary>
    public static IReadOnlyList<string> RequiredFiles { get; } = [PopulationFile, ComparatorsFile, TargetsFile];

    /// <summary>Loads the reference folder; a missing folder or required file, or a malformed file, throws naming it.</summary>
    public static ReferenceData LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new FormatException($"reference data: the folder {Path.GetFullPath(folder)} does not exist (it must hold {string.Join(", ", RequiredFiles)})");
        }

        return Load(name => File.Exists(Path.Combine(folder, name)) ? File.ReadAllBytes(Path.Combine(folder, name)) : null, Path.GetFullPath(folder));
    }

    /// <summary>
    /// Loads reference data from wherever it is kept (a folder, a blob prefix): <paramref name="read"/> returns a
    /// file's bytes by name, or null when it is absent. A required file absent, or any file malformed, throws a
    /// <see cref="FormatException"/> naming the file and <paramref name="location"/>.
    /// </summary>
    public static ReferenceData Load(Func<string, byte[]?> read, string location = "the reference data")
    {
        foreach (var required in RequiredFiles)
        {
            if (read(required) is null)
            {
                throw new FormatException($"reference data: {required} is missing from {location}; without it the figures would be published unrated or unavailable, so the run is refused");
            }
        }

        try
        {
            return Parse(read);
        }
        catch (FormatException e)
        {
            throw new FormatException($"reference data in {location}: {e.Message}", e);
        }
    }

    private static ReferenceData Parse(Func<string, byte[]?> read)
    {
        var versions = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);

        List<Dictionary<string, string>> Read(string name)
        {
            if (read(name) is not { } bytes)
            {
                return [];
            }

            versions[name] = Convert.ToHexStringLower(SHA256.HashData(bytes));
            using var csv = new CsvRecordReader(new StreamReader(new MemoryStream(bytes)));
            var header = csv.ReadHeader() ?? [];
            var rows = new List<Dictionary<string, string>>();
            while (csv.Read())
            {
                if (csv.Error is not null || csv.FieldCount != header.Length)
                {
                    throw new FormatException($"{name} line {csv.RecordLine}: {csv.Error ?? "wrong number of fields"}");
                }

                rows.Add(header.Select((h, i) => (h.Trim().ToLowerInvariant(), csv.Field(i).Trim().ToString()))
                    .ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal));
            }

            return rows;
        }

        static double Number(Dictionary<string, string> row, string column, string file) =>
            ValueParsers.TryDecimal(row.GetValueOrDefault(column), out var value)
                ? value
                : throw new FormatException($"{file}: '{row.GetValueOrDefault(column)}' in {column} is not a number");

        // Each file is parsed inside its own guard, so a missing column or a bad number names the file it is in.
        static T InFile<T>(string file, Func<T> parse)
        {
            try
            {
                return parse();
            }
            catch (Exception e) when (e is KeyNotFoundException or OverflowException or ArgumentException or FormatException)
            {
                throw new FormatException(
                    e is KeyNotFoundException ? $"{file} lacks a column it needs ({e.Message})"
                    : e.Message.StartsWith(file, StringComparison.Ordinal) ? e.Message
                    : $"{file}: {e.Message}", e);
            }
        }

        var population = InFile(PopulationFile, () => Read(PopulationFile).ToImmutableDictionary(
            r => (r["la_code"], int.Parse(r["year"], CultureInfo.InvariantCulture)),
            r => (int)Number(r, "population", PopulationFile)));
        var comparators = InFile(ComparatorsFile, () => Read(ComparatorsFile)
            .Select(r => new Comparator(r["indicator_id"], r["comparator"], r["period"], Number(r, "value", ComparatorsFile)))
            .ToImmutableArray());
        var targets = InFile(TargetsFile, () => Read(TargetsFile)
            .Select(r => new Target(r["indicator_id"], Number(r, "min", TargetsFile), Number(r, "upper", TargetsFile)))
            .ToImmutableArray());

        var settings = InFile(SettingsFile, () => IndicatorSettings.Parse(Read(SettingsFile).Select(r => (r["key"], r["value"])).ToList()));
        var holidays = BankHolidays.Default;
        if (read(BankHolidaysFile) is { } bytes)
        {
            versions[BankHolidaysFile] = Convert.ToHexStringLower(SHA256.HashData(bytes));
            holidays = BankHolidays.WithOverrides(System.Text.Encoding.UTF8.GetString(bytes));
        }

        return new ReferenceData
        {
            Population = population,
            Comparators = comparators,
            Targets = targets,
            Settings = settings,
            BankHolidays = holidays,
            Versions = versions.ToImmutable(),
        };
    }
}
