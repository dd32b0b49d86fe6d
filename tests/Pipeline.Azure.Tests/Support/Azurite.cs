using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Tests.Support;

/// <summary>
/// A real Azurite (the npm package the repository pins) on free loopback ports, one per test so that tests share
/// nothing. Stopped by its own process id: SIGINT, then SIGKILL if it has not gone within a few seconds (it can
/// hang once clients have connected). Never by name.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    // Azurite's published development account (not a secret: it is in Azurite's README).
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string? location;
    private Process? process;

    private Azurite(int blobPort, int tablePort, string? location)
    {
        BlobPort = blobPort;
        TablePort = tablePort;
        this.location = location;
    }

    public int BlobPort { get; }

    public int TablePort { get; }

    /// <summary>The queue service: the rerun requests' queue (refresh-requests) lives there.</summary>
    public int QueuePort { get; } = FreePort();

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;";

    /// <summary>Starts Azurite in memory, or persisting to <paramref name="location"/> so that it survives a restart.</summary>
    public static async Task<Azurite> StartAsync(string? location = null)
    {
        var azurite = new Azurite(FreePort(), FreePort(), location);
        await azurite.StartProcessAsync();
        return azurite;
    }

    /// <summary>Kills it the hard way (SIGKILL), as a crashed host would leave it.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts it again on the same ports (and the same location).</summary>
    public Task RestartAsync() => StartProcessAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        if (location is null && workFolder is not null)
        {
            try
            {
                Directory.Delete(workFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Stops it the polite way (SIGINT, so it saves what it persists), then SIGKILL after 5 s.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            // SIGINT lets it close cleanly; .NET has no API for it, so the system's kill(1), by process id.
            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
    }

    private string? workFolder;

    private async Task StartProcessAsync()
    {
        var executable = Path.Combine(Repo.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run `npm ci` at the repository root");
        }

        workFolder ??= location ?? Path.Combine(Path.GetTempPath(), "pipeline-azurite", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workFolder);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workFolder,
        };
        foreach (var arg in new[]
                 {
                     "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl",
                     "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        // In memory unless the test needs it to survive a restart; either way its files stay in its own folder.
        start.ArgumentList.Add(location is null ? "--inMemoryPersistence" : "--location");
        if (location is not null)
        {
            start.ArgumentList.Add(location);
        }

        process = Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!(await Accepts(BlobPort) && await Accepts(TablePort) && await Accepts(QueuePort)))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                lock (errors)
                {
                    throw new InvalidOperationException($"Azurite did not start on ports {BlobPort}/{TablePort}/{QueuePort}: {errors}");
                }
            }

            await Task.Delay(100);
        }
    }

    private static async Task<bool> Accepts(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
