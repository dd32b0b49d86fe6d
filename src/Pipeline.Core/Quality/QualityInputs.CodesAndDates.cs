using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

/// <summary>What rules read of a section 47 enquiry found by id: its referral and start.</summary>
public readonly record struct S47Links(string? ReferralId, DateOnly? StartDate);

/// <summary>What rules read of an initial CP conference found by id: its referral and section 47 enquiry.</summary>
public readonly record struct ConferenceLinks(string? ReferralId, string? S47EnquiryId);

// Lookups for the code-set and date-order rules.
public sealed partial class QualityInputs
{
    /// <summary>Section 47 enquiries' referral and start by id (the first row where an id is duplicated).</summary>
    /// <remarks>NOTE: the two fields rules read, not the record: a million enquiries nationally.</remarks>
    public IReadOnlyDictionary<string, S47Links> S47ById => Memo(() => FirstById(Extract.S47Enquiries, s => s.EnquiryId, s => new S47Links(s.ReferralId, s.StartDate)));

    /// <summary>Initial child protection conferences' links by id (the first row where an id is duplicated).</summary>
    public IReadOnlyDictionary<string, ConferenceLinks> ConferencesById =>
        Memo(() => FirstById(Extract.InitialCpConferences, c => c.IcpcId, c => new ConferenceLinks(c.ReferralId, c.S47EnquiryId)));

    /// <summary>CP plans by id (the first row where an id is duplicated).</summary>
    public IReadOnlyDictionary<string, CpPlan> CpPlansById => Memo(() => FirstById(Extract.CpPlans, p => p.PlanId, p => p));

    /// <summary>
    /// The child each clae_cla_id belongs to (reviews carry only the CLA id). An id shared by two children goes to
    /// the child of its earliest-starting episode, as the indicators do.
    /// </summary>
    public FrozenDictionary<string, string> ChildByClaId => Memo(() => Extract.ClaEpisodes
        .Where(e => !string.IsNullOrEmpty(e.ClaId))
        .GroupBy(e => e.ClaId!, StringComparer.Ordinal)
        .ToFrozenDictionary(
            g => g.Key,
            g => g.OrderBy(e => e.StartDate ?? DateOnly.MaxValue).ThenBy(e => e.EpisodeId, StringComparer.Ordinal).First().PersonId,
            StringComparer.Ordinal));

    /// <summary>Each child's legal statuses that have a start date, by start.</summary>
    public FrozenDictionary<string, ImmutableArray<LegalStatus>> LegalStatusesByChild => Memo(() => Extract.LegalStatuses
        .Where(s => s.StartDate is not null)
        .GroupBy(s => s.PersonId, StringComparer.Ordinal)
        .ToFrozenDictionary(
            g => g.Key,
            g => g.OrderBy(s => s.StartDate).ThenBy(s => s.LegalStatusId, StringComparer.Ordinal).ToImmutableArray(),
            StringComparer.Ordinal));

    /// <summary>Each child's care history (<see cref="PeriodsOfCare.Build"/>: the indicators' own).</summary>
    public FrozenDictionary<string, CareHistory> CareByChild =>
        Memo(() => PeriodsOfCare.ByChild(Extract.ClaEpisodes, LegalStatusesByChild));

    /// <summary>Children with at least one row in ssd_cla_episodes, placeable or not.</summary>
    public FrozenSet<string> ChildrenWithClaEpisodes =>
        Memo(() => Extract.ClaEpisodes.Select(e => e.PersonId).ToFrozenSet(StringComparer.Ordinal));
}
