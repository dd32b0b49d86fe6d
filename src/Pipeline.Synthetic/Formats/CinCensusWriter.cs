using System.Globalization;
using System.Xml;
using Pipeline.Extract;
using Pipeline.Reference;

namespace Pipeline.Synthetic.Formats;

/// <summary>
/// Writes the simulated council's CIN census for a collection year: every child with a referral (CIN episode) open at some point
/// of the year, each such referral with its assessments, child-in-need plans, section 47 enquiries and conferences, and this
/// council's child protection plans with their reviews, all as known at the year's end (or at as_at for a year not over).
/// Transfer-in conferences and other councils' plans are not in the census, as the DfE's guidance has it.
/// </summary>
internal sealed class CinCensusWriter(ReturnSource source)
{
    public void Write(SetWriter set, CollectionYear year, string fileName, string laNumber)
    {
        var from = year.FirstDay;
        var to = year.LastDay < source.AsAt ? year.LastDay : source.AsAt;
        var conferencesByS47 = source.Conferences.Where(c => c.S47EnquiryId is not null && c.TransferIn != true)
            .GroupBy(c => c.S47EnquiryId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(c => c.ConferenceDate).First(), StringComparer.Ordinal);
        var conferencesByReferral = source.Conferences.Where(c => c.ReferralId is not null && c.TransferIn != true)
            .GroupBy(c => c.ReferralId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        set.Add(fileName, stream =>
        {
            long children = 0;
            using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = SetWriter.Utf8, Indent = true, NewLineChars = "\n" });
            xml.WriteStartDocument();
            xml.WriteStartElement("Message");
            xml.WriteStartElement("Header");
            xml.WriteStartElement("CollectionDetails");
            Element(xml, "Collection", "CIN");
            Element(xml, "Year", year.StartYear.ToString(CultureInfo.InvariantCulture));
            Element(xml, "ReferenceDate", Date(year.LastDay));
            xml.WriteEndElement();
            xml.WriteStartElement("Source");
            Element(xml, "SourceLevel", "L");
            Element(xml, "LEA", laNumber);
            Element(xml, "SoftwareCode", "Synthetic");
            Element(xml, "Release", ExtractGenerator.SsdVersion);
            Element(xml, "SerialNo", "001");
            Element(xml, "DateTime", source.AsAt.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T01:12:44");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("Children");
            foreach (var (child, referrals) in source.CinEpisodes.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var open = referrals.Where(r => ReturnSource.Overlaps(r.ReferralDate, r.CloseDate, from, to) || ActiveIn(r.ReferralId, from, to, conferencesByReferral)).ToList();
                if (open.Count == 0)
                {
                    continue;
                }

                children++;
                var person = source.Persons.GetValueOrDefault(child);
                xml.WriteStartElement("Child");
                xml.WriteStartElement("ChildIdentifiers");
                Element(xml, "LAchildID", child);
                Element(xml, "UPNunknown", person?.UpnUnknown);
                Element(xml, "PersonBirthDate", Date(person?.DateOfBirth));
                Element(xml, "ExpectedPersonBirthDate", Date(person?.ExpectedDateOfBirth));
                // The DfE replaced GenderCurrent (1, 2, 0, 9) with Sex (M, F, U) from 2024-25.
                Element(xml, year.StartYear >= 2024 ? "Sex" : "GenderCurrent", year.StartYear >= 2024 ? person?.Sex : person?.Sex switch
                {
                    "M" => "1",
                    "F" => "2",
                    null => null,
                    _ => "0",
                });
                Element(xml, "PersonDeathDate", Date(ReturnSource.AsOf(person?.DeathDate, to)));
                xml.WriteEndElement();
                xml.WriteStartElement("ChildCharacteristics");
                Element(xml, "Ethnicity", person?.Ethnicity);
                if (source.Disabilities.GetValueOrDefault(child) is { Count: > 0 } disabilities)
                {
                    xml.WriteStartElement("Disabilities");
                    foreach (var disability in disabilities)
                    {
                        Element(xml, "Disability", disability.Code);
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
                foreach (var referral in open)
                {
                    WriteDetails(xml, referral, from, to, conferencesByS47, conferencesByReferral.GetValueOrDefault(referral.ReferralId) ?? []);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
            return children;
        });
    }

    private void WriteDetails(XmlWriter xml, CinEpisode referral, DateOnly from, DateOnly to, Dictionary<string, InitialCpConference> conferencesByS47,
        List<InitialCpConference> conferences)
    {
        var closed = ReturnSource.AsOf(referral.CloseDate, to);
        var enquiries = (source.S47s.GetValueOrDefault(referral.ReferralId) ?? [])
            .Where(s => ReturnSource.Overlaps(s.StartDate, Latest(s.EndDate, Held(conferencesByS47, s)), from, to)).ToList();
        var plans = (source.CpPlans.GetValueOrDefault(referral.ReferralId) ?? [])
            .Where(p => p.HeldByOtherCouncil != true && ReturnSource.Overlaps(p.StartDate, p.EndDate, from, to)).ToList();
        // A conference of the year whose enquiry the census does not hold this year is recorded on the CINdetails.
        var withEnquiry = enquiries.Select(s => conferencesByS47.GetValueOrDefault(s.EnquiryId)?.IcpcId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var onDetails = conferences.Where(c => !withEnquiry.Contains(c.IcpcId) && c.ConferenceDate is { } d && d >= from && d <= to)
            .OrderByDescending(c => c.ConferenceDate).FirstOrDefault();

        xml.WriteStartElement("CINdetails");
        Element(xml, "CINreferralDate", Date(referral.ReferralDate));
        Element(xml, "ReferralSource", referral.ReferralSourceCode);
        Element(xml, "PrimaryNeedCode", referral.PrimaryNeedCode);
        Element(xml, "CINclosureDate", Date(closed));
        Element(xml, "ReasonForClosure", closed is null ? null : referral.CloseReason);
        Element(xml, "DateOfInitialCPC", Date(onDetails?.ConferenceDate));
        foreach (var assessment in (source.Assessments.GetValueOrDefault(referral.ReferralId) ?? [])
                     .Where(a => ReturnSource.Overlaps(a.StartDate, a.AuthorisedDate, from, to)))
        {
            xml.WriteStartElement("Assessments");
            Element(xml, "AssessmentActualStartDate", Date(assessment.StartDate));
            Element(xml, "AssessmentAuthorisationDate", Date(ReturnSource.AsOf(assessment.AuthorisedDate, to)));
            xml.WriteEndElement();
        }

        foreach (var plan in (source.CinPlans.GetValueOrDefault(referral.ReferralId) ?? []).Where(p => ReturnSource.Overlaps(p.StartDate, p.EndDate, from, to)))
        {
            xml.WriteStartElement("CINPlanDates");
            Element(xml, "CINPlanStartDate", Date(plan.StartDate));
            Element(xml, "CINPlanEndDate", Date(ReturnSource.AsOf(plan.EndDate, to)));
            xml.WriteEndElement();
        }

        foreach (var enquiry in enquiries)
        {
            var conference = conferencesByS47.GetValueOrDefault(enquiry.EnquiryId);
            var held = ReturnSource.AsOf(conference?.ConferenceDate, to);
            var ended = ReturnSource.AsOf(enquiry.EndDate, to);
            xml.WriteStartElement("Section47");
            Element(xml, "S47ActualStartDate", Date(enquiry.StartDate));
            Element(xml, "InitialCPCtarget", Date(conference?.TargetDate));
            Element(xml, "DateOfInitialCPC", Date(held));
            Element(xml, "ICPCnotRequired", held is null && ended is not null && enquiry.Outcome?.IsSet("CP_CONFERENCE_FLAG") != true ? "true" : "false");
            xml.WriteEndElement();
        }

        Element(xml, "ReferralNFA", referral.ReferralNfa switch { true => "true", false => "false", _ => null });
        foreach (var plan in plans)
        {
            xml.WriteStartElement("ChildProtectionPlans");
            Element(xml, "CPPstartDate", Date(plan.StartDate));
            Element(xml, "CPPendDate", Date(ReturnSource.AsOf(plan.EndDate, to)));
            Element(xml, "InitialCategoryOfAbuse", ReturnSource.Code("cp_category_of_abuse", plan.InitialCategory, plan.StartDate ?? to));
            Element(xml, "LatestCategoryOfAbuse", ReturnSource.Code("cp_category_of_abuse", plan.LatestCategory, to));
            Element(xml, "NumberOfPreviousCPP", (source.CpPlansByPerson.GetValueOrDefault(plan.PersonId) ?? [])
                .Count(p => p.HeldByOtherCouncil != true && p.StartDate < plan.StartDate).ToString(CultureInfo.InvariantCulture));
            var reviews = (source.CpReviews.GetValueOrDefault(plan.PlanId) ?? []).Where(r => r.ReviewDate is { } d && d >= from && d <= to).ToList();
            if (reviews.Count > 0)
            {
                xml.WriteStartElement("Reviews");
                foreach (var review in reviews)
                {
                    Element(xml, "CPPreviewDate", Date(review.ReviewDate));
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    // A referral the case-management system closed before its last assessment, enquiry, conference or plan ended (an error the
    // census's validation would query) is in the census of each year that record was open in, as the council's extract of the
    // year's CIN records would carry it: the same records as the SSD holds, however inconsistent.
    private bool ActiveIn(string referral, DateOnly from, DateOnly to, Dictionary<string, List<InitialCpConference>> conferences) =>
        (source.Assessments.GetValueOrDefault(referral) ?? []).Any(a => ReturnSource.Overlaps(a.StartDate, a.AuthorisedDate, from, to))
        || (source.CinPlans.GetValueOrDefault(referral) ?? []).Any(p => ReturnSource.Overlaps(p.StartDate, p.EndDate, from, to))
        || (source.S47s.GetValueOrDefault(referral) ?? []).Any(e => ReturnSource.Overlaps(e.StartDate, e.EndDate, from, to))
        || (conferences.GetValueOrDefault(referral) ?? []).Any(c => c.ConferenceDate is { } d && d >= from && d <= to)
        || (source.CpPlans.GetValueOrDefault(referral) ?? []).Any(p => p.HeldByOtherCouncil != true && ReturnSource.Overlaps(p.StartDate, p.EndDate, from, to));

    // An enquiry is in the year of its conference too (the census records the conference with its enquiry).
    private static DateOnly? Latest(DateOnly? ended, DateOnly? held) => ended is null ? held : held is null ? ended : ended > held ? ended : held;

    // An enquiry with no end date is open until its conference.
    private static DateOnly? Held(Dictionary<string, InitialCpConference> conferencesByS47, S47Enquiry enquiry) =>
        conferencesByS47.GetValueOrDefault(enquiry.EnquiryId)?.ConferenceDate;

    // The census's dates: yyyy-MM-dd.
    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // An element the census leaves out when it has no value (its optional items).
    private static void Element(XmlWriter xml, string name, string? value)
    {
        if (value is not null)
        {
            xml.WriteElementString(name, value);
        }
    }
}
