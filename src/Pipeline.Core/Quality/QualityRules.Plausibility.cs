using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Plausibility.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> Plausibility() =>
    [
        new()
        {
            Code = "open_episode_age_25_plus",
            Title = "Open CIN episode for someone aged 25 or over",
            Severity = Severity.Query,
            Tables = ["ssd_cin_episodes", "ssd_person"],
            Fields = "cine_close_date, pers_dob",
            Description = "A CIN episode is open at as_at for a person who is 25 or older then: a legacy record never closed.",
            DfeEquivalent = "CIN 8775Q",
            Find = inputs => inputs.Extract.CinEpisodes
                .Where(r => Dates.IsOpenAt(r.ReferralDate, r.CloseDate, inputs.AsAt)
                    && inputs.Persons.TryGetValue(r.PersonId, out var p) && p.DateOfBirth is { } dob && Dates.AgeAt(dob, inputs.AsAt) >= 25)
                .Select(r => new DqFinding("ssd_cin_episodes", r.ReferralId, r.PersonId, "cine_close_date",
                    $"open since {r.ReferralDate:yyyy-MM-dd}; person aged {Dates.AgeAt(inputs.Persons[r.PersonId].DateOfBirth!.Value, inputs.AsAt)} at as_at",
                    $"open_episode_age_25_plus:{r.ReferralId}", r.WorkerId, r.TeamId)),
        },
    ];
}
