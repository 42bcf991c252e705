"""The demo's logins: one user per role group, and an admin."""

from django.contrib.auth.models import Group

from releases.models import User
from secreleases.roles import ensure_role_groups

# Fixed, public demo passwords: this data is for a local demo, never for production.
DEMO_USERS = [
    ("secas", "secas", "secas@secas.example", "secas-demo"),
    ("dcc", "dcc", "dcc@dcc.example", "dcc-demo"),
    ("panel", "panel", "panel@panel.example", "panel-demo"),
]
ADMIN = ("admin", "admin@secas.example", "admin-demo")


def ensure_demo_users() -> list[tuple[str, str, str]]:
    """Create the demo users if missing; returns (username, password, role) for the logins message."""
    ensure_role_groups()
    logins = []
    for username, group, email, password in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, email=email, password=password)
            user.groups.add(Group.objects.get(name=group))
        logins.append((username, password, group))
    username, email, password = ADMIN
    if not User.objects.filter(username=username).exists():
        User.objects.create_superuser(username, email, password)
    logins.append((username, password, "superuser"))
    return logins
