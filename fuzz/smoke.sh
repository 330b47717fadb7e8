#!/usr/bin/env bash
# Fuzz smoke: run every [[bin]] target listed in fuzz/Cargo.toml for a few seconds each.
#
#   fuzz/smoke.sh [SECONDS]      (default 5 seconds per target)
#
# For each target T: seeds in fuzz/seeds/T (read-only, never written) are copied into the scratch
# corpus fuzz/corpus/T (git-ignored), which is the only directory libFuzzer writes new inputs to;
# then `cargo +nightly fuzz run T fuzz/corpus/T -- -max_total_time=SECONDS`. Prints each target's
# exec/s from libFuzzer's final stats and exits non-zero if any target crashed or failed to run
# (crash inputs land in fuzz/artifacts/T; see fuzz/README.md for turning them into tests).
#
# Without a nightly toolchain it says so and exits 0 (only the fuzz smoke is skipped). Without
# cargo-fuzz it installs it (`cargo install cargo-fuzz --locked`).
set -uo pipefail

secs="${1:-5}"
case "$secs" in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here" || exit 2

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz smoke: no nightly toolchain (cargo +nightly); skipping the fuzz smoke"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz smoke: cargo-fuzz missing; installing it (cargo install cargo-fuzz --locked)"
  cargo install cargo-fuzz --locked || { echo "fuzz smoke: could not install cargo-fuzz" >&2; exit 1; }
fi

# Target names: the `name = "..."` line inside each [[bin]] table of Cargo.toml, in file order.
mapfile -t targets < <(awk '
  /^[[:space:]]*\[\[bin\]\][[:space:]]*$/ { inbin = 1; next }
  /^[[:space:]]*\[/                       { inbin = 0 }
  inbin && /^[[:space:]]*name[[:space:]]*=/ {
    if (match($0, /"[^"]+"/)) print substr($0, RSTART + 1, RLENGTH - 2)
    inbin = 0
  }' Cargo.toml)

if [ "${#targets[@]}" -eq 0 ]; then
  echo "fuzz smoke: no [[bin]] targets in fuzz/Cargo.toml" >&2
  exit 1
fi

echo "fuzz smoke: ${#targets[@]} target(s), ${secs}s each: ${targets[*]}"
if ! cargo +nightly fuzz build >/dev/null 2>build.err; then
  cat build.err >&2; rm -f build.err
  echo "fuzz smoke: cargo +nightly fuzz build failed" >&2
  exit 1
fi
rm -f build.err

failed=()
summary=()
for t in "${targets[@]}"; do
  corpus="corpus/$t"
  mkdir -p "$corpus"
  if [ -d "seeds/$t" ]; then
    cp -n seeds/"$t"/* "$corpus"/ 2>/dev/null || true
  fi
  log="$(mktemp)"
  cargo +nightly fuzz run "$t" "$corpus" -- \
    -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  execs="$(sed -n 's/^stat::average_exec_per_sec:[[:space:]]*//p' "$log" | tail -n 1)"
  runs="$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*//p' "$log" | tail -n 1)"
  if [ "$rc" -eq 0 ]; then
    summary+=("$(printf '%-24s ok     %10s exec/s  %12s runs' "$t" "${execs:-?}" "${runs:-?}")")
  else
    summary+=("$(printf '%-24s FAILED (exit %s) %s exec/s' "$t" "$rc" "${execs:-?}")")
    failed+=("$t")
    echo "---- $t: last lines of libFuzzer output ----" >&2
    tail -n 40 "$log" >&2
  fi
  rm -f "$log"
done

echo "fuzz smoke results:"
printf '  %s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz smoke: FAILED: ${failed[*]} (inputs in fuzz/artifacts/<target>/)" >&2
  exit 1
fi
echo "fuzz smoke: all targets ran clean"
