"""Session fixtures for the integration tests: the hook repository and pre-commit's setting.

pre-commit installs ``language: python`` hooks by creating a virtualenv and running
``pip install .`` in a clone of the hook repository. Offline, that works when pip finds
every wheel in a local folder: ``build_wheelhouse`` repacks them from this venv (see
integration_support), and the environment below sends pip there and nowhere else.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.integration.integration_support import ROOT, build_wheelhouse, git

#: Outside a git checkout: what ``pip install .`` of a hook repository needs.
HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "validator", "schemas")
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache")


def _git_identity() -> dict[str, str]:
    return {
        "GIT_AUTHOR_NAME": "OMRS tests",
        "GIT_AUTHOR_EMAIL": "tests@omrs.invalid",
        "GIT_COMMITTER_NAME": "OMRS tests",
        "GIT_COMMITTER_EMAIL": "tests@omrs.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
    }


@pytest.fixture(scope="session")
def precommit_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for running pre-commit with no network and no use of ``~``."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if importlib.util.find_spec("pre_commit") is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    base = tmp_path_factory.mktemp("precommit")
    wheels = base / "wheelhouse"
    build_wheelhouse(wheels)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PRE_COMMIT"))}
    env.update(_git_identity())
    env.update(
        {
            "PRE_COMMIT_HOME": str(base / "cache"),
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": str(wheels),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
            "VIRTUALENV_OVERRIDE_APP_DATA": str(base / "virtualenv-app-data"),
            "GIT_CONFIG_GLOBAL": str(base / "gitconfig"),
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
            "NO_COLOR": "1",
        }
    )
    (base / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", "utf-8")
    return env


def _copy_working_tree(dest: Path, env: dict[str, str]) -> None:
    """Tracked and untracked-but-not-ignored files, as they are now (uncommitted work too)."""
    listing = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard", env=env)
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if source.is_file():  # listed but deleted in the working tree: skip
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, precommit_env: dict[str, str]) -> Path:
    """A git repository holding this working tree's hook files and package, committed."""
    repo = tmp_path_factory.mktemp("hook-repo")
    if (ROOT / ".git").exists():
        _copy_working_tree(repo, precommit_env)
    else:
        for name in HOOK_REPO_FILES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, repo / name, ignore=_IGNORED)
            else:
                shutil.copy2(source, repo / name)
    git(repo, "init", "-q", env=precommit_env)
    git(repo, "add", ".", env=precommit_env)
    git(repo, "commit", "-q", "-m", "hook repository under test", env=precommit_env)
    return repo
