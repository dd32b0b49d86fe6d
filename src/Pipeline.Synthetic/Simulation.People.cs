namespace Pipeline.Synthetic;

// People: who the children are (ssd_person) and what happens to a young person after care (ssd_care_leavers).
internal sealed partial class Simulation
{
    // Age at first referral (CIN census: under 1s and teenagers are over-represented); "unborn" are referred
    // before birth, as pre-birth assessments are.
    private static readonly Weighted<int> AgeBand = new((-1, 3), (0, 8), (1, 18), (5, 24), (10, 36), (16, 11));

    /// <summary>
    /// Share of eligible young people the care leaver table holds. SSDA903 eligibility alone gives ~35-45 per
    /// 10,000 children; the extracts this pipeline is calibrated against hold 8-12 (about 100-150 in a council
    /// of 140,000), so the table is limited to the leaving-care service's current caseload.
    /// </summary>
    private const double CareLeaversRecordedShare = 0.25;

    private bool _hadProtectionPlan;

    private void CreatePerson(int arrival, bool referred)
    {
        ref var p = ref _h.Person;
        var band = AgeBand.Draw(_rng);
        int dob;
        if (band < 0)
        {
            dob = arrival + _rng.Between(20, 200);
            p.ReferredBeforeBirth = true;
        }
        else
        {
            var (minYears, maxYears) = band switch
            {
                0 => (0, 1),
                1 => (1, 5),
                5 => (5, 10),
                10 => (10, 16),
                _ => (16, 18),
            };
            var oldest = Days.AddYears(arrival, -maxYears) + 1;
            var youngest = Days.AddYears(arrival, -minYears);
            dob = _rng.Between(oldest, youngest);
        }

        p.Dob = dob;
        p.Adult = Days.AddYears(dob, 18);
        p.UnbornAtAsAt = dob > AsAt;
        // An unborn child's sex is returned as U even when a scan has shown it (CIN census 8750).
        p.Sex = p.UnbornAtAsAt ? "U" : _rng.Chance(0.004) ? "U" : _rng.Chance(0.515) ? "M" : "F";
        p.Ethnicity = p.UnbornAtAsAt && _rng.Chance(0.5) ? "NOBT" : Codes.Ethnicity.Draw(_rng);
        p.Locality = _rng.NextDouble();
        p.Death = Days.Open;

        var age = band < 0 ? 0 : Days.AgeAt(dob, arrival);
        p.Disabled = referred && band >= 0 && _rng.Chance(0.07);
        p.Send = band >= 0 && age >= 2 && (p.Disabled ? _rng.Chance(0.7) : _rng.Chance(referred ? 0.1 : 0.05));
        p.Mother = p.Sex == "F" && age >= 14 && _rng.Chance(0.02);

        // Unaccompanied asylum-seeking children: teenagers, mostly boys, looked after from their first referral.
        p.Uasc = referred && age is >= 14 and <= 17 && _rng.Chance(0.05);
        if (p.Uasc)
        {
            p.Sex = _rng.Chance(0.9) ? "M" : "F";
            p.Nationality = _rng.Pick(Codes.UascNationalities);
            p.Ethnicity = _rng.Chance(0.6) ? "OOTH" : _rng.Chance(0.5) ? "AOTH" : "BAFR";
            p.Disabled = false;
        }
    }

    /// <summary>Deaths are rare and only ever after everything for the child has closed.</summary>
    private void DecideDeath(CareLeaverState? careLeaver)
    {
        if (careLeaver is { InTouch: "DIED" } died)
        {
            _h.Person.Death = died.DiedOn;
            return;
        }

        if (careLeaver is not null || _h.Person.UnbornAtAsAt || !_rng.Chance(0.0015))
        {
            return;
        }

        var lastClose = _h.Person.Dob;
        foreach (var e in _h.Episodes)
        {
            if (e.IsOpen)
            {
                return;
            }

            lastClose = Math.Max(lastClose, e.Close);
        }

        foreach (var c in _h.Contacts)
        {
            lastClose = Math.Max(lastClose, c.Date);
        }

        var death = lastClose + _rng.Between(20, 400);
        if (death <= AsAt && death < _h.Person.Adult)
        {
            _h.Person.Death = death;
        }
    }

    private void WritePerson(long personId)
    {
        ref var p = ref _h.Person;
        var w = W(Table.Person);
        var forenames = Names.Forenames;
        var surnames = Names.Surnames;
        var lookedAfter = false;
        foreach (var period in _h.CarePeriods)
        {
            lookedAfter |= !period.ShortBreak;
        }

        // An invalid sex only for a child of tonight's CIN census, which CIN:4180 judges.
        var invalidSex = _h.Episodes.Exists(e => e.ReferralDate <= AsAt && InTonightsReturn(e.Close))
            && _anomalies?.Claim(AnomalyKind.InvalidCode, w, personId, "pers_sex") == true;
        w.Id(personId)
            .Text(forenames[_detailRng.Below(forenames.Count)])
            .Text(surnames[_detailRng.Below(surnames.Count)])
            .Text(invalidSex ? "X" : p.Sex)
            .Text(p.Sex switch { "M" => "01", "F" => "02", _ => "00" })
            .Text(p.Ethnicity)
            .Date(p.UnbornAtAsAt ? Days.Open : p.Dob);

        // NHS numbers start 999 here: the range NHS England reserves for test data, so none can be real.
        if (p.UnbornAtAsAt)
        {
            w.Empty();
        }
        else
        {
            w.Raw("999", 1000000 + (personId % 9000000));
        }

        w.Raw("L", personId + 500000)
            .Text(lookedAfter && _detailRng.Chance(0.08) ? (p.Uasc ? "UN2" : _detailRng.Pick(OfSchoolAge(p.Dob) ? SchoolAgeUpnUnknownCodes : PreSchoolUpnUnknownCodes)) : null);
        if (p.UnbornAtAsAt || Days.AgeAt(p.Dob, AsAt) < 2)
        {
            w.Empty();
        }
        else
        {
            w.Flag(p.Send);
        }

        w.Date(p.ReferredBeforeBirth ? p.Dob + (p.UnbornAtAsAt ? 0 : _detailRng.Between(-10, 10)) : Days.Open)
            .Date(p.Death)
            .Flag(p.Mother)
            .Text(p.Nationality)
            .EndRow();
    }

    // UN1 is for a child not of school age (SSDA903 209); UN4 only for one newly looked after (210), which a code that stays on
    // the person cannot promise.
    private static readonly string[] SchoolAgeUpnUnknownCodes = ["UN3", "UN5"];

    private static readonly string[] PreSchoolUpnUnknownCodes = ["UN1"];

    /// <summary>Of school age in the collection year containing as_at, as SSDA903 209 has it: 4 by 31 August before that year began.</summary>
    private bool OfSchoolAge(int dob)
    {
        var asAt = Days.ToDate(AsAt);
        var yearStart = asAt.Month >= 4 ? asAt.Year : asAt.Year - 1;
        return Days.AddYears(dob, 4) <= new DateOnly(yearStart - 1, 8, 31).DayNumber;
    }

    /// <summary>A care leaver's status at as_at (the SSD keeps only the current one).</summary>
    internal readonly record struct CareLeaverState(
        string Eligibility,
        string InTouch,
        int LatestContact,
        string? Accommodation,
        string? Suitable,
        string? Activity,
        int PathwayReview,
        int DiedOn);

    /// <summary>
    /// Young people aged 17-21 at as_at who left care at 16 or over, having been looked after for 13 weeks
    /// since 14 (the SSDA903 care leaver cohort); null for everyone else.
    /// </summary>
    private CareLeaverState? CareLeaverStatus()
    {
        ref var p = ref _h.Person;
        if (p.UnbornAtAsAt || _h.CarePeriods.Count == 0)
        {
            return null;
        }

        var age = Days.AgeAt(p.Dob, AsAt);
        if (age is < 17 or > 21)
        {
            return null;
        }

        var sixteen = Days.AddYears(p.Dob, 16);
        var fourteen = Days.AddYears(p.Dob, 14);
        var lastEnd = 0;
        var lastEndReason = "";
        var daysSince14 = 0;
        foreach (var period in _h.CarePeriods)
        {
            if (period.ShortBreak)
            {
                continue;
            }

            if (period.End == Days.Open)
            {
                return null;
            }

            if (period.End > lastEnd)
            {
                lastEnd = period.End;
                lastEndReason = period.EndReason;
            }

            daysSince14 += Math.Max(0, period.End - Math.Max(period.Start, fourteen));
        }

        // Care passed to another council (E3) passes the leaving-care duty with it (SSDA903 1011).
        if (lastEndReason == "E3")
        {
            return null;
        }

        // The status draws come from the detail stream so that adding a care leaver never shifts a history.
        var r = _detailRng;
        if (lastEnd < sixteen || daysSince14 < 91 || !r.Chance(CareLeaversRecordedShare))
        {
            return null;
        }

        var inTouch = InTouch.Draw(r);
        var eligibility = age < 18 ? "Relevant" : "Former Relevant";
        var diedOn = inTouch == "DIED" ? r.Between(lastEnd + 30, AsAt) : Days.Open;
        if (inTouch == "DIED" && (diedOn <= lastEnd || _h.Episodes.Exists(e => e.IsOpen)))
        {
            inTouch = "YES";
            diedOn = Days.Open;
        }

        var latestContact = inTouch switch
        {
            "YES" => AsAt - r.Between(0, 75),
            "DIED" => Math.Min(AsAt, diedOn),
            _ => AsAt - r.Between(90, 400),
        };
        latestContact = Math.Max(latestContact, lastEnd);

        // SSDA903 344: activity and accommodation are 0 ("not provided") for those who died or went home for good.
        string? accommodation = "0", suitable = null, activity = "0";
        if (inTouch is not ("DIED" or "RHOM"))
        {
            var isSuitable = r.Chance(age < 19 ? 0.84 : 0.86);
            suitable = isSuitable ? "1" : "2";
            accommodation = isSuitable
                ? (age >= 18 ? SuitableAdultAccommodation : SuitableYoungerAccommodation).Draw(r)
                : UnsuitableAccommodation.Draw(r);
            var inEducationOrWork = r.Chance(age < 19 ? 0.62 : 0.56);
            activity = inEducationOrWork ? EetActivity.Draw(r) : NeetActivity.Draw(r);
        }

        var pathwayReview = r.Chance(0.86) ? AsAt - r.Between(0, 175) : AsAt - r.Between(190, 330);
        pathwayReview = Math.Max(pathwayReview, lastEnd - r.Between(0, 60));
        return new CareLeaverState(eligibility, inTouch, latestContact, accommodation, suitable, activity, pathwayReview, diedOn);
    }

    private static readonly Weighted<string> InTouch = new(
        ("YES", 90), ("NO", 3.5), ("REFU", 2), ("NREQ", 1.5), ("RHOM", 2.5), ("DIED", 0.5));

    private static readonly Weighted<string> SuitableAdultAccommodation = new(
        ("U", 30), ("D", 22), ("B", 14), ("Z", 12), ("E", 7), ("T", 5), ("C", 4), ("K", 4), ("G", 1), ("Y", 1));

    // No foyer (T) under 18 (SSDA903 347).
    private static readonly Weighted<string> SuitableYoungerAccommodation = new(
        ("D", 44), ("B", 24), ("E", 13), ("U", 9), ("C", 6), ("K", 4));

    private static readonly Weighted<string> UnsuitableAccommodation = new(
        ("S", 18), ("V", 14), ("W", 10), ("X", 22), ("R", 14), ("B", 10), ("K", 8), ("D", 4));

    private static readonly Weighted<string> EetActivity = new(
        ("F1", 10), ("P1", 2), ("F2", 38), ("P2", 8), ("F4", 8), ("P4", 2), ("F5", 24), ("P5", 8));

    private static readonly Weighted<string> NeetActivity = new(("G4", 22), ("G5", 66), ("G6", 12));

    private void WriteCareLeaver(long personId, CareLeaverState s)
    {
        var team = _workforce.TeamFor(TeamKind.CareLeavers, _h.Person.Locality);
        var adviser = _workforce.PickWorker(team, _staffRng);
        if (CensusDay >= s.LatestContact - 365)
        {
            adviser.CensusCaseload++;
        }

        var w = W(Table.CareLeavers);
        var id = w.NextId();

        // A blank activity only for a young person of tonight's OC3 cohort (17 to 21 at the collection year's end), which 903:153 judges.
        var age = Days.AgeAt(_h.Person.Dob, Days.AddYears(ReturnStart, 1) - 1);
        var blankActivity = age is >= 17 and <= 21
            && _anomalies?.Claim(AnomalyKind.RequiredBlank, w, id, "clea_care_leaver_activity") == true;
        w.Id(id)
            .Ref(Table.Person, personId)
            .Text(s.Eligibility)
            .Text(s.InTouch)
            .Date(s.LatestContact)
            .Text(s.Accommodation)
            .Text(s.Suitable)
            .Text(blankActivity ? null : s.Activity)
            .Date(s.PathwayReview)
            .Ref(Table.Professionals, adviser.Id)
            .Ref(Table.Department, team.Id)
            .Ref(Table.Professionals, adviser.Id)
            .EndRow();
    }
}
