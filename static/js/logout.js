// Unsaved copies of follow-up texts belong to the person who typed them: logging out removes
// them, so the next person at a shared computer never sees (or restores) someone else's text.
// A session that merely expires keeps them; that is what the copies are for.
(function () {
  "use strict";
  var form = document.querySelector("form.logout");
  if (!form || !window.localStorage) { return; }
  form.addEventListener("submit", function () {
    var keys = [];
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key && key.indexOf("maluppfyllelse:") === 0) { keys.push(key); }
    }
    keys.forEach(function (key) { localStorage.removeItem(key); });
  });
})();
