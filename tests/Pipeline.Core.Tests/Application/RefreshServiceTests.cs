using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Application;
using Pipeline.Publish;
using Pipeline.Reference;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Application;

public partial class RefreshServiceTests
{
    private const string Episodes = "cine_referral_id,cine_person_id,cine_referral_date\r\nR1,P1,2023-06-10\r\nR2,P1,2023-06-20\r\n";

    private static readonly ReferenceData Reference = Fixtures.Population(10_000, 2023);

    /// <summary>A folder of landed sets (one <c>{as_at}/</c> folder each) and a snapshot folder.</summary>
    private sealed class Deployment : IDisposable
    {
        private readonly TempFolder extracts = new();
        private readonly TempFolder output = new();

        public string Output => output.Path;

        public Deployment Land(string asAt, string persons = "pers_person_id,pers_sex,pers_dob\r\nP1,F,2015-01-01\r\n")
        {
            using var set = new ExtractFolder().Add("ssd_person.csv", persons).Add("ssd_cin_episodes.csv", Episodes).WriteManifest(asAt);
            var target = Path.Combine(extracts.Path, asAt);
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(set.Path))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            }

            return this;
        }

        public PipelineDeployment Build() => new(new LocalFolderExtractStore(extracts.Path), _ => Task.FromResult(Reference),
            new LocalFolderSnapshotStore(output.Path), NoDashboardStore.Instance, new LocalFolderRunLedger(output.Path));

        public void Dispose()
        {
            extracts.Dispose();
            output.Dispose();
        }
    }

    private static RefreshService Service(PipelineDeployment deployment, FakeTimeProvider? clock = null) =>
        new(deployment, clock ?? new FakeTimeProvider(new DateTimeOffset(2023, 8, 1, 1, 30, 0, TimeSpan.Zero)), NullLogger.Instance);

    [Fact]
    public async Task BackfillAsync_SetsLandedOutOfOrder_RunsThemInDateOrderAndOnlyInRange()
    {
        using var deployment = new Deployment().Land("2023-07-02").Land("2023-06-30").Land("2023-07-05").Land("2023-07-01");

        var outcomes = await Service(deployment.Build()).BackfillAsync(new DateOnly(2023, 6, 30), new DateOnly(2023, 7, 2), force: false, CancellationToken.None);

        Assert.Equal([new DateOnly(2023, 6, 30), new DateOnly(2023, 7, 1), new DateOnly(2023, 7, 2)], outcomes.Select(o => o.AsAt!.Value));
        Assert.All(outcomes, o => Assert.Equal(RunStatus.Published, o.Status));
        // Each night compared itself with the one before it: the lifecycle saw history in order.
        Assert.Equal(new DateOnly(2023, 7, 2), LatestDocument.Parse(File.ReadAllBytes(Path.Combine(deployment.Output, "latest.json")))!.AsAt);
    }

    [Fact]
    public async Task BackfillAsync_AlreadyPublished_SkippedUnlessForced()
    {
        using var deployment = new Deployment().Land("2023-06-30").Land("2023-07-01");
        var service = Service(deployment.Build());
        await service.BackfillAsync(new DateOnly(2023, 6, 30), new DateOnly(2023, 6, 30), force: false, CancellationToken.None);

        var second = await service.BackfillAsync(new DateOnly(2023, 6, 30), new DateOnly(2023, 7, 1), force: false, CancellationToken.None);
        var forced = await service.BackfillAsync(new DateOnly(2023, 6, 30), new DateOnly(2023, 7, 1), force: true, CancellationToken.None);

        Assert.Equal([new DateOnly(2023, 7, 1)], second.Select(o => o.AsAt!.Value));
        Assert.Equal([new DateOnly(2023, 6, 30), new DateOnly(2023, 7, 1)], forced.Select(o => o.AsAt!.Value));
    }

    [Fact]
    public async Task ProcessArrivalAsync_SameArrivalTwice_RunsOnce()
    {
        using var deployment = new Deployment().Land("2023-06-30");
        var built = deployment.Build();
        var service = Service(built);
        var set = Assert.Single(await built.Extracts.ListSetsAsync(CancellationToken.None));

        var first = await service.ProcessArrivalAsync(set, CancellationToken.None);
        var again = await service.ProcessArrivalAsync(set, CancellationToken.None);

        Assert.Equal(RunStatus.Published, first!.Status);
        Assert.Null(again);
        var entry = await built.Ledger.GetAsync(set.AsAt, set.ManifestETag, CancellationToken.None);
        Assert.Equal((LedgerStatus.Done, 1, first.RunId), (entry!.Status, entry.Attempts, entry.RunId));
    }

    [Fact]
    public async Task ProcessArrivalAsync_ManifestWrittenAgain_IsANewArrival()
    {
        using var deployment = new Deployment().Land("2023-06-30");
        var built = deployment.Build();
        var service = Service(built);
        await service.CatchUpAsync(CancellationToken.None);

        // The exporter re-sends the night with one more person: a new manifest, so a new ETag.
        deployment.Land("2023-06-30", "pers_person_id,pers_sex,pers_dob\r\nP1,F,2015-01-01\r\nP2,M,2016-01-01\r\n");
        var rerun = await service.CatchUpAsync(CancellationToken.None);

        Assert.Equal(RunStatus.Published, Assert.Single(rerun).Status);
        Assert.Empty(await service.CatchUpAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CatchUpAsync_ASetThatKeepsFailing_IsPoisonedAfterFiveAttemptsAndDoesNotHoldUpTheNext()
    {
        using var deployment = new Deployment().Land("2023-06-30").Land("2023-07-01");
        var built = deployment.Build();
        // Storage refuses everything about the 30th (its reads fail as an unreachable blob would).
        var failing = built with { Extracts = new FailingFor(built.Extracts, new DateOnly(2023, 6, 30)) };
        var service = Service(failing);

        var rounds = new List<IReadOnlyList<RunOutcome>>();
        for (var i = 0; i < 7; i++)
        {
            rounds.Add(await service.CatchUpAsync(CancellationToken.None));
        }

        var bad = (await failing.Extracts.ListSetsAsync(CancellationToken.None))[0];
        var entry = await built.Ledger.GetAsync(bad.AsAt, bad.ManifestETag, CancellationToken.None);
        Assert.Equal((LedgerStatus.Poison, 5), (entry!.Status, entry.Attempts));
        Assert.Contains("the blob store is unreachable", entry.LastError);
        // The 1st published on the first round, the 30th was tried on rounds 1-5 and then left alone.
        Assert.Equal([RunStatus.Failed, RunStatus.Published], rounds[0].Select(o => o.Status));
        Assert.Equal([1, 1, 1, 1, 0, 0], rounds.Skip(1).Select(r => r.Count));
    }

    [Fact]
    public async Task WarnIfTonightsSetIsMissingAsync_YesterdayInLondonNotLanded_ReturnsFalse()
    {
        using var deployment = new Deployment().Land("2023-06-30");
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST): tonight's set is the 1st's, not yet landed.
        var late = Service(deployment.Build(), new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 23, 30, 0, TimeSpan.Zero)));
        // 01:30 UTC on 1 July is 02:30 on 1 July in London: tonight's set is the 30th's, which has landed.
        var early = Service(deployment.Build(), new FakeTimeProvider(new DateTimeOffset(2023, 7, 1, 1, 30, 0, TimeSpan.Zero)));

        Assert.False(await late.WarnIfTonightsSetIsMissingAsync(london, CancellationToken.None));
        Assert.True(await early.WarnIfTonightsSetIsMissingAsync(london, CancellationToken.None));
    }

    /// <summary>An extract store whose files for one night cannot be read: the storage failure a run must survive.</summary>
    private sealed class FailingFor(IExtractStore inner, DateOnly broken) : IExtractStore
    {
        public string Location => inner.Location;

        public Task<IReadOnlyList<LandedSet>> ListSetsAsync(CancellationToken cancellationToken) => inner.ListSetsAsync(cancellationToken);

        public IExtractSource Open(DateOnly asAt) => asAt == broken ? new Unreachable(inner.Open(asAt)) : inner.Open(asAt);

        private sealed class Unreachable(IExtractSource inner) : IExtractSource
        {
            public string Location => inner.Location;

            public Task<IReadOnlyList<string>> ListFilesAsync(CancellationToken cancellationToken) => throw new IOException("the blob store is unreachable");

            public Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken) =>
                name == "manifest.json" ? inner.OpenAsync(name, cancellationToken) : throw new IOException("the blob store is unreachable");
        }
    }
}
