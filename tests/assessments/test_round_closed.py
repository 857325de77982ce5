"""A round closed by its decision accepts no new dossier (issue 22): once the commune's recognising unit
has decided the round, "Bắt đầu chấm điểm" is not offered and a direct POST is refused by the service
(assessments.start, assessments.selectors.closing_decision); a unit that has not decided keeps it open."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from communes.models import Kind, Level
from tests.factories import AssessmentFactory, CommuneOfficerFactory

pytestmark = pytest.mark.django_db
S = Assessment.Status
CLOSED = "không nhận thêm hồ sơ tự đánh giá mới"


def test_a_round_decided_by_the_communes_recognising_unit_takes_no_new_dossier(workflow, client):
    w = workflow
    url = reverse("assessments:start", args=[w.round.pk])
    assert w.neighbour_officer.has_perm("assessments.start", w.round)
    client.force_login(w.neighbour_officer)
    assert "Bắt đầu chấm điểm" in client.get(url).content.decode()
    assert url in client.get(reverse("home")).content.decode()

    # Huyện Văn Bàn decides the round (Khánh Yên recognised): Võ Lao, of the same district, may start no dossier
    decided = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state=S.RECOGNISED)
    assert not w.neighbour_officer.has_perm("assessments.start", w.round)
    page = client.get(url).content.decode()
    assert "Bắt đầu chấm điểm" not in page and 'id="round-closed"' in page
    assert f"Quyết định số {decided.decision.number} ngày 05/12/2024 của Huyện Văn Bàn" in page and CLOSED in page
    assert url not in client.get(reverse("home")).content.decode()
    response = client.post(url, follow=True)
    assert CLOSED in response.content.decode()
    with pytest.raises(ValidationError, match=CLOSED):
        services.assessment_start(by=w.neighbour_officer, round=w.round, commune=w.units.neighbour)
    assert not Assessment.objects.filter(round=w.round, commune=w.units.neighbour).exists()
    register = reverse("assessments:register", args=[w.round.pk])
    response = client.post(register, {"registered_on": "2024-03-01", "note": "Đăng ký muộn"}, follow=True)
    assert CLOSED in response.content.decode()
    assert not w.round.registrations.filter(commune=w.units.neighbour).exists()

    # the decided commune still opens its own dossier
    client.force_login(w.officer)
    assert client.post(url).url == reverse("assessments:detail", args=[decided.pk])


def test_a_round_stays_open_where_the_recognising_unit_has_not_decided(workflow, client, make_unit):
    """Before the reform each district decides for its communes: Văn Bàn's decision closes the round
    to Văn Bàn's communes only."""
    w = workflow
    AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state=S.RECOGNISED)
    sa_pa = make_unit("Thị xã Sa Pa", "088", Level.DISTRICT, Kind.TOWN, w.units.province)
    ward = make_unit("Phường Sa Pa", "03001", Level.COMMUNE, Kind.WARD, sa_pa)
    officer = CommuneOfficerFactory(unit=ward)
    assert officer.has_perm("assessments.start", w.round)
    client.force_login(officer)
    assert "Bắt đầu chấm điểm" in client.get(reverse("assessments:start", args=[w.round.pk])).content.decode()
    a = services.assessment_start(by=officer, round=w.round, commune=ward)
    assert a.commune == ward and a.status == S.DRAFT
