// "Förhandsgranska": the goal's row as the chapter prints it, rendered by the server from the text
// and figures typed so far (the print's own row template); nothing is saved.
(function () {
  "use strict";
  var form = document.getElementById("follow-up-form");
  var button = document.getElementById("preview-button");
  var box = document.getElementById("preview");
  var status = document.getElementById("preview-status");
  var textsNode = document.getElementById("ui-text");
  if (!form || !button || !box || !status || !textsNode || !window.fetch) { return; }
  var texts = JSON.parse(textsNode.textContent);
  button.hidden = false;

  // One short line for screen readers (and for a failure), not the whole row read out again.
  function say(message) {
    status.textContent = message;
  }

  button.addEventListener("click", function () {
    say(texts.previewLoading);
    fetch(button.dataset.previewUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) { say(texts.previewFailed); return; }
        box.innerHTML = html;  // the server's rendering: the user's text is escaped there
        say(texts.previewShown);
      })
      .catch(function () { say(texts.previewFailed); });
  });
})();
