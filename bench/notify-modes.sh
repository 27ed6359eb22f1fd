#!/usr/bin/env bash
# Notify-mode benchmark (issue 7, "The NOTIFY problem"): 4-session pg_mq_send_message on channels in each notify
# mode (always, when_idle, never) against a plain INSERT ... RETURNING msg_id into a table of the same shape with
# no trigger at all, side by side in one run. when_idle is measured with no consumer registered idle (consumers
# busy), which is the case it exists for. Each mode is measured twice: through pg_mq_send_message (the SQL API) and
# as the plain INSERT into the channel's table that pgmq-runtime's send issues (so the trigger's cost shows alone).
# Target: when_idle (the off-commit-path mode) >= 0.8x raw; 'always' and 'never' are reported for comparison.
#
# Needs only psql and pgbench (PostgreSQL 13+ server). Creates a scratch database pgmq_bench_<random>, applies the
# pgmq migrations to it with psql, and drops it on exit.
#
#   bench/notify-modes.sh                         # PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres
#   bench/notify-modes.sh --url postgresql://postgres@db.example:5432/postgres
#   bench/notify-modes.sh --quick                 # 2 s smoke run, one round
#   bench/notify-modes.sh --duration 20 --rounds 5 --clients 4
#
# The harness (pgmq-bench, io.pgmq.bench.NotifyModeBench) measures the same with JDBC sessions and is the source of
# truth for bench/RESULTS.md; this script stays for pgbench's figures on any server (bench/README.md).
set -euo pipefail

usage() {
    cat <<'EOF'
usage: notify-modes.sh [--url postgresql://...] [--duration SECONDS] [--rounds N] [--clients N] [--quick]
  --url URL       libpq connection URI of a database to connect to for CREATE/DROP DATABASE
                  (default: PGHOST/PGPORT/PGUSER/PGDATABASE, i.e. 127.0.0.1:5432, user postgres, db postgres)
  --duration S    seconds per pgbench run (default 10)
  --rounds N      interleaved rounds; medians are taken over them (default 3)
  --clients N     pgbench clients (sessions) per run (default 4)
  --quick         smoke run: 2 s per pgbench run, 1 round (unless --duration/--rounds are given)
EOF
}

die() { echo "notify-modes.sh: $*" >&2; exit 2; }
log() { echo "[notify-modes] $*" >&2; }

url="" duration="" rounds="" clients=4 quick=false
while (($#)); do
    case $1 in
        --url)        (($# >= 2)) || die "--url needs a value"; url=$2; shift 2 ;;
        --url=*)      url=${1#--url=}; shift ;;
        --duration)   (($# >= 2)) || die "--duration needs a value"; duration=$2; shift 2 ;;
        --duration=*) duration=${1#--duration=}; shift ;;
        --rounds)     (($# >= 2)) || die "--rounds needs a value"; rounds=$2; shift 2 ;;
        --rounds=*)   rounds=${1#--rounds=}; shift ;;
        --clients)    (($# >= 2)) || die "--clients needs a value"; clients=$2; shift 2 ;;
        --clients=*)  clients=${1#--clients=}; shift ;;
        --quick)      quick=true; shift ;;
        -h|--help)    usage; exit 0 ;;
        *)            usage >&2; die "unknown argument: $1" ;;
    esac
done
if $quick; then duration=${duration:-2} rounds=${rounds:-1}; fi
duration=${duration:-10} rounds=${rounds:-3}
[[ $duration =~ ^[1-9][0-9]*$ ]] || die "--duration must be a positive number of seconds, was '$duration'"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer, was '$rounds'"
[[ $clients =~ ^[1-9][0-9]*$ ]] || die "--clients must be a positive integer, was '$clients'"

# Checks psql/pgbench, creates the scratch database, applies the migrations, drops it all on exit.
source "$(dirname "${BASH_SOURCE[0]}")/scratch-db.sh"

payload="payload of 64 bytes "
while ((${#payload} < 64)); do payload+="x"; done

modes=(always when_idle never)
psql_scratch >/dev/null <<'SQL'
CREATE TABLE raw_bench (LIKE pg_mq_shape_text INCLUDING ALL);
SELECT pg_mq_create_queue('bench_always', 'text');
SELECT pg_mq_create_queue('bench_when_idle', 'text');
SELECT pg_mq_set_notify_mode('bench_when_idle', 'when_idle');
SELECT pg_mq_create_queue('bench_never', 'text');
SELECT pg_mq_set_notify_mode('bench_never', 'never');
SQL

cat >"$tmp/raw.sql" <<SQL
INSERT INTO raw_bench (payload) VALUES ('$payload') RETURNING msg_id;
SQL
for m in "${modes[@]}"; do
    cat >"$tmp/$m.sql" <<SQL
SELECT * FROM pg_mq_send_message('bench_$m', '$payload');
SQL
    cat >"$tmp/insert_$m.sql" <<SQL
INSERT INTO pg_mq_queue_bench_$m (payload) VALUES ('$payload') RETURNING msg_id;
SQL
done
variants=("${modes[@]}")
for m in "${modes[@]}"; do variants+=("insert_$m"); done

# Every statement must store a row before its throughput means anything; nobody may be registered idle.
for s in raw "${modes[@]}"; do psql_scratch -f "$tmp/$s.sql" >/dev/null; done
[[ $(psql_scratch -Atc "SELECT (SELECT count(*) FROM raw_bench) || ' ' || (SELECT count(*) FROM pg_mq_queue_bench_always)
                              || ' ' || (SELECT count(*) FROM pg_mq_queue_bench_when_idle) || ' ' || (SELECT count(*) FROM pg_mq_queue_bench_never)
                              || ' ' || (SELECT count(*) FROM pg_mq_idle_consumers)") == "1 1 1 1 0" ]] ||
    die "sanity check failed: each statement should have stored exactly one row, with no consumer registered idle"
for m in "${modes[@]}"; do psql_scratch -f "$tmp/insert_$m.sql" >/dev/null; done
[[ $(psql_scratch -Atc "SELECT (SELECT count(*) FROM pg_mq_queue_bench_always) || ' ' || (SELECT count(*) FROM pg_mq_queue_bench_when_idle)
                              || ' ' || (SELECT count(*) FROM pg_mq_queue_bench_never)") == "2 2 2" ]] ||
    die "sanity check failed: each statement should have stored exactly one row, with no consumer registered idle"

# One pgbench run; prints its tps (excluding connection time).
run() {
    local script=$1 clients=$2 out
    psql_scratch -c "CHECKPOINT" >/dev/null
    out=$(pgbench -n -M prepared -c "$clients" -j "$clients" -T "$duration" -f "$tmp/$script.sql" "$scratch" 2>&1) ||
        { echo "$out" >&2; die "pgbench failed ($script, $clients clients)"; }
    awk '/^tps = / { print $3; found = 1; exit } END { if (!found) exit 1 }' <<<"$out" ||
        { echo "$out" >&2; die "no tps in pgbench output ($script, $clients clients)"; }
}

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -A tps ratios
scenarios=(raw "${variants[@]}")
for ((r = 1; r <= rounds; r++)); do
    # Rotate the order each round, so drift (autovacuum, checkpoints, neighbours) hits every scenario alike.
    order=()
    for ((i = 0; i < ${#scenarios[@]}; i++)); do order+=("${scenarios[(i + r - 1) % ${#scenarios[@]}]}"); done
    declare -A this=()
    for s in "${order[@]}"; do
        this[$s]=$(run "$s" "$clients")
        tps[$s]+="${this[$s]} "
        log "round $r/$rounds, $clients client(s), $s: ${this[$s]} tps"
    done
    for m in "${variants[@]}"; do
        ratios[$m]+="$(awk -v p="${this[$m]}" -v b="${this[raw]}" 'BEGIN { printf "%.3f", p / b }') "
    done
done

IFS='|' read -r version fsync sync_commit < <(psql_scratch -Atc \
    "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')")

echo
echo "| notify mode | send path | clients | raw INSERT tps, no NOTIFY (median) | pgmq tps (median) | ratio | per-round ratios | target | result |"
echo "|---|---|---:|---:|---:|---:|---|---:|---|"
status=0
# shellcheck disable=SC2086 # the lists are space-separated numbers
raw=$(median ${tps[raw]})
for m in "${variants[@]}"; do
    # shellcheck disable=SC2086
    pgmq=$(median ${tps[$m]})
    if [[ $m == insert_* ]]; then mode=${m#insert_} path="INSERT (Java runtime)"; else mode=$m path=pg_mq_send_message; fi
    ratio=$(awk -v p="$pgmq" -v b="$raw" 'BEGIN { printf "%.3f", p / b }')
    if [[ $mode == when_idle ]]; then
        target=0.8x
        if awk -v x="$ratio" 'BEGIN { exit !(x >= 0.8) }'; then result=pass; else result=FAIL; status=1; fi
    else
        target=- result=-
    fi
    # shellcheck disable=SC2086
    rs=$(printf '%s\n' ${ratios[$m]} | sort -g | paste -sd' ')
    printf '| %s | %s | %d | %.0f | %.0f | %sx | %s | %s | %s |\n' "$mode" "$path" "$clients" "$raw" "$pgmq" "$ratio" "$rs" "$target" "$result"
done
echo
echo "machine: nproc=$(nproc) (client host), PostgreSQL $version, fsync=$fsync, synchronous_commit=$sync_commit;" \
     "pgbench -M prepared -n, ${duration} s per run, $rounds rotated round(s); when_idle with no consumer registered idle"
exit $status
