using Azure.Core.Pipeline;

namespace Pipeline.Azure;

/// <summary>Names and tuning of the Azure back end, with the defaults the infrastructure in <c>infra/</c> creates.</summary>
public sealed class AzureStorageOptions
{
    public string ExtractsContainer { get; set; } = "extracts";

    /// <summary>Aggregates (and latest.json): what BI tools and dashboards may read.</summary>
    public string PublishedContainer { get; set; } = "published";

    /// <summary>Child-level outputs (issues, quarantined rows, reports): granted separately.</summary>
    public string RestrictedContainer { get; set; } = "restricted";

    public string ReferenceContainer { get; set; } = "reference";

    /// <summary>Each storage call is abandoned after this long and retried if attempts remain.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries after the first attempt of a call that failed transiently.</summary>
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>The first back-off; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The writer lease on an as_at (15-60 s); renewed at a third of it while the run works.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Size of each ranged read when streaming an extract file.</summary>
    public int ReadChunkBytes { get; set; } = 4 << 20;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The HTTP transport; tests put a fault-injecting one here. Null: the SDK's default.</summary>
    public HttpPipelineTransport? Transport { get; set; }
}
