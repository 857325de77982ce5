"""Reads of the period reviews, scoped to the user (out of scope is a 404). Pages that only read also find the
reviews of the units the user's unit succeeded in the 2025 reform (``readable_by``, read only); pages that write
keep ``visible_to``."""

from django.shortcuts import get_object_or_404

from accounts.permissions import own_or_inherited
from reviews.models import ReviewPart, ReviewRound

PART_RELATIONS = ("round__unit", "unit", "submitted_by", "above__unit")


def rounds_for(user):
    return ReviewRound.objects.readable_by(user).select_related("unit").order_by("-year_to", "-pk")


def round_for(user, pk):
    return own_or_inherited(ReviewRound.objects.visible_to(user).select_related("unit"),
                            lambda: ReviewRound.objects.readable_by(user).select_related("unit"), pk=pk)


def part_for(user, pk):
    """A part the user may act on (its scope): for the pages that write."""
    return get_object_or_404(ReviewPart.objects.visible_to(user).select_related(*PART_RELATIONS), pk=pk)


def part_to_read(user, pk):
    """A part the user reads: its own scope, else a unit its unit succeeded."""
    return own_or_inherited(ReviewPart.objects.visible_to(user).select_related(*PART_RELATIONS),
                            lambda: ReviewPart.objects.readable_by(user).select_related(*PART_RELATIONS), pk=pk)


def parts_of(round_, user):
    """The round's parts the user reads: the districts' first in a round of three levels, then the communes', by
    code; the unit's own last."""
    parts = list(ReviewPart.objects.readable_by(user).filter(round=round_)
                 .select_related("unit", "round__unit", "above__unit").order_by("unit__code"))
    return sorted(parts, key=lambda p: (p.is_units_own, not p.is_middle, p.unit.code))


def communes_side_by_side(part, user):
    """On a part that others send to (the unit's own; a district's in a province's round of three levels): the
    parts sent to it (sent or not), beside each of its sections: a district's communes, a province's districts."""
    if not (part.is_units_own or part.is_middle):
        return []
    return [p for p in parts_of(part.round, user) if p.above_id == part.pk]


def below_label(part):
    """What the parts sent to ``part`` are: "cấp huyện" on a province's part in a round of three levels."""
    from django.utils.translation import gettext as _

    return _("cấp huyện") if part.is_units_own and part.round.three_levels else _("cấp xã")


def home_panels(user):
    """The home page's panel of the review parts the user writes now (its unit's, a draft or returned), with
    their deadlines (core.home); none for a role that writes no part. One query."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from reviews import permissions

    if user.unit_id is None or not permissions.writes_parts(user):
        return []
    parts = (ReviewPart.objects.filter(unit_id=user.unit_id, status__in=[ReviewPart.Status.DRAFT,
                                                                          ReviewPart.Status.RETURNED])
             .select_related("round", "unit").order_by("round__commune_due", "pk"))
    today = timezone.localdate()
    items = [{"label": _("Báo cáo %(k)s giai đoạn %(s)s: %(t)s") % {
        "k": p.round.get_kind_display().lower(), "s": p.round.span, "t": p.round.title},
        "url": reverse("reviews:part", args=[p.pk]), "due": p.due, "overdue": p.due < today,
        "status": p.get_status_display()} for p in parts]
    return [{"title": _("Sơ kết, tổng kết"), "items": items, "empty_text": ""}] if items else []
