"""``siklus token create USERNAME [--name NAME]``: issue an API bearer token (shown once)."""

from django.core.management.base import BaseCommand, CommandError

from siklus.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Buat token API untuk seorang pengguna."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, action, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Pengguna {username} tidak ada atau tidak aktif.")
        self.stdout.write(ApiToken.issue(user, name))
