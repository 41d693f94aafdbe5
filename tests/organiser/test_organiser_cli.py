"""Account commands: create-organiser reads the password from stdin, create-token prints a usable token once."""
from __future__ import annotations

from confsched.organiser.accounts import find_organiser
from tests.organiser.conftest import PASSWORD


def test_create_organiser_reads_the_password_from_stdin_and_the_account_signs_in(app, runner, client, sign_in):
    result = runner.invoke(args=["create-organiser", "Neue@Example.org", "--admin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created admin organiser neue@example.org." in result.output
    with app.app_context():
        organiser = find_organiser("neue@example.org")
        assert organiser.is_admin
        assert organiser.password_hash.startswith("scrypt:")
        assert PASSWORD not in organiser.password_hash
    response = sign_in(client, email="neue@example.org")
    assert response.status_code == 302
    assert client.get("/organiser/").status_code == 200


def test_create_organiser_refuses_short_passwords_and_duplicates(runner):
    short = runner.invoke(args=["create-organiser", "a@example.org"], input="short\n")
    assert short.exit_code == 1 and "10 to 200 characters" in short.output
    assert runner.invoke(args=["create-organiser", "a@example.org"], input=PASSWORD + "\n").exit_code == 0
    again = runner.invoke(args=["create-organiser", "A@example.org"], input=PASSWORD + "\n")
    assert again.exit_code == 1 and "exists already" in again.output


def test_create_token_prints_a_token_the_api_accepts(app, runner, client, demo):
    runner.invoke(args=["create-organiser", "api@example.org"], input=PASSWORD + "\n")
    assert runner.invoke(args=["add-member", "api@example.org", demo]).exit_code == 0
    result = runner.invoke(args=["create-token", "api@example.org"])
    token = result.output.strip()
    assert result.exit_code == 0 and token.startswith("cst_")
    with app.app_context():
        stored = find_organiser("api@example.org").tokens[0]
        assert token not in (stored.token_hash, stored.hint) and stored.hint == token[:8]
    response = client.get(f"/api/v1/conferences/{demo}/history", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_create_token_for_an_unknown_email_fails(runner):
    result = runner.invoke(args=["create-token", "nobody@example.org"])
    assert result.exit_code == 1 and "no organiser" in result.output
