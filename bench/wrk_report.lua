-- wrk -s bench/wrk_report.lua: one line with the numbers the README's load test quotes.
-- Every response that is not 200 counts as an error (a lost session would answer 302 to the login page).
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  not_ok = 0
end

response = function(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local not_200 = 0
  for _, thread in ipairs(threads) do
    not_200 = not_200 + thread:get("not_ok")
  end
  io.write(string.format(
    "wrk: requests=%d seconds=%.1f req_per_s=%.1f p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f socket_errors=%d not_200=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, not_200))
end
