// A letter: boxes on the page images linked both ways to the fields, citations and flags;
// edit and save, read the text inside a drawn rectangle, confirm, keys; a strip of the pages
// with zoom; notes, the assignee, withdrawing a correction.
"use strict";

(() => {
  const root = document.getElementById("letter");
  const id = root.dataset.id;
  let drawing = null;   // the field whose editor waits for a drawn rectangle
  let lastInput = null; // the editor input a read region goes into

  function place() {
    for (const box of document.querySelectorAll(".page .box")) {
      box.style.left = `${box.dataset.left}%`;
      box.style.top = `${box.dataset.top}%`;
      box.style.width = `${box.dataset.width}%`;
      box.style.height = `${box.dataset.height}%`;
    }
    for (const page of document.querySelectorAll(".page")) {
      page.style.aspectRatio = `${page.dataset.width} / ${page.dataset.height}`;
    }
  }

  function items(target) {
    return document.querySelectorAll(`#panel [data-target="${CSS.escape(target)}"]`);
  }
  function boxes(target) {
    return document.querySelectorAll(`.page .box[data-target="${CSS.escape(target)}"]`);
  }

  function light(target, from) {
    for (const el of document.querySelectorAll(".on")) el.classList.remove("on");
    if (!target) return;
    for (const el of [...items(target), ...boxes(target)]) el.classList.add("on");
    const pages = document.getElementById("pages");
    const panel = document.getElementById("panel");
    if (from === "panel") {
      const box = boxes(target)[0];
      if (box) {
        const top = box.getBoundingClientRect().top - pages.getBoundingClientRect().top;
        if (top < 40 || top > pages.clientHeight - 40) {
          pages.scrollTo({ top: pages.scrollTop + top - pages.clientHeight / 3, behavior: "instant" });
        }
      }
    } else {
      const item = items(target)[0];
      if (item) {
        const top = item.getBoundingClientRect().top - panel.getBoundingClientRect().top;
        if (top < 0 || top > panel.clientHeight - 40) {
          panel.scrollTo({ top: panel.scrollTop + top - 60, behavior: "instant" });
        }
      }
    }
  }

  function open(field) {
    const form = field.querySelector("form.editor");
    if (!form) return null;
    form.hidden = false;
    const first = form.querySelector("input, textarea");
    if (first) { first.focus(); lastInput = first; }
    return form;
  }

  function close(field) {
    const form = field.querySelector("form.editor");
    if (form) form.hidden = true;
    drawing = null;
    root.classList.remove("drawing");
    field.focus();
  }

  // A day typed dd/mm/yyyy (or d/m/yyyy) as the API takes it (yyyy-mm-dd); else as typed.
  function isoDay(text) {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    return m ? `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}` : text;
  }
  const typed = (input, text) => (input.dataset.day ? isoDay(text) : text);

  function valueOf(form) {
    const type = form.dataset.type;
    if (type === "object") {
      const out = {};
      for (const input of form.querySelectorAll("input[data-key]")) {
        out[input.dataset.key] = typed(input, input.value.trim()) || null;
      }
      return Object.values(out).some((v) => v !== null) ? out : null;
    }
    if (type === "list") {
      const area = form.querySelector("textarea");
      return area.value.split("\n").map((s) => typed(area, s.trim())).filter(Boolean);
    }
    const input = form.querySelector("input");
    const text = typed(input, input.value.trim());
    return text || null;
  }

  // The page strip and zoom: the fit width is measured once; zoom sets each page's width
  // from it, and the boxes (placed in %) follow.
  const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3];
  let zoom = 1;
  let fitWidth = 0;
  function setZoom(next) {
    const pages = document.getElementById("pages");
    const sheets = [...document.querySelectorAll(".page")];
    if (!sheets.length) return;
    if (!fitWidth) fitWidth = sheets[0].getBoundingClientRect().width;
    const share = pages.scrollHeight ? pages.scrollTop / pages.scrollHeight : 0;
    zoom = Math.min(Math.max(next, ZOOMS[0]), ZOOMS[ZOOMS.length - 1]);
    pages.classList.toggle("zoomed", zoom !== 1);
    for (const page of sheets) page.style.width = zoom === 1 ? "" : `${Math.round(fitWidth * zoom)}px`;
    pages.scrollTop = share * pages.scrollHeight;
    const level = document.getElementById("zoom-level");
    if (level) level.textContent = `${Math.round(zoom * 100)}%`;
    root.dataset.zoom = String(zoom);
  }
  const zoomIn = () => setZoom(ZOOMS.find((z) => z > zoom + 1e-9) || zoom);
  const zoomOut = () => setZoom([...ZOOMS].reverse().find((z) => z < zoom - 1e-9) || zoom);

  function showPage(number) {
    const page = document.querySelector(`.page[data-page="${CSS.escape(String(number))}"]`);
    const pages = document.getElementById("pages");
    if (!page) return;
    pages.scrollTo({ top: page.offsetTop - pages.offsetTop - 8, behavior: "instant" });
    markThumb(number);
  }
  function markThumb(number) {
    for (const thumb of document.querySelectorAll("#strip .thumb")) {
      thumb.classList.toggle("current", thumb.dataset.page === String(number));
    }
  }
  function followScroll() {
    const pages = document.getElementById("pages");
    const top = pages.getBoundingClientRect().top;
    let shown = null;
    for (const page of document.querySelectorAll(".page")) {
      if (page.getBoundingClientRect().top - top <= pages.clientHeight / 3) shown = page.dataset.page;
    }
    if (shown) markThumb(shown);
  }

  async function act(method, url, body, after) {
    try {
      await congvan.call(method, url, body);
      if (after) sessionStorage.setItem("congvan-toast", after);
      location.reload();
    } catch (e) {
      congvan.toast(`${root.dataset.error}: ${e.message}`, true);
    }
  }

  async function save(field) {
    const form = field.querySelector("form.editor");
    try {
      await congvan.call("PATCH", `/api/documents/${id}/fields/${field.dataset.name}`,
        { value: valueOf(form) });
      sessionStorage.setItem("congvan-focus", field.dataset.target);
      location.reload();
    } catch (e) {
      congvan.toast(`${root.dataset.error}: ${e.message}`, true);
    }
  }

  async function confirmLetter() {
    const button = document.getElementById("confirm");
    if (!button || button.disabled) return;
    try {
      await congvan.call("POST", `/api/documents/${id}/review`);
      sessionStorage.setItem("congvan-toast", root.dataset.confirmed);
      location.reload();
    } catch (e) {
      congvan.toast(`${root.dataset.error}: ${e.message}`, true);
    }
  }

  function startDrawing(field) {
    const form = open(field);
    if (!form) return;
    drawing = field;
    root.classList.add("drawing");
    congvan.toast(root.dataset.regionHint);
  }

  function draw(page) {
    let start = null;
    let rect = null;
    const at = (event) => {
      const r = page.getBoundingClientRect();
      return { x: Math.max(0, Math.min(event.clientX - r.left, r.width)),
               y: Math.max(0, Math.min(event.clientY - r.top, r.height)), w: r.width, h: r.height };
    };
    page.addEventListener("pointerdown", (event) => {
      if (!drawing) return;
      event.preventDefault();
      start = at(event);
      rect = document.createElement("div");
      rect.className = "drawn";
      page.append(rect);
      page.setPointerCapture(event.pointerId);
    });
    page.addEventListener("pointermove", (event) => {
      if (!start) return;
      const p = at(event);
      Object.assign(rect.style, {
        left: `${Math.min(start.x, p.x)}px`, top: `${Math.min(start.y, p.y)}px`,
        width: `${Math.abs(p.x - start.x)}px`, height: `${Math.abs(p.y - start.y)}px`,
      });
    });
    page.addEventListener("pointerup", async (event) => {
      if (!start) return;
      const p = at(event);
      const field = drawing;
      const scale = parseFloat(page.dataset.width) / p.w;
      const bbox = [Math.min(start.x, p.x), Math.min(start.y, p.y),
                    Math.max(start.x, p.x), Math.max(start.y, p.y)].map((v) => +(v * scale).toFixed(2));
      start = null;
      drawing = null;
      root.classList.remove("drawing");
      try {
        const data = await congvan.call("POST",
          `/api/documents/${id}/pages/${page.dataset.page}/region`, { bbox });
        const input = lastInput && field.contains(lastInput) ? lastInput
          : field.querySelector("form.editor input, form.editor textarea");
        if (input) { input.value = data.text; input.focus(); }
      } catch (e) {
        congvan.toast(`${root.dataset.error}: ${e.message}`, true);
      } finally {
        setTimeout(() => rect && rect.remove(), 600);
      }
    });
  }

  function go(ident) {
    if (!ident) return;
    const keep = root.dataset.keep;
    location.href = `/letters/${ident}${keep ? "?" + keep : ""}`;
  }

  document.addEventListener("DOMContentLoaded", () => {
    place();
    const panel = document.getElementById("panel");
    panel.addEventListener("mouseover", (e) => {
      const item = e.target.closest("[data-target]");
      if (item) light(item.dataset.target, "panel");
    });
    panel.addEventListener("focusin", (e) => {
      const item = e.target.closest("[data-target]");
      if (item) light(item.dataset.target, "panel");
      if (e.target.matches("form.editor input, form.editor textarea")) lastInput = e.target;
    });
    const pages = document.getElementById("pages");
    pages.addEventListener("mouseover", (e) => {
      const box = e.target.closest(".box");
      if (box) light(box.dataset.target, "page");
    });
    pages.addEventListener("click", (e) => {
      const box = e.target.closest(".box");
      if (box && !drawing) {
        const item = items(box.dataset.target)[0];
        if (item) item.focus({ preventScroll: true });
        light(box.dataset.target, "page");
      }
    });
    for (const page of document.querySelectorAll(".page")) draw(page);
    for (const thumb of document.querySelectorAll("#strip .thumb")) {
      thumb.addEventListener("click", () => showPage(thumb.dataset.page));
    }
    pages.addEventListener("scroll", followScroll, { passive: true });
    const zoomButtons = { "zoom-in": zoomIn, "zoom-out": zoomOut, "zoom-fit": () => setZoom(1) };
    for (const [ident, run] of Object.entries(zoomButtons)) {
      const button = document.getElementById(ident);
      if (button) button.addEventListener("click", run);
    }
    for (const button of document.querySelectorAll("button.withdraw")) {
      button.addEventListener("click", () => {
        if (window.confirm(root.dataset.withdrawAsk)) act("DELETE", button.dataset.url);
      });
    }
    const noteForm = document.getElementById("note-form");
    if (noteForm) {
      noteForm.addEventListener("submit", (e) => {
        e.preventDefault();
        const body = document.getElementById("note-body").value.trim();
        if (body) act("POST", `/api/documents/${id}/notes`, { body }, root.dataset.noteSaved);
      });
    }
    const assignee = document.getElementById("assignee");
    if (assignee) {
      assignee.addEventListener("change", () => act("PUT", `/api/documents/${id}/assignee`,
        { assignee: assignee.value || null }, root.dataset.assigned));
    }

    for (const field of document.querySelectorAll("#fields .field")) {
      const edit = field.querySelector("button.edit");
      if (edit) edit.addEventListener("click", () => open(field));
      const region = field.querySelector("button.region");
      if (region) region.addEventListener("click", () => startDrawing(field));
      const form = field.querySelector("form.editor");
      if (form) {
        form.addEventListener("submit", (e) => { e.preventDefault(); save(field); });
        form.querySelector("button.cancel").addEventListener("click", () => close(field));
        form.addEventListener("keydown", (e) => {
          if (e.key === "Escape") { e.preventDefault(); close(field); }
          if (e.key === "Enter" && e.target.tagName === "TEXTAREA" && !e.shiftKey) {
            e.preventDefault(); save(field);
          }
        });
      }
    }
    const confirmButton = document.getElementById("confirm");
    if (confirmButton) confirmButton.addEventListener("click", confirmLetter);
    const remove = document.getElementById("delete");
    if (remove) {
      remove.addEventListener("click", async () => {
        if (!window.confirm(remove.dataset.ask)) return;
        try {
          await congvan.call("DELETE", `/api/documents/${id}`);
          location.assign("/inbox" + (root.dataset.keep ? `?${root.dataset.keep}` : ""));
        } catch (e) { congvan.toast(`${root.dataset.error}: ${e.message}`, true); }
      });
    }
    const again = document.getElementById("reprocess");
    if (again) {
      again.addEventListener("click", async () => {
        try {
          await congvan.call("POST", `/api/documents/${id}/reprocess`);
          location.reload();
        } catch (e) { congvan.toast(`${root.dataset.error}: ${e.message}`, true); }
      });
    }

    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (congvan.typing(event)) return;
      const field = document.activeElement && document.activeElement.closest
        ? document.activeElement.closest("#fields .field") : null;
      if (event.key === "j") { event.preventDefault(); go(root.dataset.next); }
      else if (event.key === "k") { event.preventDefault(); go(root.dataset.prev); }
      else if (event.key === "e" && field) { event.preventDefault(); open(field); }
      else if (event.key === "c") { event.preventDefault(); confirmLetter(); }
      else if (event.key === "+" || event.key === "=") { event.preventDefault(); zoomIn(); }
      else if (event.key === "-") { event.preventDefault(); zoomOut(); }
      else if (event.key === "0") { event.preventDefault(); setZoom(1); }
      else if (event.key === "Escape" && drawing) { close(drawing); }
    });

    const wanted = sessionStorage.getItem("congvan-focus");
    if (wanted) {
      sessionStorage.removeItem("congvan-focus");
      const item = items(wanted)[0];
      if (item) { item.focus(); light(wanted, "panel"); }
    }
    const note = sessionStorage.getItem("congvan-toast");
    if (note) { sessionStorage.removeItem("congvan-toast"); congvan.toast(note); }

    // Ready: every page image is drawn and the handlers are in place.
    const images = [...document.querySelectorAll(".page img")];
    Promise.all(images.map((img) => (img.complete ? Promise.resolve()
      : new Promise((r) => { img.addEventListener("load", r); img.addEventListener("error", r); }))))
      .then(() => {
        document.body.dataset.readyMs = String(Math.round(performance.now()));
        document.body.dataset.ready = "1";
      });
  });
})();
