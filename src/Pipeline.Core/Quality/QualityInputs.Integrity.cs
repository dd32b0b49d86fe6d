using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Indicators;

namespace Pipeline.Quality;

/// <summary>A child's dated record as the overlap rules read it: its id, start and end, and who holds it.</summary>
public sealed record ChildSpan(string Id, string PersonId, DateOnly? Start, DateOnly? End, string? WorkerId = null, string? TeamId = null);

// Lookups for the integrity families (plausibility, references, uniqueness, overlaps, legacy): each built
// once, in one pass over its table, so no rule compares records pairwise.
public sealed partial class QualityInputs
{
    /// <summary>Every cine_referral_id.</summary>
    public FrozenSet<string> KnownReferralIds => Memo(() => IntegrityIdSet(Extract.CinEpisodes.Select(r => r.ReferralId)));

    /// <summary>Every s47e_s47_enquiry_id.</summary>
    public FrozenSet<string> KnownS47Ids => Memo(() => IntegrityIdSet(Extract.S47Enquiries.Select(s => s.EnquiryId)));

    /// <summary>Every cppl_cp_plan_id.</summary>
    public FrozenSet<string> KnownCpPlanIds => Memo(() => IntegrityIdSet(Extract.CpPlans.Select(p => p.PlanId)));

    /// <summary>Every clae_cla_id (the period-of-care id that placements, reviews and visits carry).</summary>
    public FrozenSet<string> KnownClaIds => Memo(() => IntegrityIdSet(Extract.ClaEpisodes.Select(e => e.ClaId)));

    /// <summary>Every prof_professional_id.</summary>
    public FrozenSet<string> KnownWorkerIds => Memo(() => IntegrityIdSet(Extract.Professionals.Select(p => p.ProfessionalId)));

    /// <summary>Every dept_team_id.</summary>
    public FrozenSet<string> KnownTeamIds => Memo(() => IntegrityIdSet(Extract.Departments.Select(d => d.TeamId)));

    /// <summary>Each child's CIN episodes (referral id, referral and close dates), earliest referral first.</summary>
    /// <remarks>
    /// NOTE: these three groupings keep the fields the overlap rules read, not the records: they span two of the larger
    /// tables and are held together while that family runs.
    /// </remarks>
    public FrozenDictionary<string, ImmutableArray<ChildSpan>> CinEpisodesOfChild => Memo(() => IndicatorInputs.GroupByChild(
        Extract.CinEpisodes.Select(r => new ChildSpan(r.ReferralId, r.PersonId, r.ReferralDate, r.CloseDate, r.WorkerId, r.TeamId)), r => r.PersonId, r => r.Start));

    /// <summary>Each child's CIN plans, earliest start first.</summary>
    public FrozenDictionary<string, ImmutableArray<ChildSpan>> CinPlansOfChild => Memo(() => IndicatorInputs.GroupByChild(
        Extract.CinPlans.Select(p => new ChildSpan(p.PlanId, p.PersonId, p.StartDate, p.EndDate, p.WorkerId, p.TeamId)), p => p.PersonId, p => p.Start));

    /// <summary>Each child's CLA episodes (no worker or team), earliest start first.</summary>
    public FrozenDictionary<string, ImmutableArray<ChildSpan>> ClaEpisodesOfChild => Memo(() => IndicatorInputs.GroupByChild(
        Extract.ClaEpisodes.Select(e => new ChildSpan(e.EpisodeId, e.PersonId, e.StartDate, e.CeasedDate)), e => e.PersonId, e => e.Start));

    /// <summary>The referrals marked no further action (cine_referral_nfa = Y).</summary>
    public FrozenSet<string> NfaReferralIds => Memo(() => IntegrityIdSet(Extract.CinEpisodes.Where(r => r.ReferralNfa == true).Select(r => r.ReferralId)));

    /// <summary>Children with at least one CIN episode open at as_at.</summary>
    public FrozenSet<string> ChildrenWithOpenReferral => Memo(() => Extract.CinEpisodes
        .Where(r => Dates.IsOpenAt(r.ReferralDate, r.CloseDate, AsAt))
        .Select(r => r.PersonId)
        .ToFrozenSet(StringComparer.Ordinal));

    /// <summary>
    /// Allocations at as_at exactly as the caseload indicators count them (<see cref="IndicatorInputs.AllocationsAt"/>):
    /// the distinct children each worker holds through allocated-worker involvements.
    /// </summary>
    /// <remarks>Built from <see cref="SharedGroupings"/> when the indicator stage runs beside this one, so it is built once.</remarks>
    public AllocationSnapshot AllocationsAtAsAt => Memo(() => (SharedGroupings ?? new IndicatorInputs(Extract, Reference)).AllocationsAt(AsAt));

    /// <summary>
    /// ssd_involvements rows that are an allocation open at as_at: the role, trimmed, is one of the configured
    /// allocated-worker roles (case-insensitively), and the row has a worker, a child and a start date, as in
    /// <see cref="IndicatorInputs.AllocationsAt"/>.
    /// </summary>
    public ImmutableArray<Involvement> OpenAllocationsAtAsAt => Memo(() =>
    {
        var roles = Reference.Settings.AllocatedWorkerRoles.Select(r => r.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        return Extract.Involvements
            .Where(i => i.RoleId is not null && roles.Contains(i.RoleId.Trim())
                && i.ProfessionalId is not null && i.PersonId is not null
                && Dates.IsOpenAt(i.StartDate, i.EndDate, AsAt))
            .ToImmutableArray();
    });

    /// <summary>
    /// S47 enquiries that have had their initial conference by as_at: the s47e_s47_enquiry_id of every
    /// ssd_initial_cp_conference row dated on or before as_at, and, for conferences that name no enquiry, the
    /// earliest such conference date of their referral (an enquiry of that referral that started on or before
    /// it counts as having had its conference).
    /// </summary>
    public (FrozenSet<string> ByEnquiry, FrozenDictionary<string, DateOnly> ByReferral) HeldConferences => Memo(() =>
    {
        var byEnquiry = new HashSet<string>(StringComparer.Ordinal);
        var byReferral = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var c in Extract.InitialCpConferences)
        {
            if (c.ConferenceDate is not { } held || held > AsAt)
            {
                continue;
            }

            if (c.S47EnquiryId is not null)
            {
                byEnquiry.Add(c.S47EnquiryId);
            }
            else if (c.ReferralId is not null)
            {
                byReferral[c.ReferralId] = byReferral.TryGetValue(c.ReferralId, out var seen) && seen < held ? seen : held;
            }
        }

        return (byEnquiry.ToFrozenSet(StringComparer.Ordinal), byReferral.ToFrozenDictionary(StringComparer.Ordinal));
    });

    /// <summary>
    /// The latest casework date on or before as_at, by referral id and by child (see <c>referral_stale</c> for
    /// what counts). A record that names its referral counts for that referral only; one that names none
    /// (visits, reviews, placements) counts for its child, and so for every referral of that child.
    /// </summary>
    public (FrozenDictionary<string, DateOnly> ByReferral, FrozenDictionary<string, DateOnly> ByChild) LatestActivity => Memo(() =>
    {
        var byReferral = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        var byChild = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        var asAt = AsAt;

        void Note(string? referralId, string? personId, DateOnly? date)
        {
            if (date is not { } d || d > asAt)
            {
                return;
            }

            var (index, key) = referralId is not null ? (byReferral, referralId) : (byChild, personId);
            if (key is not null && (!index.TryGetValue(key, out var latest) || latest < d))
            {
                index[key] = d;
            }
        }

        foreach (var a in Extract.Assessments)
        {
            Note(a.ReferralId, a.PersonId, a.StartDate);
            Note(a.ReferralId, a.PersonId, a.AuthorisedDate);
        }

        foreach (var s in Extract.S47Enquiries)
        {
            Note(s.ReferralId, s.PersonId, s.StartDate);
            Note(s.ReferralId, s.PersonId, s.EndDate);
        }

        foreach (var c in Extract.InitialCpConferences)
        {
            Note(c.ReferralId, c.PersonId, c.ConferenceDate);
        }

        foreach (var p in Extract.CpPlans)
        {
            Note(p.ReferralId, p.PersonId, p.StartDate);
            Note(p.ReferralId, p.PersonId, p.EndDate);
        }

        foreach (var p in Extract.CinPlans)
        {
            Note(p.ReferralId, p.PersonId, p.StartDate);
            Note(p.ReferralId, p.PersonId, p.EndDate);
        }

        foreach (var e in Extract.ClaEpisodes)
        {
            Note(e.ReferralId, e.PersonId, e.StartDate);
            Note(e.ReferralId, e.PersonId, e.CeasedDate);
        }

        foreach (var i in Extract.Involvements)
        {
            Note(i.ReferralId, i.PersonId, i.StartDate);
            Note(i.ReferralId, i.PersonId, i.EndDate);
        }

        // Records with no referral id: their child's activity.
        foreach (var v in Extract.CpVisits)
        {
            Note(null, v.PersonId ?? CpPlanPerson(v.PlanId), v.VisitDate);
        }

        foreach (var r in Extract.CpReviews)
        {
            Note(null, r.PersonId ?? CpPlanPerson(r.PlanId), r.ReviewDate);
        }

        foreach (var v in Extract.CinVisits)
        {
            Note(null, v.PersonId, v.VisitDate);
        }

        foreach (var v in Extract.ClaVisits)
        {
            Note(null, v.PersonId ?? ClaIdPerson(v.ClaId), v.VisitDate);
        }

        foreach (var r in Extract.ClaReviews)
        {
            Note(null, ClaIdPerson(r.ClaId), r.ReviewDate);
        }

        foreach (var p in Extract.ClaPlacements)
        {
            Note(null, p.PersonId ?? ClaIdPerson(p.ClaId), p.StartDate);
            Note(null, p.PersonId ?? ClaIdPerson(p.ClaId), p.EndDate);
        }

        return (byReferral.ToFrozenDictionary(StringComparer.Ordinal), byChild.ToFrozenDictionary(StringComparer.Ordinal));
    });

    /// <summary>The child of a CP plan id (the first plan with that id), or null.</summary>
    public string? CpPlanPerson(string? planId) =>
        planId is not null && Memo(() => Extract.CpPlans
            .GroupBy(p => p.PlanId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First().PersonId, StringComparer.Ordinal), "CpPlanPersons")
            .TryGetValue(planId, out var person) ? person : null;

    /// <summary>The child of a clae_cla_id (from the first CLA episode carrying it), or null.</summary>
    public string? ClaIdPerson(string? claId) =>
        claId is not null && Memo(() => Extract.ClaEpisodes
            .Where(e => e.ClaId is not null)
            .GroupBy(e => e.ClaId!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First().PersonId, StringComparer.Ordinal), "ClaIdPersons")
            .TryGetValue(claId, out var person) ? person : null;

    private static FrozenSet<string> IntegrityIdSet(IEnumerable<string?> ids) =>
        ids.Where(id => id is not null).Select(id => id!).ToFrozenSet(StringComparer.Ordinal);
}
