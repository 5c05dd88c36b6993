#!/usr/bin/env bash
# Build a tiny local Java 17 base image without pulling anything.
#
#   tools/docker-local-base.sh [--force] [IMAGE]      (default IMAGE: speechload/jre-base:local)
#
# No image registry can be reached on the CI/dev machines, so Dockerfile.loadtest cannot
# start FROM eclipse-temurin there. This script makes a stand-in base from the host's JDK:
#   - a jlink runtime (the modules the reference server needs) at /opt/java/openjdk,
#     the same place as in the eclipse-temurin images, so one Dockerfile works for both;
#   - the shared libraries that `ldd` lists for that runtime, plus the dynamic loader;
#   - /etc/passwd and /etc/group with a non-root user speechload (uid/gid 10001),
#     /etc/nsswitch.conf, the C.UTF-8 locale, /tmp with mode 1777.
# There is no shell and no other tool in the image: Dockerfiles built on it must not RUN.
# The folder is turned into an image with `tar | docker import`.
#
# Idempotent: an existing image with the same fingerprint (script, module list, JDK) is
# kept; --force rebuilds it anyway. Set SPEECHLOAD_JLINK_MODULES to change the module
# list and SPEECHLOAD_JDK_HOME to pick the JDK whose jmods are used (must be a JDK 17).
# SPEECHLOAD_JLINK_KEEP_AWT=1 keeps java.desktop's native libraries (and the ~30 X11/font
# libraries they pull in); by default they are removed: the server is headless and needs
# java.desktop only for java.beans, which is pure Java.
set -euo pipefail

FORCE=0
IMAGE=""
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "docker-local-base: unknown option $arg" >&2; exit 2 ;;
    *) IMAGE="$arg" ;;
  esac
done
IMAGE="${IMAGE:-speechload/jre-base:local}"

# Modules of the reference server. `jdeps --ignore-missing-deps --print-module-deps` on
# loadtest-server/target/speechload-server.jar gives the floor (its dependencies alone need
# java.base,java.desktop,java.naming,java.sql,jdk.jfr,jdk.unsupported: java.desktop only for
# java.beans, used by Jackson; jdk.jfr for netty's allocator events). Added on top: the
# server's own JDK APIs (jdk.httpserver, java.management, jdk.management, java.logging) and a
# few cheap ones for TLS, DNS, HTTP clients and XML, so a new dependency does not break the
# image silently. java.desktop's native AWT/font/sound libraries are dropped (see TRIM_AWT).
DEFAULT_MODULES="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs"
MODULES="${SPEECHLOAD_JLINK_MODULES:-$DEFAULT_MODULES}"

SERVICE_UID=10001
SERVICE_GID=10001
SERVICE_USER=speechload

log() { echo "docker-local-base: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v docker >/dev/null 2>&1 || die "docker client not found"
docker info >/dev/null 2>&1 || die "docker engine not reachable (docker info fails)"

# ---- find a JDK 17 with jmods -------------------------------------------------------------
find_jdk() {
  local cand
  for cand in "${SPEECHLOAD_JDK_HOME:-}" "${JAVA_HOME:-}" \
              "$(dirname "$(dirname "$(readlink -f "$(command -v jlink 2>/dev/null || echo /nonexistent)")")")" \
              /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64 /usr/lib/jvm/temurin-17-jdk-amd64; do
    [ -n "$cand" ] || continue
    if [ -x "$cand/bin/jlink" ] && [ -f "$cand/jmods/java.base.jmod" ] \
       && "$cand/bin/java" -version 2>&1 | head -1 | grep -q '"17[."]'; then
      echo "$cand"; return 0
    fi
  done
  return 1
}
JDK_HOME="$(find_jdk)" || die "no JDK 17 with jmods found (install openjdk-17-jdk-headless or set SPEECHLOAD_JDK_HOME)"

JDK_VERSION="$("$JDK_HOME/bin/java" -version 2>&1 | tr '\n' ' ')"
FINGERPRINT="$( { cat "$0"; echo "$MODULES ${SPEECHLOAD_JLINK_KEEP_AWT:-0}"; echo "$JDK_VERSION"; uname -m; } | sha256sum | cut -c1-16)"

if [ "$FORCE" -eq 0 ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  have="$(docker image inspect -f '{{ index .Config.Labels "dev.speechload.base.fingerprint" }}' "$IMAGE" 2>/dev/null || true)"
  if [ "$have" = "$FINGERPRINT" ]; then
    log "$IMAGE already exists (fingerprint $FINGERPRINT), skipping (use --force to rebuild)"
    exit 0
  fi
  log "$IMAGE exists with fingerprint '${have:-none}', expected $FINGERPRINT: rebuilding"
fi
OLD_ID="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"

START=$(date +%s)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/speechload-base.XXXXXX")"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
ROOT="$WORK/rootfs"
JRE="$ROOT/opt/java/openjdk"
mkdir -p "$ROOT/opt/java"

# ---- 1. jlink runtime ---------------------------------------------------------------------
log "jlink ($JDK_HOME) modules: $MODULES"
JLINK_OPTS=(--add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$JRE")
if "$JDK_HOME/bin/jlink" --list-plugins 2>/dev/null | grep -q -- '--generate-cds-archive'; then
  # A CDS archive makes each container's JVM start faster (tests start many).
  if ! "$JDK_HOME/bin/jlink" "${JLINK_OPTS[@]}" --generate-cds-archive >"$WORK/jlink.log" 2>&1; then
    log "jlink with --generate-cds-archive failed, retrying without it"; rm -rf "$JRE"
    "$JDK_HOME/bin/jlink" "${JLINK_OPTS[@]}" >"$WORK/jlink.log" 2>&1 || { cat "$WORK/jlink.log" >&2; die "jlink failed"; }
  fi
else
  "$JDK_HOME/bin/jlink" "${JLINK_OPTS[@]}" >"$WORK/jlink.log" 2>&1 || { cat "$WORK/jlink.log" >&2; die "jlink failed"; }
fi
# Headless: drop java.desktop's native libraries (java.beans keeps working without them).
if [ "${SPEECHLOAD_JLINK_KEEP_AWT:-0}" != "1" ]; then
  for l in awt awt_headless awt_xawt fontmanager javajpeg jawt jsound lcms mlib_image splashscreen; do
    rm -f "$JRE/lib/lib$l.so"
  done
fi
# Debian's JDK keeps some files as symlinks into /etc; the image must not depend on them.
find "$JRE" -type l | while read -r link; do
  target="$(readlink -f "$link" || true)"
  case "$target" in
    "$JRE"/*) : ;;                       # points inside the runtime: keep
    *) if [ -n "$target" ] && [ -e "$target" ]; then cp --remove-destination -L "$link" "$link.tmp" && mv -f "$link.tmp" "$link"
       else rm -f "$link"; fi ;;
  esac
done

# ---- 2. shared libraries ------------------------------------------------------------------
copy_host_file() {   # copy a host file to the same path in ROOT, following symlinks
  local src="$1"
  [ -e "$src" ] || return 0
  mkdir -p "$ROOT$(dirname "$src")"
  [ -e "$ROOT$src" ] || cp -L "$src" "$ROOT$src"
}
libs_of() {          # paths of the libraries ldd resolves for one ELF file (host side)
  ldd "$1" 2>/dev/null | awk '/=> \// {print $3} /^[[:space:]]*\/[^ ]+ \(0x/ {print $1}'
}
: >"$WORK/libs"
while IFS= read -r -d '' elf; do
  if [ "$(head -c4 "$elf" | tail -c3)" = "ELF" ]; then
    libs_of "$elf" >>"$WORK/libs" || true
  fi
done < <(find "$JRE/bin" "$JRE/lib" -type f \( -perm -u+x -o -name '*.so' \) -print0)
# The dynamic loader named in the java binary, and glibc's compatibility stubs that native
# libraries extracted at run time (netty's epoll transport) may still name.
INTERP="$(readelf -l "$JRE/bin/java" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')"
echo "${INTERP:-/lib64/ld-linux-x86-64.so.2}" >>"$WORK/libs"
LIBDIR="$(dirname "$(awk '/libc\.so\.6$/ {print; exit}' "$WORK/libs")")"
for extra in libdl.so.2 libpthread.so.0 librt.so.1 libgcc_s.so.1 libz.so.1; do
  [ -e "$LIBDIR/$extra" ] && echo "$LIBDIR/$extra" >>"$WORK/libs"
done
sort -u "$WORK/libs" | grep -v "^$JRE" | while read -r lib; do copy_host_file "$lib"; done
log "copied $(sort -u "$WORK/libs" | grep -vc "^$JRE") shared libraries"

# ---- 3. minimal /etc, locale, /tmp --------------------------------------------------------
mkdir -p "$ROOT/etc" "$ROOT/tmp" "$ROOT/root" "$ROOT/home/$SERVICE_USER" "$ROOT/app"
cat >"$ROOT/etc/passwd" <<EOF
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
$SERVICE_USER:x:$SERVICE_UID:$SERVICE_GID:speechload:/home/$SERVICE_USER:/sbin/nologin
EOF
cat >"$ROOT/etc/group" <<EOF
root:x:0:
nogroup:x:65534:
$SERVICE_USER:x:$SERVICE_GID:
EOF
cat >"$ROOT/etc/nsswitch.conf" <<'EOF'
passwd: files
group:  files
hosts:  files dns
EOF
if [ -d /usr/lib/locale/C.utf8 ]; then
  mkdir -p "$ROOT/usr/lib/locale" && cp -a /usr/lib/locale/C.utf8 "$ROOT/usr/lib/locale/"
fi
[ -d /usr/share/zoneinfo ] && [ -e /usr/share/zoneinfo/UTC ] && { mkdir -p "$ROOT/usr/share/zoneinfo"; cp -L /usr/share/zoneinfo/UTC "$ROOT/usr/share/zoneinfo/UTC"; ln -sf /usr/share/zoneinfo/UTC "$ROOT/etc/localtime"; }
chmod 1777 "$ROOT/tmp"
chmod 0700 "$ROOT/root"
chown "$SERVICE_UID:$SERVICE_GID" "$ROOT/home/$SERVICE_USER"
chmod 0755 "$ROOT/app"
# The loader cache, so libraries resolve even if the loader's built-in path differs.
if command -v ldconfig >/dev/null 2>&1; then
  mkdir -p "$ROOT/etc/ld.so.conf.d"
  echo "$LIBDIR" >"$ROOT/etc/ld.so.conf"
  ldconfig -r "$ROOT" 2>/dev/null || log "ldconfig -r failed (ignored)"
fi

# ---- 4. import ----------------------------------------------------------------------------
log "rootfs size: $(du -sh "$ROOT" | cut -f1)"
tar --numeric-owner -C "$ROOT" -c . | docker import \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV TZ=UTC' \
  --change "LABEL dev.speechload.base.fingerprint=$FINGERPRINT" \
  --change 'LABEL dev.speechload.component=jre-base' \
  --change 'LABEL org.opencontainers.image.description="speechload local JRE base (jlink, no shell)"' \
  --change 'CMD ["java","-version"]' \
  -m "speechload local jre base $FINGERPRINT" \
  - "$IMAGE" >/dev/null

# Drop the image this one replaced, if nothing else uses it.
NEW_ID="$(docker image inspect -f '{{.Id}}' "$IMAGE")"
if [ -n "$OLD_ID" ] && [ "$OLD_ID" != "$NEW_ID" ]; then
  docker rmi "$OLD_ID" >/dev/null 2>&1 || true
fi

# ---- 5. verify ----------------------------------------------------------------------------
if ! docker run --rm "$IMAGE" java -version >"$WORK/verify.log" 2>&1; then
  cat "$WORK/verify.log" >&2; die "'docker run --rm $IMAGE java -version' failed"
fi
if ! docker run --rm --user "$SERVICE_UID:$SERVICE_GID" "$IMAGE" java -version >/dev/null 2>&1; then
  die "java -version as uid $SERVICE_UID failed in $IMAGE"
fi
log "built $IMAGE ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.1f MB", $1/1e6}')) in $(( $(date +%s) - START )) s: $(head -1 "$WORK/verify.log")"
