using System.Collections.Frozen;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Quality;

/// <summary>A contact as the extension rules read it: its child and when it came in.</summary>
public readonly record struct ContactMoment(string PersonId, Timestamp? At);

/// <summary>Contacts by their id hashed (<see cref="IdHash"/>): each one's row, and its fields read from the row when asked.</summary>
public sealed class NamedContacts(IReadOnlyDictionary<ulong, int> rowOf, Func<int, ContactMoment> read)
{
    public bool Contains(string contactId) => rowOf.ContainsKey(IdHash.Of(contactId));

    public bool TryGet(string contactId, out ContactMoment contact)
    {
        var found = rowOf.TryGetValue(IdHash.Of(contactId), out var row);
        contact = found ? read(row) : default;
        return found;
    }
}

/// <summary>One allocated-worker involvement as the supervision rule reads it.</summary>
public readonly record struct HeldCase(string WorkerId, string? TeamId, DateOnly Start, DateOnly? End)
{
    public bool IsOpenAt(DateOnly date) => Dates.IsOpenAt(Start, End, date);
}

// Lookups for the local extension rules (QualityRules.Extensions.cs). Each keeps only the records the extension tables name,
// so the cost follows the extension tables, not the (much larger) contacts and involvements.
public sealed partial class QualityInputs
{
    /// <summary>
    /// The contacts that front-door decisions name (<c>fdd_contact_id</c>), by their id hashed (<see cref="IdHash"/>; the first
    /// row where an id is duplicated), as the extension rules read them.
    /// </summary>
    /// <remarks>NOTE: by the hash and the contact's row, its fields read from their columns when asked, as the indicators' own
    /// lookup of these contacts (IndicatorInputs.ReferralDecisionContacts): keyed by the id strings and holding each contact's
    /// values, it held millions of strings nationally (nearly every contact is named). As there, two ids sharing a 64-bit hash
    /// would be taken for one another.</remarks>
    public NamedContacts DecisionContacts => Memo(() =>
    {
        var decisions = Extract.FrontDoorDecisions;
        var named = NamedIdHashes(decisions.Count, decisions.Field(nameof(FrontDoorDecision.ContactId), d => d.ContactId));
        var rows = Extract.Contacts;
        var rowOf = new Dictionary<ulong, int>(named.Count);
        var hashOf = rows.IdHashes(nameof(Contact.ContactId), c => c.ContactId);
        for (var row = 0; row < rows.Count; row++)
        {
            if (hashOf(row) is var hash && named.Contains(hash))
            {
                rowOf.TryAdd(hash, row);
            }
        }

        var personOf = rows.Field(nameof(Contact.PersonId), c => c.PersonId);
        var (dateOf, dateTimeOf) = (rows.Field(nameof(Contact.ContactDate), c => c.ContactDate), rows.Field(nameof(Contact.ContactDateTime), c => c.ContactDateTime));
        return new NamedContacts(rowOf, row => new ContactMoment(personOf(row), Contact.ContactedAtOf(dateTimeOf(row), dateOf(row))));
    });

    /// <summary>
    /// The <c>cine_referral_id</c>s that front-door decisions name (<c>fdd_referral_id</c>), hashed (<see cref="IdHash"/>), as
    /// the indicators match decisions to referrals.
    /// </summary>
    /// <remarks>NOTE: not <see cref="KnownReferralIds"/>: the decisions ask only after the referrals they name, and no id string
    /// is built from the referrals' id column.</remarks>
    public IReadOnlySet<ulong> DecisionReferralIds => Memo(() =>
    {
        var decisions = Extract.FrontDoorDecisions;
        var named = NamedIdHashes(decisions.Count, decisions.Field(nameof(FrontDoorDecision.ReferralId), d => d.ReferralId));
        var rows = Extract.CinEpisodes;
        var hashOf = rows.IdHashes(nameof(CinEpisode.ReferralId), r => r.ReferralId);
        var known = new HashSet<ulong>();
        for (var row = 0; row < rows.Count; row++)
        {
            if (hashOf(row) is var hash && named.Contains(hash))
            {
                known.Add(hash);
            }
        }

        return known;
    });

    // The hashes (IdHash) of the ids a field names, row by row.
    private static HashSet<ulong> NamedIdHashes(int count, Func<int, string?> idOf)
    {
        var named = new HashSet<ulong>();
        for (var row = 0; row < count; row++)
        {
            if (idOf(row) is { } id)
            {
                named.Add(IdHash.Of(id));
            }
        }

        return named;
    }

    /// <summary>
    /// Allocations (ssd_involvements rows with a configured allocated-worker role, a worker, a child and a start date, as the
    /// caseload indicators count them) of the children that case supervisions name, and for the workers they name the spans in
    /// which each held at least one case in a team, so the supervision rule can ask who held whom, and in which team, on a date.
    /// </summary>
    /// <remarks>NOTE: a worker's allocations over six years run to hundreds; merged into spans per team they are a handful, so
    /// the rule asks a few spans per supervision rather than every allocation the worker ever held.</remarks>
    public SupervisedAllocations SupervisedAllocations => Memo(() =>
    {
        // NOTE: children and workers are numbered as the supervisions name them, and the allocations kept are grouped by number
        // into one array each (a counting sort): a list per child and per worker, copied again into frozen lookups, was most of
        // this lookup's memory.
        var supervisions = Extract.Supervisions;
        var (typeOf, childOf, workerOf) = (supervisions.Field(nameof(Supervision.SupervisionType), s => s.SupervisionType),
            supervisions.Field(nameof(Supervision.PersonId), s => s.PersonId), supervisions.Field(nameof(Supervision.ProfessionalId), s => s.ProfessionalId));
        var children = new Dictionary<string, int>(StringComparer.Ordinal);
        var workers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var row = 0; row < supervisions.Count; row++)
        {
            if (Supervision.IsType(typeOf(row), Supervision.Case))
            {
                Number(children, childOf(row));
                Number(workers, workerOf(row));
            }
        }

        var roles = Reference.Settings.AllocatedWorkerRoles.Select(r => r.Trim()).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        // NOTE: every field read from its column: no involvement record is built.
        var involvements = Extract.Involvements;
        var (roleOf, personOf, professionalOf) = (involvements.Field(nameof(Involvement.RoleId), i => i.RoleId),
            involvements.Field(nameof(Involvement.PersonId), i => i.PersonId), involvements.Field(nameof(Involvement.ProfessionalId), i => i.ProfessionalId));
        var (teamOf, startOf, endOf) = (involvements.Field(nameof(Involvement.TeamId), i => i.TeamId),
            involvements.Field(nameof(Involvement.StartDate), i => i.StartDate), involvements.Field(nameof(Involvement.EndDate), i => i.EndDate));
        // Each allocation's child and worker number (-1: none named, or for the worker no team), then each group's place.
        var (childOfRow, workerOfRow) = (new int[involvements.Count], new int[involvements.Count]);
        var (childStarts, workerStarts) = (new int[children.Count + 1], new int[workers.Count + 1]);
        for (var row = 0; row < involvements.Count; row++)
        {
            (childOfRow[row], workerOfRow[row]) = (-1, -1);
            if (roleOf(row) is not { } role || !roles.Contains(role.Trim()) || personOf(row) is not { } child || professionalOf(row) is not { } worker
                || startOf(row) is null)
            {
                continue;
            }

            if (children.TryGetValue(child, out var c))
            {
                childStarts[(childOfRow[row] = c) + 1]++;
            }

            if (teamOf(row) is not null && workers.TryGetValue(worker, out var w))
            {
                workerStarts[(workerOfRow[row] = w) + 1]++;
            }
        }

        var (byChild, nextOfChild) = Places<HeldCase>(childStarts);
        // NOTE: a worker's allocations are grouped as row numbers and read back one worker at a time: held cases for every
        // worker at once were a second array of millions nationally, at the stage's peak.
        var (byWorker, nextOfWorker) = Places<int>(workerStarts);
        for (var row = 0; row < involvements.Count; row++)
        {
            var (c, w) = (childOfRow[row], workerOfRow[row]);
            if (c >= 0)
            {
                byChild[nextOfChild[c]++] = new HeldCase(professionalOf(row)!, teamOf(row), startOf(row)!.Value, endOf(row));
            }

            if (w >= 0)
            {
                byWorker[nextOfWorker[w]++] = row;
            }
        }

        var (spans, spanStarts) = (new List<HeldCase>(), new int[workers.Count + 1]);
        var held = new List<HeldCase>();
        for (var w = 0; w < workers.Count; w++)
        {
            held.Clear();
            for (var k = workerStarts[w]; k < workerStarts[w + 1]; k++)
            {
                var row = byWorker[k];
                held.Add(new HeldCase(professionalOf(row)!, teamOf(row), startOf(row)!.Value, endOf(row)));
            }

            TeamSpans(held, spans);
            spanStarts[w + 1] = spans.Count;
        }

        return new SupervisedAllocations(children, byChild, childStarts, workers, [.. spans], spanStarts);

        static void Number(Dictionary<string, int> numbers, string? id)
        {
            if (id is not null)
            {
                numbers.TryAdd(id, numbers.Count);
            }
        }
    });

    // An array for groups of the sizes counted (group n's count in starts[n + 1]), each group [starts[n], starts[n + 1]) once
    // starts is summed, and the next free place in each.
    private static (T[] Grouped, int[] Next) Places<T>(int[] starts)
    {
        for (var n = 1; n < starts.Length; n++)
        {
            starts[n] += starts[n - 1];
        }

        return (new T[starts[^1]], starts[..^1]);
    }

    // A worker's allocations (in extract order) merged, team by team, into the spans in which the worker held at least one case
    // there (overlapping or back-to-back allocations join: open at d is start <= d < end, so a case ending on d and one starting
    // on d leave no gap). Allocations are taken by team, then start, then extract order, as a stable sort by start would.
    private static void TeamSpans(List<HeldCase> all, List<HeldCase> spans)
    {
        if (all.Count == 0)
        {
            return;
        }

        var order = new int[all.Count];
        for (var k = 0; k < order.Length; k++)
        {
            order[k] = k;
        }

        Array.Sort(order, (x, y) => string.CompareOrdinal(all[x].TeamId, all[y].TeamId) is var byTeam and not 0 ? byTeam
            : all[x].Start.CompareTo(all[y].Start) is var byStart and not 0 ? byStart : x.CompareTo(y));
        HeldCase? current = null;
        foreach (var k in order)
        {
            var a = all[k];
            if (current is { } c && string.Equals(c.TeamId, a.TeamId, StringComparison.Ordinal) && (c.End is null || a.Start <= c.End))
            {
                current = c with { End = c.End is null || a.End is null ? null : a.End > c.End ? a.End : c.End };
                continue;
            }

            if (current is { } done)
            {
                spans.Add(done);
            }

            current = a;
        }

        spans.Add(current!.Value);
    }
}

/// <summary>
/// <see cref="QualityInputs.SupervisedAllocations"/>: the allocations of each child a case supervision names, and each named
/// worker's team spans.
/// </summary>
public sealed class SupervisedAllocations
{
    private readonly Dictionary<string, int> _children;
    private readonly HeldCase[] _byChild;
    private readonly int[] _childStarts;
    private readonly Dictionary<string, int> _workers;
    private readonly HeldCase[] _spans;
    private readonly int[] _spanStarts;

    internal SupervisedAllocations(Dictionary<string, int> children, HeldCase[] byChild, int[] childStarts, Dictionary<string, int> workers,
        HeldCase[] spans, int[] spanStarts) =>
        (_children, _byChild, _childStarts, _workers, _spans, _spanStarts) = (children, byChild, childStarts, workers, spans, spanStarts);

    /// <summary>The child's allocations (none for a child no case supervision names).</summary>
    public ReadOnlySpan<HeldCase> OfChild(string child) =>
        _children.TryGetValue(child, out var n) ? _byChild.AsSpan(_childStarts[n], _childStarts[n + 1] - _childStarts[n]) : [];

    /// <summary>The spans in which the worker held at least one case in a team (none for a worker no case supervision names).</summary>
    public ReadOnlySpan<HeldCase> TeamSpansOf(string? worker) =>
        worker is not null && _workers.TryGetValue(worker, out var n) ? _spans.AsSpan(_spanStarts[n], _spanStarts[n + 1] - _spanStarts[n]) : [];
}
