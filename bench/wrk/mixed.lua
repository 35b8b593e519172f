-- mixed.lua: 70% reads, 30% writes, drawn at random for each request:
--   tracking lookups 50%, catalog searches 15%, index reports 5%;
--   online submissions 10%, counter creations 10%, transitions 10% (dossiers
--   of DATA_DIR/pool_mixed.txt and of the counter creations, walked as in
--   lifecycle.lua; a counter creation when none is ready).
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local lc, kinds

function init(args)
   local receiver = common.bearer("BENCH_RECEIVER_TOKEN")
   lc = common.lifecycle(common.lines(args, "pool_mixed.txt"), 1000)
   kinds = {
      { 50, "track", common.cycle(common.gets(common.lines(args, "track.txt"))) },
      { 15, "catalog", common.cycle(common.gets(common.lines(args, "catalog.txt"))) },
      { 5, "reports", common.cycle(common.gets(common.lines(args, "reports.txt"))) },
      { 10, "online", common.cycle(common.posts(common.lines(args, "online.txt"),
                                                "/api/v1/dossiers", common.json)) },
      { 10, "counter", common.cycle(common.posts(common.lines(args, "counter.txt"),
                                                 "/api/v1/dossiers", receiver)) },
      { 10, "transition", function() return lc:next() end },
   }
   math.randomseed(id * 7919)
end

function request()
   local x = math.random(100)
   for _, k in ipairs(kinds) do
      if x <= k[1] then
         local r = k[3]()
         if r then
            common.count(k[2])
            return r
         end
         common.count("counter")
         return kinds[5][3]()
      end
      x = x - k[1]
   end
end

function response(status, headers, body)
   if status == 200 or status == 201 then
      lc:response(status, body)
   end
end
