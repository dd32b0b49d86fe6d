using System.Text;
using Pipeline.Reference;

namespace Pipeline.Synthetic;

/// <summary>
/// SSD / CIN census / SSDA903 code sets with weights that give an England-like mix. Keeping them together
/// means a reader can check a distribution against the published returns in one place. Every code is checked
/// against the DfE's code lists (<see cref="DfeCodeLists"/>, the pipeline's own), so the generator cannot write
/// a code the pipeline's rules would reject.
/// </summary>
internal static class Codes
{
    public static readonly (string Code, string Description)[] ReferralSources =
    [
        ("1A", "Individual"), ("1B", "Individual: family member, relative or carer"), ("1C", "Individual: acquaintance"),
        ("1D", "Individual: self"), ("2A", "Schools"), ("2B", "Education services"), ("3A", "Health services: GP"),
        ("3B", "Health services: health visitor"), ("3C", "Health services: school nurse"),
        ("3D", "Health services: other primary health services"), ("3E", "Health services: A&E"),
        ("3F", "Health services: other"), ("4", "Housing"), ("5A", "LA services: social care"),
        ("5B", "LA services: other internal"), ("5C", "LA services: external"), ("5D", "LA services: early help"),
        ("6", "Police"), ("7", "Other legal agency"), ("8", "Other"), ("9", "Anonymous"), ("10", "Unknown"),
    ];

    /// <summary>Weights matching the CIN census mix: police, schools and health make most referrals.</summary>
    public static readonly double[] ReferralSourceWeights =
        [3, 4, 1, 1, 19, 2, 3, 3, 1, 3, 2, 4, 2, 4, 3, 2, 3, 29, 2, 7, 1, 1];

    public const int OtherCouncilSource = 15;

    public static readonly Weighted<string> PrimaryNeed = new(
        ("N1", 56), ("N3", 7), ("N4", 12), ("N5", 14), ("N6", 3), ("N7", 0.5), ("N8", 6));

    public static readonly Weighted<string> Ethnicity = new(
        ("WBRI", 66), ("WIRI", 0.4), ("WOTH", 6), ("WIRT", 0.3), ("WROM", 0.8), ("MWBC", 2.4), ("MWBA", 1),
        ("MWAS", 1.4), ("MOTH", 3), ("AIND", 1.5), ("APKN", 3), ("ABAN", 1.1), ("AOTH", 1.4), ("CHNE", 0.3),
        ("BCRB", 1.1), ("BAFR", 3.4), ("BOTH", 1), ("OOTH", 2.3), ("REFU", 0.5), ("NOBT", 3.5));

    public static readonly string[] UascNationalities =
        ["Afghanistan", "Eritrea", "Sudan", "Iran", "Albania", "Syria", "Vietnam", "Iraq", "Ethiopia", "Kuwait"];

    public static readonly Weighted<string> AbuseCategory = new(
        ("Neglect", 48), ("Emotional abuse", 37), ("Physical abuse", 7), ("Sexual abuse", 4),
        ("Multiple: Neglect, Emotional abuse", 3), ("Multiple: Physical abuse, Neglect", 1));

    public static readonly Weighted<string> WorkerChangeReason = new(
        ("LEFTRL", 35), ("MANAGE", 25), ("ABSENC", 14), ("ORGRST", 9), ("CHCHAN", 4), ("PCCHAN", 5), ("OTHERS", 8));

    public static readonly Weighted<string> PlacementChangeReason = new(
        ("CARPL", 40), ("CLOSE", 8), ("ALLEG", 3), ("STAND", 5), ("APPRR", 2), ("CREQB", 8), ("CREQO", 4),
        ("CHILD", 6), ("LAREQ", 10), ("PLACE", 6), ("CUSTOD", 2), ("OTHER", 6));

    public static readonly Weighted<string> Participation = new(
        ("PN1", 45), ("PN2", 8), ("PN3", 4), ("PN4", 6), ("PN5", 12), ("PN6", 15), ("PN7", 10));

    /// <summary>
    /// Placement types the DfE retired, and the code a placement still in force after their last year is written with:
    /// K3 (supported accommodation) replaced H5 from 2024-25, and took the place of P2 (independent living); Z11-Z14 replaced Z1.
    /// </summary>
    private static readonly Dictionary<string, string> PlacementSuccessors = new(StringComparer.Ordinal) { ["H5"] = "K3", ["P2"] = "K3", ["Z1"] = "Z14" };

    /// <summary>
    /// The placement type to write for a placement last in force on <paramref name="lastDayInForce"/> (its end, or as_at while
    /// open): the type itself when the DfE's list has it in that collection year, else its successor.
    /// </summary>
    public static string PlacementTypeInForce(string type, int lastDayInForce)
    {
        var year = CollectionYear.Of(Days.ToDate(lastDayInForce));
        if (DfeCodeLists.Default.IsValid("placement_type", type, year))
        {
            return type;
        }

        return PlacementSuccessors.TryGetValue(type, out var successor) && DfeCodeLists.Default.IsValid("placement_type", successor, year)
            ? successor
            : throw new InvalidOperationException($"placement type {type} is not valid in {year} and has no successor that is");
    }

    /// <summary>
    /// Throws when a code the generator may write is neither in the DfE's list (in some year: a retired code is replaced by
    /// date where it is written) nor an SSD spelling of one. Checked once, when the generator first uses its code tables.
    /// </summary>
    public static void RequireInList(string list, IEnumerable<string> codes)
    {
        var bad = codes.Where(c => DfeCodeLists.Default.Check(list, c, new DateOnly(2025, 1, 1)).Status == CodeStatus.Unknown).ToList();
        if (bad.Count > 0)
        {
            throw new InvalidOperationException($"the generator writes {string.Join(", ", bad)}, not in the DfE's {list} list");
        }
    }

    static Codes()
    {
        RequireInList("referral_source", ReferralSources.Select(r => r.Code));
        RequireInList("primary_need", PrimaryNeed.Items);
        RequireInList("ethnicity", Ethnicity.Items);
        RequireInList("cp_category_of_abuse", AbuseCategory.Items);
        RequireInList("social_worker_change_reason", WorkerChangeReason.Items);
        RequireInList("reason_place_change", PlacementChangeReason.Items);
        RequireInList("review_participation", Participation.Items);
    }

    public static readonly string[] PermanencePlanKeys =
    [
        "REMAIN_AT_HOME", "RETURN_HOME", "RESIDENCE_CAO", "ADOPTION", "SGO", "LONG_TERM_FOSTERING",
        "RESIDENTIAL", "INDEPENDENT_LIVING", "OTHER_PLAN",
    ];

    // Outcome JSON key sets, in the SSD's order (without the OUTCOME_ prefix, as the SSD scripts emit them).
    public static readonly string[] ContactOutcomeKeys =
        ["NEW_REFERRAL_FLAG", "EXISTING_REFERRAL_FLAG", "CP_ENQUIRY_FLAG", "NFA_FLAG", "ADVICE_FLAG", "OTHER_FLAG"];

    public static readonly string[] ReferralOutcomeKeys =
    [
        "SINGLE_ASSESSMENT_FLAG", "NFA_FLAG", "STRATEGY_DISCUSSION_FLAG", "CLA_REQUEST_FLAG", "CP_TRANSFER_IN_FLAG",
        "OTHER_OUTCOMES_EXIST_FLAG",
    ];

    public static readonly string[] AssessmentOutcomeKeys =
    [
        "NFA_FLAG", "STRATEGY_DISCUSSION_FLAG", "CLA_REQUEST_FLAG", "PROV_OF_SERVICES_FLAG",
        "REFERRAL_TO_OTHER_AGENCY_FLAG", "OTHER_OUTCOMES_EXIST_FLAG",
    ];

    public static readonly string[] S47OutcomeKeys =
        ["NFA_FLAG", "LEGAL_ACTION_FLAG", "PROV_OF_SERVICES_FLAG", "CP_CONFERENCE_FLAG", "NFA_CONTINUE_SINGLE_FLAG"];

    public static readonly string[] ConferenceOutcomeKeys =
        ["NFA_FLAG", "REFERRAL_TO_OTHER_AGENCY_FLAG", "SINGLE_ASSESSMENT_FLAG", "PROV_OF_SERVICES_FLAG", "CP_PLAN_FLAG"];
}

/// <summary>
/// Builds <c>{"KEY":"Y",...}</c> objects for a key set from a bit mask (bit i = key i is Y). Each distinct
/// combination is built once and cached, because the same few combinations repeat on millions of rows.
/// </summary>
internal sealed class FlagJson
{
    private readonly string[] _keys;
    private readonly string?[] _cache;

    public FlagJson(string[] keys)
    {
        _keys = keys;
        _cache = new string?[1 << keys.Length];
    }

    public string Get(int mask) => _cache[mask] ??= Build(mask);

    public int Bit(string key) => 1 << Array.IndexOf(_keys, key);

    private string Build(int mask)
    {
        var text = new StringBuilder("{");
        for (var i = 0; i < _keys.Length; i++)
        {
            text.Append(i == 0 ? "\"" : ",\"").Append(_keys[i]).Append("\":\"").Append((mask & (1 << i)) != 0 ? 'Y' : 'N').Append('"');
        }

        return text.Append('}').ToString();
    }
}
