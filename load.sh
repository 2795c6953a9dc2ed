#!/usr/bin/env bash
# Bounded load with wrk: one real supernode on 127.0.0.1, nginx as the origin, then
#   1. dfget pulls (GET /peer/task) from 200 registered clients of one task,
#   2. 4 MiB piece reads from the download port,
# each for LOAD_SECONDS (default 20) with LOAD_CONNECTIONS (default 64). Prints requests/s, latency, errors
# and the supernode's RSS before, between and after; exits non-zero on any error or a non-200/206 answer.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${LOAD_SECONDS:-20}"
connections="${LOAD_CONNECTIONS:-64}"
clients=200

for tool in wrk nginx curl jq; do command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "load.sh: $tool is missing (./test.sh installs it)"; exit 2; }; done
dotnet build -c Release src/Supernode.Gateway -v q -nologo >/dev/null

work="$(mktemp -d -t supernode-load-XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

origin_port="$(free_port)"; api_port="$(free_port)"; download_port="$(free_port)"
chmod 755 "$work" # nginx's workers run as nobody when started by root
mkdir -p "$work/origin" "$work/nginx/logs"
head -c $((64 * 1024 * 1024)) /dev/urandom > "$work/origin/file.bin"
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes 1;
error_log $work/nginx/logs/error.log;
pid $work/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$origin_port; root $work/origin; }
}
CONF
/usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' & pids+=($!)

dotnet src/Supernode.Gateway/bin/Release/net10.0/Supernode.Gateway.dll --home-dir "$work/home" --listen-ip 127.0.0.1 \
  --advertise-ip 127.0.0.1 --port "$api_port" --download-port "$download_port" > "$work/supernode.log" 2>&1 & supernode=$!
pids+=("$supernode")
api="http://127.0.0.1:$api_port"
for _ in $(seq 1 120); do curl -fs "$api/_ping" >/dev/null && break; sleep 0.5; done
curl -fs "$api/_ping" >/dev/null || { echo "load.sh: the supernode did not start"; tail -20 "$work/supernode.log"; exit 1; }

url="http://127.0.0.1:$origin_port/file.bin"
: > "$work/cids"
for i in $(seq 1 "$clients"); do
  cid="127.0.0.1-$((20000 + i))-1.000"
  body="$(jq -cn --arg url "$url" --arg cid "$cid" --argjson port $((15000 + i)) \
    '{superNodeIp:"127.0.0.1", rawUrl:$url, taskUrl:$url, cid:$cid, ip:"127.0.0.1", hostName:"load", port:$port,
      path:("/peer/file/file.bin-" + $cid), version:"1.0.6", pattern:"p2p"}')"
  task="$(curl -fs -H 'Content-Type: application/json' -d "$body" "$api/peer/registry" | jq -r .data.taskId)"
  echo "$cid" >> "$work/cids"
done
for _ in $(seq 1 240); do
  [ "$(curl -fs "$api/api/v1/tasks/$task" | jq -r .cdnStatus)" = SUCCESS ] && break; sleep 0.5
done
cdn="$(curl -fs "$api/api/v1/tasks/$task" | jq -r .cdnStatus)"
echo "task $task: CDN $cdn, $clients clients"
[ "$cdn" = SUCCESS ] || { echo "load.sh: the CDN copy did not succeed"; tail -5 "$work/supernode.log"; exit 1; }

status=0
run() { # name, wrk args...
  local name="$1"; shift
  local rss_before; rss_before="$(rss_mb "$supernode")"
  local out; out="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")"
  local rps p50 p99 errors bad non2xx
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"; p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errors="$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
  bad="$(awk '/bad_answers/ {print $2}' <<<"$out")"
  echo "$name: ${rps} req/s, p50 ${p50}, p99 ${p99}, socket errors ${errors:-0}, non-2xx ${non2xx:-0}, bad answers ${bad:-0}, RSS ${rss_before} -> $(rss_mb "$supernode") MB"
  if [ "${errors:-0}" != 0 ] || [ "${non2xx:-0}" != 0 ] || [ "${bad:-0}" != 0 ]; then status=1; fi
}
run "pulls (GET /peer/task)" -s tests/load/pull.lua "$api" -- "$task" "$work/cids"
run "pieces (download port, 4 MiB)" -s tests/load/pieces.lua "http://127.0.0.1:$download_port" -- "/download/${task:0:3}/$task" 16
run "pulls again" -s tests/load/pull.lua "$api" -- "$task" "$work/cids"
kill -0 "$supernode" || { echo "load.sh: the supernode died"; exit 1; }
echo "supernode RSS at the end: $(rss_mb "$supernode") MB; errors in its log: $(grep -c '"@l":"Error"\|"@l":"Fatal"' "$work/supernode.log" || true)"
exit "$status"
