-- wrk: correct-password sign-ins (the expensive, successful path), rotating over the demo
-- accounts listed in MC_BENCH_NIRS so that no account has several attempts in flight (each
-- attempt is counted before it is evaluated: three at once on one account would lock it).
local nirs = {}
for nir in string.gmatch(os.getenv("MC_BENCH_NIRS") or "1580575112377", "[^,]+") do table.insert(nirs, nir) end
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local nir = nirs[(counter % #nirs) + 1]
  return wrk.format(nil, nil, nil, '{"nir":"' .. string.sub(nir, 1, 13) .. '","password":"Demo-' .. string.sub(nir, 14) .. '"}')
end
