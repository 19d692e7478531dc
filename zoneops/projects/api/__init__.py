"""Key projects as JSON. Thin: parse, call a query or a service, answer.

Money is in 元 (decimal strings), as stored. Scope is the pages': every read starts from
``KeyProject.objects.visible_to(user)``; a project out of scope is 404.

One router (declared in ``module.py``): the plan's, with a project's running record under it,
in the order the paths were always listed.
"""

from zoneops.projects.api import ledger, plan

# The plan's router is the app's (its list is /api/projects itself, without a trailing slash,
# which a router mounted under another would add); the running record's hangs under it.
router = plan.router
router.add_router("", ledger.router)

__all__ = ["router"]
