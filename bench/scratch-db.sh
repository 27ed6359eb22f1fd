# Sourced by the bench scripts: checks psql and pgbench, creates a scratch database pgmq_bench_<random> on the
# server of --url (the caller's $url) or of PGHOST/PGPORT/PGUSER (default 127.0.0.1:5432 postgres), applies
# pgmq-schema's migrations in version order, and drops the database, the temp folder $tmp and any process in the
# caller's $pids array on exit. Needs the caller's die() and log(); defines psql_admin and psql_scratch.

command -v psql >/dev/null || die "psql not found on PATH"
command -v pgbench >/dev/null || die "pgbench not found on PATH"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
migrations="$here/../pgmq-schema/src/main/resources/db/pgmq"
[[ -d $migrations ]] || die "migrations not found at $migrations"

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}

db="pgmq_bench_$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')"
if [[ -n $url ]]; then
    # Same server, other database: swap the URI's path for the scratch database's name.
    [[ $url =~ ^(postgres(ql)?://[^/?]*)(/[^?]*)?(\?.*)?$ ]] ||
        die "--url must look like postgresql://user@host:port/dbname, was '$url'"
    admin=$url
    scratch="${BASH_REMATCH[1]}/$db${BASH_REMATCH[4]}"
else
    admin="dbname=${PGDATABASE:-postgres}"
    scratch="dbname=$db"
fi

psql_admin()   { psql -X -q -v ON_ERROR_STOP=1 -d "$admin" "$@"; }
psql_scratch() { psql -X -q -v ON_ERROR_STOP=1 -d "$scratch" "$@"; }

tmp=$(mktemp -d)
pids=()
cleanup() {
    local rc=$? pid
    # only the processes the caller started, by pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 ||
        echo "$(basename "$0"): could not drop scratch database $db; drop it by hand" >&2
    rm -rf "$tmp"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "creating scratch database $db"
psql_admin -c "CREATE DATABASE $db" >/dev/null
for f in $(cd "$migrations" && ls V*__*.sql | sort -V); do
    log "applying $f"
    psql_scratch -f "$migrations/$f" >/dev/null
done
