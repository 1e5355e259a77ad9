"""The requirement catalogue's pages on the site (krav, kategorier, versjoner, verktøy, referanser...).

They read the catalogue through ``journalloft.requirements`` and are written by ``journalloft.site``'s
generator; the catalogue itself never imports them (issue 24: the site sits above the catalogue).
"""
