// The nightly children's social care pipeline in Azure: a Flex Consumption function app (Linux, FC1, .NET 10
// isolated) with a system-assigned identity, the pipeline's storage account (extracts in, published and
// restricted out, reference data, the dashboards' tables), a separate storage account for the Functions host
// (AzureWebJobsStorage and the deployment package), Log Analytics + Application Insights, the data-plane roles
// the identity needs and nothing broader, the rerun queue (refresh-requests) and the Event Grid system topic on the
// pipeline's account; optionally, Entra ID sign-in in front of the dashboard (dashboardSignInClientId).
//
// The Event Grid SUBSCRIPTION that feeds the ExtractArrived blob trigger is not here: its webhook URL carries
// the blobs_extension system key, which exists only once the code is deployed and the host has started.
// infra/post-deploy.sh creates it, as Azure's Event Grid blob trigger quickstart does. See infra/README.md.
//
// No storage key and no connection string is used anywhere: both accounts have shared key access disabled and
// every connection (host, trigger, pipeline, deployment package) is identity-based.

targetScope = 'resourceGroup'

@description('Azure region for every resource. The Flex Consumption plan must be available there (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Short prefix for resource names: lowercase letters and digits only (it is part of the storage account names).')
@minLength(3)
@maxLength(10)
param namePrefix string

@description('NCRONTAB (six fields, seconds first) of the nightly run; the timer reads it from the NightlySchedule app setting.')
param nightlySchedule string = '0 30 1 * * *'

@description('IANA time zone the business day (as_at) is reckoned in.')
param businessTimeZone string = 'Europe/London'

@description('Redundancy of both storage accounts.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param storageSku string = 'Standard_ZRS'

// Sized from bench/README.md (the CLI's peak resident memory; the Functions host and worker add their own):
// a 140,000-child council peaks at 180-300 MB, so 512 MB leaves no room for the host beside it and 2048 MB gives a
// large council about five times its peak. A national-scale run (7,000,000 children) peaks at 3.4-3.7 GB under a
// 4 GiB heap limit: only 4096 MB could hold it, without headroom (infra/README.md, "Instance memory").
@description('Memory of each Flex Consumption instance, in MB: 2048 for a council (up to a large one); 4096 only for national-scale extracts.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on Flex Consumption instances. One nightly run needs one; the cap only limits cost if events storm.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Days Log Analytics keeps the app\'s logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 90

@description('Days a deleted or overwritten blob (and a deleted container) can be restored.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 14

@description('Tags for every resource.')
param tags object = {}

// Empty (the default): no App Service Authentication, and the dashboard is behind its function key alone.
@description('Client id of the Entra ID app registration that signs users in to the dashboard (infra/README.md, "Entra ID sign-in for the dashboard"). Empty: no sign-in in front of the function key.')
param dashboardSignInClientId string = ''

// ---------------------------------------------------------------------------------------------------------------
// Names

var token = take(uniqueString(subscription().id, resourceGroup().id, namePrefix), 8)
var prefix = toLower(namePrefix)
var functionAppName = '${prefix}-func-${token}'
var planName = '${prefix}-plan-${token}'
var dataStorageName = '${prefix}data${token}'
var hostStorageName = '${prefix}host${token}'
var workspaceName = '${prefix}-log-${token}'
var appInsightsName = '${prefix}-appi-${token}'
var systemTopicName = '${prefix}-evgt-${token}'
var deploymentContainerName = 'app-package'

// The containers and tables the pipeline reads and writes (src/Pipeline.Azure: AzureStorageOptions and the stores).
var pipelineContainers = [
  'extracts'
  'published'
  'restricted'
  'reference'
]
var pipelineTables = [
  'IndicatorValues'
  'IndicatorHistory'
  'DqSummary'
  'Snapshots'
  'RunLog'
  'RunLedger'
  'ScheduleStatus'
  'RefreshRequests'
]

// The rerun queue: RefreshNow puts a request on it, the RunRequested queue trigger runs it (pipeline serve drains it
// locally). The host moves a message that failed maxDequeueCount times (host.json) to '<queue>-poison'; both exist
// up front so nothing has to create a queue at run time (src/Pipeline.Core/Storage/IRefreshQueue.cs names them).
var pipelineQueues = [
  'refresh-requests'
  'refresh-requests-poison'
]

// Built-in role definition ids (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var roles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

// The pipeline's account: the job's own reads and writes (blobs and tables), plus queues for the blob trigger,
// which writes its poison messages to a queue on the account of its connection (PipelineStorage). The trigger's
// docs name Storage Blob Data Owner as the example role; reading and writing blobs needs only Contributor.
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-blob-trigger#grant-permission-to-the-identity
// The same Storage Queue Data Contributor covers the rerun queue: RefreshNow sends (Message Sender's right), the
// queue trigger reads, deletes and poisons (Reader + Message Processor, and Sender for the poison queue). Narrower
// roles beside it would add nothing the one role does not already grant on this account.
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#identity-based-connections
var dataAccountRoles = [
  roles.storageBlobDataContributor
  roles.storageTableDataContributor
  roles.storageQueueDataContributor
]

// The host's account (AzureWebJobsStorage): Storage Blob Data Owner is the host's minimum (coordination, the key
// store, and here the Flex deployment package); Storage Queue Data Contributor for the blob trigger's internal
// queues; Storage Table Data Contributor so the host can persist diagnostic events when it cannot start.
// https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity
// That page's table also lists Storage Account Contributor for the blob trigger: a management role that can read
// account keys. It is not granted (keys are disabled here, and the Event Grid source does not scan the container).
var hostAccountRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

// ---------------------------------------------------------------------------------------------------------------
// Monitoring

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Storage: the pipeline's data

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: dataStorageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource dataBlobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: dataStorage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
  }
}

resource pipelineContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for name in pipelineContainers: {
    parent: dataBlobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

resource dataQueueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: dataStorage
  name: 'default'
}

resource pipelineQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for name in pipelineQueues: {
    parent: dataQueueService
    name: name
  }
]

resource dataTableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: dataStorage
  name: 'default'
}

resource pipelineTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for name in pipelineTables: {
    parent: dataTableService
    name: name
  }
]

// ---------------------------------------------------------------------------------------------------------------
// Storage: the Functions host (AzureWebJobsStorage) and the Flex deployment package, kept apart from the data so
// that the host's broader Storage Blob Data Owner never reaches the child-level outputs.

resource hostStorage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: hostStorageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource hostBlobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: hostStorage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: hostBlobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The function app

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

// Flex Consumption: the runtime, scale and deployment source live in functionAppConfig, not in app settings
// (FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE... are not used on this plan).
// https://learn.microsoft.com/azure/azure-functions/functions-infrastructure-as-code?pivots=flex-consumption-plan
// https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations
resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// The names are the keys of local.settings.sample.json (tests/Pipeline.Azure.Tests/InfraTests.cs holds them to it).
// Connections are identity-based: <prefix>__accountName / __*ServiceUri, no connection strings, no keys.
// https://learn.microsoft.com/azure/azure-functions/functions-reference#configure-an-identity-based-connection
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: hostStorage.name
    PipelineStorage__blobServiceUri: 'https://${dataStorage.name}.blob.${environment().suffixes.storage}'
    PipelineStorage__queueServiceUri: 'https://${dataStorage.name}.queue.${environment().suffixes.storage}'
    PipelineStorage__tableServiceUri: 'https://${dataStorage.name}.table.${environment().suffixes.storage}'
    NightlySchedule: nightlySchedule
    BusinessTimeZone: businessTimeZone
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  }
  dependsOn: [
    // The host reads its storage and the triggers their connection (and queue) as soon as the settings land.
    dataAccountRoleAssignment
    hostAccountRoleAssignment
    pipelineQueue
  ]
}

// ---------------------------------------------------------------------------------------------------------------
// Entra ID sign-in in front of the dashboard (App Service Authentication), only when a client id is given.
//
// It stands in front of every path of the app, so the paths that are not for people in a browser are excluded:
//  - /runtime/webhooks/blobs: Event Grid delivers BlobCreated there, authenticated by the blobs_extension key in
//    the URL; it cannot sign in. Behind sign-in its validation handshake and every delivery would be redirected,
//    and new extracts would wait for the nightly timer. Only that extension's path: the app has no other webhook.
//  - /api/status, /api/refresh/*: called by scripts and schedulers with a function key. Excluded, they stay exactly
//    as they are without sign-in: guarded by their function key, which sign-in never replaced.
// Everything else (/api/dashboard, the host's own pages) needs a signed-in user of this tenant ON TOP OF the
// function key the Dashboard function still demands, so the page is never anonymous even if sign-in is not
// enforced (the Flex Consumption preview did not enforce it: infra/README.md says how to check). Sign-in needs
// only the user's identity (an ID token): no client secret, and no token store, as nothing downstream is called
// on the user's behalf.
// https://learn.microsoft.com/azure/app-service/configure-authentication-provider-aad
resource dashboardSignIn 'Microsoft.Web/sites/config@2024-11-01' = if (!empty(dashboardSignInClientId)) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      excludedPaths: [
        '/api/status'
        '/api/refresh/*'
        '/runtime/webhooks/blobs'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: dashboardSignInClientId
          // This tenant only: the council's own staff sign in, no other organisation's accounts.
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Role assignments for the app's identity, each scoped to one storage account.

resource dataAccountRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in dataAccountRoles: {
    name: guid(dataStorage.id, functionApp.id, roleId)
    scope: dataStorage
    properties: {
      principalId: functionApp.identity.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

resource hostAccountRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in hostAccountRoles: {
    name: guid(hostStorage.id, functionApp.id, roleId)
    scope: hostStorage
    properties: {
      principalId: functionApp.identity.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

// ---------------------------------------------------------------------------------------------------------------
// Event Grid: the system topic for the pipeline account's blob events. Its subscription (BlobCreated for
// extracts/.../manifest.json -> ExtractArrived) is made by infra/post-deploy.sh once the code is deployed.
// https://learn.microsoft.com/azure/azure-functions/functions-event-grid-blob-trigger

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: dataStorage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Outputs (infra/post-deploy.sh reads them from the deployment)

output functionAppName string = functionApp.name
output functionAppHostName string = functionApp.properties.defaultHostName
output functionAppPrincipalId string = functionApp.identity.principalId
output dataStorageAccountName string = dataStorage.name
output hostStorageAccountName string = hostStorage.name
output eventGridSystemTopicName string = systemTopic.name
output pipelineBlobServiceUri string = 'https://${dataStorage.name}.blob.${environment().suffixes.storage}'
