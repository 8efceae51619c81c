// Shows, while the enhetschef types, which mätetal are met and which status the goal's rule
// proposes. Mirrors goals/evaluation.py; labels come translated from the page.
(function () {
  "use strict";
  var form = document.getElementById("follow-up-form");
  var textsNode = document.getElementById("ui-text");
  if (!form || !textsNode || !form.dataset.rule) { return; }
  var texts = JSON.parse(textsNode.textContent);
  var box = document.getElementById("proposal");
  var rows = form.querySelectorAll("tr[data-target-kind]");

  // As the server stores it: two decimals, halves rounded away from zero (ROUND_HALF_UP).
  function parseNumber(text) {
    var cleaned = text.replace(/[\s\u00a0\u202f]+/g, "").replace(",", ".").replace(/%$/, "").replace("\u2212", "-");
    var match = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(cleaned);
    if (!match) { return null; }
    var fraction = (match[3] || "") + "000";
    var cents = parseInt(match[2], 10) * 100 + parseInt(fraction.slice(0, 2), 10);
    if (parseInt(fraction.charAt(2), 10) >= 5) { cents += 1; }
    return (match[1] ? -cents : cents) / 100;
  }

  function outcome(row) {
    var kind = row.dataset.targetKind;
    if (kind === "milestone") {
      var reached = row.querySelector("select").value;
      return reached === "" ? "not_measured" : (reached === "yes" ? "met" : "not_met");
    }
    if (kind !== "numeric") { return null; }
    var value = parseNumber(row.querySelector("input").value);
    if (value === null) { return "not_measured"; }
    var target = parseFloat(row.dataset.target);
    var met = { min: value >= target, max: value <= target, exact: value === target }[row.dataset.comparator];
    return met ? "met" : "not_met";
  }

  function update() {
    var judged = [];
    rows.forEach(function (row) {
      var result = outcome(row);
      var cell = row.querySelector(".outcome");
      if (cell) { cell.textContent = result ? texts.outcomes[result] : ""; cell.className = "outcome outcome-" + (result || "none"); }
      if (result) { judged.push(result); }
    });
    var measured = judged.filter(function (r) { return r !== "not_measured"; }).length;
    if (form.dataset.rule === "judgement" || measured === 0) { box.hidden = true; return; }
    var met = judged.filter(function (r) { return r === "met"; }).length;
    var wanted = parseInt(form.dataset.required, 10);
    var required = Math.min(form.dataset.rule === "share" && wanted > 0 ? wanted : judged.length, judged.length);
    var status = met >= required ? "achieved" : (met > 0 ? "partially_achieved" : "not_achieved");
    if (form.dataset.periodKind === "interim") { status = status === "achieved" ? "on_track" : "at_risk"; }
    box.hidden = false;
    box.querySelector(".proposal-status").textContent = texts.statuses[status];
    box.querySelector(".proposal-count").textContent = texts.count.replace("%(met)s", met).replace("%(judged)s", judged.length);
    var chosen = form.querySelector("[name=status]").value;
    var agreeing = { on_track: ["on_track", "achieved"], at_risk: ["at_risk", "partially_achieved", "not_achieved"] }[status] || [status];
    box.querySelector(".proposal-differs").hidden = !chosen || agreeing.indexOf(chosen) !== -1;
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
