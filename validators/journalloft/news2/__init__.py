"""NEWS2 (National Early Warning Score 2): the scoring chart, the scoring engine, and the checks.

Usable on its own: :func:`score` takes plain measurements and returns the sub-scores, the total and
the clinical risk band per the Royal College of Physicians' chart (2017), held once in
:mod:`journalloft.news2.chart`. The engine checks data quality; it is not a medical device and must
not be used for clinical decisions.
"""

from journalloft.news2.chart import CHART, Band, Parameter
from journalloft.news2.engine import Assessment, Measurements, risk_band, score

__all__ = ["CHART", "Assessment", "Band", "Measurements", "Parameter", "risk_band", "score"]
