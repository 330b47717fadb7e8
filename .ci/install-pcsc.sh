#!/usr/bin/env bash
# Install the PC/SC pieces (Debian packages):
# - to build: libpcsclite-dev (the libpcsclite.so symlink and libpcsclite.pc the `pcsc` crate
#   links through) and pkgconf (pkg-config, which finds it);
# - for the tests of the real card path (conformance/tests/pcsc_vpcd.rs): pcscd (the PC/SC
#   daemon) and vsmartcard-vpcd (its virtual reader driver, to which the tests serve a card);
# - for people: pcsc-tools (pcsc_scan lists readers, scriptor sends APDUs).
# Idempotent and quiet: does nothing when everything is there; otherwise runs `apt-get update`
# once (only if the packages are not known to apt yet) and `apt-get install -y`. Needs root
# (CI runs as root; sudo otherwise).
set -euo pipefail

PACKAGES=(libpcsclite-dev pkgconf pcscd vsmartcard-vpcd pcsc-tools)

have_all() {
    [ -e /usr/lib/pcsc/drivers/serial/libifdvpcd.so ] &&
        [ -x /usr/sbin/pcscd ] &&
        command -v pcsc_scan >/dev/null 2>&1 &&
        command -v pkg-config >/dev/null 2>&1 &&
        pkg-config --exists libpcsclite
}

if have_all; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show "${PACKAGES[@]}" >/dev/null 2>&1; then
    $SUDO apt-get update -qq >/dev/null
fi
# --no-install-recommends: pcsc-tools recommends a GTK front end, not needed here. The package's
# post-install starts no daemon in a container; the tests start their own pcscd in namespaces.
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null

if ! have_all; then
    echo "install-pcsc.sh: packages installed but pcscd, the vpcd driver, pcsc_scan or libpcsclite.pc missing" >&2
    exit 1
fi
