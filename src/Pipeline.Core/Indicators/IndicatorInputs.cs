using System.Collections.Frozen;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Reference;

namespace Pipeline.Indicators;

/// <summary>
/// What indicators compute from: the extract, reference data, the working-day calendar, and groupings
/// built on first use and kept while a catalogue area is computed (per child, per worker), so no indicator
/// scans every record for every record.
/// Each catalogue area declares the groupings it needs in its own part of this class.
/// </summary>
/// <summary>What indicators read of a referral (ssd_cin_episodes row): its child, dates and team.</summary>
public readonly record struct ReferralDates(string PersonId, DateOnly? ReferralDate, DateOnly? CloseDate, string? TeamId);

public sealed partial class IndicatorInputs
{
    // NOTE: lazily, so that the quality stage, running beside this one and asking for a grouping it shares (the allocations
    // at as_at), does not build it a second time.
    private readonly ConcurrentDictionary<string, Lazy<object>> _memo = new(StringComparer.Ordinal);

    public IndicatorInputs(ExtractSet extract, ReferenceData reference)
    {
        Extract = extract;
        Reference = reference;
        Calendar = new WorkingDayCalendar(reference.BankHolidays);
    }

    public ExtractSet Extract { get; }

    public ReferenceData Reference { get; }

    public IndicatorSettings Settings => Reference.Settings;

    /// <summary>The one working-day calendar every timeliness indicator uses.</summary>
    public WorkingDayCalendar Calendar { get; }

    public DateOnly AsAt => Extract.AsAt;

    /// <summary>Each child's referrals, oldest first (undated ones last), with the fields indicators read.</summary>
    /// <remarks>NOTE: a slim value per referral rather than the record: this grouping spans the second-largest table
    /// and lives for the whole stage, so at national scale records here would cost hundreds of megabytes.
    /// Read from the four columns, not as records: a referral's record carries its outcome JSON and eight other fields.</remarks>
    public FrozenDictionary<string, ImmutableArray<ReferralDates>> ReferralsByChild => Memo(() =>
    {
        var referrals = Extract.CinEpisodes;
        var personOf = referrals.Field(nameof(CinEpisode.PersonId), r => r.PersonId);
        var referredOn = referrals.Field(nameof(CinEpisode.ReferralDate), r => r.ReferralDate);
        var closedOn = referrals.Field(nameof(CinEpisode.CloseDate), r => r.CloseDate);
        var teamOf = referrals.Field(nameof(CinEpisode.TeamId), r => r.TeamId);
        return GroupByChild(
            Enumerable.Range(0, referrals.Count).Select(row => new ReferralDates(personOf(row), referredOn(row), closedOn(row), teamOf(row))),
            r => r.PersonId, r => r.ReferralDate);
    });

    /// <summary>
    /// The dates of birth of the people <paramref name="wanted"/> holds for, from ssd_person: the first row of a duplicated id
    /// that has one; a person with none is left out.
    /// </summary>
    /// <remarks>NOTE: ssd_person read by its two columns, not as records, for the few people wanted among every person.</remarks>
    private Dictionary<string, DateOnly> DatesOfBirthOf(Func<string, bool> wanted)
    {
        var persons = Extract.Persons;
        var (idOf, dateOfBirthOf) = (persons.Field(nameof(Person.PersonId), p => p.PersonId), persons.Field(nameof(Person.DateOfBirth), p => p.DateOfBirth));
        var datesOfBirth = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        for (var row = 0; row < persons.Count; row++)
        {
            if (dateOfBirthOf(row) is { } dob && idOf(row) is var id && wanted(id))
            {
                datesOfBirth.TryAdd(id, dob);
            }
        }

        return datesOfBirth;
    }

    /// <summary>Team names from ssd_department; a team without a name is shown by its id.</summary>
    public string TeamName(string teamId) =>
        Memo(() => Extract.Departments.Where(d => !string.IsNullOrWhiteSpace(d.TeamName))
            .GroupBy(d => d.TeamId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First().TeamName!, StringComparer.Ordinal), "TeamNames")
            .GetValueOrDefault(teamId, teamId);

    public static FrozenDictionary<string, ImmutableArray<T>> GroupByChild<T>(
        IEnumerable<T> rows, Func<T, string?> personId, Func<T, DateOnly?> date) =>
        rows.Where(r => personId(r) is not null)
            .GroupBy(r => personId(r)!, StringComparer.Ordinal)
            .ToFrozenDictionary(
                g => g.Key,
                g => g.OrderBy(r => date(r) ?? DateOnly.MaxValue).ToImmutableArray(),
                StringComparer.Ordinal);

    /// <summary>
    /// Each child's dates, sorted; rows without a child are left out. Children come in the order they are first seen,
    /// as GroupBy would give them.
    /// </summary>
    /// <remarks>NOTE: GroupBy would hold every element (and, over records, every record) until the last group is made;
    /// visits run to millions of rows nationally, so this keeps one child index and one day number per row instead.</remarks>
    public static FrozenDictionary<string, DateOnly[]> SortedDatesByChild(IEnumerable<(string? Child, DateOnly Date)> dated)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var children = new List<string>();
        var childOf = new List<int>();
        var days = new List<int>();
        foreach (var (child, date) in dated)
        {
            if (child is null)
            {
                continue;
            }

            if (!index.TryGetValue(child, out var i))
            {
                index[child] = i = children.Count;
                children.Add(child);
            }

            childOf.Add(i);
            days.Add(date.DayNumber);
        }

        var counts = new int[children.Count];
        foreach (var i in childOf)
        {
            counts[i]++;
        }

        var dates = new DateOnly[children.Count][];
        for (var i = 0; i < dates.Length; i++)
        {
            dates[i] = new DateOnly[counts[i]];
            counts[i] = 0;
        }

        for (var row = 0; row < childOf.Count; row++)
        {
            var i = childOf[row];
            dates[i][counts[i]++] = DateOnly.FromDayNumber(days[row]);
        }

        return children.Select((child, i) => (child, i)).ToFrozenDictionary(c => c.child, c => Sorted(dates[c.i]), StringComparer.Ordinal);
    }

    /// <summary>
    /// The index of the first of <paramref name="items"/> open at <paramref name="date"/> (<see cref="Dates.IsOpenAt"/> of its
    /// start and end); -1 when none is. Over items sorted by start, the earliest-starting open one.
    /// </summary>
    /// <remarks>NOTE: a loop rather than FirstOrDefault/Any with a lambda capturing the date: point-in-time indicators ask this of
    /// every child at every month end, and the lambda and the boxed enumerator came to two allocations a child each time.</remarks>
    public static int FirstOpenAt<T>(ImmutableArray<T> items, DateOnly date, Func<T, DateOnly?> start, Func<T, DateOnly?> end)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (Dates.IsOpenAt(start(items[i]), end(items[i]), date))
            {
                return i;
            }
        }

        return -1;
    }

    private static DateOnly[] Sorted(DateOnly[] dates)
    {
        Array.Sort(dates);
        return dates;
    }

    /// <summary>
    /// Lets go of the groupings built so far, except those several catalogue areas read (worker allocations, team
    /// names); a grouping asked for again is built again. The engine calls this between catalogue areas.
    /// </summary>
    /// <remarks>
    /// NOTE: each area's groupings are of its own tables; held together for the whole stage they came to most of a
    /// gigabyte on a national extract.
    /// </remarks>
    public void ReleaseGroupings()
    {
        foreach (var key in _memo.Keys.Where(k => !SharedGroupings.Contains(k)))
        {
            _memo.TryRemove(key, out _);
        }
    }

    private static readonly FrozenSet<string> SharedGroupings = FrozenSet.Create(StringComparer.Ordinal,
        nameof(Allocations), nameof(AllocationSnapshotsByDate), nameof(AllocatedWorkerRoleSet), nameof(AnyAllocatedWorkerRole), "TeamNames");

    /// <summary>Builds a grouping on first use and keeps it until <see cref="ReleaseGroupings"/>.</summary>
    /// <remarks>NOTE: a grouping already built is found without allocating: the closures that build one are made only in
    /// <see cref="BuildOnce"/>, and indicators read groupings inside their per-child loops.</remarks>
    private T Memo<T>(Func<T> build, [CallerMemberName] string key = "")
        where T : notnull => (T)(_memo.TryGetValue(key, out var built) ? built : BuildOnce(build, key)).Value;

    private Lazy<object> BuildOnce<T>(Func<T> build, string key)
        where T : notnull => _memo.GetOrAdd(key, _ => new Lazy<object>(() => build()));
}
