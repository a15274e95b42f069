#!/usr/bin/env bash
# Runs every hot-path benchmark beside its native reference in one sitting and prints the raw figures that
# docs/PERFORMANCE.md quotes as ratios. Usage (from the project root): bench/perf.sh [quick]
# The machine should be otherwise idle; figures from a loaded machine are noise (see docs/PERFORMANCE.md).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f bench/target/benchmarks.jar ] || mvn -B -q -ntp -DskipTests package
JAR=bench/target/benchmarks.jar
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
JMH="-f 1 -wi 3 -w 1 -i 5 -r 1"
say() { printf '\n### %s\n' "$*"; }

say "load"; uptime
say "access decisions (core) vs HashMap baseline"
java -jar $JAR "AccessDecisionBench.decide|BaselineBench" $JMH -bm thrpt -tu s | grep -E "thrpt"
java -jar $JAR "AccessDecisionBench.decide" $JMH -bm sample -prof gc | grep -E "p0.50|gc.alloc.rate.norm"

say "signatures and hashing (CPU time) vs openssl speed"
openssl speed -seconds 3 ed25519 ecdsap256 2>/dev/null | tail -4
openssl speed -seconds 3 -bytes 1048576 sha256 2>/dev/null | tail -1
java -cp $JAR jp.mimamori.bench.crypto.CryptoCpuTime 3

say "sealing (interleaved best-of) vs openssl speed -elapsed sha256"
java -cp $JAR jp.mimamori.bench.seal.InterleavedSeal 1048576 15 | tail -1
java -cp $JAR jp.mimamori.bench.seal.InterleavedSeal 4096 15 | tail -1
say "verifying a 1 GiB store vs openssl dgst -sha256"
java -Xmx2g -cp $JAR jp.mimamori.bench.seal.InterleavedVerify 6 | tail -3

say "export bundles (1 GiB): building vs cp (plain, CMS), verifying vs openssl dgst -sha256"
java -Xmx1g -cp $JAR jp.mimamori.bench.bundle.InterleavedBundle 16 6 | tail -8

say "evidence log: dd dsync syncs/s, then durable appends"
dd if=/dev/zero of="$TMP/dsync" bs=4k count=2000 oflag=dsync 2>&1 | tail -1
java -cp $JAR jp.mimamori.bench.log.LogWholeProcess throughput "$TMP/log" 8 10 64 | tail -1
java -jar $JAR "LogAppendBench.asyncAppend8Threads|LogAppendBench.syncAppendLatency" -f 1 -wi 2 -i 3 -w 2s -r 3s \
  | grep -E "thrpt|p0.50|p0.99 "
dd if=/dev/zero of="$TMP/dsync" bs=4k count=2000 oflag=dsync 2>&1 | tail -1

say "retention: planner, crypto-erase, streaming AES-GCM vs openssl, overwrite vs dd"
java -jar $JAR "retention.PlannerBench" -f 1 -wi 2 -i 3 | grep -E "avgt|ss "
java -jar $JAR "retention.CryptoEraseBench" -f 1 -wi 3 -i 8 | grep -E "erase10k "
openssl speed -evp aes-256-gcm -bytes 16384 -seconds 3 2>/dev/null | tail -1
java -cp $JAR jp.mimamori.bench.retention.RetentionCpuTime 1048576 | tail -3
dd if=/dev/urandom of="$TMP/over" bs=1M count=256 2>/dev/null
for i in 1 2 3; do dd if=/dev/zero of="$TMP/over" bs=1M count=256 conv=notrunc oflag=direct 2>&1 | tail -1; done
java -jar $JAR "retention.OverwriteBench" -f 1 -wi 2 -i 5 -jvmArgs "-Dmimamori.bench.overwrite.file=$TMP/over" | grep -E "avgt|ss "
say "load"; uptime
