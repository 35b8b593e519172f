-- online.lua: online submissions, POST /api/v1/dossiers without a login
-- (API.md), spread over the communes' one-stop units and the city centre.
-- DATA_DIR/online.txt: one request body a line (docs/bench.md).
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

function init(args)
   request = common.cycle(common.posts(common.lines(args, "online.txt"), "/api/v1/dossiers",
                                      common.json))
end
