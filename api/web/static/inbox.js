// The inbox: uploads with per-file progress, statuses that follow processing live, j/k rows.
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
        await follow(doc.id, note, link);
      } catch (e) {
        note.textContent = e.message;
        note.dataset.status = "refused";
        item.classList.add("bad");
      }
    });
    input.value = "";
    await Promise.all(jobs);
  }

  async function refreshRows() {
    const waiting = [...document.querySelectorAll('#inbox tr[data-status="queued"], #inbox tr[data-status="processing"]')];
    for (const row of waiting) {
      try {
        const data = await congvan.call("GET", `/api/documents/${row.dataset.id}`);
        if (data.status !== row.dataset.status) {
          row.dataset.status = data.status;
          const cell = row.querySelector(".status span");
          cell.className = `status-${data.status}`;
          cell.textContent = LABELS[data.status] || data.status;
        }
      } catch (e) { /* the next round tries again */ }
    }
    if (waiting.length) setTimeout(refreshRows, 1500);
  }

  function move(step) {
    const rows = [...document.querySelectorAll("#inbox tbody tr[data-id]")];
    if (!rows.length) return;
    const at = rows.indexOf(document.activeElement.closest ? document.activeElement.closest("tr") : null);
    const next = rows[Math.max(0, Math.min(rows.length - 1, at < 0 ? 0 : at + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("upload").addEventListener("submit", upload);
    document.getElementById("filters").addEventListener("submit", (event) => {
      // Empty inputs are left out of the address: no filter, and no "reviewed=" to refuse.
      for (const el of event.target.elements) if (el.name && !el.value) el.disabled = true;
    });
    refreshRows();
    document.addEventListener("keydown", (event) => {
      if (congvan.typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "j") { move(1); event.preventDefault(); }
      else if (event.key === "k") { move(-1); event.preventDefault(); }
      else if (event.key === "Enter" && document.activeElement.matches("tr[data-id]")) {
        document.activeElement.querySelector("a.open").click();
      }
    });
    document.body.dataset.ready = "1";
  });
})();
