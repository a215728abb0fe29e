import sys, time, urllib.request, logging
from exchangelib import Account, Configuration, Credentials, Version, Build, BASIC, EWSTimeZone, FaultTolerance
PORT = int(sys.argv[1]); mode = sys.argv[2]
cfg = Configuration(service_endpoint="http://127.0.0.1:%d/EWS/Exchange.asmx" % PORT, credentials=Credentials("alice@example.com", "secret"),
                    auth_type=BASIC, version=Version(build=Build(15, 1, 2507, 6), api_version="Exchange2016"),
                    retry_policy=FaultTolerance(max_wait=40) if "ft" in mode else None)
a = Account("alice@example.com", config=cfg, autodiscover=False, default_timezone=EWSTimeZone("UTC"))
print("version before", a.version)
cal = a.calendar
print("version after", a.version)
def fault(k, ms=0): urllib.request.urlopen("http://127.0.0.1:%d/fault/%s/%d" % (PORT, k, ms)).read()
for k in mode.split(",")[1:]:
    fault(k, 1000); t = time.monotonic()
    try: print(k, "->", len(list(cal.all())), "items, %.1fs" % (time.monotonic() - t))
    except Exception as e: print(k, "-> raised", type(e).__name__, getattr(e, "back_off", None), str(e)[:150], "%.1fs" % (time.monotonic() - t))
