// congvan reviewer pages: what every page shares (JSON calls with the CSRF token, sign-out,
// the "/" key, messages). No framework, no request to any other host.
"use strict";

const congvan = (() => {
  const csrf = () => (document.querySelector('meta[name="csrf"]') || {}).content || "";

  async function call(method, url, body) {
    const headers = { "X-CSRF-Token": csrf() };
    let payload = body;
    if (body !== undefined && !(body instanceof FormData) && typeof body !== "string") {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const answer = await fetch(url, { method, headers, body: payload, credentials: "same-origin" });
    let data = null;
    try { data = await answer.json(); } catch (e) { data = null; }
    if (!answer.ok) {
      const detail = data && data.detail;
      // A 422 of the API lists its problems: each `msg` says why, in Vietnamese.
      const listed = Array.isArray(detail) ? detail.map((d) => d && d.msg).filter(Boolean) : [];
      const message = typeof detail === "string" ? detail
        : listed.length ? listed.join("; ")
        : detail && detail.message ? detail.message : `HTTP ${answer.status}`;
      const error = new Error(message);
      error.status = answer.status;
      error.detail = detail;
      throw error;
    }
    return data;
  }

  function toast(message, bad) {
    const box = document.getElementById("toast");
    if (!box) return;
    box.textContent = message;
    box.className = bad ? "show bad" : "show";
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.className = ""; }, 4000);
  }

  function typing(event) {
    const t = event.target;
    return t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
  }

  document.addEventListener("DOMContentLoaded", () => {
    const out = document.getElementById("sign-out");
    if (out) {
      out.addEventListener("click", async () => {
        try { await call("DELETE", "/api/session"); } finally { location.href = "/signin"; }
      });
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && !typing(event) && !event.ctrlKey && !event.metaKey) {
      const search = document.getElementById("q");
      event.preventDefault();
      if (search) { search.focus(); search.select(); } else { location.href = "/inbox#q"; }
    }
  });

  return { call, toast, typing };
})();
