#!/usr/bin/env python3
"""The web app in a real browser (issue 14's "done when"): headless Chromium from Debian's
packages, driven by Selenium through chromedriver.

    python3 Tests/Browser/browser_test.py RELIEF_BINARY [--screenshots DIR]

Imports SampleData into a fresh database, makes a therapist and a manager account, starts
`relief serve` on a free loopback port and, as a clinic's users would: signs in as the
therapist, opens a client, downloads the PDF, uploads an import and confirms it; signs in as
the manager and filters the outcomes. Asserts on what the pages show; exits non-zero on the
first failure. With --screenshots, saves each page at desktop and tablet widths.
"""
import os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(relief, *args, env=None):
    subprocess.run([relief, *args], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


class Check:
    def __init__(self):
        self.count = 0

    def __call__(self, condition, what):
        self.count += 1
        if not condition:
            raise AssertionError(what)


def main():
    relief = os.path.abspath(sys.argv[1])
    shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
    work = tempfile.mkdtemp(prefix="relief-browser-")
    db = os.path.join(work, "relief.sqlite")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    sample = os.path.join(ROOT, "SampleData")
    run(relief, "import", *[os.path.join(sample, f + ".csv") for f in ("therapists", "clients", "sessions", "checkins")],
        "--db", db, "--today", "2026-11-01")
    env = dict(os.environ)
    env["RELIEF_PASSWORD"] = "therapist-password"
    run(relief, "user", "add", "sofia", "--role", "therapist", "--therapist", "T01", "--db", db, env=env)
    env["RELIEF_PASSWORD"] = "manager-password"
    run(relief, "user", "add", "mia", "--role", "manager", "--db", db, env=env)

    port = free_port()
    base = "http://127.0.0.1:%d" % port
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([relief, "serve", "--db", db, "--listen", "127.0.0.1:%d" % port, "--today", "2026-11-01"],
                              stdout=log, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/signin", timeout=1)
            break
        except Exception:
            time.sleep(0.1)

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(a)
    options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    check = Check()

    def shot(name):
        if not shots:
            return
        os.makedirs(shots, exist_ok=True)
        for width, label in ((1280, "desktop"), (800, "tablet")):
            driver.set_window_size(width, 900)
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(height + 120, 6000))
            driver.save_screenshot(os.path.join(shots, "%s-%s.png" % (name, label)))
        driver.set_window_size(1280, 900)

    def navigate(element):
        """Clicks and waits for the next page: a form post or link replaces the document."""
        old = driver.find_element(By.TAG_NAME, "html")
        element.click()

        def replaced(_):
            # Selenium's EC.staleness_of counts only StaleElementReferenceException. Asked in the
            # middle of the navigation, chromedriver can instead answer "Node with given id does
            # not belong to the document" (a plain WebDriverException; it failed CI once): the old
            # node is gone all the same. Any other error mid-navigation is asked again.
            try:
                old.is_enabled()
                return False
            except StaleElementReferenceException:
                return True
            except WebDriverException as error:
                return "does not belong to the document" in (error.msg or "")

        WebDriverWait(driver, 30).until(replaced)
        WebDriverWait(driver, 30, ignored_exceptions=(WebDriverException,)).until(
            lambda d: d.execute_script("return document.readyState") == "complete")

    def sign_in(name, password):
        driver.get(base + "/signin")
        driver.find_element(By.ID, "name").send_keys(name)
        driver.find_element(By.ID, "password").send_keys(password)
        navigate(driver.find_element(By.CSS_SELECTOR, ".signin button"))

    try:
        # The therapist.
        driver.get(base + "/clients")
        check("/signin" in driver.current_url, "an unsigned visitor is sent to sign in")
        shot("signin")
        sign_in("sofia", "therapist-password")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Clients", "the therapist lands on Clients")
        check("All of your" in driver.page_source, "the list says it holds the therapist's own clients")
        shot("clients")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.clients tbody tr")
        check(len(rows) > 5, "the therapist sees their clients (%d rows)" % len(rows))
        check("Outcomes" not in driver.find_element(By.TAG_NAME, "nav").text, "a therapist has no Outcomes link")
        check("Import" not in driver.find_element(By.TAG_NAME, "nav").text, "a therapist has no Import link")
        first = rows[0].find_element(By.TAG_NAME, "a")
        name = first.text
        navigate(first)
        check(driver.find_element(By.TAG_NAME, "h1").text == name, "the client's page is titled with their name")
        figures = driver.find_elements(By.CSS_SELECTOR, "dl.figures .figure")
        check(len(figures) >= 3, "the key figures show (%d)" % len(figures))
        images = driver.find_elements(By.CSS_SELECTOR, "img.chart")
        check(len(images) >= 3, "the charts show (%d)" % len(images))
        for img in images:
            check(driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img),
                  "chart %s loaded" % img.get_attribute("src"))
        check(len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr")) >= 1, "the session table shows")
        shot("client")
        # The page printed (the print stylesheet drops navigation and forms).
        import base64
        from selenium.webdriver.common.print_page_options import PrintOptions
        printed = base64.b64decode(driver.print_page(PrintOptions()))
        check(printed.startswith(b"%PDF-"), "the client page prints")
        if shots:
            with open(os.path.join(shots, "client-print.pdf"), "wb") as f:
                f.write(printed)
        link = driver.find_element(By.PARTIAL_LINK_TEXT, "report (PDF)")
        link.click()
        pdf = None
        for _ in range(100):
            done = [f for f in os.listdir(downloads) if f.endswith(".pdf")]
            if done:
                pdf = os.path.join(downloads, done[0])
                break
            time.sleep(0.1)
        check(pdf is not None, "the PDF downloaded")
        with open(pdf, "rb") as f:
            check(f.read(5) == b"%PDF-", "the download is a PDF")

        navigate(driver.find_element(By.CSS_SELECTOR, ".signout button"))
        check("/signin" in driver.current_url, "signing out returns to sign-in")

        # The manager.
        sign_in("mia", "manager-password")
        # An upload import (managers and admins): preview, then store.
        upload = os.path.join(work, "october-extra.csv")
        with open(upload, "w") as f:
            f.write("session_id,client_id,therapist_id,date,pain_before,pain_after\n")
            f.write("B1,C0008,T01,2026-10-30,5,3\nB2,C0008,T01,2026-10-31,4,2\nB3,C0008,T01,2026-10-31,twelve,2\n")
        navigate(driver.find_element(By.LINK_TEXT, "Import"))
        driver.find_element(By.ID, "file").send_keys(upload)
        navigate(driver.find_element(By.CSS_SELECTOR, "form.upload button"))
        text = driver.find_element(By.TAG_NAME, "main").text
        check("What this file would store" in text, "the preview shows")
        values = {f.find_element(By.TAG_NAME, "dt").text: f.find_element(By.CSS_SELECTOR, ".value").text
                  for f in driver.find_elements(By.CSS_SELECTOR, "dl.figures .figure")}
        check(values.get("Rows read") == "3" and values.get("Accepted") == "2" and values.get("Rejected") == "1",
              "the preview accounts for every row: %s" % values)
        check("october-extra.csv:4" in text, "the rejected row is named by file and line")
        shot("import-preview")
        navigate(driver.find_element(By.XPATH, "//button[text()='Store these records']"))
        check("Stored: october-extra.csv" in driver.find_element(By.TAG_NAME, "h1").text, "the import is stored")
        check("2 new" in driver.page_source, "two sessions were new")

        navigate(driver.find_element(By.LINK_TEXT, "Outcomes"))
        check(driver.find_element(By.TAG_NAME, "h1").text == "Outcomes", "the manager opens Outcomes")
        shot("outcomes")
        # A bar of the by-therapist chart opens the clients behind it.
        bar = driver.find_element(By.CSS_SELECTOR, "svg.chart a[href*='therapist=T02']")
        navigate(bar)
        check("Clients behind the figures" in driver.find_element(By.TAG_NAME, "h1").text, "a bar opens its clients")
        check("therapist" in driver.find_element(By.TAG_NAME, "main").text.lower(), "the drill-down names the therapist")
        driver.back()
        Select(driver.find_element(By.ID, "therapist")).select_by_value("T01")
        navigate(driver.find_element(By.CSS_SELECTOR, "form.filters button"))
        check("therapist=T01" in driver.current_url, "the filter is in the address")
        check("Filtered: the clients in therapist" in driver.page_source, "the page says it is filtered")
        navigate(driver.find_element(By.PARTIAL_LINK_TEXT, "clients behind these figures"))
        heading = driver.find_element(By.TAG_NAME, "main").text
        check("active clients in October 2026" in heading or "active client in October 2026" in heading,
              "the drill-down lists the clients")
        check(len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr")) >= 1, "the drill-down has rows")
        shot("drilldown")
        driver.get(base + "/audit")
        check("sofia" in driver.page_source and "download" in driver.page_source, "the audit trail shows the download")
        shot("audit")
    finally:
        driver.quit()
        server.terminate()
        server.wait(10)
        log.close()
    with open(os.path.join(work, "serve.log")) as f:
        served = f.read()
    check(name not in served, "the server log holds no client name")

    # HTTPS with the clinic's own certificate (--tls-cert / --tls-key): a self-signed one here.
    import ssl
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    tls_port = free_port()
    tls = subprocess.Popen([relief, "serve", "--db", db, "--listen", "127.0.0.1:%d" % tls_port, "--tls-cert", cert,
                            "--tls-key", key], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        context = ssl.create_default_context(cafile=cert)
        context.check_hostname = False
        page = None
        for _ in range(100):
            try:
                page = urllib.request.urlopen("https://127.0.0.1:%d/signin" % tls_port, context=context, timeout=2)
                break
            except Exception:
                time.sleep(0.1)
        check(page is not None and page.status == 200, "the server answers over HTTPS with its certificate")
        cookie = page.headers.get("Set-Cookie") or ""
        check("Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie,
              "under TLS the sign-in cookie is Secure, HttpOnly and SameSite=Strict: %s" % cookie)
    finally:
        tls.terminate()
        tls.wait(10)
    shutil.rmtree(work, ignore_errors=True)
    print("browser: %d checks passed" % check.count)


if __name__ == "__main__":
    main()
