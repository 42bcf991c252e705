"""The three roles are Django groups with model permissions; every installation has them."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from .models.people import DCC_GROUP, PANEL_GROUP, SECAS_GROUP

DOMAIN_APPS = ("releases", "modifications", "acceptance")
# What the DCC maintains itself: its milestone forecasts, readiness reports and change requests.
DCC_WRITES = (
    "releases.milestone",
    "acceptance.readinessreport",
    "acceptance.readinesscomponent",
    "modifications.changerequest",
)
SECAS_EXTRA = ("django_celery_beat.periodictask", "django_celery_beat.crontabschedule")
# SECAS administrators (secas members with staff status) read the sign-in audit log and lift lock-outs.
SECAS_SECURITY = [
    ("secreleases.auditevent", ["view"]),
    ("axes.accessattempt", ["view", "delete"]),
]


def domain_models():
    for label in DOMAIN_APPS:
        yield from apps.get_app_config(label).get_models()


def permissions_for(model_labels, actions):
    wanted = []
    for label in model_labels:
        app_label, model_name = label.split(".")
        wanted += [(app_label, f"{action}_{model_name}") for action in actions]
    query = Permission.objects.none()
    for app_label, codename in wanted:
        query = query | Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return list(query)


def role_permissions() -> dict[str, list[Permission]]:
    every_model = [model._meta.label_lower for model in domain_models() if not model._meta.auto_created]
    every_model = [label for label in every_model if ".historical" not in label]
    read = permissions_for(every_model, ["view"])
    return {
        SECAS_GROUP: permissions_for(every_model + list(SECAS_EXTRA), ["add", "change", "delete", "view"])
        + [permission for label, actions in SECAS_SECURITY for permission in permissions_for([label], actions)],
        DCC_GROUP: read + permissions_for(DCC_WRITES, ["add", "change", "delete"]),
        PANEL_GROUP: read,
    }


def ensure_role_groups(sender=None, **kwargs) -> None:
    """Create the role groups and give them exactly their permissions (post_migrate, idempotent)."""
    if sender is not None and sender.label != DOMAIN_APPS[-1]:
        return
    for name, permissions in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
