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
        var decisions = Extract.FrontDoorDecisions;
        var contactOf = decisions.Field(nameof(FrontDoorDecision.ContactId), d => d.ContactId);
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < decisions.Count; row++)
        {
            if (contactOf(row) is { } id)
            {
                named.Add(id);
            }
        }

        var contacts = new Dictionary<string, ContactMoment>(named.Count, StringComparer.Ordinal);
        // NOTE: every field read from its column: no contact record is built (one per contact named cost more than the rest).
        var rows = Extract.Contacts;
        var (ids, personOf) = (rows.Field(nameof(Contact.ContactId), c => c.ContactId), rows.Field(nameof(Contact.PersonId), c => c.PersonId));
        var (dateOf, dateTimeOf) = (rows.Field(nameof(Contact.ContactDate), c => c.ContactDate), rows.Field(nameof(Contact.ContactDateTime), c => c.ContactDateTime));
        for (var row = 0; row < rows.Count; row++)
        {
            if (ids(row) is var id && named.Contains(id))
            {
                contacts.TryAdd(id, new ContactMoment(personOf(row), Contact.ContactedAtOf(dateTimeOf(row), dateOf(row))));
            }
        }

        return contacts.ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>
    /// Allocations (ssd_involvements rows with a configured allocated-worker role, a worker, a child and a start date, as the
    /// caseload indicators count them) of the children that case supervisions name, and for the workers they name the spans in
    /// which each held at least one case in a team, so the supervision rule can ask who held whom, and in which team, on a date.
    /// </summary>
    /// <remarks>NOTE: a worker's allocations over six years run to hundreds; merged into spans per team they are a handful, so
    /// the rule asks a few spans per supervision rather than every allocation the worker ever held.</remarks>
    public (FrozenDictionary<string, ImmutableArray<HeldCase>> ByChild, FrozenDictionary<string, ImmutableArray<HeldCase>> TeamSpansByWorker) SupervisedAllocations => Memo(() =>
    {
        var supervisions = Extract.Supervisions;
        var typeOf = supervisions.Field(nameof(Supervision.SupervisionType), s => s.SupervisionType);
        var cases = Enumerable.Range(0, supervisions.Count).Where(row => Supervision.IsType(typeOf(row), Supervision.Case)).ToList();
        var children = cases.Select(supervisions.Field(nameof(Supervision.PersonId), s => s.PersonId)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var workers = cases.Select(supervisions.Field(nameof(Supervision.ProfessionalId), s => s.ProfessionalId)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var roles = Reference.Settings.AllocatedWorkerRoles.Select(r => r.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        var byChild = new Dictionary<string, List<HeldCase>>(StringComparer.Ordinal);
        var byWorker = new Dictionary<string, List<HeldCase>>(StringComparer.Ordinal);
        // NOTE: every field read from its column: no involvement record is built.
        var involvements = Extract.Involvements;
        var (roleOf, childOf, workerOf) = (involvements.Field(nameof(Involvement.RoleId), i => i.RoleId),
            involvements.Field(nameof(Involvement.PersonId), i => i.PersonId), involvements.Field(nameof(Involvement.ProfessionalId), i => i.ProfessionalId));
        var (teamOf, startOf, endOf) = (involvements.Field(nameof(Involvement.TeamId), i => i.TeamId),
            involvements.Field(nameof(Involvement.StartDate), i => i.StartDate), involvements.Field(nameof(Involvement.EndDate), i => i.EndDate));
        for (var row = 0; row < involvements.Count; row++)
        {
            if (roleOf(row) is not { } role || !roles.Contains(role.Trim()) || childOf(row) is not { } child || workerOf(row) is not { } worker
                || !(children.Contains(child) || workers.Contains(worker)) || startOf(row) is not { } start)
            {
                continue;
            }

            var team = teamOf(row);
            var held = new HeldCase(worker, child, team, start, endOf(row));
            if (children.Contains(child))
            {
                (byChild.TryGetValue(child, out var list) ? list : byChild[child] = []).Add(held);
            }

            if (workers.Contains(worker) && team is not null)
            {
                (byWorker.TryGetValue(worker, out var list) ? list : byWorker[worker] = []).Add(held);
            }
        }

        return (byChild.ToFrozenDictionary(e => e.Key, e => e.Value.ToImmutableArray(), StringComparer.Ordinal),
            byWorker.ToFrozenDictionary(e => e.Key, e => TeamSpans(e.Value), StringComparer.Ordinal));
    });

    // A worker's allocations merged, team by team, into the spans in which the worker held at least one case there
    // (overlapping or back-to-back allocations join: open at d is start <= d < end, so a case ending on d and one starting on d leave no gap).
    private static ImmutableArray<HeldCase> TeamSpans(List<HeldCase> allocations)
    {
        var spans = ImmutableArray.CreateBuilder<HeldCase>();
        foreach (var team in allocations.GroupBy(a => a.TeamId!, StringComparer.Ordinal))
        {
            HeldCase? current = null;
            foreach (var a in team.OrderBy(a => a.Start))
            {
                if (current is { } c && (c.End is null || a.Start <= c.End))
                {
                    current = c with { End = c.End is null || a.End is null ? null : a.End > c.End ? a.End : c.End };
                    continue;
                }

                if (current is { } done)
                {
                    spans.Add(done);
                }

                current = a with { PersonId = "" };
            }

            spans.Add(current!.Value);
        }

        return spans.ToImmutable();
    }
}
