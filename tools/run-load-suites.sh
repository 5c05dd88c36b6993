#!/usr/bin/env bash
# The main job: builds speechload, runs the load suites against the reference server (started for
# you as a local process, or as a container with --target container) and leaves the reports in
# results/ (open results/index.html).
#
#   bash tools/run-load-suites.sh [--scale smoke|full] [--suite NAME|all] [--target process|container]
#                                 [--update-baseline [--runs N]] [--fail-on-regression]
#                                 [--inconclusive abort|fail|pass]
#
# --update-baseline records the runs as the new baselines instead of judging them; with --runs N
# the suites run N times and every baseline keeps all N runs, so verdicts know the run-to-run
# spread (the first run replaces the old baseline, the others are added to it).
# A suite whose measurement could not be trusted (a machine busy with other work) is INCONCLUSIVE:
# reported, and its test aborted (skipped), unless --inconclusive says otherwise.
#
# Exit code: 0 when every suite passed its gates, non-zero otherwise (Maven's).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=smoke suite=all target=process update=false fail=false runs=1 inconclusive=abort
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    --update-baseline) update=true; shift ;;
    --fail-on-regression) fail=true; shift ;;
    --runs) runs="${2:-}"; shift 2 ;;
    --inconclusive) inconclusive="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run-load-suites: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$scale" in smoke|full) ;; *) echo "run-load-suites: --scale $scale: expected smoke | full" >&2; exit 2 ;; esac
case "$target" in process|container) ;; *) echo "run-load-suites: --target $target: expected process | container" >&2; exit 2 ;; esac
case "$inconclusive" in abort|fail|pass) ;; *) echo "run-load-suites: --inconclusive $inconclusive: expected abort | fail | pass" >&2; exit 2 ;; esac
if ! [[ "$runs" =~ ^[0-9]+$ ]] || [ "$runs" -lt 1 ] || [ "$runs" -gt 50 ]; then
  echo "run-load-suites: --runs $runs: expected a whole number from 1 to 50" >&2; exit 2
fi
if [ "$runs" -gt 1 ] && [ "$update" != true ]; then
  echo "run-load-suites: --runs $runs only makes sense with --update-baseline (a baseline that keeps several runs)" >&2; exit 2
fi

# The suites are the *Suite classes of loadtest-suites (the examples and the toolkit's own
# tests run with `mvn -B verify`, not here).
selection=(-Dtest='*Suite')
if [ "$suite" != all ]; then
  selection=(-Dtest="$suite")
fi

echo "speechload: building (tests skipped) ..."
mvn -B -q install -DskipTests
for run in $(seq 1 "$runs"); do
  # The first run replaces each baseline; the later ones are added to it (it keeps the newest $runs).
  keep=$([ "$run" -eq 1 ] && echo 1 || echo "$runs")
  echo "speechload: running suites ($suite, scale $scale, target $target, run $run of $runs) ..."
  mvn -B -pl loadtest-suites verify "${selection[@]}" \
    -Dloadtest.scale="$scale" -Dloadtest.target="$target" \
    -Dloadtest.updateBaseline="$update" -Dloadtest.baselineRuns="$keep" \
    -Dloadtest.failOnRegression="$fail" -Dloadtest.inconclusive="$inconclusive"
done
echo "speechload: reports in results/ (open results/index.html)"
