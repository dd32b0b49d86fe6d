using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Pipeline.Azure;
using Pipeline.Storage;
using Pipeline.Tests.Support;

namespace Pipeline.Tests;

/// <summary>
/// infra/: the Bicep compiles and lints clean under infra/bicepconfig.json, and what it would deploy (the offline
/// `bicep snapshot` of main.bicepparam, with loops expanded and role ids resolved) has the pipeline's containers
/// and tables, a locked-down storage, a Flex Consumption .NET 10 app with a system-assigned identity, only the
/// allowed data roles, and app settings named as in local.settings.sample.json. infra/post-deploy.sh is run
/// against a stand-in az. Nothing here reaches Azure.
/// </summary>
public sealed class InfraTests : IClassFixture<InfraTests.Infra>
{
    // The storage data-plane roles the app's identity may hold, and nothing else
    // (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    // The Entra app registration and tenant the sign-in snapshot is made with: stand-ins, nothing real.
    private const string SignInClientId = "6f1c2a52-3d4e-4b8a-9c0d-1e2f3a4b5c6d";
    private const string StandInTenantId = "11111111-2222-3333-4444-555555555555";

    // Never: Owner, Contributor, User Access Administrator, Storage Account Contributor (lists account keys).
    private static readonly string[] ForbiddenRoles =
    [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        "b24988ac-6180-462e-9c09-04e2b5dba5ff",
        "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
        "17d1049b-9a84-46fb-8f53-869881c3d3ab",
    ];

    /// <summary>
    /// App settings that exist only in Azure and so are not in local.settings.sample.json. Empty on purpose: on
    /// Flex Consumption the runtime and deployment live in functionAppConfig, so no FUNCTIONS_*/WEBSITE_* setting
    /// is needed. Add a name here only with the reason beside it.
    /// </summary>
    private static readonly string[] AzureOnlySettings = [];

    private static readonly string[] PipelineContainers = ["extracts", "published", "restricted", "reference"];

    // What the code reads and writes: the Bicep must create exactly these.
    private static readonly string[] PipelineTables = [.. TableDashboardStore.TableNames.Concat(TableRunLedger.TableNames)];

    private static readonly string[] PipelineQueues = [RefreshQueue.Name, RefreshQueue.PoisonName];

    private readonly Infra infra;

    public InfraTests(Infra infra) => this.infra = infra;

    [Fact]
    public void Build_MainTemplate_CompilesWithoutErrorsOrWarnings()
    {
        Assert.True(infra.Build.ExitCode == 0, infra.Build.Output);
        AssertNoDiagnostics(infra.Build.Output);
        Assert.EndsWith("/deploymentTemplate.json#", infra.Template.GetProperty("$schema").GetString(), StringComparison.Ordinal); // resource group scope
    }

    [Fact]
    public void Lint_TemplateAndParameters_ReportNothing()
    {
        foreach (var file in new[] { "main.bicep", "main.bicepparam" })
        {
            var (exitCode, output) = infra.Bicep("lint", Path.Combine(infra.Folder.Path, file));

            Assert.True(exitCode == 0, $"bicep lint {file}:\n{output}");
            AssertNoDiagnostics(output);
        }
    }

    [Fact]
    public void Lint_TemplateBreakingARule_FailsWithAnError()
    {
        using var broken = infra.CopyOfInfra();
        File.AppendAllText(broken.File("main.bicep"), "\nparam forgotten string = 'x'\nvar arm = 'https://management.azure.com'\noutput armUrl string = arm\n");

        var (exitCode, output) = infra.Bicep("lint", broken.File("main.bicep"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Error no-unused-params", output);
        Assert.Contains("Error no-hardcoded-env-urls", output);
    }

    [Fact]
    public void Snapshot_PipelineStorage_HasTheFourContainersTheTablesAndTheRerunQueues()
    {
        var data = infra.Resource("Microsoft.Storage/storageAccounts", infra.OutputString("dataStorageAccountName"));
        var prefix = $"{data.Name}/default/";

        var containers = infra.Resources("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(c => c.Name[prefix.Length..]);
        var tables = infra.Resources("Microsoft.Storage/storageAccounts/tableServices/tables")
            .Where(t => t.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(t => t.Name[prefix.Length..]);
        var queues = infra.Resources("Microsoft.Storage/storageAccounts/queueServices/queues").Select(q => q.Name).ToList();

        Assert.Equal(PipelineContainers.Order(), containers.Order());
        Assert.Equal(8, PipelineTables.Length);
        Assert.Equal(PipelineTables.Order(), tables.Order());
        // Both on the pipeline's account, the queue trigger's connection (PipelineStorage), none on the host's.
        Assert.Equal(["refresh-requests", "refresh-requests-poison"], PipelineQueues);
        Assert.Equal(PipelineQueues.Select(q => prefix + q).Order(), queues.Order());
        Assert.All(
            infra.Resources("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => Assert.Equal("None", c.Json.GetProperty("properties").GetProperty("publicAccess").GetString()));
    }

    [Fact]
    public void Snapshot_StorageAccounts_AreLockedDownAndKeyless()
    {
        var accounts = infra.Resources("Microsoft.Storage/storageAccounts").ToList();

        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, account =>
        {
            var properties = account.Json.GetProperty("properties");
            Assert.Equal("StorageV2", account.Json.GetProperty("kind").GetString());
            Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
            Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
            Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
            Assert.True(properties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        });
    }

    [Fact]
    public void Snapshot_FunctionApp_IsFlexConsumptionDotnet10WithSystemAssignedIdentity()
    {
        var app = infra.Resource("Microsoft.Web/sites", infra.OutputString("functionAppName"));
        var plan = Assert.Single(infra.Resources("Microsoft.Web/serverfarms"));
        var config = app.Json.GetProperty("properties").GetProperty("functionAppConfig");
        var deployment = config.GetProperty("deployment").GetProperty("storage");
        var hostAccount = infra.OutputString("hostStorageAccountName");

        Assert.Equal("functionapp,linux", app.Json.GetProperty("kind").GetString());
        Assert.Equal("SystemAssigned", app.Json.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal("FC1", plan.Json.GetProperty("sku").GetProperty("name").GetString());
        Assert.Equal("FlexConsumption", plan.Json.GetProperty("sku").GetProperty("tier").GetString());
        Assert.True(plan.Json.GetProperty("properties").GetProperty("reserved").GetBoolean());
        Assert.EndsWith(plan.Name, app.Json.GetProperty("properties").GetProperty("serverFarmId").GetString(), StringComparison.Ordinal);
        Assert.Equal("dotnet-isolated", config.GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("10.0", config.GetProperty("runtime").GetProperty("version").GetString());
        Assert.Equal("SystemAssignedIdentity", deployment.GetProperty("authentication").GetProperty("type").GetString());

        // The package container exists on the host's account, and the app is told to deploy from it.
        var packageContainer = Assert.Single(
            infra.Resources("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => c.Name.StartsWith($"{hostAccount}/default/", StringComparison.Ordinal));
        Assert.Contains(hostAccount, deployment.GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"'{packageContainer.Name.Split('/')[^1]}')]", deployment.GetProperty("value").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_RoleAssignments_GrantOnlyTheAllowedStorageDataRolesToTheAppPerAccount()
    {
        var app = infra.Resource("Microsoft.Web/sites", infra.OutputString("functionAppName"));
        var dataAccount = infra.Resource("Microsoft.Storage/storageAccounts", infra.OutputString("dataStorageAccountName"));
        var hostAccount = infra.Resource("Microsoft.Storage/storageAccounts", infra.OutputString("hostStorageAccountName"));
        var assignments = infra.Resources("Microsoft.Authorization/roleAssignments").ToList();

        string[] RolesOn(Resource account) => assignments
            .Where(a => a.Id.StartsWith($"{account.Id}/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal))
            .Select(a => a.Json.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!.Split('/')[^1])
            .Order()
            .ToArray();

        Assert.Equal(
            new[] { StorageBlobDataContributor, StorageQueueDataContributor, StorageTableDataContributor }.Order(),
            RolesOn(dataAccount));
        Assert.Equal(
            new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor }.Order(),
            RolesOn(hostAccount));
        Assert.Equal(6, assignments.Count); // none at any other scope
        Assert.All(assignments, a =>
        {
            var properties = a.Json.GetProperty("properties");
            Assert.Equal("ServicePrincipal", properties.GetProperty("principalType").GetString());
            Assert.Equal($"[reference('{app.Id}', '{app.ApiVersion}', 'full').identity.principalId]", properties.GetProperty("principalId").GetString());
        });
        foreach (var forbidden in ForbiddenRoles)
        {
            Assert.DoesNotContain(forbidden, infra.TemplateText, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(forbidden, infra.SnapshotText, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Snapshot_RerunQueue_TheAppMaySendAndProcessOnThePipelineAccountOnly()
    {
        var dataAccount = infra.Resource("Microsoft.Storage/storageAccounts", infra.OutputString("dataStorageAccountName"));
        var queueRoles = infra.Resources("Microsoft.Authorization/roleAssignments")
            .Where(a => a.Json.GetProperty("properties").GetProperty("roleDefinitionId").GetString()!.EndsWith(StorageQueueDataContributor, StringComparison.Ordinal))
            .Select(a => a.Id[..a.Id.IndexOf("/providers/Microsoft.Authorization/", StringComparison.Ordinal)])
            .ToList();

        // RefreshNow sends and RunRequested receives, deletes and poisons through connection PipelineStorage: one
        // Storage Queue Data Contributor, scoped to that account (the other is the host's own, on its account).
        Assert.Contains(dataAccount.Id, queueRoles);
        Assert.Equal(2, queueRoles.Count);
        Assert.DoesNotContain(queueRoles, scope => !scope.Contains("/Microsoft.Storage/storageAccounts/", StringComparison.Ordinal));
    }

    [Fact]
    public void Snapshot_InstanceMemory_DefaultsToTheSizeThatFitsALargeCouncil()
    {
        var app = infra.Resource("Microsoft.Web/sites", infra.OutputString("functionAppName"));
        var parameter = infra.Template.GetProperty("parameters").GetProperty("instanceMemoryMB");

        // bench/README.md: a 140,000-child council peaks at 180-300 MB; 512 MB leaves the host no room beside it.
        Assert.Equal(2048, parameter.GetProperty("defaultValue").GetInt32());
        Assert.Equal([512, 2048, 4096], parameter.GetProperty("allowedValues").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(2048, app.Json.GetProperty("properties").GetProperty("functionAppConfig").GetProperty("scaleAndConcurrency").GetProperty("instanceMemoryMB").GetInt32());
    }

    [Fact]
    public void Snapshot_AppSettings_AreNamedAsInLocalSettingsSampleAndIdentityBased()
    {
        var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "local.settings.sample.json")));
        var known = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).Concat(AzureOnlySettings).ToHashSet(StringComparer.Ordinal);
        var settings = AppSettings().ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

        Assert.All(settings.Keys, name => Assert.True(known.Contains(name), $"app setting {name} is neither in local.settings.sample.json nor in AzureOnlySettings"));
        string[] required =
        [
            "AzureWebJobsStorage__accountName", "PipelineStorage__blobServiceUri", "PipelineStorage__queueServiceUri",
            "PipelineStorage__tableServiceUri", "NightlySchedule", "BusinessTimeZone", "APPLICATIONINSIGHTS_CONNECTION_STRING",
        ];
        Assert.Equal(required.Order(), settings.Keys.Order());

        // Identity-based: account name and service URIs, never a connection string or key.
        Assert.Equal(infra.OutputString("hostStorageAccountName"), settings["AzureWebJobsStorage__accountName"]);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.DoesNotContain("PipelineStorage", settings.Keys);
        Assert.All(settings.Values, value => Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase));
        var data = infra.OutputString("dataStorageAccountName");
        Assert.Equal($"[format('https://{{0}}.blob.{{1}}', '{data}', environment().suffixes.storage)]", settings["PipelineStorage__blobServiceUri"]);
        Assert.Equal($"[format('https://{{0}}.queue.{{1}}', '{data}', environment().suffixes.storage)]", settings["PipelineStorage__queueServiceUri"]);
        Assert.Equal($"[format('https://{{0}}.table.{{1}}', '{data}', environment().suffixes.storage)]", settings["PipelineStorage__tableServiceUri"]);

        // The defaults match what the app uses locally.
        var values = sample.RootElement.GetProperty("Values");
        Assert.Equal(values.GetProperty("NightlySchedule").GetString(), settings["NightlySchedule"]);
        Assert.Equal(values.GetProperty("BusinessTimeZone").GetString(), settings["BusinessTimeZone"]);
        Assert.Contains(".ConnectionString]", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_EventGrid_SystemTopicOnThePipelineAccountAndNoSubscriptionInTheTemplate()
    {
        var data = infra.Resource("Microsoft.Storage/storageAccounts", infra.OutputString("dataStorageAccountName"));
        var topic = infra.Resource("Microsoft.EventGrid/systemTopics", infra.OutputString("eventGridSystemTopicName"));

        Assert.Equal(data.Id, topic.Json.GetProperty("properties").GetProperty("source").GetString());
        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.Json.GetProperty("properties").GetProperty("topicType").GetString());
        Assert.Equal(data.Json.GetProperty("location").GetString(), topic.Json.GetProperty("location").GetString());
        // The subscription needs the deployed app's blobs_extension key: infra/post-deploy.sh makes it.
        Assert.Empty(infra.Resources("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
    }

    [Fact]
    public void Snapshot_DashboardSignIn_AbsentByDefault()
    {
        var parameter = infra.Template.GetProperty("parameters").GetProperty("dashboardSignInClientId");

        Assert.Equal("", parameter.GetProperty("defaultValue").GetString());
        Assert.DoesNotContain(infra.Resources("Microsoft.Web/sites/config"), c => c.Name.EndsWith("/authsettingsV2", StringComparison.Ordinal));
        Assert.DoesNotContain("authsettings", infra.SnapshotText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Snapshot_DashboardSignIn_WithAClientId_EntraSignInForThisTenantInFrontOfAllButTheKeyOnlyPaths()
    {
        var signIn = infra.SignIn.Value;
        var app = signIn.Resource("Microsoft.Web/sites", signIn.OutputString("functionAppName"));
        var auth = signIn.Resource("Microsoft.Web/sites/config", $"{app.Name}/authsettingsV2").Json.GetProperty("properties");
        var validation = auth.GetProperty("globalValidation");
        var entra = auth.GetProperty("identityProviders").GetProperty("azureActiveDirectory");
        var excluded = validation.GetProperty("excludedPaths").EnumerateArray().Select(p => p.GetString()!).ToList();

        Assert.True(auth.GetProperty("platform").GetProperty("enabled").GetBoolean());
        Assert.True(validation.GetProperty("requireAuthentication").GetBoolean());
        Assert.Equal("RedirectToLoginPage", validation.GetProperty("unauthenticatedClientAction").GetString());
        Assert.Equal(["azureActiveDirectory"], auth.GetProperty("identityProviders").EnumerateObject().Select(p => p.Name));
        Assert.True(entra.GetProperty("enabled").GetBoolean());
        Assert.Equal(SignInClientId, entra.GetProperty("registration").GetProperty("clientId").GetString());
        // The deploying tenant's v2.0 issuer, on the cloud's own login endpoint (no hard-coded URL).
        Assert.Equal(
            $"[format('{{0}}{{1}}/v2.0', environment().authentication.loginEndpoint, '{StandInTenantId}')]",
            entra.GetProperty("registration").GetProperty("openIdIssuer").GetString());
        // No secret (sign-in needs only an ID token) and so nothing secret in an app setting; no token store.
        Assert.False(entra.GetProperty("registration").TryGetProperty("clientSecretSettingName", out _));
        Assert.False(auth.GetProperty("login").GetProperty("tokenStore").GetProperty("enabled").GetBoolean());
        Assert.True(auth.GetProperty("httpSettings").GetProperty("requireHttps").GetBoolean());

        // Only what cannot sign in: the blob extension's webhook (Event Grid) and the key-only APIs. Never the dashboard.
        Assert.Equal(["/api/status", "/api/refresh/*", "/runtime/webhooks/blobs"], excluded);
        Assert.DoesNotContain(excluded, p => p.StartsWith("/api/dashboard", StringComparison.Ordinal) || p is "/*" or "/api/*" || p.StartsWith("/admin", StringComparison.Ordinal));
        // The webhook post-deploy.sh subscribes Event Grid to is the one excluded.
        Assert.Contains("/runtime/webhooks/blobs?functionName=", File.ReadAllText(Path.Combine(Repo.Root, "infra", "post-deploy.sh")), StringComparison.Ordinal);

        // Everything else is as without sign-in: the parameter adds this one resource and nothing more.
        Assert.Equal(infra.ResourceCount + 1, signIn.ResourceCount);
    }

    [Fact]
    public void PostDeploy_DeployedApp_SubscribesExtractArrivedToManifestBlobCreated()
    {
        using var fake = new FakeAz();

        var (exitCode, output) = fake.RunPostDeploy("rg-pipeline");

        Assert.True(exitCode == 0, output);
        var create = Assert.Single(fake.Calls, c => c.StartsWith("eventgrid system-topic event-subscription create", StringComparison.Ordinal));
        Assert.Contains("--resource-group rg-pipeline", create, StringComparison.Ordinal);
        Assert.Contains("--system-topic-name cscpipe-evgt-test", create, StringComparison.Ordinal);
        Assert.Contains("--endpoint-type webhook", create, StringComparison.Ordinal);
        Assert.Contains(
            "--endpoint https://cscpipe-func-test.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.ExtractArrived&code=blobs-extension-key",
            create,
            StringComparison.Ordinal);
        Assert.Contains("--included-event-types Microsoft.Storage.BlobCreated", create, StringComparison.Ordinal);
        Assert.Contains("--subject-begins-with /blobServices/default/containers/extracts/", create, StringComparison.Ordinal);
        Assert.Contains("--subject-ends-with /manifest.json", create, StringComparison.Ordinal);
        Assert.Contains(fake.Calls, c => c.StartsWith("functionapp keys list", StringComparison.Ordinal) && c.Contains("--query systemKeys.blobs_extension", StringComparison.Ordinal));
        Assert.Contains(fake.Calls, c => c.StartsWith("deployment group show", StringComparison.Ordinal) && c.Contains("--name main", StringComparison.Ordinal));
        Assert.DoesNotContain("blobs-extension-key", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PostDeploy_NoBlobsExtensionKeyYet_FailsWithoutSubscribing()
    {
        using var fake = new FakeAz(blobsExtensionKey: "");

        var (exitCode, output) = fake.RunPostDeploy("rg-pipeline");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("no blobs_extension system key", output, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Calls, c => c.StartsWith("eventgrid", StringComparison.Ordinal));
    }

    [Fact]
    public void PostDeploy_FunctionNotPublished_FailsWithoutSubscribing()
    {
        using var fake = new FakeAz(functionDeployed: false);

        var (exitCode, output) = fake.RunPostDeploy("rg-pipeline");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("no function ExtractArrived", output, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Calls, c => c.StartsWith("eventgrid", StringComparison.Ordinal) || c.StartsWith("functionapp keys", StringComparison.Ordinal));
    }

    private IEnumerable<(string Name, string Value)> AppSettings()
    {
        // Both places a template can name app settings: the appsettings config resource and siteConfig.appSettings.
        foreach (var config in infra.Resources("Microsoft.Web/sites/config").Where(c => c.Name.EndsWith("/appsettings", StringComparison.Ordinal)))
        {
            foreach (var setting in config.Json.GetProperty("properties").EnumerateObject())
            {
                yield return (setting.Name, setting.Value.GetString()!);
            }
        }

        foreach (var site in infra.Resources("Microsoft.Web/sites"))
        {
            if (site.Json.GetProperty("properties").TryGetProperty("siteConfig", out var siteConfig)
                && siteConfig.TryGetProperty("appSettings", out var list))
            {
                foreach (var setting in list.EnumerateArray())
                {
                    yield return (setting.GetProperty("name").GetString()!, setting.GetProperty("value").GetString()!);
                }
            }
        }
    }

    // bicep prints each diagnostic as "FILE(LINE,COLUMN) : Level CODE: message".
    private static void AssertNoDiagnostics(string output) =>
        Assert.False(new[] { ") : Error ", ") : Warning ", ") : Info " }.Any(level => output.Contains(level, StringComparison.Ordinal)), output);

    public sealed record Resource(string Type, string Name, string Id, string ApiVersion, JsonElement Json);

    /// <summary>What a parameters file would deploy (`bicep snapshot`): loops expanded, conditions decided, role ids resolved.</summary>
    public sealed class PredictedDeployment
    {
        private readonly List<Resource> predicted;
        private readonly JsonElement outputs;

        public PredictedDeployment(string text)
        {
            Text = text;
            var snapshot = JsonDocument.Parse(text).RootElement;
            predicted = snapshot.GetProperty("predictedResources").EnumerateArray()
                .Select(r => new Resource(
                    r.GetProperty("type").GetString()!,
                    r.GetProperty("name").GetString()!,
                    r.GetProperty("id").GetString()!,
                    r.GetProperty("apiVersion").GetString()!,
                    r))
                .ToList();
            outputs = snapshot.GetProperty("outputs");
        }

        public string Text { get; }

        public int ResourceCount => predicted.Count;

        public IEnumerable<Resource> Resources(string type) => predicted.Where(r => r.Type == type);

        public Resource Resource(string type, string name) => Assert.Single(Resources(type), r => r.Name == name);

        public string OutputString(string name) => outputs.GetProperty(name).GetString()!;
    }

    /// <summary>One copy of infra/ compiled and snapshotted for the whole class (bicep takes seconds per call).</summary>
    public sealed class Infra : IDisposable
    {
        private readonly string bicep = LocateBicep();
        private readonly PredictedDeployment snapshot;

        public Infra()
        {
            Folder = CopyOfInfra();
            Build = Bicep("build", Folder.File("main.bicep"), "--outfile", Folder.File("main.json"));
            TemplateText = File.Exists(Folder.File("main.json")) ? File.ReadAllText(Folder.File("main.json")) : "{}";
            Template = JsonDocument.Parse(TemplateText).RootElement;

            // What the parameters file would deploy, evaluated offline with a stand-in subscription.
            Snapshot = Bicep(
                "snapshot", Folder.File("main.bicepparam"),
                "--subscription-id", "00000000-0000-0000-0000-000000000000",
                "--resource-group", "rg-pipeline-test",
                "--location", "uksouth");
            Assert.True(Snapshot.ExitCode == 0, Snapshot.Output);
            snapshot = new PredictedDeployment(File.ReadAllText(Folder.File("main.snapshot.json")));
            SignIn = new Lazy<PredictedDeployment>(SnapshotWithSignIn);
        }

        public TempFolder Folder { get; }

        public (int ExitCode, string Output) Build { get; }

        public (int ExitCode, string Output) Snapshot { get; }

        public string TemplateText { get; }

        public JsonElement Template { get; }

        public string SnapshotText => snapshot.Text;

        public int ResourceCount => snapshot.ResourceCount;

        /// <summary>The council's parameters plus <c>dashboardSignInClientId</c>, in a stand-in tenant.</summary>
        public Lazy<PredictedDeployment> SignIn { get; }

        public IEnumerable<Resource> Resources(string type) => snapshot.Resources(type);

        public Resource Resource(string type, string name) => snapshot.Resource(type, name);

        public string OutputString(string name) => snapshot.OutputString(name);

        /// <summary>The .bicep, .bicepparam and bicepconfig.json of infra/ in a fresh folder (bicep writes beside its input).</summary>
        public TempFolder CopyOfInfra()
        {
            var copy = new TempFolder();
            foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "infra")))
            {
                if (file.EndsWith(".bicep", StringComparison.Ordinal) || file.EndsWith(".bicepparam", StringComparison.Ordinal) || Path.GetFileName(file) == "bicepconfig.json")
                {
                    File.Copy(file, copy.File(Path.GetFileName(file)));
                }
            }

            var modules = Path.Combine(Repo.Root, "infra", "modules");
            if (Directory.Exists(modules))
            {
                Directory.CreateDirectory(copy.File("modules"));
                foreach (var file in Directory.GetFiles(modules, "*.bicep"))
                {
                    File.Copy(file, Path.Combine(copy.File("modules"), Path.GetFileName(file)));
                }
            }

            return copy;
        }

        public (int ExitCode, string Output) Bicep(params string[] args) => Run(bicep, args);

        private PredictedDeployment SnapshotWithSignIn()
        {
            var parameters = Folder.File("signin.bicepparam");
            File.WriteAllText(parameters, File.ReadAllText(Folder.File("main.bicepparam")) + $"\nparam dashboardSignInClientId = '{SignInClientId}'\n");
            var (exitCode, output) = Bicep(
                "snapshot", parameters,
                "--tenant-id", StandInTenantId,
                "--subscription-id", "00000000-0000-0000-0000-000000000000",
                "--resource-group", "rg-pipeline-test",
                "--location", "uksouth");
            Assert.True(exitCode == 0, output);
            return new PredictedDeployment(File.ReadAllText(Folder.File("signin.snapshot.json")));
        }

        public void Dispose() => Folder.Dispose();

        /// <summary>
        /// The compiler from the Azure.Bicep.CommandLine.linux-x64 package, which the test project downloads
        /// (PackageDownload) and whose path the build records in the assembly metadata "BicepPath".
        /// </summary>
        private static string LocateBicep()
        {
            var path = typeof(InfraTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
            if (string.IsNullOrEmpty(path) || !File.Exists(path))
            {
                throw new InvalidOperationException($"bicep not found at '{path}': restore tests/Pipeline.Azure.Tests (it downloads Azure.Bicep.CommandLine.linux-x64)");
            }

            // NuGet does not keep the executable bit of files it extracts.
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(path);
                const UnixFileMode Execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
                if ((mode & UnixFileMode.UserExecute) == 0)
                {
                    File.SetUnixFileMode(path, mode | Execute);
                }
            }

            return path;
        }
    }

    /// <summary>A stand-in az on PATH that answers as a deployed app would and records every call.</summary>
    private sealed class FakeAz : IDisposable
    {
        private readonly TempFolder folder = new();

        public FakeAz(string blobsExtensionKey = "blobs-extension-key", bool functionDeployed = true)
        {
            var script = $$"""
                #!/usr/bin/env bash
                printf '%s\n' "$*" >> "{{folder.File("calls.log")}}"
                case "$*" in
                  "deployment group show"*"outputs.functionAppName.value"*) echo cscpipe-func-test ;;
                  "deployment group show"*"outputs.eventGridSystemTopicName.value"*) echo cscpipe-evgt-test ;;
                  "functionapp function show"*) exit {{(functionDeployed ? 0 : 3)}} ;;
                  "functionapp keys list"*) echo "{{blobsExtensionKey}}" ;;
                  "functionapp show"*) echo cscpipe-func-test.azurewebsites.net ;;
                  "eventgrid system-topic event-subscription create"*) ;;
                  *) echo "unexpected az $*" >&2; exit 2 ;;
                esac
                """;
            File.WriteAllText(folder.File("az"), script.ReplaceLineEndings("\n"));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(folder.File("az"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        public IReadOnlyList<string> Calls =>
            File.Exists(folder.File("calls.log")) ? File.ReadAllLines(folder.File("calls.log")) : [];

        public (int ExitCode, string Output) RunPostDeploy(params string[] args)
        {
            var start = new ProcessStartInfo("bash") { WorkingDirectory = Repo.Root };
            start.ArgumentList.Add(Path.Combine(Repo.Root, "infra", "post-deploy.sh"));
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["PATH"] = $"{folder.Path}:{Environment.GetEnvironmentVariable("PATH")}";
            start.Environment["POST_DEPLOY_KEY_ATTEMPTS"] = "2";
            start.Environment["POST_DEPLOY_RETRY_SECONDS"] = "0";
            return Run(start);
        }

        public void Dispose() => folder.Dispose();
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Run(start);
    }

    private static (int ExitCode, string Output) Run(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
