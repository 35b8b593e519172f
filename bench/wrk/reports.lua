-- reports.lua: index reports, GET /api/v1/reports/index?unit=&from=&to= for
-- the province, departments, communes and one-stop units over months,
-- quarters and a year. DATA_DIR/reports.txt: one path a line.
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done

function init(args)
   request = common.cycle(common.gets(common.lines(args, "reports.txt")))
end
