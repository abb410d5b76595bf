#!/usr/bin/env bash
# Start-up to ready (Camel has started the routes) of the packaged app on embedded defaults, three times each:
# the jar as built, and the jar extracted with a class-data-sharing archive (what the Docker image does).
# Run from the repository root after `mvn -B -DskipTests package`, with JAVA_HOME on the JDK 25 the app is built for.
set -euo pipefail
java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
jar=$(ls target/tracking-writeback-*.jar | head -1)
work=target/startup
rm -rf "$work" && mkdir -p "$work"
"$java" -Djarmode=tools -jar "$jar" extract --destination "$work/extracted" > /dev/null
extracted="$work/extracted/$(basename "$jar")"
# training run: loads the classes the start-up needs and writes them to the archive at exit
"$java" -Xmx192m -XX:ArchiveClassesAtExit="$work/app.jsa" -Dspring.context.exit=onRefresh -jar "$extracted" \
  --writeback.data-dir="./$work/train" --server.port=0 --writeback.broker.port=61697 > "$work/train.log" 2>&1

ready_after() {
  local data="./$work/data-$RANDOM" log="$work/run.log" start pid
  start=$(date +%s%N)
  "$java" -Xmx192m "$@" --writeback.data-dir="$data" --server.port=18088 --writeback.broker.port=61696 > "$log" 2>&1 &
  pid=$!
  until grep -q "(writeback) started in" "$log"; do
    kill -0 "$pid" 2> /dev/null || { echo "the app exited; see $log" >&2; exit 1; }
    sleep 0.05
  done
  echo "$(( ($(date +%s%N) - start) / 1000000 ))"
  kill "$pid" && wait "$pid" 2> /dev/null || true
}

echo "| how it is started | start-up to ready, 3 runs (ms) |"
echo "|---|---|"
echo "| \`java -jar\` | $(ready_after -jar "$jar") / $(ready_after -jar "$jar") / $(ready_after -jar "$jar") |"
cds=(-XX:SharedArchiveFile="$work/app.jsa" -jar "$extracted")
echo "| extracted + CDS archive | $(ready_after "${cds[@]}") / $(ready_after "${cds[@]}") / $(ready_after "${cds[@]}") |"
