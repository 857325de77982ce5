// The decision form's "Chọn tất cả hồ sơ đạt chuẩn": with JavaScript every passing dossier not yet
// chosen is set to "Công nhận" at once (a choice already made, and everything typed, stays); without
// it the link reloads the round page with ?chon=dat-chuan and the server sets them.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("select-passing");
  if (!button) { return; }
  button.addEventListener("click", function (event) {
    event.preventDefault();
    document.querySelectorAll("#decision-form select[data-passing]").forEach(function (select) {
      if (select.value === "") { select.value = "yes"; }
    });
  });
});
