#!/usr/bin/env bash
# Whole-process sealing of one recorded file (docs/PERFORMANCE.md, "Store v2: whole-process sealing and verifying"):
# interleaved rounds of `openssl dgst -sha256` over the file, `mimamori seal --plain`, the durable copy alone
# (`dd … oflag=direct conv=fsync`) and the encrypted `mimamori seal`, each timed as a whole process.
# Usage (from the project root): bench/seal-whole-process.sh WORKDIR [ROUNDS]
# WORKDIR gets a 2 GiB file of random bytes (seg2g.bin) and an Ed25519 key on first use; the stores are removed.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$PWD/cli/target/mimamori.jar
[ -f "$JAR" ] || mvn -B -q -ntp -DskipTests package
WORK=${1:?usage: bench/seal-whole-process.sh WORKDIR [ROUNDS]}
ROUNDS=${2:-3}
mkdir -p "$WORK/k"
cd "$WORK"
[ -f seg2g.bin ] || head -c 2147483648 /dev/urandom > seg2g.bin
[ -f k/private.pem ] || (umask 077 && openssl genpkey -algorithm ed25519 -out k/private.pem)
for r in $(seq "$ROUNDS"); do
  /usr/bin/time -f "dgst %e s" openssl dgst -sha256 seg2g.bin >/dev/null
  rm -rf sp; /usr/bin/time -f "seal-plain %e s (user %U sys %S)" java -Xmx256m -jar "$JAR" seal --plain \
      --camera cam-01 --key k/private.pem --out sp seg2g.bin >/dev/null
  rm -f ddcopy; /usr/bin/time -f "dd-direct-fsync %e s" dd if=seg2g.bin of=ddcopy bs=1M oflag=direct conv=fsync \
      status=none
  rm -f ddcopy
  rm -rf se; /usr/bin/time -f "seal-enc %e s (user %U sys %S)" java -Xmx256m -jar "$JAR" seal \
      --camera cam-01 --key k/private.pem --out se seg2g.bin >/dev/null
  rm -rf sp se
done
