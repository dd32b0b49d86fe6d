using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pipeline.Domain;
using Pipeline.Extract;
using Pipeline.Indicators;
using Pipeline.Reference;

namespace Pipeline.Quality;

/// <summary>The dates of a person that rules compare events with.</summary>
public readonly record struct PersonDates(DateOnly? DateOfBirth, DateOnly? ExpectedDateOfBirth, DateOnly? DeathDate);

/// <summary>The dates of a referral that rules compare events with.</summary>
/// <remarks>NOTE: a value, like <see cref="PersonDates"/>: a national extract has millions of referrals, and an object each
/// came to about 50 MB more.</remarks>
public readonly record struct ReferralDates(string ReferralId, DateOnly? ReferralDate, DateOnly? CloseDate);

/// <summary>
/// What rules check, with lookups built on first use and kept while a rule family runs. Each rule family adds the
/// lookups it needs in its own part of this class, through <see cref="Memo{T}"/>.
/// </summary>
public sealed partial class QualityInputs
{
    // NOTE: lazily, so that two rules running side by side and asking for one lookup build it once.
    private readonly ConcurrentDictionary<string, Lazy<object>> _memo = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, PersonDates>? _persons;

    // The stage's inputs when these are one family's view of them (ForFamily); null for the stage's own.
    private readonly QualityInputs? _stage;

    public QualityInputs(ExtractSet extract, ReferenceData? reference = null)
    {
        Extract = extract;
        Reference = reference ?? new ReferenceData();
        Calendar = new WorkingDayCalendar(Reference.BankHolidays);
    }

    public ExtractSet Extract { get; }

    public ReferenceData Reference { get; }

    /// <summary>The same working-day calendar the indicators use.</summary>
    public WorkingDayCalendar Calendar { get; }

    public DateOnly AsAt => Extract.AsAt;

    /// <summary>
    /// The indicator stage's inputs of the same extract, when that stage runs beside this one: the groupings both stages
    /// read (the allocations at as_at) are then built once, by whichever asks first. Null: the rules build their own.
    /// </summary>
    /// <remarks>NOTE: only when the stages overlap: otherwise it would keep the indicators' allocation groupings alive
    /// through every rule family, where the rules need only the snapshot at as_at.</remarks>
    public IndicatorInputs? SharedGroupings { get; init; }

    /// <summary>People's dates by id (the first row where an id is duplicated).</summary>
    /// <remarks>
    /// NOTE: the lookups keep only the dates rules read, not whole records: at national scale a record per person
    /// and per referral would hold more memory than the extract's columns. They are read from the columns too, no record built.
    /// </remarks>
    /// <remarks>NOTE: held in a field too (it is never let go): rules read it once per row, and each read through
    /// <see cref="Memo{T}"/> would make a delegate.</remarks>
    public IReadOnlyDictionary<string, PersonDates> Persons => _persons ??= Memo(() =>
    {
        var p = Extract.Persons;
        var (dob, expected, death) = (p.Field(nameof(Person.DateOfBirth), x => x.DateOfBirth),
            p.Field(nameof(Person.ExpectedDateOfBirth), x => x.ExpectedDateOfBirth), p.Field(nameof(Person.DeathDate), x => x.DeathDate));
        return FirstById(p, (nameof(Person.PersonId), x => x.PersonId), row => new PersonDates(dob(row), expected(row), death(row)));
    });

    /// <summary>Referral dates by referral id (the first row where an id is duplicated).</summary>
    public IReadOnlyDictionary<string, ReferralDates> Referrals => Held<IReadOnlyDictionary<string, ReferralDates>>() ?? Memo(() =>
    {
        var r = Extract.CinEpisodes;
        var (id, referred, closed) = (r.Field(nameof(CinEpisode.ReferralId), x => x.ReferralId),
            r.Field(nameof(CinEpisode.ReferralDate), x => x.ReferralDate), r.Field(nameof(CinEpisode.CloseDate), x => x.CloseDate));
        return FirstById(r, (nameof(CinEpisode.ReferralId), x => x.ReferralId), row => new ReferralDates(id(row), referred(row), closed(row)));
    });

    /// <summary>
    /// One entry per id, from the first row where an id is duplicated (duplicates are duplicate_id's business): the id and the
    /// value read from the table's columns (<see cref="FieldReads.Field"/>), the value built only for an id's first row.
    /// </summary>
    /// <remarks>NOTE: columns, not records: these lookups span whole tables, and need two or three fields of each row.</remarks>
    private static Dictionary<string, TValue> FirstById<T, TValue>(IReadOnlyList<T> rows, (string Name, Func<T, string> Read) id, Func<int, TValue> value)
    {
        var idOf = rows.Field(id.Name, id.Read);
        // NOTE: sized for every row at once: grown by doubling, the people's lookup alone was about 100 MB larger nationally.
        var byId = new Dictionary<string, TValue>(rows.Count, StringComparer.Ordinal);
        for (var row = 0; row < rows.Count; row++)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(byId, idOf(row), out var seen);
            if (!seen)
            {
                slot = value(row);
            }
        }

        return byId;
    }

    /// <summary>
    /// The inputs as one rule family sees them (the DfE's families: one view for each return): the same extract, with lookups
    /// of its own, let go with the view when the family's last rule has run. The people's dates that most families read and
    /// the ids of the children in tonight's returns that every DfE family reads are kept by the stage's inputs and shared by
    /// every view.
    /// </summary>
    /// <remarks>
    /// NOTE: each family's lookups are of its own tables and mostly used by it alone; held together for the whole stage
    /// they came to about as much memory again as a national extract's columns. A view each, not one set let go between
    /// families, so that one family's rules can start while the last rule of the one before is still running.
    /// </remarks>
    public QualityInputs ForFamily() => new(_stage ?? this);

    private QualityInputs(QualityInputs stage)
    {
        Extract = stage.Extract;
        Reference = stage.Reference;
        Calendar = stage.Calendar;
        SharedGroupings = stage.SharedGroupings;
        _stage = stage;
    }

    /// <summary>
    /// A lookup a rule family builds from types of its own (the code-set rules' verdicts), kept like the named lookups of
    /// this class: built once on first use, let go with the family's view (<see cref="ForFamily"/>).
    /// </summary>
    internal T Lookup<T>(string key, Func<T> build)
        where T : notnull => Memo(build, key);

    /// <summary>Builds a lookup on first use and keeps it as long as these inputs (<see cref="ForFamily"/>).</summary>
    /// <remarks>NOTE: a lookup already held is found without allocating: rules read lookups once per row, and the closures
    /// that add one (allocated on every call when they sat in this method) came to tens of MB a run.</remarks>
    private T Memo<T>(Func<T> build, [CallerMemberName] string key = "")
        where T : notnull => (T)(_memo.TryGetValue(key, out var held) ? held : Add(key, build)).Value;

    /// <summary>The lookup <paramref name="key"/> when it is held, else null: for a property read once per row, before
    /// <see cref="Memo{T}"/>.</summary>
    /// <remarks>NOTE: a property's builder lambda reads the instance, so each read of the property made a delegate, held
    /// lookup or not; read per row (an episode's placement, a child's care history) they came to megabytes a rule.</remarks>
    private T? Held<T>([CallerMemberName] string key = "")
        where T : class => _memo.TryGetValue(key, out var held) ? (T)held.Value : null;

    // NOTE: a view holds the stage's own Lazy of a lookup every family reads, so it is built once and found in one look-up.
    private Lazy<object> Add<T>(string key, Func<T> build)
        where T : notnull => _memo.GetOrAdd(key, _ => _stage is not null && key is nameof(Persons) or nameof(CinReturnChildren) or nameof(ClaReturnChildren)
            ? _stage.Add(key, build)
            : new Lazy<object>(() => build()));
}
