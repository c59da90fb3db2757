"""The comparison reports, aggregated from the figures scoring stored (studio.scoring): `build_report(store,
where)` -> `Report`, rendered as md/html/csv/json."""

from studio.reports.build import build_report
from studio.reports.model import Report
from studio.reports.render import FORMATS, render

__all__ = ["build_report", "Report", "render", "FORMATS"]
