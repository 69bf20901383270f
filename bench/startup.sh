#!/usr/bin/env bash
# Start time and idle memory of the packaged hub on a fresh embedded store (see bench/README.md).
#   ./mvnw -q package -DskipTests && bench/startup.sh [runs] [port] [extra JVM options...]
# Prints, per run: seconds from launch until /actuator/health answers UP, Spring's own "Started in",
# and after 30 s idle: resident memory (RSS) and the heap in use after a full GC.
# CDS=1 runs it as Spring Boot documents for a faster start: the jar extracted (-Djarmode=tools extract) and a class
# data sharing archive written by a training run that stops once the context is refreshed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; port=${2:-18170}; shift $(( $# > 2 ? 2 : $# )) || true
jar=$(ls target/sila-*.jar | grep -v original | head -1)
if [ "${CDS:-0}" = 1 ]; then
  rm -rf target/cds && java -Djarmode=tools -jar "$jar" extract --destination target/cds >/dev/null
  jar=target/cds/$(basename "$jar")
  training=$(mktemp -d)
  java -XX:ArchiveClassesAtExit=target/cds/sila.jsa -Dspring.context.exit=onRefresh -jar "$jar" \
      --server.port="$port" --sila.store.path="$training/sila.mv" --sila.webchat.key-file="$training/webchat.key" \
      --sila.content-root=. > "$training/log" 2>&1 || { tail -20 "$training/log"; exit 1; }
  rm -rf "$training"
  set -- -XX:SharedArchiveFile=target/cds/sila.jsa "$@"
fi
for run in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s.%N)
  java "$@" -jar "$jar" --server.port="$port" --sila.store.path="$dir/sila.mv" \
      --sila.webchat.key-file="$dir/webchat.key" --sila.content-root=. > "$dir/log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/actuator/health" | grep -q UP; do
    kill -0 "$pid" 2>/dev/null || { echo "the hub stopped:"; tail -20 "$dir/log"; exit 1; }
    sleep 0.05
  done
  ready=$(echo "$(date +%s.%N) - $start" | bc)
  # CPU the start took (user + system, all threads): on a shared machine a steadier figure than the wall clock.
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  cpu=$(echo "scale=1; $ticks / $(getconf CLK_TCK)" | bc)
  started=$(grep -o 'Started SilaApplication in [0-9.]* seconds' "$dir/log" | grep -o '[0-9.]*' | head -1)
  sleep 30
  rss=$(( $(ps -o rss= -p "$pid") / 1024 ))
  jcmd "$pid" GC.run >/dev/null
  heap=$(jcmd "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*')
  warnings=$(grep -c -E ' (WARN|ERROR) ' "$dir/log" || true)
  printf 'run %d: ready (health UP) after %.1f s (%s CPU s); Spring "Started in" %s s; idle RSS %d MB, heap in use %d MB; %s warnings/errors; load %s\n' \
      "$run" "$ready" "$cpu" "$started" "$rss" $(( heap / 1024 )) "$warnings" "$(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
done
