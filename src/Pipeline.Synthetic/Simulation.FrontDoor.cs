namespace Pipeline.Synthetic;

// The front door and children in need: contacts, referrals (CIN episodes), assessments, section 47
// enquiries, initial child protection conferences, CIN plans and CIN visits.
internal sealed partial class Simulation
{
    private enum ContactOutcome
    {
        NewReferral,
        ExistingReferral,
        Nfa,
        Advice,
        Other,
    }

    private static readonly FlagJson ContactJson = new(Codes.ContactOutcomeKeys);
    private static readonly FlagJson ReferralJson = new(Codes.ReferralOutcomeKeys);
    private static readonly FlagJson AssessmentJson = new(Codes.AssessmentOutcomeKeys);
    private static readonly FlagJson S47Json = new(Codes.S47OutcomeKeys);
    private static readonly FlagJson ConferenceJson = new(Codes.ConferenceOutcomeKeys);

    private static readonly Weighted<ContactOutcome> ContactOnlyOutcome = new(
        (ContactOutcome.Nfa, 45), (ContactOutcome.Advice, 35), (ContactOutcome.Other, 20));

    // RC8 and RC9 are for cases closed after an assessment alone (CIN census 2990): a CIN plan closes otherwise.
    private static readonly Weighted<string> CinCloseReason = new(("RC7", 91), ("RC5", 6), ("RC3", 3));

    // What the next stage does when it closes the episode; set by the stage that decides to close.
    private string _pendingCloseReason = "RC7";
    private int _pendingConference = -1;
    private CareRoute _pendingCareRoute;

    private int OfficeTime() => _rng.Between(8 * 3_600_000, 18 * 3_600_000);

    private void AddContact(int date, ContactOutcome outcome, int source = -1)
    {
        if (date > AsAt || date >= _h.Person.Adult)
        {
            return;
        }

        var json = outcome switch
        {
            ContactOutcome.NewReferral => ContactJson.Get(ContactJson.Bit("NEW_REFERRAL_FLAG")),
            ContactOutcome.ExistingReferral => ContactJson.Get(ContactJson.Bit("EXISTING_REFERRAL_FLAG")),
            ContactOutcome.Nfa => ContactJson.Get(ContactJson.Bit("NFA_FLAG")),
            ContactOutcome.Advice => ContactJson.Get(ContactJson.Bit("ADVICE_FLAG")),
            _ => ContactJson.Get(ContactJson.Bit("OTHER_FLAG")),
        };
        _h.Contacts.Add(new ContactRecord
        {
            Date = date,
            Millisecond = OfficeTime(),
            Source = source >= 0 ? source : _rng.PickIndex(Codes.ReferralSourceWeights),
            OutcomeJson = json,
        });
    }

    /// <summary>Schools, police and others keep in touch about a child whose case is open.</summary>
    private void AddContactsDuring(int from, int to)
    {
        var count = _rng.Poisson((to - from) / 365.0 * 0.6);
        for (var i = 0; i < count; i++)
        {
            AddContact(_rng.Between(from + 1, to), ContactOutcome.ExistingReferral);
        }
    }

    private void SimulateContactsOnly(int first)
    {
        var date = first;
        do
        {
            AddContact(date, ContactOnlyOutcome.Draw(_rng));
            date += 14 + (int)_rng.Exponential(220);
        }
        while (_rng.Chance(0.28));
    }

    /// <summary>A referral and the contact that led to it; the episode starts open.</summary>
    private int AddEpisode(int referral)
    {
        var source = _rng.PickIndex(Codes.ReferralSourceWeights);
        var sameDay = _rng.Chance(0.65);
        var contactsBefore = _h.Contacts.Count;
        AddContact(sameDay ? referral : referral - _rng.Between(1, 3), ContactOutcome.NewReferral, source);
        var contactTime = sameDay && _h.Contacts.Count > 0 ? _h.Contacts[^1].Millisecond : 8 * 3_600_000;
        var frontDoor = _workforce.TeamFor(TeamKind.FrontDoor, _h.Person.Locality);
        _h.Episodes.Add(new EpisodeRecord
        {
            ReferralDate = referral,
            Millisecond = _rng.Between(contactTime, 19 * 3_600_000),
            Need = _h.Person.Disabled ? "N2" : _h.Person.Uasc ? "N8" : Codes.PrimaryNeed.Draw(_rng),
            Source = source,
            Close = Days.Open,
            ReferralWorker = _workforce.PickWorker(frontDoor, _staffRng).Index,
            Contact = _h.Contacts.Count > contactsBefore ? contactsBefore : -1,
        });
        return _h.Episodes.Count - 1;
    }

    /// <summary>
    /// The referral's first stage: referral decision, assessment, any section 47 enquiry and conference.
    /// Returns the stage the case moves to and the day it does.
    /// </summary>
    private (Stage Stage, int From) FrontDoor(int episode, int referral)
    {
        ref var p = ref _h.Person;
        StartAllocation(episode, TeamKind.Assessment, referral, "FCONTA");

        if (p.Uasc && episode == 0)
        {
            CaseHistory.At(_h.Episodes, episode).CareRequest = true;
            var assessed = referral + _rng.Between(0, 3);
            if (assessed <= AsAt)
            {
                AddAssessment(episode, assessed, nfa: false, cinPlan: false, strategy: false, care: true);
            }

            _pendingCareRoute = CareRoute.Uasc;
            return (Stage.Care, referral + _rng.Between(0, 2));
        }

        // A family moving in with a child already on another council's plan: a transfer-in conference.
        if (_rng.Chance(0.006))
        {
            CaseHistory.At(_h.Episodes, episode).TransferIn = true;
            CaseHistory.At(_h.Episodes, episode).Source = Codes.OtherCouncilSource;
            var day = Days.AddWorkingDays(referral, _rng.Between(2, 10));
            if (day > AsAt || day >= p.Adult)
            {
                return (Stage.ChildProtection, Days.Open);
            }

            _pendingConference = AddConference(episode, s47: -1, day, target: Days.Open, transferIn: true);
            return (Stage.ChildProtection, day);
        }

        if (_rng.Chance(0.085))
        {
            CaseHistory.At(_h.Episodes, episode).Nfa = true;
            _pendingCloseReason = _rng.Chance(0.75) ? "RC7" : "RC8";
            return (Stage.Close, referral);
        }

        // Safeguarding concerns bring a strategy discussion and section 47 enquiry alongside the assessment;
        // children who have been on a plan before are far more likely to be back on one.
        var serious = _hadProtectionPlan;
        var s47 = _rng.Chance(serious ? 0.8 : 0.41);
        var start = s47
            ? referral + (_rng.Chance(0.6) ? 0 : _rng.Between(1, 2))
            : referral + (_rng.Chance(0.35) ? 0 : _rng.Chance(0.75) ? _rng.Between(1, 5) : _rng.Between(6, 14));
        start = Math.Min(Days.OnWorkingDay(start), p.Adult - 1);
        if (start > AsAt)
        {
            // Referred in the last days before as_at: nothing has started yet.
            return (Stage.Close, Days.Open);
        }

        CaseHistory.At(_h.Episodes, episode).StrategyDiscussion = s47;

        var conferenceDay = Days.Open;
        var plan = false;
        var s47End = 0; // the enquiry's end, or its conference when it had one: the case stays open until then
        if (s47)
        {
            var conference = _rng.Chance(serious ? 0.5 : 0.22);
            var conferenceWd = _rng.Chance(0.8) ? _rng.Between(5, 15) : _rng.Between(16, 32);
            conferenceDay = Days.AddWorkingDays(start, conferenceWd);
            var end = Days.AddWorkingDays(start, conference ? _rng.Between(3, conferenceWd) : _rng.Between(4, 22));
            s47End = conference ? Math.Max(end, conferenceDay) : end;
            var index = AddS47(episode, start, end, conference, nfa: !conference && _rng.Chance(0.4));
            if (conference)
            {
                if (conferenceDay > AsAt || conferenceDay >= p.Adult)
                {
                    AddAssessment(episode, start, nfa: false, cinPlan: false, strategy: true, care: false);
                    return (Stage.ChildProtection, conferenceDay > AsAt ? Days.Open : p.Adult);
                }

                var target = Days.AddWorkingDays(start, 15);
                plan = _rng.Chance(0.86);
                var conferenceIndex = AddConference(episode, index, conferenceDay, target, transferIn: false);
                if (plan)
                {
                    _pendingConference = conferenceIndex;
                    AddAssessment(episode, start, nfa: false, cinPlan: false, strategy: true, care: false);
                    return (Stage.ChildProtection, conferenceDay);
                }
            }
        }

        // Care straight from the front door: police protection, emergency orders, babies removed at birth.
        if (_rng.Chance(s47 ? 0.045 : 0.012))
        {
            CaseHistory.At(_h.Episodes, episode).CareRequest = true;
            AddAssessment(episode, start, nfa: false, cinPlan: false, strategy: s47, care: true);
            _pendingCareRoute = CareRoute.Emergency;
            return (Stage.Care, Math.Max(start + _rng.Between(0, 10), p.Dob));
        }

        var authorised = AddAssessment(episode, start, nfa: false, cinPlan: false, strategy: s47, care: false);
        if (_rng.Chance(0.004))
        {
            return (Stage.OtherCouncilPlan, start + _rng.Between(0, 5));
        }

        ref var assessment = ref CaseHistory.At(_h.Assessments, _h.Assessments.Count - 1);
        if (_rng.Chance(s47 ? 0.42 : 0.56))
        {
            assessment.Nfa = true;
            var afterAssessment = _rng.Chance(0.8) ? "RC8" : "RC9";

            // A section 47 enquiry is more than an assessment (CIN census 2990): such a case closes as RC7, and not before the
            // enquiry ends (8565, 8868).
            _pendingCloseReason = s47 ? "RC7" : afterAssessment;
            return (Stage.Close, authorised == Days.Open || s47End > AsAt ? Days.Open : Math.Max(authorised, s47End));
        }

        assessment.CinPlan = true;
        return (Stage.ChildInNeed, authorised == Days.Open ? Days.Open : authorised + _rng.Between(0, 7));
    }

    /// <summary>Adds an assessment starting on <paramref name="start"/>; returns its authorisation day (or Open).</summary>
    private int AddAssessment(int episode, int start, bool nfa, bool cinPlan, bool strategy, bool care)
    {
        // ~84% are authorised within 45 working days (seed 002: 82-86%; England 85%).
        var workingDays = _rng.Chance(0.84) ? _rng.Between(6, 45) : _rng.Between(46, 95);
        var authorised = Math.Min(Days.AddWorkingDays(start, workingDays), _h.Person.Adult - 1);
        authorised = Math.Max(authorised, start);
        _h.Assessments.Add(new AssessmentRecord
        {
            Episode = episode,
            Start = start,
            Authorised = authorised > AsAt ? Days.Open : authorised,
            ChildSeen = !(_h.Person.ReferredBeforeBirth && start < _h.Person.Dob) && _rng.Chance(0.94),
            Nfa = nfa,
            CinPlan = cinPlan,
            Strategy = strategy,
            CareRequest = care,
        });
        return authorised > AsAt ? Days.Open : authorised;
    }

    private int AddS47(int episode, int start, int end, bool conference, bool nfa)
    {
        _h.S47s.Add(new S47Record
        {
            Episode = episode,
            Start = start,
            End = end > AsAt ? Days.Open : end,
            ToConference = conference,
            Nfa = nfa,
        });
        return _h.S47s.Count - 1;
    }

    private int AddConference(int episode, int s47, int day, int target, bool transferIn)
    {
        _h.Conferences.Add(new ConferenceRecord
        {
            Episode = episode,
            S47 = s47,
            Date = day,
            Target = target,
            TransferIn = transferIn,
            Plan = -1,
        });
        return _h.Conferences.Count - 1;
    }

    /// <summary>A CIN plan: ends in closure, escalation to child protection, or care.</summary>
    private (int End, Stage Next) RunCinPlan(int episode, int from)
    {
        var index = _h.CinPlans.Count;
        _h.CinPlans.Add(new CinPlanRecord { Episode = episode, Start = from, End = Days.Open });
        var length = (int)Math.Clamp(_rng.LogNormal(190, 0.7), 28, 1100);
        var end = from + length;
        var next = Stage.Close;
        _pendingCloseReason = CinCloseReason.Draw(_rng);
        var adult = _h.Person.Adult;

        var u = _rng.NextDouble();
        if (u < 0.05 && from + 30 < adult - 60)
        {
            // New concerns during the plan: strategy discussion, section 47 and a conference that makes a plan.
            var s47Start = Days.OnWorkingDay(from + _rng.Between(30, Math.Max(30, length)));
            var conferenceDay = Days.AddWorkingDays(s47Start, _rng.Chance(0.8) ? _rng.Between(5, 15) : _rng.Between(16, 32));
            if (s47Start <= AsAt && conferenceDay < adult)
            {
                var s47 = AddS47(episode, s47Start, Days.AddWorkingDays(s47Start, _rng.Between(3, 5)), conference: true, nfa: false);
                end = conferenceDay;
                if (conferenceDay <= AsAt)
                {
                    _pendingConference = AddConference(episode, s47, conferenceDay, Days.AddWorkingDays(s47Start, 15), transferIn: false);
                    next = Stage.ChildProtection;
                }
            }
        }
        else if (u < 0.085)
        {
            next = Stage.Care;
            _pendingCareRoute = CareRoute.FromChildInNeed;
        }
        else if (_rng.Chance(0.08) && length > 30)
        {
            // An enquiry that finds no need for a conference; the plan carries on.
            var s47Start = Days.OnWorkingDay(from + _rng.Between(7, length - 20));
            var s47End = Days.AddWorkingDays(s47Start, _rng.Between(4, 12));
            if (s47Start <= AsAt && s47End < Math.Min(end, adult))
            {
                AddS47(episode, s47Start, s47End, conference: false, nfa: _rng.Chance(0.5));
            }
        }

        if (end >= adult)
        {
            end = adult;
            next = Stage.Close;
        }

        if (_h.Person.Disabled)
        {
            AddShortBreaks(episode, from, Math.Min(end, AsAt + 1));
        }

        CaseHistory.At(_h.CinPlans, index).End = end > AsAt ? Days.Open : end;
        return (end > AsAt ? Days.Open : end, next);
    }

    private void WriteContacts(long personId)
    {
        var w = W(Table.Contacts);
        _contactIds.Clear();
        foreach (var c in _h.Contacts)
        {
            if (c.Date < HistoryStart || c.Date > AsAt)
            {
                _contactIds.Add(0);
                continue;
            }

            var (code, description) = Codes.ReferralSources[c.Source];
            var id = w.NextId();
            _contactIds.Add(id);
            w.Id(id).Ref(Table.Person, personId).DateTime(c.Date, c.Millisecond).Text(code).Text(description)
                .Text(c.OutcomeJson).EndRow();
        }
    }

    private void WriteFrontDoor(long personId)
    {
        var episodes = W(Table.CinEpisodes);
        foreach (var e in _h.Episodes)
        {
            if (e.Id == 0)
            {
                continue;
            }

            var worker = _workforce.Workers[e.ReferralWorker];
            var (code, description) = Codes.ReferralSources[e.Source];
            var json = (e.Nfa || e.TransferIn ? 0 : ReferralJson.Bit("SINGLE_ASSESSMENT_FLAG"))
                | (e.Nfa ? ReferralJson.Bit("NFA_FLAG") : 0)
                | (e.StrategyDiscussion ? ReferralJson.Bit("STRATEGY_DISCUSSION_FLAG") : 0)
                | (e.CareRequest ? ReferralJson.Bit("CLA_REQUEST_FLAG") : 0)
                | (e.TransferIn ? ReferralJson.Bit("CP_TRANSFER_IN_FLAG") : 0);
            episodes.Id(e.Id)
                .Ref(Table.Person, personId)
                .DateTime(e.ReferralDate, e.Millisecond)
                .Text(e.Need)
                .Text(code)
                .Text(description)
                .Text(ReferralJson.Get(json))
                .Flag(e.Nfa)
                .Text(e.IsOpen ? null : e.CloseReason)
                .Date(e.Close)
                .Ref(Table.Department, _workforce.Teams[worker.Team].Id)
                .Ref(Table.Professionals, worker.Id)
                .EndRow();
        }

        var assessments = W(Table.CinAssessments);
        foreach (var a in _h.Assessments)
        {
            if (a.Id == 0)
            {
                continue;
            }

            var referral = _h.Episodes[a.Episode];
            var start = a.Start;
            // Only in tonight's CIN census, which CIN:1103 judges: the assessment and its referral open on or after 1 April.
            if (InTonightsReturn(ByClosure(a.Authorised, referral.Close, a.Start)) && InTonightsReturn(referral.Close)
                && _anomalies?.Claim(AnomalyKind.AssessmentBeforeReferral, assessments, a.Id, "cina_assessment_start_date") == true)
            {
                // Offset from the id, not a random draw, so the child's other records stay as in a clean run.
                start = referral.ReferralDate - 3 - (int)(a.Id % 28);
            }

            var (team, worker) = AllocationAt(a.Episode, a.Start);

            // A case does not close with its assessment unfinished (CIN census 8565, 8867): it is authorised by the closure.
            var authorised = ByClosure(a.Authorised, referral.Close, start);
            var json = (a.Nfa ? AssessmentJson.Bit("NFA_FLAG") : 0)
                | (a.Strategy ? AssessmentJson.Bit("STRATEGY_DISCUSSION_FLAG") : 0)
                | (a.CareRequest ? AssessmentJson.Bit("CLA_REQUEST_FLAG") : 0)
                | (a.CinPlan ? AssessmentJson.Bit("PROV_OF_SERVICES_FLAG") : 0)
                | (a.Nfa && referral.CloseReason == "RC9" ? AssessmentJson.Bit("REFERRAL_TO_OTHER_AGENCY_FLAG") : 0);
            assessments.Id(a.Id)
                .Ref(Table.Person, personId)
                .Ref(Table.CinEpisodes, referral.Id)
                .Date(start)
                .Flag(a.ChildSeen)
                .Date(authorised);
            if (authorised == Days.Open)
            {
                assessments.Empty().Empty();
            }
            else
            {
                assessments.Text(AssessmentJson.Get(json)).Flag(a.Nfa);
            }

            assessments.Ref(Table.Department, team).Ref(Table.Professionals, worker).EndRow();
        }

        var s47s = W(Table.S47Enquiry);
        foreach (var s in _h.S47s)
        {
            if (s.Id == 0)
            {
                continue;
            }

            var (team, worker) = AllocationAt(s.Episode, s.Start);
            var end = ByClosure(s.End, _h.Episodes[s.Episode].Close, s.Start);
            s47s.Id(s.Id)
                .Ref(Table.CinEpisodes, _h.Episodes[s.Episode].Id)
                .Ref(Table.Person, personId)
                .Date(s.Start)
                .Date(end);
            if (end == Days.Open)
            {
                s47s.Empty().Empty();
            }
            else
            {
                var json = (s.Nfa ? S47Json.Bit("NFA_FLAG") : 0)
                    | (s.ToConference ? S47Json.Bit("CP_CONFERENCE_FLAG") : 0)
                    | (!s.Nfa && !s.ToConference ? S47Json.Bit("NFA_CONTINUE_SINGLE_FLAG") : 0);
                s47s.Flag(s.Nfa).Text(S47Json.Get(json));
            }

            s47s.Ref(Table.Professionals, worker).Ref(Table.Department, team).EndRow();
        }

        var conferences = W(Table.InitialCpConference);
        foreach (var c in _h.Conferences)
        {
            if (c.Id == 0)
            {
                continue;
            }

            var (team, worker) = AllocationAt(c.Episode, c.Date - 1);
            var planned = c.Plan >= 0;
            var json = planned
                ? ConferenceJson.Bit("CP_PLAN_FLAG")
                : ConferenceJson.Bit("PROV_OF_SERVICES_FLAG");
            conferences.Id(c.Id)
                .Raw("MT", c.MeetingId)
                .Ref(Table.S47Enquiry, c.S47 >= 0 ? _h.S47s[c.S47].Id : 0)
                .Ref(Table.Person, personId)
                .Ref(Table.CpPlans, planned ? _h.CpPlans[c.Plan].Id : 0)
                .Ref(Table.CinEpisodes, _h.Episodes[c.Episode].Id)
                .Flag(c.TransferIn)
                .Date(c.Target)
                .Date(c.Date)
                .Flag(planned)
                .Text(ConferenceJson.Get(json))
                .Ref(Table.Department, team)
                .Ref(Table.Professionals, worker)
                .EndRow();
        }
    }

    private void WriteCinPlans(long personId)
    {
        var plans = W(Table.CinPlans);
        var visits = W(Table.CinVisits);
        var age5 = Days.AddYears(_h.Person.Dob, 5);
        foreach (var plan in _h.CinPlans)
        {
            if (plan.Id == 0)
            {
                continue;
            }

            var (team, worker) = AllocationAt(plan.Episode, plan.Start);
            plans.Id(plan.Id)
                .Ref(Table.CinEpisodes, _h.Episodes[plan.Episode].Id)
                .Ref(Table.Person, personId)
                .Date(plan.Start)
                .Date(plan.End)
                .Ref(Table.Department, team)
                .Ref(Table.Professionals, worker)
                .EndRow();

            // Visits about every four weeks; about a fifth of gaps run past 28 days (seed: ~80% seen in 4 weeks).
            var last = Math.Min(plan.End - 1, AsAt);
            for (var day = plan.Start + _detailRng.Between(3, 12); day <= last; day += _detailRng.Chance(0.7)
                ? _detailRng.Between(12, 28)
                : _detailRng.Between(29, 50))
            {
                if (day < HistoryStart)
                {
                    continue;
                }

                var seen = _detailRng.Chance(0.95);
                visits.Id(visits.NextId())
                    .Ref(Table.Person, personId)
                    .Date(day)
                    .Flag(seen)
                    .Flag(seen && day >= age5 && _detailRng.Chance(0.55))
                    .Flag(seen && _detailRng.Chance(0.6))
                    .EndRow();
            }
        }
    }

    /// <summary>An end no later than the referral's closure: a case does not close with its work unfinished.</summary>
    private static int ByClosure(int end, int close, int start) =>
        close != Days.Open && (end == Days.Open || end > close) ? Math.Max(close, start) : end;
}
