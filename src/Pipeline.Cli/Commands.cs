using System.CommandLine;
using System.Globalization;
using Pipeline.Application;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Azure;
using Pipeline.Hosting;
using Pipeline.Publish;
using Pipeline.Reference;
using Pipeline.Storage;
using Pipeline.Synthetic;

namespace Pipeline.Cli;

/// <summary>The <c>pipeline</c> command line: hosts only wire the application service and report.</summary>
public static class Commands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Children's social care performance pipeline: ingest an SSD extract, check it, compute the indicators, publish a snapshot.");
        root.Subcommands.Add(RunCommand());
        root.Subcommands.Add(BackfillCommand());
        root.Subcommands.Add(ServeCommand());
        root.Subcommands.Add(LandCommand());
        root.Subcommands.Add(GenerateCommand());
        root.Subcommands.Add(DocsCommand());
        return root;
    }

    private static Command RunCommand()
    {
        var extract = new Option<string?>("--extract") { Description = "Extract set folder (default: the bundled sample, seeds/sample-extract; with --storage: land this folder first)" };
        var output = new Option<string>("--out") { Description = "Snapshot store folder (without --storage)", DefaultValueFactory = _ => "out" };
        var reference = new Option<string?>("--reference") { Description = "Reference data folder (default: seeds/reference; with --storage: the reference container)" };
        var storage = StorageOption();
        var asAt = new Option<string?>("--as-at") { Description = "With --storage: the extract set to run, yyyy-MM-dd (default: the newest landed)" };
        var command = new Command("run", "Run the nightly job once on one extract set.") { extract, output, reference, storage, asAt };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var localRun = new NightlyRun(TimeProvider.System, message => Console.WriteLine($"  {message}"));
            RunOutcome outcome;
            try
            {
                if (parse.GetValue(storage) is { } connection)
                {
                    var account = AzureStorageAccount.Connect(connection);
                    await account.EnsureCreatedAsync(cancellationToken);
                    DateOnly? landed = null;
                    if (parse.GetValue(extract) is { } folder)
                    {
                        landed = (await ExtractLanding.LandExtractAsync(account, folder, cancellationToken)).AsAt;
                    }

                    var set = ParseDate(parse.GetValue(asAt)) ?? landed ?? (await account.ListExtractSetsAsync(cancellationToken)).Cast<DateOnly?>().LastOrDefault();
                    if (set is null && account.IsDevelopmentAccount)
                    {
                        // Azurite with nothing landed: the same default as a local run, the bundled sample. Never on a real account.
                        Console.WriteLine("pipeline run: nothing has landed in the development account (Azurite); landing the bundled sample and reference data");
                        set = (await ExtractLanding.LandExtractAsync(account, SeedPath("sample-extract"), cancellationToken)).AsAt;
                        await ExtractLanding.LandReferenceAsync(account, SeedPath("reference"), cancellationToken);
                    }

                    if (set is not { } setAsAt)
                    {
                        await Console.Error.WriteLineAsync($"pipeline run: no extract set has landed in {account.Name}/{account.Options.ExtractsContainer}; land one with `pipeline land --storage ...`");
                        return 1;
                    }

                    Console.WriteLine($"pipeline run: {account.ExtractSet(setAsAt).Location}");
                    outcome = await Service(AzureDeployment(account, parse.GetValue(reference)), NullLogger.Instance).RunAsync(setAsAt, cancellationToken);
                }
                else
                {
                    var extractPath = parse.GetValue(extract) ?? SeedPath("sample-extract");
                    Console.WriteLine($"pipeline run: {extractPath}");
                    var referenceData = ReferenceData.LoadFolder(parse.GetValue(reference) ?? SeedPath("reference"));
                    outcome = await localRun.RunAsync(new LocalFolderExtractSource(extractPath), referenceData,
                        KillSwitch.Wrap(new LocalFolderSnapshotStore(parse.GetValue(output)!)), cancellationToken);
                }
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"pipeline run failed: {e.Message}");
                return 1;
            }

            Summary.Print(outcome, Console.Out);
            if (!outcome.Succeeded)
            {
                await Console.Error.WriteLineAsync($"pipeline run {outcome.Status}: {outcome.Reason}");
                // Skipped is a clean stop (another run has the as_at), told apart from a failure for schedulers.
                return outcome.Status == RunStatus.Skipped ? 3 : 1;
            }

            return 0;
        });
        return command;
    }

    private static Command BackfillCommand()
    {
        var from = new Option<string>("--from") { Description = "First as_at, yyyy-MM-dd", Required = true };
        var to = new Option<string>("--to") { Description = "Last as_at, yyyy-MM-dd", Required = true };
        var force = new Option<bool>("--force") { Description = "Rerun nights already published" };
        var (storage, extracts, output, reference) = DeploymentOptions();
        var command = new Command("backfill", "Run every landed extract set in a date range, oldest first, skipping those already published.")
        {
            from, to, force, storage, extracts, output, reference,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var service = Service(await DeploymentAsync(parse, storage, extracts, output, reference, cancellationToken), NullLogger.Instance);
                var outcomes = await service.BackfillAsync(ParseDate(parse.GetValue(from))!.Value, ParseDate(parse.GetValue(to))!.Value, parse.GetValue(force), cancellationToken);
                foreach (var outcome in outcomes)
                {
                    Console.WriteLine($"{outcome.AsAt:yyyy-MM-dd}  {outcome.Status,-9}  {outcome.RunId}{(outcome.Reason is null ? "" : "  " + outcome.Reason)}");
                }

                Console.WriteLine($"backfill: {outcomes.Count} nights run, {outcomes.Count(o => o.Succeeded)} published");
                return outcomes.All(o => o.Succeeded) ? 0 : 1;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"pipeline backfill failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command ServeCommand()
    {
        var schedule = new Option<string>("--schedule") { Description = "Six-field cron for the nightly refresh", DefaultValueFactory = _ => "0 30 1 * * *" };
        var timeZone = new Option<string>("--time-zone") { Description = "Time zone the schedule is read in (UTC, as Functions on Flex Consumption; or Europe/London)", DefaultValueFactory = _ => "UTC" };
        var poll = new Option<int>("--poll-seconds") { Description = "How often the watcher looks for new manifests", DefaultValueFactory = _ => 5 };
        var http = new Option<string?>("--http")
        {
            Description = "Also serve the dashboards and status read-only over HTTP on HOST:PORT, e.g. 127.0.0.1:8080 (off by default; a port alone means loopback). "
                + "Without --storage or --extracts it only serves the --out folder",
        };
        var (storage, extracts, output, reference) = DeploymentOptions();
        var command = new Command("serve", "Host the nightly schedule, the extract watcher and the rerun queue around the same service the Functions app calls, and optionally the dashboards over HTTP; Ctrl+C stops it after the current step.")
        {
            schedule, timeZone, poll, http, storage, extracts, output, reference,
        };
        command.SetAction(async (parse, stopping) =>
        {
            using var logging = LoggerFactory.Create(builder => builder.AddJsonConsole(o => o.IncludeScopes = true));
            var logger = logging.CreateLogger("Pipeline");
            try
            {
                var endpoint = parse.GetValue(http) is { } address ? DashboardServer.ParseEndpoint(address) : null;
                var servingOnly = endpoint is not null && parse.GetValue(storage) is null && parse.GetValue(extracts) is null;
                var deployment = servingOnly
                    ? LocalDeployment(null, parse.GetValue(output)!, parse.GetValue(reference))
                    : await DeploymentAsync(parse, storage, extracts, output, reference, stopping, drainsRequests: true);
                var service = Service(deployment, logger);
                var work = new List<Task>();
                await using var server = endpoint is null ? null : DashboardServer.Start(service, endpoint, message => Console.WriteLine(message));
                if (server is not null)
                {
                    Console.WriteLine($"pipeline serve: dashboard at {server.Address}dashboard (or /dashboard/YYYY-MM-DD), status at {server.Address}status; read-only, from {deployment.Snapshots.Location}");
                    if (!System.Net.IPAddress.IsLoopback(endpoint!.Address))
                    {
                        Console.WriteLine("pipeline serve: warning: listening beyond this machine; the listener has no sign-in, so put it behind one");
                    }

                    work.Add(server.RunAsync(stopping));
                }

                if (!servingOnly)
                {
                    var options = new ScheduleOptions { Cron = parse.GetValue(schedule)!, TimeZone = TimeZoneInfo.FindSystemTimeZoneById(parse.GetValue(timeZone)!) };
                    var scheduler = new CronScheduler(options, deployment.Ledger, TimeProvider.System);
                    var interval = TimeSpan.FromSeconds(parse.GetValue(poll));
                    var watcher = new ExtractWatcher(service, interval, TimeProvider.System, message => Console.WriteLine(message));
                    var requests = new RefreshQueueDrain(service, deployment.Requests!, interval, TimeProvider.System, message => Console.WriteLine(message));
                    Console.WriteLine($"pipeline serve: watching {deployment.Extracts.Location} and the rerun queue {deployment.Requests!.Location}; nightly at '{options.Cron}' ({options.TimeZone.Id}), next {scheduler.NextAfter(TimeProvider.System.GetUtcNow()):u}; Ctrl+C stops");
                    work.Add(watcher.RunAsync(stopping));
                    work.Add(requests.RunAsync(stopping));
                    work.Add(scheduler.RunAsync(async (pastDue, token) =>
                    {
                        Console.WriteLine(pastDue ? "schedule: past due (missed while the host was down): catching up once" : "schedule: nightly refresh");
                        await service.CatchUpAsync(token, stopping);
                    }, stopping));
                }

                await Task.WhenAll(work);
                Console.WriteLine("pipeline serve: stopped");
                return 0;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or ArgumentException or TimeZoneNotFoundException or Cronos.CronFormatException)
            {
                await Console.Error.WriteLineAsync($"pipeline serve failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static RefreshService Service(PipelineDeployment deployment, ILogger logger) =>
        new(KillSwitch.Wrap(deployment), TimeProvider.System, logger, message => Console.WriteLine($"  {message}"));

    private static PipelineDeployment AzureDeployment(AzureStorageAccount account, string? referenceFolder) =>
        account.Deployment(referenceFolder is null ? null : _ => Task.FromResult(ReferenceData.LoadFolder(referenceFolder)));

    private static (Option<string?> Storage, Option<string?> Extracts, Option<string> Output, Option<string?> Reference) DeploymentOptions() =>
    (
        StorageOption(),
        new Option<string?>("--extracts") { Description = "Without --storage: a folder of extract sets, one {as_at} folder each" },
        new Option<string>("--out") { Description = "Without --storage: the snapshot store folder", DefaultValueFactory = _ => "out" },
        new Option<string?>("--reference") { Description = "Reference data folder (default: seeds/reference; with --storage: the reference container)" }
    );

    private static async Task<PipelineDeployment> DeploymentAsync(ParseResult parse, Option<string?> storage, Option<string?> extracts, Option<string> output,
        Option<string?> reference, CancellationToken cancellationToken, bool drainsRequests = false)
    {
        if (parse.GetValue(storage) is { } connection)
        {
            var account = AzureStorageAccount.Connect(connection);
            await account.EnsureCreatedAsync(cancellationToken, withQueues: drainsRequests);
            return AzureDeployment(account, parse.GetValue(reference));
        }

        var root = parse.GetValue(extracts) ?? throw new ArgumentException("give --storage, or --extracts with a folder of {as_at} extract sets");
        return LocalDeployment(root, parse.GetValue(output)!, parse.GetValue(reference));
    }

    /// <summary>A local folder deployment; without an extracts folder (serving only) nothing is ever listed or run.</summary>
    private static PipelineDeployment LocalDeployment(string? extracts, string outFolder, string? reference)
    {
        var referenceData = ReferenceData.LoadFolder(reference ?? SeedPath("reference"));
        return new PipelineDeployment(new LocalFolderExtractStore(extracts ?? Path.Combine(outFolder, "no-extracts")), _ => Task.FromResult(referenceData),
            new LocalFolderSnapshotStore(outFolder), NoDashboardStore.Instance, new LocalFolderRunLedger(outFolder), new LocalFolderRefreshQueue(outFolder, TimeProvider.System));
    }

    private static Command LandCommand()
    {
        var extract = new Option<string?>("--extract") { Description = "Extract set folder to land in extracts/{as_at}/ (default: the bundled sample)" };
        var reference = new Option<string?>("--reference") { Description = "Reference folder to land in the reference container (default: seeds/reference)" };
        var storage = StorageOption();
        storage.Required = true;
        var command = new Command("land", "Upload an extract set and reference data to a storage account, write-once, manifest last.") { extract, reference, storage };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var account = AzureStorageAccount.Connect(parse.GetValue(storage)!);
                await account.EnsureCreatedAsync(cancellationToken);
                var set = await ExtractLanding.LandExtractAsync(account, parse.GetValue(extract) ?? SeedPath("sample-extract"), cancellationToken);
                Console.WriteLine($"extract set {set.AsAt:yyyy-MM-dd}: {set.Uploaded.Count} files landed, {set.AlreadyThere.Count} already there");
                var referenceSet = await ExtractLanding.LandReferenceAsync(account, parse.GetValue(reference) ?? SeedPath("reference"), cancellationToken);
                Console.WriteLine($"reference: {referenceSet.Uploaded.Count} files landed, {referenceSet.AlreadyThere.Count} already there");
                return 0;
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"pipeline land failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Option<string?> StorageOption() => new("--storage")
    {
        Description = "Azure storage: a connection string, UseDevelopmentStorage=true (Azurite), or https://ACCOUNT.blob.core.windows.net (managed identity / az login)",
    };

    private static DateOnly? ParseDate(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new FormatException($"'{text}' is not a yyyy-MM-dd date");

    private static Command GenerateCommand()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the extract set into", Required = true };
        var children = new Option<int>("--children") { Description = "Children aged 0-17 in the council", Required = true };
        var asAt = new Option<string>("--as-at") { Description = "Last complete day covered, yyyy-MM-dd", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives byte-identical output", DefaultValueFactory = _ => 1 };
        var years = new Option<int>("--years") { Description = "Years of history", DefaultValueFactory = _ => 6 };
        var anomalies = new Option<bool>("--anomalies") { Description = "Inject known defects, listed in _generator/anomalies.json" };
        var gzip = new Option<bool>("--gzip") { Description = "Write .csv.gz files" };
        var laCode = new Option<string>("--la-code") { Description = "Council code", DefaultValueFactory = _ => "E10000099" };
        var format = new Option<string>("--format")
        {
            Description = "ssd (default), ssda903, cin_census or annex_a; several with commas (one set holding each: ssda903,cin_census); "
                + "or all: each format in its own folder under --out (ssd, ssda903, cin_census, annex_a) and statutory (SSDA903 and CIN census together)",
            DefaultValueFactory = _ => "ssd",
        };
        var ssda903Xml = new Option<bool>("--ssda903-xml") { Description = "Write the SSDA903 as the return's XML rather than the validators' CSV tables" };
        var command = new Command("generate", "Write a synthetic, internally consistent extract set for a council, in any of the formats the pipeline reads.")
        {
            output, children, asAt, seed, years, anomalies, gzip, laCode, format, ssda903Xml,
        };
        command.SetAction(parse =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(asAt), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asAtDate))
            {
                Console.Error.WriteLine("--as-at must be a yyyy-MM-dd date");
                return 2;
            }

            var options = new GeneratorOptions
            {
                Children = parse.GetValue(children),
                AsAt = asAtDate,
                Seed = parse.GetValue(seed),
                Years = parse.GetValue(years),
                Anomalies = parse.GetValue(anomalies),
                Gzip = parse.GetValue(gzip),
                LaCode = parse.GetValue(laCode)!,
            };
            var folder = parse.GetValue(output)!;
            IReadOnlyList<(string Folder, IReadOnlyList<Extract.ExtractFormat> Formats)> sets;
            if (string.Equals(parse.GetValue(format)?.Trim(), "all", StringComparison.OrdinalIgnoreCase))
            {
                sets = [.. Pipeline.Synthetic.Formats.FormatGenerator.All.Select(s => (Path.Combine(folder, s.Folder), s.Formats))];
            }
            else
            {
                var names = (parse.GetValue(format) ?? "ssd").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var formats = names.Select(Extract.ExtractFormats.Parse).ToList();
                if (names.Length == 0 || formats.Any(f => f is null) || (formats.Contains(Extract.ExtractFormat.Ssd) && formats.Count > 1))
                {
                    Console.Error.WriteLine("--format must be ssd, ssda903, cin_census, annex_a, a comma list of the last three, or all");
                    return 2;
                }

                sets = [(folder, [.. Extract.ExtractFormats.All.Where(f => formats.Contains(f))])];
            }

            foreach (var set in Pipeline.Synthetic.Formats.FormatGenerator.Generate(options, sets, parse.GetValue(ssda903Xml)))
            {
                Console.WriteLine($"wrote {set.Rows:N0} rows in {set.Files} files ({string.Join(", ", set.Formats.Select(f => Extract.ExtractFormats.Name(f)))}) "
                    + $"and manifest.json to {Path.GetFullPath(set.Folder)}");
            }

            if (options.Anomalies)
            {
                Console.WriteLine("injected anomalies into the SSD set, listed in its _generator/anomalies.json");
            }

            return 0;
        });
        return command;
    }

    private static Command DocsCommand()
    {
        var output = new Option<string?>("--out") { Description = "Folder to write the reference pages into (default: the repository's docs/)" };
        var command = new Command("docs", "Write the indicator, data-quality rule and ingest reference pages (docs/*.md) from the catalogue and the rule registry.") { output };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output) ?? RepositoryPath("docs");
            Directory.CreateDirectory(folder);
            foreach (var (file, content) in Pipeline.Documentation.ReferenceDocs.All())
            {
                File.WriteAllText(Path.Combine(folder, file), content);
                Console.WriteLine($"wrote {Path.Combine(folder, file)}");
            }

            return 0;
        });
        return command;
    }

    // The repository's own folder (docs/), found as the seeds are: from the working directory or the program's folder.
    private static string RepositoryPath(string name)
    {
        var seeds = SeedPath("reference");
        var root = Directory.GetParent(Path.GetDirectoryName(Path.GetFullPath(seeds))!)!.FullName;
        return Path.Combine(root, name);
    }

    // The bundled seeds are found from the working directory or the program's own folder, so the README's
    // command works from the repository root and from anywhere inside it.
    private static string SeedPath(string name)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seeds", name);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine("seeds", name);
    }
}
