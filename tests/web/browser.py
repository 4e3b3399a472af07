"""A live service and a headless Chromium for browser tests and README screenshots.

Debian's `chromium` and `chromium-driver` packages (installed by .ci/run); where no browser can be
started the tests are skipped with the reason, never silently passed.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server

from service import create_app

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
WAIT_SECONDS = 30
"""How long a step may take before the test fails: a bound on waiting, not an assertion about speed."""


@contextmanager
def live_service() -> Iterator[str]:
    """Serve the bundled knowledge on a free local port, in a thread; yield its base URL."""
    app = create_app({"PRECOMPUTE_PAIRS": False, "TESTING": True})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def start_chromium(width: int = 1280, height: int = 900):
    """Return a headless Chromium driver; raise RuntimeError saying why when none can be started."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:
        raise RuntimeError(f"selenium is not installed ({exc})") from None
    binary = next((path for path in CHROMIUM if shutil.which(path)), None)
    driver = next((path for path in DRIVER if shutil.which(path)), None) or shutil.which("chromedriver")
    if binary is None or driver is None:
        raise RuntimeError("no chromium and chromedriver found (Debian: apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={width},{height}",
        "--force-device-scale-factor=1",
        "--lang=en-GB",
    ):
        options.add_argument(argument)
    try:
        return webdriver.Chrome(options=options, service=Service(executable_path=driver))
    except Exception as exc:  # any failure to launch means "no browser here"
        raise RuntimeError(f"chromium could not be started: {str(exc).splitlines()[0]}") from None
