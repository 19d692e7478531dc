"""What other apps may use of 惠企政策, and nothing else of it: the summary the leaders' layer
shows, notices, the eligibility engine's judgement of rules, and the rule rows as a page
edits them (a bank product's 准入条件 are rules of the same engine, edited the same way with
the template ``support/_rule_row.html``)."""

from zoneops.support.forms import RuleForm, posted_rules, rule_context, rule_entry
from zoneops.support.queries import (
    match_rules,
    notices_for,
    rule_labels,
    rules_problem,
    support_summary,
)
from zoneops.support.services import notice_send

__all__ = [
    "RuleForm",
    "match_rules",
    "notice_send",
    "notices_for",
    "posted_rules",
    "rule_context",
    "rule_entry",
    "rule_labels",
    "rules_problem",
    "support_summary",
]
