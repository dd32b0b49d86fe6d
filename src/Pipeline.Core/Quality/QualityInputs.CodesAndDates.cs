using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

/// <summary>What rules read of a section 47 enquiry found by id: its referral and start.</summary>
public readonly record struct S47Links(string? ReferralId, DateOnly? StartDate);

/// <summary>What rules read of an initial CP conference found by id: its referral and section 47 enquiry.</summary>
public readonly record struct ConferenceLinks(string? ReferralId, string? S47EnquiryId);

/// <summary>What rules read of a CP plan found by id to date its visits and reviews: its child, start and end.</summary>
public readonly record struct CpPlanDates(string PersonId, DateOnly? StartDate, DateOnly? EndDate);

// Lookups for the code-set and date-order rules.
public sealed partial class QualityInputs
{
    /// <summary>Section 47 enquiries' referral and start by id (the first row where an id is duplicated).</summary>
    /// <remarks>NOTE: the two fields rules read, not the record: a million enquiries nationally.</remarks>
    public IReadOnlyDictionary<string, S47Links> S47ById => Held<IReadOnlyDictionary<string, S47Links>>() ?? Memo(() =>
    {
        var s = Extract.S47Enquiries;
        var (referral, start) = (s.Field(nameof(S47Enquiry.ReferralId), x => x.ReferralId), s.Field(nameof(S47Enquiry.StartDate), x => x.StartDate));
        return FirstById(s, (nameof(S47Enquiry.EnquiryId), x => x.EnquiryId), row => new S47Links(referral(row), start(row)));
    });

    /// <summary>Initial child protection conferences' links by id (the first row where an id is duplicated).</summary>
    public IReadOnlyDictionary<string, ConferenceLinks> ConferencesById => Held<IReadOnlyDictionary<string, ConferenceLinks>>() ?? Memo(() =>
    {
        var c = Extract.InitialCpConferences;
        var (referral, s47) = (c.Field(nameof(InitialCpConference.ReferralId), x => x.ReferralId), c.Field(nameof(InitialCpConference.S47EnquiryId), x => x.S47EnquiryId));
        return FirstById(c, (nameof(InitialCpConference.IcpcId), x => x.IcpcId), row => new ConferenceLinks(referral(row), s47(row)));
    });

    /// <summary>CP plans by id (the first row where an id is duplicated).</summary>
    public IReadOnlyDictionary<string, CpPlan> CpPlansById => Held<IReadOnlyDictionary<string, CpPlan>>() ?? Memo(() =>
    {
        var plans = Extract.CpPlans;
        return FirstById(plans, (nameof(CpPlan.PlanId), p => p.PlanId), row => plans[row]);
    });

    /// <summary>CP plans' child, start and end by plan id (the first row where an id is duplicated).</summary>
    /// <remarks>NOTE: the three fields the date-order rules read, from the columns: a visit or review needs its plan's dates, not its record.</remarks>
    public IReadOnlyDictionary<string, CpPlanDates> CpPlanDatesById => Held<IReadOnlyDictionary<string, CpPlanDates>>() ?? Memo(() =>
    {
        var plans = Extract.CpPlans;
        var (person, start, end) = (plans.Field(nameof(CpPlan.PersonId), p => p.PersonId), plans.Field(nameof(CpPlan.StartDate), p => p.StartDate),
            plans.Field(nameof(CpPlan.EndDate), p => p.EndDate));
        return FirstById(plans, (nameof(CpPlan.PlanId), p => p.PlanId), row => new CpPlanDates(person(row), start(row), end(row)));
    });

    /// <summary>
    /// The child each clae_cla_id belongs to (reviews carry only the CLA id). An id shared by two children goes to
    /// the child of its earliest-starting episode, as the indicators do.
    /// </summary>
    /// <remarks>NOTE: from the columns, the episode id read only where two episodes of one CLA id start on the same day.</remarks>
    public FrozenDictionary<string, string> ChildByClaId => Held<FrozenDictionary<string, string>>() ?? Memo(() =>
    {
        var e = Extract.ClaEpisodes;
        var (claIdOf, startOf, episodeOf, childOf) = (e.Field(nameof(ClaEpisode.ClaId), x => x.ClaId), e.Field(nameof(ClaEpisode.StartDate), x => x.StartDate),
            e.Field(nameof(ClaEpisode.EpisodeId), x => x.EpisodeId), e.Field(nameof(ClaEpisode.PersonId), x => x.PersonId));
        // Each CLA id's first episode by start (none last), then episode id; the earliest row where both tie.
        var first = new Dictionary<string, (DateOnly Start, int Row)>(StringComparer.Ordinal);
        for (var row = 0; row < e.Count; row++)
        {
            if (claIdOf(row) is not { Length: > 0 } claId)
            {
                continue;
            }

            var start = startOf(row) ?? DateOnly.MaxValue;
            ref var best = ref CollectionsMarshal.GetValueRefOrAddDefault(first, claId, out var seen);
            if (!seen || start < best.Start || (start == best.Start && string.CompareOrdinal(episodeOf(row), episodeOf(best.Row)) < 0))
            {
                best = (start, row);
            }
        }

        return first.ToFrozenDictionary(f => f.Key, f => childOf(f.Value.Row), StringComparer.Ordinal);
    });

    /// <summary>Each child's legal statuses that have a start date, by start.</summary>
    public FrozenDictionary<string, ImmutableArray<LegalStatus>> LegalStatusesByChild => Held<FrozenDictionary<string, ImmutableArray<LegalStatus>>>() ?? Memo(() => Extract.LegalStatuses
        .RowsWhere((nameof(LegalStatus.StartDate), s => s.StartDate), start => start is not null)
        .GroupBy(s => s.PersonId, StringComparer.Ordinal)
        .ToFrozenDictionary(
            g => g.Key,
            g => g.OrderBy(s => s.StartDate).ThenBy(s => s.LegalStatusId, StringComparer.Ordinal).ToImmutableArray(),
            StringComparer.Ordinal));

    /// <summary>Each child's care history (<see cref="PeriodsOfCare.Build"/>: the indicators' own, theirs when they run beside).</summary>
    public FrozenDictionary<string, CareHistory> CareByChild => SharedGroupings is { SharedWithQuality: true } shared
        ? shared.CareByChild
        : Held<FrozenDictionary<string, CareHistory>>() ?? Memo(() => PeriodsOfCare.ByChild(Extract.ClaEpisodes, LegalStatusesByChild));

    /// <summary>Children with at least one row in ssd_cla_episodes, placeable or not.</summary>
    public FrozenSet<string> ChildrenWithClaEpisodes => Held<FrozenSet<string>>() ?? Memo(() => Extract.ClaEpisodes.Values(nameof(ClaEpisode.PersonId), e => e.PersonId).ToFrozenSet(StringComparer.Ordinal));
}
