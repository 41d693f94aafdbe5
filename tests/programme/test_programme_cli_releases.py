"""Releases on the command line: import publishes (and says which release), import --draft does not, publish and
releases, and export of the latest release, an earlier one or the draft."""
from __future__ import annotations

import json

import pytest

from confsched.extensions import db
from confsched.programme import document as programme_document
from confsched.programme import releases
from confsched.programme.queries import load_conference_row

SLUG = "cli-releases"
SECRET = "Zm-4482-secret"


@pytest.fixture
def document_file(tmp_path, make_document):
    """Factory: a synthetic document of the test conference written to a file, workshop 1 titled as asked."""

    def write(title: str = "Erster Titel", name: str = "programme.json"):
        document = make_document(slug=SLUG)
        document["workshops"][0]["title"] = {"de": title, "tr": "Başlık"}
        document["platforms"][0]["access"] = {"passcode": SECRET}
        path = tmp_path / name
        path.write_text(programme_document.dumps(document), encoding="utf-8")
        return path

    return write


def exported(runner, *args) -> dict:
    """A document the export command writes to standard output."""
    result = runner.invoke(args=["export", SLUG, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def title(document: dict) -> str:
    """Workshop 1's German title."""
    return document["workshops"][0]["title"]["de"]


def test_import_publishes_a_release_and_says_its_number(runner, document_file):
    first = runner.invoke(args=["import", str(document_file())])
    assert first.exit_code == 0 and f"{SLUG}: created, release 1 published." in first.stdout
    again = runner.invoke(args=["import", str(document_file())])
    assert again.exit_code == 0 and f"{SLUG}: already up to date, nothing to release." in again.stdout
    changed = runner.invoke(args=["import", str(document_file("Zweiter Titel"))])
    assert f"{SLUG}: updated, release 2 published." in changed.stdout
    assert title(exported(runner)) == "Zweiter Titel"


def test_import_draft_changes_only_the_draft_until_it_is_published(app, runner, document_file):
    runner.invoke(args=["import", str(document_file())])
    drafted = runner.invoke(args=["import", "--draft", str(document_file("Entwurfstitel"))])
    assert drafted.exit_code == 0 and f"draft updated; `flask --app confsched publish {SLUG}` releases it" in drafted.stdout
    assert title(exported(runner)) == "Erster Titel"
    assert title(exported(runner, "--draft")) == "Entwurfstitel"

    dry = runner.invoke(args=["publish", SLUG, "--dry-run"])
    assert dry.exit_code == 0 and "release 2 would publish 1 change (nothing stored, dry run)" in dry.stdout
    assert title(exported(runner)) == "Erster Titel"

    published = runner.invoke(args=["publish", SLUG, "--comment-de", "Neuer Titel.", "--comment-tr", "Yeni başlık."])
    assert published.exit_code == 0 and f"{SLUG}: release 2 published (1 change)." in published.stdout
    assert title(exported(runner)) == "Entwurfstitel"
    with app.app_context():
        release = releases.find_release(load_conference_row(SLUG), 2)
        assert release.comment == {"de": "Neuer Titel.", "tr": "Yeni başlık."}
        assert release.published_by == "command line"

    listed = runner.invoke(args=["releases", SLUG]).stdout.splitlines()
    assert listed[0].startswith("release 2: ") and listed[0].endswith(" UTC, by command line, 1 change")
    assert listed[1:3] == ["  German: Neuer Titel.", "  Turkish: Yeni başlık."]
    assert listed[3].startswith("release 1: ")


def test_publishing_nothing_is_refused(runner, document_file):
    runner.invoke(args=["import", str(document_file())])
    refused = runner.invoke(args=["publish", SLUG])
    assert refused.exit_code == 1 and "there is nothing to publish" in refused.stderr
    assert runner.invoke(args=["publish", "nope"]).exit_code == 1


def test_a_comment_with_control_characters_is_refused(runner, document_file):
    runner.invoke(args=["import", "--draft", str(document_file())])
    refused = runner.invoke(args=["publish", SLUG, "--comment-de", "Ein\x00Null"])
    assert refused.exit_code == 1 and "control character" in refused.stderr
    assert "not released yet" in runner.invoke(args=["releases", SLUG]).stdout


def test_export_of_a_release_is_its_kept_document_public_unless_asked(app, runner, document_file):
    runner.invoke(args=["import", str(document_file())])
    runner.invoke(args=["import", str(document_file("Zweiter Titel"))])
    public = exported(runner, "--release", "1")
    private = exported(runner, "--release", "1", "--with-access")
    assert title(public) == title(private) == "Erster Titel"
    assert SECRET not in json.dumps(public) and SECRET in json.dumps(private)
    with app.app_context():
        release = releases.find_release(load_conference_row(SLUG), 1)
        kept, kept_publicly = release.document, releases.release_document(release)
    assert private == kept and public == kept_publicly
    assert exported(runner, "--release", "2", "--with-access") == exported(runner, "--with-access")

    unknown = runner.invoke(args=["export", SLUG, "--release", "9"])
    assert unknown.exit_code == 1 and "has no release 9" in unknown.output
    both = runner.invoke(args=["export", SLUG, "--release", "1", "--draft"])
    assert both.exit_code == 2 and "not both" in both.output


def test_a_release_not_kept_cannot_be_exported(app, runner, document_file):
    runner.invoke(args=["import", str(document_file())])
    with app.app_context():
        release = releases.find_release(load_conference_row(SLUG), 1)
        release.document = {}  # as migration 0017 leaves the first release of an existing conference
        db.session.commit()
    result = runner.invoke(args=["export", SLUG, "--release", "1"])
    assert result.exit_code == 1 and "before releases were kept" in result.output


def test_an_unreleased_conference_exports_only_its_draft(runner, document_file):
    runner.invoke(args=["import", "--draft", str(document_file("Nur Entwurf"))])
    refused = runner.invoke(args=["export", SLUG])
    assert refused.exit_code == 1 and "has not been released yet" in refused.output
    assert title(exported(runner, "--draft")) == "Nur Entwurf"
