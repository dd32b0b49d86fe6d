using Pipeline.Extract;
using Pipeline.Returns;

namespace Pipeline.Synthetic.Formats;

/// <summary>
/// Writes the simulated council's Annex A for an inspection at as_at: lists 1 to 11 with Ofsted's headers (as liia-tools reads
/// them) and its lettered options, over the six months before. Allocated workers and personal advisers are made-up names
/// (<see cref="Names"/>), as a real workbook carries real ones: the pipeline must never read them.
/// </summary>
internal sealed class AnnexAWriter(ReturnSource source)
{
    public void Write(SetWriter set, string fileName)
    {
        var from = AnnexAMapping.CoverageStart(source.AsAt);
        var to = source.AsAt;
        var sheets = new List<WorkbookWriter.Sheet>
        {
            Sheet(AnnexAMapping.List1, "Contacts", Contacts(from, to)),
            Sheet(AnnexAMapping.List2, "Early Help", []),
            Sheet(AnnexAMapping.List3, "Referrals", Referrals(from, to)),
            Sheet(AnnexAMapping.List4, "Assessments", Assessments(from, to)),
            Sheet(AnnexAMapping.List5, "Section 47", Enquiries(from, to)),
            Sheet(AnnexAMapping.List6, "Children in need", ChildrenInNeed(from, to)),
            Sheet(AnnexAMapping.List7, "Child protection", ChildProtection(from, to)),
            Sheet(AnnexAMapping.List8, "Children in care", LookedAfter(from, to)),
            Sheet(AnnexAMapping.List9, "Care leavers", CareLeavers()),
            Sheet(AnnexAMapping.List10, "Adoption", []),
            Sheet(AnnexAMapping.List11, "Adopters", []),
        };
        var bytes = WorkbookWriter.Write(sheets);
        set.Add(fileName, stream =>
        {
            stream.Write(bytes);
            return sheets.Sum(s => (long)s.Rows.Count);
        });
    }

    private static WorkbookWriter.Sheet Sheet(string list, string title, List<object?[]> rows) => new($"{list} - {title}", AnnexAMapping.Headers[list], rows);

    private object?[] Child(string child, params object?[] rest)
    {
        var person = source.Persons.GetValueOrDefault(child);
        return [child, Gender(person?.Sex), person?.Ethnicity, person?.DateOfBirth, Age(person?.DateOfBirth), .. rest];
    }

    private List<object?[]> Contacts(DateOnly from, DateOnly to) =>
        source.Set.Contacts.Where(c => c.ContactDate is { } d && d >= from && d <= to).OrderBy(c => c.ContactDate).ThenBy(c => c.ContactId, StringComparer.Ordinal)
            .Select(c => Child(c.PersonId, c.ContactDate, Described("referral_source", c.SourceCode, ": "))).ToList();

    private List<object?[]> Referrals(DateOnly from, DateOnly to) =>
        source.Set.CinEpisodes.Where(r => r.ReferralDate is { } d && d >= from && d <= to).OrderBy(r => r.ReferralDate).ThenBy(r => r.ReferralId, StringComparer.Ordinal)
            .Select(r => Child(r.PersonId, r.ReferralDate, Described("referral_source", r.ReferralSourceCode, ": "), YesNo(r.ReferralNfa),
                source.CinEpisodes[r.PersonId].Count(o => o.ReferralDate < r.ReferralDate && o.ReferralDate >= r.ReferralDate!.Value.AddMonths(-12)),
                source.TeamName(r.TeamId), WorkerName(r.WorkerId)))
            .ToList();

    private List<object?[]> Assessments(DateOnly from, DateOnly to) =>
        source.Set.Assessments.Where(a => ReturnSource.Overlaps(a.StartDate, a.AuthorisedDate, from, to)).OrderBy(a => a.StartDate).ThenBy(a => a.AssessmentId, StringComparer.Ordinal)
            .Select(a => Child(a.PersonId, Unknown, a.StartDate, YesNoUnknown(a.ChildSeen), ReturnSource.AsOf(a.AuthorisedDate, to),
                a.OutcomeNfa switch { true => "b) No", false => "a) Yes", _ => null }, source.TeamName(a.TeamId), WorkerName(a.WorkerId)))
            .ToList();

    private List<object?[]> Enquiries(DateOnly from, DateOnly to)
    {
        var conferences = source.Conferences.Where(c => c.S47EnquiryId is not null && c.TransferIn != true)
            .GroupBy(c => c.S47EnquiryId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(c => c.ConferenceDate).First(), StringComparer.Ordinal);
        return source.Set.S47Enquiries.Where(s => s.StartDate is { } d && d >= from && d <= to).OrderBy(s => s.StartDate).ThenBy(s => s.EnquiryId, StringComparer.Ordinal)
            .Select(s =>
            {
                var conference = conferences.GetValueOrDefault(s.EnquiryId);
                var held = ReturnSource.AsOf(conference?.ConferenceDate, to);
                var notNeeded = held is null && ReturnSource.AsOf(s.EndDate, to) is not null;
                return Child(s.PersonId, Unknown, s.StartDate, notNeeded ? "a) Yes" : "b) No", held, held is null ? null : YesNo(conference!.OutcomeCpPlan),
                    0, 0, source.TeamName(s.TeamId), WorkerName(s.WorkerId));
            })
            .ToList();
    }

    private List<object?[]> ChildrenInNeed(DateOnly from, DateOnly to) =>
        source.Set.CinEpisodes.Where(r => ReturnSource.Overlaps(r.ReferralDate, r.CloseDate, from, to)).OrderBy(r => r.ReferralDate).ThenBy(r => r.ReferralId, StringComparer.Ordinal)
            .Select(r =>
            {
                var closed = ReturnSource.AsOf(r.CloseDate, to);
                var seen = (source.CinVisits.GetValueOrDefault(r.PersonId) ?? []).Where(v => v.ChildSeen != false && v.VisitDate <= to && v.VisitDate >= r.ReferralDate)
                    .Select(v => v.VisitDate).LastOrDefault();
                return Child(r.PersonId, Unknown, r.ReferralDate, Described("primary_need", r.PrimaryNeedCode, " - "), seen, closed,
                    closed is null ? null : Described("cin_closure_reason", r.CloseReason, " - "), closed is null ? "c) Child in need plan" : "e) Closed episode",
                    source.TeamName(r.TeamId), WorkerName(r.WorkerId));
            })
            .ToList();

    private List<object?[]> ChildProtection(DateOnly from, DateOnly to) =>
        source.Set.CpPlans.Where(p => p.HeldByOtherCouncil != true && ReturnSource.Overlaps(p.StartDate, p.EndDate, from, to))
            .OrderBy(p => p.StartDate).ThenBy(p => p.PlanId, StringComparer.Ordinal)
            .Select(p =>
            {
                var visit = (source.CpVisits.GetValueOrDefault(p.PersonId) ?? []).Where(v => v.PlanId == p.PlanId && v.VisitDate <= to).LastOrDefault();
                var review = (source.CpReviews.GetValueOrDefault(p.PlanId) ?? []).Where(r => r.ReviewDate <= to).Select(r => r.ReviewDate).LastOrDefault();
                var earlier = (source.CpPlansByPerson.GetValueOrDefault(p.PersonId) ?? []).Count(o => o.HeldByOtherCouncil != true && o.StartDate < p.StartDate);
                return Child(p.PersonId, Unknown, p.StartDate, Category(p.InitialCategory, p.StartDate), Category(p.LatestCategory, to), visit?.VisitDate,
                    YesNoUnknown(visit?.ChildSeenAlone), review, ReturnSource.AsOf(p.EndDate, to), "b) No", earlier, null, null);
            })
            .ToList();

    private List<object?[]> LookedAfter(DateOnly from, DateOnly to)
    {
        var rows = new List<object?[]>();
        foreach (var (child, episodes) in source.ClaEpisodes.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            // One row per period of care open in the six months: the episodes of one clae_cla_id.
            foreach (var period in episodes.Where(e => e.ClaId is not null).GroupBy(e => e.ClaId!, StringComparer.Ordinal))
            {
                var first = period.First();
                var last = period.Last();
                var ended = last.CeasedDate is { } c && last.CeasedReason is not (null or "X1") ? c : (DateOnly?)null;
                if (!ReturnSource.Overlaps(first.StartDate, ended, from, to))
                {
                    continue;
                }

                var current = period.LastOrDefault(e => e.StartDate <= to) ?? first;
                var asOf = ReturnSource.AsOf(ended, to) is { } end ? end : to;
                var status = (source.LegalStatuses.GetValueOrDefault(child) ?? []).LastOrDefault(l => l.StartDate <= asOf && (l.EndDate is null || l.EndDate >= asOf));
                var review = (source.Reviews.GetValueOrDefault(child) ?? []).Where(r => r.ClaId == period.Key && r.Cancelled != true && r.ReviewDate <= to)
                    .Select(r => r.ReviewDate).LastOrDefault();
                var visit = (source.ClaVisits.GetValueOrDefault(child) ?? []).Where(v => v.ClaId == period.Key && v.VisitDate <= to).Select(v => v.VisitDate).LastOrDefault();
                var health = source.Health.GetValueOrDefault(child) ?? [];
                DateOnly? Latest(string kind) => health.Where(h => h.CheckDate <= to && (h.CheckType ?? "").Contains(kind, StringComparison.OrdinalIgnoreCase)
                    && h.Status is null or "Completed").Select(h => h.CheckDate).LastOrDefault();
                var placement = current.PlacementId is null ? null : source.Placements.GetValueOrDefault(current.PlacementId);
                var placements = period.Select(e => e.PlacementId).Distinct().Count();
                rows.Add(Child(child, "b) No", Unknown, first.EnteredCareDate ?? first.StartDate, Described("primary_need", current.PrimaryNeedCode, " - "), "b) No",
                    status?.StartDate, Described("legal_status", status?.Code, ": "), review, visit, null, current.LastIroContactDate, Latest("health assessment"),
                    Latest("dental"), placements, ReturnSource.AsOf(ended, to), ReturnSource.AsOf(ended, to) is null ? null : Described("reason_episode_ceased", last.CeasedReason, ": "),
                    placement?.StartDate, Described("placement_type", placement?.PlacementType, ": "), Described("placement_provider", placement?.Provider, ": "),
                    null, placement?.Urn, "a) In", null, 0, 0, null, null, null, null));
            }
        }

        return rows;
    }

    private List<object?[]> CareLeavers() =>
        source.Set.CareLeavers.OrderBy(c => c.PersonId, StringComparer.Ordinal)
            .Select(c => Child(c.PersonId, "b) No", Unknown, source.TeamName(c.TeamId), WorkerName(c.WorkerId), WorkerName(c.PersonalAdvisorId),
                c.Eligibility switch { "Relevant" => "a) Relevant child", "Former Relevant" => "b) Former relevant child", "Qualifying" => "c) Qualifying care leaver",
                    "Eligible" => "d) Eligible child", var other => other },
                c.PathwayPlanReviewDate,
                c.InTouch switch { "YES" => "a) Yes", "NO" => "b) No", "DIED" => "c) Died", "REFU" => "d) Refu", "NREQ" => "e) NREQ", "RHOM" => "f) Rhom", var other => other },
                c.LatestContact, Accommodation(c.Accommodation), c.AccommodationSuitable switch { "1" => "a) Suitable", "2" => "b) Unsuitable", _ => null },
                Described("care_leaver_activity", c.Activity, ": ")))
            .ToList();

    private const string Unknown = "c) Unknown";

    private int? Age(DateOnly? dob)
    {
        if (dob is not { } born)
        {
            return null;
        }

        var age = source.AsAt.Year - born.Year;
        return source.AsAt < born.AddYears(age) ? age - 1 : age;
    }

    private static string? Gender(string? sex) => sex?.Trim().ToUpperInvariant() switch
    {
        "M" or "1" => "a) Male",
        "F" or "2" => "b) Female",
        null => null,
        _ => "c) Not stated/recorded",
    };

    private static string? YesNo(bool? flag) => flag switch { true => "a) Yes", false => "b) No", _ => null };

    private static string YesNoUnknown(bool? flag) => flag switch { true => "a) Yes", false => "b) No", _ => Unknown };

    private static string? Category(string? category, DateOnly? on) =>
        ReturnSource.Code("cp_category_of_abuse", category, on ?? DateOnly.MinValue) switch
        {
            "NEG" => "a) Neglect",
            "PHY" => "b) Physical abuse",
            "SAB" => "c) Sexual abuse",
            "EMO" => "d) Emotional abuse",
            "MUL" => "e) Multiple/not recommended",
            var other => other,
        };

    private static string? Accommodation(string? letter) => letter?.Trim() switch
    {
        null => null,
        "0" => null,
        var l => l + ": " + (ReturnSource.Codes.Describe("care_leaver_accommodation", l + "1") ?? ReturnSource.Codes.Describe("care_leaver_accommodation", l + "2") ?? l),
    };

    // A code with its description, as Ofsted's template shows an option ("1A: INDIVIDUAL - family member ...").
    private static string? Described(string list, string? code, string separator) =>
        code is null ? null : code + separator + (ReturnSource.Codes.Describe(list, code) ?? code);

    // A made-up name for a worker (Annex A names the allocated worker; the SSD extract holds only their id).
    private static string? WorkerName(string? workerId)
    {
        if (workerId is null)
        {
            return null;
        }

        var hash = (uint)Quality.IdHash.Of(workerId);
        return Names.Forenames[(int)(hash % (uint)Names.Forenames.Count)] + " " + Names.Surnames[(int)(hash / (uint)Names.Forenames.Count % (uint)Names.Surnames.Count)];
    }
}
