namespace Pipeline.Synthetic;

// Child protection: plans, review conferences and statutory visits.
internal sealed partial class Simulation
{
    /// <summary>
    /// A child protection plan from its conference. Plans end at a review conference once the intended length
    /// has passed (which is why real plan lengths cluster at 3, 9, 15... months), or early when the child
    /// comes into care.
    /// </summary>
    private (int End, Stage Next) RunCpPlan(int episode, int from)
    {
        var conference = _pendingConference;
        _pendingConference = -1;
        _hadProtectionPlan = true;
        var initial = Codes.AbuseCategory.Draw(_rng);
        var index = _h.CpPlans.Count;
        _h.CpPlans.Add(new CpPlanRecord
        {
            Episode = episode,
            Conference = conference,
            Start = from,
            End = Days.Open,
            InitialCategory = initial,
            LatestCategory = _rng.Chance(0.1) ? Codes.AbuseCategory.Draw(_rng) : initial,
        });
        if (conference >= 0)
        {
            CaseHistory.At(_h.Conferences, conference).Plan = index;
        }

        // Most plans run 6-12 months; ~3% run past two years (seed 002: 1-2%; England 3%).
        var intended = _rng.Chance(0.97) ? (int)Math.Clamp(_rng.LogNormal(175, 0.5), 40, 600) : _rng.Between(640, 900);
        var u = _rng.NextDouble();
        var next = u < 0.16 ? Stage.Care : u < 0.67 ? Stage.ChildInNeed : Stage.Close;
        _pendingCloseReason = _rng.Chance(0.9) ? "RC7" : "RC5";
        _pendingCareRoute = CareRoute.FromProtection;

        var adult = _h.Person.Adult;
        var end = next == Stage.Care ? from + intended : Days.Open;
        var due = Days.AddMonths(from, 3);
        while (true)
        {
            // ~95% of reviews are held by their due date (England: 91-94%).
            var date = _rng.Chance(0.95) ? Days.PreviousWorkingDay(due - _rng.Between(0, 10)) : Days.OnWorkingDay(due + _rng.Between(1, 25));
            date = Math.Max(date, from + 1);
            if ((next == Stage.Care && date >= end) || date > AsAt)
            {
                break;
            }

            if (date >= adult)
            {
                end = adult;
                next = Stage.Close;
                break;
            }

            var ending = next != Stage.Care && date >= from + intended;
            _h.CpReviews.Add(new CpReviewRecord { Plan = index, Due = due, Date = date, Continue = !ending });
            if (ending)
            {
                end = date;
                break;
            }

            due = Days.AddMonths(date, 6);
        }

        if (end == Days.Open ? adult <= AsAt : end >= adult)
        {
            end = adult;
            next = Stage.Close;
        }

        end = end > AsAt ? Days.Open : end;
        CaseHistory.At(_h.CpPlans, index).End = end;
        AddOversight(episode, from, end, TeamKind.Reviewing);
        if (_staffRng.Chance(0.25))
        {
            AddOversight(episode, from, end, TeamKind.HelpAndProtection);
        }

        return (end, next);
    }

    /// <summary>A plan held by another council for a child living here: recorded, but not this council's plan.</summary>
    private (int End, Stage Next) RunOtherCouncilPlan(int episode, int from)
    {
        var end = Math.Min(from + _rng.Between(30, 240), _h.Person.Adult);
        var category = Codes.AbuseCategory.Draw(_rng);
        _h.CpPlans.Add(new CpPlanRecord
        {
            Episode = episode,
            Conference = -1,
            Start = from,
            End = end > AsAt ? Days.Open : end,
            InitialCategory = category,
            LatestCategory = category,
            OtherCouncil = true,
        });
        _pendingCloseReason = "RC5";
        return (end > AsAt ? Days.Open : end, Stage.Close);
    }

    private void WriteChildProtection(long personId)
    {
        var plans = W(Table.CpPlans);
        var reviews = W(Table.CpReviews);
        var visits = W(Table.CpVisits);
        ref var person = ref _h.Person;
        var age4 = Days.AddYears(person.Dob, 4);
        var age5 = Days.AddYears(person.Dob, 5);
        for (var i = 0; i < _h.CpPlans.Count; i++)
        {
            var plan = _h.CpPlans[i];
            if (plan.Id == 0)
            {
                continue;
            }

            plans.Id(plan.Id)
                .Ref(Table.CinEpisodes, _h.Episodes[plan.Episode].Id)
                .Ref(Table.InitialCpConference, plan.Conference >= 0 ? _h.Conferences[plan.Conference].Id : 0)
                .Ref(Table.Person, personId)
                .Date(plan.Start)
                .Date(plan.End)
                .Text(plan.InitialCategory)
                .Flag(plan.OtherCouncil)
                .Text(plan.LatestCategory)
                .EndRow();
            if (plan.OtherCouncil)
            {
                continue;
            }

            _anomalies?.OfferCpPlan(personId, plan.Start, plan.End);

            foreach (var review in _h.CpReviews)
            {
                if (review.Plan != i || review.Date < HistoryStart)
                {
                    continue;
                }

                reviews.Id(reviews.NextId())
                    .Ref(Table.Person, personId)
                    .Ref(Table.CpPlans, plan.Id)
                    .Date(review.Due)
                    .Date(review.Date)
                    .Raw("MT", ++_meetings)
                    .Flag(review.Continue)
                    .Flag(_detailRng.Chance(0.96))
                    .Text(review.Date < age4 ? "PN0" : Codes.Participation.Draw(_detailRng))
                    .EndRow();
            }

            // Visits every ten working days or so; a few gaps run past the 15-day standard.
            var last = Math.Min(plan.End - 1, AsAt);
            var day = Days.AddWorkingDays(plan.Start, _detailRng.Between(1, 8));
            while (day <= last)
            {
                if (day >= HistoryStart)
                {
                    var born = day >= person.Dob;
                    var seen = born && _detailRng.Chance(0.93);
                    visits.Id(visits.NextId())
                        .Ref(Table.Person, personId)
                        .Ref(Table.CpPlans, plan.Id)
                        .Date(day)
                        .Flag(seen)
                        .Flag(seen && day >= age5 && _detailRng.Chance(0.6))
                        .Flag(born && _detailRng.Chance(0.7))
                        .EndRow();
                }

                var u = _detailRng.NextDouble();
                day = Days.AddWorkingDays(day, u < 0.7 ? _detailRng.Between(4, 10) : u < 0.86 ? _detailRng.Between(11, 15) : _detailRng.Between(16, 30));
            }
        }
    }
}
