#!/usr/bin/env bash
# Distributed load on one machine: starts the reference server, runs the load suites as N shards
# of one plan in N generator JVMs (JUnit Platform, tools/RunTests.java, on a test classpath built
# once by a reactor build: nothing is installed into ~/.m2) that start each test's ramp together,
# then merges their results test by test, judges the merged results and draws the report
# (results/index.html). The same split and merge run on GitHub Actions (load-test.yml, input
# 'generators') and in a Kubernetes Indexed Job (deploy/k8s/); see docs/distributed.md.
#
#   bash tools/run-distributed.sh --shards N [--suite NAME|all] [--scale smoke|full]
#                                 [--server-args "FLAGS"] [--start-in SECONDS]
#                                 [--fail-on-regression] [--dry-run]
#
# --shards N      generators, 2..32; each runs shard i/N of every plan (loadtest.shard)
# --suite NAME    a suite class's simple name (or a pattern with *); default all (*Suite)
# --scale         full (the default: the plans as declared); smoke works only where every plan's
#                 smoke channels are at least N (each shard needs a channel)
# --server-args   flags for the one reference server every shard loads (the suites' own
#                 @LoadTarget flags do not apply to it), e.g. "--engine-rtf 0.02" for a light engine
# --start-in S    the shards start their first ramp S seconds after the build (default 30; the
#                 generator JVMs must be up by then: loadtest.startAt refuses a start passed > 5 s).
#                 Each later test starts on the common schedule: its slot is the plan's warm-up +
#                 duration + loadtest.startGap (default 20 s; set LOADTEST_START_GAP=40s for more)
# --dry-run       builds nothing and starts nothing: prints the commands it would run
#
# Each shard's results go to results/shards/shard-i/ (its log to results/shards/shard-i.log), the
# merged ones to results/, whose result files and pages of an earlier run are removed first (the
# run history in .speechload/ and baselines/ stay). The shards keep no run history; the merged,
# judged results are appended to it. Exit code: tools/merge-shards.sh's (0 pass, 1 regression with
# --fail-on-regression, 3 inconclusive, +4 unreadable files); 2 for a usage error or a shard
# without results; 1 when the build or the server failed.
set -euo pipefail
cd "$(dirname "$0")/.."

fail_usage() { echo "run-distributed: $*" >&2; exit 2; }

shards="" suite=all scale=full start_in=30 fail=false dry_run=false server_args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shards="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --suite) suite="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --scale) scale="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --start-in) start_in="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --server-args) server_args="${2:-}"; shift $(( $# > 1 ? 2 : 1 )) ;;
    --fail-on-regression) fail=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,/^set -euo pipefail$/p' "$0" | sed '$d'; exit 0 ;;
    *) fail_usage "unknown option '$1' (see --help)" ;;
  esac
done
if ! [[ "$shards" =~ ^[0-9]+$ ]] || [ "$shards" -lt 2 ] || [ "$shards" -gt 32 ]; then
  fail_usage "--shards ${shards:-(missing)}: expected a whole number from 2 to 32 (one generator is tools/run-load-suites.sh)"
fi
case "$scale" in smoke|full) ;; *) fail_usage "--scale $scale: expected smoke | full" ;; esac
if ! [[ "$start_in" =~ ^[0-9]+$ ]] || [ "$start_in" -lt 5 ] || [ "$start_in" -gt 600 ]; then
  fail_usage "--start-in $start_in: expected seconds from 5 to 600 (loadtest.startAt allows at most 10 minutes ahead)"
fi
[ -n "$suite" ] || fail_usage "--suite needs a suite class name or 'all'"

execute() {
  if [ "$dry_run" = true ]; then
    echo "speechload: would run: $(printf '%q ' "$@" | sed 's/ $//')"
  else
    "$@"
  fi
}

selection='*Suite'
if [ "$suite" != all ]; then selection="$suite"; fi
[[ "$selection" =~ ^[A-Za-z0-9_*$]+$ ]] || fail_usage "--suite $suite: expected a test class's simple name (or a pattern with *), e.g. TtsSlowClientSuite"

work=results/shards
server_pid=""
shard_pids=()
stop_all() {
  # Only what this script started, by PID.
  for pid in ${shard_pids[@]+"${shard_pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One reactor build (never mvn install: ~/.m2 is shared, and a module run alone would take its
# siblings from there): the server and CLI jars, the suites' test classes, and their test classpath
# with the sibling modules as their target/classes folders.
classpath_file=loadtest-suites/target/test-classpath.txt
echo "speechload: building (tests skipped) ..."
execute mvn -B -q -Dstyle.color=never -pl loadtest-suites,loadtest-server,loadtest-core -am package -DskipTests
execute mvn -B -q -Dstyle.color=never -pl loadtest-suites -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
launcher=loadtest-suites/target/run-tests
classpath="loadtest-suites/target/test-classes:loadtest-suites/target/classes"
if [ "$dry_run" = true ]; then
  classpath="$classpath:<the classpath in $classpath_file>"
else
  classpath="$classpath:$(cat "$classpath_file")"
fi
# Compiled once here rather than by each shard JVM at its start (java File.java), which costs
# seconds of the start lead on a busy machine.
execute javac -d "$launcher" -cp "$classpath" tools/RunTests.java

grpc_port=50051 http_port=8000
if [ "$dry_run" != true ]; then
  rm -rf "$work" && mkdir -p "$work"
  # An earlier run's merged results would be judged and drawn again with this run's.
  find results -maxdepth 1 -type f \( -name '*.json' -o -name '*.jsonl' -o -name '*.html' -o -name '*.md' \) -delete
  ready="$work/server.ready"
  # shellcheck disable=SC2086 # the server's flags, split into words on purpose
  java -jar loadtest-server/target/speechload-server.jar --grpc-port 0 --http-port 0 --ready-file "$ready" \
    $server_args > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    [ -s "$ready" ] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "run-distributed: the reference server exited (see $work/server.log)" >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$ready" ] || { echo "run-distributed: the reference server was not ready within 30 s (see $work/server.log)" >&2; exit 1; }
  grpc_port=$(sed -E 's/.*"grpcPort":([0-9]+).*/\1/' "$ready")
  http_port=$(sed -E 's/.*"httpPort":([0-9]+).*/\1/' "$ready")
  echo "speechload: reference server (pid $server_pid) on grpc 127.0.0.1:$grpc_port, http 127.0.0.1:$http_port"
fi

start_at=$(( $(date +%s%3N) + start_in * 1000 ))
echo "speechload: $shards shards of $suite at scale $scale, ramps starting at $(date -u -d "@$(( start_at / 1000 ))" +%H:%M:%SZ)"
for i in $(seq 0 $(( shards - 1 ))); do
  # One plain JVM per shard on the classpath built above: no Maven run per shard, so no shard
  # rebuilds a folder another one is reading.
  cmd=(java -Dloadtest.root="$PWD" -Dloadtest.scale="$scale" -Dloadtest.target=external
    -Dloadtest.external.grpc="127.0.0.1:$grpc_port" -Dloadtest.external.http="http://127.0.0.1:$http_port"
    -Dloadtest.shard="$i/$shards" -Dloadtest.startAt="$start_at" -Dloadtest.resultsDir="$work/shard-$i"
    -Dloadtest.failOnRegression=false -Dloadtest.inconclusive=pass -Dloadtest.progress=false
    -Dloadtest.history=off
    -cp "$launcher:$classpath" RunTests dev.speechload.suites "$selection")
  if [ "$dry_run" = true ]; then
    execute "${cmd[@]}"
  else
    "${cmd[@]}" > "$work/shard-$i.log" 2>&1 &
    shard_pids+=($!)
  fi
done
failed=0
for i in "${!shard_pids[@]}"; do
  if ! wait "${shard_pids[$i]}"; then
    echo "run-distributed: shard $i/$shards failed (see $work/shard-$i.log); merging what it wrote" >&2
    failed=1
  fi
done
shard_pids=()

gate=()
if [ "$fail" = true ]; then gate=(--fail-on-regression); fi
code=0
execute bash tools/merge-shards.sh ${gate[@]+"${gate[@]}"} "$work" results || code=$?
if [ "$dry_run" = true ]; then
  echo "speechload: dry run: no shard ran"
else
  echo "speechload: merged reports in results/ (open results/index.html); each shard's in $work/"
fi
if [ "$code" -eq 0 ] && [ "$failed" -ne 0 ]; then code=1; fi
exit "$code"
