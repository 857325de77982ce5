"""The score template keeps names as text: a commune or round named like a formula stays text."""

from assessments import excel
from communes.models import Unit
from tests.excel_formulas import PLANTED, assert_user_text_is_text
from tests.factories import CommuneFactory, RoundFactory

LINK, PLUS, MINUS, AT, TAB = PLANTED


def test_the_score_template_stores_names_as_text(db):
    r = RoundFactory()
    communes = [CommuneFactory(parent=r.province) for _ in range(4)]
    for commune, name in zip(communes, (LINK, PLUS, MINUS, AT), strict=True):
        Unit.objects.filter(pk=commune.pk).update(name=name)
    content = excel.build_template(round=r, communes=excel.template_communes(r, r.province))
    assert_user_text_is_text(content, [LINK, PLUS, MINUS, AT])
