"""Issue, revoke and list the API's keys (an administrator's command; the admin does the same).

    manage.py api_keys issue --name "Cổng dữ liệu Sở Y tế Lào Cai" --province 10
    manage.py api_keys issue --name "Bộ Y tế" --national
    manage.py api_keys revoke AbCd1234
    manage.py api_keys list
"""

from django.core.management.base import BaseCommand, CommandError

from api import services
from api.models import ApiKey
from communes.models import Unit


class Command(BaseCommand):
    help = "Cấp, thu hồi, liệt kê khóa API (mỗi hệ thống một khóa, cho một tỉnh hoặc toàn quốc)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue")
        issue.add_argument("--name", required=True)
        where = issue.add_mutually_exclusive_group(required=True)
        where.add_argument("--province", help="mã tỉnh (đang có hiệu lực), ví dụ 10")
        where.add_argument("--national", action="store_true")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")
        sub.add_parser("list")

    def handle(self, *args, action, **options):
        if action == "issue":
            unit = None
            if options["province"]:
                unit = Unit.objects.provinces().current().filter(code=options["province"].zfill(2)).first()
                if unit is None:
                    raise CommandError(f"Không có tỉnh mã {options['province']} đang có hiệu lực.")
            key, secret = services.api_key_issue(by=None, name=options["name"], unit=unit)
            self.stdout.write(f"Khóa API của “{key.name}” ({unit or 'toàn quốc'}): {secret}")
            self.stdout.write("Chỉ hiện lần này: hệ thống chỉ lưu bản băm.")
        elif action == "revoke":
            try:
                key = services.api_key_revoke(by=None, prefix=options["prefix"])
            except ApiKey.DoesNotExist:
                raise CommandError(f"Không có khóa {options['prefix']}.")
            self.stdout.write(f"Đã thu hồi khóa {key.prefix} ({key.name}).")
        else:
            for key in ApiKey.objects.select_related("unit").order_by("created"):
                state = "đã thu hồi" if key.revoked else "đang dùng"
                used = key.last_used_at.isoformat(timespec="seconds") if key.last_used_at else "chưa dùng"
                self.stdout.write(f"{key.prefix}  {key.name}  {key.unit or 'toàn quốc'}  {state}  {used}")
