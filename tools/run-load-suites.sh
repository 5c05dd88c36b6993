#!/usr/bin/env bash
# The main job: builds speechload, runs the load suites against the reference server (started for
# you as a local process, or as a container with --target container) and leaves the reports in
# results/ (open results/index.html).
#
#   bash tools/run-load-suites.sh [--scale smoke|full] [--suite NAME|all] [--target process|container]
#                                 [--update-baseline [--runs N]] [--fail-on-regression]
#                                 [--inconclusive abort|fail|pass] [--compare-ref GIT_REF] [--dry-run]
#
# --update-baseline records the runs as the new baselines instead of judging them; with --runs N
# the suites run N times and every baseline keeps all N runs, so verdicts know the run-to-run
# spread (the first run replaces the old baseline, the others are added to it).
# A suite whose measurement could not be trusted (a machine busy with other work) is INCONCLUSIVE:
# reported, and its test aborted (skipped), unless --inconclusive says otherwise.
#
# --compare-ref GIT_REF judges this build (B) against the reference server built from GIT_REF (A),
# in interleaved A/B trial pairs, instead of against baselines/. GIT_REF is any commit of this
# local repository (a branch, tag or sha; nothing is fetched). It is checked out into a temporary
# git worktree (removed on exit, also after a failure or Ctrl-C) and its server is built there:
# as results/compare-ref/speechload-server-<short sha>.jar for the process target, or as the image
# speechload/server-under-test:ref-<short sha> from its Dockerfile.loadtest for --target container
# (with BASE_IMAGE=$SPEECHLOAD_DOCKER_BASE_IMAGE when set, see tools/docker-env.sh). The suites then
# run with -Dloadtest.compareWith=<that jar or image>. Not with --update-baseline.
# --dry-run prepares the reference (if any), then prints the Maven commands instead of running them.
#
# Exit code: 0 when every suite passed its gates; 2 for a usage error (a bad option or GIT_REF);
# otherwise non-zero (Maven's, or 1 when the reference could not be built).
set -euo pipefail
cd "$(dirname "$0")/.."

fail_usage() { echo "run-load-suites: $*" >&2; exit 2; }

scale=smoke suite=all target=process update=false fail=false runs=1 inconclusive=abort
compare_ref="" dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --target) target="$2"; shift 2 ;;
    --update-baseline) update=true; shift ;;
    --fail-on-regression) fail=true; shift ;;
    --runs) runs="${2:-}"; shift 2 ;;
    --inconclusive) inconclusive="${2:-}"; shift 2 ;;
    --compare-ref) compare_ref="${2:-}"; shift $(( $# > 1 ? 2 : 1 ))
      case "$compare_ref" in ''|-*) fail_usage "--compare-ref needs a git ref (a branch, tag or sha) after it" ;; esac ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,/^set -euo pipefail$/p' "$0" | sed '$d'; exit 0 ;;
    *) fail_usage "unknown option '$1' (see --help)" ;;
  esac
done
case "$scale" in smoke|full) ;; *) fail_usage "--scale $scale: expected smoke | full" ;; esac
case "$target" in process|container) ;; *) fail_usage "--target $target: expected process | container" ;; esac
case "$inconclusive" in abort|fail|pass) ;; *) fail_usage "--inconclusive $inconclusive: expected abort | fail | pass" ;; esac
if ! [[ "$runs" =~ ^[0-9]+$ ]] || [ "$runs" -lt 1 ] || [ "$runs" -gt 50 ]; then
  fail_usage "--runs $runs: expected a whole number from 1 to 50"
fi
if [ "$runs" -gt 1 ] && [ "$update" != true ]; then
  fail_usage "--runs $runs only makes sense with --update-baseline (a baseline that keeps several runs)"
fi
if [ -n "$compare_ref" ] && [ "$update" = true ]; then
  fail_usage "--compare-ref and --update-baseline exclude each other: an A/B comparison records no baseline; drop one of them"
fi

# Runs a command, or with --dry-run only prints it (shell-quoted, so it can be pasted).
execute() {
  if [ "$dry_run" = true ]; then
    echo "speechload: would run: $(printf '%q ' "$@" | sed 's/ $//')"
  else
    "$@"
  fi
}

# ---- the reference build of an A/B comparison (--compare-ref) ------------------------------
# Sets compare_with to the jar or image of GIT_REF's server. Everything it makes outside
# results/ (the worktree and its folder) goes away on exit, whatever the exit.
compare_with=""
ref_dir=""
remove_ref_worktree() {
  if [ -n "$ref_dir" ]; then
    git worktree remove --force "$ref_dir/src" >/dev/null 2>&1 || true
    rm -rf "$ref_dir"
    git worktree prune >/dev/null 2>&1 || true
  fi
}

prepare_reference() {
  local sha short
  # Local only: a ref this repository does not have is a usage error, not something to fetch.
  if ! sha="$(git rev-parse --verify --quiet "${compare_ref}^{commit}" 2>/dev/null)"; then
    fail_usage "--compare-ref '$compare_ref': no such commit in this repository (name a branch, tag or sha it has; fetch it first if it is remote)"
  fi
  short="$(git rev-parse --short "$sha")"
  if [ "$target" = container ] && ! command -v docker >/dev/null 2>&1; then
    fail_usage "--compare-ref with --target container builds the reference image, but there is no docker client on the PATH"
  fi

  trap remove_ref_worktree EXIT
  # Signals become ordinary exits, so the EXIT trap removes the worktree after Ctrl-C too.
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ref_dir="$(mktemp -d "${TMPDIR:-/tmp}/speechload-compare-ref.XXXXXX")"
  echo "speechload: checking out the reference $compare_ref ($short) into a temporary worktree ..."
  if ! git worktree add --detach "$ref_dir/src" "$sha" >"$ref_dir/worktree.log" 2>&1; then
    cat "$ref_dir/worktree.log" >&2
    echo "run-load-suites: could not check out $compare_ref ($short) into a git worktree (see above)" >&2
    exit 1
  fi

  if [ "$target" = container ] && [ ! -f "$ref_dir/src/Dockerfile.loadtest" ]; then
    echo "run-load-suites: $compare_ref ($short) has no Dockerfile.loadtest, so it cannot run as a container; use --target process" >&2
    exit 1
  fi

  echo "speechload: building the reference server at $compare_ref ($short) (tests skipped) ..."
  if ! (cd "$ref_dir/src" && mvn -B -q -pl loadtest-server -am package -DskipTests); then
    echo "run-load-suites: building the reference server at $compare_ref ($short) failed (see above)" >&2
    exit 1
  fi
  local jar="$ref_dir/src/loadtest-server/target/speechload-server.jar"
  if [ ! -f "$jar" ]; then
    echo "run-load-suites: the build at $compare_ref ($short) made no loadtest-server/target/speechload-server.jar: that commit predates the reference server or builds it elsewhere" >&2
    exit 1
  fi

  if [ "$target" = container ]; then
    compare_with="speechload/server-under-test:ref-$short"
    local build=(build -f "$ref_dir/src/Dockerfile.loadtest" -t "$compare_with")
    # Where no registry can be reached the base is a local image (tools/docker-env.sh).
    if [ -n "${SPEECHLOAD_DOCKER_BASE_IMAGE:-}" ]; then
      build+=(--build-arg "BASE_IMAGE=$SPEECHLOAD_DOCKER_BASE_IMAGE")
    fi
    echo "speechload: building the reference image $compare_with ..."
    if ! docker "${build[@]}" "$ref_dir/src"; then
      echo "run-load-suites: building the reference image $compare_with failed (see above)" >&2
      exit 1
    fi
  else
    # Kept in results/ under the commit's name, so the run's results can name what they were judged against.
    mkdir -p results/compare-ref
    compare_with="$(pwd)/results/compare-ref/speechload-server-$short.jar"
    cp "$jar" "$compare_with"
  fi
  echo "speechload: reference build (A): $compare_with"
}

if [ -n "$compare_ref" ]; then
  prepare_reference
fi

# The suites are the *Suite classes of loadtest-suites (the examples and the toolkit's own
# tests run with `mvn -B verify`, not here).
selection=(-Dtest='*Suite')
if [ "$suite" != all ]; then
  selection=(-Dtest="$suite")
fi
comparison=()
if [ -n "$compare_with" ]; then
  comparison=(-Dloadtest.compareWith="$compare_with")
fi

echo "speechload: building (tests skipped) ..."
execute mvn -B -q install -DskipTests
for run in $(seq 1 "$runs"); do
  # The first run replaces each baseline; the later ones are added to it (it keeps the newest $runs).
  keep=$([ "$run" -eq 1 ] && echo 1 || echo "$runs")
  echo "speechload: running suites ($suite, scale $scale, target $target, run $run of $runs${compare_ref:+, A/B against $compare_ref}) ..."
  execute mvn -B -pl loadtest-suites verify "${selection[@]}" \
    -Dloadtest.scale="$scale" -Dloadtest.target="$target" \
    -Dloadtest.updateBaseline="$update" -Dloadtest.baselineRuns="$keep" \
    -Dloadtest.failOnRegression="$fail" -Dloadtest.inconclusive="$inconclusive" \
    ${comparison[@]+"${comparison[@]}"}
done
if [ "$dry_run" = true ]; then
  echo "speechload: dry run: no suite ran"
else
  echo "speechload: reports in results/ (open results/index.html)"
fi
