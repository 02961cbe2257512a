// app.js - the status page's behaviour: reads the daemon's API
// (api/v1/now, api/v1/shifts), counts down to each next change, draws the
// coming week as SVG and follows the daemon's events (events) to redraw
// without a reload. Text from the daemon only ever goes in as text.
"use strict";

const WEEK = 7 * 86400 * 1000;
const SVG = "http://www.w3.org/2000/svg";
let loading = null;
let again = false;

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids) if (k != null) e.append(k);
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

async function api(path) {
  const r = await fetch(path, { cache: "no-store" });
  const body = await r.json();
  if (!body.ok) throw new Error(path + ": " + body.error.message);
  return body;
}

// "2h 05m 09s" until T (ms); "now" when past.
function countdown(t) {
  let s = Math.max(0, Math.round((t - Date.now()) / 1000));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const p = (n) => String(n).padStart(2, "0");
  if (d > 0) return `${d}d ${p(h)}h ${p(m)}m`;
  if (h > 0) return `${h}h ${p(m)}m ${p(s)}s`;
  return `${m}m ${p(s)}s`;
}

// The local time of an RFC 3339 text with offset, as written: "Mon 08:00".
function local(text, zone) {
  const d = new Date(text);
  try {
    return d.toLocaleString(undefined, { timeZone: zone, weekday: "short",
      hour: "2-digit", minute: "2-digit", hour12: false });
  } catch (e) {
    return d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  }
}

function nextLine(label, at, zone) {
  if (!at) return el("p", { class: "small" }, label + ": never (no change ahead)");
  return el("p", {},
    label + " in ",
    el("span", { class: "count", "data-until": at }, countdown(Date.parse(at))),
    el("span", { class: "small" }, " (" + local(at, zone) + ")"));
}

function teamCard(t) {
  const on = t.staffed;
  const who = t.channels.filter((c) => c.staffed).map((c) => c.address);
  return el("li", { class: "card" + (on ? " on" : ""), id: "team-" + t.id,
      "data-id": t.id, "data-staffed": String(on), tabindex: "0" },
    el("h3", {}, t.short_name || t.name,
      el("span", { class: "state" }, on ? "Staffed" : "Not staffed")),
    el("p", { class: "small" }, t.name + " · " + t.timezone + " · local " +
      local(t.local_time, t.timezone)),
    el("p", { class: "who" }, who.length ? "On duty: " + who.join(", ")
      : "Nobody on duty"),
    nextLine(on ? "Closes" : "Opens", t.next_change, t.timezone));
}

function routeCard(r) {
  const tg = r.target;
  return el("li", { class: "card" + (r.staffed ? " on" : ""),
      id: "route-" + r.id, "data-id": r.id, "data-staffed": String(r.staffed),
      tabindex: "0" },
    el("h3", {}, r.name || r.id,
      el("span", { class: "state" }, r.staffed ? "Staffed" : "Not staffed"),
      r.escalated && r.staffed ? el("span", { class: "esc" }, "escalated") : null),
    el("p", { class: "who" }, "Goes to " + tg.team + " " + tg.channel + ": " +
      tg.address),
    nextLine("Changes", r.until, "UTC"));
}

// One team's shifts over [from, from + 7 days) as a bar of 7 days.
function weekRow(team, shifts, from) {
  const W = 700, H = 24;
  const x = (t) => Math.max(0, Math.min(W, (t - from) / WEEK * W));
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none",
    role: "img" });
  const total = shifts.reduce((a, sh) =>
    a + (x(Date.parse(sh.end)) - x(Date.parse(sh.start))), 0) / W * 168;
  const title = svg("title");
  title.textContent = `${team.short_name || team.id}: ${shifts.length} ` +
    `shift${shifts.length === 1 ? "" : "s"}, ${Math.round(total)} of the next ` +
    "168 hours staffed";
  s.append(title, svg("rect", { class: "bg", x: 0, y: 0, width: W, height: H }));
  for (const sh of shifts) {
    const a = x(Date.parse(sh.start)), b = x(Date.parse(sh.end));
    if (b > a) s.append(svg("rect", { class: "shift", x: a, y: 3, width: b - a,
      height: H - 6 }));
  }
  const midnight = Math.ceil(from / 86400000) * 86400000;
  for (let d = midnight; d < from + WEEK; d += 86400000) {
    s.append(svg("line", { class: "day", x1: x(d), x2: x(d), y1: 0, y2: H }));
    const label = svg("text", { x: x(d) + 2, y: H - 2 });
    label.textContent = new Date(d).toUTCString().slice(0, 3);
    s.append(label);
  }
  s.append(svg("line", { class: "now", x1: 1, x2: 1, y1: 0, y2: H }));
  return el("div", { class: "week-row", "data-id": team.id },
    el("span", {}, team.short_name || team.id), s);
}

async function load() {
  if (loading) { again = true; return loading; }
  loading = (async () => {
    const now = await api("api/v1/now");
    document.getElementById("teams").replaceChildren(...now.teams.map(teamCard));
    document.getElementById("routes").replaceChildren(...now.routes.map(routeCard));
    const from = Date.now();
    const to = new Date(from + WEEK).toISOString().slice(0, 19) + "Z";
    const at = new Date(from).toISOString().slice(0, 19) + "Z";
    const rows = await Promise.all(now.teams.map(async (t) => {
      const sh = await api(`api/v1/shifts/${encodeURIComponent(t.id)}` +
        `?from=${at}&to=${to}`);
      return weekRow(t, sh.shifts, from);
    }));
    document.getElementById("week").replaceChildren(...rows);
    document.body.dataset.loaded = String(Date.now());
  })();
  try {
    await loading;
  } catch (e) {
    setLink("down", "cannot read the API: " + e.message);
  } finally {
    loading = null;
    if (again) { again = false; load(); }
  }
}

function setLink(cls, text) {
  const l = document.getElementById("link");
  l.className = "link " + cls;
  l.textContent = text;
}

function tick() {
  document.getElementById("clock").textContent =
    new Date().toISOString().slice(11, 19) + " UTC";
  let due = false;
  for (const c of document.querySelectorAll("[data-until]")) {
    const t = Date.parse(c.dataset.until);
    c.textContent = countdown(t);
    if (t <= Date.now()) due = true;
  }
  // A change the stream has not told of yet (it may be reconnecting).
  if (due && !loading) setTimeout(load, 1500);
}

function follow() {
  const es = new EventSource("events");
  es.onopen = () => setLink("live", "live");
  es.onerror = () => setLink("down", "reconnecting…");
  es.onmessage = (m) => {
    let ev;
    try { ev = JSON.parse(m.data); } catch (e) { return; }
    if (ev.event === "change") {
      const what = ev.kind === "team"
        ? `${ev.id} is now ${ev.staffed ? "staffed" : "not staffed"}`
        : `${ev.id} now goes to ${ev.target ? ev.target.team : "?"}`;
      document.getElementById("announce").textContent = what;
    } else if (ev.event === "reload") {
      document.getElementById("announce").textContent = "configuration reloaded";
    }
    load();
  };
}

document.addEventListener("DOMContentLoaded", () => {
  load();
  follow();
  tick();
  setInterval(tick, 1000);
});
