-- wrk script: dfget pulls (GET /peer/task) of one task, rotating over registered clients.
-- Args: taskId, file of cids (one per line). Counts answers whose ResultInfo code is not one dfget expects.
local task, cids, n = "", {}, 0
bad = 0

function init(args)
  task = args[1]
  for line in io.lines(args[2]) do cids[#cids + 1] = line end
end

function request()
  n = n + 1
  local cid = cids[(n % #cids) + 1]
  return wrk.format("GET", "/peer/task?taskId=" .. task .. "&srcCid=" .. cid .. "&dstCid=&status=700")
end

function response(status, headers, body)
  local code = body:match('"code":(%d+)')
  if status ~= 200 or not (code == "600" or code == "601" or code == "602") then bad = bad + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads or {}) do total = total + t:get("bad") end
  io.write(string.format("bad_answers %d\n", total))
end

threads = {}
function setup(thread) threads[#threads + 1] = thread end
