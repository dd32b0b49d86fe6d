using System.Collections.Concurrent;
using System.Collections.Frozen;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Quality;

namespace Pipeline.Indicators;

/// <summary>
/// The first decision of a contact or referral (ext_front_door_decisions): when, from which contact (its id hashed,
/// <see cref="IdHash"/>), by which team, and its row (whose fdd_decision_id breaks a tie on the time).
/// </summary>
public readonly record struct FirstDecision(Timestamp At, ulong? Contact, string? TeamId, int Row);

/// <summary>Case supervision at one period end, as case_supervision_pct counts it: for the council, and by allocation team.</summary>
public sealed record CaseSupervisionAt(Measure Council, IReadOnlyDictionary<string, Measure> ByTeam);

// Groupings of the local extension tables, for Catalogue.Extensions.cs.
// NOTE: contacts and referrals are keyed by their ids hashed (IdHash, as the quality rules key them), read from the id
// columns without building a string: keyed by the id strings, every contact and referral row decoded its id to look it up,
// and the frozen dictionaries took longer to build than they were read.
public sealed partial class IndicatorInputs
{
    /// <summary>Each contact's first <c>contact_decision</c>, by <c>fdd_contact_id</c> hashed (see <see cref="FirstDecisions"/>).</summary>
    public IReadOnlyDictionary<ulong, FirstDecision> FirstContactDecisions =>
        Memo(() => FirstDecisions(FrontDoorDecision.ContactDecision, nameof(FrontDoorDecision.ContactId), d => d.ContactId));

    /// <summary>Each referral's first <c>referral_decision</c>, by <c>fdd_referral_id</c> hashed (see <see cref="FirstDecisions"/>).</summary>
    public IReadOnlyDictionary<ulong, FirstDecision> FirstReferralDecisions =>
        Memo(() => FirstDecisions(FrontDoorDecision.ReferralDecision, nameof(FrontDoorDecision.ReferralId), d => d.ReferralId));

    /// <summary>
    /// When each contact that a first referral decision names came in (<see cref="Contact.ContactedAt"/>; the first row where
    /// an id is duplicated), by its id hashed: the start of the 72 hours. Only those contacts are kept, not the whole table.
    /// </summary>
    public IReadOnlyDictionary<ulong, Timestamp> ReferralDecisionContacts => Memo(() =>
    {
        var named = new HashSet<ulong>();
        foreach (var decision in FirstReferralDecisions.Values)
        {
            if (decision.Contact is { } contact)
            {
                named.Add(contact);
            }
        }

        var contacts = new Dictionary<ulong, Timestamp>();
        // NOTE: the fields read from their columns, no contact record built.
        var rows = Extract.Contacts;
        var ids = rows.IdHashes(nameof(Contact.ContactId), c => c.ContactId);
        var (dateOf, dateTimeOf) = (rows.Field(nameof(Contact.ContactDate), c => c.ContactDate), rows.Field(nameof(Contact.ContactDateTime), c => c.ContactDateTime));
        for (var row = 0; row < rows.Count; row++)
        {
            if (ids(row) is var id && named.Contains(id) && !contacts.ContainsKey(id) && Contact.ContactedAtOf(dateTimeOf(row), dateOf(row)) is { } at)
            {
                contacts.Add(id, at);
            }
        }

        return contacts;
    });

    /// <summary>Each worker's worker-supervision dates (<c>sup_professional_id</c>), sorted.</summary>
    public FrozenDictionary<string, DateOnly[]> WorkerSupervisionDates => Memo(() =>
        SupervisionDates(Supervision.Worker, nameof(Supervision.ProfessionalId), s => s.ProfessionalId));

    /// <summary>
    /// Of the distinct children allocated at <paramref name="date"/> (as <see cref="CaseloadsAt"/> counts them, each in the team of
    /// its <see cref="AllocationOf"/> or, when that has none, of its next open allocation with one), how many have a case supervision from the first of the date's month to the date; built once per date for
    /// the council figure and the team breakdown.
    /// </summary>
    public CaseSupervisionAt CaseSupervisionAt(DateOnly date) =>
        Memo(() => new ConcurrentDictionary<DateOnly, CaseSupervisionAt>(), "CaseSupervisionByDate").GetOrAdd(date, BuildCaseSupervisionAt);

    // NOTE: children by their number in the allocations held by child, and their supervision days in one sorted array by
    // child number: looking each allocated child up by its id string at every period end, and building the children's array
    // to do it, were most of case_supervision_pct.
    private CaseSupervisionAt BuildCaseSupervisionAt(DateOnly date)
    {
        var (all, starts, days, firstDay) = (Allocations.All, AllocationStartsByChild, CaseSupervisionDays.Days, CaseSupervisionDays.First);
        var (from, to) = (Dates.MonthStart(date).DayNumber, date.DayNumber);
        var byTeam = new Dictionary<string, (int Supervised, int Count)>(StringComparer.Ordinal);
        var (supervised, count) = (0, 0);
        for (var child = 0; child < starts.Length - 1; child++)
        {
            var (allocated, team) = (false, (string?)null);
            for (var k = starts[child]; k < starts[child + 1] && team is null; k++)
            {
                if (all[k].IsOpenAt(date))
                {
                    (allocated, team) = (true, all[k].TeamId);
                }
            }

            if (!allocated)
            {
                continue;
            }

            var isSupervised = AnyBetween(days.AsSpan(firstDay[child], firstDay[child + 1] - firstDay[child]), from, to) ? 1 : 0;
            (supervised, count) = (supervised + isSupervised, count + 1);
            if (team is not null)
            {
                ref var counts = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byTeam, team, out _);
                counts = (counts.Supervised + isSupervised, counts.Count + 1);
            }
        }

        return new CaseSupervisionAt(new Measure(supervised, count),
            byTeam.ToDictionary(e => e.Key, e => new Measure(e.Value.Supervised, e.Value.Count), StringComparer.Ordinal));
    }

    // Where each allocated child's allocations start in Allocations.All, by child number (one past the last child: the end).
    private int[] AllocationStartsByChild => Memo(() =>
    {
        var childOf = Allocations.ChildOf;
        var starts = new int[Allocations.Children.Length + 1];
        for (var k = childOf.Length - 1; k >= 0; k--)
        {
            starts[childOf[k]] = k;
        }

        starts[^1] = childOf.Length;
        return starts;
    });

    // The case-supervision days of each allocated child, sorted, in one array: child c's are Days[First[c]..First[c + 1]].
    // Supervisions of children never allocated cannot count and are not kept.
    private (int[] Days, int[] First) CaseSupervisionDays => Memo(() =>
    {
        var rows = Extract.Supervisions;
        var (typeOf, dateOf, whom) = (rows.Field(nameof(Supervision.SupervisionType), s => s.SupervisionType),
            rows.Field(nameof(Supervision.SupervisionDate), s => s.SupervisionDate), rows.Field(nameof(Supervision.PersonId), s => s.PersonId));
        var (byChild, childOf) = (Allocations.ByChild, Allocations.ChildOf);
        var keys = new List<long>();
        for (var row = 0; row < rows.Count; row++)
        {
            if (Supervision.IsType(typeOf(row), Supervision.Case) && dateOf(row) is { } date && whom(row) is { } child
                && byChild.TryGetValue(child, out var range))
            {
                keys.Add(((long)childOf[range.Start] << 32) | (uint)date.DayNumber);
            }
        }

        var sorted = keys.ToArray();
        Array.Sort(sorted);
        var (days, first) = (new int[sorted.Length], new int[Allocations.Children.Length + 1]);
        for (var i = 0; i < sorted.Length; i++)
        {
            days[i] = (int)sorted[i];
            first[(int)(sorted[i] >> 32) + 1]++;
        }

        for (var c = 1; c < first.Length; c++)
        {
            first[c] += first[c - 1];
        }

        return (days, first);
    });

    // The dates of the supervisions of a type by whom they are of (worker or child), read from their columns.
    private FrozenDictionary<string, DateOnly[]> SupervisionDates(string type, string ofField, Func<Supervision, string?> of)
    {
        var rows = Extract.Supervisions;
        var (typeOf, dateOf, whom) = (rows.Field(nameof(Supervision.SupervisionType), s => s.SupervisionType),
            rows.Field(nameof(Supervision.SupervisionDate), s => s.SupervisionDate), rows.Field(ofField, of));
        return SortedDatesByChild(rows.RowNumbers()
            .Where(row => Supervision.IsType(typeOf(row), type) && dateOf(row) is not null)
            .Select(row => (whom(row), dateOf(row)!.Value)));
    }

    /// <summary>Whether a sorted array of dates holds one from <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public static bool AnyBetween(DateOnly[]? sorted, DateOnly from, DateOnly to)
    {
        if (sorted is null)
        {
            return false;
        }

        var i = Array.BinarySearch(sorted, from);
        i = i < 0 ? ~i : i;
        return i < sorted.Length && sorted[i] <= to;
    }

    // The same over sorted day numbers.
    private static bool AnyBetween(ReadOnlySpan<int> sortedDays, int from, int to)
    {
        var i = sortedDays.BinarySearch(from);
        i = i < 0 ? ~i : i;
        return i < sortedDays.Length && sortedDays[i] <= to;
    }

    /// <summary>
    /// The first decision of <paramref name="type"/> per id: the earliest <c>fdd_decision_datetime</c> (one without a time of
    /// day as the start of its day), ties to the lowest <c>fdd_decision_id</c>, so the choice never depends on row order.
    /// Decisions with no id to follow or no datetime cannot be anyone's first and are left out.
    /// </summary>
    private Dictionary<ulong, FirstDecision> FirstDecisions(string type, string keyField, Func<FrontDoorDecision, string?> key)
    {
        var rows = Extract.FrontDoorDecisions;
        // NOTE: sized for every row to be a first decision, so that it is never grown and copied as it fills.
        var first = new Dictionary<ulong, FirstDecision>(rows.Count);
        // NOTE: the fields read from their columns; a decision's id (a string made per read) only where two tie on their time.
        var (typeOf, keyOf, atOf, decisionIdOf, contactOf, teamOf) = (rows.Field(nameof(FrontDoorDecision.DecisionType), d => d.DecisionType),
            rows.Field(keyField, key), rows.Field(nameof(FrontDoorDecision.DecidedAt), d => d.DecidedAt),
            rows.Field(nameof(FrontDoorDecision.DecisionId), d => d.DecisionId), rows.Field(nameof(FrontDoorDecision.ContactId), d => d.ContactId),
            rows.Field(nameof(FrontDoorDecision.TeamId), d => d.TeamId));
        for (var row = 0; row < rows.Count; row++)
        {
            if (!FrontDoorDecision.IsType(typeOf(row), type) || keyOf(row) is not { } id || atOf(row) is not { } at)
            {
                continue;
            }

            var hash = IdHash.Of(id);
            if (!first.TryGetValue(hash, out var known) || at.ToDateTime() < known.At.ToDateTime()
                || (at.ToDateTime() == known.At.ToDateTime() && string.CompareOrdinal(decisionIdOf(row), decisionIdOf(known.Row)) < 0))
            {
                first[hash] = new FirstDecision(at, contactOf(row) is { } contact ? IdHash.Of(contact) : null, teamOf(row), row);
            }
        }

        return first;
    }
}
