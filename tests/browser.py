"""A headless Chromium driven by selenium, for the tests of the exported HTML page.

Debian's `chromium` and `chromium-driver` packages (`.ci/run` installs them). The browser
starts with a fresh profile and every background service that could reach the network off.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

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
