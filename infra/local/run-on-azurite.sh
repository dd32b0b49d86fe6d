#!/usr/bin/env bash
# One command: start Azurite (the project's own npm copy) on 127.0.0.1's default ports, land the bundled sample
# and reference data in it, run the nightly job against it, then stop Azurite by its process id.
#   infra/local/run-on-azurite.sh            # in memory: gone when it stops
#   KEEP=1 infra/local/run-on-azurite.sh     # leave Azurite running to look at the outputs (stop: kill -INT <pid>)
set -euo pipefail
cd "$(dirname "$0")/../.."

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund
for port in 10000 10001 10002; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use (another Azurite?): stop it, or run the pipeline against it directly" >&2
    exit 1
  fi
done

work=$(mktemp -d)
( cd "$work" && exec "$OLDPWD/node_modules/.bin/azurite" --silent --inMemoryPersistence --skipApiVersionCheck \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >"$work/azurite.log" 2>&1 ) &
pid=$!
stop() {
  kill -INT "$pid" 2>/dev/null || true
  for _ in 1 2 3 4 5; do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -rf "$work"
}
if [ "${KEEP:-}" = "1" ]; then echo "Azurite pid $pid (left running)"; else trap stop EXIT; fi

until (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; do sleep 0.2; done

dotnet build src/Pipeline.Cli -c Release -v quiet -nologo >/dev/null
pipeline() { dotnet src/Pipeline.Cli/bin/Release/net10.0/pipeline.dll "$@"; }
pipeline land --storage "UseDevelopmentStorage=true"
pipeline run --storage "UseDevelopmentStorage=true"
