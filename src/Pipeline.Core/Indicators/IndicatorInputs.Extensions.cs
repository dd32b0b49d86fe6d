using System.Collections.Frozen;
using Pipeline.Extract;

namespace Pipeline.Indicators;

/// <summary>The first decision of a contact or referral (ext_front_door_decisions): when, from which contact, by which team.</summary>
public readonly record struct FirstDecision(Timestamp At, string? ContactId, string? TeamId);

// Groupings of the local extension tables, for Catalogue.Extensions.cs.
public sealed partial class IndicatorInputs
{
    /// <summary>Each contact's first <c>contact_decision</c>, by <c>fdd_contact_id</c> (see <see cref="FirstDecisions"/>).</summary>
    public FrozenDictionary<string, FirstDecision> FirstContactDecisions =>
        Memo(() => FirstDecisions(FrontDoorDecision.ContactDecision, nameof(FrontDoorDecision.ContactId), d => d.ContactId));

    /// <summary>Each referral's first <c>referral_decision</c>, by <c>fdd_referral_id</c> (see <see cref="FirstDecisions"/>).</summary>
    public FrozenDictionary<string, FirstDecision> FirstReferralDecisions =>
        Memo(() => FirstDecisions(FrontDoorDecision.ReferralDecision, nameof(FrontDoorDecision.ReferralId), d => d.ReferralId));

    /// <summary>
    /// When each contact that a first referral decision names came in (<see cref="Contact.ContactedAt"/>; the first row where
    /// an id is duplicated): the start of the 72 hours. Only those contacts are kept, not the whole table.
    /// </summary>
    public FrozenDictionary<string, Timestamp> ReferralDecisionContacts => Memo(() =>
    {
        var named = FirstReferralDecisions.Values.Select(d => d.ContactId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var contacts = new Dictionary<string, Timestamp>(StringComparer.Ordinal);
        // NOTE: the fields read from their columns, no contact record built.
        var rows = Extract.Contacts;
        var ids = rows.Field(nameof(Contact.ContactId), c => c.ContactId);
        var (dateOf, dateTimeOf) = (rows.Field(nameof(Contact.ContactDate), c => c.ContactDate), rows.Field(nameof(Contact.ContactDateTime), c => c.ContactDateTime));
        for (var row = 0; row < rows.Count; row++)
        {
            if (ids(row) is var id && named.Contains(id) && !contacts.ContainsKey(id) && Contact.ContactedAtOf(dateTimeOf(row), dateOf(row)) is { } at)
            {
                contacts.Add(id, at);
            }
        }

        return contacts.ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>Each worker's worker-supervision dates (<c>sup_professional_id</c>), sorted.</summary>
    public FrozenDictionary<string, DateOnly[]> WorkerSupervisionDates => Memo(() =>
        SupervisionDates(Supervision.Worker, nameof(Supervision.ProfessionalId), s => s.ProfessionalId));

    /// <summary>Each child's case-supervision dates (<c>sup_person_id</c>), sorted.</summary>
    public FrozenDictionary<string, DateOnly[]> CaseSupervisionDates => Memo(() =>
        SupervisionDates(Supervision.Case, nameof(Supervision.PersonId), s => s.PersonId));

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

    /// <summary>
    /// The first decision of <paramref name="type"/> per id: the earliest <c>fdd_decision_datetime</c> (one without a time of
    /// day as the start of its day), ties to the lowest <c>fdd_decision_id</c>, so the choice never depends on row order.
    /// Decisions with no id to follow or no datetime cannot be anyone's first and are left out.
    /// </summary>
    private FrozenDictionary<string, FirstDecision> FirstDecisions(string type, string keyField, Func<FrontDoorDecision, string?> key)
    {
        var first = new Dictionary<string, (FirstDecision Decision, string DecisionId)>(StringComparer.Ordinal);
        // NOTE: the fields read from their columns; a decision's id (a string made per read) only where it may be first.
        var rows = Extract.FrontDoorDecisions;
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

            if (!first.TryGetValue(id, out var known) || at.ToDateTime() < known.Decision.At.ToDateTime()
                || (at.ToDateTime() == known.Decision.At.ToDateTime() && string.CompareOrdinal(decisionIdOf(row), known.DecisionId) < 0))
            {
                first[id] = (new FirstDecision(at, contactOf(row), teamOf(row)), decisionIdOf(row));
            }
        }

        return first.ToFrozenDictionary(e => e.Key, e => e.Value.Decision, StringComparer.Ordinal);
    }
}
