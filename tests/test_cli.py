"""The command line runs the same maintenance as the app: upgrade, check, backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaizen.cli import main


def test_db_upgrade_creates_schema_then_reports_current(empty_db_url: str,
                                                        capsys: pytest.CaptureFixture) -> None:
    assert main(["--db", empty_db_url, "db", "upgrade"]) == 0
    assert "Upgraded the schema from empty" in capsys.readouterr().out
    assert main(["--db", empty_db_url, "db", "upgrade"]) == 0
    assert "already at the newest schema" in capsys.readouterr().out


def test_db_upgrade_makes_the_file_in_the_data_folder(data_dir: Path) -> None:
    assert main(["db", "upgrade"]) == 0
    assert (data_dir / "kaizen.db").exists()


def test_db_check_reports_health_in_plain_words(empty_db_url: str, on_postgres: bool,
                                                capsys: pytest.CaptureFixture) -> None:
    main(["--db", empty_db_url, "db", "upgrade"])
    capsys.readouterr()
    assert main(["--db", empty_db_url, "db", "check"]) == 0
    out = capsys.readouterr().out
    assert "Schema: up to date" in out
    assert "Audit trail: protected" in out
    if not on_postgres:  # the file's own checks and its backups
        assert "Health: ok" in out
        assert "Backups: none yet" in out


@pytest.mark.sqlite_only(reason="damages the database file's pages")
def test_db_check_flags_a_damaged_file(data_dir: Path, capsys: pytest.CaptureFixture) -> None:
    main(["db", "upgrade"])
    path = data_dir / "kaizen.db"
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\x00\xff" * ((size - 4096) // 2))
    capsys.readouterr()
    assert main(["db", "check"]) != 0
    assert "PROBLEMS FOUND" in capsys.readouterr().out


@pytest.mark.sqlite_only(reason="backups are SQLite files (the server has its own)")
def test_backup_command_writes_a_verified_backup(data_dir: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    main(["db", "upgrade"])
    assert main(["backup"]) == 0
    assert "written and verified" in capsys.readouterr().out
    assert len(list((data_dir / "backups").glob("*.kaizen-backup.db"))) == 1


def test_db_option_points_at_another_database(empty_db_url: str, data_dir: Path,
                                              capsys: pytest.CaptureFixture) -> None:
    assert main(["--db", empty_db_url, "db", "upgrade"]) == 0
    assert main(["--db", empty_db_url, "db", "upgrade"]) == 0
    assert "already at the newest schema" in capsys.readouterr().out
    assert not (data_dir / "kaizen.db").exists()


def test_demo_command_fills_an_empty_database_once(empty_db_url: str, data_dir: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    assert main(["--db", empty_db_url, "demo", "--seed", "3", "--months", "1"]) == 0
    out = capsys.readouterr().out
    assert "Demo plant 'Riverside Plant': 40 people" in out
    assert main(["--db", empty_db_url, "demo", "--months", "1"]) == 1
    assert "only added to an empty database" in capsys.readouterr().err
