"""Demo inspection plans recreated from the seeds, on pre-reform units found by name.

- Lào Cai, Kế hoạch số 260/KH-UBND ngày 09/10/2017 (seed 000): legal basis, purposes, period under
  review 2015–2017, team of six departments in two sub-teams, criteria per department and the duties of
  section VII.1–7 (VII.7's reports due 30/11/2017), three districts of which each chooses 02 communes,
  and the report outline (đề cương, sections A.I–IV and B). The seed says only that the member departments
  take part in the two sub-teams; which sub-team each joins here is the demo's choice.
- Bắc Giang 2024, Sở LĐTBXH (seed 002): the team, section VI (reports due 10/5/2024) and the visit
  schedule of appendix 01 (ten districts, two communes each), the units named as the seed names them
  in 2024 (Kiên Thành and Kiên Lao of Lục Ngạn, Yên Dũng's communes) whatever later resolutions made of
  them. The seed gives one date per district; here the first commune is visited in the morning and the
  second in the afternoon.

Each plan's audit history is dated on the days of its acts and names who recorded them: drawn up and
approved on its issue day (Lào Cai 09/10/2017); the Bắc Giang plan is dated "tháng 4 năm 2024" without a
day, so its history is recorded on 01/4/2024.

Idempotent: a plan that already exists is left as it is. Units that are not in the database are
skipped; ``load_inspection_demo`` returns what it made and what it could not find.
"""

import datetime as dt
import unicodedata

from django.db import transaction
from django.utils import timezone

from communes.models import REFORM_DATE, Level, Unit
from communes.selectors import communes_in_year, units_on
from core.names import bare_name
from criteria.models import Sector, Standard
from inspections import rules
from inspections.models import (
    CriterionAssignment,
    Duty,
    OutlineSection,
    Plan,
    PlanUnit,
    SubTeam,
    TeamMember,
    Visit,
)
from inspections.selectors import default_owners

LABOUR = "Sở Lao động - Thương binh và Xã hội"


def _key(name):
    return unicodedata.normalize("NFC", bare_name(name)).casefold()


def _kind_prefix(label):
    for short, full in (("TT.", "Thị trấn"), ("TP.", "Thành phố"), ("TX.", "Thị xã")):
        if label.startswith(short):
            return full
    return None


def _match(candidates, label):
    prefix = _kind_prefix(label)
    hits = [u for u in candidates if _key(u.name) == _key(label)
            and (prefix is None or u.name.startswith(prefix))]
    return hits[0] if len(hits) == 1 else None


def _province(name):
    return (Unit.objects.filter(level=Level.PROVINCE, name=name, valid_from__lt=REFORM_DATE)
            .order_by("-valid_from").first())


def _sectors():
    return {s.code: s for s in Sector.objects.all()}


RECORDERS = ("tinh.laocai", "tinh.bacgiang")  # the provincial officers who record the seed plans


def _recorder(username, province, full_name, position):
    """The provincial officer who records a plan in the demo (created for Lào Cai, which has no other user)."""
    from accounts.models import Role, User
    from assessments.demo import PASSWORD

    user, created = User.objects.get_or_create(username=username, defaults={
        "role": Role.PROVINCIAL_STAFF, "unit": province, "first_name": full_name, "position": position})
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


def _save_as_of(plan, day, by, *, approved_by=None):
    """Save a new plan drafted and then approved on ``day``, its audit history dated then and naming who acted
    (never the moment the demo was loaded, nor an anonymous "—")."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))
    plan.status, plan.created_by = Plan.Status.DRAFT, by
    plan.full_clean()
    plan._history_date, plan._history_user = at, by
    plan.save()
    Plan.objects.filter(pk=plan.pk).update(created_at=at)
    plan.status = Plan.Status.APPROVED
    plan._history_date = at + dt.timedelta(hours=2)
    plan._history_user, plan._change_reason = approved_by or by, Plan.Status.APPROVED
    plan.save()


def _team_assignment(plan, overrides=None):
    """Each criterion to its owner (or ``overrides``: criterion number → sector), kept only where that sector is
    on the team: a criterion is never assigned to a department that does not inspect."""
    on_team = set(plan.members.exclude(sector=None).values_list("sector_id", flat=True))
    owners = {c.number: (c, s) for c, s in default_owners(plan)}
    for number, sector in (overrides or {}).items():
        if number in owners:
            owners[number] = (owners[number][0], sector)
    CriterionAssignment.objects.bulk_create(
        CriterionAssignment(plan=plan, criterion=c, sector=s) for c, s in owners.values() if s.pk in on_team)


def _duties(plan, items, sectors):
    for order, (body, code, text, due_on) in enumerate(items, start=1):
        Duty.objects.create(plan=plan, order=order, body=body, sector=sectors.get(code) if code else None,
                            text=text, due_on=due_on)


@transaction.atomic
def load_inspection_demo() -> dict:
    """Create the two seed plans when their province and standard exist; returns a summary."""
    summary = {"created": [], "skipped": [], "missing_units": []}
    for loader in (_lao_cai_2017, _bac_giang_2024):
        loader(summary)
    return summary


# --- seed 000: Lào Cai 2017 ----------------------------------------------------------------

LAO_CAI_ASSIGNMENT = {"labour": [1, 3, 6, 7, 13, 15], "health": [8, 9, 10], "education": [11, 12],
                      "culture": [14], "justice": [2], "police": [4, 5]}

LAO_CAI_OUTLINE = [
    ("A.I", "Đặc điểm tình hình",
     "1. Đặc điểm tình hình kinh tế, chính trị, văn hóa - xã hội tác động đến công tác bảo vệ, chăm sóc trẻ em "
     "của địa phương.\n"
     "2. Tình hình công tác bảo vệ, chăm sóc trẻ em nói chung và công tác chỉ đạo, triển khai công tác đánh giá "
     "và công nhận xã, phường, thị trấn phù hợp với trẻ em trên địa bàn."),
    ("A.II", "Công tác chỉ đạo, phối hợp triển khai thực hiện",
     "1. Đối với cấp huyện\n"
     "a) Về công tác chỉ đạo: đánh giá công tác chỉ đạo, điều hành của cấp ủy, chính quyền địa phương; văn bản "
     "chỉ đạo triển khai của các cơ quan, ban ngành đối với công tác bảo vệ, chăm sóc và giáo dục trẻ em và công "
     "tác xây dựng xã, phường, thị trấn phù hợp với trẻ em (chương trình, kế hoạch, hướng dẫn); công tác bồi "
     "dưỡng, tập huấn; công tác tuyên truyền; công tác kiểm tra, giám sát của cấp huyện đối với cấp xã.\n"
     "b) Về công tác phối hợp: đánh giá công tác phối kết hợp của các cơ quan, ban, ngành cấp xã, cấp huyện đối "
     "với việc chỉ đạo triển khai thực hiện Quyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ.\n"
     "c) Về nguồn kinh phí: ngân sách Nhà nước (Trung ương, địa phương), ngân sách vận động (tổ chức quốc tế, "
     "cộng đồng); mức độ đáp ứng của ngân sách so với việc đạt được các tiêu chí.\n"
     "2. Đối với cấp xã: công tác chỉ đạo, điều hành của cấp ủy chính quyền, các ban, ngành, Mặt trận Tổ quốc, "
     "đoàn thể; bồi dưỡng, tập huấn cho cán bộ làm công tác bảo vệ trẻ em cấp xã, thôn, tổ dân phố; tuyên truyền, "
     "phổ biến; kiểm tra, giám sát ở các thôn, bản, tổ dân phố; công tác phối hợp; nguồn kinh phí."),
    ("A.III", "Kết quả thực hiện các quy định xã, phường, thị trấn phù hợp với trẻ em",
     "1. Việc thành lập, kiện toàn Hội đồng đánh giá xã, phường, thị trấn phù hợp với trẻ em cấp xã, cấp huyện "
     "theo Quyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ.\n"
     "2. Quy trình đánh giá chấm điểm tại cấp xã: đánh giá kết quả chấm điểm của từng tiêu chí (tiêu chí 1 - 15); "
     "các tiêu chí đạt so với kế hoạch đầu năm; các tiêu chí không đạt so với kế hoạch đầu năm.\n"
     "3. Công tác thẩm định hồ sơ đề nghị của cấp xã lên cấp huyện và đề nghị UBND huyện quyết định công nhận xã, "
     "phường, thị trấn phù hợp với trẻ em (họp Hội đồng đánh giá xã, phường, thị trấn phù hợp với trẻ em theo "
     "quy định...)."),
    ("A.IV", "Đánh giá chung", "1. Thuận lợi\n2. Khó khăn, tồn tại\n3. Kiến nghị, đề xuất"),
    ("B", "Phương hướng, nhiệm vụ và các giải pháp để duy trì các xã, phường, thị trấn đạt tiêu chuẩn phù hợp "
          "với trẻ em trong giai đoạn tiếp theo", ""),
]

LAO_CAI_CONTENT = """1. Đánh giá công tác chỉ đạo, điều hành của cấp ủy, chính quyền các cấp; công tác triển khai, tổ chức thực hiện Quyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ.
1.1. Tại cấp xã: công tác chỉ đạo, điều hành của cấp ủy, chính quyền, các ban, ngành chức năng, Mặt trận Tổ quốc, đoàn thể; các Quyết định thành lập, kiện toàn Hội đồng đánh giá xã, phường, thị trấn phù hợp với trẻ em cấp xã; hồ sơ và quy trình đánh giá, đề nghị công nhận từ năm 2015 - 2016.
1.2. Tại cấp huyện: các văn bản của UBND huyện và phòng Lao động - Thương binh và Xã hội về chỉ đạo đánh giá xã, phường, thị trấn phù hợp với trẻ em; các Quyết định thành lập, kiện toàn Hội đồng đánh giá cấp huyện; hồ sơ đề nghị UBND huyện công nhận từ năm 2015 - 2016.
2. Công tác phối kết hợp với các ban, ngành liên quan (đối với cấp xã); với các phòng, ban liên quan (đối với cấp huyện) trong việc tổ chức triển khai thực hiện Quyết định số 34/2014/QĐ-TTg.
3. Công tác tuyên truyền; tập huấn chuyên môn nghiệp vụ cho cán bộ cơ sở.
4. Việc thực hiện chế độ báo cáo theo quy định.
5. Công tác kiểm tra, giám sát cấp xã trong việc tổ chức triển khai thực hiện.
6. Những khó khăn, vướng mắc, tồn tại trong việc tổ chức triển khai công tác đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em tại cơ sở.
7. Đề xuất, kiến nghị.
8. Mục tiêu, nhiệm vụ, giải pháp để duy trì bền vững các tiêu chí xã, phường, thị trấn phù hợp với trẻ em tại địa phương."""


_JOINS = ("Phối hợp với Sở Lao động - Thương binh và Xã hội tham gia Đoàn kiểm tra liên ngành đánh giá kết quả thực "
          "hiện Quyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ tại các địa điểm được chọn kiểm "
          "tra.")

# section VII.1–7 as the seed writes them (body, sector whose criteria are listed, duties, report due)
LAO_CAI_DUTIES = [
    (LABOUR, "labour",
     "- Chủ trì, phối hợp với các sở, ngành thành viên Đoàn kiểm tra liên ngành (theo Quyết định của UBND tỉnh) "
     "triển khai Kế hoạch kiểm tra.\n"
     "- Phối hợp UBND các huyện: Sa Pa, Văn Bàn và Si Ma Cai chuẩn bị các điều kiện để Đoàn kiểm tra liên ngành đến "
     "làm việc.\n"
     "- Xây dựng đề cương, biểu mẫu báo cáo; tổ chức triển khai kế hoạch kiểm tra và phân công nhiệm vụ cho các thành "
     "viên Đoàn kiểm tra; hướng dẫn các ngành thành viên việc đánh giá các tiêu chí theo quy định tại Quyết định số "
     "34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ.\n"
     "- Tổng hợp báo cáo kết quả sau khi kết thúc đợt kiểm tra 15 ngày và báo cáo UBND tỉnh theo quy định.", None),
    ("Sở Y tế", "health", "- " + _JOINS, None),
    ("Sở Giáo dục và Đào tạo", "education", "- " + _JOINS, None),
    ("Sở Văn hóa, Thể thao và Du lịch", "culture", "- " + _JOINS, None),
    ("Sở Tư pháp", "justice",
     "- " + _JOINS.replace("các địa điểm", "các địa bàn") + "\n"
     "- Kiểm tra công tác tổ chức tuyên truyền phổ biến pháp luật liên quan đến bảo vệ và chăm sóc trẻ em trên địa "
     "bàn; công tác rà soát, thống kê và đăng ký khai sinh kịp thời cho trẻ em.", None),
    ("Công an tỉnh", "police",
     "- " + _JOINS + "\n"
     "- Kiểm tra công tác đấu tranh, phòng ngừa các hình thức xâm hại, bạo lực trẻ em; công tác xử lý các vụ việc trẻ "
     "em vi phạm pháp luật, trẻ em bị xâm hại và các vụ việc khác có liên quan đến trẻ em; công tác phối hợp giữa các "
     "cấp, các ngành với gia đình, nhà trường và xã hội tư vấn, tuyên truyền, giáo dục những trẻ em chưa ngoan, những "
     "trẻ em sau khi từ trường giáo dưỡng trở về gia đình nhưng chưa thực sự hòa nhập.", None),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và Tỉnh Đoàn; các Sở Kế hoạch và Đầu tư, Tài chính, Nội vụ, "
     "Nông nghiệp và Phát triển nông thôn", None,
     "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Tỉnh Đoàn và các sở: Kế hoạch và Đầu tư, Tài chính, Nội vụ, "
     "Nông nghiệp và Phát triển nông thôn báo cáo công tác phối hợp chỉ đạo triển khai tại cơ sở theo chức năng quản "
     "lý của cơ quan, đơn vị được phân công (theo Kế hoạch số 171/KH-UBND ngày 17/10/2014 của UBND tỉnh Lào Cai về "
     "việc triển khai thực hiện xây dựng xã, phường, thị trấn phù hợp với trẻ em tỉnh Lào Cai) và gửi báo cáo về Sở "
     "Lao động - Thương binh và Xã hội (cơ quan thường trực) trước ngày 30/11/2017 để tổng hợp, báo cáo Bộ Lao động - "
     "Thương binh và Xã hội, UBND tỉnh theo quy định.", dt.date(2017, 11, 30)),
]

RECORDS_CHECKED = ("kiểm tra hồ sơ đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em của cấp xã, "
                   "cấp huyện")


def _lao_cai_2017(summary):
    province = _province("Tỉnh Lào Cai")
    standard = Standard.objects.filter(code="34/2014/QĐ-TTg").first()
    if province is None or standard is None:
        summary["skipped"].append("Lào Cai 2017: chưa có Tỉnh Lào Cai (trước sáp nhập) hoặc bộ tiêu chuẩn 34/2014")
        return
    if Plan.objects.filter(issuer=province, number="260/KH-UBND").exists():
        return
    plan = Plan(
        issuer=province, standard=standard, issuer_body="ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI",
        number="260/KH-UBND", issued_on=dt.date(2017, 10, 9), place="Lào Cai",
        title="Kiểm tra liên ngành thực hiện Quyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ "
              "quy định tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em trên địa bàn tỉnh Lào Cai",
        legal_basis=[
            "Căn cứ Kế hoạch số 171/KH-UBND ngày 17/10/2014 của UBND tỉnh Lào Cai về việc triển khai thực hiện "
            "xây dựng xã, phường, thị trấn phù hợp với trẻ em tỉnh Lào Cai",
            "Căn cứ Quyết định số 631/QĐ-UBND ngày 01/3/2017 của UBND tỉnh Lào Cai ban hành Kế hoạch kiểm tra việc "
            "thực hiện chính sách, chiến lược, quy hoạch, kế hoạch của UBND tỉnh năm 2017",
        ],
        purposes="1. Nhằm đánh giá công tác chỉ đạo, điều hành của cấp ủy, chính quyền các cấp, sự phối hợp của "
                 "các ngành, đoàn thể từ tỉnh đến cơ sở trong việc triển khai thực hiện Quyết định số "
                 "34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ trên địa bàn tỉnh.\n"
                 "2. Kiểm tra trình tự, thủ tục, hồ sơ việc đánh giá và công nhận xã, phường, thị trấn phù hợp "
                 "với trẻ em tại cấp huyện và xã.\n"
                 "3. Thông qua công tác kiểm tra kịp thời tháo gỡ khó khăn, vướng mắc trong quá trình triển khai "
                 "thực hiện; đồng thời đề ra những giải pháp khắc phục trong thời gian tới.",
        requirements="Công tác kiểm tra tại cơ sở đảm bảo tính trung thực, khách quan theo quy định tại Thông tư số "
                     "25/2014/TT-BLĐTBXH ngày 06/9/2014 của Bộ Lao động - Thương binh và Xã hội hướng dẫn trình tự, "
                     "thủ tục đánh giá, công nhận xã, phường, thị trấn phù hợp với trẻ em.",
        content=LAO_CAI_CONTENT,
        review_from_year=2015, review_to_year=2017, score_year=2016,
        review_notes={
            "2015": RECORDS_CHECKED,
            "2016": RECORDS_CHECKED,
            "2017": "kiểm tra công tác triển khai, xây dựng Kế hoạch, hướng dẫn thực hiện Quyết định số "
                    "34/2014/QĐ-TTg của Thủ tướng Chính phủ trên địa bàn xã, huyện"},
        window_start=dt.date(2017, 10, 1), window_end=dt.date(2017, 12, 31),
        timing_note="Trong quý IV/2017, dự kiến vào cuối tháng 10, đầu tháng 11 năm 2017",
        communes_per_district=2, report_days=15,
        budget_source="Kinh phí từ ngân sách tỉnh đã cấp cho Sở Lao động - Thương binh và Xã hội (Thông báo số "
                      "51/TB-STC ngày 13/3/2017 của Sở Tài chính).",
        signer_authority="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH",
        recipients=[
            "CT, PCT2",
            "Các sở, ngành: Lao động - TBXH, Y tế, Giáo dục và Đào tạo, Văn hóa, Thể thao và Du lịch, Nông nghiệp "
            "và Phát triển nông thôn, Tư pháp, Kế hoạch và Đầu tư, Tài chính, Nội vụ, Công an tỉnh",
            "Ủy ban MTTQ tỉnh, Tỉnh Đoàn", "UBND các huyện: Sa Pa, Văn Bàn, Si Ma Cai", "CVP, PCVP2",
            "Lưu: VT, TH1,4, BBT, VX3,4"],
        outline_title="Báo cáo thực hiện Quyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ",
    )
    recorder = _recorder("tinh.laocai", province, "Lý Thị Hoa", "Chuyên viên Phòng Trẻ em, Sở LĐTBXH")
    _save_as_of(plan, plan.issued_on, recorder)
    sectors = _sectors()
    # the team (section IV): LĐTBXH heads the team and Tổ 1, Y tế is deputy and leads Tổ 2; every member
    # department takes part in one of the two sub-teams
    team1, team2 = (SubTeam.objects.create(plan=plan, number=n) for n in (1, 2))
    head = TeamMember.objects.create(plan=plan, team_role=TeamMember.TeamRole.HEAD, sector=sectors.get("labour"),
                                     organisation=LABOUR, position="Lãnh đạo Sở", subteam=team1)
    deputy = TeamMember.objects.create(plan=plan, team_role=TeamMember.TeamRole.DEPUTY,
                                       sector=sectors.get("health"), organisation="Sở Y tế",
                                       position="Lãnh đạo Sở", subteam=team2)
    SubTeam.objects.filter(pk=team1.pk).update(leader=head)
    SubTeam.objects.filter(pk=team2.pk).update(leader=deputy)
    for code, organisation, subteam in (("justice", "Sở Tư pháp", team1), ("police", "Công an tỉnh", team1),
                                        ("education", "Sở Giáo dục và Đào tạo", team2),
                                        ("culture", "Sở Văn hóa, Thể thao và Du lịch", team2)):
        TeamMember.objects.create(plan=plan, sector=sectors.get(code), organisation=organisation,
                                  position="Lãnh đạo", subteam=subteam)
    # section VII: which department appraises which criteria, and what each does
    _team_assignment(plan, {n: sectors[code] for code, numbers in LAO_CAI_ASSIGNMENT.items() if code in sectors
                            for n in numbers})
    _duties(plan, LAO_CAI_DUTIES, sectors)
    # section II: three districts (as they were in 2017: huyện Sa Pa); each chooses two communes
    districts = list(province.children.filter(level=Level.DISTRICT))
    for label in ("Huyện Sa Pa", "Huyện Văn Bàn", "Huyện Si Ma Cai"):
        unit = _match(districts, label.removeprefix("Huyện "))
        if unit is None:
            summary["missing_units"].append(f"Lào Cai: {label.removeprefix('Huyện ')}")
        else:
            PlanUnit.objects.create(plan=plan, unit=unit, name=label, parent_name="Tỉnh Lào Cai")
    for order, (code, title, guidance) in enumerate(LAO_CAI_OUTLINE, start=1):
        OutlineSection.objects.create(plan=plan, order=order, code=code, title=title, guidance=guidance)
    summary["created"].append(str(plan))


# --- seed 002: Bắc Giang 2024 ----------------------------------------------------------------

BAC_GIANG_SCHEDULE = [  # appendix 01: district, communes, date
    ("Sơn Động", ("Phúc Sơn", "An Bá"), dt.date(2024, 5, 20)),
    ("Lục Ngạn", ("Kiên Thành", "Kiên Lao"), dt.date(2024, 5, 22)),
    ("Lục Nam", ("TT. Đồi Ngô", "Khám Lạng"), dt.date(2024, 5, 23)),
    ("Lạng Giang", ("Tân Thanh", "Nghĩa Hưng"), dt.date(2024, 5, 28)),
    ("Yên Thế", ("Canh Nậu", "TT. Phồn Xương"), dt.date(2024, 5, 29)),
    ("Hiệp Hòa", ("Thường Thắng", "Quang Minh"), dt.date(2024, 6, 6)),
    ("Việt Yên", ("Minh Đức", "Nghĩa Trung"), dt.date(2024, 6, 7)),
    ("Tân Yên", ("Đại Hóa", "Tân Trung"), dt.date(2024, 6, 11)),
    ("Yên Dũng", ("TT. Tân An", "Quỳnh Sơn"), dt.date(2024, 6, 12)),
    ("TP. Bắc Giang", ("Thọ Xương", "Ngô Quyền"), dt.date(2024, 6, 13)),
]


# section VI as the seed writes it
BAC_GIANG_DUTIES = [
    (LABOUR, None,
     "1.1. Giao Phòng Trẻ em và Bình đẳng giới:\n"
     "- Chủ trì tham mưu, phối hợp với các phòng, cơ quan, đơn vị liên quan triển khai thực hiện Kế hoạch. Xây dựng "
     "nội dung, chương trình làm việc, đề cương báo cáo cụ thể. Mời thành viên tham gia đoàn kiểm tra theo quy định. "
     "Chuẩn bị tốt các điều kiện phục vụ đoàn kiểm tra.\n"
     "- Phối hợp với phòng Kế hoạch - Tài chính lập dự toán, thanh toán, quyết toán kinh phí thực hiện Kế hoạch; "
     "phối hợp với địa phương, cơ sở chuẩn bị tốt các điều kiện phục vụ công tác kiểm tra.\n"
     "1.2. Giao Phòng Kế hoạch - Tài chính: Tham mưu phê duyệt dự toán, bố trí kinh phí, hướng dẫn thanh, quyết "
     "toán nguồn kinh phí thực hiện Kế hoạch.", None),
    ("Đề nghị Sở Giáo dục và Đào tạo, Sở Y tế, Hội Liên hiệp phụ nữ tỉnh, Tỉnh đoàn thanh niên", None,
     "Bố trí, tạo điều kiện để cán bộ của ngành, đơn vị tham gia đoàn kiểm tra đầy đủ, đúng thành phần.", None),
    ("Ủy ban nhân dân các huyện, thị xã, thành phố", None,
     "- Đề nghị UBND các huyện, thị xã, thành phố (trừ huyện Hiệp Hòa): Bố trí thời gian làm việc với đoàn kiểm "
     "tra; triệu tập đại biểu tham dự buổi làm việc theo đúng thành phần; tổng hợp báo cáo (trong đó: Huyện Lục Nam "
     "theo phụ lục số 02; các huyện, thị xã, thành phố còn lại theo phụ lục số 03 gửi kèm theo).\n"
     "- Chỉ đạo phòng Lao động - Thương binh và Xã hội: Lựa chọn, chỉ đạo địa phương được kiểm tra chuẩn bị đầy đủ "
     "các điều kiện, nội dung kiểm tra theo yêu cầu (chuẩn bị các văn bản, tài liệu, hồ sơ liên quan đến nội dung "
     "kiểm tra tại các buổi làm việc); tổng hợp báo cáo (theo phụ lục số 03 và các biểu mẫu gửi kèm theo). Cử cán bộ "
     "tham gia đoàn kiểm tra tại các buổi làm việc ở địa phương.\n"
     "- Các báo cáo gửi về Sở Lao động - Thương binh và Xã hội trước ngày 10/5/2024, đồng thời gửi bản mềm theo địa "
     "chỉ email: tuyetot_sldtbxh@bacgiang.gov.vn.", dt.date(2024, 5, 10)),
]


def _bac_giang_2024(summary):
    province = _province("Tỉnh Bắc Giang")
    standard = Standard.objects.filter(code="06/QĐ-TTg").first()
    title = "Kiểm tra việc thực hiện công tác trẻ em và bình đẳng giới tại địa phương năm 2024"
    if province is None or standard is None:
        summary["skipped"].append("Bắc Giang 2024: chưa có Tỉnh Bắc Giang (trước sáp nhập) "
                                  "hoặc bộ tiêu chuẩn 06/QĐ-TTg")
        return
    if Plan.objects.filter(issuer=province, title=title).exists():
        return
    plan = Plan(
        issuer=province, standard=standard, parent_body="UBND TỈNH BẮC GIANG",
        issuer_body="SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI", number="/KH-SLĐTBXH", place="Bắc Giang", title=title,
        legal_basis=[
            "Căn cứ Công văn số 793/LĐTBXH-TE ngày 29/02/2024 và Công văn số 1303/LĐTBXH-VBĐG ngày 29/3/2024 của "
            "Bộ Lao động - Thương binh và Xã hội về việc hướng dẫn nhiệm vụ trọng tâm thực hiện công tác trẻ em và "
            "triển khai công tác bình đẳng giới năm 2024",
            "Căn cứ Công văn số 687/LĐTBXH-TE ngày 23/02/2024 của Bộ Lao động - Thương binh và Xã hội và Công văn số "
            "975/UBND-KGVX ngày 01/3/2024 của Ủy ban nhân dân tỉnh về thanh tra, kiểm tra việc thực hiện chính sách, "
            "pháp luật về trẻ em và phòng, chống xâm hại trẻ em",
            "Thực hiện Quy chế làm việc của Ban điều hành bảo vệ, chăm sóc trẻ em tỉnh và Chương trình công tác "
            "năm 2024",
        ],
        purposes="Đánh giá việc thực hiện công tác quản lý nhà nước về trẻ em và bình đẳng giới tại địa phương, cơ sở; "
                 "việc chăm sóc, nuôi dưỡng, hỗ trợ trẻ em tại trung tâm, cơ sở chăm sóc, nuôi dưỡng trẻ em. Kịp thời "
                 "phát hiện những hạn chế, tồn tại, khó khăn vướng mắc, những vấn đề nảy sinh trong công tác trẻ em và "
                 "bình đẳng giới để rút kinh nghiệm và đề xuất những giải pháp khắc phục.",
        requirements="Công tác kiểm tra đảm bảo nghiêm túc, khách quan, đúng quy định; có sự tham gia đầy đủ, đúng "
                     "thành phần làm việc. Đơn vị được kiểm tra chuẩn bị đầy đủ các nội dung theo yêu cầu.",
        content="1. Đối với cấp huyện: kiểm tra việc thực hiện công tác về trẻ em và bình đẳng giới năm 2023 và quý "
                "I/2024; đặc biệt là công tác phòng, chống bạo lực, xâm hại trẻ em; phòng, chống tai nạn thương tích, "
                "đuối nước trẻ em (huyện Lục Nam: công tác bảo vệ trẻ em, thực hiện quyền trẻ em và phòng chống bạo "
                "lực, xâm hại trẻ em). Đoàn kiểm tra làm việc với Ban điều hành cấp huyện: xem xét các văn bản, hồ sơ "
                "liên quan; nghe báo cáo, trao đổi; thông tin kết quả kiểm tra tại cấp xã; kết luận kiểm tra.\n"
                "2. Đối với cấp xã: kiểm tra việc thực hiện công tác trẻ em và bình đẳng giới tại 20 xã, phường, thị "
                "trấn (mỗi huyện, thị xã, thành phố 02 đơn vị). Đoàn kiểm tra đi thực tiễn một số khu vực, địa điểm có "
                "nguy cơ gây đuối nước trẻ em; làm việc với Ban điều hành cấp xã; kết luận kiểm tra.",
        review_from_year=2023, review_to_year=2024, score_year=2023,
        review_notes={"2023": "công tác trẻ em và bình đẳng giới cả năm 2023",
                      "2024": "công tác trẻ em và bình đẳng giới quý I/2024"},
        window_start=dt.date(2024, 5, 1), window_end=dt.date(2024, 6, 30),
        timing_note="Dự kiến thời gian kiểm tra trong tháng 5-6/2024", communes_per_district=2,
        budget_source="Từ nguồn ngân sách tỉnh cấp cho Sở Lao động - Thương binh và Xã hội thực hiện nội dung "
                      "kiểm tra, "
                      "giám sát hoạt động chuyên môn của Ngành năm 2024.",
        signer_authority="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC",
        signer_name="Bùi Quang Phát",
        recipients=["Các sở, ngành tham gia kiểm tra", "UBND các huyện, thị xã, thành phố", "Giám đốc Sở",
                    "PGĐ Bùi Quang Phát", "Văn phòng sở, Phòng KH-TC; Thanh tra Sở",
                    "Phòng LĐTBXH các huyện, thị xã, thành phố", "Lưu: VT, TEBĐG"],
        outline_due=dt.date(2024, 5, 10),
    )
    from accounts.models import User

    recorder = User.objects.filter(username="tinh.bacgiang").first() or _recorder(
        "tinh.bacgiang", province, "Nguyễn Thị Bình", "Chuyên viên Phòng Trẻ em, Sở LĐTBXH")
    _save_as_of(plan, dt.date(2024, 4, 1), recorder,
                approved_by=User.objects.filter(username="so.ldtbxh.bacgiang").first())
    sectors = _sectors()
    TeamMember.objects.create(plan=plan, team_role=TeamMember.TeamRole.HEAD, sector=sectors.get("labour"),
                              organisation=LABOUR, name="Bùi Quang Phát", position="Phó Giám đốc Sở")
    for code, organisation, position in (
            ("labour", LABOUR, "Lãnh đạo và chuyên viên Phòng Trẻ em và Bình đẳng giới"),
            ("labour", LABOUR, "Đại diện Phòng Kế hoạch - Tài chính, Thanh tra Sở"),
            ("education", "Sở Giáo dục và Đào tạo", "Đại diện"), ("health", "Sở Y tế", "Đại diện"),
            (None, "Hội Liên hiệp phụ nữ tỉnh", "Đại diện"), (None, "Tỉnh đoàn thanh niên", "Đại diện")):
        TeamMember.objects.create(plan=plan, sector=sectors.get(code) if code else None,
                                  organisation=organisation, position=position)
    _team_assignment(plan)
    _duties(plan, BAC_GIANG_DUTIES, sectors)
    _bac_giang_schedule(plan, province, summary)
    summary["created"].append(str(plan))


def _commune_in_2024(candidates, label):
    """The commune the seed names, in the units the database holds: by kind and name; a township ("TT.") the
    database no longer holds as one is looked for as the ward of the same name it became."""
    found = _match(candidates, label)
    if found is None and label.startswith("TT."):
        found = _match([c for c in candidates if c.name.startswith("Phường ")], bare_name(label))
    return found


def _bac_giang_schedule(plan, province, summary):
    """Appendix 01's twenty communes, found by their names and districts on the first day of the inspection (units
    as they were: the change lists of NQ 938/2023 and NQ 1191/2024 give Quang Minh, Đại Hóa and Yên Dũng's
    communes of 2024), each named as the seed names it (PlanUnit.name, parent_name). A visit's notes are the seed's
    (Hiệp Hòa's decision): the annex is a document of 2024, so it never says what a later unit list calls a commune
    (the plan's unit links to it; its pages name it as of today)."""
    first_day = plan.window_start
    districts = list(units_on(province.children.filter(level=Level.DISTRICT), first_day, parents=False).values())
    stored = {u.pk: u for u in communes_in_year(province, first_day.year).select_related("parent")}
    all_communes = list(units_on(stored.values(), first_day).values())
    booked = []
    for district_label, commune_labels, day in BAC_GIANG_SCHEDULE:
        district = _match(districts, district_label)
        district_name = district.name if district else f"{_kind_prefix(district_label) or 'Huyện'} " \
                                                         f"{bare_name(district_label)}"
        if district is not None:
            PlanUnit.objects.get_or_create(plan=plan, unit=district,
                                           defaults={"name": district_name, "parent_name": province.name})
        else:
            summary["missing_units"].append(f"Bắc Giang: {district_label}")
        for session, label in zip(("morning", "afternoon"), commune_labels):
            commune = _commune_in_2024([c for c in all_communes if district and c.parent_id == district.pk], label) \
                or _commune_in_2024(all_communes, label)
            if commune is None:
                summary["missing_units"].append(f"Bắc Giang: {label} ({district_label})")
                continue
            name = f"{_kind_prefix(label)} {bare_name(label)}" if _kind_prefix(label) else commune.name
            notes = []
            if district_label == "Hiệp Hòa":
                notes.append("Huyện Hiệp Hòa kiểm tra theo Quyết định số 1982/QĐ-UBND ngày 19/12/2023 của UBND tỉnh")
            slot = rules.Slot(day, session, None, name)
            if rules.clash(slot, booked) or not rules.in_window(day, plan.window_start, plan.window_end):
                continue
            booked.append(slot)
            PlanUnit.objects.get_or_create(plan=plan, unit=commune,
                                           defaults={"name": name, "parent_name": district_name})
            Visit.objects.create(plan=plan, unit=commune, date=day, session=session, notes="; ".join(notes))
