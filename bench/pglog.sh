#!/usr/bin/env bash
# The PostgreSQL evidence log's figures (docs/PERFORMANCE.md, "Evidence log on PostgreSQL"), in one sitting on one
# throwaway cluster: dd oflag=dsync in the cluster's data folder, pgbench on the cluster, then 8 appender processes
# and 1 integrator process (acknowledged appends/s, p50/p99 latency, integrator lag, checkpoint gaps), then a log
# of RECORDS records: catch-up rate, integrator killed (SIGKILL) and reopened, inclusion proofs from tiles.
# Usage (from the project root): bench/pglog.sh [SECONDS] [RECORDS] [THREADS_PER_PROCESS] [IN_FLIGHT_PER_THREAD]
# (IN_FLIGHT_PER_THREAD 1, the default, is the blocking append; more keeps that many appendAsync records in flight.)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=bench/target/benchmarks.jar
[ -f "$JAR" ] || mvn -B -q -ntp -DskipTests package -pl bench -am
SECS=${1:-20}
BIG=${2:-10000000}
THREADS=${3:-32}
INFLIGHT=${4:-1}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
TMP=$(mktemp -d /tmp/mm-pglog.XXXXXX)
AS=()
if [ "$(id -u)" = 0 ]; then
  u=postgres; id -u $u >/dev/null 2>&1 || u=nobody
  chown "$u" "$TMP"
  AS=(setpriv --reuid="$(id -u $u)" --regid="$(id -g $u)" --clear-groups --)
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${AS[@]}" "$BIN/initdb" -D "$TMP/data" -U mimamori --auth=trust -E UTF8 --no-locale >/dev/null
"${AS[@]}" "$BIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -o "-p $PORT -k $TMP -c listen_addresses=127.0.0.1 \
  -c max_connections=120 -c shared_buffers=256MB -c max_wal_size=8GB" start >/dev/null
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  "${AS[@]}" "$BIN/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT
PSQL=("${AS[@]}" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U mimamori -q -t -A)
"${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U mimamori bench
"${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U mimamori big
"${AS[@]}" "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U mimamori pgb
URL="jdbc:postgresql://127.0.0.1:$PORT/bench?user=mimamori"
BIGURL="jdbc:postgresql://127.0.0.1:$PORT/big?user=mimamori"
SEED=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
J="java -Xmx256m -XX:+UseSerialGC -cp $JAR jp.mimamori.bench.log.PgLogWholeProcess"
say() { printf '\n### %s\n' "$*"; }

say "load"; uptime
say "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}'), dd oflag=dsync in its data folder (8 KiB writes)"
dd if=/dev/zero of="$TMP/data/dd.test" bs=8k count=4000 oflag=dsync 2>&1 | tail -1; rm -f "$TMP/data/dd.test"
say "pgbench (TPC-B-like, 8 clients, ${SECS} s, one commit per transaction)"
"${AS[@]}" "$BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U mimamori -i -s 8 -q pgb 2>/dev/null
"${AS[@]}" "$BIN/pgbench" -h 127.0.0.1 -p "$PORT" -U mimamori -c 8 -j 2 -T "$SECS" -M prepared pgb 2>/dev/null \
  | grep -E "^tps|latency average"

say "PostgresEvidenceLog: 8 appender processes x $THREADS threads x $INFLIGHT in flight, 300-byte records, 1 integrator, ${SECS} s measured"
$J fill "$URL" 0 >/dev/null   # the log's tables, before the monitor looks at them
$J integrate "$URL" "$TMP/tiles" $SEED 2>"$TMP/integrator.err" & INTEG=$!; PIDS+=($INTEG)
START=$(( $(date +%s%3N) + 10000 ))
APP=()
for i in 1 2 3 4 5 6 7 8; do
  $J append "$URL" $START "$SECS" "$THREADS" "$INFLIGHT" >"$TMP/app$i.out" 2>"$TMP/app$i.err" & APP+=($!); PIDS+=($!)
done
$J monitor "$URL" $START "$SECS" >"$TMP/monitor.out" 2>&1 || cat "$TMP/monitor.out"
for i in 1 2 3 4 5 6 7 8; do wait "${APP[$((i-1))]}" || { echo "appender $i failed:"; tail -3 "$TMP/app$i.err"; }; done
cat "$TMP"/app*.out | awk -v s="$SECS" '{n+=$2; if ($4>p99) p99=$4; if ($5>mx) mx=$5; p50=p50" "$3}
  END {printf "acknowledged appends: %d in %d s = %.0f/s; p50 per process (us):%s; p99 worst process %d us; max %d us\n", n, s, n/s, p50, p99, mx}'
cat "$TMP/monitor.out"
kill -9 $INTEG; wait $INTEG 2>/dev/null || true
echo "sequenced $("${PSQL[@]}" bench -c 'SELECT next_index FROM mimamori_log_sequence')," \
  "integrated before the kill $("${PSQL[@]}" bench -c 'SELECT size FROM mimamori_log_integrated')"

say "a log of $BIG records: sequenced in SQL, integrated, integrator SIGKILLed, reopened"
$J fill "$BIGURL" "$BIG"
$J catchup "$BIGURL" "$TMP/bigtiles" $SEED
$J integrate "$BIGURL" "$TMP/bigtiles" $SEED 2>/dev/null & INTEG=$!; PIDS+=($INTEG)
sleep 3; kill -9 $INTEG; wait $INTEG 2>/dev/null || true
$J fill "$BIGURL" 1000 >/dev/null
/usr/bin/time -f "reopen process: %e s wall, max RSS %M KB" $J reopen "$BIGURL" "$TMP/bigtiles" $SEED
du -sh "$TMP/bigtiles" "$TMP/data" | sed 's|/tmp/mm-pglog[^/]*/||'
say "load"; uptime
