-- catalog.lua: catalog searches, GET /api/v1/procedures?q=… with and without
-- diacritics, whole words and prefixes. DATA_DIR/catalog.txt: one path a line.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

function init(args)
   request = common.cycle(common.gets(common.lines(args, "catalog.txt")))
end
