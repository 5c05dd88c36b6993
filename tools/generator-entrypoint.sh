#!/usr/bin/env bash
# Entry point of the generator image (Dockerfile.generator): runs the load suites as one shard and
# writes its results to $RESULTS/shards/shard-<index>/; with "merge" as its argument, merges the
# shards found there into $RESULTS/merged/ (tools/merge-shards.sh) and judges them.
#
# The shard comes from loadtest.shard, or in a Kubernetes Indexed Job from JOB_COMPLETION_INDEX
# with LOADTEST_SHARDS; every other setting from LOADTEST_* variables (docs/engine.md).
set -euo pipefail
cd "$(dirname "$0")/.."
results="${RESULTS:-/results}"

if [ "${1:-}" = merge ]; then
  shift
  exec bash tools/merge-shards.sh "$@" "$results/shards" "$results/merged"
fi

index="${JOB_COMPLETION_INDEX:-${SHARD_INDEX:-}}"
if [ -z "$index" ]; then
  echo "generator: no shard index: run in a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) or set SHARD_INDEX" >&2
  exit 2
fi
selection='*Suite'
if [ "${SUITE:-all}" != all ]; then selection="$SUITE"; fi
# The merged result gates the run, not a shard's own; a shard fails only when it could not run.
exec mvn -B -o -pl loadtest-suites surefire:test -Dtest="$selection" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dloadtest.resultsDir="$results/shards/shard-$index" \
  -Dloadtest.failOnRegression=false -Dloadtest.inconclusive=pass
