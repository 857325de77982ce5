"""The moves of a review part as data (core.moves.Move): one table read by services, views and templates.

Pure: plain strings in, moves out. Each part goes to the level above it in the round (ReviewPart.above): a
commune's to its recognising unit (the district before 1/7/2025, the province after), a district's, in a
province's round of the years with districts, to the province; the receiving unit's office may return it for
more; the office of the round's unit sends the unit's own part upward.
"""

from django.utils.translation import gettext_lazy as _

from core.moves import Move

DRAFT, SUBMITTED, RETURNED = "draft", "submitted", "returned"  # ReviewPart.Status values

# accounts.Role values
COMMUNE_OFFICER, DISTRICT_OFFICER, PROVINCIAL_STAFF = "commune_officer", "district_officer", "provincial_staff"
WRITERS = (COMMUNE_OFFICER, DISTRICT_OFFICER, PROVINCIAL_STAFF)  # the officers who write their unit's part
RECEIVERS = (DISTRICT_OFFICER, PROVINCIAL_STAFF)  # the office of the unit a part is sent to

OWN_PART = "own_part"            # the part is the user's unit's
RECEIVING_UNIT = "receiving_unit"  # the part is sent to the user's unit (a commune's to its district, a district's to
                                   # the province)

MOVES = (
    Move("submit", (DRAFT, RETURNED), SUBMITTED, WRITERS, OWN_PART, _("Gửi báo cáo lên cấp trên"),
         confirm=True, url_name="submit", icon="send",
         consequence=_("Báo cáo của %(unit)s được gửi lên %(above)s. Sau khi gửi, đơn vị không sửa được báo cáo, "
                       "trừ khi cấp trên trả lại để bổ sung.")),
    Move("return", (SUBMITTED,), RETURNED, RECEIVERS, RECEIVING_UNIT, _("Trả lại để bổ sung"),
         url_name="return", style="outline-danger", icon="arrow-return-left"),
)
BY_NAME = {m.name: m for m in MOVES}


def move(name: str) -> Move:
    return BY_NAME[name]


def available(status: str, role: str, relations) -> list[Move]:
    return [m for m in MOVES if status in m.sources and m.allows(role, relations)]
