"""Entry point for WSGI servers: `gunicorn wsgi:app`."""
import sys

from confsched import create_app
from confsched.config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:
    sys.exit(f"confsched: {error.format_message()}")
