"""journalloft: specifications and validators for felles journalløft."""

from journalloft.api import validate
from journalloft.issues import Issue, Severity
from journalloft.report import Report, Result

__version__ = "0.1.0"
__all__ = ["Issue", "Report", "Result", "Severity", "__version__", "validate"]
