// The search page (/search/): fetches the search index the build writes,
// and lists the events that match the form as the visitor types. The form's
// state is kept in the query string, so a search can be shared and
// reloaded. Without this script the page still offers links to every tag,
// group, venue and month page.
//
// Text from the calendar is only ever set as text (textContent), never as
// HTML. No eval, no inline script: the site's Content-Security-Policy
// allows neither.
(function () {
  "use strict";

  var form = document.querySelector("form.search[data-index]");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var list = document.getElementById("search-list");
  if (!form || !status || !results || !list || !window.fetch) return;

  var FIELDS = ["q", "tag", "group", "venue", "mode", "from", "to"];
  var DATE = /^\d{4}-\d{2}-\d{2}$/;
  var DAY_MS = 86400000;
  var weekdays = form.getAttribute("data-weekdays").split(",");
  var months = form.getAttribute("data-months").split(",");
  var firstDay = form.getAttribute("data-first-day");
  var shown = parseInt(results.getAttribute("data-shown"), 10) || 100;
  var index = null;
  var statusTimer = null;

  function field(name) {
    return form.elements.namedItem(name);
  }

  function words(element, name) {
    return element.getAttribute("data-" + name) || "";
  }

  // Lowercase, without accents, so "ecrire" finds "Écrire".
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u2019\u2018]/g, "'").toLowerCase();
  }

  function dayOf(text) {
    if (!DATE.test(text)) return null;
    var ms = Date.parse(text + "T00:00:00Z");
    return isNaN(ms) ? null : Math.round(ms / DAY_MS);
  }

  function isoDate(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  // As the site's pages write dates: "Wednesday 6 January 2027".
  function dateLabel(day) {
    var d = new Date(day * DAY_MS);
    var n = d.getUTCDate();
    return weekdays[(d.getUTCDay() + 6) % 7] + " " + (n === 1 ? firstDay : String(n)) +
      " " + months[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  // The form's state into the fields, from the query string.
  function restore() {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var input = field(name);
      var value = params.get(name);
      if (!input || value === null) return;
      if ((name === "from" || name === "to") && !DATE.test(value)) return;
      input.value = value;
      // An unknown choice of a list leaves it on "all".
      if (input.value !== value) input.value = "";
    });
  }

  function state() {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      var input = field(name);
      var value = input ? input.value.trim() : "";
      if (value) params.set(name, value);
    });
    return params;
  }

  // Where an occurrence happens and how it is tagged, from an index entry
  // or from one of its exceptions (`w`).
  function placeOf(data, fields) {
    var venue = fields.v === undefined ? null : data.venues[fields.v];
    return {
      v: fields.v,
      k: fields.k || [],
      o: fields.o || 0,
      inPerson: venue !== null || Boolean(fields.p),
      name: venue ? venue[1] : (fields.p || ""),
      tagNames: (fields.k || []).map(function (k) { return data.tags[k]; })
    };
  }

  function prepare(data) {
    data.events.forEach(function (e) {
      var days = [];
      var day = 0;
      (e.d || []).forEach(function (delta) {
        day += delta;
        days.push(day);
      });
      e.days = days;
      e.cancelled = {};
      (e.c || []).forEach(function (i) { e.cancelled[i] = true; });
      e.length = {};
      (e.n || []).forEach(function (pair) { e.length[pair[0]] = pair[1]; });
      e.end = {};
      (e.e || []).forEach(function (pair) { e.end[pair[0]] = pair[1]; });
      e.own = placeOf(data, e);
      e.moved = {};
      var places = [e.own];
      (e.w || []).forEach(function (pair) {
        e.moved[pair[0]] = placeOf(data, pair[1]);
        places.push(e.moved[pair[0]]);
      });
      e.group = e.g === undefined ? null : data.groups[e.g];
      var text = [e.t, e.group ? e.group[1] : "", e.x || ""];
      places.forEach(function (place) { text.push(place.name, place.tagNames.join(" ")); });
      e.haystack = fold(text.join("\n"));
    });
    return data;
  }

  // The place of the event's occurrence at position i (null: the event's own).
  function placeAt(e, i) {
    return (i !== null && e.moved[i]) || e.own;
  }

  // The last day the occurrence at position i covers.
  function lastDay(e, i) {
    return e.days[i] + (e.length[i] || 1) - 1;
  }

  // Whether the occurrence at position i is over: it ended before the day
  // of the build, or, ending that day, before now. Now is the visitor's
  // clock, or the build's if that is later (a clock set wrong does not
  // bring back what the pages list as past).
  function isOver(e, i) {
    var last = lastDay(e, i);
    if (last !== index.today) return last < index.today;
    var now = Math.max(Date.now() / 1000, index.now || 0);
    return e.end[i] !== undefined && e.end[i] <= now;
  }

  function position(table, slug) {
    for (var i = 0; i < table.length; i++) if (table[i][0] === slug) return i;
    return -1;
  }

  // The events that match, each with the date it is listed with: its
  // first matching date to come, else its last matching date.
  function search(params) {
    var terms = fold(params.get("q") || "").split(/\s+/).map(function (t) {
      return t.replace(/^#/, "");
    }).filter(Boolean);
    var tag = params.get("tag") ? index.tags.indexOf(params.get("tag")) : null;
    var group = params.get("group") ? position(index.groups, params.get("group")) : null;
    var venue = params.get("venue") ? position(index.venues, params.get("venue")) : null;
    var mode = params.get("mode");
    var from = dayOf(params.get("from") || "");
    var to = dayOf(params.get("to") || "");
    var upcoming = [];
    var past = [];
    var fits = function (place) {
      if (tag !== null && place.k.indexOf(tag) < 0) return false;
      if (venue !== null && place.v !== venue) return false;
      if (mode === "online" && !place.o) return false;
      if (mode === "in-person" && !place.inPerson) return false;
      return true;
    };
    index.events.forEach(function (e) {
      if (group !== null && e.g !== group) return;
      for (var t = 0; t < terms.length; t++) if (e.haystack.indexOf(terms[t]) < 0) return;
      // The occurrences that match: within the dates (an event of several
      // days matches on any of them) and, as overrides may move or retag
      // one of them, at the place and with the tags asked for.
      var matching = [];
      e.days.forEach(function (first, i) {
        if (from !== null && lastDay(e, i) < from) return;
        if (to !== null && first > to) return;
        if (fits(placeAt(e, i))) matching.push(i);
      });
      if (matching.length === 0) {
        if (from !== null || to !== null || e.days.length > 0 || !fits(e.own)) return;
        past.push({ event: e, at: null });
        return;
      }
      // To come until it has ended: running now, or later today, counts.
      var next = matching.filter(function (i) { return !isOver(e, i); })[0];
      if (next !== undefined) {
        upcoming.push({ event: e, at: next });
      } else {
        past.push({ event: e, at: matching[matching.length - 1] });
      }
    });
    var day = function (r) { return r.at === null ? -Infinity : r.event.days[r.at]; };
    var byTitle = function (a, b) { return a.event.t < b.event.t ? -1 : a.event.t > b.event.t ? 1 : 0; };
    upcoming.sort(function (a, b) { return day(a) - day(b) || byTitle(a, b); });
    past.sort(function (a, b) { return day(b) - day(a) || byTitle(a, b); });
    return { upcoming: upcoming, past: past };
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function item(result) {
    var e = result.event;
    var cancelled = result.at !== null && e.cancelled[result.at];
    var li = element("li", cancelled ? "result status-cancelled" : "result");
    var title = element("p", "title");
    var link = element("a");
    link.href = index.event_url + e.s + "/";
    // As on the pages: a title in Arabic or Hebrew keeps its own direction.
    var name = element("bdi", "", e.t);
    if (cancelled) link.appendChild(element("del")).appendChild(name);
    else link.appendChild(name);
    title.appendChild(link);
    if (cancelled) {
      title.appendChild(document.createTextNode(" "));
      title.appendChild(element("strong", "badge", words(results, "cancelled")));
    }
    li.appendChild(title);
    var meta = element("p", "meta");
    var parts = [];
    if (result.at !== null) {
      var time = element("time", "", dateLabel(e.days[result.at]));
      time.setAttribute("datetime", isoDate(e.days[result.at]));
      parts.push(time);
    }
    var where = placeAt(e, result.at);
    var place = where.name;
    if (where.o) place = place ? place + " " + words(results, "and-online") : words(results, "online");
    if (place) parts.push(document.createTextNode(place));
    if (e.group) parts.push(document.createTextNode(e.group[1]));
    parts.forEach(function (part, i) {
      if (i > 0) meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(part);
    });
    li.appendChild(meta);
    return li;
  }

  function section(id, heading, found) {
    var part = element("section");
    part.setAttribute("aria-labelledby", id);
    var h = element("h3", "", heading);
    h.id = id;
    part.appendChild(h);
    var ul = element("ul", "results-list");
    found.slice(0, shown).forEach(function (r) { ul.appendChild(item(r)); });
    part.appendChild(ul);
    if (found.length > shown) {
      part.appendChild(element("p", "more", words(results, "cut").replace("{shown}", String(shown))));
    }
    return part;
  }

  function announce(text) {
    clearTimeout(statusTimer);
    // Wait for a pause in the typing, so a screen reader says it once.
    statusTimer = setTimeout(function () { status.textContent = text; }, 400);
  }

  function show(params) {
    var found = search(params);
    var count = found.upcoming.length + found.past.length;
    while (list.firstChild) list.removeChild(list.firstChild);
    if (found.upcoming.length) list.appendChild(section("search-upcoming", words(results, "upcoming"), found.upcoming));
    if (found.past.length) list.appendChild(section("search-past", words(results, "past"), found.past));
    if (count === 0) list.appendChild(element("p", "none", words(status, "none")));
    results.hidden = false;
    announce(count === 0 ? words(status, "none")
      : count === 1 ? words(status, "one") : words(status, "many").replace("{n}", String(count)));
  }

  function update() {
    var params = state();
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "");
    if (address !== window.location.pathname + window.location.search) {
      window.history.replaceState(null, "", address);
    }
    if (index) show(params);
  }

  restore();
  status.textContent = words(status, "searching");
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  window.fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      index = prepare(data);
      show(state());
    })
    .catch(function () {
      clearTimeout(statusTimer);
      status.textContent = words(status, "unavailable");
    });
})();
