// Download charts: GET /api/v1/stats split by mirror and by country, hourly over the last day,
// drawn as SVG lines by this script (no library: the page loads nothing from elsewhere). Labels
// go in through textContent, never as HTML (mirror names are chosen by their operators).
"use strict";

(() => {
  const NS = "http://www.w3.org/2000/svg";
  const WIDTH = 720;
  const HEIGHT = 220;
  const PAD = { left: 48, right: 12, top: 12, bottom: 28 };
  const TOP_SERIES = 6;
  const COLORS = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#db2777", "#0891b2", "#6b7280"];
  const HOUR_MS = 3600 * 1000;
  const names = typeof Intl.DisplayNames === "function"
    ? new Intl.DisplayNames(["en"], { type: "region" }) : null;

  function node(name, attributes = {}, text = null) {
    const element = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    if (text !== null) element.textContent = text;
    return element;
  }

  function mirrorLabel(answer, key) {
    if (key === "0") return "origin (no mirror)";
    return answer.mirrors[key] || `mirror ${key}`;
  }

  function countryLabel(answer, key) {
    if (key === "") return "unknown";
    const name = names ? names.of(key) : null;
    return name && name !== key ? `${key} ${name}` : key;
  }

  // the most requested series, the rest summed into "others"
  function shown(answer) {
    const top = answer.series.slice(0, TOP_SERIES);
    const rest = answer.series.slice(TOP_SERIES);
    if (rest.length === 0) return top;
    const sums = new Map();
    for (const series of rest) {
      for (const point of series.points) {
        sums.set(point.start, (sums.get(point.start) || 0) + point.requests);
      }
    }
    const points = [...sums].map(([start, requests]) => ({ start, requests }));
    return top.concat([{ key: null, total: rest.reduce((a, s) => a + s.total, 0), points }]);
  }

  function draw(dimension, answer, label) {
    const chart = document.getElementById(`chart-${dimension}`);
    const legend = document.getElementById(`legend-${dimension}`);
    chart.replaceChildren();
    legend.replaceChildren();
    const from = Date.parse(answer.from);
    const to = Date.parse(answer.to);
    const buckets = Math.max(1, Math.round((to - from) / HOUR_MS));
    const series = shown(answer);
    let max = 1;
    for (const s of series) for (const p of s.points) max = Math.max(max, p.requests);
    const x = (i) => PAD.left + (i + 0.5) * (WIDTH - PAD.left - PAD.right) / buckets;
    const y = (v) => HEIGHT - PAD.bottom - v * (HEIGHT - PAD.top - PAD.bottom) / max;

    chart.append(node("line", { class: "axis", x1: PAD.left, x2: WIDTH - PAD.right, y1: y(0), y2: y(0) }));
    chart.append(node("line", { class: "grid", x1: PAD.left, x2: WIDTH - PAD.right, y1: y(max), y2: y(max) }));
    chart.append(node("text", { class: "tick", x: PAD.left - 6, y: y(max) + 4, "text-anchor": "end" }, String(max)));
    chart.append(node("text", { class: "tick", x: PAD.left - 6, y: y(0) + 4, "text-anchor": "end" }, "0"));
    const hour = (ms) => new Date(ms).toISOString().slice(11, 16);
    chart.append(node("text", { class: "tick", x: x(0), y: HEIGHT - 8, "text-anchor": "start" }, hour(from)));
    chart.append(node("text", { class: "tick", x: x(buckets - 1), y: HEIGHT - 8, "text-anchor": "end" },
      `${hour(to)} UTC`));

    series.forEach((s, index) => {
      const color = COLORS[Math.min(index, COLORS.length - 1)];
      const counts = new Array(buckets).fill(0);
      for (const p of s.points) {
        const i = Math.floor((Date.parse(p.start) - from) / HOUR_MS);
        if (i >= 0 && i < buckets) counts[i] += p.requests;
      }
      const text = s.key === null ? "others" : label(answer, s.key);
      const line = node("polyline", {
        class: "series",
        stroke: color,
        "data-key": s.key === null ? "others" : s.key,
        points: counts.map((c, i) => `${x(i).toFixed(1)},${y(c).toFixed(1)}`).join(" "),
      });
      line.append(node("title", {}, `${text}: ${s.total} requests`));
      chart.append(line);
      const item = document.createElement("li");
      item.dataset.key = s.key === null ? "others" : s.key;
      const swatch = document.createElement("span");
      swatch.className = "line-swatch";
      swatch.setAttribute("aria-hidden", "true");
      swatch.dataset.color = String(index);
      const name = document.createElement("span");
      name.className = "series-name";
      name.textContent = text;
      const total = document.createElement("span");
      total.className = "series-total";
      total.textContent = ` ${s.total.toLocaleString("en")}`;
      item.append(swatch, name, total);
      legend.append(item);
    });
    const caption = document.getElementById(`caption-${dimension}`);
    caption.textContent = answer.total === 0
      ? "No requests in the last 24 hours yet."
      : `${answer.total.toLocaleString("en")} requests in the last 24 hours, per hour.`;
  }

  async function load(dimension, label) {
    try {
      const response = await fetch(`/api/v1/stats?granularity=hour&by=${dimension}`,
        { headers: { Accept: "application/json" }, cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      draw(dimension, await response.json(), label);
    } catch (e) {
      document.getElementById(`caption-${dimension}`).textContent =
        `Statistics could not be loaded (${e.message}).`;
    }
  }

  function refresh() {
    load("mirror", mirrorLabel);
    load("country", countryLabel);
    // drawn by the coordinator (PropagationPlot); a new address so the browser asks again
    document.getElementById("propagation").src = `/api/v1/propagation.svg?at=${Date.now()}`;
  }

  const requested = Number(new URLSearchParams(window.location.search).get("refresh"));
  refresh();
  setInterval(refresh, Number.isFinite(requested) && requested >= 1 ? requested * 1000 : 60_000);
})();
