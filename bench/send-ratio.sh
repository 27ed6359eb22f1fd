#!/usr/bin/env bash
# Send-path benchmark (issue 2): pg_mq_send_message against a plain INSERT ... RETURNING msg_id into a table of
# the same shape carrying the same per-row NOTIFY trigger, side by side in one run, at 1 and 4 clients.
# Target: pgmq reaches at least 0.85x the raw throughput.
#
# Needs only psql and pgbench (PostgreSQL 13+ server, for DROP DATABASE ... WITH (FORCE)). Creates a scratch
# database pgmq_bench_<random>, applies the pgmq migrations to it with psql, and drops it on exit.
#
#   bench/send-ratio.sh                         # PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres
#   bench/send-ratio.sh --url postgresql://postgres@db.example:5432/postgres
#   bench/send-ratio.sh --quick                 # 2 s smoke run, one round
#   bench/send-ratio.sh --duration 20 --rounds 5
#
# The harness (pgmq-bench, io.pgmq.bench.SqlSendBench) measures the same with JDBC sessions and is the source of
# truth for bench/RESULTS.md; this script stays for pgbench's figures on any server (bench/README.md).
set -euo pipefail

usage() {
    cat <<'EOF'
usage: send-ratio.sh [--url postgresql://...] [--duration SECONDS] [--rounds N] [--quick]
  --url URL       libpq connection URI of a database to connect to for CREATE/DROP DATABASE
                  (default: PGHOST/PGPORT/PGUSER/PGDATABASE, i.e. 127.0.0.1:5432, user postgres, db postgres)
  --duration S    seconds per pgbench run (default 10)
  --rounds N      interleaved rounds; medians are taken over them (default 3)
  --quick         smoke run: 2 s per pgbench run, 1 round (unless --duration/--rounds are given)
EOF
}

die() { echo "send-ratio.sh: $*" >&2; exit 2; }
log() { echo "[send-ratio] $*" >&2; }

url="" duration="" rounds="" quick=false
while (($#)); do
    case $1 in
        --url)        (($# >= 2)) || die "--url needs a value"; url=$2; shift 2 ;;
        --url=*)      url=${1#--url=}; shift ;;
        --duration)   (($# >= 2)) || die "--duration needs a value"; duration=$2; shift 2 ;;
        --duration=*) duration=${1#--duration=}; shift ;;
        --rounds)     (($# >= 2)) || die "--rounds needs a value"; rounds=$2; shift 2 ;;
        --rounds=*)   rounds=${1#--rounds=}; shift ;;
        --quick)      quick=true; shift ;;
        -h|--help)    usage; exit 0 ;;
        *)            usage >&2; die "unknown argument: $1" ;;
    esac
done
if $quick; then duration=${duration:-2} rounds=${rounds:-1}; fi
duration=${duration:-10} rounds=${rounds:-3}
[[ $duration =~ ^[1-9][0-9]*$ ]] || die "--duration must be a positive number of seconds, was '$duration'"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer, was '$rounds'"

# Checks psql/pgbench, creates the scratch database, applies the migrations, drops it all on exit.
source "$(dirname "${BASH_SOURCE[0]}")/scratch-db.sh"

payload="payload of 64 bytes "
while ((${#payload} < 64)); do payload+="x"; done

psql_scratch >/dev/null <<'SQL'
SELECT pg_mq_create_queue('bench', 'text');
CREATE TABLE raw_bench (LIKE pg_mq_shape_text INCLUDING ALL);
CREATE TRIGGER pg_mq_notify AFTER INSERT ON raw_bench FOR EACH ROW EXECUTE FUNCTION pg_mq_notify('raw_bench');
SQL

cat >"$tmp/raw.sql" <<SQL
INSERT INTO raw_bench (payload) VALUES ('$payload') RETURNING msg_id;
SQL
cat >"$tmp/pgmq.sql" <<SQL
SELECT * FROM pg_mq_send_message('bench', '$payload');
SQL

# Both statements must store a row before their throughput means anything.
for s in raw pgmq; do psql_scratch -f "$tmp/$s.sql" >/dev/null; done
[[ $(psql_scratch -Atc "SELECT (SELECT count(*) FROM raw_bench) || ' ' || (SELECT count(*) FROM pg_mq_queue_bench)") == "1 1" ]] ||
    die "sanity check failed: each statement should have stored exactly one row"

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
clients_list=(1 4)
for ((r = 1; r <= rounds; r++)); do
    for c in "${clients_list[@]}"; do
        # Alternate which scenario goes first, so drift (autovacuum, checkpoints, neighbours) hits both alike.
        if ((r % 2)); then order=(raw pgmq); else order=(pgmq raw); fi
        declare -A this=()
        for s in "${order[@]}"; do
            this[$s]=$(run "$s" "$c")
            tps[$s,$c]+="${this[$s]} "
            log "round $r/$rounds, $c client(s), $s: ${this[$s]} tps"
        done
        ratios[$c]+="$(awk -v p="${this[pgmq]}" -v b="${this[raw]}" 'BEGIN { printf "%.3f", p / b }') "
    done
done

IFS='|' read -r version fsync sync_commit < <(psql_scratch -Atc \
    "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')")

echo
echo "| scenario | clients | raw tps (median) | pgmq tps (median) | ratio | per-round ratios | target | result |"
echo "|---|---:|---:|---:|---:|---|---:|---|"
status=0
for c in "${clients_list[@]}"; do
    # shellcheck disable=SC2086 # the lists are space-separated numbers
    raw=$(median ${tps[raw,$c]}) pgmq=$(median ${tps[pgmq,$c]})
    ratio=$(awk -v p="$pgmq" -v b="$raw" 'BEGIN { printf "%.3f", p / b }')
    if awk -v x="$ratio" 'BEGIN { exit !(x >= 0.85) }'; then result=pass; else result=FAIL; status=1; fi
    # shellcheck disable=SC2086
    rs=$(printf '%s\n' ${ratios[$c]} | sort -g | paste -sd' ')
    printf '| send 64-byte text | %d | %.0f | %.0f | %sx | %s | 0.85x | %s |\n' "$c" "$raw" "$pgmq" "$ratio" "$rs" "$result"
done
echo
echo "machine: nproc=$(nproc) (client host), PostgreSQL $version, fsync=$fsync, synchronous_commit=$sync_commit;" \
     "pgbench -M prepared -n, ${duration} s per run, $rounds interleaved round(s)"
exit $status
