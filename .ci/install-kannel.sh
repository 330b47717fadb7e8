#!/usr/bin/env bash
# Install Kannel (Debian package `kannel`) for the PPG wire tests
# (conformance/tests/kannel.rs). Idempotent and quiet: does nothing when
# bearerbox, wapbox and the fake SMSC are already present; otherwise runs
# `apt-get update` once (only if the packages are not known to apt yet) and
# `apt-get install -y kannel kannel-extras`. Needs root (CI runs as root).
# The fake SMSC (/usr/lib/kannel/test/fakesmsc) is shipped by
# `kannel-extras`, not by `kannel` (Debian 1.4.5-12, observed).
set -euo pipefail

FAKESMSC=/usr/lib/kannel/test/fakesmsc

have_kannel() {
    command -v bearerbox >/dev/null 2>&1 &&
        command -v wapbox >/dev/null 2>&1 &&
        [ -x "$FAKESMSC" ]
}

if have_kannel; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show kannel kannel-extras >/dev/null 2>&1; then
    $SUDO apt-get update -qq >/dev/null
fi
# --no-install-recommends: only bearerbox/wapbox/smsbox and the test tools
# are needed, not documentation or extra services.
$SUDO apt-get install -y -qq --no-install-recommends kannel kannel-extras >/dev/null

if ! have_kannel; then
    echo "install-kannel.sh: kannel installed but bearerbox/wapbox/$FAKESMSC missing" >&2
    exit 1
fi
