"""The demo's decisions issued (load_demo): three on the paper path, one on the electronic path, honestly.

The electronic one is signed as an office's software would sign it (pyHanko filling the prepared fields, an
incremental update) with certificates of a **demo certificate authority made when the demo is loaded**
(``cryptography``: an EC P-256 root and two signers, the chairman and the provincial People's Committee's seal),
then uploaded through the same service as any office's file (assessments.signing.signed_document_upload),
verified against that root only. The root's certificate is written to ``settings.SIGNATURE_DEMO_ROOT`` when the
demo sets it (scripts/run_demo.sh), which core.signing.configured_roots reads only with DEBUG=True (the settings
refuse it otherwise): the demo's server and ``manage.py verify_signatures`` then trust it; nothing else ever
does. Its private keys are never written anywhere. The paper ones keep, as their "scanned original", the
decision as the app prints it (there is no paper in a demo), marked as a paper original like any scan.
"""

import datetime
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

DEMO_CA = "Demo Root CA - treem (CHỈ DÙNG CHO BẢN DEMO)"


def _name(common_name, organisation):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, issuer, public_key, signing_key, *, ca, days):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    now = datetime.datetime.now(datetime.timezone.utc)
    usage = x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                          encipher_only=False, decipher_only=False)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .sign(signing_key, hashes.SHA256()))


class DemoAuthority:
    """A root made now, in memory; ``signer`` makes a pyHanko signer under it."""

    def __init__(self):
        from cryptography.hazmat.primitives.asymmetric import ec

        self.key = ec.generate_private_key(ec.SECP256R1())
        subject = _name(DEMO_CA, "Bản demo - không phải tổ chức chứng thực")
        self.cert = _certificate(subject, subject, self.key.public_key(), self.key, ca=True, days=3650)

    @property
    def pem(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def asn1(self):
        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives import serialization

        return asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))

    def signer(self, name, organisation):
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from pyhanko.sign import signers

        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(_name(name, organisation), self.cert.subject, key.public_key(), self.key, ca=False,
                            days=730)
        der = serialization.Encoding.DER
        return signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
            signing_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                                                          serialization.NoEncryption())),
            cert_registry=None)


def _sign(pdf: bytes, signer, field) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from core import signing

    out = signing.outside_an_event_loop(signers.sign_pdf, IncrementalPdfFileWriter(BytesIO(pdf), strict=False),
                                        signers.PdfSignatureMetadata(field_name=field), signer=signer)
    return out.getvalue()


def write_demo_root(authority) -> Path | None:
    """The demo root's certificate where settings.SIGNATURE_DEMO_ROOT points (the demo's server trusts it), or
    nothing when the demo does not set it."""
    target = getattr(settings, "SIGNATURE_DEMO_ROOT", "")
    if not target:
        return None
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(authority.pem)
    return path


def issue_electronically(decision, *, by, signer_name, organisation, seal_name):
    """Prepare the decision for digital signing, sign it as the chairman and with the body's seal under a demo
    authority made now, and upload it through the service an office uses (verified, kept, issued)."""
    from assessments import signing as record
    from core import signing

    authority = DemoAuthority()
    prepared = record.prepare(by=by, document="decision", decision=decision)
    signed = _sign(_sign(prepared, authority.signer(signer_name, organisation), signing.SIGNER_FIELD),
                   authority.signer(seal_name, organisation), signing.SEAL_FIELD)
    write_demo_root(authority)
    return record.signed_document_upload(by=by, document="decision", decision=decision, roots=[authority.asn1],
                                         upload=SimpleUploadedFile("quyet-dinh-da-ky-so.pdf", signed,
                                                                   content_type="application/pdf"))


def issue_on_paper(decision, *, by):
    """Keep the decision's "scanned paper original" (the printed decision, in a demo) and so issue it."""
    from assessments import documents
    from assessments import signing as record
    from core.pdf import render_pdf

    context = documents.heading_applied(documents.decision_context(decision), document="decision",
                                        decision=decision)
    pdf = render_pdf("documents/assessments/decision.html", context)
    return record.paper_copy_upload(by=by, document="decision", decision=decision,
                                    upload=SimpleUploadedFile("quyet-dinh-ban-chup.pdf", pdf,
                                                              content_type="application/pdf"))
