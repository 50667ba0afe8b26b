-- wrk: correct-password sign-ins (the expensive, successful path) on one demo account.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"nir":"' .. (os.getenv("MC_BENCH_NIR") or "1580575112377") .. '","password":"Demo-00-Motdepasse!"}'
