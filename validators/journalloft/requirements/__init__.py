"""The requirement catalogue "Felles rammer og anbefalinger": data model, lint, exports, vendor answers.

The catalogue lives as YAML under ``specs/requirements/`` (format: ``specs/requirements/schema/``).
Requirements are data with permanent ids and a lifecycle; every page and download is generated from it.
"""
