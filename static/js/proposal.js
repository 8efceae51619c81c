// Shows, while the enhetschef types, how each mätetal is judged and which status the goal's rule
// proposes. The judging is the server's (one set of rules): the page asks it with the values
// typed so far and shows its answer; nothing is saved.
(function () {
  "use strict";
  var form = document.getElementById("follow-up-form");
  // After a refused save, start where the page says what is wrong.
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
  if (!form || !form.dataset.proposalUrl || !window.fetch) { return; }
  var box = document.getElementById("proposal");
  var timer = null;
  var asked = 0;

  function ask() {
    var number = ++asked;
    fetch(form.dataset.proposalUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (!answer || number !== asked) { return; }  // an older answer, or none: keep what is shown
        box.innerHTML = answer.proposal;
        Object.keys(answer.outcomes).forEach(function (pk) {
          var cell = form.querySelector('[data-outcome-for="' + pk + '"]');
          if (cell) { cell.innerHTML = answer.outcomes[pk]; }
        });
      })
      .catch(function () { /* offline: the page keeps the last judgement it showed */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 300);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
