// asyncdemo's interactive page: step through a run, forward and back, and see the event loop's
// state at every moment. Everything it shows comes from the data asyncdemo wrote into the page
// (page_recorder.cpp): the events with their trace lines and the state each task is in after
// them, the lanes, and in a live run the loop as it stood at each event and the --explain
// sentences. The panel's timers, pool, sockets, locks and queues are derived from the events
// by replaying them, with a journal of undo steps so that stepping back costs what stepping
// forward does. No network, no storage: the page only reads its own data.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('asyncdemo-data').textContent);
  var events = data.events;
  var kinds = data.kinds;
  var tasks = data.tasks;
  var runs = data.runs;
  var loopStates = data.loop;  // null for a saved trace
  var explain = data.explain;  // null for a saved trace
  var N = events.length;
  var SVGNS = 'http://www.w3.org/2000/svg';

  // Event arrays: [t, kind, task, state after, line, fields].
  var T = 0, KIND = 1, TASK = 2, STATE = 3, LINE = 4, FIELDS = 5;
  var kindOf = function (i) { return events[i][KIND] < 0 ? 'gap' : kinds[events[i][KIND]]; };
  var fieldsOf = function (i) { return events[i][FIELDS] || {}; };

  var runOf = new Int32Array(N);
  runs.forEach(function (run, r) {
    for (var i = run.first; i < run.first + run.count && i < N; i++) runOf[i] = r;
  });
  var taskIndex = new Map();
  tasks.forEach(function (name, i) { taskIndex.set(name, i); });

  // ---- words -------------------------------------------------------------------------------
  function seconds(t) { return t.toFixed(3) + 's'; }
  function plural(n, one, many) { return n.toLocaleString('en') + ' ' + (n === 1 ? one : many); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'cls') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVGNS, tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function listed(items) {
    if (items.length <= 1) return items.join('');
    return items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1];
  }
  function firstFew(items, most) {
    if (items.length <= most) return listed(items);
    return items.slice(0, most).join(', ') + ' and ' + (items.length - most).toLocaleString('en') + ' more';
  }

  // ---- patterns: every state reads apart without colour ------------------------------------
  // One <pattern> per state, drawn in its stroke colour over its fill, named by the vocabulary.
  function patternMarks(name, stroke) {
    switch (name) {
      case 'dots': return [svg('circle', { cx: 2, cy: 2, r: 1.1, fill: stroke }), svg('circle', { cx: 6, cy: 6, r: 1.1, fill: stroke })];
      case 'hatch': return [svg('path', { d: 'M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2', stroke: stroke, 'stroke-width': 1.3 })];
      case 'dashes': return [svg('path', { d: 'M0,4 h4', stroke: stroke, 'stroke-width': 1.4 })];
      case 'lines': return [svg('path', { d: 'M0,2 h8 M0,6 h8', stroke: stroke, 'stroke-width': 1 })];
      case 'cross': return [svg('path', { d: 'M0,0 l8,8 M8,0 l-8,8', stroke: stroke, 'stroke-width': 1.1 })];
      case 'waves': return [svg('path', { d: 'M0,4 q2,-3 4,0 t4,0', stroke: stroke, fill: 'none', 'stroke-width': 1.1 })];
      case 'backhatch': return [svg('path', { d: 'M-1,7 l2,2 M0,0 l8,8 M7,-1 l2,2', stroke: stroke, 'stroke-width': 1.3 })];
      case 'grid': return [svg('path', { d: 'M0,0.5 h8 M0.5,0 v8', stroke: stroke, 'stroke-width': 1 })];
      case 'vlines': return [svg('path', { d: 'M2,0 v8 M6,0 v8', stroke: stroke, 'stroke-width': 1.1 })];
      case 'checks': return [svg('rect', { width: 4, height: 4, fill: stroke, opacity: 0.55 }), svg('rect', { x: 4, y: 4, width: 4, height: 4, fill: stroke, opacity: 0.55 })];
      default: return [];  // solid
    }
  }
  function patternDefs(prefix) {
    var defs = svg('defs');
    data.states.forEach(function (state, s) {
      var pattern = svg('pattern', { id: prefix + s, width: 8, height: 8, patternUnits: 'userSpaceOnUse' });
      pattern.appendChild(svg('rect', { width: 8, height: 8, fill: state.fill }));
      patternMarks(state.pattern, state.stroke).forEach(function (m) { pattern.appendChild(m); });
      defs.appendChild(pattern);
    });
    return defs;
  }
  var swatchCount = 0;
  function swatch(s, width, height) {
    var box = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, 'aria-hidden': 'true', focusable: 'false' });
    var prefix = 'sw' + (swatchCount++) + '-';
    var defs = svg('defs');
    var state = data.states[s];
    var pattern = svg('pattern', { id: prefix + s, width: 8, height: 8, patternUnits: 'userSpaceOnUse' });
    pattern.appendChild(svg('rect', { width: 8, height: 8, fill: state.fill }));
    patternMarks(state.pattern, state.stroke).forEach(function (m) { pattern.appendChild(m); });
    defs.appendChild(pattern);
    box.appendChild(defs);
    box.appendChild(svg('rect', { x: 0.5, y: 0.5, width: width - 1, height: height - 1, fill: 'url(#' + prefix + s + ')', stroke: state.stroke }));
    return box;
  }
  function stateChip(s, words) {
    return el('span', { cls: 'state-chip' }, [swatch(s, 18, 11), words || data.states[s].name]);
  }

  // ---- the lanes -----------------------------------------------------------------------------
  var W = 1000, X0 = 190, X1 = 985, LANE = 24, BAR = 16, HEADER = 38, OVERVIEW = 120, AXIS = 34;
  var longest = data.longest > 0 ? data.longest : 1;
  function x(t) { return X0 + (Math.max(0, t) / longest) * (X1 - X0); }
  function timeAt(px) { return Math.max(0, Math.min(longest, (px - X0) / (X1 - X0) * longest)); }
  var blocks = [];  // per run: {top, bottom, playhead}
  var lanesSvg = null;
  var shownStates = new Set();

  function luminance(hex) {
    var n = parseInt(hex.slice(1), 16);
    return (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  }

  function drawLanes() {
    var height = 8;
    runs.forEach(function (run) {
      height += HEADER + (run.lanes ? Math.max(1, run.lanes.length) * LANE : OVERVIEW + 18) + 10;
    });
    height += AXIS;
    var root = svg('svg', { viewBox: '0 0 ' + W + ' ' + height, role: 'img', id: 'lanes' });
    root.appendChild(svg('title', {}, 'Each task\'s states over time, one lane per task; the red line is the playhead'));
    root.appendChild(patternDefs('p'));
    var y = 8;
    runs.forEach(function (run, r) {
      var top = y;
      root.appendChild(svg('text', { x: 4, y: y + 16, 'class': 'run-title' }, run.mode + ': ' + run.heading));
      root.appendChild(svg('text', { x: 4, y: y + 31, 'class': 'muted' }, run.outcome + (run.complete ? '; theory: ' + run.theory : '')));
      y += HEADER;
      var block = { top: top, laneTop: y, run: r, laneRows: [] };
      var g = svg('g', { 'class': 'run-block' });
      // Grid lines at the ticks, behind the bars.
      var laneHeight = run.lanes ? Math.max(1, run.lanes.length) * LANE : OVERVIEW;
      data.ticks.forEach(function (tick) {
        g.appendChild(svg('line', { x1: x(tick[0]), x2: x(tick[0]), y1: y, y2: y + laneHeight, 'class': 'grid' }));
      });
      if (run.lanes) {
        block.highlight = svg('rect', { x: 0, y: y, width: W, height: LANE, 'class': 'current-lane', visibility: 'hidden' });
        g.appendChild(block.highlight);
        run.lanes.forEach(function (lane, l) {
          var laneY = y + l * LANE;
          block.laneRows.push({ task: taskIndex.has(lane.task) ? taskIndex.get(lane.task) : -1, y: laneY });
          // A spawned task is drawn under its spawner, its name marked as its child.
          var name = (lane.depth ? '\u21B3 ' : '') + (lane.task.length > 24 ? lane.task.slice(0, 23) + '\u2026' : lane.task);
          var label = svg('text', { x: X0 - 8, y: laneY + 16, 'text-anchor': 'end' }, name);
          label.appendChild(svg('title', {}, lane.task));
          g.appendChild(label);
          lane.spans.forEach(function (span) {
            var s = span[0], from = span[1], to = span[2];
            shownStates.add(s);
            var bx = x(from), bw = Math.max(1, x(to) - x(from));
            var bar = svg('g', { 'class': 'bar', 'data-run': r, 'data-task': lane.task, 'data-from': from, 'data-state': s });
            bar.appendChild(svg('rect', { x: bx, y: laneY + 4, width: bw, height: BAR, fill: 'url(#p' + s + ')', stroke: data.states[s].stroke, 'stroke-width': 0.8 }));
            var words = data.states[s].name + ' ' + seconds(from) + ' \u2192 ' + seconds(to) + ': ' + span[3];
            bar.appendChild(svg('title', {}, lane.task + ': ' + words));
            var text = data.states[s].name + ' ' + span[3].split(' (')[0];
            if (bw > text.length * 6 + 8) {
              var ink = luminance(data.states[s].fill) < 0.5 ? '#ffffff' : '#1f2933';
              bar.appendChild(svg('text', { x: bx + 4, y: laneY + 15.5, 'class': 'on-bar', style: 'fill:' + ink }, text));
            }
            g.appendChild(bar);
          });
          lane.marks.forEach(function (mark) {
            var mx = x(mark[1]);
            var look = data.marks[mark[0]];
            var shape = mark[0] === 0
              ? svg('circle', { cx: mx, cy: laneY + 4, r: 3.6, fill: look.fill, stroke: '#ffffff', 'stroke-width': 0.8 })
              : svg('path', { d: 'M' + mx + ',' + (laneY - 0.5) + ' l4.5,4.5 l-4.5,4.5 l-4.5,-4.5 z', fill: look.fill, stroke: '#ffffff', 'stroke-width': 0.8 });
            shape.appendChild(svg('title', {}, lane.task + ' ' + look.legend + ' at ' + seconds(mark[1]) + ': ' + mark[2]));
            g.appendChild(shape);
          });
          if (lane.ending > 0 && lane.ended !== null) {
            var ending = data.endings[lane.ending];
            var mark = svg('text', { x: x(lane.ended) + 3, y: laneY + 16.5, style: 'fill:' + ending.colour + ';font-weight:bold' }, ending.glyph);
            mark.appendChild(svg('title', {}, lane.task + ' ' + ending.legend + ' at ' + seconds(lane.ended) + (lane.why ? ': ' + lane.why : '')));
            g.appendChild(mark);
          }
        });
        y += laneHeight;
      } else {
        drawOverview(g, run, y);
        y += OVERVIEW + 18;
      }
      block.bottom = y;
      block.playhead = svg('line', { x1: X0, x2: X0, y1: top + HEADER - 4, y2: y, 'class': 'playhead', id: 'playhead-' + r, visibility: 'hidden' });
      block.knob = svg('path', { d: '', 'class': 'playhead-knob', visibility: 'hidden' });
      g.appendChild(block.playhead);
      g.appendChild(block.knob);
      root.appendChild(g);
      blocks.push(block);
      y += 10;
    });
    // The one time axis that every run shares.
    root.appendChild(svg('line', { x1: X0, x2: X1, y1: y, y2: y, 'class': 'axis' }));
    data.ticks.forEach(function (tick) {
      root.appendChild(svg('line', { x1: x(tick[0]), x2: x(tick[0]), y1: y, y2: y + 5, 'class': 'axis' }));
      root.appendChild(svg('text', { x: x(tick[0]), y: y + 19, 'text-anchor': 'middle' }, tick[1]));
    });
    document.getElementById('lanes-box').appendChild(root);
    lanesSvg = root;
  }

  function drawOverview(g, run, y) {
    var o = run.overview;
    var most = 1;
    o.counts.forEach(function (bucket) {
      var sum = bucket.reduce(function (a, b) { return a + b; }, 0);
      if (sum > most) most = sum;
    });
    var width = (x(o.end) - X0) / o.buckets;
    o.counts.forEach(function (bucket, b) {
      var stackTop = y + OVERVIEW;
      bucket.forEach(function (count, s) {
        if (count <= 0) return;
        shownStates.add(s);
        var h = count / most * OVERVIEW;
        stackTop -= h;
        var rect = svg('rect', { x: X0 + b * width, y: stackTop, width: width + 0.3, height: h, fill: 'url(#p' + s + ')' });
        rect.appendChild(svg('title', {}, count.toFixed(1) + ' tasks ' + data.states[s].name + ' around ' + seconds((b + 0.5) * o.end / o.buckets)));
        g.appendChild(rect);
      });
    });
    g.appendChild(svg('text', { x: X0 - 8, y: y + 12, 'text-anchor': 'end' }, most.toFixed(0) + ' tasks'));
    g.appendChild(svg('text', { x: X0 - 8, y: y + OVERVIEW, 'text-anchor': 'end' }, '0'));
    g.appendChild(svg('text', { x: X0, y: y + OVERVIEW + 14, 'class': 'muted' },
      'Overview: ' + plural(o.tasks, 'task', 'tasks') + ' are too many lanes to draw; the height shows how many tasks were in each state.'));
  }

  function drawLegend() {
    var legend = document.getElementById('legend');
    data.states.forEach(function (state, s) {
      if (!shownStates.has(s)) return;
      legend.appendChild(el('li', {}, [swatch(s, 28, 14), state.legend]));
    });
    var marks = new Set(), endings = new Set();
    runs.forEach(function (run) {
      (run.lanes || []).forEach(function (lane) {
        lane.marks.forEach(function (m) { marks.add(m[0]); });
        if (lane.ending > 0) endings.add(lane.ending);
      });
    });
    marks.forEach(function (m) {
      var look = data.marks[m];
      var box = svg('svg', { viewBox: '0 0 28 14', 'aria-hidden': 'true' });
      box.appendChild(m === 0 ? svg('circle', { cx: 14, cy: 7, r: 4, fill: look.fill }) : svg('path', { d: 'M14,2 l5,5 l-5,5 l-5,-5 z', fill: look.fill }));
      legend.appendChild(el('li', {}, [box, look.legend]));
    });
    endings.forEach(function (e) {
      var look = data.endings[e];
      legend.appendChild(el('li', {}, [el('span', { style: 'color:' + look.colour + ';font-weight:bold' }, [look.glyph]), look.legend]));
    });
    legend.appendChild(el('li', {}, [el('span', { style: 'color:var(--playhead);font-weight:bold' }, ['|']), 'the playhead: this moment']));
  }

  // ---- the state of the loop, replayed from the events -------------------------------------
  // Every change goes through these helpers, which log how to undo it; marks[i] is the log's
  // length before event i was applied.
  var log = [];
  var marks = new Int32Array(N + 1);
  var S = fresh();
  function fresh() {
    return {
      status: new Int16Array(tasks.length).fill(-1),  // a state, -1 not started, 100+ ending
      timers: new Map(), queued: new Map(), threads: new Map(), network: new Map(),
      waits: new Map(), limits: new Map(), queues: new Map(), flags: new Map(), misc: new Map()
    };
  }
  function put(map, key, value) {
    var had = map.has(key), old = map.get(key);
    log.push(function () { if (had) map.set(key, old); else map.delete(key); });
    map.set(key, value);
  }
  function drop(map, key) {
    if (!map.has(key)) return;
    var old = map.get(key);
    log.push(function () { map.set(key, old); });
    map.delete(key);
  }
  function setStatus(task, value) {
    var status = S.status, old = status[task];
    if (old === value) return;
    log.push(function () { status[task] = old; });
    status[task] = value;
  }
  function without(list, item) {
    var i = list.indexOf(item);
    return i < 0 ? list : list.slice(0, i).concat(list.slice(i + 1));
  }
  function thing(map, name, make) { return map.get(name) || make(); }
  var ENDED = { end: 100, fail: 101, cancel: 102 };
  var endingWords = { 100: 'finished', 101: 'failed', 102: 'cancelled' };

  function forget(task) {
    ['timers', 'queued', 'threads', 'network', 'waits'].forEach(function (m) { drop(S[m], task); });
    S.limits.forEach(function (l, name) {
      if (l.waiting.indexOf(task) >= 0) put(S.limits, name, { holders: l.holders, waiting: without(l.waiting, task) });
    });
    S.queues.forEach(function (q, name) {
      if (q.getters.indexOf(task) >= 0 || q.putters.indexOf(task) >= 0) {
        put(S.queues, name, { items: q.items, getters: without(q.getters, task), putters: without(q.putters, task) });
      }
    });
    S.flags.forEach(function (f, name) {
      if (f.waiting.indexOf(task) >= 0) put(S.flags, name, { set: f.set, waiting: without(f.waiting, task) });
    });
  }

  function apply(i) {
    var e = events[i], kind = kindOf(i), task = e[TASK], f = fieldsOf(i), t = e[T];
    var name = task >= 0 ? tasks[task] : '';
    var sync = runs[runOf[i]].mode === 'sync';
    if (kind === 'run_start') {
      var old = S;
      log.push(function () { S = old; });
      S = fresh();
      return;
    }
    if (task >= 0) {
      if (ENDED[kind]) setStatus(task, ENDED[kind]);
      else if (e[STATE] >= 0) setStatus(task, e[STATE]);
    }
    switch (kind) {
      case 'sleep':
        if (sync) put(S.misc, 'blocked', { task: name, until: t + f.seconds, what: 'sleep' });
        else put(S.timers, name, { deadline: t + f.seconds, since: t });
        break;
      case 'wake': drop(S.timers, name); drop(S.misc, 'blocked'); break;
      case 'block': put(S.misc, 'blocked', { task: name, until: t + f.seconds, what: 'blocking call' }); break;
      case 'unblock': drop(S.misc, 'blocked'); break;
      case 'work_queue':
        if (sync) put(S.misc, 'blocked', { task: name, until: t + f.seconds, what: 'job on its own thread' });
        else put(S.queued, name, t);
        break;
      case 'work_start': drop(S.queued, name); if (!sync) put(S.threads, name, f.worker || 0); break;
      case 'work_end': drop(S.threads, name); drop(S.misc, 'blocked'); break;
      case 'fetch_resolved': case 'fetch_connected': case 'fetch_sent': case 'fetch_first_byte':
        put(S.network, name, { url: f.url || '', address: f.address || (S.network.get(name) || {}).address || '', stage: kind });
        break;
      case 'fetch_done': drop(S.network, name); break;
      case 'acquire': {
        var l = thing(S.limits, f.on, function () { return { holders: [], waiting: [] }; });
        put(S.limits, f.on, { holders: l.holders, waiting: l.waiting.concat([name]) });
        put(S.waits, name, 'limit ' + f.on);
        break;
      }
      case 'acquired': {
        var l2 = thing(S.limits, f.on, function () { return { holders: [], waiting: [] }; });
        put(S.limits, f.on, { holders: l2.holders.concat([name]), waiting: without(l2.waiting, name) });
        drop(S.waits, name);
        break;
      }
      case 'release': {
        var l3 = thing(S.limits, f.on, function () { return { holders: [], waiting: [] }; });
        put(S.limits, f.on, { holders: without(l3.holders, name), waiting: l3.waiting });
        break;
      }
      case 'put': {
        var q = thing(S.queues, f.on, function () { return { items: [], getters: [], putters: [] }; });
        put(S.queues, f.on, { items: q.items, getters: q.getters, putters: q.putters.concat([name]) });
        put(S.waits, name, 'room in queue ' + f.on);
        break;
      }
      case 'queued': {
        var q2 = thing(S.queues, f.on, function () { return { items: [], getters: [], putters: [] }; });
        put(S.queues, f.on, { items: q2.items.concat([[f.item || '', name]]), getters: q2.getters, putters: without(q2.putters, name) });
        drop(S.waits, name);
        break;
      }
      case 'get': {
        var q3 = thing(S.queues, f.on, function () { return { items: [], getters: [], putters: [] }; });
        put(S.queues, f.on, { items: q3.items, getters: q3.getters.concat([name]), putters: q3.putters });
        put(S.waits, name, 'an item from queue ' + f.on);
        break;
      }
      case 'got': {
        var q4 = thing(S.queues, f.on, function () { return { items: [], getters: [], putters: [] }; });
        var at = -1;
        q4.items.forEach(function (item, k) { if (at < 0 && item[0] === (f.item || '') && item[1] === f.from) at = k; });
        if (at < 0) at = 0;
        put(S.queues, f.on, { items: q4.items.slice(0, at).concat(q4.items.slice(at + 1)), getters: without(q4.getters, name), putters: q4.putters });
        drop(S.waits, name);
        break;
      }
      case 'wait': {
        var fl = thing(S.flags, f.on, function () { return { set: false, waiting: [] }; });
        put(S.flags, f.on, { set: fl.set, waiting: fl.waiting.concat([name]) });
        put(S.waits, name, 'event ' + f.on);
        break;
      }
      case 'woken': {
        var fl2 = thing(S.flags, f.on, function () { return { set: true, waiting: [] }; });
        put(S.flags, f.on, { set: true, waiting: without(fl2.waiting, name) });
        drop(S.waits, name);
        break;
      }
      case 'set': {
        var fl3 = thing(S.flags, f.on, function () { return { set: true, waiting: [] }; });
        put(S.flags, f.on, { set: true, waiting: fl3.waiting });
        break;
      }
      case 'await': put(S.waits, name, 'task ' + f.target); break;
      case 'awaited': drop(S.waits, name); break;
      case 'end': case 'fail': case 'cancel': forget(name); drop(S.misc, 'blocked'); break;
      default: break;
    }
  }

  var at = -1;  // the event shown; -1 before the first
  function moveTo(target) {
    target = Math.max(0, Math.min(N - 1, target));
    while (at < target) {
      at++;
      marks[at] = log.length;
      apply(at);
    }
    while (at > target) {
      var keep = marks[at];
      while (log.length > keep) log.pop()();
      at--;
    }
  }

  // ---- the panel ---------------------------------------------------------------------------
  var panel = document.getElementById('panel-body');
  function section(title, body, id) {
    var box = el('div', id ? { id: id } : {});
    box.appendChild(el('h3', { text: title }));
    (Array.isArray(body) ? body : [body]).forEach(function (b) { box.appendChild(b); });
    return box;
  }
  function items(list, id) {
    var ul = el('ul', id ? { id: id } : {});
    list.forEach(function (item) { ul.appendChild(typeof item === 'string' ? el('li', { text: item }) : el('li', {}, [item])); });
    return ul;
  }
  function none(words, id) { return el('p', { cls: 'none', text: words, id: id || '' }); }
  function missing(words) { return el('p', { cls: 'missing', text: words }); }

  // The task running at event i, in words, and its name alone for the tests' and readers' eyes.
  function running(i) {
    var kind = kindOf(i), e = events[i], run = runs[runOf[i]];
    var name = e[TASK] >= 0 ? tasks[e[TASK]] : '';
    if (kind === 'run_start') return [null, run.mode === 'sync' ? 'nothing yet: the tasks run one after another, each to its end' : 'nothing yet: main() creates the tasks, and the loop starts them in its first turn'];
    if (kind === 'run_end') return [null, run.mode === 'sync' ? 'nothing: every task has had its turn' : 'main(): it resumes, the run is over'];
    if (kind === 'gap') return [null, 'events left out of the page'];
    if (kind === 'work_start' && run.mode === 'async') return [null, 'a callback of the loop: a pool thread took ' + name + '\'s job'];
    return [name, run.mode === 'sync' ? 'the thread runs it' : 'on the loop, until it awaits'];
  }

  function timersSection(i, t, sync) {
    if (sync) {
      var blocked = S.misc.get('blocked');
      return section('Pending timers', blocked
        ? el('p', { text: 'No event loop: the thread itself is blocked in ' + blocked.task + '\'s ' + blocked.what + ' until ' + seconds(blocked.until) + '.' })
        : none('None: in sync mode there is no loop and no timer; a sleep blocks the thread.'), 'timers-section');
    }
    var list = [];
    S.timers.forEach(function (timer, task) { list.push([timer.deadline, timer.since, task]); });
    var most = 8;
    // The first few by deadline, equal deadlines in the order the sleeps began.
    var first = list.length > 200 ? pickFirst(list, most) : list.sort(byDeadline).slice(0, most);
    var lines = first.map(function (timer) {
      var late = t - timer[0];
      return timer[2] + ': due at ' + seconds(timer[0]) +
        (late > 1e-9 ? ', late by ' + seconds(late) + ' (due, the loop has not resumed it yet)'
          : late > -1e-9 ? ', due now: the loop resumes it in its turn' : ', in ' + seconds(timer[0] - t));
    });
    var notDue = 0;
    list.forEach(function (timer) { if (timer[0] > t + 1e-9) notDue++; });
    var body = [];
    body.push(list.length ? items(lines, 'timers') : none('No timer is pending.', 'timers'));
    if (list.length > most) body.push(el('p', { cls: 'none', text: 'and ' + (list.length - most).toLocaleString('en') + ' more (' + plural(list.length, 'timer', 'timers') + ' in all)' }));
    var loop = loopStates ? loopStates[i] : null;
    // A timer that is due has left the loop's timer queue for its ready queue.
    // At a sleep's own event its timer is not in the loop's queue yet: it joins as it parks.
    if (kindOf(i) === 'sleep') notDue--;
    if (loop && loop[3] !== notDue) {
      body.push(el('p', { cls: 'none', text: 'The loop\'s timer queue holds ' + plural(loop[3], 'timer', 'timers') + (loop[4] ? '; the next to fire is ' + (loop[4] || 'a callback') + '\'s, at ' + seconds(loop[5]) : '') + ' (a --timeout or a socket\'s time limit is a timer too).' }));
    }
    return section('Pending timers', body, 'timers-section');
  }
  function byDeadline(a, b) { return a[0] - b[0] || a[1] - b[1]; }
  function pickFirst(list, most) {
    var best = [];
    list.forEach(function (item) {
      if (best.length < most || byDeadline(item, best[best.length - 1]) < 0) {
        best.push(item);
        best.sort(byDeadline);
        if (best.length > most) best.pop();
      }
    });
    return best;
  }

  function readySection(i, sync) {
    if (sync) return section('Ready queue', none('None: there is no event loop in sync mode.'), 'ready-section');
    if (!loopStates) return section('Ready queue', missing('Not in a saved trace: only a live run (asyncdemo --html FILE) records the ready queue.'), 'ready-section');
    var loop = loopStates[i];
    if (!loop) return section('Ready queue', missing('Not recorded at this event.'), 'ready-section');
    var labels = loop[2].map(function (l) { return l || 'a callback'; });
    var body = [loop[1] === 0
      ? none('Empty: nothing else is ready to run.', 'ready')
      : el('p', { id: 'ready', text: plural(loop[1], 'entry', 'entries') + ', first to run first: ' + labels.join(', ') + (loop[1] > labels.length ? ' and ' + (loop[1] - labels.length).toLocaleString('en') + ' more' : '') })];
    // asyncdemo starts the first turn's tasks in place rather than queueing each (a million
    // would cost a million entries), so the queue does not list them: the trace does.
    if (loop[0] <= 1) {
      var waiting = [];
      var run = runs[runOf[i]];
      (run.lanes || []).forEach(function (lane) {
        var k = taskIndex.get(lane.task);
        if (k !== undefined && S.status[k] === -1 && k !== events[i][TASK]) waiting.push(lane.task);
      });
      if (waiting.length) body.push(el('p', { id: 'to-start', text: 'Still to start in this first turn, in order (create_task queued them): ' + firstFew(waiting, 8) + '.' }));
    }
    return section('Ready queue (turn ' + loop[0] + ' of the loop)', body, 'ready-section');
  }

  function poolSection(i, sync) {
    if (sync) return null;
    var run = runs[runOf[i]];
    var onThreads = [], queued = [];
    S.threads.forEach(function (worker, task) { onThreads.push(worker ? task + ' on thread ' + worker : task); });
    S.queued.forEach(function (since, task) { queued.push(task); });
    if (!onThreads.length && !queued.length && !run.threads) return null;
    // The loop knows the pool's size; a saved trace only when theory counted it.
    var loop = loopStates ? loopStates[i] : null;
    var threads = loop && loop[6] ? loop[6] : run.threads;
    var lines = [];
    lines.push((threads ? onThreads.length + ' of ' + threads + ' threads busy' : plural(onThreads.length, 'job', 'jobs') + ' on a thread') + (onThreads.length ? ': ' + firstFew(onThreads, 6) : ''));
    lines.push(queued.length ? plural(queued.length, 'job waits', 'jobs wait') + ' for a free thread: ' + firstFew(queued, 6) : 'no job waits for a thread');
    var body = [items(lines, 'pool')];
    // The threads themselves may be ahead of the trace: a thread that takes a job tells the
    // loop through a callback, which runs only when the loop does.
    if (loop && (loop[7] !== onThreads.length || loop[8] !== queued.length)) {
      body.push(el('p', { cls: 'none', id: 'pool-now', text: 'The pool itself: ' + loop[7] + ' of ' + loop[6] + ' threads busy, ' + plural(loop[8], 'job', 'jobs') + ' queued. The loop hears that a thread took a job or finished it only when it runs that callback.' }));
    }
    return section('Thread pool', body, 'pool-section');
  }

  var stageWords = { fetch_resolved: 'looked up, connecting', fetch_connected: 'connected, sending', fetch_sent: 'request sent, waiting for the answer', fetch_first_byte: 'reading the answer' };
  function networkSection(i) {
    var lines = [];
    S.network.forEach(function (n, task) { lines.push(task + ': ' + n.url + ' (' + (n.address ? n.address + ', ' : '') + stageWords[n.stage] + ')'); });
    if (!lines.length) return null;
    return section('Sockets waited on', items(lines.slice(0, 8).concat(lines.length > 8 ? ['and ' + (lines.length - 8) + ' more'] : []), 'network'), 'network-section');
  }

  function coordinationSection() {
    var lines = [];
    S.limits.forEach(function (l, name) {
      lines.push('limit ' + name + ': held by ' + (l.holders.length ? firstFew(l.holders, 6) : 'nobody') + (l.waiting.length ? '; waiting: ' + firstFew(l.waiting, 6) : ''));
    });
    S.queues.forEach(function (q, name) {
      var words = 'queue ' + name + ': ' + (q.items.length ? plural(q.items.length, 'item', 'items') + ' (' + firstFew(q.items.map(function (item) { return '"' + item[0] + '" from ' + item[1]; }), 4) + ')' : 'empty');
      if (q.getters.length) words += '; waiting to get: ' + firstFew(q.getters, 6);
      if (q.putters.length) words += '; waiting to put: ' + firstFew(q.putters, 6);
      lines.push(words);
    });
    S.flags.forEach(function (f, name) {
      lines.push('event ' + name + ': ' + (f.set ? 'set' : 'not set') + (f.waiting.length ? '; waiting: ' + firstFew(f.waiting, 6) : ''));
    });
    var awaits = [];
    S.waits.forEach(function (what, task) { if (what.indexOf('task ') === 0) awaits.push(task + ' awaits ' + what.slice(5)); });
    lines = lines.concat(awaits);
    if (!lines.length) return null;
    return section('Locks, queues and events', items(lines, 'coordination'), 'coordination-section');
  }

  function tasksSection(i, t) {
    var counts = new Map();
    var rows = [];
    var status = S.status;
    var run = runs[runOf[i]];
    var inRun = run.lanes ? run.lanes.map(function (lane) { return taskIndex.get(lane.task); }) : null;
    var visit = function (k) {
      var s = status[k];
      if (s === -1) return;
      var word = s >= 100 ? endingWords[s] : data.states[s].name;
      var timer = S.timers.get(tasks[k]);
      var late = s === 1 && timer && t - timer.deadline > 1e-9;
      var wait = S.waits.get(tasks[k]);
      if (late) word = data.states[2].name;
      if (wait && s < 100) word = 'waiting for ' + wait;
      counts.set(word, (counts.get(word) || 0) + 1);
      if (rows.length < 40) rows.push(s < 100 ? stateChip(late ? 2 : s, tasks[k] + ': ' + word) : el('span', { text: tasks[k] + ': ' + word }));
    };
    if (inRun) inRun.forEach(function (k) { if (k !== undefined) visit(k); });
    else for (var k = 0; k < status.length; k++) visit(k);
    var summary = [];
    counts.forEach(function (n, word) { summary.push(n.toLocaleString('en') + ' ' + word); });
    var body = [el('p', { cls: 'count', text: summary.length ? summary.join(', ') : 'No task has started yet.' })];
    if (rows.length && rows.length <= 40 && (inRun ? inRun.length : tasks.length) <= 40) body.push(items(rows, 'task-states'));
    return section('Tasks', body, 'tasks-section');
  }

  function explainSection(i, sync) {
    if (!explain) return section('What the loop does next', missing('Not in a saved trace: the --explain sentences come from the loop as it runs (asyncdemo --html FILE).'), 'explain-section');
    var words = explain[String(i)];
    if (!words) return section('What the loop does next', none(kindOf(i) === 'run_end' ? 'Nothing: the run is over.' : 'Nothing more to say: the next line follows at once.'), 'explain-section');
    var box = el('div', { cls: 'explain', id: 'explain' });
    words.split('\n').forEach(function (sentence) {
      // A sentence begins with a capital unless it begins with a task's name.
      var first = sentence.split(/[ ']/)[0];
      var named = taskIndex.has(first);
      box.appendChild(el('p', { text: (named ? sentence : sentence.charAt(0).toUpperCase() + sentence.slice(1)) + '.' }));
    });
    return section(sync ? 'What the thread does next' : 'What the loop does next', box, 'explain-section');
  }

  function renderPanel(i) {
    var e = events[i], run = runs[runOf[i]], t = e[T], sync = run.mode === 'sync';
    var parts = [];
    var who = running(i);
    var now = el('p', {}, [el('span', { id: 'now', text: 'Running: ' }), who[0] ? el('span', { id: 'running', cls: 'mono', text: who[0] }) : el('span', { id: 'running', cls: 'none', text: 'no task' }), ' \u2014 ' + who[1]]);
    parts.push(now);
    parts.push(el('p', { cls: 'mono', id: 'panel-line', text: e[LINE].trim() }));
    if (kindOf(i) === 'run_end') {
      parts.push(el('p', { text: run.statistics.replace(/^\s*\S+\s+\S+\s+-- /, '') }));
      run.summary.forEach(function (line) { parts.push(el('p', { text: line.replace(/^\s*\S+\s+\S+\s+-- /, '') })); });
    }
    parts.push(readySection(i, sync));
    parts.push(timersSection(i, t, sync));
    var pool = poolSection(i, sync); if (pool) parts.push(pool);
    var net = networkSection(i); if (net) parts.push(net);
    var coordination = coordinationSection(); if (coordination) parts.push(coordination);
    parts.push(tasksSection(i, t));
    parts.push(explainSection(i, sync));
    panel.replaceChildren.apply(panel, parts);
  }

  // ---- the trace, drawn only where it is seen -----------------------------------------------
  var ROW = 20;
  var trace = document.getElementById('trace');
  var spacer = el('div', { cls: 'spacer' });
  spacer.style.height = (N * ROW) + 'px';
  trace.appendChild(spacer);
  var drawnRows = new Map();
  function rowFor(i) {
    var kind = kindOf(i);
    var row = el('div', { cls: 'row' + (kind === 'gap' ? ' gap' : '') + (kind === 'run_start' || kind === 'run_end' ? ' run-line' : ''), role: 'option', id: 'line-' + (i + 1), 'data-event': i + 1, 'aria-selected': 'false', title: events[i][LINE].trim(), text: events[i][LINE] });
    row.style.top = (i * ROW) + 'px';
    return row;
  }
  function drawTrace() {
    var from = Math.max(0, Math.floor(trace.scrollTop / ROW) - 10);
    var to = Math.min(N, Math.ceil((trace.scrollTop + trace.clientHeight) / ROW) + 10);
    drawnRows.forEach(function (row, i) {
      if (i < from || i >= to) { row.remove(); drawnRows.delete(i); }
    });
    for (var i = from; i < to; i++) {
      if (drawnRows.has(i)) continue;
      var row = rowFor(i);
      if (i === at) { row.classList.add('current'); row.setAttribute('aria-selected', 'true'); }
      spacer.appendChild(row);
      drawnRows.set(i, row);
    }
  }
  function showInTrace(i) {
    var top = i * ROW, view = trace.clientHeight;
    if (top < trace.scrollTop + ROW || top > trace.scrollTop + view - 2 * ROW) trace.scrollTop = Math.max(0, top - view / 2);
    drawTrace();
    drawnRows.forEach(function (row, k) {
      var current = k === i;
      row.classList.toggle('current', current);
      row.setAttribute('aria-selected', current ? 'true' : 'false');
    });
    trace.setAttribute('aria-activedescendant', 'line-' + (i + 1));
  }
  trace.addEventListener('scroll', drawTrace);
  // On paper the trace shows the lines just before this moment and the moment itself.
  window.addEventListener('beforeprint', function () { trace.scrollTop = Math.max(0, (at - 4) * ROW); drawTrace(); });
  trace.addEventListener('click', function (event) {
    var row = event.target.closest('.row');
    if (row) { pause(); go(Number(row.getAttribute('data-event')) - 1); }
  });

  // ---- the playhead ----------------------------------------------------------------------------
  var playTime = 0;
  function placePlayhead(run, t) {
    blocks.forEach(function (block, r) {
      var shown = r === run;
      block.playhead.setAttribute('visibility', shown ? 'visible' : 'hidden');
      block.knob.setAttribute('visibility', shown ? 'visible' : 'hidden');
      if (!shown) { if (block.highlight) block.highlight.setAttribute('visibility', 'hidden'); return; }
      var px = x(t).toFixed(1);
      block.playhead.setAttribute('x1', px);
      block.playhead.setAttribute('x2', px);
      var y = block.top + HEADER - 4;
      block.knob.setAttribute('d', 'M' + (px - 6) + ',' + (y - 7) + ' h12 l-6,7 z');
    });
  }
  function highlightLane(i) {
    var block = blocks[runOf[i]];
    if (!block || !block.highlight) return;
    var task = events[i][TASK];
    var row = block.laneRows.find(function (r) { return r.task === task; });
    block.highlight.setAttribute('visibility', row ? 'visible' : 'hidden');
    if (row) block.highlight.setAttribute('y', row.y);
  }

  // ---- moving ------------------------------------------------------------------------------
  var scrub = document.getElementById('scrub');
  var position = document.getElementById('position');
  scrub.max = String(N);
  var buttons = {};
  ['first', 'prev-turn', 'back', 'play', 'forward', 'next-turn', 'last'].forEach(function (id) { buttons[id] = document.getElementById(id); });

  function turnOf(i) { return loopStates && loopStates[i] ? loopStates[i][0] : null; }
  function nextTurn(i) {
    var turn = turnOf(i);
    if (turn === null) return -1;
    for (var j = i + 1; j < N; j++) {
      if (runOf[j] !== runOf[i]) return -1;
      if (turnOf(j) !== null && turnOf(j) > turn) return j;
    }
    return -1;
  }
  function prevTurn(i) {
    var turn = turnOf(i);
    if (turn === null) return -1;
    // The first event of the turn before this one.
    var j = i - 1;
    while (j >= 0 && runOf[j] === runOf[i] && turnOf(j) === turn) j--;
    if (j < 0 || runOf[j] !== runOf[i] || turnOf(j) === null) return -1;
    var before = turnOf(j);
    while (j > 0 && runOf[j - 1] === runOf[i] && turnOf(j - 1) === before) j--;
    return j;
  }

  var hashTimer = 0;
  function go(target, keepPlayTime) {
    if (!N) return;
    moveTo(target);
    var e = events[at], run = runs[runOf[at]];
    if (!keepPlayTime) playTime = e[T];
    placePlayhead(runOf[at], keepPlayTime ? playTime : e[T]);
    highlightLane(at);
    renderPanel(at);
    showInTrace(at);
    scrub.value = String(at + 1);
    var turn = turnOf(at);
    position.textContent = 'event ' + (at + 1).toLocaleString('en') + ' of ' + N.toLocaleString('en') + ' \u00b7 ' + run.mode + ' run' + (runs.length > 1 ? ' (' + (runOf[at] + 1) + ' of ' + runs.length + ')' : '') + ' \u00b7 t = ' + seconds(e[T]) + (turn !== null ? ' \u00b7 turn ' + turn : '');
    buttons.first.disabled = buttons.back.disabled = at === 0;
    buttons.last.disabled = buttons.forward.disabled = at === N - 1;
    buttons['next-turn'].disabled = nextTurn(at) < 0;
    buttons['prev-turn'].disabled = prevTurn(at) < 0;
    document.body.setAttribute('data-event', String(at + 1));
    // The address names this moment, for a link; not on every frame of play.
    clearTimeout(hashTimer);
    hashTimer = setTimeout(writeHash, playing ? 400 : 0);
  }
  function writeHash() {
    var hash = '#event=' + (at + 1);
    if (location.hash === hash) return;
    try { history.replaceState(null, '', hash); } catch (error) { location.replace(hash); }
  }
  function readHash() {
    var match = /^#event=(\d+)$/.exec(location.hash);
    return match ? Math.max(1, Math.min(N, Number(match[1]))) - 1 : null;
  }

  // ---- play --------------------------------------------------------------------------------
  var speeds = [
    ['real time', 1], ['half speed', 0.5], ['a tenth', 0.1], ['twice as fast', 2], ['10 times as fast', 10],
    ['one event a second', -1], ['four events a second', -4]
  ];
  var speedSelect = document.getElementById('speed');
  // A long run plays scaled, so that it takes about 20 seconds.
  if (longest > 30) speeds.unshift(['the whole run in 20 s', 20 / longest]);
  speeds.forEach(function (s, k) { speedSelect.appendChild(el('option', { value: String(k), text: s[0] })); });
  var playing = false, lastFrame = 0, eventClock = 0;
  function speed() { return speeds[Number(speedSelect.value)][1]; }
  function play() {
    if (!N) return;
    if (at >= N - 1) go(0);
    playing = true;
    lastFrame = 0;
    eventClock = 0;
    buttons.play.setAttribute('aria-pressed', 'true');
    buttons.play.textContent = '\u275A\u275A pause';
    document.body.setAttribute('data-playing', 'true');
    requestAnimationFrame(frame);
  }
  function pause() {
    if (!playing) return;
    playing = false;
    buttons.play.setAttribute('aria-pressed', 'false');
    buttons.play.textContent = '\u25B6 play';
    document.body.setAttribute('data-playing', 'false');
    writeHash();
  }
  function frame(now) {
    if (!playing) return;
    var dt = lastFrame ? Math.min(0.25, (now - lastFrame) / 1000) : 0;
    lastFrame = now;
    var rate = speed();
    var target = at;
    if (rate < 0) {
      eventClock += dt * -rate;
      while (eventClock >= 1 && target < N - 1) { eventClock -= 1; target++; }
      if (target !== at) go(target);
    } else {
      playTime += dt * rate;
      // Every event of this run up to the playhead; the next run starts at its own 0.
      while (target + 1 < N && runOf[target + 1] === runOf[at] && events[target + 1][T] <= playTime + 1e-9) target++;
      var runEnd = runs[runOf[at]].first + runs[runOf[at]].count - 1;
      if (target === runEnd && target + 1 < N && playTime >= events[runEnd][T]) { target++; playTime = 0; }
      if (target !== at) go(target, true);
      else placePlayhead(runOf[at], playTime);
    }
    if (at >= N - 1 && (rate < 0 || playTime >= events[N - 1][T])) { pause(); return; }
    requestAnimationFrame(frame);
  }

  // ---- input -------------------------------------------------------------------------------
  buttons.first.addEventListener('click', function () { pause(); go(0); });
  buttons.last.addEventListener('click', function () { pause(); go(N - 1); });
  buttons.back.addEventListener('click', function () { pause(); go(at - 1); });
  buttons.forward.addEventListener('click', function () { pause(); go(at + 1); });
  buttons['next-turn'].addEventListener('click', function () { pause(); var j = nextTurn(at); if (j >= 0) go(j); });
  buttons['prev-turn'].addEventListener('click', function () { pause(); var j = prevTurn(at); if (j >= 0) go(j); });
  buttons.play.addEventListener('click', function () { if (playing) pause(); else play(); });
  scrub.addEventListener('input', function () { pause(); go(Number(scrub.value) - 1); });
  window.addEventListener('hashchange', function () { var i = readHash(); if (i !== null && i !== at) { pause(); go(i); } });
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === 'SELECT' || tag === 'INPUT' || tag === 'TEXTAREA') return;
    // A focused button takes Space and Enter as a press of itself.
    if (tag === 'BUTTON' && (event.key === ' ' || event.key === 'Enter')) return;
    var actions = {
      ArrowRight: function () { pause(); go(at + 1); },
      ArrowDown: function () { pause(); go(at + 1); },
      ArrowLeft: function () { pause(); go(at - 1); },
      ArrowUp: function () { pause(); go(at - 1); },
      PageDown: function () { pause(); var j = nextTurn(at); if (j >= 0) go(j); },
      PageUp: function () { pause(); var j = prevTurn(at); if (j >= 0) go(j); },
      Home: function () { pause(); go(0); },
      End: function () { pause(); go(N - 1); },
      ' ': function () { if (playing) pause(); else play(); }
    };
    if (!actions[event.key]) return;
    event.preventDefault();
    actions[event.key]();
  });

  // Drag across the lanes to move the playhead; a click on a bar goes to the event that began it.
  function svgPoint(event) {
    var box = lanesSvg.getBoundingClientRect();
    var scale = W / box.width;
    return { x: (event.clientX - box.left) * scale, y: (event.clientY - box.top) * scale };
  }
  function blockAt(y) {
    for (var r = 0; r < blocks.length; r++) if (y >= blocks[r].top && y <= blocks[r].bottom + 6) return r;
    return runOf[at];
  }
  function goToTime(run, t) {
    var first = runs[run].first, last = first + runs[run].count - 1, best = first;
    for (var i = first; i <= last; i++) { if (events[i][T] <= t + 1e-9) best = i; else break; }
    go(best, true);
    playTime = t;
    placePlayhead(run, t);
  }
  var drag = null;
  function onDown(event) {
    if (event.button !== 0) return;
    pause();
    var p = svgPoint(event);
    drag = { x: p.x, y: p.y, moved: false, run: blockAt(p.y), bar: event.target.closest ? event.target.closest('.bar') : null };
    lanesSvg.setPointerCapture(event.pointerId);
  }
  function onMove(event) {
    if (!drag) return;
    var p = svgPoint(event);
    if (Math.abs(p.x - drag.x) > 3) drag.moved = true;
    if (drag.moved) goToTime(drag.run, timeAt(p.x));
  }
  function onUp(event) {
    if (!drag) return;
    var d = drag;
    drag = null;
    if (d.moved) return;
    if (d.bar) {
      var run = Number(d.bar.getAttribute('data-run'));
      var task = taskIndex.get(d.bar.getAttribute('data-task'));
      var from = Number(d.bar.getAttribute('data-from'));
      var state = Number(d.bar.getAttribute('data-state'));
      var first = runs[run].first, last = first + runs[run].count, later = -1;
      // The event that put the task in the bar's state; else its first event from then on.
      for (var i = first; i < last; i++) {
        if (events[i][TASK] !== task || events[i][T] < from - 1e-6) continue;
        if (events[i][STATE] === state) { go(i); return; }
        if (later < 0) later = i;
        if (events[i][T] > from + 1e-6) break;
      }
      if (later >= 0) { go(later); return; }
    }
    goToTime(d.run, timeAt(svgPoint(event).x));
  }

  // ---- the page's words ----------------------------------------------------------------------
  function describePage() {
    var modes = runs.map(function (r) { return r.mode; });
    document.getElementById('title').textContent = 'asyncdemo: ' + (modes.length > 1 ? modes.join(' vs ') : modes[0] || 'no run');
    document.title = document.getElementById('title').textContent;
    var words = runs.map(function (run) { return run.mode + ' ' + run.outcome; });
    if (data.speed_up) words.push('async ' + data.speed_up + ' as fast');
    document.getElementById('subtitle').textContent = words.join('; ');
    var note = document.getElementById('source-note');
    if (data.source === 'trace') {
      note.textContent = 'Drawn from a saved trace: the events give the lanes, each task\'s state, the pending timers, the pool, the sockets, the locks and queues. The ready queue, the loop\'s turns and the --explain sentences are known only while the loop runs, and a trace does not carry them: asyncdemo --html FILE records them too.';
    } else {
      note.textContent = 'Recorded as the run went: each event with the loop as it stood then (its turn, its ready queue, its timers, the pool, the sockets) and what --explain says happens next.';
    }
    var dropped = runs.filter(function (r) { return r.dropped > 0; });
    if (dropped.length) {
      note.textContent += ' This run is large: the page keeps the first ' + (runs[0].count - 1).toLocaleString('en') + ' events of each run to step through; the lanes show every event.';
    }
    document.getElementById('made-by').textContent = 'Made by ' + data.version + '. This page loads nothing from anywhere: it works offline.';
  }

  describePage();
  drawLanes();
  drawLegend();
  lanesSvg.addEventListener('pointerdown', onDown);
  lanesSvg.addEventListener('pointermove', onMove);
  lanesSvg.addEventListener('pointerup', onUp);
  lanesSvg.addEventListener('pointercancel', function () { drag = null; });
  var start = readHash();
  go(start === null ? 0 : start);
  // How long the page took to open, from the browser's start of navigation (scripts/bench).
  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
  document.body.setAttribute('data-ready', 'true');
})();
