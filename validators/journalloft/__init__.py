"""journalloft: specifications and validators for felles journalløft."""

__version__ = "0.1.0"
