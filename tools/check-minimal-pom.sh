#!/usr/bin/env bash
# Proves that the minimal pom.xml and first test of docs/user-guide.md ("Install") build as written:
# installs this checkout into a separate local repository (never ~/.m2), copies the pom and the test
# out of the guide into a fresh project, and runs `mvn -B verify` there against that repository.
# Then builds the same project once more with io.grpc:grpc-testing 1.79.0 added (a dependency that
# brings an older gRPC): the guide's BOM must align it, so the gRPC test still passes.
#
#   bash tools/check-minimal-pom.sh [--repo DIR] [--keep]
#
# --repo DIR  the local repository to use (default /tmp/m2-minpom). When it does not exist it is
#             seeded with a copy of ~/.m2/repository (without dev/speechload), so the build needs
#             the network only for what ~/.m2 lacks. It is reused on later runs.
# --keep      keep the generated project (its path is printed) instead of removing it.
#
# Takes a few minutes (the install builds every module, tests skipped). Exit code 0 when the
# project built and its tests passed; 1 otherwise (the Maven output says why); 2 for a usage error.
set -euo pipefail
cd "$(dirname "$0")/.."

repo=/tmp/m2-minpom keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) repo="${2:-}"; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n '2,/^set -euo pipefail$/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "check-minimal-pom: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$repo" in ''|-*) echo "check-minimal-pom: --repo needs a directory" >&2; exit 2 ;; esac
repo="$(mkdir -p "$repo" && cd "$repo" && pwd)"
if [ "$repo" = "$(cd ~ && pwd)/.m2/repository" ]; then
  echo "check-minimal-pom: --repo must not be ~/.m2/repository (the shared one): name another directory" >&2
  exit 2
fi

# The block between <!-- NAME:start --> and <!-- NAME:end --> of the guide, without its ``` fences.
extract() {
  awk -v start="<!-- $1:start -->" -v end="<!-- $1:end -->" '
    $0 == start { inside = 1; next }
    $0 == end { inside = 0 }
    inside && !/^```/ { print }' docs/user-guide.md
}

project="$(mktemp -d "${TMPDIR:-/tmp}/speechload-minimal-pom.XXXXXX")"
cleanup() { if [ "$keep" = true ]; then echo "check-minimal-pom: project kept in $project"; else rm -rf "$project"; fi; }
trap cleanup EXIT
extract minimal-pom > "$project/pom.xml"
mkdir -p "$project/src/test/java"
extract minimal-test > "$project/src/test/java/FirstLoadTests.java"
for f in "$project/pom.xml" "$project/src/test/java/FirstLoadTests.java"; do
  if [ ! -s "$f" ]; then
    echo "check-minimal-pom: docs/user-guide.md has no block for $(basename "$f") (its minimal-pom/minimal-test markers are gone)" >&2
    exit 1
  fi
done

if [ -z "$(ls -A "$repo")" ]; then
  echo "check-minimal-pom: seeding $repo from ~/.m2/repository ..."
  if [ -d ~/.m2/repository ]; then
    cp -r ~/.m2/repository/. "$repo/"
    rm -rf "$repo/dev/speechload"
  fi
fi

echo "check-minimal-pom: installing this checkout into $repo (tests skipped) ..."
mvn -B -q install -DskipTests -Dmaven.repo.local="$repo"

echo "check-minimal-pom: building the guide's minimal project in $project ..."
(cd "$project" && mvn -B verify -Dmaven.repo.local="$repo") | tee "$project/build.log" \
  | grep -E 'Tests run:|BUILD|ERROR' || true
passed() {   # passed <build log>: built, ran tests, none failed or skipped
  grep -q 'BUILD SUCCESS' "$1" && grep -qE 'Tests run: [1-9][0-9]*, Failures: 0, Errors: 0, Skipped: 0$' "$1"
}
if ! passed "$project/build.log"; then
  echo "check-minimal-pom: the minimal project did not build, ran no test, or some failed or were skipped (above)" >&2
  exit 1
fi
echo "check-minimal-pom: the guide's pom and test build and pass"

echo "check-minimal-pom: the same project beside io.grpc:grpc-testing 1.79.0 (an older gRPC) ..."
old_grpc='    <dependency>\n      <groupId>io.grpc</groupId>\n      <artifactId>grpc-testing</artifactId>\n      <version>1.79.0</version>\n      <scope>test</scope>\n    </dependency>'
awk -v dep="$old_grpc" '{ print } /^  <dependencies>$/ && !done { gsub(/\\n/, "\n", dep); print dep; done = 1 }' \
  "$project/pom.xml" > "$project/pom-old-grpc.xml"
grep -q grpc-testing "$project/pom-old-grpc.xml" || { echo "check-minimal-pom: could not add grpc-testing to the pom" >&2; exit 1; }
rm -rf "$project/target" "$project/results"
(cd "$project" && mvn -B verify -f pom-old-grpc.xml -Dmaven.repo.local="$repo") | tee "$project/build-old-grpc.log" \
  | grep -E 'Tests run:|BUILD|ERROR|CLIENT_LINKAGE' || true
if ! passed "$project/build-old-grpc.log"; then
  echo "check-minimal-pom: with an older gRPC beside it the minimal project fails (above): the BOM does not align io.grpc" >&2
  exit 1
fi
echo "check-minimal-pom: the BOM aligns an older gRPC: passed"
