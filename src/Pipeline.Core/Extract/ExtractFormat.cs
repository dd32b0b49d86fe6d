namespace Pipeline.Extract;

/// <summary>
/// What an extract set's files are (the manifest's <c>format</c>): the SSD tables, or one or more of the statutory returns every
/// council already makes. Every format fills the same extract set (the SSD's tables and columns), so everything after the
/// ingest is the same whatever the door.
/// </summary>
public enum ExtractFormat
{
    /// <summary>SSD tables as CSV (the default; the extract contract).</summary>
    Ssd,

    /// <summary>The SSDA903 return (children looked after): the DfE validators' CSV tables, or the return's XML.</summary>
    Ssda903,

    /// <summary>The CIN census (children in need and child protection): the DfE's XML.</summary>
    CinCensus,

    /// <summary>Ofsted's Annex A workbook (lists 1 to 11), asked for at every inspection.</summary>
    AnnexA,
}

public static class ExtractFormats
{
    /// <summary>Every format, in the order a table is taken from when more than one in a set could fill it (after <see cref="ExtractFormat.Ssd"/>, which is never combined).</summary>
    public static IReadOnlyList<ExtractFormat> All { get; } = [ExtractFormat.Ssd, ExtractFormat.CinCensus, ExtractFormat.Ssda903, ExtractFormat.AnnexA];

    /// <summary>The manifest's name for the format.</summary>
    public static string Name(this ExtractFormat format) => format switch
    {
        ExtractFormat.Ssd => "ssd",
        ExtractFormat.Ssda903 => "ssda903",
        ExtractFormat.CinCensus => "cin_census",
        ExtractFormat.AnnexA => "annex_a",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The format's name in prose (messages, documentation).</summary>
    public static string Title(this ExtractFormat format) => format switch
    {
        ExtractFormat.Ssd => "SSD",
        ExtractFormat.Ssda903 => "SSDA903",
        ExtractFormat.CinCensus => "CIN census",
        ExtractFormat.AnnexA => "Annex A",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static ExtractFormat? Parse(string name) =>
        All.Cast<ExtractFormat?>().FirstOrDefault(f => string.Equals(f!.Value.Name(), name.Trim(), StringComparison.OrdinalIgnoreCase));
}
