#!/usr/bin/env python3
"""A fleet of mirrors for the coordinator benchmarks, through the coordinator's real HTTP APIs.

  mirror-fleet.py seed COORDINATOR MAINTAINER_TOKEN FARM_URL N FLEET_FILE SYNC_START
      enrolls N mirrors (POST /api/v1/mirrors, each operator from its own address via
      X-Forwarded-For, so the per-address enrollment limit holds as it does for real operators),
      approves each (POST /api/v1/admin/mirrors/{id}/approve) and sends its first node report;
      writes "id token" lines to FLEET_FILE. Mirror i's base URL is FARM_URL/m<i>/ (one nginx
      serves every mirror's tree). SYNC_START: the UNIX second the mirrors' freshness file names.
  mirror-fleet.py report COORDINATOR FLEET_FILE SYNC_START INTERVAL_S
      every mirror reports once per INTERVAL_S (the node's reporting.interval, 60 s), spread
      evenly, until killed: the background report load of a production coordinator.
  mirror-fleet.py lua FLEET_FILE SYNC_START
      prints a wrk script whose every request is a report of the next fleet mirror with its
      token, the same sync and digests, and an echo of an answer a second ago (a node whose
      clock agrees): a write load that changes nothing routing decides.

Prints progress and the time each phase took on stderr. Only the standard library.
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

# (country, continent, latitude, longitude): mirrors spread around these places
PLACES = [
    ("DE", "EU", 50.1, 8.7), ("FR", "EU", 48.9, 2.4), ("GB", "EU", 51.5, -0.1),
    ("SE", "EU", 59.3, 18.1), ("PL", "EU", 52.2, 21.0), ("US", "NA", 39.0, -77.5),
    ("US", "NA", 37.4, -122.1), ("CA", "NA", 43.7, -79.4), ("BR", "SA", -23.5, -46.6),
    ("JP", "AS", 35.7, 139.7), ("SG", "AS", 1.3, 103.8), ("IN", "AS", 19.1, 72.9),
    ("AU", "OC", -33.9, 151.2), ("ZA", "AF", -33.9, 18.4),
]

_local = threading.local()


def connection(base):
    conn = getattr(_local, "conn", None)
    if conn is None:
        parsed = urllib.parse.urlsplit(base)
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
        _local.conn = conn
    return conn


def call(base, method, path, body=None, headers=None):
    """One request on this thread's kept-alive connection; (status, parsed JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json"} if data is not None else {}
    all_headers.update(headers or {})
    for attempt in (1, 2):
        conn = connection(base)
        try:
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            payload = response.read()
            break
        except (ConnectionError, http.client.HTTPException):
            conn.close()
            _local.conn = None
            if attempt == 2:
                raise
    try:
        parsed = json.loads(payload) if payload else None
    except ValueError:
        parsed = None
    return response.status, parsed


def iso(seconds):
    moment = datetime.fromtimestamp(seconds, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def report_body(sync_start, digests, counter, last_answer):
    now = time.time()
    body = {
        "nodeVersion": "bench",
        "nodeTime": iso(now),
        "lastSuccessfulSync": {"startedAt": iso(sync_start), "finishedAt": iso(sync_start + 1),
                               "bytes": 22120817},
        "indexDigests": digests,
        "disk": {"totalBytes": 214748364800, "freeBytes": 107374182400,
                 "mirrorBytes": 22120817},
        "served": {"zstd": {"requests": counter, "bytes": counter * 4000},
                   "gzip": {"requests": 0, "bytes": 0},
                   "identity": {"requests": 0, "bytes": 0}},
    }
    # as a node does: the previous answer's time and when it arrived bound the clock skew from
    # both sides; without it the coordinator must allow the whole maxClockSkew, and a sync that
    # began seconds after the tree appeared counts as older than the tree
    if last_answer:
        body["lastAnswer"] = last_answer
    return body


def report(base, mirror_id, token, sync_start, digests, counter=1, last_answers=None):
    last_answers = {} if last_answers is None else last_answers
    status, answer = call(base, "POST", f"/api/v1/mirrors/{mirror_id}/reports",
                          report_body(sync_start, digests, counter, last_answers.get(mirror_id)),
                          {"Authorization": f"Bearer {token}"})
    if status != 200:
        raise RuntimeError(f"report of mirror {mirror_id}: HTTP {status} {answer}")
    last_answers[mirror_id] = {"receivedAt": answer["receivedAt"], "nodeTime": iso(time.time())}
    return answer


def seed(base, maintainer, farm, count, fleet_file, sync_start):
    rng = random.Random(2026)
    admin = {"Authorization": f"Bearer {maintainer}"}
    digests = {}
    last_answers = {}
    lock = threading.Lock()

    def one(i):
        country, continent, lat, lon = PLACES[rng.randrange(len(PLACES))]
        request = {
            "name": f"bench mirror {i}",
            "baseUrl": f"{farm}/m{i}/",
            "contactEmail": f"ops{i}@example.org",
            "bandwidthMbps": rng.choice([1000, 10000, 40000]),
            "rsyncSources": [f"10.{i // 62500 % 256}.{i // 250 % 250}.{i % 250 + 1}"],
            "location": {"country": country, "continent": continent,
                         "latitude": round(lat + rng.uniform(-3, 3), 3),
                         "longitude": round(lon + rng.uniform(-3, 3), 3)},
        }
        operator = f"100.{64 + i // 65536 % 64}.{i // 256 % 256}.{i % 256}"
        status, answer = call(base, "POST", "/api/v1/mirrors", request,
                              {"X-Forwarded-For": operator})
        if status != 201:
            raise RuntimeError(f"enrolling mirror {i}: HTTP {status} {answer}")
        mirror_id, token = answer["id"], answer["token"]
        status, answer = call(base, "POST", f"/api/v1/admin/mirrors/{mirror_id}/approve", None,
                              admin)
        if status != 200:
            raise RuntimeError(f"approving mirror {mirror_id}: HTTP {status} {answer}")
        with lock:
            known = dict(digests)
        answer = report(base, mirror_id, token, sync_start, known, last_answers=last_answers)
        with lock:
            digests.update(answer.get("upstreamIndexDigests") or {})
        return mirror_id, token

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        fleet = []
        for n, result in enumerate(pool.map(one, range(1, count + 1)), 1):
            fleet.append(result)
            if n % 250 == 0:
                print(f"mirror-fleet: {n} enrolled, approved, reported "
                      f"({time.monotonic() - started:.1f} s)", file=sys.stderr)
    took = time.monotonic() - started
    # the first reports went out before the digests were known: now every mirror's report names
    # the origin's index digests, as a synced node's does
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda m: report(base, m[0], m[1], sync_start, digests,
                                       last_answers=last_answers), fleet))
    with open(fleet_file, "w") as out:
        json.dump({"digests": digests, "mirrors": fleet,
                   "lastAnswers": {str(k): v for k, v in last_answers.items()}}, out)
    print(f"mirror-fleet: {count} mirrors enrolled, approved and reporting in {took:.1f} s "
          f"({took / count * 1000:.1f} ms each)", file=sys.stderr)


def report_loop(base, fleet_file, sync_start, interval):
    with open(fleet_file) as f:
        fleet = json.load(f)
    mirrors, digests = fleet["mirrors"], fleet["digests"]
    last_answers = {int(k): v for k, v in fleet.get("lastAnswers", {}).items()}
    gap = interval / len(mirrors)
    counter = 0
    next_at = time.monotonic()
    while True:
        for mirror_id, token in mirrors:
            counter += 1
            try:
                report(base, mirror_id, token, sync_start, digests, counter, last_answers)
            except (OSError, http.client.HTTPException, RuntimeError):
                pass  # the coordinator restarting (redirect-ab.sh): a node reports next interval
            next_at += gap
            delay = next_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)


LUA = """local mirrors = {%(mirrors)s}
local digests = '%(digests)s'
local n = 0
request = function()
  n = n + 1
  local m = mirrors[(n %% #mirrors) + 1]
  local now = os.date("!%%Y-%%m-%%dT%%H:%%M:%%SZ")
  local before = os.date("!%%Y-%%m-%%dT%%H:%%M:%%SZ", os.time() - 1)
  local body = '{"nodeVersion":"bench","nodeTime":"' .. now .. '",' ..
    '"lastSuccessfulSync":{"startedAt":"%(sync)s","finishedAt":"%(sync)s","bytes":1},' ..
    '"indexDigests":' .. digests .. ',' ..
    '"lastAnswer":{"receivedAt":"' .. before .. '","nodeTime":"' .. before .. '"},' ..
    '"disk":{"totalBytes":214748364800,"freeBytes":107374182400},' ..
    '"served":{"zstd":{"requests":' .. n .. ',"bytes":' .. n .. '}}}'
  return wrk.format("POST", "/api/v1/mirrors/" .. m[1] .. "/reports",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. m[2]}, body)
end
"""


def lua(fleet_file, sync_start):
    with open(fleet_file) as f:
        fleet = json.load(f)
    print(LUA % {
        "mirrors": ", ".join('{%d, "%s"}' % (m, t) for m, t in fleet["mirrors"]),
        "digests": json.dumps(fleet["digests"], separators=(",", ":")),
        "sync": datetime.fromtimestamp(sync_start, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }, end="")


def main(argv):
    if len(argv) == 7 and argv[0] == "seed":
        seed(argv[1], argv[2], argv[3], int(argv[4]), argv[5], int(argv[6]))
    elif len(argv) == 3 and argv[0] == "lua":
        lua(argv[1], int(argv[2]))
    elif len(argv) == 5 and argv[0] == "report":
        report_loop(argv[1], argv[2], int(argv[3]), float(argv[4]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
