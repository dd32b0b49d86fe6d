using System.Collections.Frozen;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    /// <summary>
    /// Whether the quality stage reads this stage's groupings as it runs beside it: then the children's care histories, which
    /// the looked-after area and four quality rule families all need, are kept for the whole stage rather than let go with
    /// their area, and built once.
    /// </summary>
    /// <remarks>NOTE: only beside the quality stage, where memory allowed both stages at once: kept through every area on a
    /// national extract they once took the run over its heap limit.</remarks>
    public bool SharedWithQuality { get; init; }

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
        return GroupRowsByChild(referrals.Count, personOf, referredOn, (child, row) => new ReferralDates(child, referredOn(row), closedOn(row), teamOf(row)))
            .ToFrozenDictionary(StringComparer.Ordinal);
    });

    /// <summary>
    /// The assessments that have a start date, as day numbers: each one's start and authorisation (<see cref="int.MaxValue"/> when
    /// not authorised), by start.
    /// </summary>
    /// <remarks>NOTE: two ints an assessment, read once from the two date columns for the area rather than at every period end.</remarks>
    public (int[] Starts, int[] Authorised) AssessmentDaysByStart => Memo(() =>
    {
        var rows = Extract.Assessments;
        var (startOf, authorisedOf) = (rows.Field(nameof(Assessment.StartDate), a => a.StartDate), rows.Field(nameof(Assessment.AuthorisedDate), a => a.AuthorisedDate));
        var (starts, authorised) = (new List<int>(rows.Count), new List<int>(rows.Count));
        for (var row = 0; row < rows.Count; row++)
        {
            if (startOf(row) is { } start)
            {
                starts.Add(start.DayNumber);
                authorised.Add(authorisedOf(row)?.DayNumber ?? int.MaxValue);
            }
        }

        var (byStart, authorisedByStart) = (starts.ToArray(), authorised.ToArray());
        Array.Sort(byStart, authorisedByStart);
        return (byStart, authorisedByStart);
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

    /// <summary>
    /// <paramref name="rows"/> grouped by child, each child's in order of <paramref name="date"/> (undated last; equal dates in
    /// the order given); rows without a child are left out. Children come in the order they are first seen, as GroupBy gives them.
    /// </summary>
    public static FrozenDictionary<string, ImmutableArray<T>> GroupByChild<T>(
        IEnumerable<T> rows, Func<T, string?> personId, Func<T, DateOnly?> date)
    {
        var items = rows as IReadOnlyList<T> ?? [.. rows];
        return GroupRowsByChild(items.Count, row => personId(items[row]), row => date(items[row]), (_, row) => items[row])
            .ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The rows 0 to <paramref name="count"/> - 1 that have a child (<paramref name="childOf"/> not null), grouped by child, each
    /// child's by <paramref name="dateOf"/> (undated last; equal dates in row order) and built by <paramref name="build"/> (of the
    /// child's id, read once, and the row).
    /// Children come in the order they are first seen.
    /// </summary>
    /// <remarks>NOTE: GroupBy then OrderBy held every element and a sorted copy of each group, and over a table's records built
    /// every record; this reads the child and date of each row by row number (from their columns when the caller passes
    /// <see cref="FieldReads.Field"/>) and builds values only for the rows kept, sorted in place.</remarks>
    private static Dictionary<string, ImmutableArray<TOut>> GroupRowsByChild<TOut>(
        int count, Func<int, string?> childOf, Func<int, DateOnly?> dateOf, Func<string, int, TOut> build)
    {
        var byChild = RowSelection.GroupedBy(count, childOf);
        var days = new int[count];
        foreach (var row in byChild.Rows)
        {
            days[row] = (dateOf(row) ?? DateOnly.MaxValue).DayNumber;
        }

        Comparison<int> byDay = (a, b) => days[a] != days[b] ? days[a].CompareTo(days[b]) : a.CompareTo(b);
        return byChild.Build((child, rows) =>
        {
            rows.Sort(byDay);
            var built = new TOut[rows.Length];
            for (var i = 0; i < built.Length; i++)
            {
                built[i] = build(child, rows[i]);
            }

            return ImmutableCollectionsMarshal.AsImmutableArray(built);
        });
    }

    /// <summary>
    /// Each child's dates, sorted; rows without a child are left out. Children come in the order they are first seen,
    /// as GroupBy would give them.
    /// </summary>
    /// <remarks>NOTE: GroupBy would hold every element (and, over records, every record) until the last group is made;
    /// visits run to millions of rows nationally, so this keeps one child index and one day number per row instead.</remarks>
    public static FrozenDictionary<string, DateOnly[]> SortedDatesByChild(IEnumerable<(string? Child, DateOnly Date)> dated) =>
        DatesByChild(dated).ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary><see cref="SortedDatesByChild"/> as a plain dictionary, for a grouping kept only while its area is computed.</summary>
    /// <remarks>NOTE: freezing a dictionary of tens of thousands of children cost more than every lookup an area makes in it.</remarks>
    private static Dictionary<string, DateOnly[]> DatesByChild(IEnumerable<(string? Child, DateOnly Date)> dated)
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

        var byChild = new Dictionary<string, DateOnly[]>(children.Count, StringComparer.Ordinal);
        for (var i = 0; i < dates.Length; i++)
        {
            byChild.Add(children[i], Sorted(dates[i]));
        }

        return byChild;
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
    /// The inputs as one catalogue area sees them: the same extract, with groupings of its own, let go with the view when the
    /// area's last indicator has run. The groupings several areas read (worker allocations, team names) are kept by the
    /// stage's inputs and shared by every view; so are the children's care histories when the quality stage reads them too
    /// (<see cref="SharedWithQuality"/>).
    /// </summary>
    /// <remarks>
    /// NOTE: each area's groupings are of its own tables; held together for the whole stage they came to most of a
    /// gigabyte on a national extract. A view each, not one set let go between areas, so that one area's indicators can
    /// start while the slowest of the area before is still running.
    /// </remarks>
    public IndicatorInputs ForArea() => new(_stage ?? this);

    private IndicatorInputs(IndicatorInputs stage)
    {
        Extract = stage.Extract;
        Reference = stage.Reference;
        Calendar = stage.Calendar;
        SharedWithQuality = stage.SharedWithQuality;
        _stage = stage;
    }

    // The stage's inputs when these are one area's view of them (ForArea); null for the stage's own.
    private readonly IndicatorInputs? _stage;

    private static readonly FrozenSet<string> SharedGroupings = FrozenSet.Create(StringComparer.Ordinal,
        nameof(Allocations), nameof(AllocatedWorkerRoleSet), nameof(AnyAllocatedWorkerRole), "TeamNames");

    /// <summary>Builds a grouping on first use and keeps it as long as these inputs (<see cref="ForArea"/>).</summary>
    /// <remarks>NOTE: a grouping already built is found without allocating: the closures that build one are made only in
    /// <see cref="BuildOnce"/>, and indicators read groupings inside their per-child loops.</remarks>
    private T Memo<T>(Func<T> build, [CallerMemberName] string key = "")
        where T : notnull => (T)(_memo.TryGetValue(key, out var built) ? built : BuildOnce(build, key)).Value;

    // NOTE: a view holds the stage's own Lazy of a grouping several areas read, so it is built once and found in one look-up.
    private Lazy<object> BuildOnce<T>(Func<T> build, string key)
        where T : notnull => _memo.GetOrAdd(key, _ => _stage is not null && (SharedGroupings.Contains(key) || (SharedWithQuality && key == nameof(CareByChild)))
            ? _stage.BuildOnce(build, key)
            : new Lazy<object>(() => build()));
}
