"""Entry point for WSGI servers: `gunicorn wsgi:app`."""
from confsched import create_app

app = create_app()
