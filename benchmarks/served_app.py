"""The product app plus one bare route: the ceiling every benchmark figure is compared with.

The bare route exists only here, never in the product.
"""
from confsched import create_app

app = create_app()


@app.get("/_benchmark/bare")
def bare():
    """Does nothing, so its throughput is what this server and machine can do at most."""
    return "ok"
