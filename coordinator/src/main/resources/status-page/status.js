// The status page: reads GET /api/v1/mirrors and draws the table and the map. Plain DOM, no
// framework; every value from the API goes in through textContent or attributes, never as HTML
// (mirror names are chosen by their operators).
"use strict";

// ?refresh=N (seconds, at least 1) for wall displays and tests; 30 s otherwise
const REFRESH_MS = (() => {
  const requested = Number(new URLSearchParams(window.location.search).get("refresh"));
  return Number.isFinite(requested) && requested >= 1 ? requested * 1000 : 30_000;
})();
const SVG = "http://www.w3.org/2000/svg";
const STATE_ORDER = ["up", "checking", "down", "paused"];
const countryNames = typeof Intl.DisplayNames === "function"
  ? new Intl.DisplayNames(["en"], { type: "region" }) : null;

let map = null; // {scale, south} once world-110m.json is in

function el(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function svg(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

// Jackson writes instants as ISO text or as decimal seconds, depending on its settings.
function toMillis(instant) {
  if (instant === null || instant === undefined) return null;
  return typeof instant === "number" ? instant * 1000 : Date.parse(instant);
}

function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

function ago(instant, now) {
  const seconds = (now - toMillis(instant)) / 1000;
  return seconds < 5 ? "just now" : `${duration(seconds)} ago`;
}

function bytes(n) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}

function time(instant, text) {
  const at = toMillis(instant);
  return el("time", { datetime: new Date(at).toISOString(), title: new Date(at).toUTCString() }, text);
}

function country(location) {
  if (!location) return el("td", { class: "country muted" }, "unknown");
  let name = location.country;
  try {
    name = countryNames ? countryNames.of(location.country) : name;
  } catch (e) {
    // an unknown code stays a code
  }
  return el("td", { class: "country" },
    el("span", { class: "code" }, location.country), " ", el("span", { class: "name" }, name));
}

function mirrorCell(mirror) {
  return el("th", { scope: "row", class: "mirror" },
    el("span", { class: "mirror-name" }, mirror.name),
    el("a", { href: mirror.baseUrl, rel: "noopener noreferrer", class: "url" }, mirror.baseUrl));
}

function stateCell(mirror) {
  return el("td", {}, el("span", { class: `badge state-${mirror.state}` }, mirror.state));
}

function freshnessCell(mirror) {
  if (mirror.freshnessAgeSeconds === null || mirror.freshnessAgeSeconds === undefined) {
    return el("td", { class: "muted" }, "no sync reported");
  }
  const old = mirror.freshnessAgeSeconds > 24 * 3600;
  return el("td", { class: old ? "freshness old" : "freshness" },
    time(mirror.lastSyncStartedAt, duration(mirror.freshnessAgeSeconds)),
    old ? el("span", { class: "note" }, " more than a day behind") : null);
}

function probeCell(mirror, now) {
  const probe = mirror.lastProbe;
  if (!probe) {
    return el("td", { class: "muted" }, mirror.state === "paused" ? "not probed while paused" : "not yet");
  }
  const cell = el("td", { class: probe.ok ? "probe ok" : "probe failed" },
    el("span", { class: "verdict" }, probe.ok ? "ok" : "failed"), ", ", time(probe.at, ago(probe.at, now)));
  if (probe.failure) cell.append(el("span", { class: "reason" }, probe.failure));
  return cell;
}

function compressionCell(mirror) {
  const c = mirror.compression;
  if (!c) return el("td", { class: "muted" }, "not checked yet");
  const chip = (name, passed) => {
    if (passed === null || passed === undefined) return el("span", { class: "chip" }, `${name} unchecked`);
    return el("span", { class: passed ? "chip pass" : "chip fail", title: `${name} check ${passed ? "passed" : "failed"}` },
      el("span", { "aria-hidden": "true" }, passed ? "✓ " : "✗ "), name, el("span", { class: "sr" }, passed ? " passes" : " fails"));
  };
  return el("td", { class: "compression" }, chip("zstd", c.zstd), " ", chip("gzip", c.gzip));
}

function syncCell(mirror, now) {
  const s = mirror.syncing;
  if (!s) return el("td", { class: "muted" }, mirror.reportedAt ? "idle" : "never reported");
  const label = `${s.percent} %`;
  const cell = el("td", { class: "sync" },
    el("progress", { max: "100", value: String(s.percent), "aria-label": `sync ${label}` }, label),
    el("span", { class: "progress-text" }, `${label} · ${bytes(s.bytesTransferred)}`));
  if (mirror.reportedAt) {
    cell.append(el("span", { class: "reason" }, "as of ", time(mirror.reportedAt, ago(mirror.reportedAt, now))));
  }
  return cell;
}

function row(mirror, now) {
  return el("tr", { "data-mirror": String(mirror.id), "data-state": mirror.state },
    country(mirror.location), mirrorCell(mirror), stateCell(mirror), freshnessCell(mirror),
    probeCell(mirror, now), compressionCell(mirror), syncCell(mirror, now));
}

function sortKey(mirror) {
  const l = mirror.location;
  return [l ? l.continent || "" : "~", l ? l.country : "~", mirror.name.toLowerCase()];
}

function compare(a, b) {
  const ka = sortKey(a);
  const kb = sortKey(b);
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  }
  return a.id - b.id;
}

function project(location) {
  const x = (location.longitude + 180) * map.scale;
  const y = (90 - Math.max(location.latitude, map.south)) * map.scale;
  return [x.toFixed(1), y.toFixed(1)];
}

function drawDots(mirrors) {
  const dots = document.getElementById("dots");
  dots.replaceChildren();
  if (!map) return;
  // paused and down first, so that a healthy mirror is never hidden under one
  const order = ["paused", "down", "checking", "up"];
  const located = mirrors.filter((m) => m.location)
    .sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state));
  for (const mirror of located) {
    const [cx, cy] = project(mirror.location);
    const dot = svg("circle", { cx, cy, r: "5", class: `dot state-${mirror.state}`, "data-mirror": String(mirror.id) });
    const title = svg("title");
    title.textContent = `${mirror.name} (${mirror.location.country}): ${mirror.state}`;
    dot.append(title);
    dots.append(svg("circle", { cx, cy, r: "9", class: `halo state-${mirror.state}` }), dot);
  }
}

function drawTotals(mirrors) {
  const totals = document.getElementById("totals");
  totals.replaceChildren();
  for (const state of STATE_ORDER) {
    const n = mirrors.filter((m) => m.state === state).length;
    totals.append(el("li", { class: `total state-${state}`, "data-state": state },
      el("span", { class: "count" }, String(n)), el("span", { class: "label" }, state)));
  }
}

function render(mirrors) {
  const now = Date.now();
  const sorted = [...mirrors].sort(compare);
  const rows = document.getElementById("rows");
  rows.replaceChildren(...sorted.map((m) => row(m, now)));
  if (sorted.length === 0) {
    rows.append(el("tr", {}, el("td", { colspan: "7", class: "muted empty" }, "No approved mirrors yet.")));
  }
  const caption = document.getElementById("caption");
  caption.textContent = `${sorted.length} approved mirror${sorted.length === 1 ? "" : "s"}, updated `;
  caption.append(el("time", { datetime: new Date(now).toISOString() }, new Date(now).toLocaleTimeString("en-GB", { timeZone: "UTC" }) + " UTC"));
  drawTotals(sorted);
  drawDots(sorted);
}

function showProblem(text) {
  const problem = document.getElementById("problem");
  problem.textContent = text;
  problem.hidden = text === null;
}

async function refresh() {
  try {
    const response = await fetch("/api/v1/mirrors", { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) throw new Error(`the coordinator answered HTTP ${response.status}`);
    render(await response.json());
    showProblem(null);
  } catch (error) {
    showProblem(`Could not load the mirror list (${error.message}); trying again in ${REFRESH_MS / 1000} s.`);
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

async function loadMap() {
  const response = await fetch("/status/world-110m.json");
  if (!response.ok) throw new Error(`map data: HTTP ${response.status}`);
  const world = await response.json();
  const land = document.getElementById("land");
  for (const country of world.countries) {
    const path = svg("path", { d: country.d });
    const title = svg("title");
    title.textContent = country.name;
    path.append(title);
    land.append(path);
  }
  const graticule = document.getElementById("graticule");
  for (let lon = -150; lon <= 150; lon += 30) {
    const x = (lon + 180) * world.scale;
    graticule.append(svg("line", { x1: x, y1: 0, x2: x, y2: world.height }));
  }
  for (let lat = -30; lat <= 60; lat += 30) {
    const y = (90 - lat) * world.scale;
    graticule.append(svg("line", { x1: 0, y1: y, x2: world.width, y2: y, class: lat === 0 ? "equator" : "" }));
  }
  document.getElementById("map").setAttribute("viewBox", `0 0 ${world.width} ${world.height}`);
  map = { scale: world.scale, south: world.south };
}

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("refresh-every").textContent = duration(REFRESH_MS / 1000);
  try {
    await loadMap();
  } catch (error) {
    showProblem(`The map could not be drawn (${error.message}); the table is complete.`);
  }
  refresh();
});
