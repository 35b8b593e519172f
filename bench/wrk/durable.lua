-- durable.lua: the write ceiling (bench/ceiling_durable.c): POSTs of a
-- 500-byte body, each answered 201 once durable (docs/bench.md).
package.path = debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua;" .. package.path
local common = require("common")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"procedure":"1.001193","channel":"online","receiving_unit":"001.01.50.H27",' ..
   '"applicant":{"kind":"citizen","name":"Nguyễn Văn An","id_number":"031090001234",' ..
   '"phone":"0912345678","email":"","address":"Hải Phòng"},"components":' ..
   '["Tờ khai đăng ký khai sinh theo mẫu"]}'
wrk.body = wrk.body .. string.rep(" ", 500 - #wrk.body)

setup = common.setup
done = common.done
