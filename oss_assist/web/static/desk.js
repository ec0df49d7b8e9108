// The web desk's only script: the new-case form's live check. Without it every page
// still works (the check then runs when the form is sent).
(function () {
  "use strict";
  var form = document.querySelector("form[data-check]");
  if (!form) { return; }
  var target = document.getElementById(form.getAttribute("data-target"));
  var timer = null;
  var sent = 0;
  function check() {
    var mine = ++sent;
    var body = new FormData(form);
    fetch(form.getAttribute("data-check"), {method: "POST", body: body, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null && mine === sent) {
          target.innerHTML = html;
          // each message beside its field (as text: it may quote what was typed)
          form.querySelectorAll("[data-msg-for]").forEach(function (el) { el.textContent = ""; });
          target.querySelectorAll("[data-field-messages] li").forEach(function (li) {
            var spot = form.querySelector('[data-msg-for="' + CSS.escape(li.getAttribute("data-path")) + '"]');
            if (spot) { spot.textContent = li.textContent; }
          });
        }
      });
  }
  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(check, 400);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
}());
