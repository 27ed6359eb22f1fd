#!/usr/bin/env bash
# Steady-state benchmark (issue 5, retention): producers send at a fixed rate, consumers claim and ack, a purger
# deletes finished messages after a 10 s retention, all at once on one text channel. Every 10 s it samples the
# channel table's live and dead tuples, its total size and the vacuum counts, then prints the samples and a verdict:
# over the second half of the run, do dead tuples stay below 2% of the messages sent and stop growing, and does
# the table's size stay flat?
#
# Vacuum policy: the server's autovacuum settings, untouched. When the server runs with autovacuum = off (as CI
# servers often do), the script says so and emulates the autovacuum launcher instead: every autovacuum_naptime
# it applies autovacuum's own trigger rule (thresholds and scale factors, the table's reloptions first, else the
# server's settings) to the channel table and runs VACUUM / ANALYZE with autovacuum's cost delay when it fires.
#
# Needs only psql and pgbench (PostgreSQL 13+ server). Creates a scratch database pgmq_bench_<random>, applies
# the pgmq migrations to it with psql, and drops it on exit.
#
#   bench/steady-state.sh                       # PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres; 5 minutes
#   bench/steady-state.sh --url postgresql://postgres@db.example:5432/postgres
#   bench/steady-state.sh --quick               # 1 minute smoke run
#   bench/steady-state.sh --duration 900 --rate 200
#   bench/steady-state.sh --reloptions autovacuum_vacuum_scale_factor=0,autovacuum_vacuum_threshold=1000
#
# The harness (pgmq-bench, io.pgmq.bench.SteadyStateBench) measures the same with JDBC sessions and is the source of
# truth for bench/RESULTS.md; this script stays for pgbench's figures on any server (bench/README.md).
set -euo pipefail

usage() {
    cat <<'EOF'
usage: steady-state.sh [--url postgresql://...] [--duration SECONDS] [--rate N] [--reloptions LIST] [--quick]
  --url URL          libpq connection URI of a database to connect to for CREATE/DROP DATABASE
                     (default: PGHOST/PGPORT/PGUSER/PGDATABASE, i.e. 127.0.0.1:5432, user postgres, db postgres)
  --duration S       length of the run in seconds, at least 30 (default 300)
  --rate N           messages sent per second, all producers together (default 100)
  --reloptions LIST  storage parameters set on the channel table before the run, e.g.
                     autovacuum_vacuum_scale_factor=0,autovacuum_vacuum_threshold=1000 (default: none)
  --quick            smoke run: 60 s (unless --duration is given)
EOF
}

die() { echo "steady-state.sh: $*" >&2; exit 2; }
log() { echo "[steady-state] $*" >&2; }

url="" duration="" rate=100 reloptions="" quick=false
while (($#)); do
    case $1 in
        --url)          (($# >= 2)) || die "--url needs a value"; url=$2; shift 2 ;;
        --url=*)        url=${1#--url=}; shift ;;
        --duration)     (($# >= 2)) || die "--duration needs a value"; duration=$2; shift 2 ;;
        --duration=*)   duration=${1#--duration=}; shift ;;
        --rate)         (($# >= 2)) || die "--rate needs a value"; rate=$2; shift 2 ;;
        --rate=*)       rate=${1#--rate=}; shift ;;
        --reloptions)   (($# >= 2)) || die "--reloptions needs a value"; reloptions=$2; shift 2 ;;
        --reloptions=*) reloptions=${1#--reloptions=}; shift ;;
        --quick)        quick=true; shift ;;
        -h|--help)      usage; exit 0 ;;
        *)              usage >&2; die "unknown argument: $1" ;;
    esac
done
if $quick; then duration=${duration:-60}; fi
duration=${duration:-300}
[[ $duration =~ ^[1-9][0-9]*$ ]] && ((duration >= 30)) ||
    die "--duration must be a number of seconds, at least 30, was '$duration'"
[[ $rate =~ ^[1-9][0-9]*$ ]] || die "--rate must be a positive number of messages per second, was '$rate'"
# The list goes into ALTER TABLE ... SET (...) as text, so only name=number pairs are let through.
[[ -z $reloptions || $reloptions =~ ^[a-z_]+=[0-9.]+(,[a-z_]+=[0-9.]+)*$ ]] ||
    die "--reloptions must be name=number pairs separated by commas, e.g. autovacuum_vacuum_threshold=1000, was '$reloptions'"

# Checks psql/pgbench, creates the scratch database, applies the migrations, drops it all on exit.
source "$(dirname "${BASH_SOURCE[0]}")/scratch-db.sh"

channel=steady
psql_scratch >/dev/null <<SQL
SELECT pg_mq_create_queue('$channel', 'text');
SELECT pg_mq_set_retention('$channel', interval '10 seconds', interval '10 seconds');
SQL
table=$(psql_scratch -Atc "SELECT table_name FROM pg_mq_config_catalog WHERE channel = '$channel'")
[[ -n $table ]] || die "channel $channel was not created"
if [[ -n $reloptions ]]; then
    log "ALTER TABLE $table SET ($reloptions)"
    psql_scratch -c "ALTER TABLE $table SET (${reloptions//,/, })" >/dev/null
fi

IFS='|' read -r version fsync sync_commit autovacuum naptime < <(psql_scratch -Atc \
    "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'),
            current_setting('autovacuum'), extract(epoch FROM current_setting('autovacuum_naptime')::interval)::int")
if [[ $autovacuum == on ]]; then
    vacuum_mode="server autovacuum"
else
    vacuum_mode="emulated autovacuum (server has autovacuum = off)"
    log "the server runs with autovacuum = off; emulating the autovacuum launcher (naptime ${naptime} s) on $table"
fi

payload="payload of 64 bytes "
while ((${#payload} < 64)); do payload+="x"; done

cat >"$tmp/produce.sql" <<SQL
SELECT msg_id FROM pg_mq_send_message('$channel', '$payload');
SQL
# Claim up to 10 and ack what was claimed, in one statement: one aggregate pairs each id with its token.
cat >"$tmp/consume.sql" <<SQL
WITH claimed AS MATERIALIZED (SELECT msg_id, lease_token FROM pg_mq_claim_text('$channel', 10))
SELECT count(a.msg_id) AS acked
  FROM (SELECT array_agg(msg_id) AS ids, array_agg(lease_token) AS tokens FROM claimed) c
  LEFT JOIN LATERAL pg_mq_ack('$channel', c.ids, c.tokens) a ON true \gset
\if :acked = 0
\sleep 200 ms
\endif
SQL
# One batch per call (the function's contract); drain, then rest.
cat >"$tmp/purge.sql" <<SQL
SELECT pg_mq_purge('$channel') AS purged \gset
\if :purged < 1000
\sleep 5 s
\endif
SQL

# Every statement must work once before the run means anything.
psql_scratch -f "$tmp/produce.sql" >/dev/null
[[ $(psql_scratch -Atc "SELECT count(*) FROM pg_mq_claim_text('$channel', 10)") == 1 ]] ||
    die "sanity check failed: the message just sent could not be claimed"
# That claim was never acked: take it back so that the run starts from an empty table.
psql_scratch -c "TRUNCATE $table RESTART IDENTITY" >/dev/null

sample_sql="SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('$table', 'msg_id')), 0),
       s.n_tup_del, (SELECT count(*) FROM $table WHERE NOT was_delivered AND dead_at IS NULL),
       s.n_live_tup, s.n_dead_tup, pg_total_relation_size(s.relid),
       s.autovacuum_count + s.vacuum_count, s.autoanalyze_count + s.analyze_count, s.n_tup_upd, s.n_tup_hot_upd
  FROM pg_stat_user_tables s WHERE s.relid = '$table'::regclass"

# Autovacuum's rule for one table (relation_needs_vacanalyze): reloptions first, else the server's settings.
need_sql="WITH t AS (
    SELECT greatest(c.reltuples, 0) AS reltuples, s.n_dead_tup, s.n_ins_since_vacuum, s.n_mod_since_analyze,
           c.reloptions
      FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = '$table'::regclass),
  o AS (
    SELECT t.*, (SELECT coalesce((SELECT option_value FROM pg_options_to_table(t.reloptions) WHERE option_name = n),
                                 current_setting(n))::float8) AS v, n
      FROM t, unnest(ARRAY['autovacuum_vacuum_threshold', 'autovacuum_vacuum_scale_factor',
                           'autovacuum_vacuum_insert_threshold', 'autovacuum_vacuum_insert_scale_factor',
                           'autovacuum_analyze_threshold', 'autovacuum_analyze_scale_factor']) AS n),
  p AS (
    SELECT max(reltuples) AS r, max(n_dead_tup) AS dead, max(n_ins_since_vacuum) AS ins,
           max(n_mod_since_analyze) AS mod, jsonb_object_agg(n, v) AS s FROM o)
SELECT concat_ws(' ',
         CASE WHEN dead > (s->>'autovacuum_vacuum_threshold')::float8 + (s->>'autovacuum_vacuum_scale_factor')::float8 * r
                OR (s->>'autovacuum_vacuum_insert_threshold')::float8 >= 0
               AND ins > (s->>'autovacuum_vacuum_insert_threshold')::float8
                         + (s->>'autovacuum_vacuum_insert_scale_factor')::float8 * r
              THEN 'VACUUM' END,
         CASE WHEN mod > (s->>'autovacuum_analyze_threshold')::float8 + (s->>'autovacuum_analyze_scale_factor')::float8 * r
              THEN 'ANALYZE' END)
  FROM p"

emulate_autovacuum() {
    local next=$((start + naptime)) now what sleeper=""
    # Sleep in the background so that the cleanup's kill takes effect at once, not after the nap.
    trap '[[ -n $sleeper ]] && kill "$sleeper" 2>/dev/null; exit 0' TERM
    while ((next <= start + duration)); do
        now=$(date +%s)
        if ((now < next)); then sleep $((next - now)) & sleeper=$!; wait "$sleeper"; fi
        next=$((next + naptime))
        what=$(psql_scratch -Atc "$need_sql") || continue
        [[ -z $what ]] && continue
        # autovacuum_vacuum_cost_delay is 2 ms and its cost limit vacuum_cost_limit's: run as throttled as it does.
        psql_scratch -c "SET vacuum_cost_delay = '2ms'" -c "SET vacuum_cost_limit = $(psql_scratch -Atc \
            "SELECT CASE WHEN current_setting('autovacuum_vacuum_cost_limit') = '-1' THEN current_setting('vacuum_cost_limit')
                         ELSE current_setting('autovacuum_vacuum_cost_limit') END")" \
            -c "${what/VACUUM ANALYZE/VACUUM (ANALYZE)} $table" >/dev/null ||
            log "emulated autovacuum: $what failed"
    done
}

pg() {  # pgbench in the background, for the whole run
    local name=$1; shift
    pgbench -n -M prepared -T "$duration" "$@" -f "$tmp/$name.sql" "$scratch" >"$tmp/$name.out" 2>&1 &
    pids+=($!)
}

log "running ${duration} s: 2 producers at $rate msg/s together, 2 consumers (claim 10 + ack), 1 purger; $vacuum_mode"
start=$(date +%s)
pg produce -c 2 -j 2 -R "$rate"
pg consume -c 2 -j 2
pg purge -c 1 -j 1
bench_pids=("${pids[@]}")
if [[ $autovacuum != on ]]; then emulate_autovacuum & pids+=($!); fi

# Sample at 0, 10, 20, ... s, and once more after the load stops.
: >"$tmp/samples"
for ((t = 0; t <= duration; t += 10)); do
    now=$(date +%s)
    ((now < start + t)) && sleep $((start + t - now))
    row=$(psql_scratch -Atc "$sample_sql") && echo "$t|$row" >>"$tmp/samples" || log "sample at ${t} s failed"
    log "t=${t}s $(tail -n1 "$tmp/samples")"
done

status=0
for pid in "${bench_pids[@]}"; do wait "$pid" || status=1; done
for name in produce consume purge; do
    if ((status)) || grep -q 'aborted\|error' "$tmp/$name.out"; then echo "--- pgbench $name:" >&2; cat "$tmp/$name.out" >&2; fi
done
((status == 0)) || die "a pgbench run failed (output above)"
tps() { awk '/^tps = / { printf "%.1f", $3; exit }' "$tmp/$1.out"; }
lag=$(sed -n 's/^rate limit schedule lag: avg \([0-9.]*\).*/\1 ms/p' "$tmp/produce.out")

echo
echo "| t (s) | sent | purged | open | n_live_tup | n_dead_tup | dead / sent | total size | vacuums | analyzes |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
awk -F'|' '{
    printf "| %d | %d | %d | %d | %d | %d | %.2f%% | %.1f MB | %d | %d |\n", $1, $2, $3, $4, $5, $6,
        $2 ? 100 * $6 / $2 : 0, $7 / 1048576, $8, $9
}' "$tmp/samples"

# Verdict over the second half of the run (the first half is warm-up: the table fills to its steady population).
#   dead < 2%: every second-half sample has n_dead_tup below 2% of the messages sent so far.
#   no growth: the highest n_dead_tup of the last quarter is at most 1.25x that of the third quarter (+ 1000).
#   flat size: the size at the end is at most 1.10x the size at the middle of the run.
echo
verdict=$(awk -F'|' '
    { t[NR] = $1; sent[NR] = $2; dead[NR] = $6; size[NR] = $7; upd[NR] = $10; hot[NR] = $11 }
    END {
        n = NR; half = int(n / 2) + 1; q3 = int(3 * n / 4) + 1
        ok1 = 1; worst = 0
        for (i = half; i <= n; i++) { r = sent[i] ? dead[i] / sent[i] : 0; if (r > worst) worst = r; if (r >= 0.02) ok1 = 0 }
        p3 = 0; p4 = 0
        for (i = half; i < q3; i++) if (dead[i] > p3) p3 = dead[i]
        for (i = q3; i <= n; i++) if (dead[i] > p4) p4 = dead[i]
        ok2 = p4 <= 1.25 * p3 + 1000
        ok3 = size[n] <= 1.10 * size[half]
        printf "| dead tuples < 2%% of sent (2nd half) | worst %.2f%% | %s |\n", 100 * worst, ok1 ? "pass" : "FAIL"
        printf "| dead tuples not growing | peak %d in 3rd quarter, %d in 4th | %s |\n", p3, p4, ok2 ? "pass" : "FAIL"
        printf "| table size flat (2nd half) | %.1f MB at t=%ds, %.1f MB at the end (%+.0f%%) | %s |\n",
            size[half] / 1048576, t[half], size[n] / 1048576, 100 * (size[n] / size[half] - 1), ok3 ? "pass" : "FAIL"
        printf "HOT updates: %.0f%% of %d\n", upd[n] ? 100 * hot[n] / upd[n] : 0, upd[n]
        exit !(ok1 && ok2 && ok3)
    }' "$tmp/samples") || status=1
echo "| check | figures | result |"
echo "|---|---|---|"
grep '^|' <<<"$verdict"
echo
echo "machine: nproc=$(nproc) (client host), PostgreSQL $version, fsync=$fsync, synchronous_commit=$sync_commit;" \
     "$vacuum_mode, naptime ${naptime} s; reloptions: ${reloptions:-none}; ${duration} s;" \
     "producers $(tps produce) tps of $rate requested (schedule lag ${lag:-n/a}), consumer tx $(tps consume) tps;" \
     "$(grep '^HOT' <<<"$verdict")"
exit $status
