#!/usr/bin/env bash
# Merges the results of load generator shards, test by test, into one results directory, then
# judges and draws them like the results of one run (speechload merge, compare, report).
#
#   bash tools/merge-shards.sh [--fail-on-regression] SHARDS_DIR OUT_DIR
#
# SHARDS_DIR holds one folder per shard (shard-0/, shard-1/, ...), each the results directory of
# one generator (loadtest.resultsDir). Every test found in any shard is merged from the shards that
# have it into OUT_DIR/<test>.json; a shard that was stopped early (it left only
# <test>.partial.json, which is merged in), or lacks the test, makes that merged result partial
# (speechload merge says so). Needs loadtest-core/target/speechload-cli.jar
# (mvn -B -q -pl loadtest-core -am package -DskipTests).
#
# Exit code: speechload compare's (0 pass, 1 regression with --fail-on-regression, 3 inconclusive,
# +4 some file unreadable); 2 for a usage error or when a test has only one shard's file.
set -euo pipefail

fail_usage() { echo "merge-shards: $*" >&2; exit 2; }

gate=()
if [ "${1:-}" = "--fail-on-regression" ]; then gate=(--fail-on-regression); shift; fi
[ $# -eq 2 ] || fail_usage "expected SHARDS_DIR OUT_DIR (see the comment at the top of $0)"
shards_dir="$(realpath -m "$1")" out_dir="$(realpath -m "$2")"
cd "$(dirname "$0")/.."
[ -d "$shards_dir" ] || fail_usage "$shards_dir: no such directory (the shards' results go there, one shard-N/ each)"
cli=loadtest-core/target/speechload-cli.jar
[ -f "$cli" ] || fail_usage "$cli is missing: build it with mvn -B -q -pl loadtest-core -am package -DskipTests"

shopt -s nullglob
dirs=("$shards_dir"/shard-*/)
[ ${#dirs[@]} -gt 0 ] || fail_usage "$shards_dir has no shard-N/ folders: nothing to merge"
mkdir -p "$out_dir"

worst=0
# A shard killed mid-test left only <test>.partial.json: merged in, it makes the merge partial.
tests=$(for d in "${dirs[@]}"; do for f in "$d"*.json; do f=$(basename "$f"); echo "${f%.partial.json}"; done; done \
  | sed 's/\.json$//' | sort -u)
for test in $tests; do
  files=()
  for d in "${dirs[@]}"; do
    if [ -f "$d$test.json" ]; then files+=("$d$test.json");
    elif [ -f "$d$test.partial.json" ]; then files+=("$d$test.partial.json"); fi
  done
  if [ ${#files[@]} -lt 2 ]; then
    echo "merge-shards: $test: only ${files[0]} has it, the other shards wrote no result (see their logs); not merged" >&2
    worst=2
    continue
  fi
  code=0
  java -jar "$cli" merge -o "$out_dir/$test.json" "${files[@]}" || code=$?
  if [ "$code" -ne 0 ] && [ "$code" -ne 4 ]; then worst=2; fi
done

code=0
java -jar "$cli" compare --results "$out_dir" ${gate[@]+"${gate[@]}"} || code=$?
java -jar "$cli" report --results "$out_dir" || true
if [ "$worst" -ne 0 ]; then exit "$worst"; fi
exit "$code"
