// The status page: the cluster's members, its tasks and one task's piece map, read from the JSON API once a second.
// Plain script, no build step. The task shown is the one in the address (#task=<id>), else the newest running one.
"use strict";

const RefreshMs = 1000;
const MaxClientRows = 60;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

async function getJson(path) {
  const answer = await fetch(path, { headers: { Accept: "application/json" } });
  if (!answer.ok) throw new Error(`${path}: ${answer.status}`);
  return answer.json();
}

// "0-41,43" (the piece map's piece sets) as a set of piece numbers.
function pieceSet(ranges) {
  const set = new Set();
  for (const part of (ranges || "").split(",")) {
    if (!part) continue;
    const [from, to] = part.split("-").map(Number);
    for (let p = from; p <= (Number.isNaN(to) || to === undefined ? from : to); p++) set.add(p);
  }
  return set;
}

function selectedTaskId(tasks) {
  const wanted = new URLSearchParams(location.hash.slice(1)).get("task");
  if (wanted) return wanted;
  const running = tasks.filter(t => t.cdnStatus === "RUNNING" || t.cdnStatus === "WAITING");
  const pool = running.length ? running : tasks;
  return pool.length ? pool[pool.length - 1].ID : null;
}

function renderMembers(members) {
  const body = document.querySelector("#members tbody");
  body.replaceChildren(...members.map(m => el("tr", {},
    el("td", {}, m.address),
    el("td", { class: m.status === "Up" ? "good" : "bad" }, m.status),
    el("td", { class: m.reachable ? "good" : "bad" }, m.reachable ? "yes" : "no"),
    el("td", {}, m.upSince || ""),
    el("td", {}, [m.self ? "this replica" : "", m.leader ? "leader" : ""].filter(Boolean).join(", ")))));
}

function renderTasks(tasks, selected) {
  const body = document.querySelector("#tasks tbody");
  body.replaceChildren(...tasks.map(t => el("tr", { class: t.ID === selected ? "selected" : "" },
    el("td", { class: "id" }, el("a", { href: `#task=${t.ID}` }, t.ID.slice(0, 12))),
    el("td", {}, t.taskURL),
    el("td", { class: t.cdnStatus === "FAILED" ? "bad" : t.cdnStatus === "SUCCESS" ? "good" : "" }, t.cdnStatus),
    el("td", {}, `${t.piecesWritten} / ${t.pieceTotal || "?"}`),
    el("td", {}, t.clientCount ?? ""))));
}

function renderPieceMap(map) {
  document.getElementById("task-section").hidden = false;
  document.getElementById("task-id").textContent = map.taskId;
  const total = Math.max(map.pieceTotal, map.piecesWritten);
  document.getElementById("task-summary").textContent =
    `${map.cdnStatus}, ${map.piecesWritten} of ${map.pieceTotal || "?"} pieces copied from the source, ` +
    `${map.clients.length} clients, ${map.supernodeLoad} pieces being served by the supernode`;
  const grid = document.getElementById("grid");
  grid.style.gridTemplateColumns = `max-content repeat(${total}, 10px)`;
  const rows = [];
  const cdn = new Set(Array.from({ length: map.piecesWritten }, (_, i) => i));
  rows.push(row("CDN copy", "cdn", cdn, new Set(), total));
  for (const c of map.clients.slice(0, MaxClientRows)) {
    rows.push(row(c.cid, "client", pieceSet(c.held), new Set(c.running.map(r => r.piece)), total));
  }
  grid.replaceChildren(...rows.flat());
}

function row(label, kind, held, running, total) {
  const cells = [el("span", { class: `row-label ${kind}`, title: label }, label.length > 28 ? label.slice(0, 28) + "…" : label)];
  for (let p = 0; p < total; p++) {
    const state = held.has(p) ? "held" : running.has(p) ? "running" : "missing";
    cells.push(el("span", { class: `cell ${state}`, title: `piece ${p}: ${state}` }));
  }
  return cells;
}

// The task list asks every task of the cluster: read every tenth refresh (and at the start), the rest each second.
const TaskListEvery = 10;
let refreshes = 0;
let tasks = [];

async function refresh() {
  try {
    const [members, list] = await Promise.all([getJson("/api/v1/cluster/members"),
      refreshes++ % TaskListEvery === 0 ? getJson("/api/v1/cluster/tasks") : Promise.resolve(tasks)]);
    tasks = list;
    const selected = selectedTaskId(tasks);
    renderMembers(members);
    renderTasks(tasks, selected);
    if (selected) renderPieceMap(await getJson(`/api/v1/cluster/tasks/${selected}/pieces`));
    document.getElementById("updated").textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    document.getElementById("updated").textContent = `not updated: ${e.message}`;
  }
}

async function loop() {
  await refresh();
  setTimeout(loop, RefreshMs);
}

window.addEventListener("hashchange", refresh);
loop();
