"""Every move tells the people who act next (issue 22), each with the link to the page where they act:
a submitted dossier the recognising office, an accepted one the appraisers of each owning sector, a
completed appraisal the council and its chair, a decision the commune and the level above, once the decision is
issued (its record kept: here its scanned paper original), not when it is recorded; the commune keeps its notices.
The acting body is named as on the act's day, numbers are Vietnamese."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Notification, Role
from assessments import services
from criteria.selectors import sharers_map
from tests import factories
from tests.assessments.test_two_tier_moves import YEAR, two_tier, user  # noqa: F401 - the fixture
from tests.factories import AssessmentFactory, advance, seen
from tests.samples import pdf_bytes


def told(a, status):
    """{recipient: (subject, body, url)} of the notices of dossier ``a``'s last move to ``status``."""
    t = a.transitions.filter(to_status=status).latest("at", "id")
    return {n.recipient: (n.subject, n.body, n.url)
            for n in Notification.objects.filter(key=f"dossier:{a.pk}:{status}:{t.pk}").select_related("recipient")}


def issue(decision, by):
    """The decision issued by its scanned paper original (assessments.signing): nothing told of it before."""
    from assessments import signing

    assert not Notification.objects.filter(key__regex=r"^dossier:[0-9]+:(recognised|not_recognised):").exists()
    assert not Notification.objects.filter(key=f"decision:{decision.pk}").exists()
    signing.paper_copy_upload(by=by, document="decision", decision=decision,
                              upload=SimpleUploadedFile("qd-ban-chup.pdf", pdf_bytes()))


def test_each_move_tells_who_acts_next_with_the_page_where_they_act(workflow, users, media):
    w = workflow
    member = users.council_member
    url = reverse("assessments:detail", args=[0]).replace("/0/", "/{}/")
    a = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state="submitted",
                          points={7: 37.5})
    detail = url.format(a.pk)

    # submitted: the recognising office (Văn Bàn's officer), not another district, not the commune
    [(office, (subject, body, link))] = told(a, "submitted").items()
    assert office == w.district and link == detail
    assert subject == "Hồ sơ năm 2024 của Thị trấn Khánh Yên đã nộp, chờ tiếp nhận"
    assert "tổng điểm tự đánh giá: 987,5" in body and "30/11/2024" in body

    # accepted: the commune, and the appraisers of each sector owning criteria in Lào Cai, on their form
    a = advance(a, "accepted", recogniser=w.district)
    notices = told(a, "accepted")
    owning = {s for sectors in sharers_map(w.standard, w.units.province.code).values() for s in sectors}
    appraisers = {w.appraisers[s.code] for s in owning}
    assert set(notices) == {w.officer} | appraisers
    assert notices[w.officer][2] == detail
    assert "Phòng Lao động - Thương binh và Xã hội huyện Văn Bàn tiếp nhận" in notices[w.officer][1]
    for sector in owning:
        subject, body, link = notices[w.appraisers[sector.code]]
        assert link == reverse("assessments:appraisal", args=[a.pk])
        assert subject == f"Hồ sơ năm 2024 của Thị trấn Khánh Yên chờ ngành {sector.short_name} thẩm định"
        mine = [n for n, sectors in sharers_map(w.standard, w.units.province.code).items() if sector in sectors]
        assert f"thẩm định tiêu chí {', '.join(map(str, mine))} trước ngày 30/11/2024" in body

    # appraised: the commune, the council (the dossier) and its chair (the round's decision form)
    a = advance(a, "appraised", recogniser=w.district, appraisers=w.appraisers)
    notices = told(a, "appraised")
    assert set(notices) == {w.officer, member, w.chair}
    assert notices[w.chair][2] == reverse("assessments:round", args=[w.round.pk])
    assert notices[member][2] == detail
    assert "tổng điểm sau thẩm định 987,5/1.000, đạt chuẩn" in notices[w.chair][1]
    assert notices[w.chair][1].startswith("Phòng Lao động - Thương binh và Xã hội huyện Văn Bàn hoàn thành báo cáo "
                                          "thẩm định hồ sơ của Thị trấn Khánh Yên ngày")
    assert "Hạn ra quyết định công nhận: 10/12/2024" in notices[w.chair][1]
    assert "Tổng điểm sau thẩm định: 987,5." in notices[w.officer][1]

    # decided: the commune (its dossier) and the level above (Lào Cai's staff, the decision); once a decision
    a = advance(a, "recognised", decider=w.chair)
    issue(a.decision, w.chair)
    notices = told(a, "recognised")
    assert set(notices) == {w.officer}
    assert "Quyết định số" in notices[w.officer][1] and "của Chủ tịch UBND huyện Văn Bàn" in notices[w.officer][1]
    [above] = Notification.objects.filter(key=f"decision:{a.decision_id}")
    assert above.recipient == w.province_staff
    assert above.url == reverse("assessments:decision", args=[a.decision_id])
    assert above.body.startswith(f"Chủ tịch UBND huyện Văn Bàn ký Quyết định số {a.decision.number} ngày 05/12/2024")
    # nobody outside the chain was told anything; national staff are not told of a district's decision
    assert not Notification.objects.filter(recipient__in=[w.neighbour_officer, w.outsider, w.other_district,
                                                          users.national_staff, users.sysadmin]).exists()


def test_a_decision_of_many_dossiers_tells_the_level_above_once(workflow, media):
    w = workflow
    one = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state="appraised",
                            recogniser=w.district, appraisers=w.appraisers)
    two = AssessmentFactory(round=w.round, commune=w.units.neighbour, officer=w.neighbour_officer,
                            state="appraised", recogniser=w.district, appraisers=w.appraisers)
    d = services.decision_issue(by=w.chair, round=w.round, issuer=w.units.district, number="77/QĐ-UBND",
                                signed_on=dt.date(2024, 12, 5), signer_name="Đỗ Văn Quang",
                                signer_title="Phó Chủ tịch", outcomes={one.pk: (True, ""), two.pk: (True, "")},
                                seen_versions={one.pk: seen(one), two.pk: seen(two)})
    issue(d, w.chair)
    assert list(Notification.objects.filter(key=f"decision:{d.pk}").values_list("recipient", flat=True)) == [
        w.province_staff.pk]
    assert Notification.objects.filter(key__startswith=f"dossier:{two.pk}:recognised:",
                                       recipient=w.neighbour_officer).count() == 1


def test_a_return_tells_the_commune_the_day_to_resubmit_by(workflow):
    w = workflow
    a = AssessmentFactory(round=w.round, commune=w.units.commune, officer=w.officer, state="submitted")
    services.assessment_return(by=w.district, assessment_id=a.pk, seen_version=seen(a), comment="Thiếu biên bản",
                               on=dt.date(2024, 11, 14))
    [(who, (_subject, body, _url))] = told(a, "returned").items()
    assert who == w.officer
    assert "Hạn nộp lại hồ sơ: chậm nhất ngày 15/11/2024 (hạn xã nộp hồ sơ của đợt)." in body
    # returned again after the round's submission deadline: the appraisal's deadline is the last day
    a = advance(a, "submitted", officer=w.officer)
    services.assessment_return(by=w.district, assessment_id=a.pk, seen_version=seen(a), comment="Thiếu chữ ký",
                               on=dt.date(2024, 11, 20))
    body = told(a, "returned")[w.officer][1]
    assert "Hạn xã nộp hồ sơ của đợt (15/11/2024) đã qua" in body and "chậm nhất ngày 30/11/2024" in body


def test_after_the_reform_the_province_is_named_as_people_do_and_the_nation_is_told(two_tier, media):  # noqa: F811
    std, bac_ninh, kinh_bac, _tu_son, lao_cai, _sa_pa, sectors, r = two_tier
    office = user(Role.DISTRICT_OFFICER, bac_ninh)
    chair = user(Role.COUNCIL_CHAIR, bac_ninh)
    officer = user(Role.COMMUNE_OFFICER, kinh_bac)
    health = user(Role.SECTOR_APPRAISER, bac_ninh, sectors["labour"])  # child affairs: Sở Y tế since 3/2025
    nation = factories.NationalStaffFactory()
    elsewhere = user(Role.DISTRICT_OFFICER, lao_cai)
    a = AssessmentFactory(round=r, commune=kinh_bac, officer=officer, state="submitted")
    assert set(told(a, "submitted")) == {office}
    a = advance(a, "accepted", recogniser=office)
    subject, body, _url = told(a, "accepted")[health]
    assert subject == "Hồ sơ năm 2025 của Phường Kinh Bắc chờ ngành Y tế thẩm định"
    assert body.startswith("Sở Y tế tỉnh Bắc Ninh tiếp nhận hồ sơ hợp lệ của Phường Kinh Bắc")
    a = advance(a, "recognised", recogniser=office, decider=chair)
    issue(a.decision, chair)
    assert "của Chủ tịch UBND tỉnh Bắc Ninh" in told(a, "recognised")[officer][1]
    [above] = Notification.objects.filter(key=f"decision:{a.decision_id}")
    assert above.recipient == nation and "Chủ tịch UBND tỉnh Bắc Ninh ký Quyết định số" in above.body
    assert not Notification.objects.filter(recipient=elsewhere).exists()
