using Pipeline.Extract;
using Pipeline.Ingest;
using Pipeline.Reference;
using Pipeline.Storage;

namespace Pipeline.Synthetic.Formats;

/// <summary>
/// The simulated council's case records, as the pipeline reads them from the generated SSD set, indexed the ways the statutory
/// returns are written: by child, by referral, by period of care. Every format is written from this one simulation, so the
/// same council comes through every door.
/// </summary>
internal sealed class ReturnSource
{
    private ReturnSource(ExtractSet set)
    {
        Set = set;
        AsAt = set.AsAt;
        Persons = set.Persons.ToDictionary(p => p.PersonId, StringComparer.Ordinal);
        ClaEpisodes = ByPerson(set.ClaEpisodes, e => e.PersonId, e => e.StartDate);
        ClaChild = set.ClaEpisodes.Where(e => e.ClaId is not null).GroupBy(e => e.ClaId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().PersonId, StringComparer.Ordinal);
        Placements = set.ClaPlacements.ToDictionary(p => p.PlacementId, StringComparer.Ordinal);
        LegalStatuses = ByPerson(set.LegalStatuses, l => l.PersonId, l => l.StartDate);
        Reviews = Group(set.ClaReviews.Where(r => r.ClaId is not null && ClaChild.ContainsKey(r.ClaId!)), r => ClaChild[r.ClaId!], r => r.ReviewDate);
        Missing = Group(set.MissingEpisodes.Where(m => m.PersonId is not null), m => m.PersonId!, m => m.StartDate);
        Involvements = Group(set.Involvements.Where(i => i.PersonId is not null), i => i.PersonId!, i => i.StartDate);
        CinEpisodes = ByPerson(set.CinEpisodes, e => e.PersonId, e => e.ReferralDate);
        Assessments = Group(set.Assessments.Where(a => a.ReferralId is not null), a => a.ReferralId!, a => a.StartDate);
        S47s = Group(set.S47Enquiries.Where(s => s.ReferralId is not null), s => s.ReferralId!, s => s.StartDate);
        Conferences = set.InitialCpConferences.ToList();
        CpPlans = Group(set.CpPlans.Where(p => p.ReferralId is not null), p => p.ReferralId!, p => p.StartDate);
        CpPlansByPerson = ByPerson(set.CpPlans, p => p.PersonId, p => p.StartDate);
        CpReviews = Group(set.CpReviews.Where(r => r.PlanId is not null), r => r.PlanId!, r => r.ReviewDate);
        CinPlans = Group(set.CinPlans.Where(p => p.ReferralId is not null), p => p.ReferralId!, p => p.StartDate);
        CpVisits = Group(set.CpVisits.Where(v => v.PersonId is not null), v => v.PersonId!, v => v.VisitDate);
        CinVisits = Group(set.CinVisits.Where(v => v.PersonId is not null), v => v.PersonId!, v => v.VisitDate);
        ClaVisits = Group(set.ClaVisits.Where(v => v.PersonId is not null), v => v.PersonId!, v => v.VisitDate);
        Health = Group(set.ClaHealthChecks, h => h.PersonId, h => h.CheckDate);
        Disabilities = Group(set.Disabilities, d => d.PersonId, _ => null);
        CarePlans = Group(set.ClaCarePlans, p => p.PersonId, p => p.StartDate);
        ImmigrationStatuses = Group(set.ImmigrationStatuses, s => s.PersonId, s => s.StartDate);
        Permanences = Group(set.Permanences, p => p.PersonId, p => p.DecisionDate);
        Teams = set.Departments.GroupBy(d => d.TeamId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().TeamName ?? g.Key, StringComparer.Ordinal);
    }

    public ExtractSet Set { get; }

    public DateOnly AsAt { get; }

    public Dictionary<string, Person> Persons { get; }

    public Dictionary<string, List<ClaEpisode>> ClaEpisodes { get; }

    /// <summary>Each period of care's id (<c>clae_cla_id</c>) to its child.</summary>
    public Dictionary<string, string> ClaChild { get; }

    public Dictionary<string, ClaPlacement> Placements { get; }

    public Dictionary<string, List<LegalStatus>> LegalStatuses { get; }

    public Dictionary<string, List<ClaReview>> Reviews { get; }

    public Dictionary<string, List<MissingEpisode>> Missing { get; }

    public Dictionary<string, List<Involvement>> Involvements { get; }

    public Dictionary<string, List<CinEpisode>> CinEpisodes { get; }

    public Dictionary<string, List<Assessment>> Assessments { get; }

    public Dictionary<string, List<S47Enquiry>> S47s { get; }

    public List<InitialCpConference> Conferences { get; }

    public Dictionary<string, List<CpPlan>> CpPlans { get; }

    public Dictionary<string, List<CpPlan>> CpPlansByPerson { get; }

    public Dictionary<string, List<CpReview>> CpReviews { get; }

    public Dictionary<string, List<CinPlan>> CinPlans { get; }

    public Dictionary<string, List<CpVisit>> CpVisits { get; }

    public Dictionary<string, List<CinVisit>> CinVisits { get; }

    public Dictionary<string, List<ClaVisit>> ClaVisits { get; }

    public Dictionary<string, List<ClaHealthCheck>> Health { get; }

    public Dictionary<string, List<Disability>> Disabilities { get; }

    public Dictionary<string, List<ClaCarePlan>> CarePlans { get; }

    public Dictionary<string, List<ImmigrationStatus>> ImmigrationStatuses { get; }

    public Dictionary<string, List<Permanence>> Permanences { get; }

    public Dictionary<string, string> Teams { get; }

    public static DfeCodeLists Codes => DfeCodeLists.Default;

    /// <summary>Reads a generated SSD set as the pipeline does (its own clock at the set's as_at, so any as_at reads).</summary>
    public static ReturnSource Load(string ssdFolder, DateOnly asAt)
    {
        var options = new IngestOptions { Clock = new AsAtClock(asAt) };
        var result = ExtractIngestor.IngestAsync(new LocalFolderExtractSource(ssdFolder), options).GetAwaiter().GetResult();
        return result.Extract is { } set
            ? new ReturnSource(set)
            : throw new InvalidOperationException($"the generated SSD set could not be read: {result.RejectedReason}");
    }

    /// <summary>Whether a record from <paramref name="start"/> to <paramref name="end"/> (empty: open) is open on some day from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool Overlaps(DateOnly? start, DateOnly? end, DateOnly from, DateOnly to) =>
        start is { } s && s <= to && (end is not { } e || e >= from);

    /// <summary>A date as the return knows it at <paramref name="asOf"/>: empty when it had not happened yet.</summary>
    public static DateOnly? AsOf(DateOnly? date, DateOnly asOf) => date is { } d && d <= asOf ? d : null;

    /// <summary>The DfE code an SSD value stands for (the SSD writes <c>Emotional abuse</c> for <c>EMO</c>), or the value.</summary>
    public static string? Code(string list, string? value, DateOnly date)
    {
        if (value is null)
        {
            return null;
        }

        var check = Codes.Check(list, value, date);
        return check.IsAccepted && !check.Codes.IsDefaultOrEmpty ? check.Codes[0].Code : value.Trim();
    }

    /// <summary>The legal status in force on <paramref name="day"/>: the latest-starting row open that day.</summary>
    public string? LegalStatusOn(string child, DateOnly day) =>
        LegalStatuses.GetValueOrDefault(child)?.Where(l => l.StartDate <= day && (l.EndDate is null || l.EndDate > day))
            .OrderByDescending(l => l.StartDate).FirstOrDefault()?.Code;

    public string? TeamName(string? team) => team is null ? null : Teams.GetValueOrDefault(team, team);

    private static Dictionary<string, List<T>> ByPerson<T>(IEnumerable<T> rows, Func<T, string> person, Func<T, DateOnly?> date) =>
        Group(rows, person, date);

    private static Dictionary<string, List<T>> Group<T>(IEnumerable<T> rows, Func<T, string> key, Func<T, DateOnly?> date) =>
        rows.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(r => date(r) ?? DateOnly.MaxValue).ToList(), StringComparer.Ordinal);

    private sealed class AsAtClock(DateOnly asAt) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(asAt.AddDays(1).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
    }
}
