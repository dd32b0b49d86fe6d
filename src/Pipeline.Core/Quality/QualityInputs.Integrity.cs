using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Indicators;

namespace Pipeline.Quality;

// Lookups for the integrity families (plausibility, references, uniqueness, overlaps, legacy): each built
// once, in one pass over its table, so no rule compares records pairwise.
public sealed partial class QualityInputs
{
    // NOTE: the id sets and groupings below read their fields from the columns (FieldReads.Field): each spans a whole table,
    // and building its records for one or a few fields was most of their cost.

    /// <summary>Every cine_referral_id.</summary>
    public IReadOnlySet<string> KnownReferralIds => Memo(() => IntegrityIdSet(Extract.CinEpisodes.Values(nameof(CinEpisode.ReferralId), r => r.ReferralId)));

    /// <summary>Every s47e_s47_enquiry_id.</summary>
    public IReadOnlySet<string> KnownS47Ids => Memo(() => IntegrityIdSet(Extract.S47Enquiries.Values(nameof(S47Enquiry.EnquiryId), s => s.EnquiryId)));

    /// <summary>Every cppl_cp_plan_id.</summary>
    public IReadOnlySet<string> KnownCpPlanIds => Memo(() => IntegrityIdSet(Extract.CpPlans.Values(nameof(CpPlan.PlanId), p => p.PlanId)));

    /// <summary>Every clae_cla_id (the period-of-care id that placements, reviews and visits carry).</summary>
    public IReadOnlySet<string> KnownClaIds => Memo(() => IntegrityIdSet(Extract.ClaEpisodes.Values(nameof(ClaEpisode.ClaId), e => e.ClaId)));

    /// <summary>Every prof_professional_id.</summary>
    public IReadOnlySet<string> KnownWorkerIds => Memo(() => IntegrityIdSet(Extract.Professionals.Values(nameof(Professional.ProfessionalId), p => p.ProfessionalId)));

    /// <summary>Every dept_team_id.</summary>
    public IReadOnlySet<string> KnownTeamIds => Memo(() => IntegrityIdSet(Extract.Departments.Values(nameof(Department.TeamId), d => d.TeamId)));

    /// <summary>Children with at least one CIN episode open at as_at.</summary>
    public IReadOnlySet<string> ChildrenWithOpenReferral => Memo(() =>
    {
        var r = Extract.CinEpisodes;
        var (referred, closed, child) = (r.Field(nameof(CinEpisode.ReferralDate), x => x.ReferralDate), r.Field(nameof(CinEpisode.CloseDate), x => x.CloseDate),
            r.Field(nameof(CinEpisode.PersonId), x => x.PersonId));
        // NOTE: a plain set, not frozen: one rule asks it once per open allocation, fewer lookups than freezing costs.
        var children = new HashSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < r.Count; row++)
        {
            if (Dates.IsOpenAt(referred(row), closed(row), AsAt))
            {
                children.Add(child(row));
            }
        }

        return children;
    });

    /// <summary>
    /// Caseloads at as_at exactly as the caseload indicators count them (<see cref="IndicatorInputs.CaseloadsAt"/>): the number of
    /// distinct children each worker holds through allocated-worker involvements, in all and in each team.
    /// </summary>
    /// <remarks>Taken from <see cref="SharedGroupings"/> when the indicator stage runs beside this one, so it is built once.</remarks>
    public WorkerCaseloads CaseloadsAtAsAt => Memo(() => (SharedGroupings ?? new IndicatorInputs(Extract, Reference)).CaseloadsAt(AsAt));

    /// <summary>
    /// ssd_involvements rows that are an allocation open at as_at: the role, trimmed, is one of the configured
    /// allocated-worker roles (case-insensitively), and the row has a worker, a child and a start date, as in
    /// <see cref="IndicatorInputs.CaseloadsAt"/>. With <paramref name="keep"/>, only those whose child passes it.
    /// </summary>
    /// <remarks>NOTE: the child is asked of its column before the record is built: a rule reporting a few of the open
    /// allocations built a record (and its id string) for every one.</remarks>
    public IEnumerable<Involvement> OpenAllocationsAtAsAt(Func<string, bool> keep)
    {
        var roles = Reference.Settings.AllocatedWorkerRoles.Select(r => r.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        var inv = Extract.Involvements;
        var (role, worker, child, start, end) = (inv.Field(nameof(Involvement.RoleId), i => i.RoleId), inv.Field(nameof(Involvement.ProfessionalId), i => i.ProfessionalId),
            inv.Field(nameof(Involvement.PersonId), i => i.PersonId), inv.Field(nameof(Involvement.StartDate), i => i.StartDate), inv.Field(nameof(Involvement.EndDate), i => i.EndDate));
        return inv.RowsWhere(row => role(row) is { } r && roles.Contains(r.Trim())
            && worker(row) is not null && child(row) is { } person
            && Dates.IsOpenAt(start(row), end(row), AsAt) && keep(person));
    }

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
        var c = Extract.InitialCpConferences;
        var (dateOf, enquiryOf, referralOf) = (c.Field(nameof(InitialCpConference.ConferenceDate), x => x.ConferenceDate),
            c.Field(nameof(InitialCpConference.S47EnquiryId), x => x.S47EnquiryId), c.Field(nameof(InitialCpConference.ReferralId), x => x.ReferralId));
        for (var row = 0; row < c.Count; row++)
        {
            if (dateOf(row) is not { } held || held > AsAt)
            {
                continue;
            }

            if (enquiryOf(row) is { } enquiry)
            {
                byEnquiry.Add(enquiry);
            }
            else if (referralOf(row) is { } referral)
            {
                byReferral[referral] = byReferral.TryGetValue(referral, out var seen) && seen < held ? seen : held;
            }
        }

        return (byEnquiry.ToFrozenSet(StringComparer.Ordinal), byReferral.ToFrozenDictionary(StringComparer.Ordinal));
    });

    /// <summary>
    /// The latest casework date on or before as_at, by referral id and by child (see <c>referral_stale</c> for
    /// what counts). A record that names its referral counts for that referral only; one that names none
    /// (visits, reviews, placements) counts for its child, and so for every referral of that child.
    /// </summary>
    public (IReadOnlyDictionary<string, DateOnly> ByReferral, IReadOnlyDictionary<string, DateOnly> ByChild) LatestActivity => Memo(() =>
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

        // Row by row, each row's dates in turn, as the records would be read; the fields straight from their columns.
        // NOTE: columns, not records: this passes over twelve tables for two or three fields of each.
        void Rows(int count, Func<int, string?> referralId, Func<int, string?> personId, Func<int, DateOnly?> date, Func<int, DateOnly?>? otherDate = null)
        {
            for (var row = 0; row < count; row++)
            {
                var (referral, person) = (referralId(row), personId(row));
                Note(referral, person, date(row));
                if (otherDate is not null)
                {
                    Note(referral, person, otherDate(row));
                }
            }
        }

        Func<int, string?> noReferral = _ => null;

        var e = Extract;
        var a = e.Assessments;
        Rows(a.Count, a.Field(nameof(Assessment.ReferralId), x => x.ReferralId), a.Field(nameof(Assessment.PersonId), x => x.PersonId),
            a.Field(nameof(Assessment.StartDate), x => x.StartDate), a.Field(nameof(Assessment.AuthorisedDate), x => x.AuthorisedDate));
        var s47 = e.S47Enquiries;
        Rows(s47.Count, s47.Field(nameof(S47Enquiry.ReferralId), x => x.ReferralId), s47.Field(nameof(S47Enquiry.PersonId), x => x.PersonId),
            s47.Field(nameof(S47Enquiry.StartDate), x => x.StartDate), s47.Field(nameof(S47Enquiry.EndDate), x => x.EndDate));
        var icpc = e.InitialCpConferences;
        Rows(icpc.Count, icpc.Field(nameof(InitialCpConference.ReferralId), x => x.ReferralId), icpc.Field(nameof(InitialCpConference.PersonId), x => x.PersonId),
            icpc.Field(nameof(InitialCpConference.ConferenceDate), x => x.ConferenceDate));
        var cp = e.CpPlans;
        Rows(cp.Count, cp.Field(nameof(CpPlan.ReferralId), x => x.ReferralId), cp.Field(nameof(CpPlan.PersonId), x => x.PersonId),
            cp.Field(nameof(CpPlan.StartDate), x => x.StartDate), cp.Field(nameof(CpPlan.EndDate), x => x.EndDate));
        var cin = e.CinPlans;
        Rows(cin.Count, cin.Field(nameof(CinPlan.ReferralId), x => x.ReferralId), cin.Field(nameof(CinPlan.PersonId), x => x.PersonId),
            cin.Field(nameof(CinPlan.StartDate), x => x.StartDate), cin.Field(nameof(CinPlan.EndDate), x => x.EndDate));
        var cla = e.ClaEpisodes;
        Rows(cla.Count, cla.Field(nameof(ClaEpisode.ReferralId), x => x.ReferralId), cla.Field(nameof(ClaEpisode.PersonId), x => x.PersonId),
            cla.Field(nameof(ClaEpisode.StartDate), x => x.StartDate), cla.Field(nameof(ClaEpisode.CeasedDate), x => x.CeasedDate));
        var inv = e.Involvements;
        Rows(inv.Count, inv.Field(nameof(Involvement.ReferralId), x => x.ReferralId), inv.Field(nameof(Involvement.PersonId), x => x.PersonId),
            inv.Field(nameof(Involvement.StartDate), x => x.StartDate), inv.Field(nameof(Involvement.EndDate), x => x.EndDate));

        // Records with no referral id: their child's activity.
        var cpv = e.CpVisits;
        var (cpvPerson, cpvPlan) = (cpv.Field(nameof(CpVisit.PersonId), x => x.PersonId), cpv.Field(nameof(CpVisit.PlanId), x => x.PlanId));
        Rows(cpv.Count, noReferral, row => cpvPerson(row) ?? CpPlanPerson(cpvPlan(row)), cpv.Field(nameof(CpVisit.VisitDate), x => x.VisitDate));
        var cpr = e.CpReviews;
        var (cprPerson, cprPlan) = (cpr.Field(nameof(CpReview.PersonId), x => x.PersonId), cpr.Field(nameof(CpReview.PlanId), x => x.PlanId));
        Rows(cpr.Count, noReferral, row => cprPerson(row) ?? CpPlanPerson(cprPlan(row)), cpr.Field(nameof(CpReview.ReviewDate), x => x.ReviewDate));
        var cinv = e.CinVisits;
        Rows(cinv.Count, noReferral, cinv.Field(nameof(CinVisit.PersonId), x => x.PersonId), cinv.Field(nameof(CinVisit.VisitDate), x => x.VisitDate));
        var clav = e.ClaVisits;
        var (clavPerson, clavCla) = (clav.Field(nameof(ClaVisit.PersonId), x => x.PersonId), clav.Field(nameof(ClaVisit.ClaId), x => x.ClaId));
        Rows(clav.Count, noReferral, row => clavPerson(row) ?? ClaIdPerson(clavCla(row)), clav.Field(nameof(ClaVisit.VisitDate), x => x.VisitDate));
        var clar = e.ClaReviews;
        var clarCla = clar.Field(nameof(ClaReview.ClaId), x => x.ClaId);
        Rows(clar.Count, noReferral, row => ClaIdPerson(clarCla(row)), clar.Field(nameof(ClaReview.ReviewDate), x => x.ReviewDate));
        var clap = e.ClaPlacements;
        var (clapPerson, clapCla) = (clap.Field(nameof(ClaPlacement.PersonId), x => x.PersonId), clap.Field(nameof(ClaPlacement.ClaId), x => x.ClaId));
        Rows(clap.Count, noReferral, row => clapPerson(row) ?? ClaIdPerson(clapCla(row)),
            clap.Field(nameof(ClaPlacement.StartDate), x => x.StartDate), clap.Field(nameof(ClaPlacement.EndDate), x => x.EndDate));

        // NOTE: not frozen: one rule asks once per open referral, and freezing cost more than all its lookups.
        return (byReferral, byChild);
    });

    /// <summary>The child of a CP plan id (the first plan with that id), or null.</summary>
    public string? CpPlanPerson(string? planId) =>
        planId is not null && Memo(() =>
        {
            var child = Extract.CpPlans.Field(nameof(CpPlan.PersonId), p => p.PersonId);
            return FirstById(Extract.CpPlans, (nameof(CpPlan.PlanId), p => p.PlanId), child).ToFrozenDictionary(StringComparer.Ordinal);
        }, "CpPlanPersons")
            .TryGetValue(planId, out var person) ? person : null;

    /// <summary>The child of a clae_cla_id (from the first CLA episode carrying it), or null.</summary>
    public string? ClaIdPerson(string? claId) =>
        claId is not null && Memo(() =>
        {
            var e = Extract.ClaEpisodes;
            var (claIdOf, child) = (e.Field(nameof(ClaEpisode.ClaId), x => x.ClaId), e.Field(nameof(ClaEpisode.PersonId), x => x.PersonId));
            var byClaId = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var row = 0; row < e.Count; row++)
            {
                if (claIdOf(row) is { } id)
                {
                    byClaId.TryAdd(id, child(row));
                }
            }

            return byClaId.ToFrozenDictionary(StringComparer.Ordinal);
        }, "ClaIdPersons")
            .TryGetValue(claId, out var person) ? person : null;

    // NOTE: a plain set, not frozen: freezing millions of ids cost more than the lookups saved. Nationally (2 million referral
    // ids) orphan_referral took 5.6 s with a frozen set and 1.9 s with this, orphan_s47 1.2 and 0.2 s (bench/README.md, sixth pass).
    private static HashSet<string> IntegrityIdSet(IEnumerable<string?> ids) =>
        ids.Where(id => id is not null).Select(id => id!).ToHashSet(StringComparer.Ordinal);
}
