-- wrk: each request carries the next of the paid tokens listed in $AUTH_FILE
-- (one Authorization value a line), as many buyers would.
local auths = {}
for line in io.lines(os.getenv("AUTH_FILE")) do
  auths[#auths + 1] = line
end
local next_auth = 0

request = function()
  next_auth = next_auth % #auths + 1
  return wrk.format(nil, nil, { ["Authorization"] = auths[next_auth] })
end
