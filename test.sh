#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need from Debian's packages when it is missing
# (nginx, PostgreSQL, docker-registry, skopeo, wrk, htpasswd, systemd-analyze, headless Chromium), then runs `dotnet test` on the solution and prints
# one final line "N passed, N failed". Extra arguments go to `dotnet test` (e.g. --filter ...).
# ./test.sh --fast runs the unit tests only (no supernode process, download, registry or cluster), in about a minute.
set -euo pipefail
cd "$(dirname "$0")"

fast=0
if [ "${1:-}" = "--fast" ]; then
  fast=1
  shift
fi

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
[ -x /usr/bin/chromium ] || need+=(chromium)
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "test.sh: installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

results="$(mktemp -d -t supernode-test-results-XXXXXX)"
set +e
if ((fast)); then
  dotnet build Supernode.Actors.sln -c Release -v quiet -nologo
  status=$?
  if [ "$status" -eq 0 ]; then
    for project in Actors Cdn PeerSimulator ScaleSimulator; do
      dotnet test "tests/Supernode.$project.Tests" -c Release --no-build --logger trx --results-directory "$results" "$@" || status=1
    done
    # The gateway's own units: configuration, HTTP, hosting, deployment files; not its end-to-end tests.
    dotnet test tests/Supernode.Gateway.Tests -c Release --no-build --logger trx --results-directory "$results" \
      --filter "FullyQualifiedName!~Supernode.Gateway.Tests.EndToEnd&FullyQualifiedName!~Supernode.Gateway.Tests.Preheat" "$@" || status=1
  fi
else
  dotnet test Supernode.Actors.sln -c Release --logger trx --results-directory "$results" "$@"
  status=$?
fi
set -e

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
# A build failure or a crashed test host leaves no failed test behind but still fails the run.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
