// The scoring page (assessments/detail.html).
// 1. The sector filter: with JavaScript the rows of other sectors are hidden at once (their inputs stay
//    in the form, so nothing typed is lost); without it "Lọc" reloads the page with ?nganh=<sector>.
// 2. The live verdict: what is typed is sent to the preview (nothing saved) and the sticky bar
//    (assessments/_live_bar.html) is updated in place: the total, the threshold, the cells not yet
//    valid, each marked where it is. Nothing moves, so no click can land elsewhere.
// 3. The save: "Lưu điểm" posts what is typed at the moment of the click, whatever preview is in flight.
//    A save that fails for the network keeps the page and its draft (static/js/drafts.js), says so,
//    offers "Thử lại" and retries once by itself when the connection comes back. Clicked while the
//    browser knows it is offline, nothing is sent (a request the browser reported failed cannot then
//    arrive later): the same message, the same one retry when the connection comes back. A save whose answer
//    was lost and is sent again is answered "saved" by the server (same values, no second write).
//    A refusal is posted again as a plain form, so the page shows it at the fields.
(function () {
  "use strict";

  var select = document.getElementById("sector-select");
  if (select) {
    select.addEventListener("change", function () {
      var code = select.value;
      document.querySelectorAll("tr.score-row").forEach(function (row) {
        row.hidden = code !== "" && row.dataset.sector !== code;
      });
      var url = new URL(window.location.href);
      if (code) { url.searchParams.set("nganh", code); } else { url.searchParams.delete("nganh"); }
      window.history.replaceState(null, "", url);
    });
  }

  var form = document.getElementById("score-form");
  var bar = document.getElementById("live-bar");
  if (!form || !bar || !window.fetch || !window.FormData) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var drafts = window.TreemDrafts;
  var timer = null, previewing = null, seq = 0;
  var saving = false, failed = false, retriedOnline = false, lastSubmitter = null;

  function criterionOf(name) {
    var m = /^(?:points|note|clear|fig)_(\d+)/.exec(name);
    return m ? Number(m[1]) : null;
  }

  function show(d) {
    $("live-total").textContent = d.total;
    $("live-threshold").textContent = "≥ " + d.threshold;
    var outcome = $("live-outcome");
    outcome.textContent = d.recognised ? "Đạt" : "Chưa đạt";
    outcome.className = "badge " + (d.recognised ? "bg-success" : "bg-warning text-dark");
    var bad = [];
    (d.invalid || []).forEach(function (name) {
      var n = criterionOf(name);
      if (n !== null && bad.indexOf(n) < 0) { bad.push(n); }
    });
    bad.sort(function (x, y) { return x - y; });
    var parts = [];
    var list = $("live-invalid-list");
    list.textContent = bad.length ? bad.join(", ") : (d.messages.length ? d.messages.length + " lỗi" : "không có");
    list.className = bad.length || d.messages.length ? "live-bad" : "";
    if (d.missing.length) { parts.push("chưa chấm " + d.missing.length + " tiêu chí"); }
    if (d.zeros.length) { parts.push("0 điểm: " + d.zeros.join(", ")); }
    $("live-extra").textContent = parts.length ? " · " + parts.join(" · ") : "";
    var errors = $("live-errors");
    errors.textContent = "";
    d.messages.concat(d.notices || []).forEach(function (m) {
      var li = document.createElement("li");
      li.textContent = m;
      errors.appendChild(li);
    });
    // each cell marked where it is: the field that is wrong, with its message as its title
    var byCriterion = {};
    d.messages.forEach(function (m) {
      var k = /^Tiêu chí (\d+)/.exec(m);
      if (k) { byCriterion[k[1]] = (byCriterion[k[1]] ? byCriterion[k[1]] + " " : "") + m; }
    });
    Array.prototype.forEach.call(form.querySelectorAll(".points-input, .figure-input"), function (input) {
      var wrong = d.invalid.indexOf(input.name) >= 0;
      input.classList.toggle("is-invalid", wrong);
      if (wrong) {
        input.setAttribute("aria-invalid", "true");
        input.title = byCriterion[criterionOf(input.name)] || "Ô chưa hợp lệ";
      } else if (input.getAttribute("aria-invalid") === "true") {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("title");
      }
    });
  }

  function preview() {
    if (previewing) { previewing.abort(); }
    previewing = new AbortController();
    var mine = ++seq;
    fetch(bar.dataset.preview, {method: "POST", body: new FormData(form), credentials: "same-origin",
                                headers: {Accept: "application/json"}, signal: previewing.signal})
      .then(function (r) { return r.json(); })
      .then(function (d) { if (mine === seq && !saving) { show(d); } })
      .catch(function () { /* offline or aborted: the bar keeps the last verdict */ });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(preview, 350);
  }
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);

  function status(text, bad) {
    var s = $("save-status");
    s.textContent = text;
    s.title = text;
    s.hidden = !text;
    s.className = bad ? "save-failed" : "";
    $("live-invalid").hidden = !!text;
    $("save-retry").hidden = !bad;
  }

  function plainPost(submitter) {
    form.dataset.plainPost = "yes";
    if (form.requestSubmit) { form.requestSubmit(submitter || undefined); } else { form.submit(); }
  }

  function fail(text) {
    saving = false;
    failed = true;
    status(text, true);
  }

  function send(submitter) {
    if (saving) { return; }
    clearTimeout(timer);
    if (previewing) { previewing.abort(); }
    seq++;
    if (drafts) { drafts.keep(form); }  // typed values are in the browser before anything leaves it
    if (navigator.onLine === false) {  // known to be offline: nothing is sent, so nothing can arrive late
      failed = true;
      status("Không có kết nối: chưa gửi. Bản nháp được giữ trên máy này; có mạng lại, trang tự gửi một lần.", true);
      return;
    }
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value || ""); }
    saving = true;
    failed = false;
    status("Đang lưu…", false);
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                        headers: {Accept: "application/json"}})
      .then(function (r) {
        var json = (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (r.ok && json) {
          return r.json().then(function (d) {
            if (drafts) { drafts.clear(form); }
            status("Đã lưu.", false);
            window.location.assign(d.url);
          });
        }
        if (r.status >= 500) { return fail("Máy chủ chưa lưu được (lỗi " + r.status + "): bản nháp vẫn được giữ trên máy này."); }
        saving = false;
        plainPost(submitter);  // refused, or signed out: the page that answers a plain post says why
      })
      .catch(function () {
        fail("Chưa lưu: mất kết nối. Bản nháp vẫn được giữ trên máy này; có mạng lại, trang tự gửi lại một lần.");
      });
  }

  form.addEventListener("submit", function (ev) {
    if (form.dataset.plainPost) { return; }
    ev.preventDefault();
    lastSubmitter = ev.submitter || form.querySelector("button[name=save]");
    send(lastSubmitter);
  });
  $("save-retry").addEventListener("click", function () { send(lastSubmitter); });
  window.addEventListener("online", function () {
    if (failed && !retriedOnline) {
      retriedOnline = true;
      send(lastSubmitter);
    }
  });
})();
