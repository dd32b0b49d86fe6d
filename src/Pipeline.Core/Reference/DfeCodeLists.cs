using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Ingest.Csv;

namespace Pipeline.Reference;

/// <summary>
/// One code of a DfE list as the CIN census and SSDA903 validators accept it, with the collection years it is valid in.
/// </summary>
/// <param name="Return">The return whose validator holds it: <c>903</c> (SSDA903) or <c>CIN</c> (CIN census).</param>
/// <param name="FirstYear">The first collection year it is valid in; null when it is valid in the oldest year the validators
/// hold, and so taken to be valid in every earlier year too (the validators do not say when a code was introduced).</param>
/// <param name="LastYear">The last collection year it is valid in; null while it is still valid.</param>
public sealed record DfeCode(string List, string Code, string Description, string Return, CollectionYear? FirstYear, CollectionYear? LastYear, string Source)
{
    public bool IsValidIn(CollectionYear year) => (FirstYear is not { } first || year >= first) && (LastYear is not { } last || year <= last);
}

/// <summary>How an SSD spelling is matched against a value (trimmed, case-insensitively).</summary>
public enum SpellingMatch
{
    /// <summary>The whole value.</summary>
    Exact,

    /// <summary>The value starts with the spelling (<c>Missing from care</c> is <c>Missing</c>).</summary>
    Prefix,

    /// <summary>The value starts with the spelling as a word: nothing follows, or a character that is not a letter or digit
    /// (<c>Multiple: Neglect, Emotional abuse</c> is <c>Multiple</c>; <c>Multiplex</c> is not).</summary>
    Word,
}

/// <summary>
/// A value the SSD writes where the DfE writes a code (<c>Neglect</c> for <c>NEG</c>, the accommodation type letter for
/// <c>B1</c>/<c>B2</c>), accepted in every collection year; with <see cref="Warning"/> when it is accepted but should be
/// corrected (the SSD guidance's <c>CNHE</c> for <c>CHNE</c>).
/// </summary>
public sealed record SsdSpelling(string List, string Value, ImmutableArray<string> Codes, SpellingMatch Match, string? Warning)
{
    public bool Matches(string trimmed) => Match switch
    {
        SpellingMatch.Exact => trimmed.Equals(Value, StringComparison.OrdinalIgnoreCase),
        SpellingMatch.Prefix => trimmed.StartsWith(Value, StringComparison.OrdinalIgnoreCase),
        _ => trimmed.StartsWith(Value, StringComparison.OrdinalIgnoreCase)
            && (trimmed.Length == Value.Length || !char.IsLetterOrDigit(trimmed[Value.Length])),
    };
}

/// <summary>What <see cref="DfeCodeLists.Check"/> found.</summary>
public enum CodeStatus
{
    /// <summary>A DfE code valid in the collection year.</summary>
    Valid,

    /// <summary>An SSD spelling of DfE codes (see <see cref="SsdSpelling"/>).</summary>
    SsdSpelling,

    /// <summary>A DfE code whose first valid year is after the collection year.</summary>
    NotYetValid,

    /// <summary>A DfE code whose last valid year is before the collection year.</summary>
    Retired,

    /// <summary>Neither a code of the list in any year nor an SSD spelling.</summary>
    Unknown,
}

/// <summary>
/// The verdict on one value: its status in <see cref="Year"/>, the DfE codes it is or stands for, and for a code out of
/// its years the year that bounds it (<see cref="CodeStatus.Retired"/>: the last year it was valid;
/// <see cref="CodeStatus.NotYetValid"/>: the first).
/// </summary>
public sealed record CodeCheck(CodeStatus Status, CollectionYear Year, ImmutableArray<DfeCode> Codes, SsdSpelling? Spelling, CollectionYear? Boundary)
{
    /// <summary>Valid, or an SSD spelling: what code-set rules accept (a spelling may still carry a warning).</summary>
    public bool IsAccepted => Status is CodeStatus.Valid or CodeStatus.SsdSpelling;

    /// <summary>The description of the code (the first of several, for a spelling standing for more than one); null when unknown.</summary>
    public string? Description => Codes.IsDefaultOrEmpty ? null : Codes[0].Description;
}

/// <summary>
/// The DfE's code lists for the CIN census and SSDA903, by collection year, and the SSD's own spellings of them: the one
/// source of truth for code-set rules, the synthetic generator and code descriptions in reports. The files ship inside
/// this assembly (<c>Reference/dfe-code-lists/</c>, with a README saying where each list comes from), so every run of
/// one build judges codes alike. Codes compare case-insensitively after trimming.
/// </summary>
public sealed class DfeCodeLists
{
    private const string ResourcePrefix = "dfe-code-lists/";

    // Free text in a coded field makes a new key per row; past this many, verdicts are worked out each time.
    private const int MaxKeptVerdicts = 100_000;

    private static readonly Lazy<DfeCodeLists> Embedded = new(() => Parse(
        [Resource("dfe_code_lists.csv"), Resource("dfe_code_lists_extra.csv")], Resource("ssd_spellings.csv")));

    private readonly FrozenDictionary<string, ImmutableArray<DfeCode>> _byList;
    private readonly FrozenDictionary<string, ImmutableArray<SsdSpelling>> _spellings;
    private readonly ConcurrentDictionary<(string List, string? Return, string Value, CollectionYear Year), CodeCheck> _checked = new();

    private DfeCodeLists(IEnumerable<DfeCode> codes, IEnumerable<SsdSpelling> spellings)
    {
        _byList = codes.GroupBy(c => c.List, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
        _spellings = spellings.GroupBy(s => s.List, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal);
    }

    /// <summary>The lists shipped with the pipeline.</summary>
    public static DfeCodeLists Default => Embedded.Value;

    /// <summary>
    /// The newest collection year in which any list changed (a code's first year, or the year after its last): the lists
    /// as they stand from then on.
    /// </summary>
    public CollectionYear NewestYear => _byList.Values.SelectMany(c => c)
        .SelectMany(c => new[] { c.FirstYear, c.LastYear is { } last ? new CollectionYear(last.StartYear + 1) : null })
        .Where(y => y is not null).Max()!.Value;

    /// <summary>Every list name (<c>ethnicity</c>, <c>placement_type</c>, ...).</summary>
    public IEnumerable<string> ListNames => _byList.Keys.Order(StringComparer.Ordinal);

    /// <summary>Every entry of a list, in file order; of one return only when <paramref name="returnName"/> is given.</summary>
    public ImmutableArray<DfeCode> Codes(string list, string? returnName = null)
    {
        var all = _byList.TryGetValue(list, out var codes) ? codes : throw new ArgumentException($"no DfE code list '{list}'", nameof(list));
        return returnName is null ? all : [.. all.Where(c => c.Return.Equals(returnName, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>The distinct codes of a list valid in <paramref name="year"/> (in either return, unless one is named).</summary>
    public ImmutableArray<string> CodesValidIn(string list, CollectionYear year, string? returnName = null) =>
        [.. Codes(list, returnName).Where(c => c.IsValidIn(year)).Select(c => c.Code).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Whether <paramref name="code"/> is a code of the list valid in <paramref name="year"/> (SSD spellings aside).</summary>
    public bool IsValid(string list, string code, CollectionYear year) =>
        Codes(list).Any(c => c.IsValidIn(year) && c.Code.Equals(code.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The DfE's description of a code (the newest entry's), or null when the list has no such code.</summary>
    public string? Describe(string list, string code) =>
        Codes(list).Where(c => c.Code.Equals(code.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(c => c.LastYear?.StartYear ?? int.MaxValue).Select(c => c.Description).FirstOrDefault();

    /// <summary>The SSD's spellings of a list's codes (empty for most lists).</summary>
    public ImmutableArray<SsdSpelling> Spellings(string list) => _spellings.GetValueOrDefault(list, []);

    /// <summary>
    /// Judges <paramref name="value"/> against the list in the collection year of <paramref name="date"/>: an SSD spelling
    /// first (valid in every year), then the DfE codes. A code valid in either return counts (a person is in both),
    /// unless <paramref name="returnName"/> names one.
    /// </summary>
    public CodeCheck Check(string list, string value, DateOnly date, string? returnName = null)
    {
        // NOTE: rules judge every coded value of a national extract, a handful of distinct values each: verdicts are kept.
        var key = (list, returnName, value, CollectionYear.Of(date));
        if (_checked.TryGetValue(key, out var known))
        {
            return known;
        }

        var verdict = Judge(list, value, key.Item4, returnName);
        if (_checked.Count < MaxKeptVerdicts)
        {
            _checked.TryAdd(key, verdict);
        }

        return verdict;
    }

    private CodeCheck Judge(string list, string value, CollectionYear year, string? returnName)
    {
        var trimmed = value.Trim();
        var codes = Codes(list, returnName);
        if (Spellings(list).FirstOrDefault(s => s.Matches(trimmed)) is { } spelling)
        {
            return new CodeCheck(CodeStatus.SsdSpelling, year,
                [.. spelling.Codes.Select(code => codes.First(c => c.Code.Equals(code, StringComparison.OrdinalIgnoreCase)))], spelling, null);
        }

        var entries = codes.Where(c => c.Code.Equals(trimmed, StringComparison.OrdinalIgnoreCase)).ToImmutableArray();
        if (entries.IsEmpty)
        {
            return new CodeCheck(CodeStatus.Unknown, year, [], null, null);
        }

        if (entries.Any(c => c.IsValidIn(year)))
        {
            return new CodeCheck(CodeStatus.Valid, year, entries, null, null);
        }

        // Out of its years: retired when every entry ended before the year, else not yet introduced.
        return entries.All(c => c.LastYear < year)
            ? new CodeCheck(CodeStatus.Retired, year, entries, null, entries.Max(c => c.LastYear))
            : new CodeCheck(CodeStatus.NotYetValid, year, entries, null, entries.Where(c => c.FirstYear > year).Min(c => c.FirstYear));
    }

    /// <summary>
    /// Builds lists from the text of code-list files (columns <c>list, code, description, return, first_year, last_year,
    /// source</c>) and a spellings file (<c>list, value, codes, match, warning</c>). A first year equal to the oldest in
    /// the files means "valid in the oldest ruleset" and is read as no first year. Malformed rows throw, naming the line.
    /// </summary>
    public static DfeCodeLists Parse(IEnumerable<string> codeListFiles, string spellingsFile)
    {
        var rows = codeListFiles.SelectMany(text => Rows(text, "list", "code", "description", "return", "first_year", "last_year", "source")).ToList();
        var oldest = rows.Min(r => CollectionYear.Parse(r[4]));
        var codes = rows.Select(r =>
        {
            var first = CollectionYear.Parse(r[4]);
            return new DfeCode(r[0], r[1], r[2], r[3], first == oldest ? null : first, r[5].Length == 0 ? null : CollectionYear.Parse(r[5]), r[6]);
        }).ToList();
        var spellings = Rows(spellingsFile, "list", "value", "codes", "match", "warning").Select(r => new SsdSpelling(
            r[0], r[1], [.. r[2].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
            Enum.Parse<SpellingMatch>(r[3], ignoreCase: true), r[4].Length == 0 ? null : r[4])).ToList();

        var known = codes.Select(c => (c.List, c.Code.ToUpperInvariant())).ToHashSet();
        foreach (var spelling in spellings.Where(s => s.Codes.IsEmpty || s.Codes.Any(code => !known.Contains((s.List, code.ToUpperInvariant())))))
        {
            throw new FormatException($"SSD spelling '{spelling.Value}' of {spelling.List} names a code that is not in the DfE list");
        }

        return new DfeCodeLists(codes, spellings);
    }

    private static List<string[]> Rows(string text, params string[] columns)
    {
        using var csv = new CsvRecordReader(new StringReader(text));
        var header = csv.ReadHeader() ?? [];
        if (!header.Select(h => h.Trim()).SequenceEqual(columns, StringComparer.OrdinalIgnoreCase))
        {
            throw new FormatException($"code list header is '{string.Join(",", header)}', expected '{string.Join(",", columns)}'");
        }

        var rows = new List<string[]>();
        while (csv.Read())
        {
            if (csv.Error is not null || csv.FieldCount != columns.Length)
            {
                throw new FormatException($"code list line {csv.RecordLine}: {csv.Error ?? "wrong number of fields"}");
            }

            rows.Add([.. Enumerable.Range(0, columns.Length).Select(i => csv.Field(i).Trim().ToString())]);
        }

        return rows;
    }

    private static string Resource(string name)
    {
        using var stream = typeof(DfeCodeLists).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"the build has no embedded {ResourcePrefix}{name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
