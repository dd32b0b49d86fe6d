namespace Pipeline.Extract;

// The local extension tables: what seeds 001 and 004 report that SSD v1.4.5 has no field for (the MASH's decision times,
// social-work supervision). Councils record both in their case-management systems and export them beside the SSD tables,
// under the same CSV rules; both tables are optional (absent: the indicators that need them are unavailable, with the
// reason) and hold ids, codes and datetimes only. Their datetimes keep their time of day (Timestamp).

/// <summary>
/// A decision of the front door (MASH) about a contact or a referral. <c>fdd_decision_type</c> is <c>contact_decision</c>
/// (the MASH decided what happens to the contact: the "decision within 24 hours" of seed 001) or <c>referral_decision</c>
/// (the MASH completed a referral to children's social care: the "referral completed in 72 hours").
/// </summary>
[SsdTable("ext_front_door_decisions")]
public sealed record FrontDoorDecision(
    [Ssd("fdd_decision_id", Key = true)] string DecisionId,
    [Ssd("fdd_contact_id", PerRow = true)] string? ContactId,
    [Ssd("fdd_referral_id")] string? ReferralId,
    [Ssd("fdd_decision_type")] string? DecisionType,
    [Ssd("fdd_decision_datetime")] Timestamp? DecidedAt,
    [Ssd("fdd_team")] string? TeamId)
{
    public const string ContactDecision = "contact_decision";
    public const string ReferralDecision = "referral_decision";

    /// <summary>The decision type is <paramref name="type"/>, compared as codes are (trimmed, case-insensitively).</summary>
    public bool Is(string type) => IsType(DecisionType, type);

    /// <summary>
    /// <paramref name="decisionType"/> (an <c>fdd_decision_type</c>, read from its column) is <paramref name="type"/>, as <see cref="Is"/>
    /// compares.
    /// </summary>
    public static bool IsType(string? decisionType, string type) => string.Equals(decisionType?.Trim(), type, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A supervision: a worker's own (<c>worker</c>: the worker meets their supervisor) or of one child's case (<c>case</c>: the
/// child is discussed and it is recorded on the child's file), as seed 004 counts them. <c>sup_person_id</c> is the child
/// discussed, empty for a worker supervision.
/// </summary>
[SsdTable("ext_supervisions")]
public sealed record Supervision(
    [Ssd("sup_supervision_id", Key = true)] string SupervisionId,
    [Ssd("sup_professional_id")] string? ProfessionalId,
    [Ssd("sup_supervisor_id")] string? SupervisorId,
    [Ssd("sup_person_id")] string? PersonId,
    [Ssd("sup_supervision_type")] string? SupervisionType,
    [Ssd("sup_supervision_date")] DateOnly? SupervisionDate)
{
    public const string Worker = "worker";
    public const string Case = "case";

    /// <summary>The supervision type is <paramref name="type"/>, compared as codes are (trimmed, case-insensitively).</summary>
    public bool Is(string type) => IsType(SupervisionType, type);

    /// <summary>
    /// <paramref name="supervisionType"/> (a <c>sup_supervision_type</c>, read from its column) is <paramref name="type"/>, as
    /// <see cref="Is"/> compares.
    /// </summary>
    public static bool IsType(string? supervisionType, string type) => string.Equals(supervisionType?.Trim(), type, StringComparison.OrdinalIgnoreCase);
}
