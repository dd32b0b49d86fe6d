using System.Globalization;

namespace Pipeline.Reference;

/// <summary>
/// A DfE collection year: 1 April to 31 March, written as the DfE writes it (<c>2024-25</c>). Both statutory returns
/// (the CIN census and SSDA903) are made per collection year, and their code lists change between years.
/// </summary>
public readonly record struct CollectionYear(int StartYear) : IComparable<CollectionYear>
{
    /// <summary>The collection year containing <paramref name="date"/>: a date before 1 April belongs to the year that began the April before.</summary>
    public static CollectionYear Of(DateOnly date) => new(date.Month >= 4 ? date.Year : date.Year - 1);

    /// <summary>Reads <c>2024-25</c>; the second part must be the year after the first (its last two digits).</summary>
    public static CollectionYear Parse(string label)
    {
        var text = label.Trim();
        if (text.Length == 7 && text[4] == '-'
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            && end == (start + 1) % 100)
        {
            return new CollectionYear(start);
        }

        throw new FormatException($"'{label}' is not a collection year such as 2024-25");
    }

    /// <summary>1 April of <see cref="StartYear"/>.</summary>
    public DateOnly FirstDay => new(StartYear, 4, 1);

    /// <summary>31 March of the year after <see cref="StartYear"/>.</summary>
    public DateOnly LastDay => new(StartYear + 1, 3, 31);

    public int CompareTo(CollectionYear other) => StartYear.CompareTo(other.StartYear);

    public static bool operator <(CollectionYear left, CollectionYear right) => left.StartYear < right.StartYear;

    public static bool operator >(CollectionYear left, CollectionYear right) => left.StartYear > right.StartYear;

    public static bool operator <=(CollectionYear left, CollectionYear right) => left.StartYear <= right.StartYear;

    public static bool operator >=(CollectionYear left, CollectionYear right) => left.StartYear >= right.StartYear;

    public override string ToString() => $"{StartYear}-{(StartYear + 1) % 100:00}";
}
