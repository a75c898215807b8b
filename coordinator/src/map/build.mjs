// Converts Natural Earth's 1:110m countries (world-atlas 2.0.2, TopoJSON) into the status
// page's bundled map: SVG path data per country, already projected (equirectangular, 2 units
// per degree, x from 180°W, y from 90°N), Antarctica left out. Run once by hand:
//   cd coordinator/src/map && npm install && node build.mjs > ../main/resources/status-page/world-110m.json
// The page projects mirror coordinates with the same formula (status.js, project()).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const SCALE = 2;
const SOUTH = -58; // nothing mirrors below Tierra del Fuego; saves a fifth of the height
const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8"));
const countries = feature(topology, topology.objects.countries).features
  .filter((f) => f.id !== "010"); // Antarctica

const tenths = (v) => Math.round(v * SCALE * 10); // integer tenths of a map unit

// Relative moves in tenths keep the file small. A ring that crosses the antimeridian (Fiji,
// Chukotka) is unwrapped to continuous longitudes and drawn a second time one world-width
// over, so that the SVG viewport clips it instead of a line being drawn across the map.
function ring(points) {
  const unwrapped = [];
  for (const [lon, lat] of points) {
    const previous = unwrapped.length ? unwrapped[unwrapped.length - 1][0] : lon;
    const shift = Math.round((previous - lon) / 360) * 360;
    unwrapped.push([lon + shift, Math.max(lat, SOUTH)]);
  }
  const drawn = [draw(unwrapped, 0)];
  const lons = unwrapped.map(([lon]) => lon);
  if (Math.max(...lons) > 180) drawn.push(draw(unwrapped, -360));
  if (Math.min(...lons) < -180) drawn.push(draw(unwrapped, 360));
  return drawn.join("");
}

function draw(points, shift) {
  let d = "";
  let [px, py] = [0, 0];
  for (const [lon, lat] of points) {
    const [qx, qy] = [tenths(lon + shift + 180), tenths(90 - lat)];
    if (d && qx === px && qy === py) continue;
    d += d ? `l${fmt(qx - px)}${fmt(qy - py)}` : `M${fmt(qx)}${fmt(qy)}`;
    [px, py] = [qx, qy];
  }
  return d + "z";
}

// "12.3" / "-0.4" with a space only where a digit would run into the next number
function fmt(t) {
  const s = (t / 10).toString().replace(/^(-?)0\./, "$1.");
  return s.startsWith("-") ? s : " " + s;
}

function path(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flatMap((polygon) => polygon.map(ring)).join("");
}

const out = {
  source: "Natural Earth 1:110m Admin 0 countries v4.1.0 (public domain), via world-atlas 2.0.2 (ISC)",
  projection: "equirectangular",
  scale: SCALE,
  south: SOUTH,
  width: 360 * SCALE,
  height: (90 - SOUTH) * SCALE,
  countries: countries
    .filter((f) => f.geometry)
    .map((f) => ({ name: f.properties.name, d: path(f.geometry) })),
};
process.stdout.write(JSON.stringify(out) + "\n");
