// A list's filters stand open beside the table on a wide screen; on a narrow one they stay
// folded above it (as the server drew them) until the reader opens them.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 62em)");
  function follow() {
    document.querySelectorAll("details.dcis-filters").forEach(function (details) {
      if (wide.matches) {
        details.open = true;
      }
    });
  }
  follow();
  wide.addEventListener("change", follow);
})();
