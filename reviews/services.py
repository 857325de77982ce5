"""State changes of a period review: open a round, write a part, send it up, return it. One function per act,
each asking reviews.permissions first; a refused act changes nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from communes.models import Level, Unit
from communes.selectors import recognising_units
from core.locking import check_version
from core.text import MAX_DOCUMENT_TEXT, visible
from reviews import events, permissions
from reviews.models import ReviewPart, ReviewRound

STALE = _("Báo cáo vừa được người khác sửa hoặc gửi sau khi bạn mở trang: chưa lưu gì. Hãy tải lại trang rồi nhập lại.")


def _communes_on(unit, day):
    return list(Unit.objects.within(unit).communes().filter(valid_from__lte=day)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)).order_by("code"))


def communes_reviewed(unit, day):
    """The communes the unit recognises on ``day`` (communes.selectors.recognising_units): whose parts it receives."""
    candidates = _communes_on(unit, day)
    above = recognising_units(candidates, day)
    return [c for c in candidates if above[c.pk] is not None and above[c.pk].pk == unit.pk]


def districts_reviewed(province, day):
    """{district: [its communes]} of a province on ``day`` whose communes a district recognises (the years
    before 1/7/2025): the levels of a province's round of three levels. Empty after the reform."""
    candidates = _communes_on(province, day)
    above = recognising_units(candidates, day)
    groups = {}
    for c in candidates:
        parent = above[c.pk]
        if parent is not None and parent.pk != province.pk and parent.level == Level.DISTRICT:
            groups.setdefault(parent.pk, []).append(c)
    districts = Unit.objects.in_bulk(list(groups))
    return {districts[pk]: groups[pk] for pk in sorted(groups, key=lambda pk: districts[pk].code)}


@transaction.atomic
def review_round_open(*, by, kind, year_from, year_to, title, commune_due, unit_due, number="", issued_on=None,
                      basis="", signer_name="", signer_title="", district_due=None):
    """Open the review of the user's unit, following the levels of the communes' deadline's day:

    - a unit that recognises communes (a district before 1/7/2025, a province after): a part for each of
      its communes, sent to the unit's part, and the unit's own, sent upward (two levels; ``district_due``
      is not used);
    - a province with districts (before 1/7/2025): a part for each district whose communes it recognises,
      sent to the province's part by ``district_due`` (required), each district's communes' parts sent to
      their district's part by ``commune_due``, and the province's own (three levels).

    Every part's writers are told."""
    permissions.require_opener(by)
    unit = by.unit
    if year_from > year_to:
        raise ValidationError(_("Năm bắt đầu phải trước hoặc bằng năm kết thúc giai đoạn."))
    if commune_due > unit_due:
        raise ValidationError(_("Hạn cấp xã gửi báo cáo phải trước hoặc bằng hạn đơn vị gửi báo cáo lên cấp trên."))
    communes = communes_reviewed(unit, commune_due)
    districts = {} if communes or unit.level != Level.PROVINCE else districts_reviewed(unit, commune_due)
    if not communes and not districts:
        raise ValidationError(_("%(unit)s không trực tiếp công nhận xã nào vào ngày %(d)s: đợt tổng kết do cơ quan "
                                "công nhận (cấp huyện trước 01/7/2025, cấp tỉnh sau) mở.")
                              % {"unit": unit, "d": commune_due.strftime("%d/%m/%Y")})
    if districts:
        if district_due is None:
            raise ValidationError(_("Tỉnh còn cấp huyện vào ngày %(d)s: hãy ghi hạn cấp huyện gửi báo cáo lên tỉnh "
                                    "(cấp xã gửi huyện, huyện gửi tỉnh).") % {"d": commune_due.strftime("%d/%m/%Y")})
        if not commune_due <= district_due <= unit_due:
            raise ValidationError(_("Các hạn phải theo thứ tự: cấp xã gửi huyện, cấp huyện gửi tỉnh, tỉnh gửi lên "
                                    "cấp trên."))
    else:
        district_due = None  # two levels: no district between the communes and the unit
    round_ = ReviewRound(unit=unit, kind=kind, year_from=year_from, year_to=year_to, title=title, number=number,
                         issued_on=issued_on, basis=basis, commune_due=commune_due, district_due=district_due,
                         unit_due=unit_due, signer_name=signer_name, signer_title=signer_title, opened_by=by)
    round_.full_clean()
    round_.save()
    own = ReviewPart.objects.create(round=round_, unit=unit)
    if communes:
        ReviewPart.objects.bulk_create([ReviewPart(round=round_, unit=u, above=own) for u in communes])
    else:
        middle = {}
        for district in districts:
            middle[district.pk] = ReviewPart.objects.create(round=round_, unit=district, above=own)
        ReviewPart.objects.bulk_create([ReviewPart(round=round_, unit=c, above=middle[d.pk])
                                        for d, cs in districts.items() for c in cs])
    events.round_opened(round_)
    return round_


def _locked(part_id):
    return (ReviewPart.objects.select_for_update(of=("self",)).select_related("round", "unit", "above__unit")
            .get(pk=part_id))


def _texts(texts):
    cleaned = {}
    for name in ReviewPart.TEXTS:
        value = texts.get(name, "") or ""
        if len(value) > MAX_DOCUMENT_TEXT:
            raise ValidationError(_("Mỗi phần của báo cáo tối đa %(n)s ký tự.")
                                  % {"n": f"{MAX_DOCUMENT_TEXT:,}".replace(",", ".")})
        cleaned[name] = value.strip() if visible(value) else ""
    return cleaned


@transaction.atomic
def part_save(*, by, part_id, seen_version, **texts):
    """Save what the unit wrote (results, shortcomings and causes, lessons, proposals), all four at once."""
    part = _locked(part_id)
    permissions.require_writer(by, part)
    check_version(part.version, seen_version, stale=STALE)
    for name, value in _texts(texts).items():
        setattr(part, name, value)
    part.version += 1
    part.updated_by = by
    part.full_clean()
    part.save()
    return part


@transaction.atomic
def part_submit(*, by, part_id, seen_version, on=None):
    """Send the part to the level above (the day of the act: ``on``, today by default)."""
    part = _locked(part_id)
    permissions.require_move(by, part, "submit")
    check_version(part.version, seen_version, stale=STALE)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError(_("Ngày %(d)s chưa đến.") % {"d": on.strftime("%d/%m/%Y")})
    if on < datetime.date(part.round.year_to, 1, 1):
        raise ValidationError(_("Ngày gửi phải trong hoặc sau năm cuối của giai đoạn tổng kết."))
    missing = [str(ReviewPart._meta.get_field(n).verbose_name) for n in ReviewPart.TEXTS if not getattr(part, n)]
    if missing:
        raise ValidationError(_("Chưa gửi: hãy viết đủ các phần của báo cáo (còn thiếu: %(m)s).")
                              % {"m": ", ".join(missing)})
    part.status, part.submitted_on, part.submitted_by = ReviewPart.Status.SUBMITTED, on, by
    part.version += 1
    part.updated_by = by
    part.save()
    events.part_moved(part, "submit")
    return part


@transaction.atomic
def part_return(*, by, part_id, seen_version, comment):
    """The unit's office returns a commune's part for more, saying what is missing."""
    part = _locked(part_id)
    permissions.require_move(by, part, "return")
    check_version(part.version, seen_version, stale=STALE)
    comment = (comment or "").strip()
    if not visible(comment):
        raise ValidationError(_("Hãy ghi nội dung cần bổ sung."))
    part.status, part.return_comment = ReviewPart.Status.RETURNED, comment
    part.version += 1
    part.updated_by = by
    part.save()
    events.part_moved(part, "return")
    return part
