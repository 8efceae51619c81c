"""Logg: the förbund's changes (django-simple-history's records of every model kansliet changes)
and its reads and exports (AccessLog), for kansliet and läsare (direktion, revisorer)."""
