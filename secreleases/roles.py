"""The three roles, defined once, and the one question every door asks: may this user do this?

A role is a Django group (`secas`, `dcc`, `panel`). What each role may do is written here, in code;
`secreleases.backends.RoleBackend` answers Django's permission checks from it, so the pages (`permission_required`),
the templates (`perms`), the admin and the API (`RolePermission`) all get the same answer from
`permissions_of`. A user's roles are read once per request and never kept longer: taking someone
out of a role, or deactivating them, takes effect on their next request.
"""

import functools

from django.apps import apps

SECAS, DCC, PANEL = "secas", "dcc", "panel"
ROLES = (SECAS, DCC, PANEL)
DOMAIN_APPS = ("releases", "modifications", "acceptance")
ACTIONS = ("view", "add", "change", "delete")
# What the DCC writes itself: its change requests; the forecast, actual date and BRAG of milestones
# (Milestone.check_writer: not the plan, and it neither creates nor deletes them); new readiness reports
# (SECAS corrects or withdraws them).
DCC_WRITES = {
    "releases.milestone": ("change",),
    "acceptance.readinessreport": ("add",),
    "acceptance.readinesscomponent": ("add",),
    "modifications.changerequest": ("add", "change", "delete"),
}
# SECAS also runs the daily jobs' schedule (django-celery-beat) and the webhook endpoints, and plans milestones.
SECAS_EXTRA = (
    "django_celery_beat.periodictask",
    "django_celery_beat.crontabschedule",
    "secreleases.webhookendpoint",
    "secreleases.webhookdelivery",
)
SECAS_ONLY = ("releases.plan_milestone",)
# SECAS administrators (secas members with staff status, in the admin) read the audit log, lift lock-outs
# (deleting an access attempt lifts it), and see and revoke anyone's API tokens (changing one revokes it).
SECAS_SECURITY = frozenset(
    {
        "secreleases.view_auditevent",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "secreleases.view_apitoken",
        "secreleases.change_apitoken",
    }
)


def codename(model_label: str, action: str) -> str:
    """'releases.scopeitem', 'change' -> 'releases.change_scopeitem' (Django's permission names)."""
    app_label, model_name = model_label.split(".")
    return f"{app_label}.{action}_{model_name}"


def domain_model_labels() -> list[str]:
    labels = []
    for app_label in DOMAIN_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if not model._meta.auto_created and not model._meta.model_name.startswith("historical"):
                labels.append(model._meta.label_lower)
    return labels


@functools.cache
def role_permissions() -> dict[str, frozenset[str]]:
    """Each role's permissions: SECAS writes everything, the DCC its own records, the Panel reads."""
    models = domain_model_labels()
    read = {codename(label, "view") for label in models}
    dcc_writes = {codename(label, action) for label, actions in DCC_WRITES.items() for action in actions}
    secas = {codename(label, action) for label in [*models, *SECAS_EXTRA] for action in ACTIONS} | set(SECAS_ONLY)
    return {SECAS: frozenset(secas | SECAS_SECURITY), DCC: frozenset(read | dcc_writes), PANEL: frozenset(read)}


def roles_of(user) -> frozenset[str]:
    """The user's role groups, read once per request (token authentication may have read them already)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = getattr(user, "_roles", None)
    if roles is None:
        roles = user._roles = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    return roles


def permissions_of(user) -> frozenset[str]:
    table = role_permissions()
    return frozenset().union(*(table[role] for role in roles_of(user)))


def can(user, action: str, model) -> bool:
    """May `user` view/add/change/delete `model` (a class or an instance)? Superusers may do anything."""
    return bool(user) and user.has_perm(codename(model._meta.label_lower, action))


def ensure_role_groups(sender=None, **kwargs) -> None:
    """Create the role groups and mirror their permissions into the group rows the admin shows (post_migrate)."""
    from django.contrib.auth.models import Group, Permission

    # post_migrate comes once per app; after the last domain app's, every permission row exists.
    if sender is not None and sender.label != DOMAIN_APPS[-1]:
        return
    by_name = {
        f"{app_label}.{name}": pk
        for pk, app_label, name in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    }
    for role, permissions in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set([by_name[p] for p in permissions if p in by_name])
