#!/usr/bin/env bash
# Runs buf (from npm's @bufbuild/buf) on the contract: ./scripts/buf.sh lint, ./scripts/buf.sh breaking --against ...
set -euo pipefail
cd "$(dirname "$0")/.."

version=1.75.0
if [ ! -x .deps/buf/node_modules/.bin/buf ]; then
  npm install --prefix .deps/buf --no-audit --no-fund --silent "@bufbuild/buf@$version" >/dev/null
fi

# The Google common protos the build uses (restored by dotnet into the NuGet cache).
if [ ! -d .deps/googleapis/google/type ]; then
  dotnet restore src/Hub --verbosity quiet >/dev/null
  packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
  version_dir=$(ls -d "$packages"/google.api.commonprotos/*/ | sort -V | tail -n 1)
  mkdir -p .deps/googleapis
  cp -r "$version_dir/content/protos/google" .deps/googleapis/
fi

if [ "${1:-}" = "lint" ]; then
  shift
  exec .deps/buf/node_modules/.bin/buf lint protos "$@"
fi
exec .deps/buf/node_modules/.bin/buf "$@"
