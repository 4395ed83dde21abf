"""git, run as a program: the engine that carries each client's repository between the
team's server and the laptops.

Every commit is made by a neutral author named after the laptop's random id, with the
message "sync": the server learns ids and times, never a name. A sync that was killed
leaves at most a lock file, a half-made merge or files not yet committed; `Repo.settle`
puts the clone back at its last commit, and the sync then makes those files again from the
plan.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
from contextlib import suppress
from pathlib import Path
from urllib.parse import urlparse

from recoverytui.core.errors import PlanError
from recoverytui.core.i18n import _, ngettext

BRANCH = "main"


class GitFailed(PlanError):
    """git refused or could not reach the server; `words` is what git said, last line."""

    def __init__(self, message: str, words: str = "") -> None:
        super().__init__(message)
        self.words = words


# How the worker reaches the server over ssh (a key of its own, say) is theirs to set.
_KEPT = ("GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT")


def _env(laptop: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in _KEPT}
    who = f"laptop-{laptop}"
    env.update(
        GIT_AUTHOR_NAME=who,
        GIT_AUTHOR_EMAIL=f"{laptop}@laptop.invalid",
        GIT_COMMITTER_NAME=who,
        GIT_COMMITTER_EMAIL=f"{laptop}@laptop.invalid",
        GIT_TERMINAL_PROMPT="0",
        GIT_CONFIG_NOSYSTEM="1",
        LC_ALL="C",
    )
    return env


# Hooks, signing and background gc off; git's `ext::` transport, which runs a command
# named in the URL, refused.
_SETTINGS = tuple(
    word
    for setting in (
        "core.hooksPath=/dev/null",
        "commit.gpgsign=false",
        "gc.auto=0",
        "core.quotePath=false",
        f"init.defaultBranch={BRANCH}",
        "advice.detachedHead=false",
        "protocol.ext.allow=never",
    )
    for word in ("-c", setting)
)


# How long a fetch, push or clone may wait on the server: a hung network must not keep a
# closing session (or a sync) waiting for ever.
NETWORK_SECONDS = 120


def _git(
    args: list[str], *, cwd: Path | None, laptop: str, network: bool = False
) -> subprocess.CompletedProcess[str]:
    """git ARGS, in a session of its own: without a terminal to ask on, ssh can't stop to
    ask for a password on the shared screen; it fails, and the sync says why."""
    return _program(["git", *_SETTINGS, *args], cwd=cwd, env=_env(laptop), network=network)


def _program(
    command: list[str], *, cwd: Path | None, env: dict[str, str] | None, network: bool
) -> subprocess.CompletedProcess[str]:
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=NETWORK_SECONDS if network else None)
        except subprocess.TimeoutExpired:
            # git's own children (ssh) too: they share its session's process group.
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise GitFailed(
                ngettext(
                    "The team's server did not answer within {seconds} second.",
                    "The team's server did not answer within {seconds} seconds.",
                    NETWORK_SECONDS,
                ).format(seconds=NETWORK_SECONDS)
            ) from None
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def run(
    args: list[str], *, cwd: Path | None, laptop: str, check: bool = True, network: bool = False
) -> str:
    done = _git(args, cwd=cwd, laptop=laptop, network=network)
    if check and done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        last = said[-1] if said else ""
        raise GitFailed(_("git {what} failed: {words}").format(what=args[0], words=last), last)
    return done.stdout


def client_repo(client: str) -> str:
    """A client's repository beside the team's: flat, as git hosts want (owner/name)."""
    return f"client-{client}.git"


def check_remote(remote: str) -> str:
    """REMOTE as given, refused where git or ssh could read it as an option."""
    from recoverytui.core import text
    from recoverytui.core.errors import InvalidInput

    remote = text.clean(remote, _("remote"), max_len=1000)
    parsed = urlparse(remote)
    if remote.startswith("-") or (parsed.hostname or "").startswith("-") or "\n" in remote:
        raise InvalidInput(
            _("{remote} is not a place for the team's repositories: give a folder, or a "
              "file:// or ssh:// URL.").format(remote=repr(remote))
        )  # fmt: skip
    return remote


def is_local(remote: str) -> bool:
    return "://" not in remote or remote.startswith("file://")


def local_path(remote: str) -> Path:
    return Path(urlparse(remote).path) if remote.startswith("file://") else Path(remote)


def url(remote: str, name: str) -> str:
    """Where repository `name` lives under the team's REMOTE."""
    if is_local(remote):
        return str(local_path(remote) / name)
    return remote.rstrip("/") + "/" + name


def _ssh_parts(remote: str) -> tuple[list[str], str] | None:
    parsed = urlparse(remote)
    if parsed.scheme != "ssh" or not parsed.hostname:
        return None
    host = f"{parsed.username}@{parsed.hostname}" if parsed.username else parsed.hostname
    port = ["-p", str(parsed.port)] if parsed.port else []
    # The ssh git itself would run, so one setting serves both.
    program = shlex.split(os.environ.get("GIT_SSH_COMMAND") or "") or [
        os.environ.get("GIT_SSH") or "ssh"
    ]
    return [*program, *port, "--", host], parsed.path


def _on_server(remote: str, command: str, name: str) -> subprocess.CompletedProcess[str] | None:
    """Run `command` on repository `name` on an ssh server; None for a host reached
    otherwise. The server's shell reads the line: the path is quoted there."""
    ssh = _ssh_parts(remote)
    if ssh is None:
        return None
    login, path = ssh
    where = shlex.quote(f"{path.rstrip('/')}/{name}")
    return _program([*login, f"{command} {where}"], cwd=None, env=None, network=True)


def make_bare(remote: str, name: str, laptop: str) -> bool:
    """Make an empty repository on the server where that can be done from here (a folder,
    or ssh). False where the host makes it on the first push (Gitea's push-to-create)."""
    if is_local(remote):
        target = local_path(remote) / name
        if not (target / "HEAD").exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            run(["init", "-q", "--bare", "--", str(target)], cwd=None, laptop=laptop)
        return True
    done = _on_server(remote, "git init -q --bare --", name)
    if done is None:
        return False
    if done.returncode != 0:
        raise GitFailed(
            _("The server refused to make a repository: {words}").format(
                words=(done.stderr.strip().splitlines() or [""])[-1]
            )
        )
    return True


def remove_bare(remote: str, name: str) -> bool:
    """Delete a repository on the server; False where it can't be done from here."""
    if is_local(remote):
        target = local_path(remote) / name
        if (target / "HEAD").exists() or target.exists():
            shutil.rmtree(target, ignore_errors=True)
        return not target.exists()
    done = _on_server(remote, "rm -rf --", name)
    return done is not None and done.returncode == 0


class Repo:
    """A clone on the laptop."""

    def __init__(self, path: Path, laptop: str) -> None:
        self.path = path
        self.laptop = laptop

    def git(self, *args: str, check: bool = True) -> str:
        return run(list(args), cwd=self.path, laptop=self.laptop, check=check)

    def exists(self) -> bool:
        return (self.path / ".git" / "HEAD").exists()

    def clone(self, source: str) -> None:
        """A clone of `source`; an empty repository gets a working tree all the same."""
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(f".{self.path.name}.cloning")
        if temp.exists():
            shutil.rmtree(temp)
        run(
            ["clone", "-q", "--no-checkout", "--", source, str(temp)],
            cwd=None,
            laptop=self.laptop,
            network=True,
        )
        clone = Repo(temp, self.laptop)
        if clone.remote_head() is not None:
            clone.git("checkout", "-q", "-B", BRANCH, f"origin/{BRANCH}")
        else:
            clone.git("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
        os.replace(temp, self.path)  # a clone killed half-way is never taken for one

    def head(self) -> str | None:
        out = self.git("rev-parse", "-q", "--verify", "HEAD^{commit}", check=False).strip()
        return out or None

    def remote_head(self) -> str | None:
        ref = f"refs/remotes/origin/{BRANCH}^{{commit}}"
        out = self.git("rev-parse", "-q", "--verify", ref, check=False).strip()
        return out or None

    def settle(self) -> None:
        """Back to the last commit: what a killed sync left half-done is undone."""
        lock = self.path / ".git" / "index.lock"
        merging = (self.path / ".git" / "MERGE_HEAD").exists()
        # One look first: a clone left as committed (nearly always) needs no reset or clean.
        if not lock.exists() and not merging and self.clean():
            return
        lock.unlink(missing_ok=True)
        if merging:
            self.git("merge", "--abort", check=False)
        if self.head() is not None:
            self.git("reset", "-q", "--hard", "HEAD")
        self.git("clean", "-q", "-f", "-d", "-x")

    def clean(self) -> bool:
        """Whether the files are the last commit's: nothing changed, staged, added or ignored."""
        done = _git(
            ["status", "--porcelain", "--untracked-files=all", "--ignored"],
            cwd=self.path,
            laptop=self.laptop,
        )
        return done.returncode == 0 and not done.stdout.strip()

    def heads(self) -> tuple[str | None, str | None]:
        """This clone's commit and the server's as last fetched (`head()`, `remote_head()`),
        in one call to git."""
        try:
            on_branch = (self.path / ".git" / "HEAD").read_text().strip()
        except OSError:
            on_branch = ""
        if on_branch != f"ref: refs/heads/{BRANCH}":
            return self.head(), self.remote_head()
        mine, theirs = f"refs/heads/{BRANCH}", f"refs/remotes/origin/{BRANCH}"
        out = self.git("for-each-ref", "--format=%(refname) %(objectname)", mine, theirs)
        found = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
        return found.get(mine), found.get(theirs)

    def fetch(self) -> None:
        run(["fetch", "-q", "--prune", "origin"], cwd=self.path, laptop=self.laptop, network=True)

    def commit_all(self) -> bool:
        """Commit whatever files were added; False when there was nothing."""
        self.git("add", "-A", ".")
        if not self.git("status", "--porcelain").strip():
            return False
        self.git("commit", "-q", "--no-verify", "-m", "sync")
        return True

    def merge_remote(self) -> bool:
        """Take in the server's commits; True when something came. Files are only ever added
        or removed whole under unique names, so the merge never meets a conflict."""
        theirs = self.remote_head()
        if theirs is None:
            return False
        mine = self.head()
        if mine == theirs:
            return False
        if mine is None:
            self.git("reset", "-q", "--hard", theirs)
            return True
        if self._is_ancestor(theirs, mine):
            return False
        self.git("merge", "-q", "--no-edit", "-m", "sync", theirs)
        return True

    def _is_ancestor(self, older: str, newer: str) -> bool:
        done = _git(
            ["merge-base", "--is-ancestor", older, newer], cwd=self.path, laptop=self.laptop
        )
        return done.returncode == 0

    def ahead(self) -> bool:
        """Whether this clone holds commits the server lacks."""
        mine = self.head()
        if mine is None:
            return False
        theirs = self.remote_head()
        return theirs is None or (mine != theirs and not self._is_ancestor(mine, theirs))

    def push(self) -> bool:
        """Send this clone's commits; False when the server has moved on meanwhile."""
        done = _git(
            ["push", "-q", "origin", f"HEAD:refs/heads/{BRANCH}"],
            cwd=self.path,
            laptop=self.laptop,
            network=True,
        )
        if done.returncode == 0:
            return True
        said = done.stderr.strip()
        if "rejected" in said or "fetch first" in said or "non-fast-forward" in said:
            return False
        last = said.splitlines()[-1] if said else ""
        raise GitFailed(_("git push failed: {words}").format(words=last), last)

    def changed_since(self, commit: str | None) -> list[str] | None:
        """Paths changed between `commit` and HEAD; None when every path must be read."""
        head = self.head()
        if commit is None or head is None:
            return None
        if commit == head:
            return []
        out = self.git("diff", "--name-only", "--no-renames", commit, head, check=False)
        return out.splitlines()
