"""The command line runs the same maintenance as the app: upgrade, check, backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaizen.cli import main


def test_db_upgrade_creates_schema_then_reports_current(data_dir: Path,
                                                        capsys: pytest.CaptureFixture) -> None:
    assert main(["db", "upgrade"]) == 0
    assert "Upgraded the schema from empty" in capsys.readouterr().out
    assert (data_dir / "kaizen.db").exists()
    assert main(["db", "upgrade"]) == 0
    assert "already at the newest schema" in capsys.readouterr().out


def test_db_check_reports_health_in_plain_words(data_dir: Path,
                                                capsys: pytest.CaptureFixture) -> None:
    main(["db", "upgrade"])
    capsys.readouterr()
    assert main(["db", "check"]) == 0
    out = capsys.readouterr().out
    assert "Schema: up to date" in out
    assert "Health: ok" in out
    assert "Backups: none yet" in out


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


def test_backup_command_writes_a_verified_backup(data_dir: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    main(["db", "upgrade"])
    assert main(["backup"]) == 0
    assert "written and verified" in capsys.readouterr().out
    assert len(list((data_dir / "backups").glob("*.kaizen-backup.db"))) == 1


def test_db_option_points_at_another_file(tmp_path: Path, data_dir: Path,
                                          capsys: pytest.CaptureFixture) -> None:
    other = tmp_path / "elsewhere.db"
    assert main(["--db", f"sqlite:///{other}", "db", "upgrade"]) == 0
    assert other.exists()
    assert not (data_dir / "kaizen.db").exists()


def test_demo_command_fills_an_empty_database_once(data_dir: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    assert main(["demo", "--seed", "3", "--months", "1"]) == 0
    out = capsys.readouterr().out
    assert "Demo plant 'Riverside Plant': 40 people" in out
    assert main(["demo", "--months", "1"]) == 1
    assert "only added to an empty database" in capsys.readouterr().err
