"""The demo zone (see :mod:`zoneops.demo.builder`)."""
