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
