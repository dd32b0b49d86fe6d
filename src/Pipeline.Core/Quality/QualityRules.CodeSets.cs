using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Required values and code sets.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> CodeSetRules() =>
    [
        new()
        {
            Code = "invalid_code",
            Title = "Code not in the SSD code set",
            Severity = Severity.Error,
            Tables = ["ssd_person", "ssd_cin_episodes", "ssd_cla_placement"],
            Fields = "pers_sex, cine_cin_primary_need_code, cine_close_reason, clap_cla_placement_type",
            Description = "A coded value is not one of the SSD code set's values: sex (F, M, U), primary need (N0-N9), closure reason (RC1-RC9), placement type.",
            DfeEquivalent = "CIN 8640, 8650",
            Find = inputs => InvalidCodes(inputs.Extract),
        },
    ];

    // A code is echoed only when it looks like one: a mistyped field could hold free text (even a name).
    private static string Quote(string code) =>
        code.Length <= 8 && code.All(char.IsAsciiLetterOrDigit) ? $"'{code}'" : "(value withheld: not code-like)";

    private static IEnumerable<DqFinding> InvalidCodes(ExtractSet e)
    {
        DqFinding Finding(string table, string id, string? person, string field, string code) =>
            new(table, id, person, field, $"{field} {Quote(code)} is not in the code set", $"invalid_code:{table}:{id}:{field}");

        return e.Persons.Where(p => !CodeSets.IsValid(CodeSets.Sex, p.Sex))
                .Select(p => Finding("ssd_person", p.PersonId, p.PersonId, "pers_sex", p.Sex!))
            .Concat(e.CinEpisodes.Where(r => !CodeSets.IsValid(CodeSets.PrimaryNeed, r.PrimaryNeedCode))
                .Select(r => Finding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_cin_primary_need_code", r.PrimaryNeedCode!)))
            .Concat(e.CinEpisodes.Where(r => !CodeSets.IsValid(CodeSets.CloseReason, r.CloseReason))
                .Select(r => Finding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_reason", r.CloseReason!)))
            .Concat(e.ClaPlacements.Where(p => !CodeSets.IsValid(CodeSets.PlacementType, p.PlacementType))
                .Select(p => Finding("ssd_cla_placement", p.PlacementId, p.PersonId, "clap_cla_placement_type", p.PlacementType!)));
    }
}
