// The registry page: administrators add or change instruments (YAML, checked line by line).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("registry-import");
  if (!form) return;
  const errors = document.getElementById("import-errors");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.textContent = "";
    const body = document.getElementById("registry-yaml").value;
    try {
      const answer = await fetch("/api/registry", {
        method: "POST", body, credentials: "same-origin",
        headers: { "Content-Type": "application/yaml",
                   "X-CSRF-Token": document.querySelector('meta[name="csrf"]').content },
      });
      const data = await answer.json();
      if (!answer.ok) {
        const d = data.detail;
        errors.textContent = typeof d === "string" ? d
          : [d.message, ...(d.problems || []).map((p) => `dòng ${p.line}: ${p.message}`)].join("\n");
        return;
      }
      congvan.toast(`${form.dataset.done}: ${data.imported.join(", ")}`);
      setTimeout(() => location.reload(), 800);
    } catch (e) {
      errors.textContent = e.message;
    }
  });
});
