/*
 * Searchable selects (dcis.widgets.AutocompleteSelect): each <select data-autocomplete-url>
 * becomes a Tom Select whose options come from the register's autocomplete endpoint as the
 * user types. The endpoint searches (accents and case aside) and applies the access policy;
 * this script only shows its answer. The <select> stays in the form and is what is sent.
 * Without this script, the select offers its current choice and none.
 */
(function () {
  "use strict";

  function enhance(select) {
    const texts = select.dataset;
    const multiple = select.multiple;
    // The ids of the options the endpoint gave for the last search: the only ones shown.
    let found = new Set();
    let latestSearch = 0;
    const more = document.createElement("p");
    more.className = "dcis-autocomplete__more";
    more.hidden = true;
    more.textContent = texts.autocompleteMore;

    const plugins = {};
    if (multiple) {
      plugins.remove_button = { title: texts.autocompleteRemove, label: "×" };
    } else {
      plugins.clear_button = {
        html: function () {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "clear-button";
          button.title = texts.autocompleteRemove;
          button.setAttribute("aria-label", texts.autocompleteRemove);
          button.textContent = "×";
          return button;
        },
      };
    }

    const control = new TomSelect(select, {
      valueField: "id",
      labelField: "text",
      searchField: [],
      maxOptions: null,
      // A choice made closes the suggestions: the list left open would offer what was just
      // chosen no more, and point screen readers at an option gone. Typing opens it again.
      closeAfterSelect: true,
      preload: "focus",
      loadThrottle: 250,
      shouldLoad: function () {
        return true; // an empty search lists the first records
      },
      score: function () {
        return function (option) {
          return found.has(String(option.id)) ? 1 : 0;
        };
      },
      plugins: plugins,
      load: function (query, callback) {
        const search = ++latestSearch;
        const url = new URL(select.dataset.autocompleteUrl, window.location.href);
        url.searchParams.set("q", query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok || !(response.headers.get("Content-Type") || "").startsWith("application/json")) {
              throw new Error(response.status); // signed out, or refused: nothing to offer
            }
            return response.json();
          })
          .then(function (answer) {
            if (search !== latestSearch) {
              callback(); // a later search is on its way
              return;
            }
            found = new Set(answer.results.map((result) => String(result.id)));
            more.hidden = !answer.more;
            control.clearOptions(); // keeps the chosen ones
            callback(answer.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        loading: function (data, escape) {
          return '<div class="loading">' + escape(texts.autocompleteLoading) + "</div>";
        },
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(texts.autocompleteNoResults) + "</div>";
        },
      },
    });
    control.dropdown.appendChild(more);
    // The select is still what the form sends, but people use the control: the select,
    // whose label now names the control, is hidden from assistive technologies.
    select.setAttribute("aria-hidden", "true");

    if (multiple) {
      // Tom Select draws each choice's remove button out of the tab order: put it back, with
      // a name that says which choice it removes, and let Enter or Space press it.
      const reachable = function () {
        control.control.querySelectorAll(".item .remove").forEach(function (remove) {
          if (remove.dataset.reachable) {
            return;
          }
          remove.dataset.reachable = "true";
          const option = control.options[remove.closest(".item").dataset.value] || {};
          remove.tabIndex = 0;
          remove.setAttribute("role", "button");
          remove.setAttribute("aria-label", texts.autocompleteRemove + " : " + (option.text || ""));
          remove.addEventListener("keydown", function (event) {
            if (event.key === "Enter" || event.key === " ") {
              event.preventDefault();
              remove.click();
            }
          });
        });
      };
      reachable();
      control.on("item_add", reachable);
    }

    // What the form says about the field (its error) is said about the control people use.
    for (const name of ["aria-describedby", "aria-invalid", "aria-required"]) {
      if (select.hasAttribute(name)) {
        control.control_input.setAttribute(name, select.getAttribute(name));
      }
    }
  }

  document.querySelectorAll("select[data-autocomplete-url]").forEach(enhance);
})();
