// Drafts kept in the browser, for every form where a person types more than one value (the scores, the
// appraisal, the targets, the findings, the decision's list): <form data-draft="NAME"
// data-draft-version="PAGE VERSION">. What is typed is kept in localStorage as it is typed, under a key
// of the signed-in user (<meta name="app-user">), the form (NAME names the dossier, plan or round) and
// the page's version, so two users or two dossiers on one browser never see each other's drafts.
// Coming back after a lost connection, a closed tab or a crash, the page offers the draft ("Bản nháp
// chưa lưu lúc 10:42 — khôi phục / bỏ"). A saved form clears its draft; logging out clears every draft
// and the service worker's cache. The offline page (templates/offline.html) shows a draft read-only.
(function () {
  "use strict";

  var PREFIX = "treem:draft:";
  var SENT = "treem:sent";
  var USER = "treem:user";
  var store = null;
  try {
    store = window.localStorage;
    store.setItem("treem:probe", "1");
    store.removeItem("treem:probe");
  } catch (e) { store = null; }  // storage refused (private mode, full): the forms work without drafts
  var meta = document.querySelector('meta[name="app-user"]');
  var user = meta ? meta.content : "";

  function keyFor(userId, name, version) {
    return PREFIX + "u" + userId + ":" + name + ":v" + (version || "0");
  }

  function read(key) {
    if (!store) { return null; }
    try { return JSON.parse(store.getItem(key)); } catch (e) { return null; }
  }

  // every draft of one user and form, newest first ({key, draft}); none of another user or form
  function draftsOf(userId, name) {
    var found = [];
    if (!store || !userId) { return found; }
    var start = PREFIX + "u" + userId + ":" + (name === undefined ? "" : name + ":v");
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k && k.indexOf(start) === 0) {
        var d = read(k);
        if (d) { found.push({key: k, draft: d}); }
      }
    }
    return found.sort(function (x, y) { return y.draft.at - x.draft.at; });
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && el.name !== "csrfmiddlewaretoken" && el.name !== "version" &&
        ["hidden", "file", "password", "submit", "button", "reset", "image"].indexOf(el.type) < 0 &&
        el.tagName !== "BUTTON" && el.tagName !== "FIELDSET";
    });
  }

  function valueOf(el) {
    if (el.type === "checkbox" || el.type === "radio") { return el.checked; }
    if (el.tagName === "SELECT" && el.multiple) {
      return Array.prototype.filter.call(el.options, function (o) { return o.selected; })
        .map(function (o) { return o.value; });
    }
    return el.value;
  }

  function labelOf(el) {
    var label = el.id && document.querySelector('label[for="' + el.id + '"]');
    var text = (label && label.textContent) || el.getAttribute("aria-label") || el.placeholder || el.name;
    return text.replace(/\s+/g, " ").trim();
  }

  function snapshot(form) {
    return fields(form).map(function (el) { return [el.name, valueOf(el)]; });
  }

  // what a person reads offline: the label and value of every field that holds something
  function view(form) {
    var rows = [];
    fields(form).forEach(function (el) {
      var v = valueOf(el);
      if (v === false || v === "" || (Array.isArray(v) && !v.length)) { return; }
      if (el.tagName === "SELECT" && !el.multiple && el.selectedIndex >= 0) { v = el.options[el.selectedIndex].text; }
      if (v === true) { v = "✓"; }
      rows.push([labelOf(el), Array.isArray(v) ? v.join(", ") : String(v)]);
    });
    return rows;
  }

  function apply(form, values) {
    var seen = {};
    var byName = {};
    fields(form).forEach(function (el) { (byName[el.name] = byName[el.name] || []).push(el); });
    values.forEach(function (pair) {
      var name = pair[0], v = pair[1];
      var i = seen[name] = (seen[name] || 0) + 1;
      var el = (byName[name] || [])[i - 1];
      if (!el) { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = !!v; }
      else if (Array.isArray(v)) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = v.indexOf(o.value) >= 0; });
      } else { el.value = v; }
      el.dispatchEvent(new Event("input", {bubbles: true}));
      el.dispatchEvent(new Event("change", {bubbles: true}));
    });
  }

  function hhmm(at) {
    var d = new Date(at), opts = {hour: "2-digit", minute: "2-digit", hour12: false};
    var day = {day: "2-digit", month: "2-digit", year: "numeric"};
    try { opts.timeZone = day.timeZone = "Asia/Ho_Chi_Minh"; d.toLocaleTimeString("vi-VN", opts); }
    catch (e) { delete opts.timeZone; delete day.timeZone; }
    var time = d.toLocaleTimeString("vi-VN", opts);
    var date = d.toLocaleDateString("vi-VN", day);
    return date === new Date().toLocaleDateString("vi-VN", day) ? time : time + " ngày " + date;
  }

  var forms = [];

  function Draft(form) {
    this.form = form;
    this.name = form.dataset.draft;
    this.version = form.dataset.draftVersion || "0";
    this.key = keyFor(user, this.name, this.version);
    this.initial = JSON.stringify(snapshot(form));
    this.pending = null;  // a draft offered and not yet answered: kept as it is until then
    this.timer = null;
  }

  var leaving = false;  // logging out: nothing is kept any more, not even on the way out of the page

  Draft.prototype.keep = function () {
    clearTimeout(this.timer);
    if (!store || !user || this.pending || leaving) { return; }
    var values = snapshot(this.form);
    if (JSON.stringify(values) === this.initial) { store.removeItem(this.key); return; }
    try {
      store.setItem(this.key, JSON.stringify({
        at: Date.now(), version: this.version, url: location.pathname + location.search,
        title: document.title.split(" – ")[0], fields: values, view: view(this.form)}));
    } catch (e) { /* storage full: nothing more can be kept */ }
  };

  Draft.prototype.clear = function () {
    if (!store) { return; }
    draftsOf(user, this.name).forEach(function (d) { store.removeItem(d.key); });
  };

  Draft.prototype.offer = function () {
    var self = this, current = JSON.stringify(snapshot(this.form));
    var found = draftsOf(user, this.name);
    found = found.filter(function (d) {
      if (JSON.stringify(d.draft.fields) !== current) { return true; }
      if (d.key !== self.key) { store.removeItem(d.key); }  // what it held is stored and shown: nothing to offer
      return false;
    });
    if (!found.length) { return; }
    var d = found[0];
    this.pending = d;
    var box = document.createElement("div");
    box.className = "alert alert-warning draft-prompt";
    box.setAttribute("role", "alert");
    box.dataset.draftPrompt = this.name;
    var text = document.createElement("span");
    text.textContent = "Bản nháp chưa lưu lúc " + hhmm(d.draft.at) +
      (d.draft.version !== this.version ? " (nhập trên trang cũ hơn: hồ sơ đã được cập nhật từ đó)" : "") + " — ";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-sm btn-primary draft-restore";
    restore.textContent = "khôi phục";
    var drop = document.createElement("button");
    drop.type = "button";
    drop.className = "btn btn-sm btn-outline-secondary draft-discard";
    drop.textContent = "bỏ";
    var slash = document.createElement("span");
    slash.textContent = " / ";
    box.append(text, restore, slash, drop);
    this.form.parentNode.insertBefore(box, this.form);
    restore.addEventListener("click", function () {
      self.pending = null;
      found.forEach(function (x) { store.removeItem(x.key); });
      apply(self.form, d.draft.fields);
      self.keep();
      box.remove();
      var first = self.form.querySelector(".is-invalid, input:not([type=hidden])");
      if (first) { first.focus({preventScroll: true}); }
    });
    drop.addEventListener("click", function () {
      self.pending = null;
      found.forEach(function (x) { store.removeItem(x.key); });
      self.keep();
      box.remove();
    });
  };

  function waitOnline(form, submitter) {
    var notice = form.previousElementSibling;
    if (!notice || !notice.classList.contains("draft-offline")) {
      notice = document.createElement("div");
      notice.className = "alert alert-warning draft-offline";
      notice.setAttribute("role", "alert");
      notice.textContent = "Không có kết nối: chưa gửi. Những gì đã nhập vẫn ở trên trang và được giữ trên máy " +
        "này; có mạng lại, biểu mẫu tự gửi một lần.";
      form.parentNode.insertBefore(notice, form);
    }
    if (form.dataset.waitingOnline) { return; }
    form.dataset.waitingOnline = "yes";
    window.addEventListener("online", function again() {
      window.removeEventListener("online", again);
      delete form.dataset.waitingOnline;
      notice.remove();
      if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
    });
  }

  function find(form) {
    for (var i = 0; i < forms.length; i++) { if (forms[i].form === form) { return forms[i]; } }
    return null;
  }

  // A form posted as a page: the page that answers says whether it was saved (a success message and no
  // error, or the form back at a newer version). Then its draft is cleared. A page between the two (the
  // confirmation step of an irreversible act: no form of that name, no verdict) passes the question on
  // to the page after it, once. The form shown again with an error was refused: it shows what was sent,
  // and the draft stays as it is. The form shown without either (the post never reached the server and
  // the page was opened again) offers the draft.
  function settleSent() {
    var sent = null, session = window.sessionStorage;
    try { sent = JSON.parse(session.getItem(SENT)); session.removeItem(SENT); }
    catch (e) { return null; }
    if (!sent || !store || sent.user !== user) { return null; }
    var success = document.querySelector(".app-messages .alert-success");
    var error = document.querySelector(".app-messages .alert-danger");
    var again = document.querySelector('form[data-draft="' + sent.name + '"]');
    if ((success && !error) || (again && (again.dataset.draftVersion || "0") !== sent.version)) {
      store.removeItem(sent.key);
      return null;
    }
    if (!again && !error && !success && !sent.step) {
      sent.step = 1;
      try { session.setItem(SENT, JSON.stringify(sent)); } catch (e) { /* no session storage */ }
      return null;
    }
    var refused = again && (error || again.querySelector(".alert-danger, .is-invalid, .invalid-feedback"));
    return refused ? sent.key : null;
  }

  function clearAll() {
    leaving = true;
    [window.localStorage, window.sessionStorage].forEach(function (s) {
      try {
        for (var i = s.length - 1; i >= 0; i--) {
          var k = s.key(i);
          if (k && k.indexOf("treem:") === 0) { s.removeItem(k); }
        }
      } catch (e) { /* no storage */ }
    });
    if (window.caches && caches.keys) {
      caches.keys().then(function (names) { names.forEach(function (n) { caches.delete(n); }); });
    }
  }

  function start() {
    if (store && user) { store.setItem(USER, user); }
    showOffline();
    var refused = settleSent();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), function (form) {
      var d = new Draft(form);
      forms.push(d);
      var keepSoon = function () { clearTimeout(d.timer); d.timer = setTimeout(function () { d.keep(); }, 300); };
      form.addEventListener("input", keepSoon);
      form.addEventListener("change", keepSoon);
      form.addEventListener("submit", function (ev) {
        d.keep();
        // Known to be offline: the form is not sent (the browser would only show its error page); the
        // page stays as typed, says so, and sends the form once by itself when the connection is back.
        // The scoring page saves by its own script (static/js/scoring.js), which does the same.
        if (navigator.onLine === false && !form.hasAttribute("data-draft-own-save")) {
          ev.preventDefault();
          waitOnline(form, ev.submitter);
          return;
        }
        try {
          window.sessionStorage.setItem(SENT, JSON.stringify({user: user, name: d.name, key: d.key, version: d.version}));
        } catch (e) { /* no session storage */ }
      });
      if (d.key !== refused) { d.offer(); }
    });
    window.addEventListener("pagehide", function () { forms.forEach(function (d) { d.keep(); }); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { forms.forEach(function (d) { d.keep(); }); }
    });
    // logging out clears the drafts and the cache (the server's answer says Clear-Site-Data too)
    Array.prototype.forEach.call(document.querySelectorAll("form[data-logout]"), function (form) {
      form.addEventListener("submit", clearAll);
    });
  }

  // The offline page (templates/offline.html), shown by the service worker in place of the page asked
  // for: the newest draft this browser keeps for that page, read-only.
  function showOffline() {
    var section = document.getElementById("offline-draft");
    if (!section || !store) { return; }
    var who = store.getItem(USER);
    var here = draftsOf(who).filter(function (d) { return d.draft.url && d.draft.url.split("?")[0] === location.pathname; });
    if (!here.length) { return; }
    var d = here[0].draft;
    document.getElementById("offline-draft-title").textContent = "Bản nháp chưa lưu: " + (d.title || location.pathname);
    document.getElementById("offline-draft-when").textContent = "Nhập lúc " + hhmm(d.at) + ", chưa gửi được lên máy chủ.";
    var rows = document.getElementById("offline-draft-rows");
    (d.view || []).forEach(function (pair) {
      var tr = document.createElement("tr"), th = document.createElement("th"), td = document.createElement("td");
      th.scope = "row";
      th.className = "fw-normal";
      th.textContent = pair[0];
      td.textContent = pair[1];
      tr.append(th, td);
      rows.appendChild(tr);
    });
    section.hidden = false;
  }

  var worker = document.querySelector('meta[name="app-sw"]');
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker.content, {scope: "/"}).catch(function () { /* the site works without it */ });
  }

  window.TreemDrafts = {
    keyFor: keyFor,
    draftsOf: draftsOf,
    user: function () { return user; },
    lastUser: function () { return store ? store.getItem(USER) : null; },
    keep: function (form) { var d = find(form); if (d) { d.keep(); } },
    clear: function (form) { var d = find(form); if (d) { d.clear(); } },
    clearAll: clearAll,
    hhmm: hhmm
  };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
