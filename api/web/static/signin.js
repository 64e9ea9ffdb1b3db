"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("signin");
  const error = document.getElementById("signin-error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    try {
      await congvan.call("POST", "/api/session", {
        name: form.elements.name.value, password: form.elements.password.value,
      });
      location.href = form.dataset.next || "/inbox";
    } catch (e) {
      error.textContent = e.status === 401 ? form.dataset.bad : e.message;
    }
  });
});
