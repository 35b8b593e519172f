-- common.lua: what the wrk scripts of make bench share (docs/bench.md).
--
-- The driver (bench/run.py) runs each script as
--   wrk -t THREADS -c CONNECTIONS -d SECONDS --latency --timeout 10s \
--       -s bench/wrk/NAME.lua http://127.0.0.1:PORT -- DATA_DIR THREADS
-- DATA_DIR holds the files it prepared (one item a line); every wrk thread
-- takes every THREADS-th line, so no two threads share a dossier. Bearer
-- tokens come from the environment: BENCH_RECEIVER_TOKEN (a receiving
-- officer's) and BENCH_LEADER_TOKEN (a leader's), both city-wide.
--
-- done() prints one line "BENCH {json}" with the throughput, the latency
-- percentiles (ms), the errors, and the counters the scripts keep.
local M = {}

local threads = {}

function M.setup(thread)
   threads[#threads + 1] = thread
   thread:set("id", #threads)
end

-- The lines of DATA_DIR/name this thread takes (all of them for the main state).
function M.lines(args, name)
   local dir, n = args[1], tonumber(args[2]) or 1
   local f = assert(io.open(dir .. "/" .. name, "r"), "cannot read " .. dir .. "/" .. name)
   local out, i = {}, 0
   local mine = (id or 1) - 1
   for line in f:lines() do
      if line ~= "" then
         if i % n == mine then
            out[#out + 1] = line
         end
         i = i + 1
      end
   end
   f:close()
   return out
end

M.json = { ["Content-Type"] = "application/json" }

function M.bearer(env)
   local token = os.getenv(env)
   assert(token and token ~= "", env .. " is not set")
   return { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
end

-- Requests ready to send, built once: a GET of each line, or a POST of each line as the body.
function M.gets(lines)
   local out = {}
   for i, path in ipairs(lines) do
      out[i] = wrk.format("GET", path)
   end
   return out
end

function M.posts(lines, path, headers)
   local out = {}
   for i, body in ipairs(lines) do
      out[i] = wrk.format("POST", path, headers, body)
   end
   return out
end

-- A request() that cycles through prepared requests.
function M.cycle(reqs)
   assert(#reqs > 0, "no requests for this thread")
   local i = 0
   return function()
      i = i % #reqs + 1
      return reqs[i]
   end
end

-- The thread-local counters done() sums over the threads.
counters = {}

function M.count(name, n)
   counters[name] = (counters[name] or 0) + (n or 1)
end

local function ms(us)
   return us / 1000.0
end

function M.done(summary, latency, requests)
   local e = summary.errors
   local sums = {}
   for _, t in ipairs(threads) do
      local c = t:get("counters") or {}
      for k, v in pairs(c) do
         sums[k] = (sums[k] or 0) + v
      end
   end
   local extra = {}
   for k, v in pairs(sums) do
      extra[#extra + 1] = string.format('"%s":%d', k, v)
   end
   io.write(string.format(
      'BENCH {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,' ..
      '"p99_ms":%.3f,"max_ms":%.3f,"errors_status":%d,"errors_connect":%d,' ..
      '"errors_read":%d,"errors_write":%d,"errors_timeout":%d,"counters":{%s}}\n',
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
      ms(latency.max), e.status, e.connect, e.read, e.write, e.timeout,
      table.concat(extra, ",")))
end

-- ---- dossier lifecycles (lifecycle.lua, mixed.lua) ----
--
-- A dossier goes: submitted -receive-> received -forward-> processing
-- (forward … at each step) -complete-> done (at the one-stop unit's return
-- step) -return-> returned. Its next action follows from the staff view the
-- server answers each action with (status, current_step, the steps), so a
-- thread needs no memory of which request was which. The pool (from bulk_gen
-- --pool) holds dossiers submitted online whose last step is the return.

local Lifecycle = {}
Lifecycle.__index = Lifecycle

function M.lifecycle(pool, ready_max)
   local lc = setmetatable({}, Lifecycle)
   lc.pool, lc.next_pool, lc.ready, lc.ready_max = pool, 1, {}, ready_max or 1e9
   lc.receiver, lc.leader = M.bearer("BENCH_RECEIVER_TOKEN"), M.bearer("BENCH_LEADER_TOKEN")
   return lc
end

local bodies = {
   receive = "{}",
   forward = '{"note":"Chuyển bước tiếp theo"}',
   complete = '{"result":{"name":"Kết quả giải quyết thủ tục hành chính"}}',
   ["return"] = '{"method":"online"}',
}

function Lifecycle:action(code, action, who)
   local path = "/api/v1/dossiers/" .. code .. "/" .. action
   return wrk.format("POST", path, who == "leader" and self.leader or self.receiver, bodies[action])
end

-- The next transition's request, or nil when neither a ready dossier nor the pool has one.
function Lifecycle:next()
   local n = #self.ready
   if n > 0 then
      local r = self.ready[n]
      self.ready[n] = nil
      return r
   end
   local line = self.pool[self.next_pool]
   if not line then
      return nil
   end
   self.next_pool = self.next_pool + 1
   return self:action(line:match("^(%S+)"), "receive", "receiver")
end

-- Reads a staff view of a dossier; queues its next transition, if any.
function Lifecycle:response(status, body)
   if (status ~= 200 and status ~= 201) or not body then
      return
   end
   local code = body:match('"code":"(%d%d%d%.%w%w%.%w%w%.H%d%d%-%d+%-%d+)"')
   local state = body:match('"status":"([%a_]+)"')
   local step = tonumber(body:match('"current_step":(%d+)'))
   if not code or not state or not step then
      return
   end
   local _, steps = body:gsub('"index":', "")
   local action, who
   if state == "submitted" then
      action, who = "receive", "receiver"
   elseif state == "received" then
      action, who = "forward", "receiver"
   elseif state == "processing" then
      action, who = step < steps - 2 and "forward" or "complete", "leader"
   elseif state == "done" then
      action, who = "return", "receiver"
   else
      return
   end
   if #self.ready < self.ready_max then
      self.ready[#self.ready + 1] = self:action(code, action, who)
   end
end

return M
