// The registry page: administrators add or change instruments, checked line by line: YAML
// typed in the box, or a file (YAML, CSV, or JSON Lines of the state's legal metadata).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("registry-import");
  if (!form) return;
  const errors = document.getElementById("import-errors");
  const picked = document.getElementById("registry-file");
  // What a chosen file is sent as, by its name's ending (the server reads it by this type).
  const types = { jsonl: "application/x-ndjson", csv: "text/csv", yaml: "application/yaml",
                  yml: "application/yaml" };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.textContent = "";
    const file = picked && picked.files.length ? picked.files[0] : null;
    const ending = file ? file.name.split(".").pop().toLowerCase() : "yaml";
    const body = file || document.getElementById("registry-yaml").value;
    const address = ending === "jsonl"
      ? `/api/registry?${new URLSearchParams({ name: file.name })}` : "/api/registry";
    try {
      const answer = await fetch(address, {
        method: "POST", body, credentials: "same-origin",
        headers: { "Content-Type": types[ending] || "application/yaml",
                   "X-CSRF-Token": document.querySelector('meta[name="csrf"]').content },
      });
      const data = await answer.json();
      if (!answer.ok) {
        const lines = (data.problems || []).map((p) => `dòng ${p.line}: ${p.message}`);
        errors.textContent = lines.length ? lines.join("\n") : data.detail;
        return;
      }
      const ids = data.imported;
      const said = ids.length > 5 ? form.dataset.count.replace("{n}", ids.length) : ids.join(", ");
      congvan.toast(`${form.dataset.done}: ${said}`);
      setTimeout(() => location.reload(), 800);
    } catch (e) {
      errors.textContent = e.message;
    }
  });
});
