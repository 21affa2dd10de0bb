// attache web UI: plain JavaScript, no libraries, no build step. Hash routes:
//   #/?country=RUS&...   event list with filters      #/event/E12     one event, evidence in place
//   #/timeline?...       engagements per month         #/network?kind= states or officials
//   #/actors?q=          people                        #/actor/ID      one person, roles over time
// Every string from the corpus reaches the page through textContent, never as HTML.
"use strict";

const TYPES = ["MEETING", "VISIT", "CALL", "EXERCISE", "PATROL", "AGREEMENT", "INVITATION", "PORT_CALL", "ARMS_TRANSFER"];
const STATUSES = ["occurred", "planned", "cancelled", "denied", "hypothetical"];
const COLORS = { MEETING: "#2456a6", VISIT: "#d9822b", CALL: "#7a4fb3", EXERCISE: "#2f9e44", PATROL: "#1098ad",
  AGREEMENT: "#c2255c", INVITATION: "#868e96", PORT_CALL: "#5c940d", ARMS_TRANSFER: "#e03131" };
const RTL = new Set(["ar", "fa", "he", "ur", "ps"]);
const SVGNS = "http://www.w3.org/2000/svg";
const main = document.getElementById("main");
let states = null; // code -> name

// ---- small DOM helpers ----
function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat(Infinity)) if (k !== null && k !== undefined) e.append(k instanceof Node ? k : String(k));
  return e;
}
function s(tag, attrs, ...kids) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k instanceof Node ? k : String(k));
  return e;
}
function show(...nodes) { main.replaceChildren(...nodes); }
function fail(err) { show(h("p", { class: "error", role: "alert" }, String(err.message || err))); }

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error((body && body.error && body.error.message) || `${r.status} ${r.statusText}`);
  return body;
}
function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, v);
  return u.toString();
}
async function loadStates() {
  if (!states) {
    const r = await api("/api/states");
    states = new Map(r.states.map((x) => [x.code, { name: x.name, events: x.events }]));
  }
  return states;
}
const stateName = (c) => (states && states.get(c) ? states.get(c).name : c);
function personLabel(p) {
  return p.name || (p.role ? `(${p.role}${p.country ? ", " + p.country : ""})` : "?");
}
function personLink(p) {
  const id = p.id || (p.name ? "name:" + p.name : null);
  return id ? h("a", { href: "#/actor/" + encodeURIComponent(id) }, personLabel(p)) : h("span", {}, personLabel(p));
}
function dates(e) {
  if (!e.date && !e.date_end) return "—";
  return e.date_end ? `${e.date || "?"} – ${e.date_end}` : e.date;
}
function place(e) {
  const l = e.location;
  if (!l) return "";
  return [l.name, l.area, l.country && stateName(l.country)].filter(Boolean).join(", ");
}

// ---- filters shared by the list, the timeline and the network ----
const FILTERS = ["country", "with", "type", "status", "person", "since", "until", "q"];
function filterForm(p, route, extra) {
  const st = [...states.entries()].filter(([, v]) => v.events > 0)
    .sort((a, b) => a[1].name.localeCompare(b[1].name));
  const stateSelect = (name, label) => h("label", {}, label,
    h("select", { name, "data-testid": "filter-" + name },
      h("option", { value: "" }, "any"),
      st.map(([c, v]) => h("option", { value: c, selected: p.get(name) === c }, `${v.name} (${c}) · ${v.events}`))));
  const sel = (name, label, opts) => h("label", {}, label,
    h("select", { name, "data-testid": "filter-" + name }, h("option", { value: "" }, "any"),
      opts.map((o) => h("option", { value: o, selected: p.get(name) === o }, o))));
  const inp = (name, label, ph) => h("label", {}, label,
    h("input", { name, value: p.get(name) || "", placeholder: ph, dir: "auto", "data-testid": "filter-" + name }));
  const form = h("form", { class: "filters" },
    stateSelect("country", "State"), stateSelect("with", "With state"),
    sel("type", "Type", TYPES), sel("status", "Status", STATUSES),
    inp("person", "Person", "Gerasimov"), inp("since", "Since", "2023-01"), inp("until", "Until", "2023-12"),
    inp("q", "Text", "3+ characters"), extra || null,
    h("button", { type: "submit", "data-testid": "apply" }, "Apply"),
    h("a", { href: "#" + route }, "clear"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const out = {};
    for (const [k, v] of fd.entries()) out[k] = String(v).trim();
    location.hash = route + "?" + qs(out);
  });
  form.querySelectorAll("select").forEach((x) => x.addEventListener("change", () => form.requestSubmit()));
  return form;
}
function pick(p, names) {
  const o = {};
  for (const n of names) if (p.get(n)) o[n] = p.get(n);
  return o;
}

// ---- views ----
async function viewEvents(p) {
  await loadStates();
  const page = Number(p.get("page") || 1);
  const per = 50;
  const form = filterForm(p, "/");
  show(form, h("p", { class: "muted" }, "Loading…"));
  const r = await api("/api/events?" + qs({ ...pick(p, FILTERS), page, per_page: per }));
  const rows = r.events.map((e) => h("tr", { class: "status-" + e.status, "data-testid": "event-row" },
    h("td", {}, h("a", { href: "#/event/" + e.id }, e.id)),
    h("td", {}, h("span", { class: "tag", style: `background:${COLORS[e.type]}22` }, e.type)),
    h("td", {}, e.status),
    h("td", {}, dates(e)),
    h("td", {}, e.countries.map((c) => h("span", { class: "tag", title: stateName(c) }, c))),
    h("td", {}, e.participants.map((x, i) => [i ? ", " : "", personLink(x)])),
    h("td", { dir: "auto" }, place(e)),
    h("td", {}, String(e.sources.length))));
  const last = Math.max(1, Math.ceil(r.total / per));
  const nav = (n) => "#/?" + qs({ ...pick(p, FILTERS), page: n });
  const pager = h("div", { class: "pager" },
    h("span", { "data-testid": "total" }, `${r.total} event(s)`),
    page > 1 ? h("a", { href: nav(page - 1) }, "← previous") : null,
    h("span", { class: "muted" }, `page ${page} of ${last}`),
    page < last ? h("a", { href: nav(page + 1), "data-testid": "next" }, "next →") : null,
    h("a", { href: "/api/export?" + qs({ ...pick(p, FILTERS), format: "csv" }) }, "CSV"),
    h("a", { href: "/api/export?" + qs({ ...pick(p, FILTERS), format: "jsonl" }) }, "JSONL"),
    h("a", { href: "/api/export?format=graphml" }, "GraphML"));
  show(form, pager, h("table", { "data-testid": "events" },
    h("thead", {}, h("tr", {}, ["id", "type", "status", "date", "states", "participants", "place", "sources"].map((t) => h("th", {}, t)))),
    h("tbody", {}, rows)));
}

/** The document text with each evidence span wrapped in <mark>; offsets count code points. */
function highlighted(text, evidence, lang) {
  const chars = Array.from(text);
  const spans = evidence.filter((v) => Number.isInteger(v.start) && v.end > v.start && v.end <= chars.length)
    .map((v) => [v.start, v.end]).sort((a, b) => a[0] - b[0]);
  const box = h("div", { class: "doctext", dir: RTL.has(lang) ? "rtl" : "auto", lang: lang || null, "data-testid": "doctext" });
  let at = 0;
  for (const [a, b] of spans) {
    if (a < at) continue; // overlapping spans: the first wins
    box.append(chars.slice(at, a).join(""));
    box.append(h("mark", { class: "evidence", "data-testid": "evidence" }, chars.slice(a, b).join("")));
    at = b;
  }
  box.append(chars.slice(at).join(""));
  return box;
}

async function viewEvent(id) {
  await loadStates();
  const e = await api("/api/events/" + encodeURIComponent(id) + "?text=1");
  const facts = [
    ["type", e.type], ["status", e.status], ["date", dates(e) + (e.date_basis ? ` (${e.date_basis})` : "")],
    ["states", e.countries.map((c) => `${stateName(c)} (${c})`).join(", ")],
    ["participants", e.participants.map((x, i) => [i ? "; " : "", personLink(x), x.role ? ` — ${x.role}` : ""])],
    ["mode", e.mode || "—"], ["place", place(e) || "—"],
    ["codes", `CAMEO ${e.cameo} · PLOVER ${e.plover}${e.plover_mode ? " / " + e.plover_mode : ""}${e.plover_context ? " / " + e.plover_context : ""}`],
    ["confidence", String(e.confidence)], ["sources", String(e.sources.length)],
  ];
  const head = h("div", { class: "card" },
    h("h1", { "data-testid": "event-title" }, `${e.id} · ${e.type} · ${e.countries.join("–")}`),
    h("dl", { class: "facts" }, facts.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])));
  const sources = e.sources.map((src) => {
    const why = (src.why && src.why.reasons) || [];
    return h("section", { class: "card", "data-testid": "source" },
      h("h2", { dir: "auto" }, src.title || src.doc_id),
      h("p", { class: "muted" }, [src.doc_id, src.lang, src.published].filter(Boolean).join(" · "), " ",
        src.url ? h("a", { href: src.url, rel: "noreferrer noopener", target: "_blank" }, "original") : null),
      h("ol", { class: "evidence-list" }, (src.evidence || []).map((v) => h("li", { dir: "auto", lang: src.lang || null }, v.text))),
      typeof src.text === "string" ? highlighted(src.text, src.evidence || [], src.lang) : null,
      why.length ? h("p", { class: "why" }, "Merged because: " + why.join("; ")) : null);
  });
  show(h("p", {}, h("a", { href: "#/" }, "← events")), head, ...sources);
  const first = main.querySelector("mark.evidence");
  if (first) first.scrollIntoView({ block: "center" });
  window.scrollTo(0, 0);
}

async function viewTimeline(p) {
  await loadStates();
  const form = filterForm(p, "/timeline");
  const r = await api("/api/timeline?" + qs(pick(p, FILTERS)));
  if (!r.months.length) return show(form, h("p", { class: "muted" }, "No dated events match."));
  // Every month between the first and the last, so gaps show as gaps.
  const byMonth = new Map();
  for (const b of r.months) {
    if (!byMonth.has(b.month)) byMonth.set(b.month, {});
    byMonth.get(b.month)[b.type] = b.events;
  }
  const months = [];
  let [y, m] = r.months[0].month.split("-").map(Number);
  const lastKey = r.months[r.months.length - 1].month;
  for (let guard = 0; guard < 2400; guard++) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    months.push(key);
    if (key === lastKey) break;
    m++; if (m > 12) { m = 1; y++; }
  }
  const max = Math.max(...months.map((k) => Object.values(byMonth.get(k) || {}).reduce((a, b) => a + b, 0)));
  const bw = Math.max(4, Math.min(28, Math.floor(1100 / months.length)));
  const H = 260, W = months.length * bw + 60;
  const svg = s("svg", { width: W, height: H + 50, "data-testid": "timeline" });
  svg.append(s("text", { x: 4, y: 12 }, String(max)), s("line", { x1: 40, x2: W, y1: H, y2: H, stroke: "#999" }));
  months.forEach((k, i) => {
    let yy = H;
    const x = 40 + i * bw;
    for (const t of TYPES) {
      const n = (byMonth.get(k) || {})[t] || 0;
      if (!n) continue;
      const hh = (n / max) * (H - 20);
      yy -= hh;
      const rect = s("rect", { x, y: yy, width: bw - 1, height: hh, fill: COLORS[t], class: "bar",
        onclick: () => { location.hash = "#/?" + qs({ ...pick(p, FILTERS), type: t, since: k, until: k }); } },
      s("title", {}, `${k} · ${t}: ${n}`));
      rect.style.cursor = "pointer";
      svg.append(rect);
    }
    if (i % Math.ceil(60 / bw) === 0) svg.append(s("text", { x, y: H + 14, transform: `rotate(45 ${x} ${H + 14})` }, k));
  });
  const legend = h("div", { class: "legend" }, TYPES.map((t) => h("span", { style: `--c:${COLORS[t]}` }, t)));
  show(form, h("div", { class: "chart" }, svg), legend,
    h("p", { class: "muted" }, "Canonical events per month they start in, by type; click a bar for its events."));
}

/** A force-directed layout, run to rest before drawing (a few hundred nodes at most). */
function layout(nodes, edges, W, H) {
  const idx = new Map(nodes.map((n, i) => [n.id, i]));
  nodes.forEach((n, i) => { const a = (2 * Math.PI * i) / nodes.length; n.x = W / 2 + (W / 3) * Math.cos(a); n.y = H / 2 + (H / 3) * Math.sin(a); });
  const links = edges.map((e) => [idx.get(e.source), idx.get(e.target), e.events]).filter((l) => l[0] !== undefined && l[1] !== undefined);
  const k = Math.min(120, Math.sqrt((W * H) / Math.max(1, nodes.length)) * 0.35);
  for (let it = 0; it < 300; it++) {
    const t = 0.1 * (1 - it / 300) + 0.005;
    const dx = new Float64Array(nodes.length), dy = new Float64Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
      let x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
      const d2 = Math.max(1, x * x + y * y), f = (k * k) / d2;
      dx[i] += x * f; dy[i] += y * f; dx[j] -= x * f; dy[j] -= y * f;
    }
    for (const [a, b] of links) {
      const x = nodes[a].x - nodes[b].x, y = nodes[a].y - nodes[b].y, d = Math.max(1, Math.hypot(x, y)), f = d / k;
      dx[a] -= x * f; dy[a] -= y * f; dx[b] += x * f; dy[b] += y * f;
    }
    nodes.forEach((n, i) => {
      const d = Math.max(1, Math.hypot(dx[i], dy[i])), step = Math.min(d, k * t * 10);
      n.x = Math.min(W - 90, Math.max(30, n.x + (dx[i] / d) * step + (W / 2 - n.x) * 0.06));
      n.y = Math.min(H - 30, Math.max(30, n.y + (dy[i] / d) * step + (H / 2 - n.y) * 0.06));
    });
  }
  return links;
}

async function viewNetwork(p) {
  await loadStates();
  const kind = p.get("kind") === "person" ? "person" : "state";
  const kindSel = h("label", {}, "Nodes", h("select", { name: "kind", "data-testid": "network-kind" },
    h("option", { value: "state", selected: kind === "state" }, "states"),
    h("option", { value: "person", selected: kind === "person" }, "officials")));
  const form = filterForm(p, "/network", kindSel);
  const r = await api("/api/network?" + qs({ ...pick(p, FILTERS), nodes: 80 }));
  const nodes = r.nodes.filter((n) => n.kind === kind);
  const edges = r.edges.filter((e) => e.kind === kind);
  if (!nodes.length) return show(form, h("p", { class: "muted" }, "No engagements match."));
  const W = 1100, H = 640;
  const links = layout(nodes, edges, W, H);
  const maxN = Math.max(...nodes.map((n) => n.events)), maxE = Math.max(1, ...edges.map((e) => e.events));
  const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, "data-testid": "network" });
  for (const [a, b, w] of links) {
    svg.append(s("line", { x1: nodes[a].x, y1: nodes[a].y, x2: nodes[b].x, y2: nodes[b].y, stroke: "#8fa3c4",
      "stroke-opacity": 0.7, "stroke-width": 1 + 6 * Math.sqrt(w / maxE) }, s("title", {}, `${nodes[a].label} – ${nodes[b].label}: ${w}`)));
  }
  for (const n of nodes) {
    const r0 = 5 + 22 * Math.sqrt(n.events / maxN);
    const code = n.id.slice(n.id.indexOf(":") + 1);
    const g = s("g", { class: "node", transform: `translate(${n.x},${n.y})`,
      onclick: () => { location.hash = kind === "state" ? "#/?" + qs({ country: code }) : "#/actor/" + encodeURIComponent(code); } },
    s("circle", { r: r0, fill: kind === "state" ? "#2456a6" : "#d9822b", "fill-opacity": 0.85 }),
    s("text", { x: r0 + 3, y: 4 }, kind === "state" ? code : n.label),
    s("title", {}, `${n.label}: ${n.events} event(s)`));
    svg.append(g);
  }
  show(form, h("div", { class: "chart" }, svg),
    h("p", { class: "muted" }, `${nodes.length} ${kind === "state" ? "states" : "officials"} (the most engaged), sized by their events; lines by the events they share. Click a node.`));
}

async function viewActors(p) {
  const page = Number(p.get("page") || 1);
  const r = await api("/api/actors?" + qs({ q: p.get("q"), page, per_page: 100 }));
  const form = h("form", { class: "filters" },
    h("label", {}, "Name", h("input", { name: "q", value: p.get("q") || "", dir: "auto" })),
    h("button", { type: "submit" }, "Find"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = "#/actors?" + qs({ q: form.q.value.trim() }); });
  const rows = r.actors.map((a) => h("tr", {},
    h("td", {}, h("a", { href: "#/actor/" + encodeURIComponent(a.id) }, a.name || a.id)),
    h("td", {}, a.country || ""), h("td", {}, String(a.events)),
    h("td", { dir: "auto" }, a.names.slice(0, 6).join(" · ")),
    h("td", {}, a.roles.map((x) => x.role).filter((x, i, all) => all.indexOf(x) === i).join("; "))));
  show(form, h("p", {}, `${r.total} people`),
    h("table", {}, h("thead", {}, h("tr", {}, ["name", "state", "events", "written as", "roles"].map((t) => h("th", {}, t)))), h("tbody", {}, rows)),
    page * 100 < r.total ? h("a", { href: "#/actors?" + qs({ q: p.get("q"), page: page + 1 }) }, "next →") : null);
}

async function viewActor(id) {
  await loadStates();
  const a = await api("/api/actors/" + encodeURIComponent(id));
  const ev = await api("/api/events?" + qs({ person: id, per_page: 100 }));
  // Roles over time: one bar per role from its first to its last dated report.
  const dated = a.roles.filter((x) => x.first);
  let chart = null;
  if (dated.length) {
    const toN = (d) => { const [y, m] = d.split("-").map(Number); return y * 12 + (m || 1) - 1; };
    const lo = Math.min(...dated.map((x) => toN(x.first))), hi = Math.max(...dated.map((x) => toN(x.last || x.first))) + 1;
    const W = 900, L = 260, row = 26;
    const X = (n) => L + ((n - lo) / Math.max(1, hi - lo)) * (W - L - 20);
    const svg = s("svg", { width: W, height: dated.length * row + 30, "data-testid": "roles" });
    dated.forEach((x, i) => {
      const y = 10 + i * row;
      svg.append(s("text", { x: 4, y: y + 13 }, `${x.role}${x.country ? " (" + x.country + ")" : ""}`),
        s("rect", { x: X(toN(x.first)), y, height: 16, rx: 3, fill: "#2456a6",
          width: Math.max(6, X(toN(x.last || x.first) + 1) - X(toN(x.first))) }, s("title", {}, `${x.first} – ${x.last}`)));
    });
    svg.append(s("text", { x: L, y: dated.length * row + 26 }, dated.reduce((m, x) => (x.first < m ? x.first : m), dated[0].first)),
      s("text", { x: W - 90, y: dated.length * row + 26 }, dated.reduce((m, x) => (x.last > m ? x.last : m), dated[0].last || dated[0].first)));
    chart = h("div", { class: "chart" }, svg);
  }
  show(h("div", { class: "card" },
    h("h1", { "data-testid": "actor-name" }, a.name || a.id),
    h("dl", { class: "facts" },
      h("dt", {}, "id"), h("dd", {}, a.id),
      h("dt", {}, "state"), h("dd", {}, a.country ? `${stateName(a.country)} (${a.country})` : "—"),
      h("dt", {}, "events"), h("dd", {}, String(a.events)),
      h("dt", {}, "written as"), h("dd", { dir: "auto" }, a.names.join(" · ") || "—"))),
  h("h2", {}, "Roles over time"), chart || h("p", { class: "muted" }, "No dated roles."),
  h("ul", {}, a.roles.map((x) => h("li", {}, `${x.role}${x.country ? " (" + x.country + ")" : ""}: ${x.first || "?"} – ${x.last || "?"}`))),
  h("h2", {}, `Events (${ev.total})`),
  h("ul", {}, ev.events.map((e) => h("li", {}, h("a", { href: "#/event/" + e.id }, e.id), ` ${dates(e)} ${e.type} ${e.countries.join("–")}`))));
}

async function viewSearch(p) {
  const q = p.get("q") || "";
  const r = await api("/api/search?" + qs({ q }));
  show(h("h1", {}, `Search: ${q}`),
    h("h2", {}, `Events (${r.total})`),
    h("ul", {}, r.events.map((e) => h("li", {}, h("a", { href: "#/event/" + e.id }, e.id), ` ${dates(e)} ${e.type} ${e.countries.join("–")}`))),
    r.total > r.events.length ? h("a", { href: "#/?" + qs({ q }) }, "all matching events →") : null,
    h("h2", {}, "People"), h("ul", {}, r.actors.map((a) => h("li", {}, h("a", { href: "#/actor/" + encodeURIComponent(a.id) }, a.name || a.id)))),
    h("h2", {}, "States"), h("ul", {}, r.states.map((x) => h("li", {}, h("a", { href: "#/?" + qs({ country: x.code }) }, `${x.name} (${x.code})`)))));
}

// ---- routing ----
async function route() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query] = raw.split("?");
  const p = new URLSearchParams(query || "");
  const section = path.split("/")[1] || "events";
  document.querySelectorAll("[data-nav]").forEach((a) => a.classList.toggle("active", a.dataset.nav === section || (section === "event" && a.dataset.nav === "events") || (section === "actor" && a.dataset.nav === "actors")));
  try {
    if (path.startsWith("/event/")) await viewEvent(decodeURIComponent(path.slice(7)));
    else if (path.startsWith("/actor/")) await viewActor(decodeURIComponent(path.slice(7)));
    else if (path === "/timeline") await viewTimeline(p);
    else if (path === "/network") await viewNetwork(p);
    else if (path === "/actors") await viewActors(p);
    else if (path === "/search") await viewSearch(p);
    else await viewEvents(p);
  } catch (err) {
    fail(err);
  }
  document.body.dataset.ready = raw; // tests wait for this
}

document.getElementById("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = ev.target.q.value.trim();
  if (q) location.hash = "#/search?" + qs({ q });
});
window.addEventListener("hashchange", route);
api("/api/stats").then((st) => {
  document.getElementById("footer").textContent =
    `${st.canonical_events} events from ${st.documents} documents · ${st.actors} people · ${st.ingest_allowed ? "ingest allowed" : "read-only"}`;
}).catch(() => {});
route();
