from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VersionField
from core.text import MAX_DOCUMENT_TEXT, MAX_TEXT, ParagraphField
from reviews.models import ReviewPart, ReviewRound

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=ReviewRound.Kind.choices, initial=ReviewRound.Kind.FINAL)
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    number = forms.CharField(label=_("Số, ký hiệu kế hoạch"), max_length=40, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DATE_INPUT,
                                input_formats=DATE_FORMATS)
    year_from = forms.IntegerField(label=_("Từ năm"), min_value=2010, max_value=2100)
    year_to = forms.IntegerField(label=_("Đến năm"), min_value=2010, max_value=2100)
    basis = ParagraphField(label=_("Căn cứ"), required=False)
    commune_due = forms.DateField(label=_("Hạn cấp xã gửi báo cáo"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    district_due = forms.DateField(
        label=_("Hạn cấp huyện gửi báo cáo lên tỉnh"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS,
        help_text=_("Chỉ khi tỉnh tổng kết các năm còn cấp huyện (trước 01/7/2025): cấp xã gửi huyện, huyện gửi tỉnh. "
                    "Đợt của huyện, hoặc của tỉnh sau 01/7/2025, không dùng hạn này."))
    unit_due = forms.DateField(label=_("Hạn đơn vị gửi báo cáo lên cấp trên"), widget=DATE_INPUT,
                               input_formats=DATE_FORMATS)
    signer_name = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)


class PartForm(forms.Form):
    version = VersionField()
    results = ParagraphField(label=_("Kết quả đạt được"), required=False, max_length=MAX_DOCUMENT_TEXT,
                             widget=forms.Textarea(attrs={"rows": 5}))
    shortcomings = ParagraphField(label=_("Tồn tại, hạn chế và nguyên nhân"), required=False,
                                  max_length=MAX_DOCUMENT_TEXT, widget=forms.Textarea(attrs={"rows": 5}))
    lessons = ParagraphField(label=_("Bài học kinh nghiệm"), required=False, max_length=MAX_DOCUMENT_TEXT,
                             widget=forms.Textarea(attrs={"rows": 4}))
    proposals = ParagraphField(label=_("Đề xuất, kiến nghị cho giai đoạn tới"), required=False,
                               max_length=MAX_DOCUMENT_TEXT, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, part: ReviewPart, **kwargs):
        initial = {n: getattr(part, n) for n in ReviewPart.TEXTS} | {"version": part.version}
        super().__init__(*args, initial=initial, **kwargs)


class ReturnForm(forms.Form):
    version = VersionField()
    comment = ParagraphField(label=_("Nội dung cần bổ sung"), max_length=MAX_TEXT)
