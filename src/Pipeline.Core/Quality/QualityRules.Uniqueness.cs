using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

// Uniqueness.
public static partial class QualityRules
{
    private static IEnumerable<QualityRule> Uniqueness() =>
    [
        new()
        {
            Code = "duplicate_id",
            Title = "Duplicate record id",
            Severity = Severity.Error,
            Tables = ["ssd_person"],
            Fields = "table id",
            Description = "The same id appears on more than one row of a table; every copy is listed under one error id. The DfE's returns "
                + "hold no table ids but the child's, so it has nothing like this for other tables; a child of tonight's CIN census or "
                + "SSDA903 with two ssd_person rows is CIN:8510 or 903:INT32 instead.",
            Find = inputs => DuplicateIds(inputs),
        },
        new()
        {
            Code = "duplicate_event",
            Title = "Two events of one kind for one child on one day",
            Severity = Severity.Warning,
            Tables = ["ssd_cin_episodes", "ssd_cin_assessments", "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cp_plans", "ssd_cin_plans",
                "ssd_cla_episodes", "ssd_cp_visits", "ssd_cin_visits", "ssd_cla_visits", "ssd_cp_reviews", "ssd_cla_reviews"],
            Fields = "event date",
            Description = "Two or more records with different ids record the same kind of event for one child on the same day: referrals "
                + "(referral date), assessments, S47 enquiries, CP plans (this council's), CIN plans, CLA episodes (start date), initial "
                + "conferences, CP, CIN and CLA visits and CP reviews (their date), and CLA reviews not cancelled (same CLA id and date). "
                + "Each of these happens at most once a day for a child, so a second is almost always the same event keyed twice, and "
                + "it inflates counts. Left out because they can truly repeat in a day: contacts (several agencies can call about one "
                + "child), missing episodes, health checks (different checks), placements, legal statuses and involvements. Rows with "
                + "the same id are duplicate_id, not this rule. Referrals, plans and CLA episodes starting on one day also overlap, and the "
                + "DfE's overlap rules (CIN:8820, 8940, 4014; 903:501) report them as errors; this rule adds that they are probably one "
                + "event keyed twice, which no DfE rule says of visits, reviews, assessments or conferences. Every record of one child, "
                + "kind and day shares one error id.",
            Find = inputs => DuplicateEvents(inputs),
        },
    ];

    /// <summary>One dated event: whose it is (a child, or a CLA id for CLA reviews) and the record holding it.</summary>
    private readonly record struct DatedEvent(string Id, string? Owner, string? PersonId, DateOnly? Date, string? WorkerId = null, string? TeamId = null);

    /// <summary>
    /// One event kind of duplicate_event: a table's rows (those <see cref="Include"/> keeps), each row's owner and date read
    /// from their columns, and the row as a <see cref="DatedEvent"/>, built only for the rows that may repeat.
    /// </summary>
    private sealed record EventKind(string Table, string Field, int Count, Func<int, string?> Owner, Func<int, DateOnly?> Date, Func<int, DatedEvent> Event,
        Func<int, bool>? Include = null)
    {
        public IEnumerable<int> Rows => Include is null ? Enumerable.Range(0, Count) : Enumerable.Range(0, Count).Where(Include);
    }

    private static EventKind Kind<T>(IReadOnlyList<T> rows, string table, string field, (string Name, Func<T, string?> Read) person,
        (string Name, Func<T, DateOnly?> Read) date, Func<T, DatedEvent> toEvent, Func<string?, int, string?>? owner = null,
        (string Name, Func<T, bool?> Read)? excludedWhenTrue = null)
    {
        var personOf = rows.Field(person.Name, person.Read);
        var excluded = excludedWhenTrue is { } x ? rows.Field(x.Name, x.Read) : null;
        return new(table, field, rows.Count, owner is null ? personOf : row => owner(personOf(row), row), rows.Field(date.Name, date.Read),
            row => toEvent(rows[row]), excluded is null ? null : row => excluded(row) != true);
    }

    // The event kinds duplicate_event checks, table by table.
    // NOTE: owners and dates from their columns: the check passes over every row of twelve tables, and needs a record only for
    // the few rows whose (owner, day) may repeat.
    private static IEnumerable<EventKind> EventKinds(QualityInputs inputs)
    {
        var e = inputs.Extract;
        yield return Kind(e.CinEpisodes, "ssd_cin_episodes", "cine_referral_date", (nameof(CinEpisode.PersonId), r => r.PersonId),
            (nameof(CinEpisode.ReferralDate), r => r.ReferralDate), r => new DatedEvent(r.ReferralId, r.PersonId, r.PersonId, r.ReferralDate, r.WorkerId, r.TeamId));
        yield return Kind(e.Assessments, "ssd_cin_assessments", "cina_assessment_start_date", (nameof(Assessment.PersonId), a => a.PersonId),
            (nameof(Assessment.StartDate), a => a.StartDate), a => new DatedEvent(a.AssessmentId, a.PersonId, a.PersonId, a.StartDate, a.WorkerId, a.TeamId));
        yield return Kind(e.S47Enquiries, "ssd_s47_enquiry", "s47e_s47_start_date", (nameof(S47Enquiry.PersonId), s => s.PersonId),
            (nameof(S47Enquiry.StartDate), s => s.StartDate), s => new DatedEvent(s.EnquiryId, s.PersonId, s.PersonId, s.StartDate, s.WorkerId, s.TeamId));
        yield return Kind(e.InitialCpConferences, "ssd_initial_cp_conference", "icpc_icpc_date", (nameof(InitialCpConference.PersonId), c => c.PersonId),
            (nameof(InitialCpConference.ConferenceDate), c => c.ConferenceDate), c => new DatedEvent(c.IcpcId, c.PersonId, c.PersonId, c.ConferenceDate, c.WorkerId, c.TeamId));
        yield return Kind(e.CpPlans, "ssd_cp_plans", "cppl_cp_plan_start_date", (nameof(CpPlan.PersonId), p => p.PersonId),
            (nameof(CpPlan.StartDate), p => p.StartDate), p => new DatedEvent(p.PlanId, p.PersonId, p.PersonId, p.StartDate),
            excludedWhenTrue: (nameof(CpPlan.HeldByOtherCouncil), p => p.HeldByOtherCouncil));
        yield return Kind(e.CinPlans, "ssd_cin_plans", "cinp_cin_plan_start_date", (nameof(CinPlan.PersonId), p => p.PersonId),
            (nameof(CinPlan.StartDate), p => p.StartDate), p => new DatedEvent(p.PlanId, p.PersonId, p.PersonId, p.StartDate, p.WorkerId, p.TeamId));
        yield return Kind(e.ClaEpisodes, "ssd_cla_episodes", "clae_cla_episode_start_date", (nameof(ClaEpisode.PersonId), c => c.PersonId),
            (nameof(ClaEpisode.StartDate), c => c.StartDate), c => new DatedEvent(c.EpisodeId, c.PersonId, c.PersonId, c.StartDate));
        var cpVisitPlans = e.CpVisits.Field(nameof(CpVisit.PlanId), v => v.PlanId);
        yield return Kind(e.CpVisits, "ssd_cp_visits", "cppv_cp_visit_date", (nameof(CpVisit.PersonId), v => v.PersonId),
            (nameof(CpVisit.VisitDate), v => v.VisitDate), v =>
            {
                var person = v.PersonId ?? inputs.CpPlanPerson(v.PlanId);
                return new DatedEvent(v.VisitId, person, person, v.VisitDate);
            }, (person, row) => person ?? inputs.CpPlanPerson(cpVisitPlans(row)));
        yield return Kind(e.CinVisits, "ssd_cin_visits", "cinv_cin_visit_date", (nameof(CinVisit.PersonId), v => v.PersonId),
            (nameof(CinVisit.VisitDate), v => v.VisitDate), v => new DatedEvent(v.VisitId, v.PersonId, v.PersonId, v.VisitDate));
        var claVisitIds = e.ClaVisits.Field(nameof(ClaVisit.ClaId), v => v.ClaId);
        yield return Kind(e.ClaVisits, "ssd_cla_visits", "clav_cla_visit_date", (nameof(ClaVisit.PersonId), v => v.PersonId),
            (nameof(ClaVisit.VisitDate), v => v.VisitDate), v =>
            {
                var person = v.PersonId ?? inputs.ClaIdPerson(v.ClaId);
                return new DatedEvent(v.VisitId, person, person, v.VisitDate);
            }, (person, row) => person ?? inputs.ClaIdPerson(claVisitIds(row)));
        var cpReviewPlans = e.CpReviews.Field(nameof(CpReview.PlanId), r => r.PlanId);
        yield return Kind(e.CpReviews, "ssd_cp_reviews", "cppr_cp_review_date", (nameof(CpReview.PersonId), r => r.PersonId),
            (nameof(CpReview.ReviewDate), r => r.ReviewDate), r =>
            {
                var person = r.PersonId ?? inputs.CpPlanPerson(r.PlanId);
                return new DatedEvent(r.ReviewId, person, person, r.ReviewDate);
            }, (person, row) => person ?? inputs.CpPlanPerson(cpReviewPlans(row)));
        // A CLA review's owner is its CLA id, not a child.
        yield return Kind(e.ClaReviews, "ssd_cla_reviews", "clar_cla_review_date", (nameof(ClaReview.ClaId), r => r.ClaId),
            (nameof(ClaReview.ReviewDate), r => r.ReviewDate), r => new DatedEvent(r.ReviewId, r.ClaId, inputs.ClaIdPerson(r.ClaId), r.ReviewDate),
            excludedWhenTrue: (nameof(ClaReview.Cancelled), r => r.Cancelled));
    }

    // Per table: a 64-bit hash of every (owner, day), sorted, finds the few pairs that may repeat; only events on
    // those pairs are kept and grouped exactly, and every record of a pair with more than one id is reported.
    // NOTE: a dictionary keyed by every (owner, day) would hold one entry per visit - tens of millions nationally;
    // the hashes are 8 bytes an event.
    private static IEnumerable<DqFinding> DuplicateEvents(QualityInputs inputs)
    {
        var kinds = EventKinds(inputs).ToList();
        var hashes = new ulong[kinds.Max(k => k.Count)];
        foreach (var kind in kinds)
        {
            var (table, field) = (kind.Table, kind.Field);
            var count = 0;
            for (var row = 0; row < kind.Count; row++)
            {
                if ((kind.Include is null || kind.Include(row)) && kind.Owner(row) is { } owner && kind.Date(row) is { } date)
                {
                    hashes[count++] = EventHash(owner, date);
                }
            }

            var repeated = Repeated(hashes, count);

            if (repeated.Count == 0)
            {
                continue;
            }

            var candidates = kind.Rows.Where(row => kind.Owner(row) is { } owner && kind.Date(row) is { } date && repeated.Contains(EventHash(owner, date)))
                .Select(kind.Event).ToList();
            var shared = candidates.GroupBy(v => (v.Owner!, v.Date!.Value))
                .Where(g => g.Select(v => v.Id).Distinct(StringComparer.Ordinal).Skip(1).Any())
                .Select(g => g.Key)
                .ToHashSet();
            foreach (var v in candidates.Where(v => shared.Contains((v.Owner!, v.Date!.Value))))
            {
                yield return new DqFinding(table, v.Id, v.PersonId, field, $"{field} {v.Date:yyyy-MM-dd} shared with another {table} record of {v.Owner}",
                    $"duplicate_event:{table}:{v.Owner}:{v.Date:yyyy-MM-dd}", v.WorkerId, v.TeamId);
            }
        }
    }

    /// <summary>The hashes that occur more than once among the first <paramref name="count"/> of <paramref name="hashes"/> (sorted in place).</summary>
    /// <remarks>NOTE: one buffer, as long as the longest table, serves every table in turn: an array per table came to
    /// 8 bytes a row of the whole extract each run.</remarks>
    private static HashSet<ulong> Repeated(ulong[] hashes, int count)
    {
        Array.Sort(hashes, 0, count);
        var repeated = new HashSet<ulong>();
        for (var i = 1; i < count; i++)
        {
            if (hashes[i] == hashes[i - 1])
            {
                repeated.Add(hashes[i]);
            }
        }

        return repeated;
    }

    private static ulong EventHash(string owner, DateOnly date) => (IdHash(owner) ^ (ulong)date.DayNumber) * 1099511628211UL;

    // Per table: a 64-bit hash of every id, sorted, finds the few ids that may repeat; only those are counted
    // exactly (a hash collision is only a candidate), then every copy of an id seen more than once is reported.
    // NOTE: a dictionary of every id would hold tens of millions of strings at national scale; the hashes are
    // 8 bytes an id, hashed from the id column's bytes (no string per row), and only the candidates' ids are read.
    private static IEnumerable<DqFinding> DuplicateIds(QualityInputs inputs)
    {
        var tables = PersonColumnsByTable(inputs.Extract).ToList();
        var hashes = new ulong[tables.Max(t => t.Count)];
        foreach (var columns in tables)
        {
            // The children of tonight's returns are the DfE's CIN:8510 and 903:INT32.
            var keep = columns.Table != "ssd_person" ? null : NotReturnChild(inputs, columns);
            var rows = keep is null ? Enumerable.Range(0, columns.Count) : Enumerable.Range(0, columns.Count).Where(keep);
            var count = 0;
            foreach (var row in rows)
            {
                hashes[count++] = columns.IdHashOf(row);
            }

            var repeated = Repeated(hashes, count);

            if (repeated.Count == 0)
            {
                continue;
            }

            var candidates = rows.Where(row => repeated.Contains(columns.IdHashOf(row))).Select(columns.Record).ToList();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var record in candidates)
            {
                counts[record.Id] = counts.GetValueOrDefault(record.Id) + 1;
            }

            var copy = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var record in candidates.Where(r => counts[r.Id] > 1))
            {
                copy[record.Id] = copy.GetValueOrDefault(record.Id) + 1;
                yield return new DqFinding(record.Table, record.Id, record.PersonId, "table id",
                    $"id appears {counts[record.Id]} times (copy {copy[record.Id]})", $"duplicate_id:{record.Table}:{record.Id}");
            }
        }
    }

    // Whether an ssd_person row is not a child of tonight's returns.
    // NOTE: the row's id is read (a string built) only when its hash is a return child's.
    private static Func<int, bool> NotReturnChild(QualityInputs inputs, PersonColumns persons)
    {
        var (cin, cla) = (inputs.CinReturnChildren, inputs.ClaReturnChildren);
        var hashes = cin.Concat(cla).Select(IdHash).ToHashSet();
        return row => !(hashes.Contains(persons.IdHashOf(row)) && persons.Id(row) is var id && (cin.Contains(id) || cla.Contains(id)));
    }

    private static ulong IdHash(string id) => Quality.IdHash.Of(id);
}
