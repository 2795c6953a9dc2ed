#!/usr/bin/env bash
# The benchmark suite (docs/benchmarks.md): control plane, data plane against nginx, CDN ingest against curl, end to
# end with simulated peers (tests/Supernode.Benchmarks), then the scale simulator, its memory probe and ./load.sh.
#   ./bench.sh           the whole suite, bounded under 20 minutes; writes docs/benchmarks.md and docs/img/*.png
#   ./bench.sh --quick   smaller sizes, under 3 minutes; writes its report to a temp dir (docs/ keeps the full run)
# The supernodes measured run the gateway published as the container image has it (ReadyToRun, deploy/k8s/Dockerfile),
# into artifacts/bench-gateway; the tests run the build output.
# Never part of ./test.sh: targets are goals to report, not assertions.
set -euo pipefail
cd "$(dirname "$0")"
quick=""
[ "${1:-}" = "--quick" ] && quick="--quick"
for tool in curl; do command -v "$tool" >/dev/null || { echo "bench.sh: $tool is missing"; exit 2; }; done
[ -x /usr/sbin/nginx ] || { echo "bench.sh: nginx is missing (./test.sh installs it)"; exit 2; }

dotnet build -c Release tests/Supernode.Benchmarks -v q -nologo >/dev/null
dotnet publish src/Supernode.Gateway -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/bench-gateway -v q -nologo >/dev/null
export SUPERNODE_GATEWAY_DLL="$PWD/artifacts/bench-gateway/Supernode.Gateway.dll"
dotnet build -c Release tests/Supernode.ScaleSimulator -v q -nologo >/dev/null
bin() { echo "tests/$1/bin/Release/net10.0/$2.dll"; }

if [ -n "$quick" ]; then
  out="$(mktemp -d -t supernode-bench-XXXXXX)"
  timeout 110 dotnet "$(bin Supernode.Benchmarks supernode-bench)" --quick --docs "$out"
  timeout 30 dotnet "$(bin Supernode.ScaleSimulator scalesim)" sim --quick
else
  timeout 900 dotnet "$(bin Supernode.Benchmarks supernode-bench)" --docs docs
  timeout 420 dotnet "$(bin Supernode.ScaleSimulator scalesim)" sim --plot docs/img
  timeout 420 dotnet "$(bin Supernode.ScaleSimulator scalesim)" sim --designs instant --plot docs/img
  timeout 60 dotnet "$(bin Supernode.ScaleSimulator scalesim)" memory
  { echo; echo '```'; timeout 300 ./load.sh | tail -n 4; echo '```'; } >> docs/benchmarks.md
fi
