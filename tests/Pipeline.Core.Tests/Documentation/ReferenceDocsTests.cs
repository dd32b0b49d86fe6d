using Pipeline.Documentation;
using Pipeline.Indicators;
using Pipeline.Quality;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Documentation;

/// <summary>The reference pages in docs/ are what the catalogue and the registry say today.</summary>
public class ReferenceDocsTests
{
    [Fact]
    public void Docs_CommittedPages_AreWhatTheCodeGives()
    {
        foreach (var (file, content) in ReferenceDocs.All())
        {
            var path = Path.Combine(Repo.Root, "docs", file);
            var committed = File.Exists(path) ? File.ReadAllText(path) : null;
            Assert.True(committed == content,
                $"docs/{file} is not what the catalogue and the rule registry give today: regenerate it with `{ReferenceDocs.RegenerateCommand}` and commit it");
        }
    }

    [Fact]
    public void Docs_EveryIndicatorAndRule_HasItsSection()
    {
        var pages = ReferenceDocs.All().ToDictionary(p => p.File, p => p.Content);

        Assert.All(Catalogue.All, i => Assert.Contains($"\n### {i.Id}\n", pages["indicators.md"], StringComparison.Ordinal));
        Assert.All(QualityRules.All, r => Assert.Contains($"\n### {r.Code}\n", pages["data-quality-rules.md"], StringComparison.Ordinal));
    }

    [Fact]
    public void Readme_CitesNoFileOutsideTheRepository()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));

        Assert.DoesNotContain("spec/", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("../shared", readme, StringComparison.Ordinal);
        foreach (var (file, _) in ReferenceDocs.All())
        {
            Assert.Contains($"docs/{file}", readme, StringComparison.Ordinal);
        }
    }
}
