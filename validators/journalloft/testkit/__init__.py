"""Conformance testing of a running OKT API: the test kit, its report and the reference server.

Layering: this package uses the validator (``journalloft.validation``, the reporters, the service's
error shapes); nothing below it imports from here.
"""

from journalloft import __version__

KIT_VERSION = __version__
"""The kit's version is the package's: its scenarios change only with a release."""
