"""/healthz tells a load balancer whether this instance can reach its database."""
import pytest

from confsched import create_app

UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-confsched-directory/confsched.sqlite",
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/confsched?connect_timeout=2",
}


def test_healthy_when_the_database_answers(client):
    """A reachable database gives 200 and a body monitoring can read; nothing is cached."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("database", sorted(UNREACHABLE))
def test_unavailable_when_the_database_is_unreachable(database, caplog):
    """An unreachable database gives 503, names the cause in the log and never leaks the URL."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": UNREACHABLE[database]})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
    assert "nonexistent-confsched-directory" not in response.get_data(as_text=True)
    assert "database unreachable" in caplog.text
