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
}

/// <summary>Maps a record's constructor parameter to an SSD column. The C# type decides how the value is parsed.</summary>
/// <remarks>A key column missing from the header rejects the file; an empty key rejects the row.</remarks>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class SsdAttribute(string column) : Attribute
{
    public string Column { get; } = column;

    public bool Key { get; init; }
}
