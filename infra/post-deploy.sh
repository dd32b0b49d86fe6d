#!/usr/bin/env bash
# Post-deploy step: the Event Grid subscription that delivers BlobCreated for extracts/{as_at}/manifest.json on
# the pipeline's storage account to the ExtractArrived function (a blob trigger with the Event Grid source).
#
# It cannot be in main.bicep: the webhook URL carries the blob extension's system key (blobs_extension), which
# the Functions host creates only once the code is deployed and has started, and Event Grid validates the
# endpoint when the subscription is made. This is the step of Azure's Event Grid blob trigger quickstart
# (https://learn.microsoft.com/azure/azure-functions/functions-event-grid-blob-trigger, "Build the endpoint URL"
# and "Create the event subscription"), scripted with az as the quickstart's azd sample does in scripts/post-up.sh.
#
# Run it after `az deployment group create` and after the code is published (infra/README.md). Running it again
# is safe: `event-subscription create` creates or updates the subscription of that name.
#
# Usage: infra/post-deploy.sh RESOURCE_GROUP [DEPLOYMENT_NAME]     (DEPLOYMENT_NAME defaults to "main")
# The key is never printed.
set -euo pipefail

usage="usage: infra/post-deploy.sh RESOURCE_GROUP [DEPLOYMENT_NAME]"
resource_group="${1:?$usage}"
deployment="${2:-main}"

function_name="ExtractArrived"
subscription_name="extract-arrived"
container="extracts"
# How long to wait for the host to create the blobs_extension key after a fresh publish.
key_attempts="${POST_DEPLOY_KEY_ATTEMPTS:-10}"
retry_seconds="${POST_DEPLOY_RETRY_SECONDS:-15}"

if ! command -v az >/dev/null 2>&1; then
  echo "post-deploy: the Azure CLI (az) is needed; install it and run az login first" >&2
  exit 1
fi

deployment_output() {
  az deployment group show --resource-group "$resource_group" --name "$deployment" \
    --query "properties.outputs.$1.value" --output tsv
}

app="$(deployment_output functionAppName)"
topic="$(deployment_output eventGridSystemTopicName)"
if [[ -z "$app" || -z "$topic" ]]; then
  echo "post-deploy: deployment '$deployment' in '$resource_group' has no functionAppName/eventGridSystemTopicName outputs" >&2
  exit 1
fi

if ! az functionapp function show --resource-group "$resource_group" --name "$app" \
  --function-name "$function_name" --output none >/dev/null 2>&1; then
  echo "post-deploy: $app has no function $function_name yet; publish the code first (infra/README.md)" >&2
  exit 1
fi

# The blob extension's system key: Functions > App keys > System keys > blobs_extension in the portal.
key=""
for ((attempt = 1; attempt <= key_attempts; attempt++)); do
  key="$(az functionapp keys list --resource-group "$resource_group" --name "$app" \
    --query systemKeys.blobs_extension --output tsv)"
  if [[ -n "$key" ]]; then
    break
  fi
  if ((attempt < key_attempts)); then
    echo "post-deploy: no blobs_extension key on $app yet (the host creates it on start); retrying in ${retry_seconds}s" >&2
    sleep "$retry_seconds"
  fi
done
if [[ -z "$key" ]]; then
  echo "post-deploy: $app has no blobs_extension system key; is $function_name a blob trigger with Source = EventGrid, and has the app started?" >&2
  exit 1
fi

# https://{app}.azurewebsites.net unless the app has a unique default host name: ask rather than assume.
host="$(az functionapp show --resource-group "$resource_group" --name "$app" --query defaultHostName --output tsv)"
endpoint="https://${host}/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code=${key}"

az eventgrid system-topic event-subscription create \
  --name "$subscription_name" \
  --resource-group "$resource_group" \
  --system-topic-name "$topic" \
  --endpoint-type webhook \
  --endpoint "$endpoint" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/${container}/" \
  --subject-ends-with /manifest.json \
  --output none

echo "post-deploy: event subscription '$subscription_name' on $topic delivers BlobCreated for ${container}/**/manifest.json to ${app}/${function_name}"
