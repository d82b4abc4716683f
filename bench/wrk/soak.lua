-- wrk script for the soak: every connection cycles through a mix of valid GETs, validated
-- POSTs, unknown paths (404) and invalid bodies (400), and counts statuses per thread. At
-- the end prints one `SOAK_JSON {...}` line that bench/run parses.

local person = '{"name":"Ann Example","age":33,"tags":["admin","beta","mobile"]}'
local json = { ["Content-Type"] = "application/json" }
local mix = {
  { "GET", "/api/user/42?fields=name,email", nil, nil, 200 },
  { "POST", "/api/echo", json, person, 200 },
  { "POST", "/api/echo-match", json, person, 200 },
  { "GET", "/api/no/such/route", nil, nil, 404 },
  { "POST", "/api/echo", json, '{"name":"","age":33,"tags":[]}', 400 },
  { "POST", "/api/echo-match", json, '{"name":"Ann","age":"old","tags":[]}', 400 },
  { "POST", "/api/echo", json, '{"name":"Ann",', 400 },
}

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  for i, m in ipairs(mix) do
    requests[i] = wrk.format(m[1], m[2], m[3], m[4])
  end
  next_request = 0
  s2xx, s4xx, s5xx, other = 0, 0, 0, 0
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function response(status, headers, body)
  if status >= 500 then
    s5xx = s5xx + 1
  elseif status == 400 or status == 404 then
    s4xx = s4xx + 1
  elseif status >= 200 and status < 300 then
    s2xx = s2xx + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local t2, t4, t5, to = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    t2 = t2 + thread:get("s2xx")
    t4 = t4 + thread:get("s4xx")
    t5 = t5 + thread:get("s5xx")
    to = to + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'SOAK_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"timeout":%d,"s2xx":%d,"s4xx":%d,"s5xx":%d,"other":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout,
    t2, t4, t5, to, latency:percentile(50), latency:percentile(99)))
end
