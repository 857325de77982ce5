"""Printed documents: HTML templates in the NĐ 30/2020 layout, rendered to PDF by WeasyPrint."""

from django.template.loader import render_to_string


def render_pdf(template_name, context, request=None) -> bytes:
    """Render a document template (extending documents/base.html) to PDF bytes."""
    from weasyprint import HTML  # imported late: WeasyPrint is heavy to load

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=".").write_pdf()
