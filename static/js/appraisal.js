// The appraisal form's "Đồng ý toàn bộ điểm tự chấm": chooses "Thống nhất" on every criterion the commune
// scored and no adjusted points are typed on, in the page, saving nothing (the same form is posted by
// "Ghi kết quả thẩm định"). Without this script the button posts and the server answers with the form so
// filled (assessments.views._agree_all).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("agree-all");
  if (!button) return;
  var status = document.getElementById("agree-all-status");
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var filled = 0;
    document.querySelectorAll("#appraisal-form tr[data-criterion]").forEach(function (row) {
      var n = row.dataset.criterion;
      var agree = document.getElementById("agree_" + n), points = document.getElementById("points_" + n);
      if (row.dataset.selfScored !== "1" || !agree || (points && points.value.trim() !== "")) return;
      if (!agree.checked) { agree.checked = true; filled += 1; }
    });
    status.textContent = "Đã chọn “Thống nhất” cho " + filled + " tiêu chí; chưa ghi gì: xem lại rồi bấm “Ghi kết quả thẩm định”.";
  });
});
