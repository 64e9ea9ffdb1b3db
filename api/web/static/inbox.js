// The inbox: uploads with per-file progress, a table that follows processing and uploads live,
// saved views, row selection with bulk actions, j/k rows.
"use strict";

(() => {
  const lang = (document.querySelector('meta[name="lang"]') || {}).content || "vi";
  const LABELS = {
    vi: { queued: "Chờ xử lý", processing: "Đang xử lý", done: "Đã đọc", failed: "Không đọc được",
          sending: "Đang tải lên", duplicate: "đã có sẵn", open: "Mở" },
    en: { queued: "Queued", processing: "Processing", done: "Done", failed: "Failed",
          sending: "Uploading", duplicate: "already stored", open: "Open" },
  }[lang === "en" ? "en" : "vi"];
  const SETTLED = new Set(["done", "failed"]);
  const MAX_PICKED = 200;

  function send(file, bar, note) {
    return new Promise((resolve, reject) => {
      const body = new FormData();
      body.append("files", file, file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/documents");
      xhr.setRequestHeader("X-CSRF-Token",
        (document.querySelector('meta[name="csrf"]') || {}).content || "");
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
      });
      xhr.addEventListener("load", () => {
        let data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        if (xhr.status === 202 && data) { bar.value = 100; resolve(data.documents[0]); return; }
        const detail = data && data.detail;
        reject(new Error(typeof detail === "string" ? detail : `HTTP ${xhr.status}`));
      });
      xhr.addEventListener("error", () => reject(new Error("network")));
      note.textContent = LABELS.sending;
      xhr.send(body);
    });
  }

  // The table body again from the server (same filters, order and page), selection kept.
  let refreshing = null;
  let again = false;
  async function refreshTable() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async () => {
      do {
        again = false;
        const picked = new Set(pickedIds());
        let answer;
        try {
          answer = await fetch(`/inbox/rows${location.search}`, { credentials: "same-origin" });
        } catch (e) { break; }
        if (!answer.ok) break;
        const html = await answer.text();
        document.getElementById("rows").innerHTML = html;
        for (const box of document.querySelectorAll("#rows .pick-row")) {
          box.checked = picked.has(box.value);
        }
        const total = answer.headers.get("X-Total-Count");
        const count = document.getElementById("count");
        if (total !== null && count) {
          count.textContent = count.dataset.label.replace("{n}",
            Number(total).toLocaleString(lang === "en" ? "en-GB" : "vi-VN"));
        }
        picking();
        watchRows();
      } while (again);
      refreshing = null;
    })();
    return refreshing;
  }

  async function follow(id, note, link) {
    for (;;) {
      let data;
      try { data = await congvan.call("GET", `/api/documents/${id}`); } catch (e) {
        note.textContent = e.message; return;
      }
      note.textContent = LABELS[data.status] || data.status;
      note.dataset.status = data.status;
      if (data.error) note.textContent += `: ${data.error.message}`;
      if (SETTLED.has(data.status)) {
        link.hidden = false;
        return data.status;
      }
      await new Promise((r) => setTimeout(r, 700));
    }
  }

  async function upload(event) {
    event.preventDefault();
    const input = document.getElementById("files");
    const list = document.getElementById("uploads");
    const keep = event.target.dataset.keep;
    const jobs = [...input.files].map(async (file) => {
      const item = document.createElement("li");
      const name = document.createElement("span");
      const bar = document.createElement("progress");
      const note = document.createElement("span");
      const link = document.createElement("a");
      name.textContent = file.name;
      bar.max = 100; bar.value = 0;
      note.className = "note";
      link.textContent = LABELS.open; link.hidden = true;
      item.append(name, " ", bar, " ", note, " ", link);
      item.dataset.file = file.name;
      list.prepend(item);
      try {
        const doc = await send(file, bar, note);
        item.dataset.id = doc.id;
        link.href = `/letters/${doc.id}${keep ? "?" + keep : ""}`;
        if (doc.duplicate) name.textContent += ` (${LABELS.duplicate})`;
        refreshTable(); // the new letter is listed at once, queued
        await follow(doc.id, note, link);
        refreshTable(); // and again read: its ref, issuer, subject and flags
      } catch (e) {
        note.textContent = e.message;
        note.dataset.status = "refused";
        item.classList.add("bad");
      }
    });
    input.value = "";
    await Promise.all(jobs);
  }

  // Rows still queued or being read are asked after; one that settles redraws the table.
  let watching = false;
  async function watchRows() {
    if (watching) return;
    watching = true;
    try {
      for (;;) {
        const waiting = [...document.querySelectorAll(
          '#rows tr[data-status="queued"], #rows tr[data-status="processing"]')];
        if (!waiting.length) return;
        let changed = false;
        for (const row of waiting) {
          try {
            const data = await congvan.call("GET", `/api/documents/${row.dataset.id}`);
            if (data.status !== row.dataset.status) changed = true;
          } catch (e) { /* the next round tries again */ }
        }
        if (changed) await refreshTable();
        await new Promise((r) => setTimeout(r, 1500));
      }
    } finally { watching = false; }
  }

  function pickedIds() {
    return [...document.querySelectorAll("#rows .pick-row:checked")].map((b) => b.value);
  }

  // The selection's count, the bulk buttons, the export link and the "all" box follow it.
  function picking() {
    const ids = pickedIds();
    const boxes = [...document.querySelectorAll("#rows .pick-row")];
    const all = document.getElementById("pick-all");
    all.checked = boxes.length > 0 && ids.length === boxes.length;
    all.indeterminate = ids.length > 0 && ids.length < boxes.length;
    document.getElementById("picked").textContent = String(ids.length);
    for (const b of document.querySelectorAll("#bulk button[data-action]")) b.disabled = !ids.length;
    const exported = document.getElementById("bulk-export");
    if (exported) {
      exported.classList.toggle("disabled", !ids.length);
      exported.setAttribute("aria-disabled", ids.length ? "false" : "true");
      exported.href = "/api/export?" + new URLSearchParams(
        { format: "csv", ids: ids.slice(0, MAX_PICKED).join(",") }).toString();
    }
  }

  async function bulk(action) {
    const ids = pickedIds().slice(0, MAX_PICKED);
    const box = document.getElementById("bulk");
    if (!ids.length || !window.confirm(box.dataset.ask.replace("{n}", ids.length))) return;
    let ok = 0;
    let bad = 0;
    for (const id of ids) {
      try { await congvan.call("POST", `/api/documents/${id}/${action}`); ok += 1; } catch (e) {
        bad += 1;
      }
    }
    congvan.toast(box.dataset.done.replace("{ok}", ok).replace("{bad}", bad), bad > 0);
    await refreshTable();
  }

  function viewItem(view, label) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    const drop = document.createElement("button");
    item.dataset.view = view.id;
    link.href = "/inbox" + (view.query ? "?" + view.query : "");
    link.textContent = view.name;
    drop.type = "button"; drop.className = "link delete-view"; drop.dataset.id = view.id;
    drop.textContent = "×"; drop.title = label;
    drop.setAttribute("aria-label", `${label}: ${view.name}`);
    item.append(link, " ", drop);
    return item;
  }

  async function saveView(event) {
    event.preventDefault();
    const form = event.target;
    const input = document.getElementById("view-name");
    const list = document.getElementById("view-list");
    try {
      const view = await congvan.call("POST", "/api/views",
        { name: input.value, query: form.dataset.query });
      const old = list.querySelector(`li[data-view="${CSS.escape(view.id)}"]`);
      const item = viewItem(view, list.dataset.delete);
      if (old) old.replaceWith(item); else list.append(item);
      input.value = "";
      congvan.toast(form.dataset.saved);
    } catch (e) { congvan.toast(e.message, true); }
  }

  async function deleteView(button) {
    try {
      await congvan.call("DELETE", `/api/views/${encodeURIComponent(button.dataset.id)}`);
      button.closest("li").remove();
      congvan.toast(document.getElementById("save-view").dataset.deleted);
    } catch (e) { congvan.toast(e.message, true); }
  }

  function move(step) {
    const rows = [...document.querySelectorAll("#inbox tbody tr[data-id]")];
    if (!rows.length) return;
    const at = rows.indexOf(document.activeElement.closest ? document.activeElement.closest("tr") : null);
    const next = rows[Math.max(0, Math.min(rows.length - 1, at < 0 ? 0 : at + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  // A first page that cannot be drawn (a cut file) leaves its cell empty, not a broken icon.
  document.addEventListener("error", (event) => {
    if (event.target.matches && event.target.matches("td.thumb img")) event.target.hidden = true;
  }, true);

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("upload").addEventListener("submit", upload);
    document.getElementById("filters").addEventListener("submit", (event) => {
      // Empty inputs are left out of the address: no filter, and no "reviewed=" to refuse.
      for (const el of event.target.elements) if (el.name && !el.value) el.disabled = true;
    });
    document.getElementById("save-view").addEventListener("submit", saveView);
    document.getElementById("view-list").addEventListener("click", (event) => {
      const button = event.target.closest("button.delete-view");
      if (button) deleteView(button);
    });
    document.getElementById("pick-all").addEventListener("change", (event) => {
      for (const box of document.querySelectorAll("#rows .pick-row")) box.checked = event.target.checked;
      picking();
    });
    document.getElementById("rows").addEventListener("change", (event) => {
      if (event.target.matches(".pick-row")) picking();
    });
    for (const b of document.querySelectorAll("#bulk button[data-action]")) {
      b.addEventListener("click", () => bulk(b.dataset.action));
    }
    picking();
    watchRows();
    document.addEventListener("keydown", (event) => {
      if (congvan.typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "j") { move(1); event.preventDefault(); }
      else if (event.key === "k") { move(-1); event.preventDefault(); }
      else if (event.key === "x" && document.activeElement.matches("tr[data-id]")) {
        const box = document.activeElement.querySelector(".pick-row");
        box.checked = !box.checked;
        picking();
        event.preventDefault();
      } else if (event.key === "Enter" && document.activeElement.matches("tr[data-id]")) {
        document.activeElement.querySelector("a.open").click();
      }
    });
    document.body.dataset.ready = "1";
  });
})();
