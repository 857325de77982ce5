"""The badges of a dossier's status, of a signed record and of a decision's issue, written in Python: a round's
list prints all three on every row, and an include each cost ≈ 20 µs (1.2 ms of a district's decision list)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

register = template.Library()

# status: (Bootstrap colour, Bootstrap icon)
STATUS_STYLES = {
    "draft": ("text-bg-secondary", "pencil"),
    "submitted": ("text-bg-primary", "send"),
    "returned": ("text-bg-warning", "arrow-return-left"),
    "accepted": ("text-bg-info", "hourglass-split"),
    "appraised": ("text-bg-primary", "clipboard-check"),
    "recognised": ("text-bg-success", "award"),
    "not_recognised": ("text-bg-danger", "x-circle"),
}


@register.simple_tag
def status_badge(status, label=None):
    """A coloured badge for an assessment status: a code such as "submitted" or an Assessment.Status member;
    without ``label``, the choice's label."""
    text = label or getattr(status, "label", None) or status
    if not text:
        return ""
    style = STATUS_STYLES.get(str(status))
    if style is None:
        return format_html('<span class="badge text-bg-light border">{}</span>', text)
    return format_html('<span class="badge {}"><i class="bi bi-{}" aria-hidden="true"></i> {}</span>',
                       style[0], style[1], text)


@register.simple_tag
def signed_badge(path, signer=""):
    """How an act's record was kept: "electronic" (verified signature, with its signer) or "paper" (a scan)."""
    if path == "electronic":
        badge = mark_safe('<span class="badge text-bg-success signed-badge"><i class="bi bi-patch-check" '
                          'aria-hidden="true"></i> ký số, đã xác thực</span>')
        return badge + format_html(' <span class="small signed-signer">{}</span>', signer) if signer else badge
    if path == "paper":
        return mark_safe('<span class="badge text-bg-secondary signed-badge"><i class="bi bi-file-earmark-image" '
                         'aria-hidden="true"></i> bản gốc giấy (bản chụp)</span>')
    return ""


@register.simple_tag
def issued_badge(issued_at, issued_path, paper_ok):
    """Whether a decision is issued (ban hành: assessments.signing.decision_issue_by), and if not what it waits
    for; ``paper_ok``: its round takes the scanned paper original too (signing.paper_allowed)."""
    if issued_at:
        badge = format_html('<span class="badge text-bg-success issued-badge" title="Ban hành {}"><i '
                            'class="bi bi-check2-circle" aria-hidden="true"></i> đã ban hành</span>',
                            f"{template_localtime(issued_at):%d/%m/%Y}")  # the day in Viet Nam, as |date
        if issued_path == "before_rule":
            badge += mark_safe(' <span class="small issued-before-rule">(ghi nhận trước quy định, tính từ ngày '
                               'ký)</span>')
        return badge
    awaits = ("chờ tệp ký số đã xác thực hoặc bản chụp bản gốc giấy" if paper_ok else "chờ tệp ký số đã xác thực")
    return format_html('<span class="badge text-bg-warning issued-badge"><i class="bi bi-hourglass-split" '
                       'aria-hidden="true"></i> Chưa ban hành</span> <span class="small issued-awaits">{}</span>',
                       awaits)
