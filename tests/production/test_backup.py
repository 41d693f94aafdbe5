"""`flask backup` writes private, restorable programme documents of every conference."""
import json
import stat

from confsched.programme.validation import parse


def test_backup_writes_every_conference_privately_with_access_data(runner, demo, load_document, make_document, tmp_path):
    """Each conference becomes an owner-only file holding its access data, in an owner-only directory."""
    load_document(make_document(slug="zweite-konferenz", workshops=2))
    target = tmp_path / "backups"
    result = runner.invoke(args=["backup", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Backed up 2 conference(s)" in result.output
    assert sorted(path.name for path in target.iterdir()) == ["vorkonferenz-2020.json", "zweite-konferenz.json"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    for path in target.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = (target / "vorkonferenz-2020.json").read_text(encoding="utf-8")
    assert "Kd-7319-secret" in text and "Zm-4482-secret" in text


def test_backup_equals_the_private_export_and_restores(runner, demo, tmp_path):
    """The backup is byte for byte the private export, and importing it changes nothing."""
    runner.invoke(args=["backup", "-o", str(tmp_path / "backups")])
    backup = (tmp_path / "backups" / "vorkonferenz-2020.json").read_text(encoding="utf-8")
    exported = runner.invoke(args=["export", demo, "--with-access"])
    assert backup == exported.output
    restored = runner.invoke(args=["import", str(tmp_path / "backups" / "vorkonferenz-2020.json")])
    assert restored.exit_code == 0 and "already up to date" in restored.output
    assert parse(backup)["conference"]["slug"] == demo


def test_backup_replaces_an_earlier_file_atomically(runner, demo, tmp_path):
    """Backing up into the same directory again replaces the file and leaves no scratch files."""
    target = tmp_path / "backups"
    target.mkdir()
    (target / "vorkonferenz-2020.json").write_text("stale", encoding="utf-8")
    runner.invoke(args=["backup", "-o", str(target)])
    assert [path.name for path in target.iterdir()] == ["vorkonferenz-2020.json"]
    assert json.loads((target / "vorkonferenz-2020.json").read_text(encoding="utf-8"))["conference"]["slug"] == demo


def test_backup_of_an_empty_database(runner, tmp_path):
    """With no conferences the command succeeds and says so."""
    result = runner.invoke(args=["backup", "-o", str(tmp_path / "empty")])
    assert result.exit_code == 0 and "Backed up 0 conference(s)" in result.output
