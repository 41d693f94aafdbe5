// The day table: rows added, removed, moved and nested in the page before one save, the re-flowed times in both
// zones shown while typing, and the keyboard moves of a spreadsheet. Without JavaScript the table is a plain form
// (edit the rows, fill the empty row, save or preview) and every per-item page still works.
(function () {
  "use strict";
  var form = document.getElementById("day-table");
  var table = document.getElementById("agenda-table");
  if (!form || !table || !window.fetch || !window.FormData) {
    return;
  }
  var body = table.tBodies[0];
  var status = document.getElementById("reflow-status");
  var blank = body.querySelector("tr.blank-row");
  var template = blank.cloneNode(true);
  var labels = JSON.parse(table.getAttribute("data-labels") || "{}");
  var timer = null;
  var pending = null;

  function rows() {
    return Array.prototype.slice.call(body.rows);
  }

  function field(row, column) {
    return row.querySelector("[data-column='" + column + "']");
  }

  function depth(row) {
    return parseInt(row.getAttribute("data-depth") || "0", 10);
  }

  function isSection(row) {
    var kind = field(row, "kind");
    return kind && kind.value === "section";
  }

  function setDepth(row, value) {
    row.setAttribute("data-depth", String(value));
    row.className = row.className.replace(/\bdepth-\d+\b/, "depth-" + value);
    field(row, "depth").value = String(value);
  }

  // A row with the rows nested below it.
  function block(row) {
    var all = rows();
    var start = all.indexOf(row);
    var end = start + 1;
    while (end < all.length && depth(all[end]) > depth(row)) {
      end += 1;
    }
    return all.slice(start, end);
  }

  // Deepest a row may sit: one below a section above it, else the level of the row above.
  function maxDepth(previous) {
    if (!previous) {
      return 0;
    }
    return depth(previous) + (isSection(previous) ? 1 : 0);
  }

  // Keep every row's depth possible, give fields their index names, number the rows as the agenda will.
  function renumber() {
    var counters = [];
    rows().forEach(function (row, index) {
      var previous = row.previousElementSibling;
      var wanted = Math.min(depth(row), maxDepth(previous));
      if (wanted !== depth(row)) {
        setDepth(row, wanted);
      }
      counters = counters.slice(0, wanted + 1);
      while (counters.length <= wanted) {
        counters.push(0);
      }
      counters[wanted] += 1;
      var number = row.querySelector("th.number");
      number.id = "row-" + index + "-number";
      number.textContent = counters.join(".");
      Array.prototype.forEach.call(row.querySelectorAll("[data-column]"), function (input) {
        var name = "rows-" + index + "-" + input.getAttribute("data-column");
        input.name = name;
        if (input.type !== "hidden") {
          input.id = name;
          var labelled = input.getAttribute("aria-labelledby");
          if (labelled) {
            input.setAttribute("aria-labelledby", labelled.split(" ")[0] + " " + number.id);
          }
        }
      });
    });
  }

  function announce(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function refresh() {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var data = new FormData(form);
    data.set("action", "preview");
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST", body: data, credentials: "same-origin", signal: pending.signal,
      headers: {"Accept": "application/json"}
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(show)
      .catch(function () { /* keep the last times; "Preview the times" still works */ });
  }

  // Times go into the rows' cells in place; only the live region speaks, once, with the summary.
  function show(result) {
    var filled = rows().filter(function (row) { return field(row, "id").value !== "" || rowTyped(row); });
    filled.forEach(function (row, index) {
      var times = result.rows[index] ? result.rows[index].times : [];
      Array.prototype.forEach.call(row.querySelectorAll("td[class^='zone-']"), function (cell, zone) {
        cell.textContent = times[zone] || "–";
      });
    });
    announce(result.summary);
  }

  function rowTyped(row) {
    return ["duration", "title_de", "title_tr", "speakers"].some(function (column) {
      return field(row, column).value.trim() !== "";
    });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  }

  function changed() {
    renumber();
    schedule();
  }

  function addRowAfter(row) {
    var fresh = template.cloneNode(true);
    fresh.classList.remove("blank-row");
    fresh.classList.add("new-item");
    Array.prototype.forEach.call(fresh.querySelectorAll("input[type=text]"), function (input) {
      input.value = "";
    });
    Array.prototype.forEach.call(fresh.querySelectorAll(".field-error, .missing-translation"), function (node) {
      node.remove();
    });
    var after = row ? block(row) : rows();
    var anchor = after.length ? after[after.length - 1] : null;
    body.insertBefore(fresh, anchor ? anchor.nextElementSibling : body.firstChild);
    setDepth(fresh, row ? depth(row) : 0);
    addButtons(fresh);
    changed();
    field(fresh, "duration").focus();
    announce(labels.added || "");
    return fresh;
  }

  function moveUp(row) {
    var moving = block(row);
    var previous = row.previousElementSibling;
    if (!previous) {
      announce(labels.first || "");
      return;
    }
    moving.forEach(function (each) { body.insertBefore(each, previous); });
    if (depth(row) > maxDepth(row.previousElementSibling)) {
      shiftBlock(moving, maxDepth(row.previousElementSibling) - depth(row));
    }
    changed();
  }

  function moveDown(row) {
    var moving = block(row);
    var next = moving[moving.length - 1].nextElementSibling;
    if (!next) {
      announce(labels.last || "");
      return;
    }
    var nextBlock = block(next);
    var after = nextBlock[nextBlock.length - 1];
    moving.slice().reverse().forEach(function (each) { body.insertBefore(each, after.nextElementSibling); });
    changed();
  }

  function shiftBlock(moving, by) {
    moving.forEach(function (each) { setDepth(each, Math.max(0, depth(each) + by)); });
  }

  // Into the section above: the row becomes that section's last item.
  function indent(row) {
    var previous = row.previousElementSibling;
    if (!previous || depth(row) + 1 > maxDepth(previous)) {
      announce(labels.no_section || "");
      return;
    }
    shiftBlock(block(row), 1);
    changed();
    announce(labels.indented || "");
  }

  // Out of its section: the row goes after the section's last item, on the section's level.
  function outdent(row) {
    if (depth(row) === 0) {
      announce(labels.not_in_section || "");
      return;
    }
    var moving = block(row);
    var all = rows();
    var end = all.indexOf(moving[moving.length - 1]) + 1;
    while (end < all.length && depth(all[end]) >= depth(row)) {
      end += 1;
    }
    var before = all[end] || null;
    moving.forEach(function (each) { body.insertBefore(each, before); });
    shiftBlock(moving, -1);
    changed();
    announce(labels.outdented || "");
  }

  function remove(row) {
    var next = block(row).slice(-1)[0].nextElementSibling || row.previousElementSibling;
    block(row).forEach(function (each) { each.remove(); });
    changed();
    announce(labels.removed || "");
    if (next) {
      field(next, "duration").focus();
    }
  }

  function button(text, label, action) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "row-button";
    element.textContent = text;
    element.setAttribute("aria-label", label);
    element.title = label;
    element.addEventListener("click", function (event) {
      var row = event.currentTarget.closest("tr");
      action(row);
      var again = row.isConnected ? row.querySelector("button[data-action='" + text + "']") : null;
      if (again) {
        again.focus();
      }
    });
    element.setAttribute("data-action", text);
    return element;
  }

  function addButtons(row) {
    var cell = row.querySelector("td.row-actions");
    if (!cell || cell.querySelector(".row-buttons")) {
      return;
    }
    var group = document.createElement("span");
    group.className = "row-buttons";
    group.appendChild(button("↑", labels.up, moveUp));
    group.appendChild(button("↓", labels.down, moveDown));
    group.appendChild(button("→", labels.indent, indent));
    group.appendChild(button("←", labels.outdent, outdent));
    group.appendChild(button("✕", labels.remove, remove));
    cell.insertBefore(group, cell.firstChild);
  }

  function focusSameColumn(row, column) {
    if (!row) {
      return;
    }
    var target = field(row, column);
    if (target) {
      target.focus();
      if (target.select) {
        target.select();
      }
    }
  }

  table.addEventListener("keydown", function (event) {
    var input = event.target;
    var column = input.getAttribute && input.getAttribute("data-column");
    if (!column) {
      return;
    }
    var row = input.closest("tr");
    var handled = true;
    if (event.altKey && event.key === "Enter") {
      addRowAfter(row);
    } else if (event.altKey && (event.key === "Delete" || event.key === "Backspace")) {
      remove(row);
    } else if (event.altKey && event.key === "ArrowUp") {
      moveUp(row);
      input.focus();
    } else if (event.altKey && event.key === "ArrowDown") {
      moveDown(row);
      input.focus();
    } else if (event.altKey && event.key === "ArrowRight") {
      indent(row);
      input.focus();
    } else if (event.altKey && event.key === "ArrowLeft") {
      outdent(row);
      input.focus();
    } else if (!event.altKey && !event.ctrlKey && input.tagName === "INPUT" && event.key === "ArrowUp") {
      focusSameColumn(row.previousElementSibling, column);
    } else if (!event.altKey && !event.ctrlKey && input.tagName === "INPUT" && event.key === "ArrowDown") {
      focusSameColumn(row.nextElementSibling, column);
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  // Drag a row by its number; drop it on the upper half of a row to put it before that row, on the lower half to
  // put it after (into a section when dropped on the section's lower half).
  var dragged = null;
  table.addEventListener("dragstart", function (event) {
    var row = event.target.closest && event.target.closest("tr");
    if (!row) {
      return;
    }
    dragged = row;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.querySelector("th.number").textContent);
  });
  function allowDrop(event) {
    if (dragged) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
    }
  }
  table.addEventListener("dragenter", allowDrop);
  table.addEventListener("dragover", allowDrop);
  table.addEventListener("drop", function (event) {
    var target = event.target.closest && event.target.closest("tbody tr");
    if (!dragged || !target || block(dragged).indexOf(target) !== -1) {
      dragged = null;
      return;
    }
    event.preventDefault();
    var moving = block(dragged);
    var box = target.getBoundingClientRect();
    var lower = event.clientY > box.top + box.height / 2;
    var newDepth = depth(target);
    var before = target;
    if (lower) {
      if (isSection(target)) {
        newDepth += 1;
        before = target.nextElementSibling;
      } else {
        var targetBlock = block(target);
        before = targetBlock[targetBlock.length - 1].nextElementSibling;
      }
    }
    moving.forEach(function (each) { body.insertBefore(each, before); });
    shiftBlock(moving, newDepth - depth(dragged));
    dragged = null;
    changed();
    announce(labels.moved || "");
  });

  rows().forEach(function (row) {
    row.querySelector("th.number").setAttribute("draggable", "true");
    addButtons(row);
  });
  var add = document.createElement("button");
  add.type = "button";
  add.textContent = labels.add_row || "+";
  add.addEventListener("click", function () {
    var all = rows();
    addRowAfter(all.length ? all[all.length - 1] : null);
  });
  table.parentNode.parentNode.insertBefore(add, table.parentNode.nextSibling);
  var first = table.querySelector("[autofocus]");
  if (first) {
    first.focus();
    if (first.select) {
      first.select();  // the field the page opens on (or the one a refused save names): typing replaces its value
    }
  }
  document.addEventListener("input", function (event) {
    if (event.target.form === form) {
      schedule();
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.form === form) {
      changed();
    }
  });
}());
