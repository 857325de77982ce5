"""A signed file refused in verification is logged in one line with its reason, without a traceback (issue 24).

pyHanko logs each refusal it meets (a certificate under an unknown root, an expired one, a revision adding
content after the signature) as a WARNING with the validation error's traceback; the settings send its loggers
through a handler that writes the error's type and message on the record's own line (core/logfilters.py), and
assessments.signing adds its own line: the refusal's code, the act and the reason. Read from the handlers the
settings configure (their streams pointed at a buffer for the test), with real signatures."""

import io
import logging
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments import signing as record
from core.logfilters import OneLine
from tests import signers
from tests.factories import advance

S = "recognised"
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (WARNING|ERROR) \[[^\]]*\] [\w.]+: .+$")


@pytest.fixture
def log_lines():
    """The text the configured console handlers write (the root's and pyHanko's one-line handler)."""
    pyhanko = [h for h in logging.getLogger("pyhanko").handlers if any(isinstance(f, OneLine) for f in h.filters)]
    assert pyhanko, "config.settings no longer sends pyHanko's logs through the one-line handler"
    root = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    buffer, old = io.StringIO(), {}
    for handler in pyhanko + root:
        old[handler] = handler.setStream(buffer)
    yield buffer
    for handler, stream in old.items():
        handler.setStream(stream)


def test_each_refusal_is_one_line_with_its_reason(workflow, media, settings, tmp_path, log_lines):
    from assessments import services

    w = workflow
    a = services.assessment_start(by=w.officer, round=w.round, commune=w.units.commune)
    d = advance(a, S, officer=w.officer, recogniser=w.district, decider=w.chair, appraisers=w.appraisers).decision
    trusted = signers.make_root()
    trusted.write_to(tmp_path / "roots")
    settings.SIGNATURE_TRUST_ROOTS = str(tmp_path / "roots")
    prepared = record.prepare(by=w.chair, document="decision", decision=d)
    now = signers.NOW
    files = {
        "untrusted": signers.sign(prepared, signers.make_signer(signers.make_root("Unknown Root"), "Người lạ", "X")),
        "expired": signers.sign(prepared, signers.make_signer(trusted, "Hết Hạn", "UBND huyện Văn Bàn",
                                                              valid_from=now.replace(year=now.year - 3),
                                                              valid_to=now.replace(year=now.year - 1))),
        "added_later": signers.add_text_after(signers.sign(prepared, signers.make_signer(trusted))),
    }
    for code, data in files.items():
        with pytest.raises(ValidationError):
            record.signed_document_upload(by=w.chair, document="decision", decision=d,
                                          upload=SimpleUploadedFile("qd.pdf", data))

    written = log_lines.getvalue()
    lines = written.splitlines()
    assert "Traceback" not in written and lines
    assert all(LINE.match(line) for line in lines), written
    for code in files:
        [ours] = [line for line in lines if f"signed file refused ({code}) for decision of decision {d.pk}:" in line]
        assert ours.split(" ")[2] == "WARNING"
    assert "Chứng thư số của Người lạ do" in written  # the reason, in the words the page shows
    pyhanko = [line for line in lines if " pyhanko" in line]
    assert pyhanko and all("(" in line for line in pyhanko), pyhanko  # the error's type and message, inline
