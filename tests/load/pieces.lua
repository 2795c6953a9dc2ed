-- wrk script: dfget piece reads from the download port, 4 MiB ranged GETs rotating over the first pieces.
-- Args: path of the CDN file, number of whole pieces.
local path, pieces, n = "", 1, 0
local size = 4194304

function init(args)
  path = args[1]
  pieces = tonumber(args[2])
end

function request()
  n = n + 1
  local p = n % pieces
  local headers = { ["Range"] = string.format("bytes=%d-%d", p * size, (p + 1) * size - 1), ["User-Agent"] = "dfget/1.0.6" }
  return wrk.format("GET", path, headers)
end
