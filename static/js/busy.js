// A form whose work takes a while (an import's preview, its confirmation) says so once sent:
// its buttons are disabled, so that a second click does not send it twice, and a status line
// counts the seconds until the next page arrives.
(function () {
  "use strict";
  document.querySelectorAll("form[data-busy-message]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = form.querySelector("[data-busy-status]");
      var started = Date.now();
      function show() {
        var seconds = Math.floor((Date.now() - started) / 1000);
        status.textContent = form.dataset.busyMessage + " " + seconds + " s";
      }
      // Disabled after the submission has started: a disabled button sends nothing.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
      if (status) {
        status.hidden = false;
        show();
        window.setInterval(show, 1000);
      }
    });
  });
})();
