using System.Collections.Frozen;
using Pipeline.Domain;
using Pipeline.Extract;

namespace Pipeline.Indicators;

public static partial class Catalogue
{
    private const string CareLeaversArea = "Care leavers";

    private const string CareLeaversCurrentOnly = "ssd_care_leavers holds each young person's current status only: earlier periods "
        + "cannot be reconstructed, and the nightly snapshots become the history";

    private const string CareLeaverCohort = "Care leavers are the young people in ssd_care_leavers; one with several rows is counted "
        + "once, with the row of the latest clea_care_leaver_latest_contact (then the highest clea_table_id) as their status. Age is "
        + "whole years from pers_dob to the period end, which is as_at (current status only: values exist for the month containing "
        + "as_at and the snapshot, not for earlier periods or rolling averages). A care leaver with no ssd_person row or no pers_dob "
        + "has no age and is left out of numerator and denominator. Those whose clea_care_leaver_in_touch is DIED are left out of "
        + "the denominator (and so the numerator). Codes are compared case-insensitively after trimming. No value when the "
        + "denominator is empty.";

    private static readonly FrozenSet<string> EetActivityCodes =
        new[] { "F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<IndicatorDefinition> CareLeavers() =>
    [
        new()
        {
            Id = "cl_in_touch_17_18_pct",
            Title = "% care leavers aged 17-18 in touch",
            Area = CareLeaversArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_care_leavers", "ssd_person"],
            Needs = ["ssd_person.pers_dob", "ssd_care_leavers.clea_care_leaver_in_touch"],
            CurrentOnlyReason = CareLeaversCurrentOnly,
            Definition = "Of the care leavers aged 17 or 18 at the period end, the percentage whose clea_care_leaver_in_touch is YES "
                + "(NO, REFU, NREQ, RHOM or empty are not in touch). " + CareLeaverCohort,
            At = (inputs, d) => CareLeaverShare(inputs, d, 17, 18, (c, _) => IsCode(c.InTouch, "YES")),
        },
        new()
        {
            Id = "cl_in_touch_19_21_pct",
            Title = "% care leavers aged 19-21 in touch",
            Area = CareLeaversArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_care_leavers", "ssd_person"],
            Needs = ["ssd_person.pers_dob", "ssd_care_leavers.clea_care_leaver_in_touch"],
            CurrentOnlyReason = CareLeaversCurrentOnly,
            Definition = "Of the care leavers aged 19, 20 or 21 at the period end, the percentage whose clea_care_leaver_in_touch is "
                + "YES (NO, REFU, NREQ, RHOM or empty are not in touch). " + CareLeaverCohort,
            At = (inputs, d) => CareLeaverShare(inputs, d, 19, 21, (c, _) => IsCode(c.InTouch, "YES")),
        },
        new()
        {
            Id = "cl_suitable_accom_17_18_pct",
            Title = "% care leavers aged 17-18 in suitable accommodation",
            Area = CareLeaversArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_care_leavers", "ssd_person"],
            Needs = ["ssd_person.pers_dob", "ssd_care_leavers.clea_care_leaver_accom_suitable"],
            CurrentOnlyReason = CareLeaversCurrentOnly,
            Definition = "Of the care leavers aged 17 or 18 at the period end, the percentage whose clea_care_leaver_accom_suitable "
                + "is 1 (suitable); 2 (unsuitable) or empty is not. " + CareLeaverCohort,
            At = (inputs, d) => CareLeaverShare(inputs, d, 17, 18, (c, _) => IsCode(c.AccommodationSuitable, "1")),
        },
        new()
        {
            Id = "cl_suitable_accom_19_21_pct",
            Title = "% care leavers aged 19-21 in suitable accommodation",
            Area = CareLeaversArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_care_leavers", "ssd_person"],
            Needs = ["ssd_person.pers_dob", "ssd_care_leavers.clea_care_leaver_accom_suitable"],
            CurrentOnlyReason = CareLeaversCurrentOnly,
            Definition = "Of the care leavers aged 19, 20 or 21 at the period end, the percentage whose "
                + "clea_care_leaver_accom_suitable is 1 (suitable); 2 (unsuitable) or empty is not. " + CareLeaverCohort,
            At = (inputs, d) => CareLeaverShare(inputs, d, 19, 21, (c, _) => IsCode(c.AccommodationSuitable, "1")),
        },
        new()
        {
            Id = "cl_eet_17_18_pct",
            Title = "% care leavers aged 17-18 in education, employment or training",
            Area = CareLeaversArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_care_leavers", "ssd_person"],
            Needs = ["ssd_person.pers_dob", "ssd_care_leavers.clea_care_leaver_activity"],
            CurrentOnlyReason = CareLeaversCurrentOnly,
            Definition = "Of the care leavers aged 17 or 18 at the period end, the percentage whose clea_care_leaver_activity is one "
                + "of F1, P1, F2, P2, F4, P4, F5, P5 (the superseded F3/P3, the NEET codes G4-G6 and empty are not). " + CareLeaverCohort,
            At = (inputs, d) => CareLeaverShare(inputs, d, 17, 18, (c, _) => IsEetActivity(c.Activity)),
        },
        new()
        {
            Id = "cl_eet_19_21_pct",
            Title = "% care leavers aged 19-21 in education, employment or training",
            Area = CareLeaversArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_care_leavers", "ssd_person"],
            Needs = ["ssd_person.pers_dob", "ssd_care_leavers.clea_care_leaver_activity"],
            CurrentOnlyReason = CareLeaversCurrentOnly,
            Definition = "Of the care leavers aged 19, 20 or 21 at the period end, the percentage whose clea_care_leaver_activity is "
                + "one of F1, P1, F2, P2, F4, P4, F5, P5 (the superseded F3/P3, the NEET codes G4-G6 and empty are not). " + CareLeaverCohort,
            At = (inputs, d) => CareLeaverShare(inputs, d, 19, 21, (c, _) => IsEetActivity(c.Activity)),
        },
        new()
        {
            Id = "cl_pathway_plan_pct",
            Title = "% care leavers aged 16-21 with a pathway plan reviewed in the last 6 months",
            Area = CareLeaversArea,
            Unit = Unit.Percent,
            Polarity = Polarity.HigherIsBetter,
            Kind = IndicatorKind.PointInTime,
            Tables = ["ssd_care_leavers", "ssd_person"],
            Needs = ["ssd_person.pers_dob", "ssd_care_leavers.clea_pathway_plan_review_date"],
            CurrentOnlyReason = CareLeaversCurrentOnly,
            Definition = "Of the care leavers aged 16 to 21 at the period end d, the percentage whose clea_pathway_plan_review_date "
                + "is on or after d.AddMonths(-6) (a review exactly 6 months before counts) and on or before d (a review dated after "
                + "the extract's as_at has not happened). " + CareLeaverCohort,
            At = (inputs, d) => CareLeaverShare(inputs, d, 16, 21,
                (c, end) => c.PathwayPlanReviewDate is { } reviewed && reviewed >= end.AddMonths(-6) && reviewed <= end),
        },
    ];

    private static bool IsCode(string? value, string code) => string.Equals(value?.Trim(), code, StringComparison.OrdinalIgnoreCase);

    private static bool IsEetActivity(string? activity) => activity is not null && EetActivityCodes.Contains(activity.Trim());

    private static Measure CareLeaverShare(IndicatorInputs inputs, DateOnly d, int minAge, int maxAge, Func<CareLeaver, DateOnly, bool> inNumerator)
    {
        int numerator = 0, denominator = 0;
        foreach (var (leaver, age) in CareLeaversWithAge(inputs, d))
        {
            if (age < minAge || age > maxAge || IsCode(leaver.InTouch, "DIED"))
            {
                continue;
            }

            denominator++;
            if (inNumerator(leaver, d))
            {
                numerator++;
            }
        }

        return new Measure(numerator, denominator);
    }

    private static IEnumerable<(CareLeaver Leaver, int Age)> CareLeaversWithAge(IndicatorInputs inputs, DateOnly d) =>
        inputs.CareLeaversWithDateOfBirth.Select(x => (x.Leaver, Dates.AgeAt(x.DateOfBirth, d)));
}
