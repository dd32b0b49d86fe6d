using System.Collections;
using System.Collections.Immutable;
using Pipeline.Extract;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Quality;

/// <summary>
/// Records for the DfE rules' tests, each valid by default, so a case names only what makes its record break (or not break) a
/// rule. The defaults sit in the collection year 2024-25 (as_at 30 June 2024): a child born in 2015 on a referral of May 2024, a
/// child born in 2010 looked after since April 2024 in a long-term foster placement under a care order.
/// </summary>
internal static class DfeRecords
{
    public const string AsAt = "2024-06-30";

    private static DateOnly? Opt(string? date) => date is null ? null : D(date);

    public static Person Child(string id = "P1", string? dob = "2015-01-01", string? sex = "F", string? ethnicity = "WBRI", string? expected = null,
        string? died = null, string? upnUnknown = null, bool? mother = null) =>
        new(id, sex, null, ethnicity, Opt(dob), null, null, upnUnknown, null, Opt(expected), Opt(died), mother, null);

    public static CinEpisode Ref(string id = "R1", string person = "P1", string? date = "2024-05-01", string? need = "N1", string? source = "1A",
        bool? nfa = false, string? reason = null, string? closed = null) =>
        new(id, person, Opt(date), need, source, null, nfa, reason, Opt(closed), "T1", "W1");

    public static Assessment Asmt(string id, string person = "P1", string? referral = "R1", string? start = "2024-05-02", string? auth = null) =>
        new(id, person, referral, Opt(start), true, Opt(auth), null, null, "T1", "W1");

    public static S47Enquiry S47(string id, string person = "P1", string? referral = "R1", string? start = "2024-05-02", string? end = null,
        bool? nfa = null, bool toConference = false) =>
        new(id, referral, person, Opt(start), Opt(end), nfa, end is null ? null : Flags(("CP_CONFERENCE_FLAG", toConference)), "W1", "T1");

    public static InitialCpConference Icpc(string id, string person = "P1", string? s47 = null, string? referral = "R1", string? date = "2024-05-20",
        string? target = null, string? plan = null) =>
        new(id, null, s47, person, plan, referral, false, Opt(target), Opt(date), true, null, "T1", "W1");

    public static CpPlan Cp(string id, string person = "P1", string? referral = "R1", string? start = "2024-05-20", string? end = null,
        string? initial = "NEG", string? latest = "NEG", string? icpc = null, bool ola = false) =>
        new(id, referral, icpc, person, Opt(start), Opt(end), initial, ola, latest);

    public static CpReview CpRev(string id, string plan = "CP1", string? date = "2024-06-10", string person = "P1") =>
        new(id, person, plan, null, Opt(date), null, true, true, null);

    public static CinPlan CinP(string id, string person = "P1", string? referral = "R1", string? start = "2024-05-10", string? end = null) =>
        new(id, referral, person, Opt(start), Opt(end), "T1", "W1");

    public static Disability Dis(string id, string person = "P1", string? code = "NONE") => new(id, person, code);

    public static ClaEpisode Epi(string id, string person = "P1", string? start = "2024-04-10", string? rne = "S", string? need = "N1", string? ceased = null,
        string? rec = null, string? cla = "CLA1", string? placement = null, string? entered = null) =>
        new(id, person, Opt(start), rne, need, Opt(ceased), rec, cla, null, placement, Opt(entered ?? start), null);

    public static ClaPlacement Pl(string id, string person = "P1", string? start = "2024-04-10", string? type = "U4", string? urn = "SC123456",
        double? distance = 5, string? provider = "PR1", string? end = null, string? change = null, string? cla = "CLA1", string? postcode = "ZZ1") =>
        new(id, Opt(start), type, urn, distance, cla, provider, Opt(end), change, person, postcode);

    public static LegalStatus Ls(string id, string person = "P1", string? code = "C2", string? start = "2024-04-10", string? end = null) =>
        new(id, person, code, Opt(start), Opt(end));

    /// <summary>
    /// One episode in care with its own placement and legal status, each starting on the episode's start and ending on its ceased
    /// date (ids PL- and LS- before the episode's).
    /// </summary>
    public static object[] InCare(string episode = "E1", string person = "P1", string? start = "2024-04-10", string? rne = "S", string? ceased = null,
        string? rec = null, string? place = "U4", string? provider = "PR1", string? urn = "SC123456", double? distance = 5, string? ls = "C2",
        string? need = "N1", string? cla = "CLA1", string? change = null, string? entered = null) =>
    [
        Epi(episode, person, start, rne, need, ceased, rec, cla, "PL-" + episode, entered),
        Pl("PL-" + episode, person, start, place, urn, distance, provider, ceased, change, cla),
        Ls("LS-" + episode, person, ls, start, ceased),
    ];

    public static ClaReview Rev(string id, string cla = "CLA1", string? date = "2024-06-01", bool? cancelled = false, string? participation = "PN1") =>
        new(id, cla, null, Opt(date), cancelled, participation);

    public static MissingEpisode Miss(string id, string person = "P1", string? start = "2024-05-01", string? type = "M", string? end = "2024-05-02") =>
        new(id, person, Opt(start), type, Opt(end), null, null);

    public static CareLeaver Leaver(string id, string person = "P1", string? inTouch = "YES", string? accommodation = "D", string? suitable = "1",
        string? activity = "F2") =>
        new(id, person, "Relevant", inTouch, null, accommodation, suitable, activity, null, null, "T1", "W1");

    public static ImmigrationStatus Uasc(string id, string person = "P1", string? status = "UASC", string? start = "2020-01-01", string? end = null) =>
        new(id, person, status, Opt(start), Opt(end));

    public static ClaHealthCheck Health(string id, string person = "P1", string? type = "Health Surveillance Check", string? date = "2024-05-01") =>
        new(id, person, type, Opt(date), "Completed");

    public static Permanence Perm(string id, string person = "P1", string? decision = "2024-04-20", string? order = null, string? placed = null,
        string? matched = null, bool? byCarer = null, string? reversed = null, string? reason = null, string? sex = null, string? status = null,
        string? number = null) =>
        new(id, person, "CLA1", Opt(decision), Opt(order), Opt(placed), Opt(matched), byCarer, Opt(reversed), reason, sex, status, number);

    /// <summary>An adoption row with all six AD1 items.</summary>
    public static Permanence Adoption(string id, string person = "P1", string? decision = "2024-04-20", string? placed = "2024-05-01",
        string? matched = "2024-04-25", bool byCarer = false, string sex = "MF", string status = "L11", string number = "2") =>
        Perm(id, person, decision, null, placed, matched, byCarer, null, null, sex, status, number);

    public static OutcomeFlags Flags(params (string Key, bool Value)[] flags) =>
        new(flags.ToImmutableSortedDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));

    /// <summary>An extract at <paramref name="asAt"/> holding the records, grouped into one table per record type.</summary>
    public static ExtractSet ExtractAt(string asAt, IEnumerable<object> records, ImmutableDictionary<string, TableCoverage>? coverage = null)
    {
        var tables = ImmutableDictionary.CreateBuilder<Type, object>();
        foreach (var group in Flatten(records).GroupBy(r => r.GetType()))
        {
            var typed = typeof(DfeRecords).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(group.Key).Invoke(null, [group.ToList()])!;
            tables[group.Key] = typed;
        }

        return new ExtractSet(Manifest(D(asAt)), tables.ToImmutable(), coverage: coverage);
    }

    private static ImmutableArray<T> Typed<T>(List<object> rows) => [.. rows.Cast<T>()];

    private static IEnumerable<object> Flatten(IEnumerable<object> records) =>
        records.SelectMany(r => r is IEnumerable many and not string ? Flatten(many.Cast<object>()) : [r]);
}
