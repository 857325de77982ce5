// The dossier page's evidence upload with several files: each file is sent on its own (the same form the
// page posts without this script), with its progress and the server's answer on its own line; the page is
// then loaded again, showing the files stored and a message for each file (assessments.views.evidence_upload).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("evidence-form");
  var input = document.getElementById("evidence-file");
  var list = document.getElementById("evidence-progress");
  if (!form || !input || !list || !window.FormData || !window.XMLHttpRequest) return;

  function send(file, line) {
    return new Promise(function (resolve) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("version", form.querySelector("[name=version]").value);
      data.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      var bar = line.querySelector("progress"), note = line.querySelector(".evidence-note");
      xhr.open("POST", form.action);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
      });
      xhr.addEventListener("loadend", function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText).files[0]; } catch (err) { answer = null; }
        var ok = answer ? answer.ok : false;
        bar.value = bar.max;
        note.textContent = answer ? answer.message : "Chưa tải lên “" + file.name + "”: không gửi được tệp (mã " + xhr.status + ").";
        line.className = ok ? "text-success" : "text-danger";
        line.dataset.state = ok ? "done" : "refused";
        resolve(ok);
      });
      xhr.send(data);
    });
  }

  form.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) return;  // the browser says the field is required
    event.preventDefault();
    list.textContent = "";
    var lines = files.map(function (file) {
      var line = document.createElement("li");
      line.dataset.state = "waiting";
      var bar = document.createElement("progress");
      bar.max = 1; bar.value = 0; bar.className = "me-2 align-middle";
      bar.setAttribute("aria-label", "Tiến độ tải lên " + file.name);
      var note = document.createElement("span");
      note.className = "evidence-note";
      note.textContent = file.name;
      line.appendChild(bar); line.appendChild(note);
      list.appendChild(line);
      return line;
    });
    form.querySelectorAll("button, input, select").forEach(function (el) { el.disabled = true; });
    files.reduce(function (chain, file, i) {
      return chain.then(function () { return send(file, lines[i]); });
    }, Promise.resolve()).then(function () {
      window.location.assign(window.location.pathname);  // the stored files, and a message for each
    });
  });
});
