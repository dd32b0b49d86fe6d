using Microsoft.Extensions.Configuration;
using Pipeline.Azure;

namespace Pipeline.Functions;

/// <summary>The app settings the functions read; every name is in local.settings.sample.json (a test checks).</summary>
public sealed record PipelineSettings(string Storage, TimeZoneInfo BusinessTimeZone)
{
    public const string StorageConnection = "PipelineStorage";
    public const string StorageBlobServiceUri = "PipelineStorage__blobServiceUri";
    public const string BusinessTimeZoneSetting = "BusinessTimeZone";

    /// <summary>A connection string (Azurite, local) or, in Azure, the identity-based blob service URI.</summary>
    public static PipelineSettings From(IConfiguration configuration) => new(
        configuration[StorageConnection] is { Length: > 0 } connection ? connection
            : configuration[StorageBlobServiceUri] ?? throw new InvalidOperationException($"set {StorageConnection} or {StorageBlobServiceUri}"),
        TimeZoneInfo.FindSystemTimeZoneById(configuration[BusinessTimeZoneSetting] ?? "Europe/London"));

    public AzureStorageAccount Connect() => AzureStorageAccount.Connect(Storage);
}
