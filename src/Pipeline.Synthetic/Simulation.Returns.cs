namespace Pipeline.Synthetic;

// What the DfE's returns ask beyond the case history: disabilities (CIN census), unaccompanied asylum-seeking status and
// adoption (SSDA903). Written last, from the detail stream, so the rest of the child's records are unchanged by them.
internal sealed partial class Simulation
{
    // Disabilities of disabled children referred to children's social care (CIN census: learning, autism and communication lead).
    private static readonly Weighted<string> DisabilityCode = new(
        ("LD", 25), ("AUT", 20), ("COMM", 15), ("BEH", 12), ("MOB", 6), ("PC", 5), ("HAND", 3), ("INC", 3), ("HEAR", 3),
        ("VIS", 3), ("CON", 3), ("DDA", 2));

    // Adopters (SSDA903 AD1): number, sex and legal status, consistent with each other (903:511 to 524).
    private static readonly Weighted<(string Number, string Sex, string Legal)> Adopters = new(
        (("2", "MF", "L11"), 62), (("2", "MF", "L3"), 8), (("2", "FF", "L12"), 4), (("2", "MM", "L12"), 4), (("2", "FF", "L2"), 2),
        (("2", "MM", "L4"), 2), (("2", "FF", "L4"), 2), (("1", "F1", "L0"), 14), (("1", "M1", "L0"), 2));

    private readonly List<string> _disabilities = [];

    private void WriteReturnDetail(long personId)
    {
        WriteDisabilities(personId);
        WriteImmigrationStatus(personId);
        WritePermanence(personId);
    }

    /// <summary>Every born child with a written CIN episode: NONE, or one to three distinct codes for a disabled child.</summary>
    private void WriteDisabilities(long personId)
    {
        if (_h.Person.UnbornAtAsAt || !_h.Episodes.Exists(e => e.Id > 0))
        {
            return;
        }

        _disabilities.Clear();
        if (_h.Person.Disabled)
        {
            var count = _detailRng.Chance(0.6) ? 1 : _detailRng.Chance(0.7) ? 2 : 3;
            while (_disabilities.Count < count)
            {
                var code = DisabilityCode.Draw(_detailRng);
                if (!_disabilities.Contains(code))
                {
                    _disabilities.Add(code);
                }
            }
        }
        else
        {
            _disabilities.Add("NONE");
        }

        // A blank code only for a child of tonight's CIN census with a referral not marked no further action, which CIN:8540 judges.
        var w = W(Table.Disability);
        var judged = _h.Episodes.Exists(e => e.Id > 0 && e.ReferralDate <= AsAt && InTonightsReturn(e.Close) && !e.Nfa);
        foreach (var code in _disabilities)
        {
            var id = w.NextId();
            var blank = judged && _anomalies?.Claim(AnomalyKind.RequiredBlank, w, id, "disa_disability_code") == true;
            w.Ref(Table.Person, personId).Id(id).Text(blank ? null : code).EndRow();
        }
    }

    /// <summary>An unaccompanied asylum-seeking child in care: UASC from their first day in care until their 18th birthday.</summary>
    private void WriteImmigrationStatus(long personId)
    {
        if (!_h.Person.Uasc)
        {
            return;
        }

        var first = _h.CarePeriods.FindIndex(p => p.ClaId > 0 && !p.ShortBreak);
        if (first < 0)
        {
            return;
        }

        var w = W(Table.ImmigrationStatus);
        w.Ref(Table.Person, personId).Id(w.NextId()).Text("UASC").Date(_h.CarePeriods[first].Start)
            .Date(_h.Person.Adult <= AsAt ? _h.Person.Adult : Days.Open).EndRow();
    }

    /// <summary>
    /// A period of care heading for adoption (a placement order, E1): the decision that the child should be placed for adoption
    /// (before the order), the order, the placement for adoption and matching with adopters before it, and for a child adopted
    /// the adopters and whether they were the foster carers (A3, A5).
    /// </summary>
    private void WritePermanence(long personId)
    {
        for (var period = 0; period < _h.CarePeriods.Count; period++)
        {
            var p = _h.CarePeriods[period];
            if (p.ClaId == 0 || p.ShortBreak)
            {
                continue;
            }

            var order = _h.LegalStatuses.FindIndex(l => l.Period == period && l.Code == "E1");
            if (order < 0)
            {
                continue;
            }

            var orderDay = _h.LegalStatuses[order].Start;
            var decision = Math.Max(p.Start, orderDay - _detailRng.Between(20, 120));
            var placedAt = _h.Placements.FindIndex(pl => pl.Period == period && pl.Type is "A3" or "A4" or "A5" or "A6");
            var placed = placedAt < 0 ? Days.Open : _h.Placements[placedAt].Start;
            var matched = placed == Days.Open ? Days.Open : Math.Max(decision, placed - _detailRng.Between(7, 40));
            var adopted = p.End != Days.Open && p.EndReason is "E11" or "E12";
            var lastType = "";
            foreach (var pl in _h.Placements)
            {
                if (pl.Period == period)
                {
                    lastType = pl.Type;
                }
            }

            // A blank match date only for a child adopted in tonight's census period, whose AD1 903:151 judges.
            var w = W(Table.Permanence);
            var id = w.NextId();
            var blankMatch = adopted && p.End >= ReturnStart && _anomalies?.Claim(AnomalyKind.RequiredBlank, w, id, "perm_matched_date") == true;
            w.Id(id)
                .Ref(Table.Person, personId)
                .Raw("CLA", p.ClaId)
                .Date(decision)
                .Empty()
                .Date(orderDay)
                .Date(placed)
                .Date(blankMatch ? Days.Open : matched);
            if (adopted)
            {
                w.Flag(lastType is "A3" or "A5");
            }
            else
            {
                w.Empty();
            }

            // FFA/CP date, reversal, foster carer date, siblings, provider URN, reversal reason, permanence order date and type, worker.
            w.Empty().Empty().Empty().Empty().Empty().Empty().Empty().Empty().Empty().Empty().Empty();
            if (adopted)
            {
                var (number, sex, legal) = Adopters.Draw(_detailRng);
                w.Text(sex).Text(legal).Text(number);
            }
            else
            {
                w.Empty().Empty().Empty();
            }

            w.EndRow();
        }
    }
}
