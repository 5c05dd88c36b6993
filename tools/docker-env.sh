# shellcheck shell=bash
# Environment for the container tests (Testcontainers + Dockerfile.loadtest). Source it:
#
#   source tools/docker-env.sh && mvn -B verify
#
# It exports:
#   TESTCONTAINERS_RYUK_DISABLED=true       no Ryuk sidecar (its image cannot be pulled here)
#   TESTCONTAINERS_CHECKS_DISABLE=true      no start-up checks (they need a pulled image too)
#   TESTCONTAINERS_HOST_OVERRIDE=localhost  inside a container (/.dockerenv) Testcontainers would
#                                           otherwise pull alpine to find its gateway and stall
#   DOCKER_BUILDKIT=0                       the docker CLI here has no buildx: legacy builder
#   SPEECHLOAD_DOCKER_BASE_IMAGE            BASE_IMAGE build arg of Dockerfile.loadtest
#                                           (default speechload/jre-base:local)
#   SPEECHLOAD_CONTAINER_TESTS=true|false   whether a docker engine answers and the base image
#                                           exists locally; container tests skip when false
# If the engine answers and the base is a missing speechload/* image, it is built with
# tools/docker-local-base.sh (set SPEECHLOAD_DOCKER_ENV_NO_BUILD=1 to skip that).
# Safe under `set -euo pipefail`; it never exits the shell that sources it.

export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_CHECKS_DISABLE=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost
export DOCKER_BUILDKIT=0
export SPEECHLOAD_DOCKER_BASE_IMAGE="${SPEECHLOAD_DOCKER_BASE_IMAGE:-speechload/jre-base:local}"
export SPEECHLOAD_CONTAINER_TESTS=false

_speechload_env_src="${BASH_SOURCE[0]:-$0}"
_speechload_root="$(cd "$(dirname "$_speechload_env_src")/.." && pwd)"

if command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; then
  if ! docker image inspect "$SPEECHLOAD_DOCKER_BASE_IMAGE" >/dev/null 2>&1 \
     && [ "${SPEECHLOAD_DOCKER_ENV_NO_BUILD:-0}" != "1" ]; then
    case "$SPEECHLOAD_DOCKER_BASE_IMAGE" in
      speechload/*)
        "$_speechload_root/tools/docker-local-base.sh" "$SPEECHLOAD_DOCKER_BASE_IMAGE" \
          || echo "docker-env: building $SPEECHLOAD_DOCKER_BASE_IMAGE failed" >&2 ;;
    esac
  fi
  if docker image inspect "$SPEECHLOAD_DOCKER_BASE_IMAGE" >/dev/null 2>&1; then
    export SPEECHLOAD_CONTAINER_TESTS=true
  else
    echo "docker-env: base image $SPEECHLOAD_DOCKER_BASE_IMAGE is not present locally: container tests will be skipped" >&2
  fi
else
  echo "docker-env: no docker engine answers 'docker info': container tests will be skipped" >&2
fi
unset _speechload_env_src _speechload_root
