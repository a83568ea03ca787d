/* idlib report: the page's behaviour. Hand-written, no library, no network.
 *
 * Rules kept here:
 * - Data reaches the page only through textContent and attributes, never as markup.
 * - Nothing is counted here: totals are looked up in data.runs, computed in Python by
 *   idlib's own counting rules for every run of whole periods (report/data.py).
 * - A selection is a run of whole periods (months or ISO weeks); select() snaps to them.
 *
 * API (window.idlibReport), documented in docs/report.md:
 *   select(since, until)     select the periods those days fall in; returns selected()
 *   selectPeriods(g, i, j)   select periods i..j of granularity 'month' or 'week'
 *   clear()                  back to every event of the report
 *   selected()               null, or {granularity, first, last, since, until, snapped, events}
 *   totals()                 the totals shown: {events, events_with_figures, vague_reports, deaths, deaths_best_by_side}
 *   granularity(g)           show the timeline by 'month' or 'week'
 *   show(id) / hide()        open or close an event's detail
 *   showPoint(p) / hidePoint()  list the selection's events at a marker's data-point
 *   visibleEvents()          ids of the table's rows, in their order
 */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("idlib-data").textContent);
  var events = data.events;
  var byId = {};
  events.forEach(function (e) { byId[e.id] = e; });
  var colours = {};
  data.types.forEach(function (t) { colours[t.name] = t.colour; });
  var sourceNames = {};
  data.sources.forEach(function (s) { sourceNames[s.id] = s.name; });

  var state = {
    granularity: "month",
    selection: null, // {granularity, first, last, snapped}
    sort: { key: "date", dir: 1 },
    detail: null,
    point: null // the data-point whose events are listed
  };

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, textValue) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (textValue !== undefined && textValue !== null) { node.textContent = String(textValue); }
    return node;
  }

  function svg(tag, attrs, textValue) {
    var node = document.createElementNS(SVGNS, tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    }
    if (textValue !== undefined && textValue !== null) { node.textContent = String(textValue); }
    return node;
  }

  function clearNode(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function fmt(n) { return Number(n).toLocaleString("en-GB"); }

  // ------------------------------------------------------------------ selection

  function periodsOf(g) { return data.periods[g] || []; }

  function inRun(e, sel) {
    var span = e.periods[sel.granularity];
    if (data.exact_dates) { return span[0] >= sel.first && span[1] <= sel.last; }
    return span[0] <= sel.last && span[1] >= sel.first;
  }

  function selectedEvents() {
    if (!state.selection) { return events.slice(); }
    return events.filter(function (e) { return inRun(e, state.selection); });
  }

  function totalsRow() {
    var sel = state.selection;
    if (!sel) { return data.totals; }
    return data.runs[sel.granularity][sel.first][sel.last - sel.first];
  }

  function totalsObject() {
    var row = totalsRow();
    var f = data.totals_fields;
    var out = { deaths: {}, deaths_best_by_side: {} };
    f.forEach(function (name, i) {
      if (name.indexOf("deaths_best_") === 0) { out.deaths_best_by_side[name.slice(12)] = row[i]; }
      else if (name.indexOf("deaths_") === 0) { out.deaths[name.slice(7)] = row[i]; }
      else { out[name] = row[i]; }
    });
    return out;
  }

  function selectedObject() {
    var sel = state.selection;
    if (!sel) { return null; }
    var ps = periodsOf(sel.granularity);
    return {
      granularity: sel.granularity,
      first: sel.first,
      last: sel.last,
      periods: [ps[sel.first].key, ps[sel.last].key],
      since: ps[sel.first].start,
      until: ps[sel.last].end,
      snapped: !!sel.snapped,
      events: selectedEvents().map(function (e) { return e.id; })
    };
  }

  function setSelection(g, first, last, snapped) {
    var n = periodsOf(g).length;
    if (!(first >= 0 && last < n && first <= last)) { throw new RangeError("no such periods: " + first + ".." + last); }
    state.selection = { granularity: g, first: first, last: last, snapped: !!snapped };
    if (state.granularity !== g) { state.granularity = g; drawTimeline(); }
    update();
    return selectedObject();
  }

  var DAY = /^\d{4}-\d{2}-\d{2}$/;

  function exactRun(g, since, until) {
    var ps = periodsOf(g);
    var first = -1, last = -1;
    ps.forEach(function (p, i) {
      if (p.start === since) { first = i; }
      if (p.end === until) { last = i; }
    });
    return first >= 0 && last >= first ? [first, last] : null;
  }

  function select(since, until) {
    if (!DAY.test(String(since)) || !DAY.test(String(until))) { throw new TypeError("give two days as YYYY-MM-DD"); }
    if (since > until) { throw new RangeError(since + " comes after " + until); }
    var other = state.granularity === "month" ? "week" : "month";
    var order = [state.granularity, other];
    for (var k = 0; k < order.length; k++) {
      var run = exactRun(order[k], since, until);
      if (run) { return setSelection(order[k], run[0], run[1], false); }
    }
    // Not whole periods: take every period the days touch (in the timeline's granularity).
    var run2 = coveringRun(state.granularity, since, until);
    if (!run2) { throw new RangeError("no period of the report lies between " + since + " and " + until); }
    return setSelection(state.granularity, run2[0], run2[1], true);
  }

  // The periods of granularity g that the days since..until touch: [first, last, snapped]
  // (snapped when they reach beyond those days), or null when none does.
  function coveringRun(g, since, until) {
    var ps = periodsOf(g);
    var first = -1, last = -1;
    ps.forEach(function (p, i) {
      if (p.end >= since && first < 0) { first = i; }
      if (p.start <= until) { last = i; }
    });
    if (first < 0 || last < first) { return null; }
    return [first, last, ps[first].start !== since || ps[last].end !== until];
  }

  function clearSelection() {
    state.selection = null;
    update();
    return null;
  }

  // ------------------------------------------------------------------ map

  var mapRoot = document.getElementById("map-root");
  var mapView = document.getElementById("map-view");
  var home = mapView.getAttribute("data-home").split(" ").map(Number);
  var view = home.slice();
  var WIDTH = mapRoot.viewBox.baseVal.width;
  var markers = Array.prototype.slice.call(mapView.querySelectorAll(".marker"));

  var regionPoints = Array.prototype.slice.call(mapView.querySelectorAll("rect.region-point"));
  var labels = Array.prototype.slice.call(mapView.querySelectorAll("#labels text.label"));
  var pointReach = {}, pointMarkers = {};
  markers.forEach(function (m) {
    var p = m.getAttribute("data-point");
    (pointMarkers[p] = pointMarkers[p] || []).push(m);
  });

  function applyView() {
    mapView.setAttribute("viewBox", view.map(function (v) { return v.toFixed(2); }).join(" "));
    var s = view[2] / WIDTH;
    Array.prototype.forEach.call(mapView.querySelectorAll("[data-r]"), function (c) {
      c.setAttribute("r", (Number(c.getAttribute("data-r")) * s).toFixed(3));
    });
    regionPoints.forEach(function (r) {
      var half = Number(r.getAttribute("data-half")) * s;
      r.setAttribute("x", (Number(r.getAttribute("data-x")) - half).toFixed(2));
      r.setAttribute("y", (Number(r.getAttribute("data-y")) - half).toFixed(2));
      r.setAttribute("width", (2 * half).toFixed(2));
      r.setAttribute("height", (2 * half).toFixed(2));
    });
    Array.prototype.forEach.call(mapView.querySelectorAll("text.scaled"), function (t) {
      t.setAttribute("font-size", (Number(t.getAttribute("data-size")) * s).toFixed(3));
    });
    placeLabels();
  }

  // What a point's label says (svgmap.label_lines says the same for the first view).
  var REGION_NOTE = "(place not known more precisely)";
  function labelLines(t, n) {
    var name = t.getAttribute("data-name");
    if (t.hasAttribute("data-region") && n) { return [name + ": " + n, REGION_NOTE]; }
    return [n > 1 ? name + " (" + n + ")" : name];
  }

  function setLabel(t, lines) {
    clearNode(t);
    if (lines.length === 1) { t.textContent = lines[0]; return; }
    t.appendChild(svg("tspan", { "class": "line" }, lines[0]));
    for (var k = 1; k < lines.length; k++) { t.appendChild(svg("tspan", { "class": "label-note", dy: "1.1em" }, lines[k])); }
  }

  // Eight spots around a point, tried in order (svgmap._SPOTS).
  var SPOTS = [[1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [1, 1], [-1, -1], [-1, 1]];

  function putLabel(t, spot, gap, size, lines) {
    var x = Number(t.getAttribute("data-x")), y = Number(t.getAttribute("data-y"));
    var sx = spot[0], sy = spot[1];
    var ax = x + sx * gap * (sy ? 0.75 : 1);
    var height = size * (1.1 * (lines - 1) + 1.05);
    var top = sy < 0 ? y - gap * (sx ? 0.75 : 1) - height : sy > 0 ? y + gap * (sx ? 0.75 : 1) : y - height / 2;
    t.setAttribute("x", ax.toFixed(2));
    t.setAttribute("y", (top + 0.8 * size).toFixed(2));
    t.setAttribute("text-anchor", sx > 0 ? "start" : sx < 0 ? "end" : "middle");
    Array.prototype.forEach.call(t.querySelectorAll("tspan.label-note"), function (n) { n.setAttribute("x", ax.toFixed(2)); });
  }

  function overlaps(b, k) { return b.x < k.x + k.width && k.x < b.x + b.width && b.y < k.y + k.height && k.y < b.y + b.height; }

  // Labels of points with events of the selection first (most events first), then cities
  // before villages. Each takes the first of eight spots around its point, offset by its
  // largest marker, that overlaps no label already placed (for a point with events: the spot
  // over the fewest markers of other points); a place without events that finds no free spot
  // is hidden until zooming makes room. No label ever overprints another.
  function placeLabels() {
    var s = view[2] / WIDTH;
    var obstacles = markers.filter(function (m) { return !m.classList.contains("dim"); }).map(function (m) {
      return { point: m.getAttribute("data-point"), box: m.getBBox() };
    });
    var count = new Map();
    labels.forEach(function (t) { count.set(t, ownCount(t)); });
    var order = labels.slice().sort(function (a, b) {
      var na = count.get(a), nb = count.get(b);
      if ((na === 0) !== (nb === 0)) { return na === 0 ? 1 : -1; }
      if (na !== nb) { return nb - na; }
      return Number(a.getAttribute("data-kind-rank")) - Number(b.getAttribute("data-kind-rank")) || Number(a.getAttribute("data-rank")) - Number(b.getAttribute("data-rank"));
    });
    var kept = [];
    order.forEach(function (t) {
      var point = t.getAttribute("data-point");
      var n = count.get(t);
      var lines = labelLines(t, n);
      setLabel(t, lines);
      t.classList.toggle("with-events", n > 0);
      var size = Number(t.getAttribute("data-size")) * s;
      t.setAttribute("font-size", size.toFixed(3));
      var gap = ((pointReach[point] || 1.8) + 3) * s;
      var best = null, fewest = Infinity;
      for (var k = 0; k < SPOTS.length; k++) {
        putLabel(t, SPOTS[k], gap, size, lines.length);
        var b = t.getBBox();
        if (kept.some(function (o) { return overlaps(b, o); })) { continue; }
        var under = obstacles.filter(function (o) { return o.point !== point && overlaps(b, o.box); }).length;
        if (under < fewest) { best = SPOTS[k]; fewest = under; }
        if (!under) { break; }
      }
      var hidden = best === null || (n === 0 && fewest > 0);
      if (!hidden) {
        putLabel(t, best, gap, size, lines.length);
        kept.push(t.getBBox());
      }
      t.setAttribute("visibility", hidden ? "hidden" : "visible");
    });
  }

  // The events of the selection at a label's own place (two places never share a point in
  // practice, but a label counts only the markers of its own place).
  function ownCount(t) {
    var id = t.getAttribute("data-place-id");
    return (pointMarkers[t.getAttribute("data-point")] || []).filter(function (m) {
      return !m.classList.contains("dim") && byId[m.getAttribute("data-event-id")].location.place_id === id;
    }).length;
  }

  function zoom(factor, cx, cy) {
    var w = view[2] * factor, h = view[3] * factor;
    var maxW = home[2] * 4, minW = home[2] / 24;
    if (w > maxW) { factor = maxW / view[2]; }
    if (w < minW) { factor = minW / view[2]; }
    w = view[2] * factor; h = view[3] * factor;
    if (cx === undefined) { cx = view[0] + view[2] / 2; cy = view[1] + view[3] / 2; }
    view = [cx - (cx - view[0]) * factor, cy - (cy - view[1]) * factor, w, h];
    applyView();
  }

  function toMap(evt) {
    var pt = mapView.createSVGPoint();
    pt.x = evt.clientX; pt.y = evt.clientY;
    var m = mapView.getScreenCTM();
    if (!m) { return null; }
    var p = pt.matrixTransform(m.inverse());
    return [p.x, p.y];
  }

  mapRoot.addEventListener("wheel", function (evt) {
    evt.preventDefault();
    var p = toMap(evt);
    if (p) { zoom(evt.deltaY > 0 ? 1.25 : 0.8, p[0], p[1]); }
  }, { passive: false });

  var pan = null;
  mapRoot.addEventListener("pointerdown", function (evt) {
    if (evt.button !== 0) { return; }
    pan = { x: evt.clientX, y: evt.clientY, view: view.slice(), moved: false, target: evt.target };
  });
  mapRoot.addEventListener("pointermove", function (evt) {
    if (!pan) { return; }
    var dx = evt.clientX - pan.x, dy = evt.clientY - pan.y;
    if (!pan.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    if (!pan.moved) { pan.moved = true; mapRoot.setPointerCapture(evt.pointerId); }
    var m = mapView.getScreenCTM();
    if (!m) { return; }
    view = [pan.view[0] - dx / m.a, pan.view[1] - dy / m.d, pan.view[2], pan.view[3]];
    applyView();
  });
  mapRoot.addEventListener("pointerup", function (evt) {
    var p = pan;
    pan = null;
    if (!p) { return; }
    if (p.moved) { mapRoot.releasePointerCapture(evt.pointerId); return; }
    activate(p.target);
  });
  // Enter on a focused marker (they are in the tab order) does what a click does.
  mapRoot.addEventListener("keydown", function (evt) {
    if (evt.key === "Enter" || evt.key === " ") {
      if (activate(evt.target)) { evt.preventDefault(); }
    }
  });

  // A marker or an area's square: one event opens; a point holding several events of the
  // selection lists them all (a click can only reach the marker on top).
  function activate(target) {
    if (!target || !target.getAttribute) { return false; }
    var point = target.getAttribute("data-point");
    var id = target.getAttribute("data-event-id");
    if (!point) { return false; }
    var here = selectedAt(point);
    if (here.length > 1 || (!id && here.length)) { showPoint(point); return true; }
    if (id && byId[id]) { show(id); return true; }
    return false;
  }

  function selectedAt(point) {
    return (pointMarkers[point] || []).filter(function (m) { return !m.classList.contains("dim"); }).map(function (m) { return m.getAttribute("data-event-id"); });
  }
  $("zoom-in").addEventListener("click", function () { zoom(0.67); });
  $("zoom-out").addEventListener("click", function () { zoom(1.5); });
  $("zoom-home").addEventListener("click", function () { view = home.slice(); applyView(); });

  function updateMap(selectedSet) {
    pointReach = {};
    markers.forEach(function (m) {
      var id = m.getAttribute("data-event-id");
      m.classList.toggle("dim", !selectedSet[id]);
      m.classList.toggle("current", state.detail === id);
      if (selectedSet[id]) {
        var p = m.getAttribute("data-point");
        pointReach[p] = Math.max(pointReach[p] || 0, Number(m.getAttribute("data-r")));
      }
    });
    regionPoints.forEach(function (r) { r.classList.toggle("dim", !pointReach[r.getAttribute("data-point")]); });
    placeLabels();
  }

  // ------------------------------------------------------------------ the events of one point

  function pointName(point) {
    var ids = (pointMarkers[point] || []).map(function (m) { return m.getAttribute("data-event-id"); });
    var loc = ids.length ? byId[ids[0]].location : null;
    if (!loc) { return point; }
    return loc.place + (loc.region ? " " + REGION_NOTE : "");
  }

  function showPoint(point) {
    if (!pointMarkers[point]) { throw new RangeError("no marker at " + point); }
    state.point = point;
    drawPoint();
    $("point-events").scrollIntoView({ block: "nearest" });
    return selectedAt(point);
  }

  function drawPoint() {
    var panel = $("point-events");
    if (!state.point) { panel.hidden = true; return; }
    var ids = selectedAt(state.point);
    ids.sort(function (a, b) { var x = byId[a], y = byId[b]; return x.earliest + x.latest + x.id < y.earliest + y.latest + y.id ? -1 : 1; });
    panel.hidden = false;
    panel.setAttribute("data-point", state.point);
    $("point-title").textContent = ids.length + " event" + (ids.length === 1 ? "" : "s") + " at " + pointName(state.point);
    var list = $("point-list");
    clearNode(list);
    ids.forEach(function (id) {
      var e = byId[id];
      var li = el("li", { "data-event-id": id, tabindex: "0" });
      if (state.detail === id) { li.classList.add("current"); }
      li.appendChild(el("span", { "class": "date" }, e.date_label));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", { "class": "what" }, e.sub_type));
      li.appendChild(document.createTextNode(": " + deathsText(e.deaths) + (e.deaths[2] ? " deaths" : "")));
      li.addEventListener("click", function () { show(id); });
      li.addEventListener("keydown", function (evt) { if (evt.key === "Enter") { show(id); } });
      list.appendChild(li);
    });
    if (!ids.length) { list.appendChild(el("li", { "class": "none" }, "none in this selection")); }
  }

  function hidePoint() { state.point = null; drawPoint(); }
  $("point-close").addEventListener("click", hidePoint);

  // ------------------------------------------------------------------ timeline

  // TL_W follows the holder's width (drawTimeline reads it, a resize redraws), so the bars
  // use the whole panel and the text keeps its size.
  var TL_W = 1000, TL_H = 200, TL_MID = 100, TL_LEFT = 48, TL_AXIS = 18;
  var timelineSvg = null, selRect = null, drag = null;

  function periodLabel(p, g) {
    if (g === "month") {
      var m = Number(p.key.slice(5, 7));
      return MONTHS[m - 1] + (m === 1 || p === periodsOf(g)[0] ? " " + p.key.slice(0, 4) : "");
    }
    // A week by the day it starts ("9 Jan"), with the year on the first label and on the
    // first label of each new year.
    var d = p.start, ps = periodsOf(g), i = ps.indexOf(p), prev = i - weekEvery;
    var year = prev < 0 || ps[prev].start.slice(0, 4) !== d.slice(0, 4);
    return Number(d.slice(8, 10)) + " " + MONTHS[Number(d.slice(5, 7)) - 1] + (year ? " " + d.slice(0, 4) : "");
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var weekEvery = 1; // label every weekEvery-th week, so labels do not run into each other

  function drawTimeline() {
    var holder = $("timeline");
    clearNode(holder);
    var g = state.granularity;
    $("by-month").setAttribute("aria-pressed", String(g === "month"));
    $("by-week").setAttribute("aria-pressed", String(g === "week"));
    var ps = periodsOf(g);
    var runs = data.runs[g];
    var f = data.totals_fields;
    var iEvents = f.indexOf("events"), iLow = f.indexOf("deaths_low"), iBest = f.indexOf("deaths_best"), iHigh = f.indexOf("deaths_high");
    TL_W = Math.max(320, Math.round(holder.clientWidth || 1000));
    var root = svg("svg", { id: "timeline-svg", viewBox: "0 0 " + TL_W + " " + (TL_H + TL_AXIS), width: TL_W, height: TL_H + TL_AXIS, role: "img", "aria-label": "Events and deaths per " + g });
    var n = ps.length;
    weekEvery = Math.max(1, Math.ceil(n / Math.max(4, Math.floor((TL_W - TL_LEFT) / 70))));
    var bw = n ? (TL_W - TL_LEFT) / n : 0;
    var maxEvents = 1, maxDeaths = 1;
    ps.forEach(function (p, i) {
      var row = runs[i][0];
      maxEvents = Math.max(maxEvents, row[iEvents]);
      maxDeaths = Math.max(maxDeaths, row[iHigh]);
    });
    var up = TL_MID - 8, down = TL_H - TL_MID - 8;
    root.appendChild(svg("line", { x1: TL_LEFT, x2: TL_W, y1: TL_MID, y2: TL_MID, "class": "tl-axis" }));
    root.appendChild(svg("text", { x: TL_LEFT - 4, y: 12, "class": "tl-scale", "text-anchor": "end" }, fmt(maxEvents)));
    root.appendChild(svg("text", { x: TL_LEFT - 4, y: TL_MID - 4, "class": "tl-scale", "text-anchor": "end" }, "events"));
    root.appendChild(svg("text", { x: TL_LEFT - 4, y: TL_MID + 14, "class": "tl-scale", "text-anchor": "end" }, "deaths"));
    root.appendChild(svg("text", { x: TL_LEFT - 4, y: TL_H - 2, "class": "tl-scale", "text-anchor": "end" }, fmt(maxDeaths)));
    ps.forEach(function (p, i) {
      var row = runs[i][0];
      var x = TL_LEFT + i * bw;
      var group = svg("g", { "class": "tl-period", "data-period": p.key, "data-index": i });
      group.appendChild(svg("rect", { x: x, y: 0, width: bw, height: TL_H, "class": "tl-hit" }));
      var he = row[iEvents] / maxEvents * up;
      group.appendChild(svg("rect", { x: x + bw * 0.12, y: TL_MID - he, width: bw * 0.76, height: he, "class": "tl-events" }));
      var hb = row[iBest] / maxDeaths * down;
      group.appendChild(svg("rect", { x: x + bw * 0.12, y: TL_MID, width: bw * 0.76, height: hb, "class": "tl-deaths" }));
      if (row[iHigh] > row[iLow]) {
        // The low–high range: a framed band a little wider than the bar, at least 3 px tall,
        // so that a range of a few deaths still shows.
        var yl = TL_MID + row[iLow] / maxDeaths * down, yh = TL_MID + row[iHigh] / maxDeaths * down;
        if (yh - yl < 3) { yl = (yl + yh) / 2 - 1.5; yh = yl + 3; }
        group.appendChild(svg("rect", { x: x + bw * 0.06, y: yl, width: bw * 0.88, height: yh - yl, "class": "tl-range" }));
      }
      group.appendChild(svg("title", null, p.key + " (" + p.start + " to " + p.end + "): " + fmt(row[iEvents]) + " events, deaths best " + fmt(row[iBest]) + " (low " + fmt(row[iLow]) + ", high " + fmt(row[iHigh]) + ")"));
      var every = g === "month" ? 1 : weekEvery;
      if (i % every === 0) {
        // A label too near the right edge ends at it rather than being cut off.
        var nearEnd = x + bw / 2 + 36 > TL_W;
        group.appendChild(svg("text", { x: nearEnd ? TL_W - 2 : x + bw / 2, y: TL_H + 13, "class": "tl-label", "text-anchor": nearEnd ? "end" : "middle" }, periodLabel(p, g)));
      }
      root.appendChild(group);
    });
    selRect = svg("rect", { x: 0, y: 0, width: 0, height: TL_H, "class": "tl-selection", visibility: "hidden" });
    root.appendChild(selRect);
    holder.appendChild(root);
    timelineSvg = root;
    root.addEventListener("pointerdown", function (evt) {
      var i = indexAt(evt);
      if (i === null) { return; }
      drag = { start: i, end: i };
      root.setPointerCapture(evt.pointerId);
      drawSelectionRect(i, i);
    });
    root.addEventListener("pointermove", function (evt) {
      if (!drag) { return; }
      var i = indexAt(evt);
      if (i === null) { return; }
      drag.end = i;
      drawSelectionRect(Math.min(drag.start, i), Math.max(drag.start, i));
    });
    root.addEventListener("pointerup", function (evt) {
      if (!drag) { return; }
      root.releasePointerCapture(evt.pointerId);
      var a = Math.min(drag.start, drag.end), b = Math.max(drag.start, drag.end);
      drag = null;
      setSelection(state.granularity, a, b, false);
    });
    markTimeline();
  }

  function indexAt(evt) {
    var n = periodsOf(state.granularity).length;
    if (!n || !timelineSvg) { return null; }
    var pt = timelineSvg.createSVGPoint();
    pt.x = evt.clientX; pt.y = evt.clientY;
    var m = timelineSvg.getScreenCTM();
    if (!m) { return null; }
    var x = pt.matrixTransform(m.inverse()).x;
    var i = Math.floor((x - TL_LEFT) / ((TL_W - TL_LEFT) / n));
    return Math.max(0, Math.min(n - 1, i));
  }

  function drawSelectionRect(a, b) {
    var n = periodsOf(state.granularity).length;
    var bw = (TL_W - TL_LEFT) / n;
    selRect.setAttribute("x", TL_LEFT + a * bw);
    selRect.setAttribute("width", (b - a + 1) * bw);
    selRect.setAttribute("visibility", "visible");
  }

  function markTimeline() {
    if (!selRect) { return; }
    var sel = state.selection;
    if (sel && sel.granularity === state.granularity) { drawSelectionRect(sel.first, sel.last); }
    else { selRect.setAttribute("visibility", "hidden"); }
  }

  // Switching between months and weeks keeps the selection: it becomes the periods of the
  // other granularity that cover the same days (widened, and said so, when they do not fit).
  function setGranularity(g) {
    var sel = state.selection;
    state.granularity = g;
    if (sel && sel.granularity !== g) {
      var ps = periodsOf(sel.granularity);
      var run = coveringRun(g, ps[sel.first].start, ps[sel.last].end);
      drawTimeline();
      if (run) { setSelection(g, run[0], run[1], run[2]); } else { clearSelection(); }
      return;
    }
    drawTimeline();
  }

  $("by-month").addEventListener("click", function () { setGranularity("month"); });
  $("by-week").addEventListener("click", function () { setGranularity("week"); });
  var lastWidth = 0;
  window.addEventListener("resize", function () {
    var w = Math.round($("timeline").clientWidth);
    if (w !== lastWidth) { lastWidth = w; drawTimeline(); }
  });
  $("clear-selection").addEventListener("click", clearSelection);

  // ------------------------------------------------------------------ totals

  function drawTotals() {
    var t = totalsObject();
    var sel = selectedObject();
    var label = $("selection-label");
    if (sel) {
      var what = sel.periods[0] === sel.periods[1] ? sel.periods[0] : sel.periods[0] + " to " + sel.periods[1];
      label.textContent = "Selected: " + what + " (" + sel.since + " to " + sel.until + ")" +
        (sel.snapped ? "; the days asked for were widened to whole " + sel.granularity + "s" : "");
    } else {
      label.textContent = "Every event of the report (no period selected).";
    }
    var list = $("totals-list");
    clearNode(list);
    function item(name, value) { list.appendChild(el("dt", null, name)); list.appendChild(el("dd", null, value)); }
    item("Events", fmt(t.events) + " (" + fmt(t.events_with_figures) + " with countable figures)");
    item("Deaths, best", fmt(t.deaths.best));
    item("Deaths, low–high", fmt(t.deaths.low) + "–" + fmt(t.deaths.high));
    var sides = Object.keys(t.deaths_best_by_side).filter(function (s) { return t.deaths_best_by_side[s] > 0; });
    item("Deaths by side of those killed (best)", sides.length ? sides.map(function (s) { return s + " " + fmt(t.deaths_best_by_side[s]); }).join(", ") : "none");
    item("Vague reports", fmt(t.vague_reports) + " not counted");
    // Every filter of the report; a selection's own --since/--until replace its dates.
    var cmd = sel ? data.casualties_command_base + " --since " + sel.since + " --until " + sel.until : data.casualties_command;
    $("totals-command").textContent = "Same as: " + cmd;
  }

  // ------------------------------------------------------------------ unplaced list

  function drawUnplaced(selectedSet) {
    var list = $("unplaced-list");
    clearNode(list);
    var shown = 0;
    events.forEach(function (e) {
      if (e.location.latitude !== null || !selectedSet[e.id]) { return; }
      var li = el("li", { "data-event-id": e.id, tabindex: "0" });
      li.appendChild(el("span", { "class": "date" }, e.date_label));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", { "class": "place" }, e.places.join(", ")));
      li.appendChild(document.createTextNode(": "));
      li.appendChild(el("span", { "class": "what" }, e.sub_type));
      if (e.location.reason) { li.appendChild(el("span", { "class": "reason" }, " (" + e.location.reason + ")")); }
      li.addEventListener("click", function () { show(e.id); });
      li.addEventListener("keydown", function (evt) { if (evt.key === "Enter") { show(e.id); } });
      list.appendChild(li);
      shown += 1;
    });
    if (!shown) { list.appendChild(el("li", { "class": "none" }, "none in this selection")); }
  }

  // ------------------------------------------------------------------ table

  function fill(select, items) {
    items.forEach(function (it) { select.appendChild(el("option", { value: it[0] }, it[1])); });
  }
  fill($("filter-type"), data.types.map(function (t) { return [t.name, t.name]; }));
  fill($("filter-side"), data.sides.map(function (s) { return [s, s]; }));
  fill($("filter-source"), data.sources.map(function (s) { return [s.id, s.name]; }));

  function folded(s) {
    return String(s).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/['’ʼ`-]/g, "").toLowerCase();
  }
  events.forEach(function (e) {
    e._search = folded([e.id, e.summary, e.places.join(" "), e.sub_type, e.type, e.actors.map(function (a) { return a.name; }).join(" ")].join(" "));
  });

  function sortValue(e, key) {
    if (key === "date") { return e.earliest + e.latest + e.id; }
    if (key === "place") { return folded(e.places[0] || ""); }
    if (key === "type") { return e.type + " " + e.sub_type; }
    if (key === "deaths") { return e.deaths[1]; }
    if (key === "sources") { return e.sources.length ? folded(e.sources.map(function (s) { return sourceNames[s] || s; }).join(", ")) : "~"; }
    return e.id;
  }

  function tableRows(selected) {
    var text = folded($("filter-text").value.trim());
    var type = $("filter-type").value, side = $("filter-side").value, source = $("filter-source").value;
    var rows = selected.filter(function (e) {
      if (text && e._search.indexOf(text) < 0) { return false; }
      if (type && e.type !== type) { return false; }
      if (side && e.sides.indexOf(side) < 0) { return false; }
      if (source && e.sources.indexOf(source) < 0) { return false; }
      return true;
    });
    var key = state.sort.key, dir = state.sort.dir;
    rows.sort(function (a, b) {
      var va = sortValue(a, key), vb = sortValue(b, key);
      if (va < vb) { return -dir; }
      if (va > vb) { return dir; }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
    return rows;
  }

  function deathsText(d) {
    if (!d[2]) { return "–"; }
    return d[0] === d[2] ? fmt(d[1]) : fmt(d[1]) + " (" + fmt(d[0]) + "–" + fmt(d[2]) + ")";
  }

  function drawTable(selected) {
    var body = $("events-body");
    clearNode(body);
    var rows = tableRows(selected);
    rows.forEach(function (e) {
      var tr = el("tr", { "data-event-id": e.id, tabindex: "0" });
      if (state.detail === e.id) { tr.classList.add("current"); }
      tr.appendChild(el("td", { "class": "date" }, e.date_label));
      var place = el("td", null, e.places.join(", "));
      if (e.location.latitude === null) { place.appendChild(el("span", { "class": "badge" }, " not on map")); }
      else if (!e.location.exact) { place.appendChild(el("span", { "class": "badge" }, " approx.")); }
      tr.appendChild(place);
      var type = el("td");
      type.appendChild(el("span", { "class": "swatch", style: "background:" + (colours[e.type] || "#888") }));
      type.appendChild(document.createTextNode(e.sub_type));
      type.setAttribute("title", e.type);
      tr.appendChild(type);
      tr.appendChild(el("td", { "class": "num" }, deathsText(e.deaths)));
      tr.appendChild(el("td", null, e.sources.map(function (s) { return sourceNames[s] || s; }).join(", ") || "–"));
      tr.addEventListener("click", function () { show(e.id); reveal(); });
      tr.addEventListener("keydown", function (evt) { if (evt.key === "Enter") { show(e.id); reveal(); } });
      body.appendChild(tr);
    });
    $("table-count").textContent = rows.length + " of " + selected.length + " events shown";
    Array.prototype.forEach.call(document.querySelectorAll("#events-table th[data-sort]"), function (th) {
      var k = th.getAttribute("data-sort");
      th.setAttribute("aria-sort", k === state.sort.key ? (state.sort.dir > 0 ? "ascending" : "descending") : "none");
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("#events-table th[data-sort]"), function (th) {
    th.addEventListener("click", function () {
      var k = th.getAttribute("data-sort");
      state.sort = { key: k, dir: state.sort.key === k ? -state.sort.dir : (k === "deaths" ? -1 : 1) };
      update();
    });
  });
  ["filter-text", "filter-type", "filter-side", "filter-source"].forEach(function (id) {
    $(id).addEventListener("input", update);
  });

  // ------------------------------------------------------------------ detail

  function row(list, name, value) {
    if (value === null || value === undefined || value === "") { return; }
    list.appendChild(el("dt", null, name));
    list.appendChild(el("dd", null, value));
  }

  function eventLink(id) {
    var a = el("button", { type: "button", "class": "link", "data-link": id }, id);
    a.addEventListener("click", function () { if (byId[id]) { show(id); } });
    if (!byId[id]) { a.setAttribute("title", "not in this report's events"); }
    return a;
  }

  function show(id) {
    var e = byId[id];
    if (!e) { throw new RangeError("no event " + id + " in this report"); }
    state.detail = id;
    var panel = $("detail");
    panel.hidden = false;
    panel.setAttribute("data-event-id", id);
    $("detail-title").textContent = e.date_label + ": " + e.places.join(", ");
    var body = $("detail-body");
    clearNode(body);
    body.appendChild(el("p", { "class": "summary", id: "detail-summary" }, e.summary));
    var dl = el("dl");
    row(dl, "Id", e.id);
    row(dl, "Date", e.date + " (possible days " + e.earliest + " to " + e.latest + "; UCDP date_prec " + e.date_prec + ")");
    row(dl, "Type", e.type + " / " + e.sub_type);
    row(dl, "Places", e.places.join(", "));
    var loc = e.location;
    row(dl, "Location", (loc.event_precision === 1 ? "" : "known ") + loc.event_precision_words + " (UCDP where_prec " + loc.event_precision + ")" + (loc.note ? "; " + loc.note : ""));
    if (loc.latitude !== null) {
      row(dl, "On the map", "at " + loc.place + " (" + loc.latitude + ", " + loc.longitude + "), where_prec " + loc.where_prec + ", ACLED geo_precision " + loc.geo_precision + (loc.reason ? "; " + loc.reason : ""));
    } else {
      row(dl, "On the map", loc.reason || "no point");
    }
    row(dl, "Actors", e.actors.map(function (a) { return a.name + " (" + a.role + ", " + a.side + ")"; }).join("; "));
    row(dl, "Deaths", e.deaths[2] ? "best " + fmt(e.deaths[1]) + ", low " + fmt(e.deaths[0]) + ", high " + fmt(e.deaths[2]) + " (after the aggregate rule, within this report's events)" : "none counted");
    if (e.unverified) { row(dl, "Verified", "no: the article says this could not be verified"); }
    row(dl, "Article", "section “" + e.article.section + "”, paragraph " + e.article.paragraph);
    body.appendChild(dl);
    if (e.claims.length) {
      body.appendChild(el("h3", null, "Claims"));
      var table = el("table", { "class": "claims" });
      var head = el("tr");
      ["outcome", "group", "count", "qualifier", "source", "note"].forEach(function (h) { head.appendChild(el("th", null, h)); });
      table.appendChild(el("thead")).appendChild(head);
      var tb = el("tbody");
      e.claims.forEach(function (c, i) {
        var tr = el("tr");
        tr.appendChild(el("td", null, c.outcome.replace(/_/g, " ")));
        tr.appendChild(el("td", null, c.group.replace(/_/g, " ")));
        tr.appendChild(el("td", { "class": "num" }, c.count === null ? "? (" + (c.wording || "vague") + ")" : String(c.count)));
        tr.appendChild(el("td", null, c.qualifier.replace(/_/g, " ")));
        tr.appendChild(el("td", null, c.source || "(not named in the article)"));
        var notes = [];
        if (c.unverified) { notes.push("unverified"); }
        if (c.within_claim !== null) { notes.push("within claim " + (c.within_claim + 1) + ", not added"); }
        if (c.note) { notes.push(c.note); }
        tr.appendChild(el("td", null, notes.join("; ")));
        tr.setAttribute("data-claim", String(i));
        tb.appendChild(tr);
      });
      table.appendChild(tb);
      body.appendChild(table);
    }
    if (e.quantities.length) {
      body.appendChild(el("h3", null, "Other figures"));
      var ul = el("ul");
      e.quantities.forEach(function (q) { ul.appendChild(el("li", null, q.label + (q.note ? " – " + q.note : ""))); });
      body.appendChild(ul);
    }
    [["Includes the figures of", e.aggregates], ["Its figures are included in", e.included_in]].forEach(function (pair) {
      if (!pair[1].length) { return; }
      var p = el("p", { "class": "links" }, pair[0] + ": ");
      pair[1].forEach(function (other, i) {
        if (i) { p.appendChild(document.createTextNode(", ")); }
        p.appendChild(eventLink(other));
      });
      body.appendChild(p);
    });
    update();
    return e.id;
  }

  // From the table, far below: bring the opened event into view beside the map.
  function reveal() { $("detail").scrollIntoView({ block: "nearest" }); }

  function hide() {
    state.detail = null;
    $("detail").hidden = true;
    update();
  }
  $("detail-close").addEventListener("click", hide);

  // ------------------------------------------------------------------ everything together

  function update() {
    var selected = selectedEvents();
    var set = {};
    selected.forEach(function (e) { set[e.id] = true; });
    updateMap(set);
    drawPoint();
    markTimeline();
    drawTotals();
    drawUnplaced(set);
    drawTable(selected);
  }

  window.idlibReport = Object.freeze({
    version: data.version,
    select: select,
    selectPeriods: function (g, first, last) {
      if (g !== "month" && g !== "week") { throw new TypeError("granularity is 'month' or 'week'"); }
      return setSelection(g, first, last, false);
    },
    clear: clearSelection,
    selected: selectedObject,
    totals: totalsObject,
    granularity: function (g) {
      if (g === undefined) { return state.granularity; }
      if (g !== "month" && g !== "week") { throw new TypeError("granularity is 'month' or 'week'"); }
      setGranularity(g);
      return g;
    },
    periods: function (g) { return periodsOf(g || state.granularity).map(function (p) { return { key: p.key, start: p.start, end: p.end }; }); },
    show: show,
    hide: hide,
    showPoint: showPoint,
    hidePoint: hidePoint,
    visibleEvents: function () {
      return Array.prototype.map.call(document.querySelectorAll("#events-body tr"), function (tr) { return tr.getAttribute("data-event-id"); });
    }
  });

  applyView();
  drawTimeline();
  update();
  document.documentElement.setAttribute("data-ready", "true");
})();
