"""Pages of 金融服务. Thin: parse → query or service → render. Everything is looked up among
what the user may see (404 otherwise); refusing an action on a visible object is 403."""

from zoneops.finance.views.cases import (
    case_detail,
    case_disburse,
    case_refuse,
    case_step,
    worklist,
)
from zoneops.finance.views.figures import (
    STAT_HEADERS,
    dashboard,
    product_list,
    product_review,
    session_detail,
    session_list,
    stats_export,
)
from zoneops.finance.views.listing import (
    listing_board,
    listing_candidates,
    listing_company,
    listing_enrol,
    listing_issue,
    listing_milestone,
    listing_update,
)
from zoneops.finance.views.needs import (
    claim,
    grant_add,
    grant_revoke,
    home,
    need_create,
    need_detail,
    need_list,
    push,
)

__all__ = [
    "STAT_HEADERS",
    "case_detail",
    "case_disburse",
    "case_refuse",
    "case_step",
    "claim",
    "dashboard",
    "grant_add",
    "grant_revoke",
    "home",
    "listing_board",
    "listing_candidates",
    "listing_company",
    "listing_enrol",
    "listing_issue",
    "listing_milestone",
    "listing_update",
    "need_create",
    "need_detail",
    "need_list",
    "product_list",
    "product_review",
    "push",
    "session_detail",
    "session_list",
    "stats_export",
    "worklist",
]
