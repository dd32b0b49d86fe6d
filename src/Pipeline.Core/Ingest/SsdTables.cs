using Pipeline.Extract;

namespace Pipeline.Ingest;

/// <summary>The tables of the extract contract, by SSD name.</summary>
public static class SsdTables
{
    /// <summary>Without these the set is rejected.</summary>
    public static readonly IReadOnlyList<string> Required = ["ssd_person", "ssd_cin_episodes"];

    public static readonly IReadOnlyList<ITableBinding> All =
    [
        TableBinding<Person>.Instance,
        TableBinding<CinEpisode>.Instance,
        TableBinding<Contact>.Instance,
        TableBinding<Assessment>.Instance,
        TableBinding<S47Enquiry>.Instance,
        TableBinding<InitialCpConference>.Instance,
        TableBinding<CpPlan>.Instance,
        TableBinding<CpVisit>.Instance,
        TableBinding<CpReview>.Instance,
        TableBinding<CinPlan>.Instance,
        TableBinding<CinVisit>.Instance,
        TableBinding<ClaEpisode>.Instance,
        TableBinding<ClaPlacement>.Instance,
        TableBinding<LegalStatus>.Instance,
        TableBinding<ClaReview>.Instance,
        TableBinding<ClaVisit>.Instance,
        TableBinding<ClaHealthCheck>.Instance,
        TableBinding<ClaCarePlan>.Instance,
        TableBinding<MissingEpisode>.Instance,
        TableBinding<CareLeaver>.Instance,
        TableBinding<Professional>.Instance,
        TableBinding<Involvement>.Instance,
        TableBinding<Department>.Instance,
    ];

    public static ITableBinding? Find(string table) =>
        All.FirstOrDefault(t => string.Equals(t.Table, table, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every column in the contract that must never be read, from any table.</summary>
    public static IEnumerable<string> NameColumns => All.SelectMany(t => t.NeverRead);
}
