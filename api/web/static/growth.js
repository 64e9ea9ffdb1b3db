// The registry's growth: administrators decide the changes letters propose (beside the clause
// boxed on its page), offer the letters citing a changed instrument for reading again, and add
// instruments the archive cites that the registry lacks.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const page of document.querySelectorAll(".evidence")) {
    page.style.aspectRatio = `${page.dataset.width} / ${page.dataset.height}`;
    for (const box of page.querySelectorAll(".box")) {
      box.style.left = `${box.dataset.left}%`;
      box.style.top = `${box.dataset.top}%`;
      box.style.width = `${box.dataset.width}%`;
      box.style.height = `${box.dataset.height}%`;
    }
  }

  const section = document.getElementById("proposals");
  if (section) {
    const words = section.dataset;
    section.addEventListener("click", async (event) => {
      const button = event.target.closest("button.accept, button.reject");
      if (!button) return;
      const card = button.closest(".proposal");
      const outcome = card.querySelector(".outcome");
      const verb = button.classList.contains("accept") ? "accept" : "reject";
      for (const b of card.querySelectorAll("button")) b.disabled = true;
      try {
        const answer = await congvan.call("POST", `/api/proposals/${button.dataset.id}/${verb}`);
        outcome.textContent = verb === "accept" ? words.accepted : words.rejected;
        card.classList.add(verb === "accept" ? "accepted" : "rejected");
        if (answer.awaits_check) outcome.textContent += ` — ${words.awaits}`;
        if (answer.reread) offer(card, answer.reread);
      } catch (e) {
        for (const b of card.querySelectorAll("button")) b.disabled = false;
        congvan.toast(e.message, true);
      }
    });
  }

  function offer(card, reread) {
    const line = document.createElement("p");
    line.className = "reread";
    line.textContent = section.dataset.offer.replace("{n}", reread.count).replace("{ref}", reread.ref);
    if (reread.count > 0) {
      const go = document.createElement("button");
      go.type = "button";
      go.className = "reread-all";
      go.textContent = section.dataset.reread;
      go.addEventListener("click", async () => {
        go.disabled = true;
        try {
          const done = await congvan.call("POST", reread.reprocess);
          congvan.toast(`${section.dataset.requeued}: ${done.queued}`);
        } catch (e) {
          go.disabled = false;
          congvan.toast(e.message, true);
        }
      });
      line.append(" ", go);
    }
    card.querySelector(".proposal-what").append(line);
  }

  for (const form of document.querySelectorAll("form.add-instrument")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const errors = form.querySelector(".error");
      errors.textContent = "";
      try {
        const data = await congvan.call("POST", "/api/registry", form.querySelector("textarea").value);
        congvan.toast(`${form.dataset.done}: ${data.imported.join(", ")}`);
        setTimeout(() => location.reload(), 600);
      } catch (e) {
        const d = e.detail;
        errors.textContent = d && d.problems
          ? [d.message, ...d.problems.map((p) => `dòng ${p.line}: ${p.message}`)].join("\n") : e.message;
      }
    });
  }
});
