namespace Pipeline.Returns;

/// <summary>Where a value was in its file: the line, and the column (CSV) or element path (XML) or sheet and cell (Annex A).</summary>
public readonly record struct SourceLocation(long Line, string Where);

/// <summary>
/// One record of a return as read, before it is mapped: its fields' raw text by the return's own field names (case-insensitive),
/// each with where it was. Every format's reader fills these, so the mapping to SSD columns is one piece of code per format,
/// whatever the file's layout (a CSV row, an XML element, a worksheet row).
/// </summary>
public sealed class SourceRecord(string part, SourceLocation at)
{
    private readonly Dictionary<string, (string Value, SourceLocation At)> _values = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The return's part the record belongs to (<see cref="FieldMapping.Part"/>).</summary>
    public string Part { get; } = part;

    /// <summary>Where the record begins.</summary>
    public SourceLocation At { get; } = at;

    /// <summary>Records the field's value; a field given twice keeps its first value.</summary>
    public void Add(string field, string value, SourceLocation at) => _values.TryAdd(field, (value, at));

    public string? this[string field] => _values.TryGetValue(field, out var found) ? found.Value : null;

    /// <summary>Where the field was, or where the record begins when it was not given.</summary>
    public SourceLocation Where(string field) => _values.TryGetValue(field, out var found) ? found.At : At;

    public bool Has(string field) => _values.ContainsKey(field);

    public IEnumerable<string> Fields => _values.Keys;
}
