"""Which files are the user's project (hap/failures.py): an error is located in them, and a
run's modules from them are forgotten when the program changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import hap
from hap.failures import is_user_file


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "project" / "components").mkdir(parents=True)
    (tmp_path / "project" / "components" / "network.py").write_text("")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "shared.py").write_text("")
    return tmp_path / "project"


def test_a_module_of_the_project_is_the_users(project: Path) -> None:
    assert is_user_file(str(project / "components" / "network.py"), project)


def test_dependencies_hap_itself_and_frozen_modules_are_not(project: Path) -> None:
    site = project / ".venv" / "lib" / "site-packages" / "pulumi_aws"
    site.mkdir(parents=True)
    assert not is_user_file(str(site / "vpc.py"), project)
    assert not is_user_file(str(Path(hap.__file__)), Path(hap.__file__).parents[1])
    assert not is_user_file("<frozen runpy>", project)


def test_links_count_where_they_lead(project: Path) -> None:
    """A linked file or directory belongs where it resolves to, as `Path.resolve` had it."""
    outside = project.parent / "elsewhere"
    (project / "linked_in.py").symlink_to(outside / "shared.py")
    (outside / "linked_out.py").symlink_to(project / "components" / "network.py")
    (project.parent / "alias").symlink_to(project)
    assert not is_user_file(str(project / "linked_in.py"), project)
    assert is_user_file(str(outside / "linked_out.py"), project)
    assert is_user_file(str(project.parent / "alias" / "components" / "network.py"), project)


def test_a_relative_path_is_read_from_the_current_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs change the working directory: a relative path must not be resolved once for all."""
    monkeypatch.chdir(project)
    assert is_user_file(os.path.join("components", "network.py"), project)
    monkeypatch.chdir(project.parent / "elsewhere")
    assert not is_user_file(os.path.join("components", "network.py"), project)
