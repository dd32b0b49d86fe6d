namespace Pipeline.Extract;

/// <summary>Names the SSD table a record type is read from.</summary>
/// <remarks>
/// <see cref="NeverRead"/> lists columns whose values the reader skips without materialising them:
/// names of children and workers never enter the pipeline (extract contract, "Names are never read").
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SsdTableAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    public string[] NeverRead { get; init; } = [];

    /// <summary>
    /// The SSD's own column order for the table, never-read columns included, for tables holding names: a header that
    /// puts a column the SSD does not have where one of these should be may be a name column relabelled, so the file is
    /// not read. Empty: the table holds no names and columns may come in any order.
    /// </summary>
    public string[] SsdOrder { get; init; } = [];
}

/// <summary>Maps a record's constructor parameter to an SSD column. The C# type decides how the value is parsed.</summary>
/// <remarks>A key column missing from the header rejects the file; an empty key rejects the row.</remarks>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class SsdAttribute(string column) : Attribute
{
    public string Column { get; } = column;

    public bool Key { get; init; }

    /// <summary>
    /// For text: ids of the row's own that no other table names (another system's id for the person, a meeting's id), so
    /// nearly every value is seen once. Held as ids (<see cref="IdColumn"/>) rather than pooled, where each would be an entry.
    /// </summary>
    public bool PerRow { get; init; }

    /// <summary>For a number: the smallest plausible value (NaN: none). A value outside the range is quarantined as <c>out_of_range</c>.</summary>
    public double Min { get; init; } = double.NaN;

    /// <summary>For a number: the largest plausible value (NaN: none).</summary>
    public double Max { get; init; } = double.NaN;

    /// <summary>For a date of birth: the most years before as_at it can plausibly be (0: no limit).</summary>
    public int MaxAgeYears { get; init; }
}
