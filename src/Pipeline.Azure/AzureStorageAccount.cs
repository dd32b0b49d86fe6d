using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Pipeline.Application;
using Pipeline.Reference;
using Pipeline.Storage;

namespace Pipeline.Azure;

/// <summary>
/// One storage account seen through the core's seams: extract sets in <c>extracts/{as_at}/</c>, snapshots in
/// <c>published</c> and <c>restricted</c>, reference data in <c>reference</c>, dashboards in Table storage, rerun
/// requests on the <c>refresh-requests</c> queue.
/// </summary>
public sealed class AzureStorageAccount
{
    private AzureStorageAccount(BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient queues, AzureStorageOptions options)
    {
        Blobs = blobs;
        Tables = tables;
        Queues = queues;
        Options = options;
        Resilience = new StorageResilience(options);
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public AzureStorageOptions Options { get; }

    public StorageResilience Resilience { get; }

    /// <summary>The account's name: what messages say, never a key or a token.</summary>
    public string Name => Blobs.AccountName;

    /// <summary>Azurite's well-known development account, where a tool may land sample data on its own.</summary>
    public bool IsDevelopmentAccount => Name == "devstoreaccount1" && Blobs.Uri.IsLoopback;

    /// <summary>
    /// Connects from what <c>--storage</c> says: a connection string (including <c>UseDevelopmentStorage=true</c>
    /// for Azurite), or an account's blob URL (<c>https://NAME.blob.core.windows.net</c>), reached with
    /// <see cref="DefaultAzureCredential"/> (managed identity in Azure, the developer's login elsewhere).
    /// </summary>
    public static AzureStorageAccount Connect(string storage, AzureStorageOptions? options = null)
    {
        if (Uri.TryCreate(storage, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" && !storage.Contains(';', StringComparison.Ordinal))
        {
            Uri Service(string name) => new UriBuilder(url) { Host = url.Host.Replace(".blob.", $".{name}.", StringComparison.OrdinalIgnoreCase), Path = "" }.Uri;
            return Connect(new UriBuilder(url) { Path = "" }.Uri, Service("queue"), Service("table"), options);
        }

        options ??= new AzureStorageOptions();
        var (blobOptions, tableOptions, queueOptions) = ClientOptions(options);
        try
        {
            return new AzureStorageAccount(new BlobServiceClient(storage, blobOptions), new TableServiceClient(storage, tableOptions),
                new QueueServiceClient(storage, queueOptions), options);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The connection string itself is never echoed: it holds the account key.
            throw new ArgumentException("--storage is neither a storage connection string nor an https://ACCOUNT.blob.core.windows.net URL", nameof(storage), e);
        }
    }

    /// <summary>
    /// Connects to each service by its own URL with <see cref="DefaultAzureCredential"/>: what the Functions app's
    /// identity-based settings (<c>PipelineStorage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>) give.
    /// </summary>
    public static AzureStorageAccount Connect(Uri blobService, Uri queueService, Uri tableService, AzureStorageOptions? options = null)
    {
        options ??= new AzureStorageOptions();
        var (blobOptions, tableOptions, queueOptions) = ClientOptions(options);
        var credential = new DefaultAzureCredential();
        return new AzureStorageAccount(new BlobServiceClient(blobService, credential, blobOptions), new TableServiceClient(tableService, credential, tableOptions),
            new QueueServiceClient(queueService, credential, queueOptions), options);
    }

    private static (BlobClientOptions, TableClientOptions, QueueClientOptions) ClientOptions(AzureStorageOptions options)
    {
        // Base64, as the Functions queue trigger reads messages by default (host.json queues.messageEncoding).
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var blobOptions = new BlobClientOptions();
        var tableOptions = new TableClientOptions();
        // One retry policy, in StorageResilience: the SDK's own would multiply attempts and hide faults from it.
        blobOptions.Retry.MaxRetries = 0;
        tableOptions.Retry.MaxRetries = 0;
        queueOptions.Retry.MaxRetries = 0;
        if (options.Transport is { } transport)
        {
            blobOptions.Transport = transport;
            tableOptions.Transport = transport;
            queueOptions.Transport = transport;
        }

        return (blobOptions, tableOptions, queueOptions);
    }

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);

    /// <summary>Creates the containers and tables if they are missing (the infrastructure normally has).</summary>
    /// <param name="withQueues">
    /// The rerun queues too: only for a host that drains them (<c>pipeline serve</c>), so that running or landing
    /// needs no queue rights on the account.
    /// </param>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken, bool withQueues = false)
    {
        foreach (var container in new[] { Options.ExtractsContainer, Options.PublishedContainer, Options.RestrictedContainer, Options.ReferenceContainer })
        {
            await Resilience.RunAsync($"creating container {container}",
                async token => await Container(container).CreateIfNotExistsAsync(cancellationToken: token), cancellationToken);
        }

        foreach (var table in TableDashboardStore.TableNames.Concat(TableRunLedger.TableNames))
        {
            await Resilience.RunAsync($"creating table {table}",
                async token => await Tables.CreateTableIfNotExistsAsync(table, token), cancellationToken);
        }

        if (withQueues)
        {
            foreach (var queue in new[] { RefreshQueue.Name, RefreshQueue.PoisonName })
            {
                await Resilience.RunAsync($"creating queue {queue}",
                    async token => await Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: token), cancellationToken);
            }
        }
    }

    public ISnapshotStore Snapshots() => new BlobSnapshotStore(this);

    public IDashboardStore Dashboards() => new TableDashboardStore(this);

    public IExtractSource ExtractSet(DateOnly asAt) => new BlobExtractSource(this, asAt);

    public IExtractStore Extracts() => new BlobExtractStore(this);

    public IRunLedger Ledger() => new TableRunLedger(this);

    public IRefreshQueue Requests() => new StorageQueueRefreshQueue(this);

    /// <summary>The whole deployment in this account, as the application service takes it.</summary>
    public PipelineDeployment Deployment(Func<CancellationToken, Task<ReferenceData>>? loadReference = null) =>
        new(Extracts(), loadReference ?? LoadReferenceAsync, Snapshots(), Dashboards(), Ledger(), Requests());

    /// <summary>
    /// The as_at of every extract set whose <c>manifest.json</c> has landed (the exporter uploads it last, so
    /// a set without one is still arriving), oldest first.
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> ListExtractSetsAsync(CancellationToken cancellationToken) =>
        [.. (await Extracts().ListSetsAsync(cancellationToken)).Select(s => s.AsAt)];

    /// <summary>Reads the reference data from the <c>reference</c> container; a required file absent throws, naming it.</summary>
    public async Task<ReferenceData> LoadReferenceAsync(CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in ReferenceData.FileNames)
        {
            if (await DownloadOrNullAsync(Options.ReferenceContainer, name, cancellationToken) is { } bytes)
            {
                files[name] = bytes;
            }
        }

        return ReferenceData.Load(files.GetValueOrDefault, $"{Name}/{Options.ReferenceContainer}");
    }

    internal async Task<(byte[] Content, ETag ETag)?> DownloadWithETagAsync(string container, string blob, CancellationToken cancellationToken)
    {
        try
        {
            return await Resilience.RunAsync($"reading {container}/{blob}", async token =>
            {
                var result = await Container(container).GetBlobClient(blob).DownloadContentAsync(token);
                return ((byte[] Content, ETag ETag)?)(result.Value.Content.ToArray(), result.Value.Details.ETag);
            }, cancellationToken, e => e.Status == 404);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    internal async Task<byte[]?> DownloadOrNullAsync(string container, string blob, CancellationToken cancellationToken) =>
        (await DownloadWithETagAsync(container, blob, cancellationToken))?.Content;
}
