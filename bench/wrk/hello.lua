-- hello.lua: the HTTP ceiling (bench/ceiling_hello.c), GET / (docs/bench.md).
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

setup = common.setup
done = common.done
