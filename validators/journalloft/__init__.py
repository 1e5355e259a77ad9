"""journalloft: specifications and validators for felles journalløft."""

from journalloft.api import validate
from journalloft.issues import Issue, Severity
from journalloft.report import Report, Result, Summary
from journalloft.stream import Block, Settings, Validator, read_blocks

__version__ = "0.1.0"
__all__ = [
    "Block",
    "Issue",
    "Report",
    "Result",
    "Settings",
    "Severity",
    "Summary",
    "Validator",
    "__version__",
    "read_blocks",
    "validate",
]
