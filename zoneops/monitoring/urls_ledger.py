"""Ledger, enterprise history, targets and alerts pages (views/ledger.py)."""

urlpatterns: list = []
