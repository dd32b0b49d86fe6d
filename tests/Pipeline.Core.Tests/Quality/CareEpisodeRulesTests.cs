using System.Collections.Immutable;
using Pipeline.Extract;
using Pipeline.Quality;
using static Pipeline.Tests.Support.Fixtures;

namespace Pipeline.Tests.Quality;

/// <summary>CLA episodes whose SSDA903 codes contradict their dates: one record breaking each rule, one not.</summary>
public class CareEpisodeRulesTests
{
    private static List<DqFinding> Find(string code, params ClaEpisode[] episodes) =>
        QualityRules.Find(code)!.Find(new QualityInputs(ExtractOf(D("2023-06-30"), episodes.ToImmutableArray()))).ToList();

    private static ClaEpisode Episode(string id, string person, string start, string? ceased, string? rne, string? rec) =>
        new(id, person, D(start), rne, "N1", ceased is null ? null : D(ceased), rec, null, null, null, null, null);

    [Fact]
    public void X1WithoutNextEpisode_NoEpisodeStartingOnTheCeasedDate_IsFlagged()
    {
        var found = Find("x1_without_next_episode",
            Episode("A1", "A", "2023-01-01", "2023-03-01", "S", "X1"), Episode("A2", "A", "2023-03-01", null, "P", null),
            Episode("B1", "B", "2023-01-01", "2023-03-01", "S", "x1"), Episode("B2", "B", "2023-03-02", null, "S", null),
            Episode("C1", "C", "2023-01-01", "2023-03-01", "S", "E4A"),
            Episode("D1", "D", "2023-01-01", "2023-03-01", "S", "X1"), Episode("D2", "D", "2023-03-01", "2023-02-01", "P", "E4A"));

        // D2 follows D1 on its ceased date; that D2 ceased before it started is end_before_start's to report, not this rule's.
        Assert.Equal(["B1"], found.Select(f => f.RecordId));
        Assert.Equal("SSDA903 388", QualityRules.Find("x1_without_next_episode")!.DfeEquivalent);
    }

    [Fact]
    public void StartWhileInCare_SWithAnotherEpisodeOpen_IsFlaggedSameDayReturnIsNot()
    {
        var found = Find("start_while_in_care",
            Episode("A1", "A", "2022-01-01", null, "S", null), Episode("A2", "A", "2023-03-01", "2023-05-01", "S", "E4A"),
            Episode("B1", "B", "2023-01-01", "2023-04-10", "S", "E4A"), Episode("B2", "B", "2023-04-10", null, "S", null),
            Episode("C1", "C", "2023-01-01", "2023-03-01", "S", "X1"), Episode("C2", "C", "2023-02-01", null, "P", null));

        Assert.Equal(["A2"], found.Select(f => f.RecordId));
        Assert.Contains("while episode A1 (2022-01-01 to (open)) was open", found[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CeasedReasonDateMismatch_EitherWithoutTheOther_IsFlaggedBothOrNeitherIsNot()
    {
        var found = Find("ceased_reason_date_mismatch",
            Episode("E1", "A", "2023-01-01", "2023-02-01", "S", null), Episode("E2", "B", "2023-01-01", null, "S", "E4A"),
            Episode("E3", "C", "2023-01-01", "2023-02-01", "S", "E4A"), Episode("E4", "D", "2023-01-01", null, "S", " "));

        Assert.Equal([("E1", "clae_cla_episode_ceased_reason"), ("E2", "clae_cla_episode_ceased_date")], found.Select(f => (f.RecordId, f.Fields)));
        Assert.Equal("SSDA903 148", QualityRules.Find("ceased_reason_date_mismatch")!.DfeEquivalent);
    }
}
