using Azure.Core.Pipeline;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Application;
using Pipeline.Azure;
using Pipeline.Reference;
using Pipeline.Synthetic;

namespace Pipeline.Tests.Support;

/// <summary>Shared set-up for the storage tests: a small generated council, landed in a fresh Azurite.</summary>
public static class Scenario
{
    public static readonly DateOnly AsAt = new(2026, 10, 31);

    private static readonly Lazy<string> SmallExtract = new(() => ExtractFor(AsAt));

    /// <summary>A generated 2,000-child council for <paramref name="asAt"/>, made once per machine and reused.</summary>
    public static string ExtractFor(DateOnly asAt)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pipeline-tests", $"azure-small-extract-2000-{asAt:yyyyMMdd}");
        if (!File.Exists(Path.Combine(folder, "manifest.json")))
        {
            var staging = folder + "." + Guid.NewGuid().ToString("N");
            ExtractGenerator.Generate(new GeneratorOptions { Children = 2000, AsAt = asAt, Seed = 7 }, staging);
            try
            {
                Directory.Move(staging, folder);
            }
            catch (IOException)
            {
                // Another test process made it first: same seed, same bytes.
            }
        }

        return folder;
    }

    /// <summary>A generated 2,000-child council (about 12,000 rows): big enough to exercise every table, quick to run.</summary>
    public static string Extract => SmallExtract.Value;

    public static ReferenceData Reference { get; } = ReferenceData.LoadFolder(Repo.Seeds("reference"));

    public static AzureStorageAccount Account(Azurite azurite, HttpMessageHandler? handler = null, Action<AzureStorageOptions>? configure = null)
    {
        var options = new AzureStorageOptions { RetryDelay = TimeSpan.FromMilliseconds(20), AttemptTimeout = TimeSpan.FromSeconds(20) };
        if (handler is not null)
        {
            options.Transport = new HttpClientTransport(new HttpClient(handler));
        }

        configure?.Invoke(options);
        return AzureStorageAccount.Connect(azurite.ConnectionString, options);
    }

    /// <summary>
    /// A fresh account with the containers, tables and queues made (as infra/ makes them), the repository's reference data
    /// (a deployment without it refuses to run) and the small council landed.
    /// </summary>
    public static async Task<AzureStorageAccount> LandedAsync(Azurite azurite)
    {
        var account = Account(azurite);
        await account.EnsureCreatedAsync(CancellationToken.None, withQueues: true);
        await ExtractLanding.LandReferenceAsync(account, Repo.Seeds("reference"), CancellationToken.None);
        await ExtractLanding.LandExtractAsync(account, Extract, CancellationToken.None);
        return account;
    }

    public static FakeTimeProvider Clock(int hour = 1) => new(new DateTimeOffset(2026, 11, 1, hour, 30, 0, TimeSpan.Zero));

    public static Task<RunOutcome> RunAsync(AzureStorageAccount account, TimeProvider clock, Action<string>? progress = null) =>
        new NightlyRun(clock, progress) { Dashboards = account.Dashboards() }
            .RunAsync(account.ExtractSet(AsAt), Reference, account.Snapshots());
}
