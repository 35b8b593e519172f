-- lifecycle.lua: durable dossier transitions. Each connection walks
-- dossiers of the pool (DATA_DIR/pool.txt, "CODE KEY" lines from bulk_gen
-- --pool) through receive, forward × k, complete and return, each by the
-- officer who may (common.lua). Every request is a transition; when the
-- pool runs dry a counter creation (DATA_DIR/counter.txt) feeds the cycle
-- and is counted as "creations".
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

local lc, create

function init(args)
   lc = common.lifecycle(common.lines(args, "pool.txt"))
   create = common.cycle(common.posts(common.lines(args, "counter.txt"), "/api/v1/dossiers",
                                      common.bearer("BENCH_RECEIVER_TOKEN")))
end

function request()
   local r = lc:next()
   if r then
      common.count("transitions")
      return r
   end
   common.count("creations")
   return create()
end

function response(status, headers, body)
   lc:response(status, body)
end
