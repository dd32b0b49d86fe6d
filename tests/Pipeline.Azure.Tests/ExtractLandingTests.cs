using Pipeline.Azure;
using Pipeline.Tests.Support;

namespace Pipeline.Tests;

public class ExtractLandingTests
{
    [Fact]
    public async Task LandExtractAsync_SameSetTwice_IsANoOpTheSecondTime()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);

        var first = await ExtractLanding.LandExtractAsync(account, Scenario.Extract, CancellationToken.None);
        var second = await ExtractLanding.LandExtractAsync(account, Scenario.Extract, CancellationToken.None);

        Assert.Equal(Scenario.AsAt, first.AsAt);
        Assert.Equal("manifest.json", first.Uploaded[^1]);
        Assert.Empty(second.Uploaded);
        Assert.Equal(first.Uploaded, second.AlreadyThere);
        Assert.Equal([Scenario.AsAt], await account.ListExtractSetsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task LandExtractAsync_ChangedFileForALandedNight_RefusedAndTheLandedOneKept()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await ExtractLanding.LandExtractAsync(account, Scenario.Extract, CancellationToken.None);
        using var changed = new TempFolder();
        foreach (var file in Directory.GetFiles(Scenario.Extract))
        {
            File.Copy(file, changed.File(Path.GetFileName(file)));
        }

        File.AppendAllText(changed.File("ssd_person.csv"), "X9,F,2010-01-01\r\n");

        var error = await Assert.ThrowsAsync<StorageException>(() => ExtractLanding.LandExtractAsync(account, changed.Path, CancellationToken.None));

        Assert.Contains("write-once", error.Message);
        var landed = (await account.Container("extracts").GetBlobClient("2026-10-31/ssd_person.csv").DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(File.ReadAllBytes(Path.Combine(Scenario.Extract, "ssd_person.csv")), landed);
    }

    [Fact]
    public async Task ListExtractSetsAsync_SetStillArriving_IsNotListedUntilItsManifestLands()
    {
        await using var azurite = await Azurite.StartAsync();
        var account = Scenario.Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None);
        await account.Container("extracts").GetBlobClient("2026-11-01/ssd_person.csv").UploadAsync(BinaryData.FromString("pers_person_id\r\n"));

        Assert.Empty(await account.ListExtractSetsAsync(CancellationToken.None));
        await ExtractLanding.LandExtractAsync(account, Scenario.Extract, CancellationToken.None);
        Assert.Equal([Scenario.AsAt], await account.ListExtractSetsAsync(CancellationToken.None));
    }
}
