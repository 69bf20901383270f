#!/usr/bin/env bash
# Start time and idle memory of the hub started the README's way (./sila) on a fresh embedded store (bench/README.md).
#   bench/startup.sh [runs] [port]
# Prints, per run: seconds from launch until /actuator/health answers UP, the CPU seconds the hub's JVM took until
# then, Spring's own "Started in", and after 30 s idle: resident memory (RSS) and the heap in use after a full GC.
# ./sila builds the jar and its class data sharing archive first when they are missing (not timed).
# JAVA_OPTS adds JVM options (e.g. -Dspring.aot.enabled=true for a jar built with process-aot). MVN=1 starts it with
# ./mvnw -o spring-boot:run instead (Maven, then the compiled classes without the archive), timed from Maven's launch.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; port=${2:-18170}
[ "${MVN:-0}" = 1 ] || ./sila --prepare
for run in $(seq 1 "$runs"); do
  dir=$(mktemp -d)
  args="--server.port=$port --sila.store.path=$dir/sila.mv --sila.webchat.key-file=$dir/webchat.key --sila.content-root=."
  start=$(date +%s.%N)
  if [ "${MVN:-0}" = 1 ]; then
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
    ./mvnw -o -q spring-boot:run -Dspring-boot.run.arguments="$args" \
        ${JAVA_OPTS:+"-Dspring-boot.run.jvmArguments=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC $JAVA_OPTS"} \
        > "$dir/log" 2>&1 &
    maven=$!
    until pid=$(pgrep -f "org.sila.SilaApplication .*$dir/sila.mv"); do
      kill -0 "$maven" 2>/dev/null || { echo "Maven stopped:"; tail -20 "$dir/log"; exit 1; }
      sleep 0.05
    done
  else
    # shellcheck disable=SC2086 # $args is a list of arguments
    ./sila $args > "$dir/log" 2>&1 &
    pid=$!
  fi
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
  # G1 reports one heap, the serial collector two generations: the sum of their "used".
  heap=$(jcmd "$pid" GC.heap_info | grep -E '(heap|generation) +total' | grep -o 'used [0-9]*K' | grep -o '[0-9]*' \
      | paste -sd+ | bc)
  warnings=$(grep -c -i -E ' (WARN|ERROR) |\[(warning|error) *\]' "$dir/log" || true)
  printf 'run %d: ready (health UP) after %.1f s (%s CPU s); Spring "Started in" %s s; idle RSS %d MB, heap in use %d MB; %s warnings/errors; load %s\n' \
      "$run" "$ready" "$cpu" "$started" "$rss" $(( heap / 1024 )) "$warnings" "$(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ -z "${maven:-}" ] || wait "$maven" 2>/dev/null || true
  rm -rf "$dir"
done
