using Pipeline.Extract;

namespace Pipeline.Ingest;

/// <summary>The tables of the extract contract, by SSD name, and the two local extension tables (never required).</summary>
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
        TableBinding<Disability>.Instance,
        TableBinding<ImmigrationStatus>.Instance,
        TableBinding<Permanence>.Instance,
        TableBinding<Professional>.Instance,
        TableBinding<Involvement>.Instance,
        TableBinding<Department>.Instance,

        // Local extensions (Extract/ExtensionRecords.cs): read like any optional table.
        TableBinding<FrontDoorDecision>.Instance,
        TableBinding<Supervision>.Instance,
    ];

    /// <summary>
    /// Whether other tables refer to this table's rows by its id (cine_referral_id is read again as cina_referral_id,
    /// pers_person_id as every *_person_id): the id column is then pooled, so the id and every reference to it share
    /// one copy. Worked out from the contract's column names: the id without its table prefix ends another table's column.
    /// </summary>
    /// <remarks>
    /// NOTE: only SSD tables count as referring: the extension tables are small beside the contacts they name, and pooling
    /// every contact id of a national extract for them would cost several times the contacts' id column, with or without them.
    /// </remarks>
    public static bool IsReferenced(ITableBinding table)
    {
        var id = table.Columns.First(c => c.IsKey).Name;
        var suffix = id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..];
        // NOTE: other tables' own ids do not refer to this one: disa_table_id and miss_table_id end alike but name no other row.
        return All.Any(other => other != table && !IsExtension(other)
            && other.Columns.Any(c => c != other.Columns.First(k => k.IsKey) && c.Name.EndsWith("_" + suffix, StringComparison.Ordinal)));
    }

    /// <summary>A local extension table (<c>ext_</c>), not an SSD one.</summary>
    public static bool IsExtension(ITableBinding table) => table.Table.StartsWith("ext_", StringComparison.Ordinal);

    public static ITableBinding? Find(string table) =>
        All.FirstOrDefault(t => string.Equals(t.Table, table, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every column in the contract that must never be read, from any table.</summary>
    public static IEnumerable<string> NameColumns => All.SelectMany(t => t.NeverRead);
}
