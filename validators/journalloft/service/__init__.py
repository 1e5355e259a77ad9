"""``journalloft serve``: the validator over HTTP, a stateless ASGI application (see :mod:`.app`)."""
