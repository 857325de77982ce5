// The council form's "Thêm thành viên": a new member row in the page (the formset's empty form, numbered
// after the last row), nothing sent; without this script the button posts and the server answers with the
// form as typed and one more row (assessments.views.council). A row marked "Xóa" is shown struck through.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("add-member");
  var template = document.getElementById("council-member-template");
  var total = document.getElementById("id_m-TOTAL_FORMS");
  var body = document.querySelector("#council-members tbody");
  if (!button || !template || !total || !body) return;
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10);
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var first = body.lastElementChild.querySelector("input[type=text], input:not([type])");
    if (first) first.focus();
  });
  body.addEventListener("change", function (event) {
    if (event.target.name && /-DELETE$/.test(event.target.name)) {
      event.target.closest("tr").classList.toggle("text-decoration-line-through", event.target.checked);
    }
  });
});
