"""recoverytui: a recovery plan kept together by a client and a worker."""

__version__ = "0.1.0"
