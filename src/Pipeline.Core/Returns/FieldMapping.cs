using Pipeline.Extract;

namespace Pipeline.Returns;

/// <summary>
/// One field of a statutory return and where it goes in the SSD, declared once: the reader of the format looks each field up
/// here (by part and field) to know its SSD column and how its codes translate, and <c>pipeline docs</c> writes the same list
/// into <c>docs/statutory-returns.md</c>.
/// </summary>
/// <param name="Part">Where the field is in the return: a SSDA903 table (<c>episodes</c>), a CIN census element
/// (<c>Child/CINdetails/Section47</c>) or an Annex A list (<c>List 3</c>).</param>
/// <param name="Field">The field's name as the return spells it (<c>DECOM</c>, <c>S47ActualStartDate</c>, <c>Date of referral</c>);
/// <see cref="Derived"/> for a value the mapping makes (an id, a link).</param>
/// <param name="Target">The SSD column (<c>table.column</c>) it fills; null when it fills none (see <paramref name="Rule"/>).</param>
/// <param name="Rule">How it is read: a code translation, a derivation, or why it is not mapped.</param>
/// <param name="Translate">The code translation (the value trimmed, to the SSD's value); a value it does not know is passed on as
/// written, for the data-quality code rules to judge. Null: the value is taken as written.</param>
/// <param name="NeverRead">A field holding a name: its value is skipped at the reader, never held.</param>
public sealed record FieldMapping(string Part, string Field, string? Target, string Rule = "", Func<string, string>? Translate = null, bool NeverRead = false)
{
    public const string Derived = "(derived)";

    /// <summary>The SSD table of <see cref="Target"/>.</summary>
    public string? TargetTable => Target is null ? null : SsdColumn.Parse(Target).Table;

    /// <summary>The SSD column of <see cref="Target"/>.</summary>
    public string? TargetColumn => Target is null ? null : SsdColumn.Parse(Target).Column;

    public bool IsDerived => Field == Derived;

    /// <summary>The value as the SSD column takes it (translated), or null when empty.</summary>
    public string? Value(string? raw)
    {
        if (raw is null || Ingest.ValueParsers.IsEmpty(raw))
        {
            return null;
        }

        var trimmed = raw.Trim();
        return Translate is null ? trimmed : Translate(trimmed);
    }
}

/// <summary>A statutory return: its fields, where their names came from, what it covers and what a manifest's row count means for it.</summary>
public sealed record ReturnFormat(
    ExtractFormat Format,
    string Summary,
    IReadOnlyList<string> Sources,
    string Files,
    string Rows,
    string Coverage,
    IReadOnlyList<FieldMapping> Fields)
{
    /// <summary>The declaration of <paramref name="field"/> in <paramref name="part"/> (case-insensitive): every reader looks its fields up here.</summary>
    public FieldMapping Field(string part, string field) =>
        Fields.FirstOrDefault(f => string.Equals(f.Part, part, StringComparison.OrdinalIgnoreCase) && string.Equals(f.Field, field, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"{Format.Title()} declares no field {part}.{field}", nameof(field));

    /// <summary>The fields of <paramref name="part"/> that fill a column of <paramref name="table"/>.</summary>
    public IEnumerable<FieldMapping> Into(string part, string table) =>
        Fields.Where(f => string.Equals(f.Part, part, StringComparison.OrdinalIgnoreCase) && f.TargetTable == table && !f.IsDerived);

    /// <summary>Every SSD table the format fills.</summary>
    public IEnumerable<string> Tables => Fields.Select(f => f.TargetTable).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>The columns of <paramref name="table"/> the format fills (derived ones included).</summary>
    public IEnumerable<string> ColumnsOf(string table) =>
        Fields.Where(f => f.TargetTable == table).Select(f => f.TargetColumn!).Distinct(StringComparer.Ordinal);
}

/// <summary>Code translations the returns share: each takes the value trimmed and gives the SSD's, or the value itself when it is not one it knows.</summary>
public static class Translations
{
    /// <summary>
    /// The DfE code at the start of a labelled value: <c>a) WBRI</c>, <c>WBRI - White British</c>, <c>'a) 1A: Individual'</c>,
    /// <c>N1 - Abuse or neglect</c> and <c>C2: FCO</c> all give the code. A value with no such code is passed on as written.
    /// </summary>
    public static string LeadingCode(string value)
    {
        var text = value.Trim().Trim('\'', '"');
        // Ofsted's lettered options: "a) ", "p1) ".
        var bracket = text.IndexOf(") ", StringComparison.Ordinal);
        if (bracket is > 0 and <= 3 && text[..bracket].All(char.IsAsciiLetterOrDigit))
        {
            text = text[(bracket + 2)..].TrimStart();
        }

        var end = 0;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        var code = text[..end];
        var rest = text[end..].TrimStart();
        return code.Length > 0 && (rest.Length == 0 || rest[0] is ':' or '-' or '\u2013') ? code.ToUpperInvariant() : value;
    }

    /// <summary>Yes/No answers as the contract's flags (<c>a) Yes</c>, <c>Yes</c>, <c>Y</c>, <c>b) No</c>, <c>N</c>); <c>Unknown</c> is empty.</summary>
    public static string YesNo(string value)
    {
        var answer = value.Trim();
        var bracket = answer.IndexOf(") ", StringComparison.Ordinal);
        if (bracket is > 0 and <= 3)
        {
            answer = answer[(bracket + 2)..].Trim();
        }

        return answer.ToUpperInvariant() switch
        {
            "YES" or "Y" or "TRUE" or "1" => "Y",
            "NO" or "N" or "FALSE" or "0" => "N",
            "UNKNOWN" or "C) UNKNOWN" => "",
            _ => value,
        };
    }

    /// <summary>The opposite answer (a question asked the other way round from the SSD's flag).</summary>
    public static string NotYesNo(string value) => YesNo(value) switch
    {
        "Y" => "N",
        "N" => "Y",
        var other => other,
    };
}
