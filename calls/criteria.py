"""The rules a call's criteria follow, shared by the page's clean() and the admin's form."""
from django.utils.translation import gettext as _

SCALE_MAX_LIMIT = 10
NON_FIELD_ERRORS = "__all__"


def criteria_errors(criteria):
    """What is wrong with a call's criteria, given as (name, weight, scale maximum): German messages, or none."""
    if not criteria:
        return [_("A call needs at least one criterion.")]
    problems = [
        _("The scale of “%(name)s” must end between 1 and %(limit)s.") % {"name": name, "limit": SCALE_MAX_LIMIT}
        for name, _weight, scale_max in criteria
        if scale_max is None or not 1 <= scale_max <= SCALE_MAX_LIMIT
    ]
    total = sum(weight or 0 for _name, weight, _scale_max in criteria)
    if total != 100:
        problems.append(
            _("The weights of the criteria must add up to 100 %%; they add up to %(total)s %%.") % {"total": total}
        )
    return problems
