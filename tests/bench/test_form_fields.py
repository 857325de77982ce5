"""The load harness reads a page's form as a browser sends it (lxml.html's forms; issue 21)."""

import pytest

from bench.stack import form_fields

PAGE = """<html><body>
<form method="get" id="filter"><input name="q" value="search"></form>
<form method="post" id="logout"><input type="hidden" name="next" value="/"></form>
<form method="post" id="score-form">
  <input type="hidden" name="version" value="3">
  <input type="text" name="points_1" value="97,5"><input type="text" name="points_2">
  <textarea name="note_1">
Sổ theo dõi</textarea>
  <input type="checkbox" name="clear_1"><input type="checkbox" name="clear_2" checked>
  <select name="sector"><option value="a">A</option><option value="b" selected>B</option></select>
  <input type="text" name="locked" value="x" disabled><input type="file" name="file">
  <button type="submit" name="save" value="1">Lưu</button>
</form></body></html>"""


def test_it_sends_what_a_browser_sends_from_the_form_named():
    assert form_fields(PAGE, "score-form") == {
        "version": "3", "points_1": "97,5", "points_2": "", "note_1": "Sổ theo dõi", "clear_2": "on", "sector": "b"}


def test_without_an_id_it_reads_the_first_post_form():
    assert form_fields(PAGE) == {"next": "/"}


def test_it_refuses_a_page_without_that_form():
    with pytest.raises(LookupError):
        form_fields(PAGE, "decision-form")
