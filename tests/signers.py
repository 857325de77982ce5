"""Throwaway certificate authorities and signers, made at test time with ``cryptography``, and signing a PDF
with pyHanko as an office's signing software would (an incremental update filling the prepared field).

Nothing here is a stub: the keys are real (EC P-256), the certificates chain as a CA's do, and the
signatures are the CMS signatures pyHanko writes for any PDF reader to check."""

import datetime
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from core import signing

NOW = datetime.datetime.now(datetime.timezone.utc)


def _name(common_name, organisation=None):
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


@dataclass
class Authority:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def asn1(self):
        return asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))

    def write_to(self, folder: Path, name="root.pem") -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(self.pem)
        return path


def make_root(name="Throwaway Root CA (tests)") -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(name, "Test PKI")
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=3650)).not_valid_after(NOW + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return Authority(cert, key)


@dataclass
class Signer:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    root: Authority

    def pyhanko_signer(self):
        from pyhanko.sign import signers

        der = serialization.Encoding.DER
        return signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(self.cert.public_bytes(der)),
            signing_key=asn1_keys.PrivateKeyInfo.load(self.key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
            cert_registry=None)


def make_signer(root: Authority, name="Hoàng Văn Thắng", organisation="UBND huyện Văn Bàn", *,
                valid_from=None, valid_to=None) -> Signer:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(name, organisation)).issuer_name(root.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(valid_from or NOW - datetime.timedelta(days=365))
            .not_valid_after(valid_to or NOW + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(root.key, hashes.SHA256()))
    return Signer(cert, key, root)


def sign(pdf: bytes, signer: Signer, field="ChuKyNguoiKy") -> bytes:
    """Sign the prepared field as the office's software would: an incremental update of the file."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    out = signing.outside_an_event_loop(signers.sign_pdf, IncrementalPdfFileWriter(BytesIO(pdf), strict=False),
                           signers.PdfSignatureMetadata(field_name=field), signer=signer.pyhanko_signer())
    return out.getvalue()


def add_text_after(pdf: bytes) -> bytes:
    """A later revision that adds content to the first page after the signature (a stamp of text)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.stamp import TextStamp, TextStampStyle

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    TextStamp(writer, TextStampStyle(stamp_text="Đã sửa sau khi ký")).apply(0, 100, 100)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def flip_one_byte(pdf: bytes, marker=b"WeasyPrint") -> bytes:
    """The same file with one byte changed inside the signed range (the producer's name)."""
    at = pdf.index(marker)
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]
