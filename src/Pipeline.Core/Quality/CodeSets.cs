using System.Collections.Frozen;

namespace Pipeline.Quality;

/// <summary>SSD code sets (reference/ssd_fields.csv); codes compare case-insensitively after trimming.</summary>
public static class CodeSets
{
    public static readonly FrozenSet<string> Sex = Set("F", "M", "U");

    /// <summary>CIN census ethnicity (pers_ethnicity), as the SSD lists it.</summary>
    public static readonly FrozenSet<string> Ethnicity = Set(
        "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "CNHE",
        "AOTH", "BCRB", "BAFR", "BOTH", "OOTH", "REFU", "NOBT");

    /// <summary>CIN census primary need (cine_cin_primary_need_code).</summary>
    public static readonly FrozenSet<string> PrimaryNeed = Set("N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9");

    /// <summary>SSDA903 category of need (clae_cla_primary_need_code): N1-N8; a looked-after child is always in need.</summary>
    public static readonly FrozenSet<string> ClaPrimaryNeed = Set("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8");

    public static readonly FrozenSet<string> CloseReason = Set("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9");

    public static readonly FrozenSet<string> PlacementType = Set(
        "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
        "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1");

    /// <summary>SSDA903 legal status (lega_legal_status).</summary>
    public static readonly FrozenSet<string> LegalStatus = Set(
        "C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4");

    /// <summary>SSDA903 care leaver in touch (clea_care_leaver_in_touch).</summary>
    public static readonly FrozenSet<string> CareLeaverInTouch = Set("YES", "NO", "DIED", "REFU", "NREQ", "RHOM");

    /// <summary>
    /// SSDA903 care leaver activity (clea_care_leaver_activity). F3 and P3, superseded by F4/F5 and P4/P5, are
    /// not in it: the table holds a young person's current status, so a superseded code needs recoding.
    /// </summary>
    public static readonly FrozenSet<string> CareLeaverActivity = Set(
        "F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6");

    /// <summary>SSDA903 care leaver accommodation (clea_care_leaver_accommodation).</summary>
    public static readonly FrozenSet<string> CareLeaverAccommodation = Set(
        "B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X", "Y", "Z");

    /// <summary>Whether a care leaver's accommodation is suitable (clea_care_leaver_accom_suitable): 1 suitable, 2 unsuitable.</summary>
    public static readonly FrozenSet<string> AccommodationSuitable = Set("1", "2");

    /// <summary>Categories of abuse a CP plan can be under (cppl_cp_plan_initial_category / latest_category).</summary>
    public static readonly FrozenSet<string> CpCategory = Set("Neglect", "Physical abuse", "Sexual abuse", "Emotional abuse");

    /// <summary>The SSD's value for more than one category: "Multiple", usually followed by the list ("Multiple: Neglect, ...").</summary>
    public const string MultipleCpCategories = "Multiple";

    public static bool IsValid(FrozenSet<string> set, string? code) => code is null || set.Contains(code.Trim());

    /// <summary>
    /// A CP category is one of <see cref="CpCategory"/> or starts with "Multiple" (then a colon, a space or
    /// nothing), compared case-insensitively after trimming. Null (missing) is not invalid.
    /// </summary>
    public static bool IsValidCpCategory(string? value)
    {
        if (value is null || IsValid(CpCategory, value))
        {
            return true;
        }

        var text = value.AsSpan().Trim();
        return text.StartsWith(MultipleCpCategories, StringComparison.OrdinalIgnoreCase)
            && (text.Length == MultipleCpCategories.Length || text[MultipleCpCategories.Length] is ':' or ' ' or '-' or '(');
    }

    private static FrozenSet<string> Set(params string[] codes) => codes.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
