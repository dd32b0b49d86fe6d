using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

/// <summary>A contact as the extension rules read it: its child and when it came in.</summary>
public readonly record struct ContactMoment(string PersonId, Timestamp? At);

/// <summary>One allocated-worker involvement as the supervision rule reads it.</summary>
public readonly record struct HeldCase(string WorkerId, string PersonId, string? TeamId, DateOnly Start, DateOnly? End)
{
    public bool IsOpenAt(DateOnly date) => Dates.IsOpenAt(Start, End, date);
}

// Lookups for the local extension rules (QualityRules.Extensions.cs). Each keeps only the records the extension tables name,
// so the cost follows the extension tables, not the (much larger) contacts and involvements.
public sealed partial class QualityInputs
{
    /// <summary>The contacts that front-door decisions name (<c>fdd_contact_id</c>), by id (the first row where an id is duplicated).</summary>
    public FrozenDictionary<string, ContactMoment> DecisionContacts => Memo(() =>
    {
        var named = Extract.FrontDoorDecisions.Select(d => d.ContactId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var contacts = new Dictionary<string, ContactMoment>(StringComparer.Ordinal);
        foreach (var c in Extract.Contacts)
        {
            if (named.Contains(c.ContactId))
            {
                contacts.TryAdd(c.ContactId, new ContactMoment(c.PersonId, c.ContactedAt));
            }
        }

        return contacts.ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>
    /// Allocations (ssd_involvements open rows with a configured allocated-worker role, a worker, a child and a start date,
    /// as the caseload indicators count them) of the children that case supervisions name and of the workers supervised, so
    /// the supervision rule can ask who held whom, and in which team, on a supervision's date.
    /// </summary>
    public (FrozenDictionary<string, ImmutableArray<HeldCase>> ByChild, FrozenDictionary<string, ImmutableArray<HeldCase>> ByWorker) SupervisedAllocations => Memo(() =>
    {
        var cases = Extract.Supervisions.Where(s => s.Is(Supervision.Case)).ToList();
        var children = cases.Select(s => s.PersonId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var workers = cases.Select(s => s.ProfessionalId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var roles = Reference.Settings.AllocatedWorkerRoles.Select(r => r.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        var held = new List<HeldCase>();
        foreach (var i in Extract.Involvements)
        {
            if (i.RoleId is not null && roles.Contains(i.RoleId.Trim()) && i.ProfessionalId is not null && i.PersonId is not null
                && i.StartDate is { } start && (children.Contains(i.PersonId) || workers.Contains(i.ProfessionalId)))
            {
                held.Add(new HeldCase(i.ProfessionalId, i.PersonId, i.TeamId, start, i.EndDate));
            }
        }

        return (
            held.Where(h => children.Contains(h.PersonId)).GroupBy(h => h.PersonId, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal),
            held.Where(h => workers.Contains(h.WorkerId)).GroupBy(h => h.WorkerId, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal));
    });
}
