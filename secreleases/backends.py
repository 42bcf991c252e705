"""The authentication backend: Django's password sign-in, with permissions answered from the roles."""

from django.contrib.auth.backends import ModelBackend

from .roles import permissions_of


class RoleBackend(ModelBackend):
    """Django's permission checks answered from the roles: per-user and group permission rows play no part."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(permissions_of(user_obj))
