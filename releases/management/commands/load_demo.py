"""manage.py load_demo: the five SEC Releases of the papers in shared/seeds, and the demo logins."""

import time

from django.core.management.base import BaseCommand

from releases import demo
from releases.demo.users import ensure_demo_users


class Command(BaseCommand):
    help = "Load the demo releases transcribed from the papers (once; a second run changes nothing)."

    def handle(self, *args, **options):
        started = time.monotonic()
        loaded = demo.load()
        seconds = time.monotonic() - started
        if loaded:
            self.stdout.write(self.style.SUCCESS(f"Loaded the demo releases in {seconds:.1f} s."))
        else:
            self.stdout.write("The demo is already loaded; nothing changed.")
        self.stdout.write("Demo logins (username / password):")
        for username, password, role in ensure_demo_users():
            self.stdout.write(f"  {username} / {password}  ({role})")
