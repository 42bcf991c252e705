"""The release's criteria and risks (acceptance's viewsets) with `?as_at=`: the record as it stood then.

The as-at reading belongs to releases (releases.asat reads every app's history), and the apps depend one
way, so releases composes acceptance's viewsets with it rather than acceptance importing releases.
"""

from acceptance.api import views as acceptance

from .asat import AsAtMixin


class CriterionViewSet(AsAtMixin, acceptance.CriterionViewSet):
    __doc__ = acceptance.CriterionViewSet.__doc__


class RiskViewSet(AsAtMixin, acceptance.RiskViewSet):
    __doc__ = acceptance.RiskViewSet.__doc__
