// Follows queued and running chapter prints without reloading the page: asks the status
// endpoint every few seconds, updates the row and announces the result in the live region,
// so kansliet (also with a screen reader) learns when the PDF is ready or why it failed.
(function () {
  "use strict";
  var table = document.querySelector("table.prints");
  var live = document.getElementById("print-progress");
  if (!table || !window.fetch) { return; }
  var seconds = parseInt(table.dataset.pollSeconds, 10) || 2;

  function pendingRows() {
    return Array.prototype.slice.call(table.querySelectorAll("tr[data-pending='true']"));
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function update(row, data) {
    var state = row.querySelector("[data-role=state]");
    state.textContent = data.state_label;
    state.className = "state state-" + data.state;
    var error = row.querySelector("[data-role=error]");
    error.textContent = data.error || "";
    error.hidden = !data.error;
    // What the server allows (services.can_retry) decides the buttons, here as on the page.
    var retry = row.querySelector("[data-role=retry]");
    if (retry) { retry.hidden = !data.can_retry; }
    var remove = row.querySelector("[data-role=delete]");
    if (remove) { remove.hidden = data.pending && !data.can_retry; }
    if (data.pending) { return; }

    row.dataset.pending = "false";
    // What the finished PDF holds (how many approved follow-ups of how many), counted as it was made.
    var contents = row.querySelector("[data-role=contents]");
    if (contents) { contents.textContent = data.contents || ""; }
    var download = row.querySelector("[data-role=download]");
    download.textContent = "";
    if (data.download_url) {
      download.appendChild(link(data.download_url, "Ladda ned PDF"));
      if (data.docx_url) {
        download.appendChild(document.createElement("br"));
        download.appendChild(link(data.docx_url, data.docx_label));
      }
      var finalise = row.querySelector("[data-role=finalise]");
      if (finalise) { finalise.hidden = false; }
      live.textContent = row.dataset.label + ": PDF:en är klar att ladda ned. " + (data.contents || "");
    } else {
      if (data.fallback_url) {
        download.appendChild(link(data.fallback_url, "Ladda ned senaste lyckade"));
      } else {
        download.textContent = "–";
      }
      live.textContent = row.dataset.label + ": utskriften misslyckades. " + (data.error || "");
    }
  }

  function poll() {
    var rows = pendingRows();
    if (!rows.length) { return; }
    Promise.all(rows.map(function (row) {
      return fetch(row.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) { update(row, data); })
        .catch(function () { /* try again next round; a lost connection is not a failed print */ });
    })).then(function () {
      if (pendingRows().length) { setTimeout(poll, seconds * 1000); }
    });
  }

  if (pendingRows().length) {
    live.textContent = "Utskriften skapas. Sidan meddelar när den är klar.";
    setTimeout(poll, seconds * 1000);
  }
})();
