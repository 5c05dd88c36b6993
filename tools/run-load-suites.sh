#!/usr/bin/env bash
# The main job: builds speechload, runs the load suites against the reference server (started for
# you as a local process, or as a container with --target container) and leaves the reports in
# results/ (open results/index.html).
#
#   bash tools/run-load-suites.sh [--scale smoke|full] [--suite NAME|all] [--target process|container]
#                                 [--update-baseline] [--fail-on-regression]
#
# Exit code: 0 when every suite passed its gates, non-zero otherwise (Maven's).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=smoke suite=all target=process update=false fail=false
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    --update-baseline) update=true; shift ;;
    --fail-on-regression) fail=true; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "run-load-suites: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$scale" in smoke|full) ;; *) echo "run-load-suites: --scale $scale: expected smoke | full" >&2; exit 2 ;; esac
case "$target" in process|container) ;; *) echo "run-load-suites: --target $target: expected process | container" >&2; exit 2 ;; esac

# The suites are the *Suite classes of loadtest-suites (the examples and the toolkit's own
# tests run with `mvn -B verify`, not here).
selection=(-Dtest='*Suite')
if [ "$suite" != all ]; then
  selection=(-Dtest="$suite")
fi

echo "speechload: building (tests skipped) ..."
mvn -B -q install -DskipTests
echo "speechload: running suites ($suite, scale $scale, target $target) ..."
mvn -B -pl loadtest-suites verify "${selection[@]}" \
  -Dloadtest.scale="$scale" -Dloadtest.target="$target" \
  -Dloadtest.updateBaseline="$update" -Dloadtest.failOnRegression="$fail"
echo "speechload: reports in results/ (open results/index.html)"
