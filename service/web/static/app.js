// The pharmacist's page: every answer comes from the public API; nothing is stored in the browser.
"use strict";

const SEVERITY_WORDS = { contraindicated: "Contraindicated", major: "Major", moderate: "Moderate", minor: "Minor" };
const RESULT_WORDS = { incompatible: "Incompatible", "no-data": "No data", conditional: "Conditional", compatible: "Compatible" };
const VERBS = { inhibits: "inhibits", induces: "induces", substrate_of: "substrate of", causes: "causes" };
const TYPE_VERBS = {
  "enzyme-inhibition": ["inhibits", "substrate of"], "enzyme-induction": ["induces", "substrate of"],
  "transporter-inhibition": ["inhibits", "substrate of"], "transporter-induction": ["induces", "substrate of"],
  "additive-effect": ["causes", "causes"],
};

// --- small helpers ------------------------------------------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, { ...options, headers: { Accept: "application/json", ...(options.headers || {}) } });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.detail || `The service answered ${response.status}.`);
  if (data.knowledge_version) document.getElementById("knowledge-version").textContent = data.knowledge_version;
  return data;
}

function showStatus(id, text, isError) {
  const status = document.getElementById(id);
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function inputText(input) {
  return typeof input === "string" ? input : input.name || `${input.system} ${input.code}`;
}

// --- tabs -----------------------------------------------------------------------------------------------------
function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab) => {
    for (const other of tabs) {
      const chosen = other === tab;
      other.setAttribute("aria-selected", String(chosen));
      other.tabIndex = chosen ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !chosen;
    }
    tab.focus();
  };
  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
      if (event.key in moves) {
        event.preventDefault();
        select(tabs[(moves[event.key] + tabs.length) % tabs.length]);
      }
    });
  });
}

// --- autocomplete from /v1/drugs ------------------------------------------------------------------------------
let suggestTimer = null;
function suggestDrugs(text) {
  clearTimeout(suggestTimer);
  if (text.trim().length < 2) return;
  suggestTimer = setTimeout(async () => {
    try {
      const data = await api(`/v1/drugs?q=${encodeURIComponent(text.trim())}&limit=8`);
      const list = document.getElementById("drug-options");
      list.replaceChildren(...data.results.map((r) => el("option", { value: r.name },
        r.matched_name !== r.name ? `${r.matched_name} → ${r.name}` : null)));
    } catch (error) { /* suggestions are a convenience: typing still works without them */ }
  }, 150);
}

// --- check a list ------------------------------------------------------------------------------------------------
const medications = [];

function renderChips() {
  const list = document.getElementById("drug-list");
  list.replaceChildren(...medications.map((name, index) => el("li", { class: "chip" }, name,
    el("button", { type: "button", "aria-label": `Remove ${name}`, onclick: () => { medications.splice(index, 1); renderChips(); } }, "×"))));
}

function addMedications(text) {
  const names = text.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!medications.includes(name)) medications.push(name.slice(0, 200));
  renderChips();
}

function pathGraph(mechanism, names) {
  const [from, middle, to] = mechanism.path.map((step) => names[step] || step);
  const edges = mechanism.edges || [];
  const typical = TYPE_VERBS[mechanism.type] || [(mechanism.type || "").replace(/-/g, " "), ""];
  const describe = (edge, fallback) => (edge
    ? `${VERBS[edge.relation] || edge.relation}${edge.strength ? ` (${edge.strength})` : edge.level ? ` (${edge.level})` : ""}`
    : fallback);
  const first = describe(edges[0], typical[0]);
  const second = describe(edges[1], typical[1]);
  const label = `${from} ${first} ${middle}${second ? `, and ${to} is ${second.replace(/^causes/, "a cause of")} ${middle}` : `, with ${to}`}`;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 640 84");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.classList.add("path-graph");
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text) node.textContent = text;
    svg.append(node);
  };
  const marker = `arrow-${(pathGraph.count = (pathGraph.count || 0) + 1)}`;
  const defs = document.createElementNS(ns, "defs");
  const head = document.createElementNS(ns, "marker");
  for (const [k, v] of Object.entries({ id: marker, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto" })) {
    head.setAttribute(k, v);
  }
  const tip = document.createElementNS(ns, "path");
  tip.setAttribute("d", "M0,0 L10,5 L0,10 z");
  tip.setAttribute("class", "arrow-head");
  head.append(tip);
  defs.append(head);
  svg.append(defs);
  const boxes = [[10, from, "drug"], [245, middle, "mid"], [480, to, "drug"]];
  for (const [x, text, kind] of boxes) {
    add("rect", { x, y: 34, width: 150, height: 40, rx: 8, class: `node ${kind}` });
    add("text", { x: x + 75, y: 59, "text-anchor": "middle", class: "node-label" }, text.length > 20 ? `${text.slice(0, 19)}…` : text);
  }
  add("line", { x1: 162, y1: 54, x2: 243, y2: 54, class: "edge", "marker-end": `url(#${marker})` });
  add("line", { x1: 478, y1: 54, x2: 397, y2: 54, class: "edge", "marker-end": `url(#${marker})` });
  add("text", { x: 203, y: 24, "text-anchor": "middle", class: "edge-label" }, first);
  if (second) add("text", { x: 437, y: 24, "text-anchor": "middle", class: "edge-label" }, second);
  return svg;
}

function renderUnrecognized(container, unrecognized, onPick) {
  if (!unrecognized.length) return;
  container.append(el("section", { class: "unrecognized", "aria-label": "Not recognised" },
    el("h2", {}, "Not recognised, so not checked"),
    el("ul", {}, unrecognized.map((u) => el("li", {},
      el("strong", {}, `“${inputText(u.input)}”`), ` ${u.detail}. `,
      u.suggestions.length ? "Did you mean: " : "No close match.",
      u.suggestions.map((s) => el("button", { type: "button", class: "suggestion", onclick: () => onPick(u.input, s) }, s)))))));
}

function renderReferences(container, references) {
  if (!references.length) return;
  container.append(el("details", { class: "references" }, el("summary", {}, `References (${references.length})`),
    el("ol", {}, references.map((r) => el("li", { id: `ref-${r.id}` }, r.citation)))));
}

function renderCheck(data) {
  const results = document.getElementById("check-results");
  const names = Object.fromEntries(data.medications.map((m) => [m.drug, m.name]));
  results.replaceChildren();
  renderUnrecognized(results, data.unrecognized, (input, suggestion) => {
    const index = medications.indexOf(inputText(input));
    if (index >= 0) medications[index] = suggestion;
    renderChips();
    runCheck();
  });
  const heading = data.interactions.length
    ? `${data.interactions.length} finding${data.interactions.length > 1 ? "s" : ""}, most severe first`
    : "No interactions found among the recognised medications";
  results.append(el("h2", {}, heading));
  if (!data.complete) results.append(el("p", { class: "warning" }, "Incomplete: some inputs were not recognised and were not checked."));
  for (const item of data.interactions) {
    const drugs = item.drugs.map((d) => names[d] || d).join(" + ");
    results.append(el("article", { class: `finding severity-${item.severity}` },
      el("h3", {}, el("span", { class: "badge" }, SEVERITY_WORDS[item.severity]), ` ${drugs}`),
      el("p", { class: "meta" }, `${item.kind.replace(/-/g, " ")} · evidence ${item.evidence}`),
      el("p", {}, item.summary),
      el("p", { class: "todo" }, el("strong", {}, "What to do: "), item.management),
      item.mechanisms.filter((m) => m.path && m.path.length === 3).slice(0, 3).map((m) => pathGraph(m, names)),
      el("p", { class: "refs" }, "References: ", item.refs.map((r, i) => [i ? ", " : "", el("a", { href: `#ref-${r}` }, r)]))));
  }
  if (data.cumulative.length) {
    results.append(el("h2", {}, "Several drugs on one pathway"), el("ul", {}, data.cumulative.map((c) => el("li", {}, c.summary))));
  }
  if (data.not_assessed.length) {
    results.append(el("p", { class: "hint" }, "Not assessed for metabolic interactions: ",
      data.not_assessed.map((n) => names[n.drug] || n.drug).join(", "), "."));
  }
  renderReferences(results, data.references);
}

async function runCheck() {
  if (!medications.length) { showStatus("check-status", "Add at least one medication.", true); return; }
  showStatus("check-status", "Checking…");
  try {
    const data = await api("/v1/interactions/check", { medications });
    renderCheck(data);
    showStatus("check-status", `Checked ${data.medications.length} medication(s) against knowledge ${data.knowledge_version}.`);
  } catch (error) {
    showStatus("check-status", error.message, true);
  }
}

// --- plan IV lines -----------------------------------------------------------------------------------------------
let vehicles = { diluents: [], containers: [] };

function addInfusionRow(drug) {
  const row = document.getElementById("infusion-row").content.firstElementChild.cloneNode(true);
  const diluent = row.querySelector(".inf-diluent");
  for (const d of vehicles.diluents) diluent.append(el("option", { value: d.id }, d.name));
  const input = row.querySelector(".inf-drug");
  input.value = drug || "";
  input.addEventListener("input", () => suggestDrugs(input.value));
  row.querySelector(".remove-infusion").addEventListener("click", () => row.remove());
  document.getElementById("infusions").append(row);
  return row;
}

function infusionsFromForm() {
  return [...document.querySelectorAll("#infusions .infusion")].map((row) => {
    const drug = row.querySelector(".inf-drug").value.trim();
    if (!drug) return null;
    const value = parseFloat(row.querySelector(".inf-value").value);
    const diluent = row.querySelector(".inf-diluent").value;
    if (!(value > 0) && !diluent) return drug;
    const infusion = { drug };
    if (value > 0) infusion.concentration = { value, unit: row.querySelector(".inf-unit").value };
    if (diluent) infusion.diluent = diluent;
    return infusion;
  }).filter(Boolean);
}

// The observation behind a verdict: an incompatible one for an incompatible pair, else the first.
const shown = (verdict) => verdict.observations.find((o) => o.result === verdict.result) || verdict.observations[0];

function renderPlan(data) {
  const results = document.getElementById("lines-results");
  const names = Object.fromEntries(data.medications.map((m) => [m.drug, m.name]));
  const named = (id) => names[id] || id;
  results.replaceChildren();
  renderUnrecognized(results, data.unrecognized, (input, suggestion) => {
    for (const field of document.querySelectorAll("#infusions .inf-drug")) {
      if (field.value.trim() === inputText(input)) field.value = suggestion;
    }
    runPlan();
  });
  const m = data.minimality;
  results.append(el("h2", {}, `${m.lines} line${m.lines === 1 ? "" : "s"}${m.optimal ? " (the fewest possible)" : " (not proven the fewest)"}`),
    el("p", { class: "proof" }, m.explanation));
  results.append(el("ol", { class: "lines" }, data.lines.map((line) => el("li", { class: "line" },
    el("h3", {}, `Line ${line.line}`, el("span", { class: "diluent" }, line.diluent_name ? ` · carrier ${line.diluent_name}` : " · no carrier diluent suits every drug")),
    el("ul", {}, line.drugs.map((d) => el("li", {}, named(d)))),
    line.no_suitable_diluent ? el("p", { class: "warning" }, "No diluent data (or limits unmet) for ",
      line.no_suitable_diluent.map(named).join(", "), ": check the product information.") : null))));
  if (data.kept_apart.length) {
    results.append(el("h2", {}, "Kept apart"),
      el("table", { class: "pairs" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Drugs"), el("th", { scope: "col" }, "Result"), el("th", { scope: "col" }, "Why"))),
        el("tbody", {}, data.kept_apart.map((p) => el("tr", { class: `result-${p.result}` },
          el("td", {}, p.drugs.map(named).join(" + ")),
          el("td", {}, RESULT_WORDS[p.result] + (p.result === "conditional" ? (p.conditions_met === false ? " (not met)" : " (not known)") : "")),
          el("td", {}, p.advice, shown(p) ? el("span", { class: "hint" }, ` ${shown(p).observation}`) : null))))));
  }
  renderReferences(results, data.references);
}

async function runPlan() {
  const drugs = infusionsFromForm();
  if (!drugs.length) { showStatus("lines-status", "Add at least one infusion.", true); return; }
  const body = { drugs, diluents: [...document.querySelectorAll("#carrier-options input:checked")].map((c) => c.value) };
  const hours = parseFloat(document.getElementById("contact-hours").value);
  if (hours > 0) body.contact_hours = hours;
  showStatus("lines-status", "Planning…");
  try {
    const data = await api("/v1/compatibility/plan", body);
    renderPlan(data);
    showStatus("lines-status", `Planned ${data.medications.length} infusion(s) against knowledge ${data.knowledge_version}.`);
  } catch (error) {
    showStatus("lines-status", error.message, true);
  }
}

// --- start ---------------------------------------------------------------------------------------------------------
document.addEventListener("DOMContentLoaded", async () => {
  setupTabs();
  const input = document.getElementById("drug-input");
  input.addEventListener("input", () => suggestDrugs(input.value));
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    if (input.value.trim()) { addMedications(input.value); input.value = ""; } else runCheck();
  });
  input.addEventListener("paste", (event) => {
    const text = event.clipboardData.getData("text");
    if (/[\n,;]/.test(text)) { event.preventDefault(); addMedications(text); }
  });
  document.getElementById("add-drug").addEventListener("click", () => { addMedications(input.value); input.value = ""; input.focus(); });
  document.getElementById("clear-drugs").addEventListener("click", () => {
    medications.length = 0; renderChips(); document.getElementById("check-results").replaceChildren();
  });
  document.getElementById("check-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value.trim()) { addMedications(input.value); input.value = ""; }
    runCheck();
  });
  document.getElementById("lines-form").addEventListener("submit", (event) => { event.preventDefault(); runPlan(); });
  document.getElementById("add-infusion").addEventListener("click", () => addInfusionRow().querySelector(".inf-drug").focus());
  try {
    await api("/v1/knowledge");
    vehicles = await api("/v1/compatibility/vehicles");
  } catch (error) {
    showStatus("check-status", error.message, true);
  }
  document.getElementById("carrier-options").replaceChildren(...vehicles.diluents
    .filter((d) => d.id !== "water-for-injection")
    .map((d) => el("label", { class: "check" }, el("input", { type: "checkbox", value: d.id }), ` ${d.name}`)));
  for (let i = 0; i < 3; i += 1) addInfusionRow();
  document.body.dataset.ready = "true";
});
