using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// CLA episodes whose SSDA903 codes contradict their dates. Periods of care are counted by the codes
// (Domain/PeriodsOfCare.cs), so each contradiction here is a start or an end the indicators count, or miss, on
// the codes' word.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> CareEpisodes() =>
    [
        new()
        {
            Code = "x1_without_next_episode",
            Title = "Episode ceased X1 with no episode starting that day",
            Severity = Severity.Error,
            Tables = ["ssd_cla_episodes"],
            Fields = "clae_cla_episode_ceased_reason, clae_cla_episode_ceased_date",
            Description = "A CLA episode's reason ceased is X1 (a new episode begins the same day) but no other episode of the child starts "
                + "on its ceased date: the child's care ended there, yet X1 means it did not, so the end is not counted. Episodes that "
                + "cannot be placed in time (no start date, or ceased before they started) are left to missing_cla_start and "
                + "end_before_start; one that starts on the ceased date still follows it here.",
            DfeEquivalent = "SSDA903 388",
            Find = inputs => inputs.CareByChild.Values.SelectMany(care => care.Episodes
                .Where(e => e.CeasedDate is { } ceased && PeriodsOfCare.IsCode(e.CeasedReason, PeriodsOfCare.NewEpisodeBegins)
                    && !inputs.ClaEpisodesOfChild[care.PersonId].Any(other => other.Id != e.EpisodeId && other.Start == ceased))
                .Select(e => new DqFinding("ssd_cla_episodes", e.EpisodeId, e.PersonId, "clae_cla_episode_ceased_reason",
                    $"ceased {IsoDay(e.CeasedDate)} with X1, but no episode of the child starts that day", $"x1_without_next_episode:{e.EpisodeId}"))),
        },
        new()
        {
            Code = "start_while_in_care",
            Title = "Episode started to be looked after (S) while another episode is open",
            Severity = Severity.Error,
            Tables = ["ssd_cla_episodes"],
            Fields = "clae_cla_episode_start_reason, clae_cla_episode_start_date",
            Description = "A CLA episode whose reason for new episode is S (started to be looked after) starts on a day when another episode "
                + "of the child is open (started on or before it and not ceased by it): it is counted as a new period of care although the "
                + "child was already in care. An S on the day another episode ceased is a child leaving and coming back, not this rule's.",
            Find = inputs => inputs.CareByChild.Values.SelectMany(care => care.Episodes
                .Where(e => PeriodsOfCare.IsCode(e.StartReason, PeriodsOfCare.StartedToBeLookedAfter))
                .Select(e => (Episode: e, Open: care.Episodes.FirstOrDefault(other => !ReferenceEquals(other, e)
                    && Dates.IsOpenAt(other.StartDate, other.CeasedDate, e.StartDate!.Value))))
                .Where(x => x.Open is not null)
                .Select(x => new DqFinding("ssd_cla_episodes", x.Episode.EpisodeId, x.Episode.PersonId, "clae_cla_episode_start_reason",
                    $"started {IsoDay(x.Episode.StartDate)} with S while episode {x.Open!.EpisodeId} ({IsoDay(x.Open.StartDate)} to "
                        + $"{OpenEnd(x.Open.CeasedDate)}) was open", $"start_while_in_care:{x.Episode.EpisodeId}"))),
        },
        new()
        {
            Code = "ceased_reason_date_mismatch",
            Title = "CLA episode with a ceased date and no reason, or a reason and no date",
            Severity = Severity.Error,
            Tables = ["ssd_cla_episodes"],
            Fields = "clae_cla_episode_ceased_date, clae_cla_episode_ceased_reason",
            Description = "A CLA episode has a reason ceased but no ceased date (it counts as open, and its end is not counted), or a ceased "
                + "date but no reason (whether it ends a period of care is then judged by dates alone). Both must be given, or neither.",
            DfeEquivalent = "SSDA903 148",
            Find = inputs => inputs.Extract.ClaEpisodes
                .Where(e => (e.CeasedDate is null) == PeriodsOfCare.HasCeasedReason(e))
                .Select(e => new DqFinding("ssd_cla_episodes", e.EpisodeId, e.PersonId,
                    e.CeasedDate is null ? "clae_cla_episode_ceased_date" : "clae_cla_episode_ceased_reason",
                    e.CeasedDate is null
                        ? $"clae_cla_episode_ceased_reason {Quote(e.CeasedReason!.Trim())} with no clae_cla_episode_ceased_date"
                        : $"ceased {IsoDay(e.CeasedDate)} with no clae_cla_episode_ceased_reason",
                    $"ceased_reason_date_mismatch:{e.EpisodeId}")),
        },
    ];
}
