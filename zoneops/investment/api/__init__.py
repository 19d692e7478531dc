"""Investment attraction as JSON: projects and their stages, funds arrived, the work log,
events, targets with their progress, the dashboard's figures and a chain's picture.
Money is in 元 both ways. Thin: parse, call a query or a service, answer; out of scope is 404.

One router (declared in ``module.py``) made of one per topic, in the order the paths were
always listed.
"""

from ninja import Router

from zoneops.investment.api import figures, projects, records

router = Router()  # each topic's router carries the tag
router.add_router("", projects.router)
router.add_router("", records.router)
router.add_router("", figures.router)

__all__ = ["router"]
