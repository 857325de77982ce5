"""What each role does, and when: one line per role (the demo's list of users, the help page's heading)
and a few steps with a link each (the help page, "Hướng dẫn"). One place, read by both.

The steps follow the programme's order (registration, self-assessment and submission by the commune, the
recognising unit's acceptance, the sectors' appraisal, the decision, the reports and inspections); the days
are each round's own, on its page and in the home page's panel "Hạn của đơn vị" (assessments.deadlines).
Links are URL names without arguments: a dossier is reached from the home page or the round's page.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.models import Role


@dataclass(frozen=True)
class Step:
    when: str
    what: str
    link: str  # the words of the link
    url_name: str


DUTIES = {
    Role.COMMUNE_OFFICER: _("Đăng ký, tự chấm điểm, tải minh chứng, ghi Hội đồng đánh giá và nộp hồ sơ của xã"),
    Role.SECTOR_APPRAISER: _("Thẩm định các tiêu chí của ngành mình trên hồ sơ đã được tiếp nhận"),
    Role.DISTRICT_OFFICER: _("Tiếp nhận hoặc trả lại hồ sơ xã nộp, hoàn thành thẩm định"),
    Role.COUNCIL_MEMBER: _("Xem hồ sơ và kết quả thẩm định trước khi Hội đồng xét công nhận"),
    Role.COUNCIL_CHAIR: _("Xét và ban hành quyết định công nhận cho các hồ sơ đã thẩm định"),
    Role.PROVINCIAL_STAFF: _("Mở đợt đánh giá và đặt các hạn, theo dõi báo cáo, lập kế hoạch kiểm tra"),
    Role.NATIONAL_STAFF: _("Xem báo cáo tổng hợp toàn quốc, theo tỉnh (chỉ xem)"),
    Role.SYSADMIN: _("Quản trị đơn vị hành chính, bộ tiêu chuẩn, người dùng"),
}

STEPS = {
    Role.COMMUNE_OFFICER: [
        Step(_("Khi tỉnh mở đợt đánh giá"), _("Đăng ký xây dựng rồi bấm “Bắt đầu tự đánh giá” trên trang chủ."),
             _("Trang chủ"), "home"),
        Step(_("Trước hạn nộp hồ sơ của đợt"), _("Chấm điểm từng tiêu chí, tải minh chứng (chọn được nhiều tệp một "
                                                 "lần), ghi Hội đồng đánh giá và biên bản đã ký, rồi “Nộp hồ sơ”."),
             _("Hồ sơ của xã (từ trang chủ)"), "home"),
        Step(_("Khi hồ sơ bị trả lại"), _("Đọc nội dung cần bổ sung trong thông báo, sửa rồi nộp lại."),
             _("Thông báo"), "notifications"),
    ],
    Role.SECTOR_APPRAISER: [
        Step(_("Khi hồ sơ được tiếp nhận"), _("Mở hồ sơ, bấm “Thẩm định các tiêu chí của ngành”: “Đồng ý toàn bộ điểm "
                                              "tự chấm” hoặc nhập điểm thẩm định kèm lý do cho từng tiêu chí."),
             _("Trang chủ"), "home"),
        Step(_("Trước hạn thẩm định của đợt"),
             _("Ghi kết quả thẩm định; cơ quan công nhận hoàn thành thẩm định khi mọi ngành đã ghi."),
             _("Thông báo"), "notifications"),
    ],
    Role.DISTRICT_OFFICER: [
        Step(_("Khi xã nộp hồ sơ"), _("Đối chiếu danh mục hồ sơ trên trang hồ sơ, rồi “Tiếp nhận” hoặc “Trả lại” "
                                      "kèm nội dung cần bổ sung."), _("Trang chủ"), "home"),
        Step(_("Khi các ngành đã thẩm định xong"), _("Bấm “Hoàn thành thẩm định” với ngày của báo cáo thẩm định."),
             _("Thông báo"), "notifications"),
    ],
    Role.COUNCIL_MEMBER: [
        Step(_("Trước phiên họp xét công nhận"), _("Xem hồ sơ, điểm tự chấm và kết quả thẩm định của từng xã."),
             _("Trang chủ"), "home"),
    ],
    Role.COUNCIL_CHAIR: [
        Step(_("Khi các hồ sơ của đợt đã thẩm định"), _("Trên trang đợt đánh giá, chọn kết quả cho từng hồ sơ, ghi số, "
                                                        "ngày ký và người ký quyết định, xác nhận rồi ban hành."),
             _("Trang chủ"), "home"),
        Step(_("Trước hạn quyết định của đợt"), _("Xem danh sách đơn vị đủ điều kiện khen thưởng."),
             _("Khen thưởng"), "assessments:merit"),
    ],
    Role.PROVINCIAL_STAFF: [
        Step(_("Đầu năm"), _("Mở đợt đánh giá: bộ tiêu chuẩn, kế hoạch của đợt và từng hạn kèm văn bản đặt hạn."),
             _("Mở đợt đánh giá"), "assessments:round_new"),
        Step(_("Trong và sau đợt"), _("Theo dõi số đăng ký, tự đánh giá, nộp, công nhận theo đơn vị; xuất Excel, PDF."),
             _("Báo cáo"), "reports:summary"),
        Step(_("Khi có kế hoạch kiểm tra"), _("Lập kế hoạch kiểm tra liên ngành, đoàn kiểm tra, lịch và kết quả."),
             _("Kiểm tra liên ngành"), "inspections:list"),
    ],
    Role.NATIONAL_STAFF: [
        Step(_("Bất cứ lúc nào"), _("Xem tổng hợp theo tỉnh, phân tích tiêu chí, xu hướng và chỉ tiêu."),
             _("Báo cáo"), "reports:summary"),
    ],
    Role.SYSADMIN: [
        Step(_("Khi văn bản hoặc đơn vị thay đổi"), _("Sửa bộ tiêu chuẩn, phân công ngành, đơn vị và nhóm ngưỡng; "
                                                      "tạo tài khoản."), _("Trang quản trị"), "admin:index"),
    ],
}


def role_of(user):
    """The role whose page "Hướng dẫn" shows the user (their own)."""
    return user.role


def duty_of(user):
    """What the user does, in the line that heads their "Hướng dẫn" page (load_demo prints it too)."""
    return DUTIES[user.role]
