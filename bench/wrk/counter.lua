-- counter.lua: counter creations, POST /api/v1/dossiers {channel: "counter",
-- receive: true} by a city-wide receiving officer's bearer token, spread over
-- the one-stop units. DATA_DIR/counter.txt: one request body a line.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

function init(args)
   request = common.cycle(common.posts(common.lines(args, "counter.txt"), "/api/v1/dossiers",
                                      common.bearer("BENCH_RECEIVER_TOKEN")))
end
