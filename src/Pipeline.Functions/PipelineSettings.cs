using Cronos;
using Microsoft.Extensions.Configuration;
using Pipeline.Azure;

namespace Pipeline.Functions;

/// <summary>A setting the app cannot start without is missing or malformed; the message names it, on one line.</summary>
public sealed class InvalidSettingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The app settings the worker reads, each checked at start-up so a bad one stops the app with its name rather than
/// failing the first run at night. Every name is in local.settings.sample.json, and infra/main.bicep sets each one
/// (tests hold both to it).
/// </summary>
/// <remarks>
/// App settings are environment variables, and configuration reads <c>A__b</c> as the key <c>A:b</c>: the names here
/// are the settings' names, looked up in configuration's form. As for the host's own bindings, a <c>PipelineStorage</c>
/// connection string wins over the identity-based <c>PipelineStorage__*ServiceUri</c> settings.
/// </remarks>
public sealed class PipelineSettings
{
    public const string StorageConnection = "PipelineStorage";
    public const string BlobServiceUri = "PipelineStorage__blobServiceUri";
    public const string QueueServiceUri = "PipelineStorage__queueServiceUri";
    public const string TableServiceUri = "PipelineStorage__tableServiceUri";
    public const string NightlyScheduleSetting = "NightlySchedule";
    public const string BusinessTimeZoneSetting = "BusinessTimeZone";

    private readonly Func<AzureStorageOptions?, AzureStorageAccount> connect;

    private PipelineSettings(Func<AzureStorageOptions?, AzureStorageAccount> connect, string nightlySchedule, TimeZoneInfo businessTimeZone)
    {
        this.connect = connect;
        NightlySchedule = nightlySchedule;
        BusinessTimeZone = businessTimeZone;
    }

    /// <summary>Six-field NCRONTAB, in UTC (Flex Consumption ignores WEBSITE_TIME_ZONE); the timer reads it as %NightlySchedule%.</summary>
    public string NightlySchedule { get; }

    /// <summary>The council's calendar, for "tonight's set": as_at dates are business dates, schedules are UTC.</summary>
    public TimeZoneInfo BusinessTimeZone { get; }

    /// <exception cref="InvalidSettingException">A setting is missing or malformed.</exception>
    public static PipelineSettings From(IConfiguration configuration)
    {
        string? Read(string setting) => configuration[setting.Replace("__", ":", StringComparison.Ordinal)] is { Length: > 0 } value ? value : null;
        string Required(string setting, string what) => Read(setting) ?? throw new InvalidSettingException($"{setting} is not set: {what}");

        var schedule = Required(NightlyScheduleSetting, "the nightly run's six-field cron, seconds first, in UTC (e.g. 0 30 1 * * *)");
        try
        {
            CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new InvalidSettingException($"{NightlyScheduleSetting} '{schedule}' is not a six-field cron, seconds first (e.g. 0 30 1 * * *)", e);
        }

        var zoneId = Required(BusinessTimeZoneSetting, "the council's time zone (Europe/London)");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new InvalidSettingException($"{BusinessTimeZoneSetting} '{zoneId}' is not a time zone (Europe/London)");
        }

        return new PipelineSettings(Storage(Read), schedule, zone);
    }

    /// <summary>The pipeline's storage account, as the settings name it (options: the tests' faster retries).</summary>
    public AzureStorageAccount Connect(AzureStorageOptions? options = null) => connect(options);

    private static Func<AzureStorageOptions?, AzureStorageAccount> Storage(Func<string, string?> read)
    {
        if (read(StorageConnection) is { } connection)
        {
            try
            {
                AzureStorageAccount.Connect(connection);
            }
            catch (ArgumentException e)
            {
                // Never echoed: a connection string can hold the account key.
                throw new InvalidSettingException($"{StorageConnection} is not a storage connection string (its value is not shown: it may hold a key)", e);
            }

            return options => AzureStorageAccount.Connect(connection, options);
        }

        if (new[] { BlobServiceUri, QueueServiceUri, TableServiceUri }.All(s => read(s) is null))
        {
            throw new InvalidSettingException(
                $"{StorageConnection} is not set: give a storage connection string (locally) or {BlobServiceUri}, {QueueServiceUri} and {TableServiceUri} (identity-based, in Azure)");
        }

        Uri Service(string setting) =>
            read(setting) is not { } text ? throw new InvalidSettingException($"{setting} is not set: identity-based storage needs {BlobServiceUri}, {QueueServiceUri} and {TableServiceUri}")
            : Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)) ? uri
            : throw new InvalidSettingException($"{setting} '{text}' is not an https URL of the storage account's service (https://ACCOUNT.blob.core.windows.net)");

        var (blob, queue, table) = (Service(BlobServiceUri), Service(QueueServiceUri), Service(TableServiceUri));
        return options => AzureStorageAccount.Connect(blob, queue, table, options);
    }
}
