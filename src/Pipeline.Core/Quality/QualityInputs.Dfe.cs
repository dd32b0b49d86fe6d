using System.Collections.Frozen;
using System.Collections.Immutable;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Reference;

namespace Pipeline.Quality;

// What the DfE's rules judge: the return a council would make tonight. Both returns cover a collection year (1 April to
// 31 March); made tonight, the one containing as_at covers 1 April to as_at, and as_at is its reference date. A record is
// in it when it is open at some time in that period: no end, or an end on or after 1 April (an end after as_at included,
// for the rules that flag it). A child is in the CIN census when one of their CIN episodes is, and in the SSDA903 when one
// of their CLA episodes is.
public sealed partial class QualityInputs
{
    /// <summary>The collection year of the returns made tonight: the one containing as_at.</summary>
    public CollectionYear ReturnYear => CollectionYear.Of(AsAt);

    /// <summary>1 April of <see cref="ReturnYear"/>: the first day of the census period.</summary>
    public DateOnly ReturnStart => ReturnYear.FirstDay;

    /// <summary>Whether a record ending on <paramref name="end"/> (null: still open) is in a return made tonight.</summary>
    public bool InReturn(DateOnly? end) => end is not { } e || e >= ReturnStart;

    /// <summary>
    /// The first day from which the set holds every CLA episode, or null when it holds them all (an SSD set). A set read from
    /// statutory returns holds the episodes open at its first year's start, not those before them: an episode starting earlier may
    /// continue one it does not hold, so what came before cannot be judged.
    /// </summary>
    public DateOnly? EpisodesFrom => Extract.CoverageOf("ssd_cla_episodes").From;

    /// <summary>Whether <paramref name="date"/> falls in the census period of a return made tonight (1 April to as_at).</summary>
    public bool InCensusPeriod(DateOnly date) => date >= ReturnStart && date <= AsAt;

    /// <summary>The children of tonight's CIN census: those with a CIN episode in it.</summary>
    /// <remarks>NOTE: kept between rule families (see <see cref="ForFamily"/>): every DfE family reads it, and it holds ids only.</remarks>
    public FrozenSet<string> CinReturnChildren => Held<FrozenSet<string>>() ?? Memo(() => ReturnIds(Extract.CinEpisodes, (nameof(CinEpisode.CloseDate), r => r.CloseDate), (nameof(CinEpisode.PersonId), r => r.PersonId)));

    /// <summary>The children of tonight's SSDA903: those with a CLA episode in it.</summary>
    public FrozenSet<string> ClaReturnChildren => Held<FrozenSet<string>>() ?? Memo(() => ReturnIds(Extract.ClaEpisodes, (nameof(ClaEpisode.CeasedDate), e => e.CeasedDate), (nameof(ClaEpisode.PersonId), e => e.PersonId)));

    /// <summary>The ssd_person rows of the children in tonight's CIN census (the first row of a duplicated id), by id.</summary>
    public FrozenDictionary<string, Person> CinReturnPersons => CinReturnPersonRows.First;

    /// <summary>The ssd_person rows of the children in tonight's SSDA903 (the first row of a duplicated id), by id.</summary>
    public FrozenDictionary<string, Person> ClaReturnPersons => ClaReturnPersonRows.First;

    /// <summary>The ssd_person rows of the children in tonight's CIN census: the first of each id, and the ids on more than one row.</summary>
    internal ReturnPersons CinReturnPersonRows => Held<ReturnPersons>() ?? Memo(() => PersonsOf(CinReturnChildren));

    /// <summary>The ssd_person rows of the children in tonight's SSDA903: the first of each id, and the ids on more than one row.</summary>
    internal ReturnPersons ClaReturnPersonRows => Held<ReturnPersons>() ?? Memo(() => PersonsOf(ClaReturnChildren));

    /// <summary>Each CIN census child's CIN episodes in tonight's return, earliest referral first.</summary>
    public FrozenDictionary<string, ImmutableArray<CinEpisode>> ReturnReferralsByChild => Held<FrozenDictionary<string, ImmutableArray<CinEpisode>>>() ?? Memo(() =>
    {
        // NOTE: grouped in a dictionary (children in the order first seen, as GroupBy gives them) and sorted only where a child has
        // more than one referral: most have one, and a LINQ sort for each came to about 1 MB per CIN rule family on the council bench.
        var byChild = new Dictionary<string, List<CinEpisode>>(StringComparer.Ordinal);
        foreach (var r in ReturnRows(Extract.CinEpisodes, (nameof(CinEpisode.CloseDate), r => r.CloseDate)))
        {
            (byChild.TryGetValue(r.PersonId, out var referrals) ? referrals : byChild[r.PersonId] = []).Add(r);
        }

        return byChild.ToFrozenDictionary(g => g.Key, g => g.Value.Count == 1
                ? [g.Value[0]]
                : g.Value.OrderBy(r => r.ReferralDate ?? DateOnly.MaxValue).ThenBy(r => r.ReferralId, StringComparer.Ordinal).ToImmutableArray(),
            StringComparer.Ordinal);
    });

    /// <summary>The CIN episodes in tonight's return, child by child as <see cref="ReturnReferralsByChild"/> holds them.</summary>
    /// <remarks>NOTE: one array for the many rules reading them all, not a boxed array per child per rule.</remarks>
    public ImmutableArray<CinEpisode> ReturnReferrals => Memo(() => ReturnReferralsByChild.Values.SelectMany(r => r).ToImmutableArray());

    /// <summary>The CIN episodes in tonight's return by referral id (the first row of a duplicated id).</summary>
    public FrozenDictionary<string, CinEpisode> ReturnReferralsById => Held<FrozenDictionary<string, CinEpisode>>() ?? Memo(() => ReturnReferrals
        .GroupBy(r => r.ReferralId, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    /// <summary>Each SSDA903 child's care history (<see cref="CareByChild"/>: every episode of theirs, not only this year's).</summary>
    /// <remarks>NOTE: listed once per rule family, the children's histories read from one <see cref="CareByChild"/>: many rules
    /// pass over them, and each child's read of the property made a delegate.</remarks>
    public IEnumerable<CareHistory> ReturnCareHistories => Held<CareHistory[]>() ?? Memo(() =>
    {
        var care = CareByChild;
        return ClaReturnChildren.Select(c => care.GetValueOrDefault(c)).OfType<CareHistory>().ToArray();
    });

    /// <summary>Placements by clap_cla_placement_id (the first row of a duplicated id): what an episode's clae_cla_placement_id names.</summary>
    public FrozenDictionary<string, ClaPlacement> PlacementsById => Held<FrozenDictionary<string, ClaPlacement>>() ?? Memo(() =>
    {
        var placements = Extract.ClaPlacements;
        return FirstById(placements, (nameof(ClaPlacement.PlacementId), p => p.PlacementId), row => placements[row]).ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>Each child's placements with a start date, by start (a child found by clap_person_id, or else by clap_cla_id).</summary>
    public FrozenDictionary<string, ImmutableArray<ClaPlacement>> PlacementsByChild => Held<FrozenDictionary<string, ImmutableArray<ClaPlacement>>>() ?? Memo(() =>
    {
        var byChild = new Dictionary<string, List<ClaPlacement>>(StringComparer.Ordinal);
        foreach (var p in Extract.ClaPlacements)
        {
            if (p.StartDate is not null && (p.PersonId ?? ClaIdPerson(p.ClaId)) is { } child)
            {
                (byChild.TryGetValue(child, out var placements) ? placements : byChild[child] = []).Add(p);
            }
        }

        return byChild.ToFrozenDictionary(e => e.Key, e => e.Value.OrderBy(p => p.StartDate).ThenBy(p => p.PlacementId, StringComparer.Ordinal).ToImmutableArray(),
            StringComparer.Ordinal);
    });

    /// <summary>
    /// The placement an SSDA903 episode is in: the one its clae_cla_placement_id names, or else the child's placement in force on
    /// the episode's start date (the latest-starting one started by then and not ended before it). Null when there is none.
    /// </summary>
    public ClaPlacement? PlacementOf(ClaEpisode episode)
    {
        if (episode.PlacementId is not null && PlacementsById.TryGetValue(episode.PlacementId, out var named))
        {
            return named;
        }

        if (episode.StartDate is not { } start || !PlacementsByChild.TryGetValue(episode.PersonId, out var placements))
        {
            return null;
        }

        ClaPlacement? inForce = null;
        foreach (var p in placements)
        {
            if (p.StartDate <= start && (p.EndDate is not { } end || end > start || (end == start && p.StartDate == start)))
            {
                inForce = p;
            }
        }

        return inForce;
    }

    /// <summary>The legal status an SSDA903 episode is under: the child's legal status in force on its start date.</summary>
    public LegalStatus? LegalStatusOf(ClaEpisode episode) =>
        episode.StartDate is { } start && LegalStatusesByChild.TryGetValue(episode.PersonId, out var statuses) ? PeriodsOfCare.LegalStatusAt(statuses, start) : null;

    private ReturnPersons PersonsOf(FrozenSet<string> children)
    {
        // NOTE: the id hashed from its column's bytes, its string read only when the hash is a return child's and the record built
        // only for a child of the return (not for every person); the rows of each id counted in the same pass, for the rules on
        // duplicated ids.
        var byId = new Dictionary<string, Person>(StringComparer.Ordinal);
        var rowsOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var persons = Extract.Persons;
        var (ids, hashes) = (persons.Field(nameof(Person.PersonId), p => p.PersonId), persons.IdHashes(nameof(Person.PersonId), p => p.PersonId));
        var childHashes = new HashSet<ulong>(children.Count);
        foreach (var child in children)
        {
            childHashes.Add(IdHash.Of(child));
        }

        for (var row = 0; row < persons.Count; row++)
        {
            if (childHashes.Contains(hashes(row)) && ids(row) is var id && children.Contains(id))
            {
                rowsOf[id] = rowsOf.GetValueOrDefault(id) + 1;
                if (!byId.ContainsKey(id))
                {
                    byId.Add(id, persons[row]);
                }
            }
        }

        return new ReturnPersons(byId.ToFrozenDictionary(StringComparer.Ordinal), [.. rowsOf.Where(r => r.Value > 1).Select(r => (r.Key, r.Value))]);
    }

    /// <summary>The ssd_person rows of a return's children: the first row of each id, and each id on more than one row with how many
    /// (in the order the ids first appear).</summary>
    internal sealed record ReturnPersons(FrozenDictionary<string, Person> First, ImmutableArray<(string Id, int Rows)> Duplicated);

    /// <summary>
    /// The rows of <paramref name="rows"/> in tonight's return (<see cref="InReturn"/> by their <paramref name="end"/>) that
    /// <paramref name="keep"/> keeps, in table order, built once per rule family under <paramref name="key"/>.
    /// </summary>
    /// <remarks>
    /// NOTE: most DfE rules judge the same few subsets of a table (the return's episodes, reviews, plans); each rule
    /// enumerating the whole table built a record per row every time. Here the end date is read from its column and a record
    /// built only for a row in the return period. Let go with the family's other lookups (<see cref="ForFamily"/>).
    /// </remarks>
    internal ImmutableArray<T> ReturnRows<T>(string key, IReadOnlyList<T> rows, (string Name, Func<T, DateOnly?> Read) end, Func<T, bool>? keep = null) =>
        Lookup(key, () => ReturnRows(rows, end, keep));

    /// <summary>The return's rows of a table with the child each names in <paramref name="children"/>, the child read first from its column.</summary>
    internal ImmutableArray<T> ReturnRows<T>(string key, IReadOnlyList<T> rows, (string Name, Func<T, DateOnly?> Read) end,
        (string Name, Func<T, string?> Read) child, FrozenSet<string> children, Func<T, bool>? keep = null) =>
        Lookup(key, () =>
        {
            var childOf = rows.Field(child.Name, child.Read);
            return ReturnRows(rows, end, keep, row => childOf(row) is { } c && children.Contains(c));
        });

    /// <summary>
    /// The rows of <paramref name="rows"/> naming a child in <paramref name="children"/> (a return's) that <paramref name="keep"/>
    /// keeps, whatever their dates, in table order, built once per rule family under <paramref name="key"/>; the child read first
    /// from its column.
    /// </summary>
    internal ImmutableArray<T> ChildRows<T>(string key, IReadOnlyList<T> rows, (string Name, Func<T, string?> Read) child, FrozenSet<string> children,
        Func<T, bool>? keep = null) =>
        Lookup(key, () =>
        {
            var childOf = rows.Field(child.Name, child.Read);
            return RowsWhere(rows, row => childOf(row) is { } c && children.Contains(c), keep);
        });

    /// <summary>The return's rows of a table as <see cref="ReturnRows{T}(string, IReadOnlyList{T}, ValueTuple{string, Func{T, DateOnly?}}, Func{T, bool}?)"/>
    /// finds them, not kept: for a lookup that keeps something made of them instead.</summary>
    internal ImmutableArray<T> ReturnRows<T>(IReadOnlyList<T> rows, (string Name, Func<T, DateOnly?> Read) end, Func<T, bool>? keep = null, Func<int, bool>? keepRow = null)
    {
        var endOf = rows.Field(end.Name, end.Read);
        return RowsWhere(rows, row => InReturn(endOf(row)) && (keepRow is null || keepRow(row)), keep);
    }

    /// <summary>The records of the rows <paramref name="keepRow"/> keeps (read from columns) and then <paramref name="keep"/>, in table order.</summary>
    private static ImmutableArray<T> RowsWhere<T>(IReadOnlyList<T> rows, Func<int, bool> keepRow, Func<T, bool>? keep = null)
    {
        var kept = ImmutableArray.CreateBuilder<T>();
        for (var row = 0; row < rows.Count; row++)
        {
            if (keepRow(row) && rows[row] is var record && (keep is null || keep(record)))
            {
                kept.Add(record);
            }
        }

        return kept.ToImmutable();
    }

    /// <summary>The ids of the children a table's rows in tonight's return name, the id read only for a row in the return period.</summary>
    private FrozenSet<string> ReturnIds<T>(IReadOnlyList<T> rows, (string Name, Func<T, DateOnly?> Read) end, (string Name, Func<T, string> Read) child)
    {
        var (endOf, childOf) = (rows.Field(end.Name, end.Read), rows.Field(child.Name, child.Read));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var row = 0; row < rows.Count; row++)
        {
            if (InReturn(endOf(row)))
            {
                ids.Add(childOf(row));
            }
        }

        return ids.ToFrozenSet(StringComparer.Ordinal);
    }
}
