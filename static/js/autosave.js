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

  function snapshot() {
    var data = {};
    fields.forEach(function (el) { data[el.name] = el.value; });
    return data;
  }
  function same(a, b) {
    return fields.every(function (el) { return (a[el.name] || "") === (b[el.name] || ""); });
  }

  var server = snapshot();
  var stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }

  if (stored && stored.data && !same(stored.data, server)) {
    var notice = document.createElement("div");
    notice.className = "notice";
    notice.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = texts.restore.replace("%(when)s", new Date(stored.savedAt).toLocaleString(document.documentElement.lang));
    var restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = texts.restoreButton;
    restore.addEventListener("click", function () {
      fields.forEach(function (el) { if (el.name in stored.data) { el.value = stored.data[el.name]; } });
      notice.remove();
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
      localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), data: snapshot() }));
      if (statusLine) {
        statusLine.hidden = false;
        statusLine.textContent = texts.kept;
      }
    }, 400);
  });
})();
