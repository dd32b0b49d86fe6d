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
        Memo(() => FirstDecisions(FrontDoorDecision.ContactDecision, d => d.ContactId));

    /// <summary>Each referral's first <c>referral_decision</c>, by <c>fdd_referral_id</c> (see <see cref="FirstDecisions"/>).</summary>
    public FrozenDictionary<string, FirstDecision> FirstReferralDecisions =>
        Memo(() => FirstDecisions(FrontDoorDecision.ReferralDecision, d => d.ReferralId));

    /// <summary>
    /// When each contact that a first referral decision names came in (<see cref="Contact.ContactedAt"/>; the first row where
    /// an id is duplicated): the start of the 72 hours. Only those contacts are kept, not the whole table.
    /// </summary>
    public FrozenDictionary<string, Timestamp> ReferralDecisionContacts => Memo(() =>
    {
        var named = FirstReferralDecisions.Values.Select(d => d.ContactId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var contacts = new Dictionary<string, Timestamp>(StringComparer.Ordinal);
        // NOTE: the id read from its column, the record built only for the contacts named.
        var rows = Extract.Contacts;
        var ids = rows.Field(nameof(Contact.ContactId), c => c.ContactId);
        for (var row = 0; row < rows.Count; row++)
        {
            if (ids(row) is var id && named.Contains(id) && !contacts.ContainsKey(id) && rows[row].ContactedAt is { } at)
            {
                contacts.Add(id, at);
            }
        }

        return contacts.ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>Each worker's worker-supervision dates (<c>sup_professional_id</c>), sorted.</summary>
    public FrozenDictionary<string, DateOnly[]> WorkerSupervisionDates => Memo(() => SortedDatesByChild(Extract.Supervisions
        .Where(s => s.Is(Supervision.Worker) && s.SupervisionDate is not null)
        .Select(s => (s.ProfessionalId, s.SupervisionDate!.Value))));

    /// <summary>Each child's case-supervision dates (<c>sup_person_id</c>), sorted.</summary>
    public FrozenDictionary<string, DateOnly[]> CaseSupervisionDates => Memo(() => SortedDatesByChild(Extract.Supervisions
        .Where(s => s.Is(Supervision.Case) && s.SupervisionDate is not null)
        .Select(s => (s.PersonId, s.SupervisionDate!.Value))));

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
    private FrozenDictionary<string, FirstDecision> FirstDecisions(string type, Func<FrontDoorDecision, string?> key)
    {
        var first = new Dictionary<string, (FirstDecision Decision, string DecisionId)>(StringComparer.Ordinal);
        foreach (var d in Extract.FrontDoorDecisions)
        {
            if (!d.Is(type) || key(d) is not { } id || d.DecidedAt is not { } at)
            {
                continue;
            }

            if (!first.TryGetValue(id, out var known) || at.ToDateTime() < known.Decision.At.ToDateTime()
                || (at.ToDateTime() == known.Decision.At.ToDateTime() && string.CompareOrdinal(d.DecisionId, known.DecisionId) < 0))
            {
                first[id] = (new FirstDecision(at, d.ContactId, d.TeamId), d.DecisionId);
            }
        }

        return first.ToFrozenDictionary(e => e.Key, e => e.Value.Decision, StringComparer.Ordinal);
    }
}
