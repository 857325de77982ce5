"""The confirmation step of an irreversible move, done on the server (the CSP forbids inline scripts).

A move's button posts its form without ``confirm``; the view then answers with a page saying what
will happen, whose "Xác nhận" button posts the same fields again with ``confirm=1``. Only that second
post changes anything, so a stray click, a replayed first post or a page without JavaScript cannot
make the move unseen.
"""

from django.shortcuts import render

CONFIRM_FIELD = "confirm"
NOT_REPEATED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


def confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def confirmation_page(request, *, title, consequences, back_url, subject="", details=(), hidden=None, fields=()):
    """The page asking to confirm; ``hidden`` defaults to every field of the first post but ``fields``
    (bound form fields shown to be filled on this step, such as the date of the act)."""
    shown = {f.html_name for f in fields}
    if hidden is None:
        hidden = [(k, v) for k in request.POST if k not in NOT_REPEATED | shown for v in request.POST.getlist(k)]
    return render(request, "includes/confirm_move.html", {
        "title": title, "subject": subject, "consequences": [c for c in consequences if c],
        "details": list(details), "action": request.get_full_path(), "hidden": hidden, "back_url": back_url,
        "fields": list(fields)})
