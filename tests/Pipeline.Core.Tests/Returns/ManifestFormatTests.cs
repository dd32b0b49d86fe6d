using System.Text;
using Pipeline.Extract;
using Pipeline.Reference;

namespace Pipeline.Tests.Returns;

/// <summary>The manifest's format and collection year.</summary>
public class ManifestFormatTests
{
    private static ExtractManifest Parse(string extra, string file = "{ \"name\": \"a.csv\", \"rows\": 1, \"sha256\": \"" + Sha + "\" }") =>
        ExtractManifest.Parse(Encoding.UTF8.GetBytes($"{{ \"la_code\": \"E1\", \"as_at\": \"2026-10-31\", {extra} \"files\": [{file}] }}"));

    private const string Sha = "0000000000000000000000000000000000000000000000000000000000000000";

    [Fact]
    public void NoFormat_IsTheSsd()
    {
        var manifest = Parse("");

        Assert.Equal([ExtractFormat.Ssd], manifest.Formats.ToArray());
        Assert.Equal(new CollectionYear(2026), manifest.Year);
    }

    [Fact]
    public void OneOrSeveralFormats_AreRead_InTheOrderTablesAreTakenFrom()
    {
        Assert.Equal([ExtractFormat.Ssda903], Parse("\"format\": \"SSDA903\",").Formats.ToArray());
        Assert.Equal([ExtractFormat.CinCensus, ExtractFormat.Ssda903], Parse("\"format\": [\"ssda903\", \"cin_census\"],").Formats.ToArray());
    }

    [Theory]
    [InlineData("\"format\": \"spreadsheet\",", "manifest format 'spreadsheet' is not one of ssd, cin_census, ssda903, annex_a")]
    [InlineData("\"format\": [\"ssd\", \"ssda903\"],", "manifest format ssd cannot be combined with a statutory return: both fill the same tables")]
    [InlineData("\"format\": [\"ssda903\", \"ssda903\"],", "manifest format names a format twice")]
    [InlineData("\"format\": 3,", "manifest format must be a format name or an array of them")]
    [InlineData("\"format\": \"ssda903\", \"collection_year\": \"2026\",", "manifest collection_year '2026' is not a collection year such as 2025-26")]
    public void AFormatThatCannotBe_IsRefusedWithItsReason(string extra, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Parse(extra));

        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public void AFileEntry_CanSayItsFormatAndYear_WithinTheSetsFormats()
    {
        var manifest = Parse("\"format\": \"ssda903\", \"collection_year\": \"2025-26\",",
            "{ \"name\": \"e.csv\", \"rows\": 1, \"sha256\": \"" + Sha + "\", \"format\": \"ssda903\", \"collection_year\": \"2024-25\" }");

        Assert.Equal(new CollectionYear(2025), manifest.Year);
        var file = Assert.Single(manifest.Files);
        Assert.Equal((ExtractFormat.Ssda903, new CollectionYear(2024)), (file.Format, file.CollectionYear));

        var error = Assert.Throws<FormatException>(() => Parse("\"format\": \"ssda903\",",
            "{ \"name\": \"c.xml\", \"rows\": 1, \"sha256\": \"" + Sha + "\", \"format\": \"cin_census\" }"));
        Assert.Equal("manifest entry for c.xml says it is cin_census, which the set's format (ssda903) does not include", error.Message);
    }
}
