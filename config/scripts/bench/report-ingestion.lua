-- wrk script: every request is one node report from a random one of N enrolled mirrors, with
-- that mirror's own bearer token (dmo_<id>.bench<id>, seeded by report-ingestion.sh).
local mirrors = tonumber(os.getenv("BENCH_MIRRORS") or "10000")
local counter = 0

function init(args)
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
end

function request()
  counter = counter + 1
  local id = math.random(1, mirrors)
  local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local body = string.format([[{"nodeVersion":"bench","nodeTime":"%s",
"lastSuccessfulSync":{"startedAt":"%s","finishedAt":"%s","bytes":%d},
"indexDigests":{"jackherer":"%064x","supersilverhaze":"%064x"},
"disk":{"totalBytes":214748364800,"freeBytes":107374182400},
"served":{"zstd":{"requests":%d,"bytes":%d},"gzip":{"requests":1,"bytes":2},"identity":{"requests":3,"bytes":4}}}]],
    now, now, now, counter, id, counter, counter, counter * 1000)
  return wrk.format("POST", "/api/v1/mirrors/" .. id .. "/reports", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer dmo_" .. id .. ".bench" .. id,
  }, body)
end
