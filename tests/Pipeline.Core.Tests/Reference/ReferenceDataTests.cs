using Pipeline.Reference;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Reference;

/// <summary>Reference data a run cannot do without is refused by name, never read as empty.</summary>
public class ReferenceDataTests
{
    [Fact]
    public void LoadFolder_FolderMissing_RefusedNamingIt()
    {
        var error = Assert.Throws<FormatException>(() => ReferenceData.LoadFolder("/nonexistent"));

        Assert.Equal("reference data: the folder /nonexistent does not exist (it must hold population.csv, comparators.csv, targets.csv)", error.Message);
    }

    [Theory]
    [InlineData("population.csv")]
    [InlineData("comparators.csv")]
    [InlineData("targets.csv")]
    public void LoadFolder_RequiredFileMissing_RefusedNamingTheFile(string file)
    {
        using var folder = Copy();
        File.Delete(folder.File(file));

        var error = Assert.Throws<FormatException>(() => ReferenceData.LoadFolder(folder.Path));

        Assert.StartsWith($"reference data: {file} is missing from {folder.Path}", error.Message);
    }

    [Fact]
    public void LoadFolder_OptionalFilesMissing_DefaultsUsed()
    {
        using var folder = Copy();
        File.Delete(folder.File("settings.csv"));
        File.Delete(folder.File("bank_holidays.csv"));

        var reference = ReferenceData.LoadFolder(folder.Path);

        Assert.Equal(0.05, reference.Settings.GateMaxQuarantinedShare);
        Assert.Equal(32_768, reference.Settings.Limits.MaxFieldChars);
    }

    [Theory]
    [InlineData("population.csv", "year,population\n2023,5\n", "population.csv lacks a column it needs")]
    [InlineData("population.csv", "la_code,year,population\nE10000099,twenty,5\n", "population.csv: ")]
    [InlineData("targets.csv", "indicator_id,min,upper\nx,1,lots\n", "targets.csv: 'lots' in upper is not a number")]
    [InlineData("settings.csv", "key,value\nmax_field_chars,0\n", "settings.csv: max_field_chars must be a positive whole number, not '0'")]
    public void LoadFolder_MalformedFile_RefusedNamingTheFile(string file, string content, string message)
    {
        using var folder = Copy();
        File.WriteAllText(folder.File(file), content);

        var error = Assert.Throws<FormatException>(() => ReferenceData.LoadFolder(folder.Path));

        Assert.Contains(message, error.Message);
        Assert.StartsWith($"reference data in {folder.Path}: ", error.Message);
    }

    [Fact]
    public void Settings_IngestLimits_ReadFromSettingsCsv()
    {
        var settings = IndicatorSettings.Parse([("max_record_chars", "2000"), ("max_manifest_files", "60"), ("max_fields_per_row", "80")]);

        Assert.Equal((2000, 60, 80, 32_768), (settings.Limits.MaxRecordChars, settings.Limits.MaxManifestFiles, settings.Limits.MaxFieldsPerRow, settings.Limits.MaxFieldChars));
    }

    private static TempFolder Copy()
    {
        var folder = new TempFolder();
        foreach (var file in Directory.GetFiles(Repo.Seeds("reference")))
        {
            File.Copy(file, folder.File(Path.GetFileName(file)));
        }

        return folder;
    }
}
