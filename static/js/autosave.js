// Keeps a copy of the follow-up form in this browser while someone writes, so that an expired
// session, a lost connection or a closed tab never eats their text. The copy is dropped once the
// server holds the same text.
(function () {
  "use strict";
  var form = document.getElementById("follow-up-form");
  var textsNode = document.getElementById("ui-text");
  if (!form || !textsNode || !window.localStorage) { return; }
  var texts = JSON.parse(textsNode.textContent);
  var key = "maluppfyllelse:" + form.dataset.autosaveKey;
  var statusLine = form.querySelector(".autosave-status");
  var fields = Array.prototype.filter.call(form.elements, function (el) {
    return el.name && el.name !== "csrfmiddlewaretoken" && el.name !== "version" && el.type !== "submit";
  });

  var versionField = form.elements.namedItem("version");

  function snapshot() {
    var data = {};
    fields.forEach(function (el) { data[el.name] = el.type === "checkbox" ? (el.checked ? "on" : "") : el.value; });
    return data;
  }
  function same(a, b) {
    return fields.every(function (el) { return (a[el.name] || "") === (b[el.name] || ""); });
  }

  var server = snapshot();
  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }

  if (form.dataset.unsaved) {
    // A page the server sent back without saving (an earlier text filled in, a refused save)
    // shows what this browser just sent: it is the newest copy, and still only here.
    localStorage.setItem(key, JSON.stringify({
      savedAt: Date.now(), data: server, version: versionField ? versionField.value : undefined
    }));
  } else if (stored && stored.data && !same(stored.data, server)) {
    var notice = document.createElement("div");
    notice.className = "notice";
    notice.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = texts.restore.replace("%(when)s", new Date(stored.savedAt).toLocaleString(document.documentElement.lang));
    var restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = texts.restoreButton;
    restore.addEventListener("click", function () {
      fields.forEach(function (el) {
        if (!(el.name in stored.data)) { return; }
        if (el.type === "checkbox") { el.checked = stored.data[el.name] === "on"; } else { el.value = stored.data[el.name]; }
      });
      // The copy was written against the version it was opened with: if someone saved since,
      // the server refuses the save and shows both texts instead of overwriting theirs.
      if (versionField && stored.version !== undefined) { versionField.value = stored.version; }
      notice.remove();
      // The restored figures are judged again, like typed ones.
      form.dispatchEvent(new Event("input", { bubbles: true }));
      form.querySelector("textarea").focus();
    });
    var discard = document.createElement("button");
    discard.type = "button";
    discard.textContent = texts.discardButton;
    discard.addEventListener("click", function () { localStorage.removeItem(key); notice.remove(); });
    notice.appendChild(text);
    notice.appendChild(restore);
    notice.appendChild(document.createTextNode(" "));
    notice.appendChild(discard);
    form.parentNode.insertBefore(notice, form);
  } else if (stored) {
    localStorage.removeItem(key);
  }

  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      localStorage.setItem(key, JSON.stringify({
        savedAt: Date.now(), data: snapshot(), version: versionField ? versionField.value : undefined
      }));
      if (statusLine) {
        statusLine.hidden = false;
        statusLine.textContent = texts.kept;
      }
    }, 400);
  });
})();
