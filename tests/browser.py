"""A headless Chromium driven by selenium, and axe-core, for the tests of the HTML page.

Debian's `chromium` and `chromium-driver` packages (`.ci/run` installs them). The browser
starts with a fresh profile and every background service that could reach the network off.
axe-core comes from the npm registry (`npm pack`), pinned by version and digest.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

# axe-core, pinned: a new release may add rules, and a test result should change only when
# the page does. The digest is the registry's `dist.integrity` of that tarball.
AXE_CORE = "axe-core@4.14.1"
AXE_CORE_INTEGRITY = (
    "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5q"
    "b2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=ja",
)


def find_chromium() -> tuple[str, str] | None:
    """The paths of a Chromium and its chromedriver (or $CHROMIUM, $CHROMEDRIVER), or None."""
    names = (os.environ["CHROMIUM"],) if os.environ.get("CHROMIUM") else CHROMIUM_NAMES
    browser = next((found for name in names if (found := shutil.which(name))), None)
    driver = shutil.which(os.environ.get("CHROMEDRIVER") or "chromedriver")
    if not browser or not driver:
        return None
    return browser, driver


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None if they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if find_chromium() is None:
        return "no chromium and chromedriver (apt-get install chromium chromium-driver)"
    return None


def start_chromium(profile: Path, width: int = 1200, height: int = 900) -> Any:
    """A headless Chromium with console and network logs kept, on a fresh profile directory."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_chromium()
    assert found is not None
    browser, driver = found
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=driver))


class AxeUnavailable(Exception):
    """axe-core could not be had: npm is missing, or the registry could not be reached."""


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def _npm_pack(directory: Path) -> bytes:
    """The tarball of AXE_CORE, fetched by `npm pack` (which uses npm's own cache)."""
    npm = shutil.which("npm")
    if npm is None:
        raise AxeUnavailable("npm is not installed (it fetches axe-core from the npm registry)")
    env = {**os.environ, "npm_config_update_notifier": "false", "npm_config_fund": "false"}
    command = [npm, "pack", AXE_CORE, "--pack-destination", str(directory), "--loglevel=error"]
    # npm's own cache first; offline, fail in seconds rather than after a minute of retries.
    command += ["--prefer-offline", "--fetch-retries=1", "--fetch-retry-mintimeout=2000"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    except subprocess.TimeoutExpired:
        raise AxeUnavailable(f"npm pack {AXE_CORE} took over 300 s") from None
    tarballs = list(directory.glob("axe-core-*.tgz"))
    if done.returncode != 0 or len(tarballs) != 1:
        errors = [line.removeprefix("npm error ") for line in done.stderr.splitlines()]
        errors = [e for e in errors if not e.startswith(("npm ", "code ", "syscall ", "errno "))]
        why = errors[0].strip() if errors else f"exit {done.returncode}"
        raise AxeUnavailable(f"npm pack {AXE_CORE} failed: {why}")
    return tarballs[0].read_bytes()


def axe_core_source(cache: Path) -> str:
    """axe-core's axe.min.js, from its npm tarball kept in `cache` (fetched when missing).

    The tarball must have the pinned digest, so a broken download or cache is fetched again
    and a changed upstream file is refused. AxeUnavailable says why it cannot be had.
    """
    kept = cache / f"{AXE_CORE.replace('@', '-')}.tgz"
    data = kept.read_bytes() if kept.is_file() else b""
    if _integrity(data) != AXE_CORE_INTEGRITY:
        with tempfile.TemporaryDirectory() as temporary:
            data = _npm_pack(Path(temporary))
        if _integrity(data) != AXE_CORE_INTEGRITY:
            raise AxeUnavailable(f"{AXE_CORE} from the registry is not the pinned tarball")
        cache.mkdir(parents=True, exist_ok=True)
        partial = kept.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(kept)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        member = archive.extractfile("package/axe.min.js")
        assert member is not None
        return member.read().decode("utf-8")
