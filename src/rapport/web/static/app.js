// Rapport web app: the only script besides htmx (no inline scripts: the CSP forbids them).
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // htmx requests carry the CSRF token in a header.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  // Forms that ask before they submit.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Character offset of a point (node, offset) within an element's text.
  function offsetWithin(element, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(element);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  // Selecting words in a turn on the review page codes just that span.
  document.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return;
    }
    var range = selection.getRangeAt(0);
    var text = range.commonAncestorContainer.nodeType === 1
      ? range.commonAncestorContainer.closest("[data-turn-text]")
      : range.commonAncestorContainer.parentElement.closest("[data-turn-text]");
    if (!text) {
      return;
    }
    var row = text.closest("tr");
    var form = row && row.querySelector("form.add");
    if (!form) {
      return;
    }
    var start = offsetWithin(text, range.startContainer, range.startOffset);
    var end = offsetWithin(text, range.endContainer, range.endOffset);
    if (end <= start) {
      return;
    }
    form.querySelector('input[name="char_start"]').value = String(start);
    form.querySelector('input[name="char_end"]').value = String(end);
    form.querySelector(".span-note").textContent =
      "span: “" + text.textContent.slice(start, end) + "”";
  });

  // Keyboard shortcuts on the review page.
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("tr.review-row"));
  }
  function current() {
    return document.querySelector("tr.review-row.focused");
  }
  function focusRow(row) {
    var old = current();
    if (old) {
      old.classList.remove("focused");
    }
    if (row) {
      row.classList.add("focused");
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }
  }
  document.addEventListener("keydown", function (event) {
    if (!document.querySelector("table.review")) {
      return;
    }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || event.ctrlKey ||
        event.metaKey || event.altKey) {
      if (event.key === "Escape" && event.target.blur) {
        event.target.blur();
      }
      return;
    }
    var all = rows();
    var row = current();
    var index = row ? all.indexOf(row) : -1;
    if (event.key === "j") {
      focusRow(all[Math.min(index + 1, all.length - 1)]);
    } else if (event.key === "k") {
      focusRow(all[Math.max(index - 1, 0)]);
    } else if (row && (event.key === "a" || event.key === "r")) {
      var button = row.querySelector('button[data-key="' + event.key + '"]');
      if (button) {
        button.click();
      }
    } else if (row && (event.key === "c" || event.key === "m")) {
      var field = row.querySelector('[data-key="' + event.key + '"]');
      if (field) {
        event.preventDefault();
        field.focus();
      }
    } else {
      return;
    }
    event.preventDefault();
  });

  // Keep the focused row after htmx swaps it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var row = event.detail.target && event.detail.target.closest
      ? document.getElementById(event.detail.target.id) : null;
    if (row && row.classList.contains("review-row")) {
      focusRow(row);
    }
  });
  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("tr.review-row");
    if (row) {
      focusRow(row);
    }
  });

  // The recording, synced with the transcript: a turn's time seeks the player, and the
  // turn being spoken is highlighted while it plays.
  var player = document.getElementById("player");
  if (player) {
    var timed = Array.prototype.slice.call(document.querySelectorAll("tr.turn[data-start]"));
    document.addEventListener("click", function (event) {
      var cell = event.target.closest && event.target.closest("tr.turn[data-start] td.time");
      if (cell) {
        player.currentTime = parseFloat(cell.parentElement.getAttribute("data-start"));
        player.play();
      }
    });
    player.addEventListener("timeupdate", function () {
      var now = player.currentTime;
      var current = null;
      timed.forEach(function (row) {
        if (parseFloat(row.getAttribute("data-start")) <= now) {
          current = row;
        }
        row.classList.remove("playing");
      });
      if (current) {
        current.classList.add("playing");
      }
    });
  }
})();
