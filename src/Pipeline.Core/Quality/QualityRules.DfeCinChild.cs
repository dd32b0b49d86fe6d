using System.Collections.Immutable;
using Pipeline.Extract;

namespace Pipeline.Quality;

// CIN census: the child (identifiers and characteristics, disabilities) and the rules that judge the return as a whole.
// A child is in tonight's census when one of their CIN episodes is open on or after 1 April (QualityInputs.Dfe.cs).
public static partial class QualityRules
{
    /// <summary>The DfE's 8606: a referral may be up to 40 weeks (280 days) before the child's (expected) birth.</summary>
    private const int CinPreBirthDays = 280;

    private static IEnumerable<QualityRule> DfeCinChild() =>
    [
        DfeCodes("CIN:4180", "sex", "pers_sex", required: true,
            "A child in the census has no sex (pers_sex), or one that is not a code of the CIN census's sex list in the collection year "
                + "(M, F or U from 2024-25; the GenderCurrent codes 0, 1, 2 and 9 before), the SSD's spellings of them accepted.",
            i => i.CinReturnPersons.Values.Select(p => new DfeCoded(p.PersonId, p.PersonId, p.Sex)), "CIN"),
        DfeCodes("CIN:4220", "ethnicity", "pers_ethnicity", required: true,
            "A child in the census has no ethnicity (pers_ethnicity), or one that is not a code of the DfE's ethnicity list; the SSD "
                + "guidance's CNHE, which the DfE's validators reject, is flagged with CHNE to write instead.",
            i => i.CinReturnPersons.Values.Select(p => new DfeCoded(p.PersonId, p.PersonId, p.Ethnicity))),
        Dfe("CIN:8510", "pers_person_id",
            "More than one ssd_person row has the person id of a child in the census: one finding per id, naming how many rows share it.",
            check => check.Inputs.CinReturnPersonRows.Duplicated.Select(c =>
                check.Flag("ssd_person", c.Id, c.Id, "pers_person_id", $"{c.Rows} ssd_person rows have this id"))),
        Dfe("CIN:8520", "pers_dob",
            "A child's date of birth is after the end of the census period: after as_at, the reference date of a return made tonight.",
            check => check.Inputs.CinReturnPersons.Values.Where(p => p.DateOfBirth > check.AsAt)
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_dob", $"pers_dob {IsoDay(p.DateOfBirth)} is after as_at {IsoDay(check.AsAt)}"))),
        Dfe("CIN:8525Q", "pers_dob, pers_expected_dob",
            "A child in the census has neither a date of birth nor an expected date of birth. Having both is not flagged: the SSD keeps a "
                + "born child's expected date of birth, and a return built from it sends the expected date only for a child with no date "
                + "of birth, as the census asks.",
            check => check.Inputs.CinReturnPersons.Values.Where(p => p.DateOfBirth is null && p.ExpectedDateOfBirth is null)
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_dob, pers_expected_dob", "neither pers_dob nor pers_expected_dob recorded"))),
        Dfe("CIN:8530Q", "pers_expected_dob",
            "An unborn child's (no date of birth) expected date of birth is more than 30 days before the reference date or more than 9 months after it, the "
                + "reference date of a return made tonight being as_at (the DfE's \"March to December\" is 30 days before and 9 months "
                + "after its 31 March).",
            check => check.Inputs.CinReturnPersons.Values
                .Where(p => p.DateOfBirth is null && p.ExpectedDateOfBirth is { } e && (e < check.AsAt.AddDays(-30) || e > check.AsAt.AddMonths(9)))
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_expected_dob",
                    $"pers_expected_dob {IsoDay(p.ExpectedDateOfBirth)} is outside {IsoDay(check.AsAt.AddDays(-30))} to {IsoDay(check.AsAt.AddMonths(9))}"))),
        Dfe("CIN:8535Q", "pers_death_date, pers_dob",
            "A child's date of death is before their date of birth, or there is a date of death and no date of birth.",
            check => check.Inputs.CinReturnPersons.Values
                .Where(p => p.DeathDate is { } death && (p.DateOfBirth is not { } dob || death < dob))
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_death_date",
                    $"pers_death_date {IsoDay(p.DeathDate)}, pers_dob {IsoDay(p.DateOfBirth)}"))),
        DfeInCensusPeriod("CIN:8545Q", "pers_death_date",
            "A child in the census has a date of death outside the census period (before 1 April of the collection year, or after as_at).",
            i => i.CinReturnPersons.Values.Select(p => new DfeDated(p.PersonId, p.PersonId, p.DeathDate))),
        Dfe("CIN:8750", "pers_sex, pers_dob, pers_expected_dob",
            "An unborn child (an expected date of birth and no date of birth) has a sex other than U (from 2024-25; 0, \"not known\", "
                + "before).",
            check =>
            {
                var unknown = check.Inputs.ReturnYear.StartYear >= 2024 ? "U" : "0";
                return check.Inputs.CinReturnPersons.Values
                    .Where(p => p.DateOfBirth is null && p.ExpectedDateOfBirth is not null && !Is(p.Sex, unknown))
                    .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_sex",
                        $"unborn (expected {IsoDay(p.ExpectedDateOfBirth)}) with pers_sex {Echo("ssd_person", p.Sex)}, not {unknown}"));
            }),
        Dfe("CIN:8772", "pers_upn_unknown, cine_referral_nfa",
            "A child whose reason for having no UPN is UN7 (referral with no further action) has a referral in the census that is not "
                + "marked no further action (cine_referral_nfa not Y).",
            check => check.Inputs.CinReturnPersons.Values
                .Where(p => Is(p.UpnUnknown, "UN7") && check.Inputs.ReturnReferralsByChild[p.PersonId].Any(r => r.ReferralNfa != true))
                .Select(p => check.Flag("ssd_person", p.PersonId, p.PersonId, "pers_upn_unknown", "UN7 with a referral going on to further action"))),
        Dfe("CIN:8775Q", "pers_dob, cine_close_date",
            "A child turned 25 before as_at, and a CIN episode of theirs in the census was still open on, or closed after, that 25th "
                + "birthday. The DfE's check is of the child; the finding is on each such episode, the record to close.",
            check => check.Inputs.CinReturnPersons.Values
                .Where(p => p.DateOfBirth is { } dob && dob.AddYears(25) < check.AsAt)
                .SelectMany(p => check.Inputs.ReturnReferralsByChild[p.PersonId]
                    .Where(r => r.CloseDate is not { } closed || closed > p.DateOfBirth!.Value.AddYears(25))
                    .Select(r => check.Flag("ssd_cin_episodes", r.ReferralId, p.PersonId, "cine_close_date",
                        $"25th birthday {IsoDay(p.DateOfBirth!.Value.AddYears(25))}, episode {(r.CloseDate is null ? "still open" : $"closed {IsoDay(r.CloseDate)}")}",
                        r.WorkerId, r.TeamId)))),
        Dfe("CIN:1570", "pers_person_id",
            "A child's LA child id (pers_person_id) is longer than 20 characters.",
            check => check.Inputs.CinReturnPersons.Keys.Where(id => id.Length > 20)
                .Select(id => check.Flag("ssd_person", id, id, "pers_person_id", $"pers_person_id is {id.Length} characters long"))),
        Dfe("CIN:1580", "pers_person_id",
            "A child's LA child id (pers_person_id) holds a character that is not an ASCII letter or digit.",
            check => check.Inputs.CinReturnPersons.Keys.Where(id => !id.All(char.IsAsciiLetterOrDigit))
                .Select(id => check.Flag("ssd_person", id, id, "pers_person_id", "pers_person_id holds a character that is not a letter or digit"))),

        // Disabilities: ssd_disability rows of the children in the census.
        Dfe("CIN:8540", "disa_disability_code, pers_dob, cine_referral_nfa",
            "A born child (with a date of birth) who has a referral in the census not marked no further action has no ssd_disability row, "
                + "or one whose code is not a code of the DfE's disability list (NONE for no disability).",
            check =>
            {
                var byChild = CinDisabilities(check.Inputs);
                return check.Inputs.CinReturnPersons.Values
                    .Where(p => p.DateOfBirth is not null && check.Inputs.ReturnReferralsByChild[p.PersonId].Any(r => r.ReferralNfa == false))
                    .SelectMany(p => byChild.TryGetValue(p.PersonId, out var rows)
                        ? rows.Where(d => d.Code is null || CodeProblem("disability", d.Code, check.Inputs.ReturnStart, "CIN", "disa_disability_code") is not null)
                            .Select(d => check.Flag("ssd_disability", d.DisabilityId, p.PersonId, "disa_disability_code",
                                d.Code is null ? "no disa_disability_code" : CodeProblem("disability", d.Code, check.Inputs.ReturnStart, "CIN", "disa_disability_code")!))
                        : [check.Flag("ssd_person", p.PersonId, p.PersonId, "disa_disability_code", "no ssd_disability row (NONE for no disability)")]);
            }),
        Dfe("CIN:8790", "disa_disability_code",
            "A child in the census has a disability row coded NONE and another with a disability code.",
            check => CinDisabilities(check.Inputs)
                .Where(c => c.Value.Any(d => Is(d.Code, "NONE")) && c.Value.Any(d => d.Code is not null && !Is(d.Code, "NONE")))
                .Select(c => check.Flag("ssd_disability", c.Value.First(d => Is(d.Code, "NONE")).DisabilityId, c.Key, "disa_disability_code",
                    $"NONE and {string.Join(", ", c.Value.Where(d => d.Code is not null && !Is(d.Code, "NONE")).Select(d => Quote(d.Code!.Trim())))}"))),
        Dfe("CIN:8794", "disa_disability_code",
            "A child in the census has two or more disability rows with the same code (compared case-insensitively after trimming).",
            check => CinDisabilities(check.Inputs).Where(c => c.Value.Count > 1).SelectMany(c => c.Value
                .Where(d => d.Code is not null)
                .GroupBy(d => d.Code!.Trim().ToUpperInvariant(), StringComparer.Ordinal)
                .Where(g => g.Count() > 1)
                .Select(g => check.Flag("ssd_disability", g.First().DisabilityId, c.Key, "disa_disability_code",
                    $"{Quote(g.Key)} recorded {g.Count()} times", key: $"{c.Key}:{g.Key}")))),

        // The return as a whole: one finding, on the return, when its share or count is out of line.
        Dfe("CIN:2886Q", "pers_sex, pers_dob, pers_expected_dob",
            "More than 2% of the children in the census who are not unborn (unborn: an expected date of birth and no date of birth) have "
                + "no sex recorded: pers_sex empty, or U (unknown), which is what an unrecorded sex is returned as. Exactly 2% is not "
                + "flagged.",
            check =>
            {
                var born = check.Inputs.CinReturnPersons.Values.Where(p => !(p.DateOfBirth is null && p.ExpectedDateOfBirth is not null)).ToList();
                var none = born.Count(p => string.IsNullOrWhiteSpace(p.Sex) || Is(p.Sex, "U", "0"));
                return none * 50 > born.Count
                    ? [check.FlagReturn("ssd_person", "pers_sex", $"{none} of {born.Count} children (not unborn) have no sex recorded: {Percent(none, born.Count)}, more than 2%")]
                    : [];
            }),
        Dfe("CIN:2887Q", "disa_disability_code",
            "The children in the census have fewer than 8 distinct disability codes between them, NONE aside.",
            check =>
            {
                var codes = CinDisabilities(check.Inputs).Values.SelectMany(d => d)
                    .Where(d => d.Code is not null && !Is(d.Code, "NONE")).Select(d => d.Code!.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).Count();
                return codes < 8 ? [check.FlagReturn("ssd_disability", "disa_disability_code", $"{codes} distinct disability codes used, fewer than 8")] : [];
            }),
        Dfe("CIN:2888Q", "disa_disability_code",
            "No child in the census has more than one disability code (NONE aside), including when none has a disability at all.",
            check => CinDisabilities(check.Inputs).Values.Any(d => d.Count(x => x.Code is not null && !Is(x.Code, "NONE")) > 1)
                ? []
                : [check.FlagReturn("ssd_disability", "disa_disability_code", "no child has more than one disability code recorded")]),
    ];

    /// <summary>One ssd_disability row of a child in the census: its code, and its id read from its column when a finding names it.</summary>
    private readonly record struct CinDisability(string? Code, int Row, Func<int, string> IdOf)
    {
        public string DisabilityId => IdOf(Row);
    }

    /// <summary>The ssd_disability rows of the children in tonight's CIN census, by child.</summary>
    private static Dictionary<string, List<CinDisability>> CinDisabilities(QualityInputs inputs) => inputs.Lookup("DfeCinDisabilities", () =>
    {
        // NOTE: the child and code read from their columns, for a child of the census only; no record built, and the row's id
        // (a string made at each read) read only for a row a finding names.
        var byChild = new Dictionary<string, List<CinDisability>>(StringComparer.Ordinal);
        var disabilities = inputs.Extract.Disabilities;
        var (childOf, codeOf, idOf) = (disabilities.Field(nameof(Disability.PersonId), d => d.PersonId), disabilities.Field(nameof(Disability.Code), d => d.Code),
            disabilities.Field(nameof(Disability.DisabilityId), d => d.DisabilityId));
        var children = inputs.CinReturnChildren;
        for (var row = 0; row < disabilities.Count; row++)
        {
            if (childOf(row) is var child && children.Contains(child))
            {
                (byChild.TryGetValue(child, out var rows) ? rows : byChild[child] = []).Add(new CinDisability(codeOf(row), row, idOf));
            }
        }

        return byChild;
    });

    private static string Percent(int part, int whole) =>
        whole == 0 ? "0%" : (100.0 * part / whole).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
