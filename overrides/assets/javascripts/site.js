/* Glossary tooltips: keep them inside the viewport, open them with a first tap on touch
   screens (a second tap follows the link), and close them with Escape or a tap elsewhere.
   Hover and keyboard focus open them through CSS alone, so they work without this script. */
(function () {
  "use strict";
  var MARGIN = 8;
  var lastPointer = "mouse";

  function place(term) {
    var tip = term.querySelector(".bp-term__tip");
    if (!tip) return;
    tip.style.left = "0px";
    tip.classList.remove("is-above");
    // Measure where the tip lands by default: a term wrapped over two lines anchors it at
    // the first line's start, which its own bounding box does not tell.
    var start = tip.getBoundingClientRect().left;
    var width = tip.offsetWidth;
    var viewport = document.documentElement.clientWidth;
    var x = Math.max(MARGIN, Math.min(start, viewport - width - MARGIN));
    tip.style.left = x - start + "px";
    var box = term.getBoundingClientRect();
    var below = tip.getBoundingClientRect();
    if (below.bottom > window.innerHeight && box.top - below.height > 0) {
      tip.classList.add("is-above");
    }
  }

  function closeAll(except) {
    document.querySelectorAll(".bp-term.is-open").forEach(function (term) {
      if (term !== except) term.classList.remove("is-open");
    });
  }

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    if (!event.target.closest(".bp-term")) closeAll(null);
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".bp-term__link");
    if (!link || lastPointer !== "touch") return;
    var term = link.parentNode;
    if (term.classList.contains("is-open")) return; // second tap: follow the link
    event.preventDefault();
    closeAll(term);
    term.classList.remove("is-dismissed");
    term.classList.add("is-open");
    place(term);
  });

  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var term = event.target.closest && event.target.closest(".bp-term");
      if (term) place(term);
    });
  });

  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var term = event.target.closest && event.target.closest(".bp-term");
      if (term && !term.contains(event.relatedTarget)) term.classList.remove("is-dismissed");
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".bp-term:hover, .bp-term:focus-within, .bp-term.is-open")
      .forEach(function (term) {
        term.classList.remove("is-open");
        term.classList.add("is-dismissed");
      });
  });
})();

/* Side-by-side view (remembered across pages and languages) and copy-citation buttons. */
(function () {
  "use strict";
  var KEY = "bp-side-by-side";
  var root = document.documentElement;

  function remember(on) {
    try {
      localStorage.setItem(KEY, on ? "1" : "0");
    } catch (error) {}
  }

  function syncToggles() {
    var on = root.classList.contains("bp-sbs");
    document.querySelectorAll(".bp-sbs-toggle").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function toast(message) {
    var note = document.createElement("div");
    note.className = "bp-toast";
    note.setAttribute("role", "status");
    note.textContent = message;
    document.body.appendChild(note);
    setTimeout(function () { note.remove(); }, 2000);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      area.remove();
      (ok ? resolve : reject)();
    });
  }

  function paragraphText(para) {
    var body = para.querySelector(".bp-para__body p, .bp-topic-para__text").cloneNode(true);
    body.querySelectorAll(".bp-term__tip").forEach(function (tip) { tip.remove(); });
    return body.textContent.trim();
  }

  var lastTouch = false;
  document.addEventListener("pointerdown", function (event) {
    lastTouch = event.pointerType === "touch";
  }, true);

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(".bp-sbs-toggle");
    if (toggle) {
      var on = root.classList.toggle("bp-sbs");
      remember(on);
      syncToggles();
      return;
    }
    var cite = event.target.closest && event.target.closest(".bp-cite");
    if (cite) {
      var para = cite.closest(".bp-para, .bp-topic-para");
      var place = cite.getAttribute("data-cite-href");  // a paragraph shown off its own page
      var url = place
        ? new URL(place, location.href).href
        : location.href.split("#")[0].split("?")[0] + "#" + para.id;
      var text = paragraphText(para) + "\n" + cite.getAttribute("data-cite") + " " + url;
      // Material opens the "copy citation" hint on hover and focus, and a tap looks like
      // both, with no leave to close it: on touch screens close it (the toast says it worked).
      if (lastTouch) {
        cite.blur();
        cite.dispatchEvent(new MouseEvent("mouseleave"));
      }
      copyText(text).then(function () {
        cite.classList.add("is-copied");
        setTimeout(function () { cite.classList.remove("is-copied"); }, 1500);
        toast(cite.getAttribute("data-copied"));
      });
    }
  });

  syncToggles();
})();

/* Targets table: sortable columns (tablesort, vendored) and a chapter filter; print button. */
(function () {
  "use strict";
  var table = document.getElementById("bp-targets-table");
  if (table && window.Tablesort) {
    new window.Tablesort(table);
  }
  document.querySelectorAll(".bp-targets-select").forEach(function (select) {
    select.addEventListener("change", function () {
      document.querySelectorAll("#bp-targets-table tbody tr").forEach(function (row) {
        row.hidden = Boolean(select.value) && row.getAttribute("data-chapter") !== select.value;
      });
    });
  });
  document.querySelectorAll(".bp-print").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();

/* The language switcher keeps the reader on the same paragraph: carry the #anchor along. */
document.addEventListener("click", function (event) {
  "use strict";
  var link = event.target.closest && event.target.closest(".md-select__link[hreflang]");
  if (link && location.hash) {
    link.href = link.href.split("#")[0] + location.hash;
  }
}, true);

/* Large text and high contrast (适老化), remembered across pages and languages. */
(function () {
  "use strict";
  var KEY = "bp-reading-mode";
  var root = document.documentElement;
  function sync() {
    var on = root.classList.contains("bp-large");
    document.querySelectorAll(".bp-reading-toggle").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  document.addEventListener("click", function (event) {
    if (!(event.target.closest && event.target.closest(".bp-reading-toggle"))) return;
    var on = root.classList.toggle("bp-large");
    try {
      localStorage.setItem(KEY, on ? "large" : "normal");
    } catch (error) {}
    sync();
  });
  sync();
})();

/* The 404 page's search button opens Material's search (it opens when its box has focus). */
document.addEventListener("click", function (event) {
  "use strict";
  if (!(event.target.closest && event.target.closest(".bp-open-search"))) return;
  var toggle = document.getElementById("__search");
  var box = document.querySelector(".md-search__input");
  if (toggle && !toggle.checked) toggle.click();
  if (box) box.focus();
});

/* Glossary: an entry's renderings, sources and uses are drawn when the reader asks (the page
   stays small on a phone), when a link leads to the entry, and before printing. */
(function () {
  "use strict";
  function details(button) {
    var holder = button.parentElement;
    var shown = holder.nextElementSibling;
    if (shown && shown.classList.contains("bp-gloss__shown")) return shown;
    var template = holder.nextElementSibling;
    if (!template || template.tagName !== "NOSCRIPT") return null;
    shown = document.createElement("div");
    shown.className = "bp-gloss__shown";
    shown.hidden = true;
    /* With scripting on, a <noscript> holds its markup as text: the build's own HTML. */
    shown.innerHTML = template.textContent;
    template.parentNode.replaceChild(shown, template);
    return shown;
  }
  function open(button, on) {
    var shown = details(button);
    if (!shown) return;
    shown.hidden = !on;
    button.setAttribute("aria-expanded", on ? "true" : "false");
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".bp-gloss__toggle");
    if (button) open(button, button.getAttribute("aria-expanded") !== "true");
  });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var term = id && document.getElementById(id);
    if (!term || !term.classList.contains("bp-gloss__term")) return;
    var more = term.nextElementSibling && term.nextElementSibling.nextElementSibling;
    var button = more && more.querySelector(".bp-gloss__toggle");
    if (button) open(button, true);
  }
  window.addEventListener("hashchange", openTarget);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".bp-gloss__toggle").forEach(function (button) {
      open(button, true);
    });
  });
  openTarget();
})();

/* Search on every way text enters the box. Material's search box reads the query on key-up
   only, so text that comes without a key press (pasted, dictated, picked from a phone
   keyboard's candidate bar, inserted by an input method) would wait for the next key. Each
   input event outside an IME composition, the end of a composition, and a paste are passed on
   as the key-up Material listens for. */
(function () {
  "use strict";
  var SELECTOR = "input.md-search__input, input[data-md-component='search-query']";

  function announce(input) {
    input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  }

  document.addEventListener("input", function (event) {
    if (event.isComposing || !event.target.matches || !event.target.matches(SELECTOR)) return;
    announce(event.target);
  }, true);
  document.addEventListener("compositionend", function (event) {
    if (event.target.matches && event.target.matches(SELECTOR)) announce(event.target);
  }, true);
  document.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(SELECTOR)) return;
    setTimeout(function () { announce(input); }, 0);  // after the pasted text is in the box
  }, true);
})();
