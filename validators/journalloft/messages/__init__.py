"""Message catalogues per language (data files read by :mod:`journalloft.i18n`)."""
