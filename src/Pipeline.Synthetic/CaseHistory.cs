using System.Runtime.InteropServices;

namespace Pipeline.Synthetic;

// One child's whole history, as compact structs. The simulation fills it for one child at a time and the
// emitter writes it out, so memory stays flat however large the council. Dates are day numbers; an end of
// Days.Open means still open at as_at. Indexes point into the other lists of the same history. Id fields are
// filled only for records that are written (records wholly before the history window are not).

internal struct PersonFacts
{
    public int Dob;
    public bool UnbornAtAsAt;
    public bool ReferredBeforeBirth;
    public string Sex;
    public string Ethnicity;
    public bool Send;
    public bool Uasc;
    public bool Disabled;
    public bool Mother;
    public string? Nationality;
    public double Locality;
    public int Death;

    /// <summary>The 18th birthday: everything a child has open closes on it.</summary>
    public int Adult;
}

internal struct ContactRecord
{
    public int Date;
    public int Millisecond;
    public int Source;
    public string OutcomeJson;
}

internal struct EpisodeRecord
{
    public int ReferralDate;
    public int Millisecond;
    public string Need;
    public int Source;
    public bool Nfa;
    public bool TransferIn;
    public bool StrategyDiscussion;
    public bool CareRequest;
    public int Close;
    public string? CloseReason;
    public int ReferralWorker;
    public long Id;

    /// <summary>The contact the referral came from (an index into the child's contacts), or -1 when none was recorded.</summary>
    public int Contact;

    public readonly bool IsOpen => Close == Days.Open;
}

internal struct AssessmentRecord
{
    public int Episode;
    public int Start;
    public int Authorised;
    public bool ChildSeen;
    public bool Nfa;
    public bool CinPlan;
    public bool Strategy;
    public bool CareRequest;
    public long Id;
}

internal struct S47Record
{
    public int Episode;
    public int Start;
    public int End;
    public bool ToConference;
    public bool Nfa;
    public long Id;
}

internal struct ConferenceRecord
{
    public int Episode;
    public int S47;
    public int Date;
    public int Target;
    public bool TransferIn;
    public int Plan;
    public long Id;
    public long MeetingId;
}

internal struct CpPlanRecord
{
    public int Episode;
    public int Conference;
    public int Start;
    public int End;
    public string InitialCategory;
    public string LatestCategory;
    public bool OtherCouncil;
    public long Id;
}

internal struct CpReviewRecord
{
    public int Plan;
    public int Due;
    public int Date;
    public bool Continue;
}

internal struct CinPlanRecord
{
    public int Episode;
    public int Start;
    public int End;
    public long Id;
}

internal struct CarePeriodRecord
{
    public int Episode;
    public int Start;
    public int End;
    public bool ShortBreak;
    public string EndReason;
    public string Need;
    public long ClaId;
}

internal struct ClaEpisodeRecord
{
    public int Period;
    public int Start;
    public int End;
    public string StartReason;
    public string CeaseReason;
    public int Placement;
    public long Id;
}

internal struct PlacementRecord
{
    public int Period;
    public int Start;
    public int End;
    public string Type;
    public string Provider;
    public string? ChangeReason;
    public int Urn;
    public double Distance;
    public int Postcode;
    public long Id;
}

internal struct LegalStatusRecord
{
    public int Period;
    public int Start;
    public int End;
    public string Code;
    public long Id;
}

internal enum InvolvementRole
{
    AllocatedCaseWorker,
    TeamManager,
    ReviewingOfficer,
}

internal struct AllocationRecord
{
    public int Episode;
    public int Start;
    public int End;
    public int Worker;
    public int Team;
    public TeamKind Kind;
    public InvolvementRole Role;
    public string? Reason;
}

internal sealed class CaseHistory
{
    public PersonFacts Person;
    public readonly List<ContactRecord> Contacts = [];
    public readonly List<EpisodeRecord> Episodes = [];
    public readonly List<AssessmentRecord> Assessments = [];
    public readonly List<S47Record> S47s = [];
    public readonly List<ConferenceRecord> Conferences = [];
    public readonly List<CpPlanRecord> CpPlans = [];
    public readonly List<CpReviewRecord> CpReviews = [];
    public readonly List<CinPlanRecord> CinPlans = [];
    public readonly List<CarePeriodRecord> CarePeriods = [];
    public readonly List<ClaEpisodeRecord> ClaEpisodes = [];
    public readonly List<PlacementRecord> Placements = [];
    public readonly List<LegalStatusRecord> LegalStatuses = [];
    public readonly List<AllocationRecord> Allocations = [];

    public void Clear()
    {
        Person = default;
        Contacts.Clear();
        Episodes.Clear();
        Assessments.Clear();
        S47s.Clear();
        Conferences.Clear();
        CpPlans.Clear();
        CpReviews.Clear();
        CinPlans.Clear();
        CarePeriods.Clear();
        ClaEpisodes.Clear();
        Placements.Clear();
        LegalStatuses.Clear();
        Allocations.Clear();
    }

    /// <summary>A reference into a list of structs, so a record can be completed after it was added.</summary>
    public static ref T At<T>(List<T> list, int index) => ref CollectionsMarshal.AsSpan(list)[index];
}
