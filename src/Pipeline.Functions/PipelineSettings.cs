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
    /// <remarks>
    /// App settings are environment variables, and configuration reads <c>A__b</c> as the key <c>A:b</c>: the names
    /// here are the settings' names, looked up in configuration's form.
    /// </remarks>
    public static PipelineSettings From(IConfiguration configuration) => new(
        configuration[Key(StorageConnection)] is { Length: > 0 } connection ? connection
            : configuration[Key(StorageBlobServiceUri)] ?? throw new InvalidOperationException($"set {StorageConnection} or {StorageBlobServiceUri}"),
        TimeZoneInfo.FindSystemTimeZoneById(configuration[Key(BusinessTimeZoneSetting)] ?? "Europe/London"));

    private static string Key(string setting) => setting.Replace("__", ":", StringComparison.Ordinal);

    public AzureStorageAccount Connect() => AzureStorageAccount.Connect(Storage);
}
