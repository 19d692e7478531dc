"""What other apps may use of 惠企政策 beyond its queries: the eligibility rule rows as a page
edits them (a bank product's 准入条件 are rules of the same engine, edited the same way with
the template ``support/_rule_row.html``)."""

from zoneops.support.forms import RuleForm, posted_rules, rule_context, rule_entry

__all__ = ["RuleForm", "posted_rules", "rule_context", "rule_entry"]
