"""gunicorn's settings for Sammen, read from the directory gunicorn starts in (the README's
deployment and bench/pages.py both start it here). Command-line options override them."""

import gc


def post_worker_init(worker):
    """Once a worker has loaded the app, its objects (the app, SQLAlchemy's mappings, the
    translations) live as long as the worker: move them out of the garbage collector's way,
    so a full collection only walks what requests leave behind."""
    gc.freeze()
