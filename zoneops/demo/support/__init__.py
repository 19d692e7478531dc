"""The demo zone's enterprise services: a policy library, funding programs with their
windows and eligibility rules, applications, a difficulties register, cultivation pools with
members, and a handful of small enterprises near 2000万元 whose figures make them candidates
(their revenue reports for last December and the month before last, periods the monitoring
demo's own checks of the live month leave alone).

Everything is dated against the demo's today (``ctx.today``): most programs of the year are
open, one closes within a week, some have closed and some open later; difficulties, pool
memberships and matching stand on the same day. Everything is written through
``zoneops.support.services`` (and the monitoring services for the small enterprises'
reports), so it carries history like data entered by hand.
"""

from zoneops.demo.support.builders import build_support

__all__ = ["build_support"]
