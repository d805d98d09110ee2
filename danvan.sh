#!/usr/bin/env bash
# DanVan's two commands:
#   ./danvan.sh run [hub arguments]   run the hub (with a private PostgreSQL when none is configured)
#   ./danvan.sh test [dotnet test arguments]   run every test (the tests start their own PostgreSQL);
#                                              e.g. --no-build to run what was built already
set -euo pipefail
caller_dir=$(pwd)
cd "$(dirname "$0")"
root=$(pwd)

log() { printf 'danvan: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; exit 1; fi
}

# PostgreSQL server binaries from the distribution when none are installed.
pg_bindir() {
  local dir
  if command -v pg_config >/dev/null && dir=$(pg_config --bindir) && [ -x "$dir/initdb" ]; then
    echo "$dir"; return
  fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

ensure_postgres() {
  if [ -z "$(pg_bindir)" ]; then
    log "installing PostgreSQL from the distribution's packages"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
}

# libfaketime: test hub processes run on their test's clock, and CI runs the suite at other dates.
ensure_faketime() {
  if ! ls /usr/lib/*/faketime/libfaketimeMT.so.1 >/dev/null 2>&1; then
    log "installing libfaketime from the distribution's packages"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
  fi
}

# Official papers: LibreOffice converts them to PDF, with fonts metric-compatible with Times New Roman;
# the tests read the PDFs back with poppler's pdftotext, pdfinfo and pdftoppm.
ensure_documents() {
  local missing=()
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
  [ -d /usr/share/fonts/truetype/liberation2 ] || missing+=(fonts-liberation2)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from the distribution's packages"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Debian's chromium for the browser tests (Playwright drives it; it downloads no browser of its own).
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing chromium from the distribution's packages"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
}

# npm installs the web app's browser libraries (FullCalendar, ECharts) when the hub is built.
ensure_node() {
  if ! command -v npm >/dev/null; then
    log "installing node and npm from the distribution's packages"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
}

ensure_dotnet() {
  command -v dotnet >/dev/null || { log "the .NET 10 SDK is required (dotnet on PATH)"; exit 1; }
}

# initdb refuses to run as root, so the private cluster belongs to the postgres OS user then.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_private_cluster() {
  local bin data port
  bin=$(pg_bindir)
  data="$root/.data/postgres"
  port="${DANVAN_PG_PORT:-55432}"
  mkdir -p "$root/.data"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating a private PostgreSQL cluster in $data"
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    chmod 700 "$data"
    as_pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1" start >/dev/null
    trap 'as_pg "'"$bin"'/pg_ctl" -D "'"$data"'" -m fast -w stop >/dev/null 2>&1 || true' EXIT
  fi
  if ! as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc \
      "select 1 from pg_database where datname = 'danvan'" | grep -q 1; then
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres danvan
  fi
  export ConnectionStrings__DanVan="Host=127.0.0.1;Port=$port;Username=postgres;Database=danvan"
  log "private PostgreSQL on 127.0.0.1:$port, database danvan (data in .data/postgres)"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  run)
    ensure_dotnet
    ensure_documents
    ensure_node
    if [ -z "${ConnectionStrings__DanVan:-}" ]; then
      ensure_postgres
      start_private_cluster
    fi
    # dotnet run starts the hub in src/Hub: a relative folder means one relative to where we were called.
    if [ -n "${DanVan__UnitsDir:-}" ]; then
      DanVan__UnitsDir=$(cd "$caller_dir" && realpath -m -- "$DanVan__UnitsDir")
      export DanVan__UnitsDir
    fi
    log "building and starting the hub: gRPC ${DanVan__GrpcUrl:-http://127.0.0.1:5151}, dashboard ${DanVan__WebUrl:-http://127.0.0.1:5150}/hangfire"
    # Not exec: the trap above stops the private cluster when the hub exits.
    dotnet run --project src/Hub -c Release --no-launch-profile -- "$@"
    ;;
  test)
    ensure_dotnet
    ensure_postgres
    ensure_faketime
    ensure_documents
    ensure_chromium
    ensure_node
    # Results go to TestResults (or DANVAN_TEST_RESULTS): one TRX report per test project.
    results="${DANVAN_TEST_RESULTS:-TestResults}"
    rm -rf "$results"
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 TESTINGPLATFORM_TELEMETRY_OPTOUT=1
    dotnet test --solution DanVan.sln -c Release --results-directory "$results" --report-trx "$@"
    ;;
  *)
    echo "usage: ./danvan.sh run [hub arguments] | ./danvan.sh test [dotnet test arguments]" >&2
    exit 2
    ;;
esac
