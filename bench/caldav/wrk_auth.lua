-- wrk script: send the Authorization header of the server under test (from the environment,
-- so it stays off the command line); an empty value means the server has no authentication.
local auth = os.getenv("WRK_AUTHORIZATION")
if auth ~= nil and auth ~= "" then
  wrk.headers["Authorization"] = auth
end
