"""The programme commands: demo, import and export, including their bad-input paths."""
import json
import os
import subprocess
import sys

import jsonschema
from sqlalchemy import inspect

from confsched import PROJECT_ROOT
from confsched.extensions import db

from confsched.programme import document as programme_document


def test_init_db_creates_the_programme_tables(app, runner):
    """init-db leaves a database the programme can be stored in."""
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert {"conference", "workshop", "workshop_day", "agenda_item", "assignment"} <= tables


def test_demo_twice_then_export_validates(runner, tmp_path):
    """demo loads once, reports the seed's inconsistencies, and exports a valid four-workshop document."""
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0 and "created" in first.output
    assert first.stderr.splitlines() == [
        "notes: 2 printed times differ from the programme; 30 times printed as CET where CEST applied; "
        "`flask --app confsched demo --details` lists them."
    ]
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0 and "already up to date" in second.output
    target = tmp_path / "out.json"
    exported = runner.invoke(args=["export", "vorkonferenz-2020", "-o", str(target)])
    assert exported.exit_code == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(programme_document.load_schema()).validate(document)
    assert len(document["workshops"]) == 4


def test_demo_details_list_every_note_with_its_location(runner):
    """--details shows each of the seed's 32 notes, the wrong TRT time first, the 30 repeated labels as one line
    with their places under it."""
    result = runner.invoke(args=["demo", "--details"])
    lines = result.stderr.splitlines()
    assert result.exit_code == 0 and len(lines) == 33
    assert "printed[1]): Printed as 13:00 (TRT), but the programme gives 14:00" in lines[0]
    assert lines[2].startswith("warning: 30 times are printed as CET")
    assert all(line.startswith("  - ") for line in lines[3:])


def test_export_to_stdout_without_secrets(runner):
    """The default export is public; --with-access is the explicit private backup."""
    runner.invoke(args=["demo"])
    public = runner.invoke(args=["export", "vorkonferenz-2020"])
    private = runner.invoke(args=["export", "vorkonferenz-2020", "--with-access"])
    assert public.exit_code == 0 and "Kd-7319-secret" not in public.output
    assert "Kd-7319-secret" in private.output


def test_export_unknown_slug_fails(runner):
    """A slug that does not exist exits non-zero and says so."""
    result = runner.invoke(args=["export", "nope"])
    assert result.exit_code != 0 and "nope" in result.output


def test_import_and_dry_run(runner, tmp_path, make_document):
    """A dry run changes nothing; the real import then creates the conference."""
    path = tmp_path / "programme.json"
    path.write_text(programme_document.dumps(make_document(slug="cli-test")), encoding="utf-8")
    dry = runner.invoke(args=["import", "--dry-run", str(path)])
    assert dry.exit_code == 0 and "would change" in dry.output
    assert runner.invoke(args=["export", "cli-test"]).exit_code != 0
    real = runner.invoke(args=["import", str(path)])
    assert real.exit_code == 0 and "created" in real.output
    assert runner.invoke(args=["export", "cli-test"]).exit_code == 0


def test_import_of_broken_json_exits_with_location(runner, tmp_path):
    """Unparseable input exits 1 with line and column."""
    path = tmp_path / "broken.json"
    path.write_text('{"format": "confsched-programme",\n "version": }', encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1 and "line 2" in result.stderr


def test_import_of_invalid_programme_lists_problems_and_stores_nothing(runner, tmp_path, make_document):
    """Rule violations exit 1, each with its location, and nothing is stored."""
    document = make_document(slug="bad")
    document["workshops"][0]["days"][0].update(date="2021-03-28", local_start="02:30", local_end="04:00")
    document["workshops"][0]["platform"] = "webex"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "(workshops[0].days[0].local_start): 2021-03-28 02:30 does not exist in Europe/Berlin" in result.stderr
    assert "(workshops[0].platform): “webex” does not name any platform" in result.stderr
    assert runner.invoke(args=["export", "bad"]).exit_code != 0


def test_import_of_missing_file_fails(runner, tmp_path):
    """A path that does not exist is a usage error, not a traceback."""
    result = runner.invoke(args=["import", str(tmp_path / "missing.json")])
    assert result.exit_code == 2 and "No such file" in result.output


def test_the_demo_command_says_only_what_it_did(tmp_path):
    """Run as a newcomer runs it: no warning lines beside the one-line summary of the printed programme's notes."""
    environment = {"PATH": os.environ["PATH"], "SECRET_KEY": "a-long-random-key-for-this-test",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite'}"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "confsched", "demo"], cwd=PROJECT_ROOT,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "notes: 2 printed times differ from the programme; 30 times printed as CET where CEST applied; "
        "`flask --app confsched demo --details` lists them."
    ]
