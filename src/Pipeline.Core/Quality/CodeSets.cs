using System.Collections.Frozen;

namespace Pipeline.Quality;

/// <summary>SSD code sets (reference/ssd_fields.csv); codes compare case-insensitively after trimming.</summary>
public static class CodeSets
{
    public static readonly FrozenSet<string> Sex = Set("F", "M", "U");

    public static readonly FrozenSet<string> PrimaryNeed = Set("N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9");

    public static readonly FrozenSet<string> CloseReason = Set("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9");

    public static readonly FrozenSet<string> PlacementType = Set(
        "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
        "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1");

    public static bool IsValid(FrozenSet<string> set, string? code) => code is null || set.Contains(code.Trim());

    private static FrozenSet<string> Set(params string[] codes) => codes.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
