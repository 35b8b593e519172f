-- track.lua: tracking lookups, GET /api/v1/track/{code}?key=NNNN of existing
-- dossiers with their right key. DATA_DIR/track.txt: one path a line.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

function init(args)
   request = common.cycle(common.gets(common.lines(args, "track.txt")))
end
