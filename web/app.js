// The newskg web page: plain DOM code, no library. Text from the store is always put in with
// textContent; only the SVG that our own server draws with Graphviz is inserted as markup.
"use strict";

const state = { base: "", prefixes: [], eventsOffset: 0, eventsKind: "all", graphDrawn: false };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function setStatus(id, message, error) {
  const s = document.getElementById(id);
  s.textContent = message;
  s.classList.toggle("error", !!error);
}

async function fetchJson(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error((await r.text()).trim() || r.statusText);
  return r.json();
}

// ----- entity links ---------------------------------------------------------------------

function isEntity(iri) {
  return state.base && iri.startsWith(state.base + "entity/");
}

function entityHref(iri) {
  return "#entity?iri=" + encodeURIComponent(iri);
}

function entityLink(iri, label) {
  return el("a", { href: entityHref(iri), class: "entity" }, label || iri);
}

// ----- query editor ---------------------------------------------------------------------

function termText(t) {
  if (!t) return "";
  if (t.type === "literal" && t["xml:lang"]) return t.value + " @" + t["xml:lang"];
  return t.value;
}

// An IRI as the prefixed name the query would use (nkg:Appeal), else whole.
function compact(iri) {
  for (const [p, ns] of state.prefixes) {
    const local = iri.startsWith(ns) ? iri.slice(ns.length) : null;
    if (local && (p === "nkr" || !/[/#]/.test(local))) return p + ":" + local;
  }
  return iri;
}

function cell(t) {
  const td = el("td");
  if (t && t.type === "uri") {
    if (isEntity(t.value)) td.append(entityLink(t.value, compact(t.value)));
    else if (/^https?:/.test(t.value)) td.append(el("a", { href: t.value, target: "_blank", rel: "noopener", title: t.value }, compact(t.value)));
    else td.textContent = t.value;
  } else {
    td.textContent = termText(t);
  }
  return td;
}

async function runQuery() {
  const query = document.getElementById("query").value;
  const thead = document.querySelector("#results thead");
  const tbody = document.querySelector("#results tbody");
  const pre = document.getElementById("graph-results");
  thead.replaceChildren();
  tbody.replaceChildren();
  pre.hidden = true;
  setStatus("query-status", "running…");
  const started = performance.now();
  let r;
  try {
    r = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: query,
    });
  } catch (e) {
    setStatus("query-status", "the server does not answer: " + e.message, true);
    return;
  }
  const ms = Math.round(performance.now() - started);
  if (!r.ok) {
    setStatus("query-status", (await r.text()).trim(), true);
    return;
  }
  const truncated = r.headers.get("X-Newskg-Truncated");
  const cut = truncated ? ` (cut at the server's limit of ${truncated})` : "";
  const type = r.headers.get("Content-Type") || "";
  if (!type.includes("json")) {
    pre.textContent = await r.text();
    pre.hidden = false;
    setStatus("query-status", `graph answer in ${ms} ms${cut}`);
    return;
  }
  const data = await r.json();
  if (typeof data.boolean === "boolean") {
    thead.append(el("tr", {}, el("th", {}, "answer")));
    tbody.append(el("tr", {}, el("td", {}, String(data.boolean))));
    setStatus("query-status", `ASK in ${ms} ms`);
    return;
  }
  const vars = data.head.vars;
  thead.append(el("tr", {}, ...vars.map((v) => el("th", {}, v))));
  for (const b of data.results.bindings) tbody.append(el("tr", {}, ...vars.map((v) => cell(b[v]))));
  const n = data.results.bindings.length;
  setStatus("query-status", `${n} row${n === 1 ? "" : "s"} in ${ms} ms${cut}`);
}

// ----- call graph -----------------------------------------------------------------------

async function drawGraph() {
  const form = document.getElementById("graph-form");
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (String(v).trim()) params.set(k, String(v).trim());
  const box = document.getElementById("graph");
  const dot = document.getElementById("graph-dot");
  setStatus("graph-status", "drawing…");
  const r = await fetch("/graph.svg?" + params);
  if (!r.ok) {
    box.replaceChildren();
    setStatus("graph-status", (await r.text()).trim(), true);
    return;
  }
  const type = r.headers.get("Content-Type") || "";
  const body = await r.text();
  if (type.startsWith("image/svg")) {
    const doc = new DOMParser().parseFromString(body, "image/svg+xml");
    const svg = doc.documentElement;
    for (const s of svg.querySelectorAll("script")) s.remove();
    box.replaceChildren(document.importNode(svg, true));
    box.dataset.params = params.toString();
    dot.hidden = true;
    const nodes = box.querySelectorAll("g.node");
    const edges = box.querySelectorAll("g.edge");
    setStatus("graph-status", `${nodes.length} nodes, ${edges.length} edges; click a node for its page`);
    for (const g of nodes) {
      const title = g.querySelector("title");
      const id = title ? title.textContent.trim() : "";
      if (/^(country|person|org|place|role)\//.test(id)) {
        g.addEventListener("click", () => { location.hash = entityHref(state.base + "entity/" + id); });
      }
    }
  } else {
    box.replaceChildren();
    box.dataset.params = params.toString();
    dot.textContent = body;
    dot.hidden = false;
    setStatus("graph-status", r.headers.get("X-Newskg-Message") || "DOT text (Graphviz is not available on the server)");
  }
  state.graphDrawn = true;
}

// ----- events ---------------------------------------------------------------------------

function renderEvent(ev) {
  const meta = el("div", { class: "meta" },
    el("span", { class: "kind" }, ev.kind),
    [ev.date, ev.document, ev.cameo ? "CAMEO " + ev.cameo : "", ev.demands.length ? "demand: " + ev.demands.join(", ") : ""]
      .filter(Boolean).join(" · "));
  if (ev.url) meta.append(" · ", el("a", { href: ev.url, target: "_blank", rel: "noopener" }, "source"));
  const p = el("p", { class: "sentence" });
  for (const s of ev.segments) {
    if (!s.role) { p.append(s.text); continue; }
    const m = el("mark", { class: s.role, title: s.role + (s.ref ? ": " + s.ref : "") });
    if (s.ref && isEntity(s.ref)) m.append(entityLink(s.ref, s.text));
    else m.textContent = s.text;
    p.append(m);
  }
  return el("article", { class: "event " + ev.kind, "data-iri": ev.iri }, meta, p);
}

async function loadEvents(reset) {
  const list = document.getElementById("events");
  if (reset) { state.eventsOffset = 0; list.replaceChildren(); }
  setStatus("events-status", "loading…");
  try {
    const params = new URLSearchParams({ kind: state.eventsKind, offset: state.eventsOffset, limit: 50 });
    const data = await fetchJson("/api/events?" + params);
    for (const ev of data.events) list.append(renderEvent(ev));
    state.eventsOffset += data.events.length;
    document.getElementById("events-more").hidden = !data.more;
    const n = list.children.length;
    setStatus("events-status", `${n} event${n === 1 ? "" : "s"}${data.more ? " (more below)" : ""}`);
  } catch (e) {
    setStatus("events-status", e.message, true);
  }
}

// ----- entities -------------------------------------------------------------------------

async function searchEntities(q) {
  const ul = document.getElementById("entity-list");
  ul.replaceChildren();
  const data = await fetchJson("/api/entities?" + new URLSearchParams({ q: q || "" }));
  for (const x of data) ul.append(el("li", {}, entityLink(x.iri, x.label), ` — ${x.events} event${x.events === 1 ? "" : "s"}`));
  const list = document.getElementById("actor-list");
  if (!q) list.replaceChildren(...data.map((x) => el("option", { value: x.label })));
}

async function showEntity(iri) {
  const title = document.getElementById("entity-title");
  const facts = document.querySelector("#entity-facts tbody");
  const events = document.getElementById("entity-events");
  title.textContent = "…";
  facts.replaceChildren();
  events.replaceChildren();
  document.getElementById("entity-iri").textContent = iri;
  let e;
  try {
    e = await fetchJson("/api/entity?" + new URLSearchParams({ iri }));
  } catch (err) {
    title.textContent = "Unknown entity";
    setStatus("entity-status", err.message, true);
    return;
  }
  title.textContent = e.label;
  const row = (name, ...content) => facts.append(el("tr", {}, el("th", {}, name), el("td", {}, ...content)));
  for (const l of e.labels) row("label" + (l.lang ? " (" + l.lang + ")" : ""), el("span", { class: "label", lang: l.lang }, l.text));
  if (e.types.length) row("type", e.types.join(", "));
  if (e.iso3) row("ISO 3166", e.iso3);
  for (const o of e.offices) row("office", o);
  for (const c of e.countries) row("state", entityLink(c.iri, c.label));
  for (const w of e.wikidata) {
    const q = w.split("/").pop();
    row("Wikidata", el("a", { href: "https://www.wikidata.org/wiki/" + q, target: "_blank", rel: "noopener", class: "wikidata" }, q));
  }
  for (const ev of e.events) events.append(renderEvent(ev));
  setStatus("entity-status", `${e.events.length} event${e.events.length === 1 ? "" : "s"}${e.more_events ? " (the first ones)" : ""}`);
}

// ----- tabs -----------------------------------------------------------------------------

function route() {
  const hash = location.hash.replace(/^#/, "") || "query";
  const [name, rest] = hash.split("?");
  const params = new URLSearchParams(rest || "");
  for (const s of document.querySelectorAll("section.tab")) s.hidden = s.id !== "tab-" + name;
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.tab === name || (name === "entity" && a.dataset.tab === "entities"));
  if (name === "graph") {
    const form = document.getElementById("graph-form");
    for (const [k, v] of params) if (form.elements[k]) form.elements[k].value = v;
    if (!state.graphDrawn || params.toString()) drawGraph();
  } else if (name === "events" && !document.getElementById("events").children.length) {
    loadEvents(true);
  } else if (name === "entities") {
    searchEntities(params.get("q") || "");
  } else if (name === "entity" && params.get("iri")) {
    showEntity(params.get("iri"));
  } else if (name === "query" && params.get("q")) {
    document.getElementById("query").value = params.get("q");
    runQuery();
  }
}

async function init() {
  document.getElementById("run").addEventListener("click", runQuery);
  document.getElementById("query").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); runQuery(); }
  });
  document.getElementById("graph-form").addEventListener("submit", (e) => { e.preventDefault(); drawGraph(); });
  document.getElementById("events-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.eventsKind = new FormData(e.target).get("kind");
    loadEvents(true);
  });
  document.getElementById("events-more").addEventListener("click", () => loadEvents(false));
  document.getElementById("entity-search").addEventListener("submit", (e) => {
    e.preventDefault();
    searchEntities(new FormData(e.target).get("q"));
  });
  try {
    const info = await fetchJson("/api/info");
    state.base = info.base;
    state.prefixes = info.prefixes;
    document.getElementById("server-info").textContent = `limit ${info.limit} rows · timeout ${info.timeout} s`;
    const select = document.getElementById("examples");
    info.examples.forEach((x, i) => select.append(el("option", { value: String(i) }, x.title)));
    select.addEventListener("change", () => {
      const x = info.examples[Number(select.value)];
      if (x) { document.getElementById("query").value = x.query; runQuery(); }
    });
    if (!document.getElementById("query").value) document.getElementById("query").value = info.examples[0].query;
  } catch (e) {
    setStatus("query-status", "cannot reach the server: " + e.message, true);
  }
  searchEntities("").catch(() => {});
  window.addEventListener("hashchange", route);
  route();
}

init();
