"""Browser test of Verbatim's web pages, in Debian's headless Chromium driven by selenium.

Starts `verbatim serve` on a loopback port with a temporary data directory and a user made by
`verbatim admin create-user` and `verbatim admin set-password`, then works through the pages as a
researcher would: sign in with the password, create a study, create a coder with a password and add
them to the study (the coder then signs in in a second browser and sees it), upload a real recording that the real worker transcribes, open the transcript,
seek by clicking a word, use the keyboard shortcuts, correct a segment, code a span, write a
memo, rename a speaker, compute agreement, download every export format (the QDPX must be a
ZIP holding project.qde), switch to French. Each check reads the API (or the downloaded file)
back, not only the page. A screenshot of each page goes to bench/out/screenshots.

Usage: tools/browser/run [--keep] [--web DIR] [--verbatim PATH]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
import urllib.error
import urllib.parse
import urllib.request
import urllib.parse
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools/common"))
from verbatim_server import VerbatimServer  # noqa: E402
# The interview the test works on: real recordings of several people (a telephone conversation
# between two women, read speech of four other speakers) one after the other with pauses, 79 s in
# all, decoded by `verbatim decode` and joined into one WAV at the start of the run.
INTERVIEW_PARTS = [
    "en_diar_pyannote_sample.wav", "en_librispeech_2412-153948-0000.flac", "en_jfk_inaugural.flac",
    "en_librispeech_5703-47212-0000.ogg", "en_librispeech_1272-128104-0000_picovoice.wav",
]
TWO_SENTENCES = ROOT / "samples/speech/en_stereo_2spk_faster-whisper.wav"
SHOTS = ROOT / "bench/out/screenshots"
FORMATS = ["txt", "srt", "vtt", "json", "eaf", "qdpx", "csv", "docx", "eaf-media"]
# Per-recording formats: a study of several recordings gives a ZIP with one file per recording.
PER_RECORDING = {"txt": "txt", "srt": "srt", "vtt": "vtt", "eaf": "eaf", "docx": "docx", "eaf-media": "eaf"}
SECOND_SAMPLE = ROOT / "samples/speech/en_commonvoice_651325.mp3"
ADMIN_EMAIL = "browser.test@example.org"
ADMIN_PASSWORD = "admin passphrase 2026"
CODER_EMAIL = "chloe.coder@example.org"
CODER_PASSWORD = "coder passphrase 2026"


class Failure(Exception):
    """A check of the browser test failed."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)
    print(f"  ok  {message}", flush=True)


class Server(VerbatimServer):
    """`verbatim serve` on a free loopback port, with its own data directory and an admin token
    (tools/common/verbatim_server.py), and the API calls the checks make."""

    def __init__(self, verbatim: Path, web: Path | None):
        super().__init__(verbatim, ROOT, "verbatim-browser-", admin_name="Browser Test", admin_email=ADMIN_EMAIL)
        self.set_password(ADMIN_EMAIL, ADMIN_PASSWORD)
        self.start(workers=1, web=web)

    def api(self, path: str, method: str = "GET", body: dict | None = None):
        request = urllib.request.Request(self.base + path, method=method, headers={"Authorization": f"Bearer {self.token}"})
        if body is not None:
            request.data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            error.msg = f"{error.msg}: {error.read().decode()}"
            raise

    @staticmethod
    def as_user(server: "Server", token: str):
        """An API caller with another user's token."""
        def call(path: str, method: str = "GET", body: dict | None = None):
            request = urllib.request.Request(server.base + path, method=method, headers={"Authorization": f"Bearer {token}"})
            if body is not None:
                request.data = json.dumps(body).encode()
                request.add_header("Content-Type", "application/json")
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())
        return call


def chromium(downloads: Path, languages: str, extra: tuple[str, ...] = ()) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800",
        "--mute-audio", "--autoplay-policy=no-user-gesture-required", f"--lang={languages.split(',')[0]}", *extra,
    ]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "intl.accept_languages": languages,
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    viewport(driver, 1280, 800)
    return driver


def viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    """Makes the page's viewport exactly `width`×`height` CSS pixels (a laptop screen: 1280×800)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


class Pages:
    """The browser session and the checks on each page."""

    def __init__(self, driver: webdriver.Chrome, server: Server, downloads: Path):
        self.driver = driver
        self.server = server
        self.downloads = downloads
        self.wait = WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException))

    def audit(self, page: str) -> None:
        """Contrast and names of the visible page (tools/browser/audit.js)."""
        problems = self.js((Path(__file__).parent / "audit.js").read_text())
        check(isinstance(problems, list) and not problems, f"{page}: text contrast ≥ 4.5:1 and every field and button named {problems[:8]}")

    def reachable_by_tab(self, page: str, selectors: list[str]) -> None:
        """Presses Tab from the top of the page until each of `selectors` has had the focus (at most 600 presses)."""
        self.js("document.activeElement?.blur(); window.scrollTo(0, 0)")
        body = self.driver.find_element(By.TAG_NAME, "body")
        wanted = {selector: self.driver.find_element(By.CSS_SELECTOR, selector) for selector in selectors}
        reached: set[str] = set()
        for _ in range(600):
            body = self.driver.switch_to.active_element
            body.send_keys(Keys.TAB)
            active = self.driver.switch_to.active_element
            for selector, element in wanted.items():
                if element == active:
                    reached.add(selector)
            if len(reached) == len(wanted):
                break
        check(reached == set(wanted), f"{page}: Tab reaches {sorted(wanted)} (missing {sorted(set(wanted) - reached)})")

    def fits(self, page: str) -> None:
        """No horizontal scrolling at 1280×800, on a 1366×768 laptop screen and at 1024×768."""
        for width, height in [(1366, 768), (1024, 768), (1280, 800)]:
            viewport(self.driver, width, height)
            time.sleep(0.2)
            overflow = self.js("return document.documentElement.scrollWidth - window.innerWidth")
            check(overflow <= 0, f"{page} fits {width}×{height} without horizontal scrolling (overflow {overflow}px)")
            if width == 1366:
                self.shot(f"{page.replace(' ', '-')}-1366x768")

    def me_id(self) -> int:
        return self.server.api("/me")["user"]["id"]

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(SHOTS / f"{name}.png"))

    def full_shot(self, name: str) -> None:
        """A screenshot of the whole page height (the viewport grows for it, then returns to 1280×800)."""
        self.driver.execute_script("window.scrollTo(0, 0)")
        height = self.driver.execute_script("return Math.max(document.documentElement.scrollHeight, 800)")
        viewport(self.driver, 1280, min(height, 4000))
        time.sleep(0.3)
        self.shot(name)
        viewport(self.driver, 1280, 800)

    def find(self, css: str, timeout: float = 30):
        return WebDriverWait(self.driver, timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def js(self, script: str, *arguments):
        return self.driver.execute_script(script, *arguments)

    def console_errors(self) -> list[str]:
        """Script errors and policy violations; failed requests that the page reports itself are left out."""
        entries = self.driver.get_log("browser")
        return [e["message"] for e in entries if e["level"] == "SEVERE" and "Failed to load resource" not in e["message"]]

    # --- the scenario -------------------------------------------------------------------------

    def sign_in(self) -> None:
        """Signs the admin in with the password set by `verbatim admin set-password`, through the keyboard."""
        self.driver.get(self.server.base + "/")
        self.find("#signin-form")
        check(self.driver.current_url.endswith("#/signin"), "an anonymous visitor lands on the sign-in page")
        check(self.js("return document.activeElement.id") == "email", "the focus starts in the e-mail field")
        check(self.find("#email").get_attribute("autocomplete") == "username"
              and self.find("#password").get_attribute("autocomplete") == "current-password",
              "the fields carry autocomplete username / current-password for password managers")
        self.shot("01-sign-in")
        self.audit("sign-in page")
        # The secondary path: an API token, folded away.
        self.find("#token-path summary").click()
        self.find("#token").send_keys("vbt_wrong")
        self.find("#token-form button[type=submit]").click()
        error = self.find("#token-error")
        check("not valid" in error.text, f"a wrong token is refused with a message ({error.text!r})")
        self.find("#email").send_keys(ADMIN_EMAIL)
        self.find("#password").send_keys("wrong password!" + Keys.ENTER)
        error = self.find("#signin-error")
        check("wrong" in error.text, f"a wrong password is refused with a message ({error.text!r})")
        check(self.js("return document.activeElement.id") == "password", "after a refusal the focus returns to the password")
        self.find("#password").send_keys(ADMIN_PASSWORD + Keys.ENTER)
        self.find("#create-study")
        self.audit("studies page")
        check(self.js("return sessionStorage.getItem('verbatim.token')") is None, "a password session keeps no token in storage")
        cookie = self.driver.get_cookie("verbatim_session")
        check(cookie is not None and cookie["httpOnly"] and cookie.get("sameSite") == "Strict",
              f"the session cookie is HttpOnly and SameSite=Strict ({cookie and {k: cookie.get(k) for k in ('httpOnly', 'sameSite', 'path')}})")
        check("verbatim_session" not in self.js("return document.cookie"), "scripts cannot read the session cookie")
        self.shot("02-studies-empty")

    def people(self, study_id: int) -> None:
        """The admin creates a coder with a password and adds them to the study in the pages; the coder
        signs in in a second browser and sees the study; signing out ends the session."""
        self.find("#users-link").click()
        self.find("#create-user")
        self.find("#new-user-name").send_keys("Chloé Coder")
        self.find("#new-user-email").send_keys(CODER_EMAIL)
        self.find("#new-user-password").send_keys(CODER_PASSWORD)
        self.find("#create-user button[type=submit]").click()
        self.wait.until(lambda d: CODER_EMAIL in d.find_element(By.ID, "user-list").text)
        users = {u["user"]["email"]: u for u in self.server.api("/users")}
        check(users[CODER_EMAIL]["hasPassword"] and not users[CODER_EMAIL]["isAdmin"], "the coder exists in the API with a password")
        # A second user with a generated password, shown once.
        self.find("#new-user-name").send_keys("Gaston Généré")
        self.find("#new-user-email").send_keys("gaston@example.org")
        self.find("#new-user-generate").click()
        self.find("#create-user button[type=submit]").click()
        shown = self.find("#generated-password").text
        check(len(shown) == 20, f"a generated password is shown once ({len(shown)} characters)")
        self.shot("03a-users")
        self.audit("users page")
        self.fits("users page")

        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        self.find("#add-member")
        self.find("#member-email").send_keys(CODER_EMAIL)
        Select(self.find("#member-role")).select_by_value("coder")
        self.find("#add-member button[type=submit]").click()
        self.wait.until(lambda d: "Chloé Coder" in d.find_element(By.ID, "member-list").text)
        members = {m["name"]: m for m in self.server.api(f"/studies/{study_id}/members")}
        check(members.get("Chloé Coder", {}).get("role") == "coder", "the coder is a member of the study as coder in the API")
        self.find("#member-email").send_keys("nobody@example.org" + Keys.ENTER)
        error = self.find("#add-member-error")
        check("No user" in error.text, f"an unknown address is refused with a message ({error.text!r})")
        self.full_shot("03b-members")
        self.audit("study page with members")

        second = chromium(self.downloads, "en-US,en")
        try:
            second.get(self.server.base + "/")
            wait = WebDriverWait(second, 30)
            wait.until(EC.visibility_of_element_located((By.ID, "email"))).send_keys(CODER_EMAIL)
            second.find_element(By.ID, "password").send_keys(CODER_PASSWORD + Keys.ENTER)
            wait.until(lambda d: "Parcours de soins 2026" in d.find_element(By.ID, "study-list").text)
            check(not second.find_elements(By.ID, "create-study"), "the coder sees the study and no study creation")
            second.find_element(By.CSS_SELECTOR, "#study-list a").click()
            wait.until(EC.visibility_of_element_located((By.ID, "participant-list")))
            check(not second.find_elements(By.ID, "member-list"), "a coder does not manage members")
            second.save_screenshot(str(SHOTS / "03c-coder-study.png"))
            second.find_element(By.ID, "sign-out").click()
            wait.until(EC.visibility_of_element_located((By.ID, "signin-form")))
            status = second.execute_async_script("const done = arguments[0]; fetch('/me').then((r) => done(r.status))")
            check(status == 401, f"after signing out the session is refused ({status})")
            errors = [e["message"] for e in second.get_log("browser") if e["level"] == "SEVERE" and "Failed to load resource" not in e["message"]]
            check(not errors, f"no errors in the coder's browser console {errors}")
        finally:
            second.quit()
        # The user with the generated password must choose their own at the first sign-in (in French here).
        third = chromium(self.downloads, "fr-FR,fr,en")
        try:
            third.get(self.server.base + "/")
            wait = WebDriverWait(third, 30)
            wait.until(EC.visibility_of_element_located((By.ID, "email"))).send_keys("gaston@example.org")
            third.find_element(By.ID, "password").send_keys(shown + Keys.ENTER)
            notice = wait.until(EC.visibility_of_element_located((By.ID, "must-change")))
            check(third.current_url.endswith("#/password") and "choisissez le vôtre" in notice.text,
                  f"a generated password leads to the change-password page, in French ({notice.text!r})")
            third.find_element(By.ID, "current-password").send_keys(shown)
            third.find_element(By.ID, "new-password").send_keys("gaston choisit le sien")
            third.find_element(By.ID, "confirm-password").send_keys("gaston choisit le sien")
            third.save_screenshot(str(SHOTS / "03d-password-change-fr.png"))
            third.find_element(By.CSS_SELECTOR, "#password-form button[type=submit]").click()
            wait.until(EC.presence_of_element_located((By.ID, "study-list")))
            users = {u["user"]["email"]: u for u in self.server.api("/users")}
            check(not users["gaston@example.org"]["mustChangePassword"], "after the change the account no longer must change its password")
        finally:
            third.quit()
        events = [e["action"] for e in self.server.api("/audit?limit=1000")]
        check("session.sign_in" in events and "session.sign_out" in events and "session.sign_in_failed" in events,
              "sign-in, failure and sign-out are in the audit log")

    def create_study(self) -> int:
        self.find("#study-name").send_keys("Parcours de soins 2026")
        self.find("#study-details").send_keys("Entretiens avec des patients et leurs aidants.")
        self.find("#create-study button[type=submit]").click()
        self.find("#upload-form")
        study_id = int(re.search(r"#/studies/(\d+)", self.driver.current_url).group(1))
        check(any(s["id"] == study_id for s in self.server.api("/studies")), f"study {study_id} exists in the API")
        self.find("#pseudonym").send_keys("P-001")
        self.find("#add-participant button[type=submit]").click()
        self.wait.until(lambda d: "P-001" in d.find_element(By.ID, "participant-list").text)
        self.find("#code-name").send_keys("douleur")
        self.find("#add-code button[type=submit]").click()
        self.wait.until(lambda d: "douleur" in d.find_element(By.ID, "code-list").text)
        participants = self.server.api(f"/studies/{study_id}/participants")
        check([p["pseudonym"] for p in participants] == ["P-001"], "the participant was added through the page")
        check([c["name"] for c in self.server.api(f"/studies/{study_id}/codes")] == ["douleur"], "the code was added through the page")
        return study_id

    def upload(self, study_id: int) -> int:
        self.find("#upload-file").send_keys(str(self.server.interview))
        self.find("#upload-title").send_keys("Entretien P-001")
        Select(self.find("#upload-language")).select_by_value("en")
        self.find("#upload-form button[type=submit]").click()
        row = self.find("#recording-rows tr[data-recording]", timeout=60)
        recording_id = int(row.get_attribute("data-recording"))
        check(self.server.api(f"/recordings/{recording_id}")["title"] == "Entretien P-001", "the upload is a recording in the API")
        states = set()
        deadline = time.time() + 900
        shot_running = False
        while time.time() < deadline:
            state = self.js("return document.querySelector('.job-status')?.dataset.state ?? ''")
            states.add(state)
            if state == "running" and not shot_running:
                self.shot("03-study-transcribing")
                shot_running = True
            if state in ("succeeded", "failed", "cancelled"):
                break
            time.sleep(0.5)
        check(state == "succeeded", f"the job status went live to succeeded (seen: {sorted(states)})")
        check(len(states & {"queued", "running"}) > 0, "the status changed while the page stayed open (server-sent events)")
        self.full_shot("04-study")
        self.audit("study page")
        self.fits("study page")
        return recording_id

    def open_transcript(self, recording_id: int) -> dict:
        self.find(".open-transcript").click()
        self.find("#transcript .segment")
        self.wait.until(lambda d: d.execute_script("return document.getElementById('player').readyState >= 1"))
        src = self.js("return document.getElementById('player').currentSrc")
        check("access=" in src and self.server.token not in src, "the player streams through a signed media link, not the API token")
        detail = self.server.api(f"/recordings/{recording_id}/transcript")
        check(len(detail["segments"]) > 0, f"the worker stored {len(detail['segments'])} segment(s)")
        shown = self.js("return [...document.querySelectorAll('.segment-text')].map(e => e.textContent)")
        check(shown == [s["text"] for s in detail["segments"]], "the page shows the stored segments' text")
        self.shot("05-transcript")
        self.audit("transcript page")
        return detail

    def seek_by_click(self, detail: dict) -> None:
        words = self.driver.find_elements(By.CSS_SELECTOR, "#transcript .word")
        player = "document.getElementById('player')"
        self.js(f"{player}.currentTime = {detail['segments'][-1]['end'] - 0.5:.2f}")
        self.wait.until(lambda d: d.execute_script(f"return !{player}.seeking"))
        if words:
            target = words[len(words) // 2]
            expected = float(target.get_attribute("data-start"))
            what = f"word {target.text!r}"
        else:
            index = len(detail["segments"]) // 2
            target = self.driver.find_elements(By.CSS_SELECTOR, "#transcript .segment-text")[index]
            expected = detail["segments"][index]["start"]
            what = f"segment {index} (the store has no word times yet)"
        before = self.js(f"return {player}.currentTime")
        target.click()
        self.wait.until(lambda d: abs(d.execute_script(f"return {player}.currentTime") - expected) < 0.05)
        after = self.js(f"return {player}.currentTime")
        check(abs(before - expected) > 0.3, f"the player was elsewhere before the click ({before:.2f} s)")
        check(abs(after - expected) < 0.05, f"clicking the {what} moved the player to {after:.2f} s (start {expected:.2f} s)")
        self.wait.until(lambda d: d.execute_script("return document.querySelector('.segment.playing') !== null"))
        check(True, "the segment under the playhead is highlighted")

        # Keyboard shortcuts, with the focus on the page (not in a text field).
        self.js("document.activeElement.blur()")
        body = self.driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.ESCAPE)
        self.wait.until(lambda d: not d.execute_script(f"return {player}.paused"))
        check(True, "Esc starts playback")
        time.sleep(0.8)
        if words:
            self.wait.until(lambda d: d.execute_script("return document.querySelector('.word.current') !== null"))
            check(True, "the word being spoken is highlighted while playing")
        body.send_keys(Keys.ESCAPE)
        self.wait.until(lambda d: d.execute_script(f"return {player}.paused"))
        check(True, "Esc pauses playback")
        self.js(f"{player}.currentTime = 5.5")
        self.wait.until(lambda d: d.execute_script(f"return !{player}.seeking"))
        body.send_keys(Keys.CONTROL, Keys.ARROW_LEFT)
        self.wait.until(lambda d: abs(d.execute_script(f"return {player}.currentTime") - 0.5) < 0.1)
        check(True, "Ctrl+← rewinds 5 seconds")
        self.shot("06-transcript-playing")

    def correct_segment(self, recording_id: int, detail: dict) -> dict:
        new_text = "Corrected by the browser test, with accents: éléphant."
        self.find("#segment-0 .edit-button").click()
        area = self.find("#edit-text-0")
        # While editing, Esc belongs to the editor and Ctrl+← to the text field.
        area.send_keys(Keys.CONTROL, Keys.ARROW_LEFT)
        check(self.js("return document.getElementById('player').paused"), "keys typed in the editor do not reach the player")
        area.clear()
        area.send_keys(new_text)
        Select(self.find("#edit-speaker-0")).select_by_value("__new__")
        self.find("#edit-new-speaker-0").send_keys("Patient")
        self.shot("07-correcting")
        area = self.find("#edit-text-0")
        area.send_keys(Keys.CONTROL, Keys.ENTER)
        self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#segment-0 .segment-text").text == new_text)
        versions = self.server.api(f"/recordings/{recording_id}/transcripts")
        check(len(versions) == 2 and versions[-1]["engine"] == "human", "the correction is a new transcript version in the API")
        latest = self.server.api(f"/recordings/{recording_id}/transcript")
        check(latest["segments"][0]["text"] == new_text, "the new version holds the corrected text")
        speaker = next(s for s in latest["speakers"] if s["id"] == latest["segments"][0]["speakerID"])
        check(speaker["label"] == "Patient", "the new version gives the segment its new speaker")
        self.wait.until(lambda d: "Patient" in d.find_element(By.CSS_SELECTOR, "#transcript .turn-speaker").text)
        check(self.server.api(f"/transcripts/{detail['transcript']['id']}")["segments"][0]["text"] == detail["segments"][0]["text"],
              "the previous version is unchanged")
        return latest

    def code_span(self, latest: dict) -> None:
        transcript_id = latest["transcript"]["id"]
        # Select "Corrected by" in the first segment, as a mouse drag would.
        self.js("""
            const text = document.querySelector('#segment-0 .segment-text');
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            const node = walker.nextNode();
            const range = document.createRange();
            range.setStart(node, 0);
            range.setEnd(node, 'Corrected by'.length);
            const selection = getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        """)
        self.wait.until(lambda d: d.find_element(By.ID, "apply-coding").is_enabled())
        Select(self.find("#apply-code")).select_by_value("new")
        self.find("#new-code-name").send_keys("vécu")
        self.find("#apply-coding").click()
        self.find("#coding-list .coding")
        codings = self.server.api(f"/transcripts/{transcript_id}/codings")
        check(len(codings) == 1 and (codings[0]["charStart"], codings[0]["charEnd"]) == (0, len("Corrected by")),
              f"the coding exists in the API over characters 0..<12 ({[(c['charStart'], c['charEnd']) for c in codings]})")
        study_codes = {c["id"]: c for c in self.server.api(f"/studies/{latest_study(self)}/codes")}
        check(study_codes[codings[0]["codeID"]]["name"] == "vécu", "the new code was created from the selection")
        bars = self.driver.find_elements(By.CSS_SELECTOR, "#segment-0 .coding-bar")
        check(len(bars) == 1, "the coding shows as a margin bar beside its segment")
        colour = self.js("return getComputedStyle(arguments[0]).backgroundColor", bars[0])
        check(colour not in ("", "rgba(0, 0, 0, 0)"), f"the margin bar has the code's colour ({colour})")
        # Filters: a code with no codings hides the bar; back to all codes shows it.
        douleur = next(c for c in study_codes.values() if c["name"] == "douleur")
        Select(self.find("#filter-code")).select_by_value(str(douleur["id"]))
        check(len(self.driver.find_elements(By.CSS_SELECTOR, ".coding-bar")) == 0, "filtering by another code hides the bar")
        Select(self.find("#filter-code")).select_by_value("")
        check(len(self.driver.find_elements(By.CSS_SELECTOR, ".coding-bar")) == 1, "filtering by all codes shows it again")

        # A memo on the segment.
        self.find("#segment-0 .segment-actions button:nth-child(2)").click()
        self.find("#memo-text").send_keys("Le patient reformule sa douleur.")
        self.find("#memo-form button[type=submit]").click()
        self.wait.until(lambda d: "reformule" in d.find_element(By.ID, "memo-list").text)
        memos = self.server.api(f"/studies/{latest_study(self)}/memos")
        check(any(m["text"] == "Le patient reformule sa douleur." and m.get("transcriptID") == transcript_id for m in memos),
              "the segment memo exists in the API")
        # A memo on the coding.
        self.find("#coding-list .coding .buttons button:nth-child(2)").click()
        self.find("#memo-text").send_keys("Vécu du diagnostic, à rapprocher de P-002.")
        self.find("#memo-form button[type=submit]").click()
        self.wait.until(lambda d: "rapprocher" in d.find_element(By.ID, "memo-list").text)
        memos = self.server.api(f"/studies/{latest_study(self)}/memos")
        check(any(m.get("codingID") == codings[0]["id"] and "rapprocher" in m["text"] for m in memos), "the coding memo exists in the API")

        # The agreement report: a second coder (through the API) codes the same words and one more segment's worth.
        other = self.server.api("/users", "POST", {"name": "Second Coder", "email": "second@example.org"})
        self.server.api(f"/studies/{latest_study(self)}/members/{other['user']['id']}", "PUT", {"role": "coder"})
        second = Server.as_user(self.server, other["token"])
        second(f"/transcripts/{transcript_id}/codings", "POST", {"codeID": codings[0]["codeID"], "charStart": 0, "charEnd": 9})
        self.find("#agreement-run").click()
        table = self.find("#agreement-report table")
        rows = {r.find_element(By.CSS_SELECTOR, "td, th").text: r.text for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
        check("vécu" in rows, f"the agreement report has a row for the code ({list(rows)})")
        report = self.server.api(f"/transcripts/{transcript_id}/agreement?unit=segments")
        check(report["coderIDs"] == sorted([self.me_id(), other["user"]["id"]]), "the report compares the two coders")
        self.full_shot("08-transcript-coded")
        self.audit("transcript page with codings, memo and agreement")
        self.fits("transcript page")
        self.coder_view(latest, other["token"])

    def coder_view(self, latest: dict, coder_token: str) -> None:
        """The second coder signs in in another tab session: they code, but see no correction tools."""
        recording_id = latest["transcript"]["recordingID"]
        self.js("sessionStorage.setItem('verbatim.token', arguments[0])", coder_token)
        self.driver.get(f"{self.server.base}/#/recordings/{recording_id}")
        self.driver.refresh()
        self.find("#transcript .segment")
        self.wait.until(lambda d: "Second Coder" in d.find_element(By.ID, "who").text)
        check(not self.driver.find_elements(By.CSS_SELECTOR, ".edit-button"), "a coder gets no correction buttons")
        check(not self.driver.find_elements(By.ID, "agreement-run"), "a coder gets no agreement report")
        check(len(self.driver.find_elements(By.CSS_SELECTOR, ".coding-bar")) == 2, "a coder sees both coders' margin bars")
        removable = self.driver.find_elements(By.CSS_SELECTOR, "#coding-list .remove-coding")
        check(len(removable) == 1 and len(self.driver.find_elements(By.CSS_SELECTOR, "#coding-list .coding")) == 2,
              "a coder gets a Remove button on their own coding only")
        check("Browser Test" in self.find("#coding-list").text, "a coder sees the other coder's name, as the exports give it")
        Select(self.find("#filter-coder")).select_by_visible_text("Second Coder (me)")
        check(len(self.driver.find_elements(By.CSS_SELECTOR, ".coding-bar")) == 1, "filtering by coder keeps only the coder's own bar")
        self.shot("08b-transcript-coder")
        self.audit("transcript page of a coder")
        # Back to the admin's password session: without the token, the page asks GET /me for the cookie's session.
        self.js("sessionStorage.removeItem('verbatim.token')")
        self.driver.get(f"{self.server.base}/#/recordings/{recording_id}")
        self.driver.refresh()
        self.find("#transcript .segment")

    def edit_transcript(self, recording_id: int) -> None:
        """Transcribing as in oTranscribe and ELAN: speed, replay on resume, split and merge at the
        cursor (on the working draft, in place, the coding following its words), find and replace,
        validation and a new transcription with other settings."""
        player = "document.getElementById('player')"
        Select(self.find("#playback-speed")).select_by_value("1.5")
        check(self.js(f"return {player}.playbackRate") == 1.5, "the speed menu sets the playback rate")
        Select(self.find("#rewind-on-pause")).select_by_value("2")
        self.js(f"{player}.currentTime = 4")
        self.wait.until(lambda d: d.execute_script(f"return !{player}.seeking"))
        self.js(f"{player}.play()")
        time.sleep(0.6)
        self.js(f"{player}.pause()")
        self.wait.until(lambda d: d.execute_script(f"return {player}.paused"))
        time.sleep(0.3)  # a person pauses for longer than a script
        paused_at = self.js(f"return {player}.currentTime")
        self.js(f"{player}.play()")
        time.sleep(0.1)
        self.wait.until(lambda d: d.execute_script(f"return !{player}.seeking"))
        resumed = self.js(f"return {player}.currentTime")
        self.js(f"{player}.pause()")
        check(paused_at - 2.05 < resumed < paused_at - 1.4, f"resuming replays 2 s (paused at {paused_at:.2f}, resumed at {resumed:.2f})")
        Select(self.find("#playback-speed")).select_by_value("1")

        before = self.server.api(f"/recordings/{recording_id}/transcript")
        draft_id = before["transcript"]["id"]
        versions = len(self.server.api(f"/recordings/{recording_id}/transcripts"))
        count = len(before["segments"])
        first = before["segments"][0]["text"]
        cut = first.index(",") + 1
        self.find("#segment-0 .edit-button").click()
        area = self.find("#edit-text-0")
        self.js("arguments[0].setSelectionRange(arguments[1], arguments[1])", area, cut)
        self.find("#segment-0 .split-button").click()
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#transcript .segment")) == count + 1)
        after = self.server.api(f"/recordings/{recording_id}/transcript")
        check(after["transcript"]["id"] == draft_id, "a split changes the working draft in place")
        check([s["text"] for s in after["segments"][:2]] == [first[:cut].strip(), first[cut:].strip()],
              f"the segment is split at the cursor ({[s['text'] for s in after['segments'][:2]]})")
        self.shot("08c-split")
        self.find("#segment-0 .edit-button").click()
        self.find("#segment-0 .merge-button").click()
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#transcript .segment")) == count)
        merged = self.server.api(f"/recordings/{recording_id}/transcript")
        check(merged["segments"][0]["text"] == first, "merging gives the segment back")
        codings = self.server.api(f"/transcripts/{draft_id}/codings")
        text = merged["transcript"]["text"]
        check(any(text[c["charStart"]:c["charEnd"]] == "Corrected by" for c in codings), "the coding follows its words through split and merge")
        check(len(self.server.api(f"/recordings/{recording_id}/transcripts")) == versions, "no new version for edits of the draft")
        history = self.server.api(f"/transcripts/{draft_id}/edits")
        check([e["kind"] for e in history][-2:] == ["split", "merge"], "the edit history lists the split and the merge")

        self.find("#find-replace-details summary").click()
        self.find("#find-text").send_keys("accents")
        self.wait.until(lambda d: d.find_element(By.ID, "find-count").text != "")
        self.find("#replace-text").send_keys("diacritics")
        self.shot("08d-find-replace")
        self.find("#replace-all").click()
        self.wait.until(lambda d: "diacritics" in d.find_element(By.CSS_SELECTOR, "#segment-0 .segment-text").text)
        replaced = self.server.api(f"/recordings/{recording_id}/transcript")
        check("diacritics" in replaced["segments"][0]["text"] and "accents" not in replaced["transcript"]["text"],
              "find and replace changes every segment holding the text")

        self.find("#validate-version").click()
        self.wait.until(lambda d: self.server.api(f"/transcripts/{draft_id}")["transcript"]["status"] == "reviewed")
        self.wait.until(lambda d: "validated" in d.find_element(By.ID, "version-status").text)
        check(True, "the version is validated, and the page says so")

        self.find("#rerun-details summary").click()
        Select(self.find("#rerun-language")).select_by_value("fr")
        Select(self.find("#rerun-speakers")).select_by_value("2")
        self.find("#rerun-prompt").send_keys("éléphant, diacritiques")
        self.find("#rerun-button").click()
        self.wait.until(lambda d: d.find_element(By.ID, "rerun-status").text != "")
        jobs = self.server.api(f"/studies/{latest_study(self)}/jobs")
        rerun = max(jobs, key=lambda j: j["id"])
        check(str(rerun["id"]) in self.find("#rerun-status").text and rerun["kind"] == "transcribe",
              "the form queues a transcription job with the chosen settings")
        self.server.api(f"/jobs/{rerun['id']}/cancel", "POST")
        self.reachable_by_tab("transcript page", ["#playback-speed", "#rewind-on-pause", "#validate-version", "#find-replace-details summary",
                                                  "#rerun-details summary", "#segment-0 .edit-button", "#apply-code"])
        self.full_shot("08e-review-tools")
        self.audit("transcript page with the review tools")
        self.fits("transcript page with the review tools")

    # --- blind double coding, disagreements, consensus (issue 17, coding piece) ------------------

    def select_text(self, segment: int, length: int) -> None:
        """Selects the first `length` characters of a segment's text, as a mouse drag would."""
        self.js("""
            const text = document.querySelector(`#segment-${arguments[0]} .segment-text`);
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            const node = walker.nextNode();
            const range = document.createRange();
            range.setStart(node, 0);
            range.setEnd(node, Math.min(arguments[1], node.data.length));
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        """, segment, length)

    def sign_in_as(self, token: str, name: str, recording_id: int) -> None:
        self.js("sessionStorage.setItem('verbatim.token', arguments[0])", token)
        self.driver.get(f"{self.server.base}/#/recordings/{recording_id}")
        self.driver.refresh()
        self.find("#transcript .segment")
        self.wait.until(lambda d: name in d.find_element(By.ID, "who").text)

    def code_as(self, code_name: str, segment: int, length: int) -> None:
        self.select_text(segment, length)
        self.wait.until(lambda d: d.find_element(By.ID, "apply-coding").is_enabled())
        Select(self.find("#apply-code")).select_by_visible_text(code_name)
        before = len(self.driver.find_elements(By.CSS_SELECTOR, "#coding-list .coding"))
        self.find("#apply-coding").click()
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#coding-list .coding")) == before + 1)

    def raw(self, path: str, method: str = "GET", data: bytes | None = None) -> bytes:
        request = urllib.request.Request(self.server.base + path, method=method, data=data,
                                         headers={"Authorization": f"Bearer {self.server.token}", "Content-Type": "application/octet-stream"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.read()

    def double_coding_study(self) -> tuple[int, int]:
        """A study of its own (codes "douleur" and "vécu") with a 10-second, two-sentence recording,
        transcribed by the worker: two units to step through."""
        study_id = self.server.api("/studies", "POST", {"name": "Double codage 2026"})["id"]
        for name, colour in [("douleur", "#1F77B4"), ("vécu", "#D62728")]:
            self.server.api(f"/studies/{study_id}/codes", "POST", {"name": name, "color": colour})
        recording_id = json.loads(self.raw(f"/studies/{study_id}/recordings?title=Entretien%20P-002", "POST", TWO_SENTENCES.read_bytes()))["id"]
        job = self.server.api(f"/recordings/{recording_id}/jobs", "POST", {"language": "en"})
        deadline = time.time() + 600
        while job["state"] in ("queued", "running") and time.time() < deadline:
            time.sleep(0.5)
            job = self.server.api(f"/jobs/{job['id']}")
        check(job["state"] == "succeeded", f"the double-coding recording was transcribed ({job['state']}: {job.get('error')})")
        return study_id, recording_id

    def blind_double_coding(self) -> None:
        """Two coders code the same transcript blind; both mark done; the admin steps through the
        disagreements with the audio and decides a consensus."""
        admin_token = self.server.token
        admin_id = self.me_id()
        study_id, recording_id = self.double_coding_study()
        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        self.find("#blind-coding").click()
        self.wait.until(lambda d: self.server.api(f"/studies/{study_id}").get("blindCoding") is True)
        check(True, "the study admin turns blind coding on in the study page")
        self.find("#blinding-title").location_once_scrolled_into_view
        self.shot("12-study-blind-coding")
        coders = {}
        for name in ["Coder Ana", "Coder Basile"]:
            made = self.server.api("/users", "POST", {"name": name, "email": f"{name.split()[1].lower()}@example.org"})
            self.server.api(f"/studies/{study_id}/members/{made['user']['id']}", "PUT", {"role": "coder"})
            coders[name] = (made["user"]["id"], made["token"])
        transcript_id = self.server.api(f"/recordings/{recording_id}/transcript")["transcript"]["id"]
        segments = len(self.server.api(f"/transcripts/{transcript_id}")["segments"])
        last = segments - 1

        def bar_coders() -> list[str]:
            return self.js("return [...document.querySelectorAll('.coding-bar')].map(b => b.dataset.coder)")

        # Ana codes first: she sees her own bar only, not the two earlier coders'.
        ana_id, ana_token = coders["Coder Ana"]
        self.sign_in_as(ana_token, "Coder Ana", recording_id)
        check(self.find("#blind-notice").is_displayed(), "a blind coder is told she sees only her own codings")
        check(bar_coders() == [], "before coding, a blind coder sees no one's margin bars")
        self.code_as("douleur", 0, 9)
        check(set(bar_coders()) == {str(ana_id)}, "Ana sees her own bar only")
        self.shot("13-blind-coder-ana")
        self.audit("transcript page of a blind coder")
        # Basile codes the same words differently (and the last segment): he does not see Ana's bar.
        basile_id, basile_token = coders["Coder Basile"]
        self.sign_in_as(basile_token, "Coder Basile", recording_id)
        check(bar_coders() == [], "Basile does not see Ana's bar")
        self.code_as("vécu", 0, 12)
        if last > 0:
            self.code_as("vécu", last, 10)
        check(set(bar_coders()) == {str(basile_id)}, "Basile sees his own bars only")
        check("Coder Ana" not in self.find("#coding-list").text, "Basile's codings list names no other coder")
        self.shot("14-blind-coder-basile")
        codings = Server.as_user(self.server, basile_token)(f"/transcripts/{transcript_id}/codings")
        check({c["coderID"] for c in codings} == {basile_id}, "the API gives Basile his own codings only")
        # Both mark their coding done; the disagreements open to them.
        self.find("#finish-coding").click()
        self.find("#coding-done")
        check(len(set(bar_coders())) > 1, "once done, Basile sees the other coders' bars")
        self.shot("15-coder-done")
        self.sign_in_as(ana_token, "Coder Ana", recording_id)
        panel = self.find("#disagreements")
        check("once every coder" in panel.text, "the disagreements stay closed to Ana until every coder has finished")
        self.find("#finish-coding").click()
        self.find("#coding-done")
        done = Server.as_user(self.server, ana_token)(f"/transcripts/{transcript_id}/coding-status")
        check(done.get("doneAt") is not None and not done["isBlind"], "Ana's 'done' mark is stored with its time")

        # The admin steps through the disagreements with the audio and decides.
        self.sign_in_as(admin_token, "Browser Test", recording_id)
        self.find("#disagreement-step")
        report = self.server.api(f"/transcripts/{transcript_id}/disagreements")
        units = report["disagreements"]
        check(len(units) >= 1 and units[0]["unitIndex"] == 0, f"the disagreements list unit 0 first ({[u['unitIndex'] for u in units]})")
        step = self.find("#disagreement-step")
        check(f"1 of {len(units)}" in step.text, f"the panel shows disagreement 1 of {len(units)} ({step.text!r})")
        player = "document.getElementById('player')"
        self.js(f"{player}.pause(); {player}.currentTime = {max(0.0, units[-1]['endTime'] - 0.2):.2f}")
        self.find("#play-disagreement").click()
        self.wait.until(lambda d: abs(d.execute_script(f"return {player}.currentTime") - units[0]["startTime"]) < 0.6)
        check(True, "the Play button plays the audio from the disagreement's span")
        self.js(f"{player}.pause()")
        if len(units) > 1:
            self.find("#disagreement-step").send_keys("n")
            self.wait.until(lambda d: d.find_element(By.ID, "disagreement-step").text.startswith("Disagreement 2"))
            check(True, "the N key steps to the next disagreement")
            self.find("#disagreement-previous").click()
            self.wait.until(lambda d: d.find_element(By.ID, "disagreement-step").text.startswith("Disagreement 1"))
            check(True, "Previous steps back")
        else:
            check(not self.find("#disagreement-next").is_enabled(), "with one disagreement, Next is disabled")
        self.shot("16-disagreements")
        self.audit("transcript page with disagreements")
        own_before = [c for c in self.server.api(f"/transcripts/{transcript_id}/codings") if not c.get("isConsensus")]
        keep_ana = next(b for b in self.driver.find_elements(By.CSS_SELECTOR, ".keep-coder") if "Coder Ana" in b.text)
        keep_ana.click()
        self.wait.until(lambda d: any(c.get("isConsensus") for c in self.server.api(f"/transcripts/{transcript_id}/codings")))
        after = self.server.api(f"/transcripts/{transcript_id}/codings")
        consensus = [c for c in after if c.get("isConsensus")]
        douleur = next(c["id"] for c in self.server.api(f"/studies/{study_id}/codes") if c["name"] == "douleur")
        check([c["codeID"] for c in consensus] == [douleur] and all(c["decidedBy"] == admin_id and c["coderName"] == "Consensus" for c in consensus),
              "keeping Ana's stores her code as a consensus coding decided by the admin")
        check([c for c in after if not c.get("isConsensus")] == own_before, "the coders' own codings stay")
        self.wait.until(lambda d: "Consensus" in d.find_element(By.ID, "coding-list").text)
        check(True, "the consensus shows in the codings list as its own coder")
        self.full_shot("17-consensus")
        self.fits("transcript page with disagreements")
        csv = self.raw(f"/studies/{study_id}/export?format=csv").decode()
        check(csv.count(",Consensus,") == len(consensus), "the CSV export names the consensus as its own coder")

    def rename_speaker(self, recording_id: int) -> None:
        speakers = self.server.api(f"/recordings/{recording_id}/speakers")
        if not speakers:
            print("  --  no speakers to rename (the diarizer found none)")
            return
        first = speakers[0]
        field = self.find(f"#speaker-label-{first['id']}")
        field.clear()
        field.send_keys("Interviewer")
        Select(self.find(f"#speaker-participant-{first['id']}")).select_by_visible_text("P-001")
        self.find(f"form[data-speaker='{first['id']}'] button[type=submit]").click()
        self.wait.until(lambda d: any(s["label"] == "Interviewer" for s in self.server.api(f"/recordings/{recording_id}/speakers")))
        renamed = next(s for s in self.server.api(f"/recordings/{recording_id}/speakers") if s["id"] == first["id"])
        check(renamed["label"] == "Interviewer" and renamed["participantID"] is not None,
              "the speaker was renamed and linked to P-001 through the page")
        self.wait.until(lambda d: "Interviewer" in d.find_element(By.ID, "transcript").text)

    def biometrics(self, study_id: int, recording_id: int) -> None:
        """A real Empatica E4 export of P-001, lined up with the recording: the plot under the transcript."""
        try:
            self.server.api(f"/recordings/{recording_id}/clock")
        except urllib.error.HTTPError as error:
            if error.code == 404:
                print("  --  the biometrics series API is not in this build: plot not tested", flush=True)
                return
            raise
        participant = next(p for p in self.server.api(f"/studies/{study_id}/participants") if p["pseudonym"] == "P-001")
        archive = io.BytesIO()
        folder = ROOT / "samples/biometrics/empatica_e4_flirt"
        with zipfile.ZipFile(archive, "w") as zipped:
            for file in sorted(folder.iterdir()):
                zipped.write(file, file.name)
        request = urllib.request.Request(
            f"{self.server.base}/participants/{participant['id']}/biometrics?filename=e4.zip", method="POST", data=archive.getvalue(),
            headers={"Authorization": f"Bearer {self.server.token}", "Content-Type": "application/zip"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                job = json.loads(response.read())
                check(response.status == 202 and job["kind"] == "import-biometrics", "the E4 export is queued as an import job")
        except urllib.error.HTTPError as error:
            raise Failure(f"importing the E4 export failed: {error.code} {error.read().decode()}")
        deadline = time.time() + 180
        while job["state"] in ("queued", "running") and time.time() < deadline:
            time.sleep(0.5)
            job = self.server.api(f"/jobs/{job['id']}")
        check(job["state"] == "succeeded", f"the worker imported the E4 export ({job['state']}: {job.get('error')})")
        imported = json.loads(job["result"])
        check(imported["streams"] > 0, f"the E4 export was imported ({imported['streams']} streams)")
        self.server.api(f"/recordings/{recording_id}/participants/{participant['id']}", "PUT", {"role": "interviewee"})
        # Without a wall-clock start the page says why there is no plot.
        self.driver.get(f"{self.server.base}/#/recordings/{recording_id}")
        self.driver.refresh()
        note = self.find("#biometrics-note")
        check("clock" in note.text, f"without a recording clock the page explains the missing plot ({note.text[:60]!r}…)")
        # The interview starts two minutes into the wearable's heart-rate recording.
        start = (int(Path(folder / "HR.csv").read_text().split()[0].split(".")[0]) + 120)
        self.server.api(f"/recordings/{recording_id}/clock", "PUT", {"wallClockStart": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start))})
        self.driver.get(f"{self.server.base}/#/recordings/{recording_id}")
        self.driver.refresh()
        plot = self.find("#bio-plot")
        kinds = self.js("return [...document.querySelectorAll('#bio-plot .bio-line')].map(p => [p.classList[1], p.getAttribute('d').length])")
        check({k for k, length in kinds if length > 10} >= {"heartRate", "eda"}, f"heart rate and EDA are drawn under the transcript ({kinds})")
        before = float(self.js("return document.querySelector('.bio-playhead').getAttribute('x1')"))
        self.js("document.getElementById('player').currentTime = 4")
        self.wait.until(lambda d: float(d.execute_script("return document.querySelector('.bio-playhead').getAttribute('x1')")) > before + 5)
        check(True, "the playhead moves on the plot with the player")
        box = plot.rect
        webdriver.ActionChains(self.driver).move_to_element_with_offset(plot, int(box["width"] * 0.3), 0).perform()
        tooltip = self.find(".bio-tooltip")
        check("Heart rate" in tooltip.text and "mean" in tooltip.text, f"hovering shows the turn's figures ({tooltip.text!r})")
        self.shot("11-transcript-biometrics")
        self.audit("transcript page with biometrics")

    def second_recording(self, study_id: int) -> int:
        """Uploads a second recording through the API (multipart, with its file name) and lets the
        worker transcribe it, so that the study exports hold two recordings."""
        boundary = "verbatim-browser-test-boundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{SECOND_SAMPLE.name}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode() + SECOND_SAMPLE.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            f"{self.server.base}/studies/{study_id}/recordings?title=Entretien%20P-001%20bis", data=body, method="POST",
            headers={"Authorization": f"Bearer {self.server.token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            recording = json.loads(response.read())
        check(recording.get("originalName") == SECOND_SAMPLE.name, "the upload keeps its original file name")
        job = self.server.api(f"/recordings/{recording['id']}/jobs", "POST", {"language": "en"})
        deadline = time.time() + 600
        state = job["state"]
        while time.time() < deadline and state not in ("succeeded", "failed", "cancelled"):
            time.sleep(0.5)
            state = self.server.api(f"/jobs/{job['id']}")["state"]
        check(state == "succeeded", f"the second recording was transcribed ({state})")
        return recording["id"]

    def download_exports(self, study_id: int) -> None:
        """Downloads the two-recording study in every format through the page, and opens each file."""
        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        self.find("#export-format")
        self.fits("study page with its export section")
        for format in FORMATS:
            before = set(self.downloads.iterdir())
            Select(self.find("#export-format")).select_by_value(format)
            self.find("#export-format-download").click()
            deadline = time.time() + 30
            new: list[Path] = []
            while time.time() < deadline:
                new = [p for p in set(self.downloads.iterdir()) - before if not p.name.endswith(".crdownload")]
                if new:
                    break
                time.sleep(0.2)
            suffix = ".zip" if format in PER_RECORDING else f".{format}"
            check(len(new) == 1 and new[0].suffix == suffix and new[0].stat().st_size > 0,
                  f"the {format} export downloads ({new[0].name if new else 'nothing'})")
            self.check_export(format, new[0])
            if format == "qdpx":
                with zipfile.ZipFile(new[0]) as archive:
                    names = archive.namelist()
                    check("project.qde" in names, f"the QDPX is a ZIP with project.qde ({names[:4]})")
                    project = archive.read("project.qde").decode()
                    check("vécu" in project, "the QDPX project holds the code made in the page")
            if format == "json":
                check("Corrected by the browser test" in new[0].read_text(), "the JSON export holds the corrected text")
        self.shot("11-study-exports")

    def schema_valid(self, data: bytes, schema: str, name: str) -> None:
        """Validates an XML document with xmllint against one of samples/schemas."""
        with tempfile.NamedTemporaryFile(suffix=".xml") as file:
            file.write(data)
            file.flush()
            result = subprocess.run(["xmllint", "--noout", "--schema", str(ROOT / "samples/schemas" / schema), file.name],
                                    capture_output=True, text=True)
        check(result.returncode == 0, f"{name} is valid against {schema} {result.stderr[-300:]}")

    def check_export(self, format: str, path: Path) -> None:
        """Opens a downloaded study export: ZIP entries, XML that parses, JSON with both recordings."""
        if format in PER_RECORDING:
            with zipfile.ZipFile(path) as archive:
                check(archive.testzip() is None, f"the {format} ZIP is sound")
                documents = [n for n in archive.namelist() if n.endswith("." + PER_RECORDING[format])]
                check(len(documents) == 2 and len(set(documents)) == 2,
                      f"the {format} study export holds one file per recording ({archive.namelist()})")
                for name in documents:
                    data = archive.read(name)
                    if format in ("eaf", "eaf-media"):
                        self.schema_valid(data, "EAFv3.0.xsd", name)
                        root = ElementTree.fromstring(data)
                        check(root.tag == "ANNOTATION_DOCUMENT" and root.find("TIER/ANNOTATION") is not None,
                              f"{name} is an ELAN document with annotations")
                        if format == "eaf-media":
                            link = root.find("HEADER/MEDIA_DESCRIPTOR").get("RELATIVE_MEDIA_URL")
                            media = urllib.parse.unquote(link.removeprefix("./"))
                            check(media in archive.namelist(), f"{name} links {media}, which is beside it in the ZIP")
                    elif format == "docx":
                        with zipfile.ZipFile(io.BytesIO(data)) as document:
                            body = ElementTree.fromstring(document.read("word/document.xml"))
                        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
                        texts = ["".join(t.text or "" for t in p.iter(w + "t")) for p in body.iter(w + "p")]
                        turns = [t for t in texts if re.search(r" \[\d\d:\d\d:\d\d\] ", t)]
                        check(len(texts) >= 3 and turns, f"{name} holds a title and timed speaker turns ({texts[:4]})")
                    else:
                        text = data.decode()
                        check(("-->" in text) if format in ("srt", "vtt") else ("[" in text),
                              f"{name} holds timed lines")
        elif format == "qdpx":
            with zipfile.ZipFile(path) as archive:
                self.schema_valid(archive.read("project.qde"), "REFI-Project.xsd", "the QDPX project")
        elif format == "json":
            document = json.loads(path.read_text())
            check(len(document["recordings"]) == 2, "the JSON export holds both recordings")
        elif format == "csv":
            check(path.read_text().startswith("code,code_path,coder,"), "the CSV export has its header")

    # --- issue 17, retrieval piece: search, coded segments, matrix, codebook, participants, deletion ---

    def upload_via_api(self, study_id: int, path: Path, title: str) -> dict:
        request = urllib.request.Request(
            f"{self.server.base}/studies/{study_id}/recordings?title={urllib.parse.quote(title)}", method="POST", data=path.read_bytes(),
            headers={"Authorization": f"Bearer {self.server.token}", "Content-Type": "application/octet-stream"})
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())

    def wait_for_player_at(self, seconds: float) -> float:
        player = "document.getElementById('player')"
        self.wait.until(lambda d: d.execute_script(f"return {player} && {player}.readyState >= 1"))
        self.wait.until(lambda d: abs(d.execute_script(f"return {player}.currentTime") - seconds) < 1.0)
        return self.js(f"return {player}.currentTime")

    def search_page(self, study_id: int, recording_id: int) -> None:
        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        self.find(".study-nav a[href$='/search']").click()
        field = self.find("#search-query")
        field.send_keys("ELEPHANT corrected")
        field.send_keys(Keys.ENTER)
        hit = self.find("#search-hits .hit")
        marks = [m.text for m in hit.find_elements(By.CSS_SELECTOR, "mark")]
        check(sorted(marks) == ["Corrected", "éléphant"], f"“ELEPHANT corrected” finds “éléphant” and “Corrected”, highlighted ({marks})")
        api_hits = self.server.api(f"/studies/{study_id}/search?q=ELEPHANT%20corrected")
        shown = len(self.driver.find_elements(By.CSS_SELECTOR, "#search-hits .hit"))
        check(shown == len(api_hits) == 1, f"the page lists the API's hits ({shown})")
        check("Entretien P-001" in hit.text, "a hit names its recording")
        self.shot("12-search")
        self.audit("search page")
        self.fits("search page")
        # FTS syntax typed by a user is plain text: an answer or a message, never a failure.
        for hostile in ['"(NEAR* -', "?!"]:
            field = self.find("#search-query")
            field.clear()
            field.send_keys(hostile)
            field.send_keys(Keys.ENTER)
            answer = "return document.getElementById('search-status').textContent || document.getElementById('search-error').textContent"
            self.wait.until(lambda d: d.execute_script(answer))
            message = self.js(answer)
            check(bool(message) and "500" not in message, f"the query {hostile!r} is answered ({message!r})")
        field = self.find("#search-query")
        field.clear()
        field.send_keys("elephant")
        field.send_keys(Keys.ENTER)
        link = self.find("#search-hits .play-link")
        start = api_hits[0]["start"]
        link.click()
        self.wait.until(lambda d: f"#/recordings/{recording_id}?t=" in d.current_url)
        at = self.wait_for_player_at(start)
        check(abs(at - start) < 1.0, f"a click on a hit opens the transcript and plays from {start:.1f} s ({at:.1f} s)")
        self.wait.until(lambda d: not d.execute_script("return document.getElementById('player').paused"))
        check(True, "the recording plays from the hit")
        self.js("document.getElementById('player').pause()")

    def participant_page(self, study_id: int) -> int:
        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        self.find("#participant-list a").click()
        self.find("#add-attribute")
        participant_id = int(re.search(r"#/participants/(\d+)", self.driver.current_url).group(1))
        for name, value, sensitive in [("sexe", "F", False), ("diagnostic", "asthme", True), ("âge", "41", False)]:
            self.find("#new-attribute-name").send_keys(name)
            self.find("#new-attribute-value").send_keys(value)
            if sensitive:
                self.find("#new-attribute-sensitive").click()
            self.find("#add-attribute button[type=submit]").click()
            self.wait.until(lambda d: name in d.find_element(By.ID, "attribute-table").text)
        attributes = {a["name"]: a for a in self.server.api(f"/participants/{participant_id}")["attributes"]}
        check(attributes["sexe"]["value"] == "F" and not attributes["sexe"]["isSensitive"], "a case attribute is added in the page")
        check(attributes["diagnostic"]["isSensitive"], "a sensitive attribute is marked in the page")
        row = self.find("#attribute-table tr[data-attribute='âge']")
        value = row.find_element(By.CSS_SELECTOR, "input:not([type=checkbox])")
        value.clear()
        value.send_keys("42")
        row.find_element(By.CSS_SELECTOR, "button").click()
        self.wait.until(lambda d: any(a["name"] == "âge" and a["value"] == "42" for a in self.server.api(f"/participants/{participant_id}")["attributes"]))
        check(True, "an attribute's value is changed in the page")
        self.find("#attribute-table tr[data-attribute='âge'] button.quiet").click()
        self.wait.until(lambda d: all(a["name"] != "âge" for a in self.server.api(f"/participants/{participant_id}")["attributes"]))
        check(True, "an attribute is removed in the page")
        self.shot("13-participant")
        self.audit("participant page")
        self.fits("participant page")
        return participant_id

    def identity_panel(self, participant_id: int) -> None:
        """Issue 20, identity vault: the participant's real identity set, read again and deleted in the
        admins' panel of the participant's page; it is fetched only when asked, and every access is in
        the audit log without the words."""
        self.driver.get(f"{self.server.base}/#/participants/{participant_id}")
        self.find("#identity-show").click()
        self.wait.until(lambda d: d.find_element(By.ID, "identity-form").is_displayed())
        self.find("#identity-full-name").send_keys("Maëlys Quelennec")
        self.find("#identity-other-names").send_keys("Yannick Kerdraon")
        self.find("#identity-phone").send_keys("06 98 76 54 32")
        self.find("#identity-save").click()
        self.wait.until(lambda d: d.find_element(By.ID, "identity-status").text in ("Identity saved.", "Identité enregistrée."))
        stored = self.server.api(f"/participants/{participant_id}/identity")["identity"]
        check(stored["fullName"] == "Maëlys Quelennec" and stored["otherNames"] == ["Yannick Kerdraon"] and stored["phone"] == "06 98 76 54 32",
              f"the identity is saved from the page ({stored})")
        self.driver.refresh()
        self.find("#identity-show")
        check("Quelennec" not in self.find("main").text, "the identity is not shown before it is asked for")
        self.find("#identity-show").click()
        self.wait.until(lambda d: d.find_element(By.ID, "identity-full-name").get_attribute("value") == "Maëlys Quelennec")
        check(self.find("#identity-other-names").get_attribute("value") == "Yannick Kerdraon", "the identity is read again in the page")
        self.shot("13-identity")
        self.audit("identity panel")
        self.find("#identity-delete").click()
        self.wait.until(lambda d: d.find_element(By.ID, "identity-status").text in ("Identity deleted.", "Identité supprimée."))
        try:
            self.server.api(f"/participants/{participant_id}/identity")
            raise Failure("the identity is still in the vault after its deletion in the page")
        except urllib.error.HTTPError as error:
            check(error.code == 404, f"the identity is deleted from the page ({error.code})")
        events = [e for e in self.server.api("/audit?limit=5000") if e["action"].startswith("identity.")]
        actions = [e["action"] for e in events]
        check(actions.count("identity.write") == 1 and actions.count("identity.delete") == 1 and actions.count("identity.read") >= 3,
              f"each access to the identity is in the audit log ({actions})")
        check(not any(word in json.dumps(events, ensure_ascii=False) for word in ("Quelennec", "Kerdraon", "06 98 76 54 32")),
              "the audit log holds none of the identity's words")

    def coded_segments_page(self, study_id: int, recording_id: int, coder_token: str | None) -> None:
        codes = {c["name"]: c for c in self.server.api(f"/studies/{study_id}/codes")}
        code = codes["vécu"]
        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        self.find(".study-nav a[href$='/codings']").click()
        Select(self.find("#retrieval-code")).select_by_value(str(code["id"]))
        self.wait.until(lambda d: "2" in d.find_element(By.ID, "retrieval-status").text)
        api_segments = self.server.api(f"/studies/{study_id}/codings?code={code['id']}&includeSubcodes=true")
        items = self.driver.find_elements(By.CSS_SELECTOR, "#coded-segments .hit")
        check(len(items) == len(api_segments) == 2, f"every segment coded “vécu” is listed ({len(items)})")
        check("Corrected by" in items[0].text and "Entretien P-001" in items[0].text and "P-001" in items[0].text,
              "each coded segment shows its text, recording and case")
        sexe = next(s for s in self.driver.find_elements(By.CSS_SELECTOR, "select[id^=retrieval-attribute-]") if s.get_attribute("data-name") == "sexe")
        Select(sexe).select_by_value("F")
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#coded-segments .hit")) == 2)
        check(len(self.server.api(f"/studies/{study_id}/codings?code={code['id']}&attribute=sexe:F")) == 2, "the attribute filter sexe = F keeps P-001's segments")
        Select(self.find("#retrieval-coder")).select_by_visible_text("Second Coder")
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#coded-segments .hit")) == 1)
        check("Second Coder" in self.find("#coded-segments .hit").text, "the coder filter keeps the second coder's segment")
        self.shot("14-coded-segments")
        self.audit("coded segments page")
        self.fits("coded segments page")
        start = api_segments[0]["startTime"]
        self.find("#coded-segments .play-link").click()
        self.wait.until(lambda d: f"#/recordings/{recording_id}?t=" in d.current_url)
        at = self.wait_for_player_at(start)
        check(abs(at - start) < 1.0, f"a click on a coded segment plays the recording from {start:.1f} s ({at:.1f} s)")
        self.js("document.getElementById('player').pause()")

    def matrix_page(self, study_id: int) -> None:
        self.driver.get(f"{self.server.base}/#/studies/{study_id}/matrix")
        table = self.find("#code-matrix")
        matrix = self.server.api(f"/studies/{study_id}/matrix")
        row = next(r for r in matrix["rows"] if r["name"] == "vécu")
        column = next(i for i, p in enumerate(matrix["participants"]) if p["pseudonym"] == "P-001")
        check(row["counts"][column] == 2, f"the API counts 2 segments coded “vécu” for P-001 ({row['counts']})")
        cell = table.find_element(By.CSS_SELECTOR, f"tr[data-code='{row['codeID']}'] td:nth-of-type({column + 1}) button")
        check(cell.text == "2", f"the matrix cell shows 2 ({cell.text!r})")
        totals = [td.text for td in table.find_elements(By.CSS_SELECTOR, "tfoot td")]
        check(totals[column] == str(matrix["participants"][column]["total"]), f"the column total is shown ({totals})")
        cell.click()
        self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#matrix-detail .hit")) == 2)
        check(True, "a click on the cell lists its 2 segments")
        self.full_shot("15-matrix")
        self.audit("matrix page")
        self.fits("matrix page")

    def codebook_page(self, study_id: int, transcript_id: int) -> None:
        codes = {c["name"]: c for c in self.server.api(f"/studies/{study_id}/codes")}
        # A duplicate code, with the same span coded by the same person, to merge into "vécu".
        twin = self.server.api(f"/studies/{study_id}/codes", "POST", {"name": "vécu (doublon)", "color": "#9467BD"})
        vecu = next(c for c in self.server.api(f"/transcripts/{transcript_id}/codings") if c["codeID"] == codes["vécu"]["id"] and c["coderID"] == self.me_id())
        self.server.api(f"/transcripts/{transcript_id}/codings", "POST", {"codeID": twin["id"], "charStart": vecu["charStart"], "charEnd": vecu["charEnd"]})
        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        self.find("#manage-codebook").click()
        self.find("#codebook-tree")
        # Edit: definition, colour, parent.
        douleur = codes["douleur"]
        self.find(f"li[data-code='{douleur['id']}'] .code-actions button").click()
        self.find(f"#code-{douleur['id']}-details").send_keys("Toute expression de douleur physique.")
        Select(self.find(f"#code-{douleur['id']}-parent")).select_by_value(str(codes["vécu"]["id"]))
        self.find(f"li[data-code='{douleur['id']}'] form button[type=submit]").click()
        self.wait.until(lambda d: self.server.api(f"/studies/{study_id}/codes") and
                        next(c for c in self.server.api(f"/studies/{study_id}/codes") if c["id"] == douleur["id"])["parentID"] == codes["vécu"]["id"])
        edited = next(c for c in self.server.api(f"/studies/{study_id}/codes") if c["id"] == douleur["id"])
        check(edited["details"] == "Toute expression de douleur physique.", "a code's definition and parent are edited in the page")
        # Merge the duplicate into "vécu": its coding collapses into the one already there.
        before = len(self.server.api(f"/transcripts/{transcript_id}/codings"))
        self.find(f"li[data-code='{twin['id']}'] .code-actions button:nth-child(2)").click()
        Select(self.find(f"#merge-{twin['id']}")).select_by_value(str(codes["vécu"]["id"]))
        self.find(f"li[data-code='{twin['id']}'] form button[type=submit]").click()
        status = self.wait.until(lambda d: "merged" in d.find_element(By.ID, "codebook-status").text and d.find_element(By.ID, "codebook-status").text)
        after = self.server.api(f"/transcripts/{transcript_id}/codings")
        check(len(after) == before - 1 and all(c["codeID"] != twin["id"] for c in after),
              f"merging collapses the same coder's duplicate ({status!r})")
        # Delete a code with a sub-code: the confirmation says what goes.
        doomed = self.server.api(f"/studies/{study_id}/codes", "POST", {"name": "à supprimer", "color": "#8C564B"})
        self.server.api(f"/studies/{study_id}/codes", "POST", {"name": "sous-code", "color": "#8C564B", "parentID": doomed["id"]})
        self.driver.refresh()
        self.find(f"li[data-code='{doomed['id']}'] .code-actions button:nth-child(3)").click()
        confirm = self.find(f"li[data-code='{doomed['id']}'] .confirm")
        check("1 sub-code" in confirm.text and "0 coding" in confirm.text, f"the delete confirmation says what goes ({confirm.text[:90]!r})")
        self.shot("16-codebook-delete")
        self.find(f"#confirm-delete-{doomed['id']}").click()
        self.wait.until(lambda d: all(c["name"] != "à supprimer" for c in self.server.api(f"/studies/{study_id}/codes")))
        check(True, "the code and its sub-code are deleted from the page")
        # Export the .qdc, then import a codebook from another tool.
        before_files = set(self.downloads.iterdir())
        self.find("#qdc-export").click()
        deadline = time.time() + 30
        new: list[Path] = []
        while time.time() < deadline and not new:
            new = [p for p in set(self.downloads.iterdir()) - before_files if not p.name.endswith(".crdownload")]
            time.sleep(0.2)
        check(len(new) == 1 and new[0].suffix == ".qdc" and "vécu" in new[0].read_text(), "the codebook downloads as .qdc")
        qdc = self.downloads / "autre-logiciel.qdc"
        qdc.write_text('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder"><Codes>'
                       '<Code guid="00000000-0000-4000-8000-000000000001" name="Parcours" isCodable="true" color="#17BECF">'
                       '<Description>Étapes du parcours de soins.</Description>'
                       '<Code guid="00000000-0000-4000-8000-000000000002" name="Diagnostic" isCodable="true"/></Code></Codes></CodeBook>\n')
        self.find("#qdc-file").send_keys(str(qdc))
        self.find("#qdc-import button[type=submit]").click()
        self.wait.until(lambda d: "Diagnostic" in d.find_element(By.ID, "codebook-tree").text)
        imported = {c["name"]: c for c in self.server.api(f"/studies/{study_id}/codes")}
        check(imported["Diagnostic"]["parentID"] == imported["Parcours"]["id"], "a .qdc codebook is imported with its hierarchy")
        project = self.downloads / "projet.qdc"
        project.write_text('<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Autre"/>\n')
        self.find("#qdc-file").send_keys(str(project))
        self.find("#qdc-import button[type=submit]").click()
        error = self.wait.until(lambda d: d.find_element(By.ID, "qdc-error").text)
        check("CodeBook" in error, f"a file that is not a codebook is refused with a message ({error[:70]!r})")
        self.full_shot("17-codebook")
        self.audit("codebook page")
        self.fits("codebook page")

    def resumable_upload(self, study_id: int) -> None:
        """Uploads a 34 MB recording through the page (tus, 8 MiB PATCHes) on a throttled network,
        cuts the network in the middle, and checks that the upload resumes by itself when the
        network comes back and stores exactly the file."""
        folder = Path(tempfile.mkdtemp(prefix="verbatim-resumable-"))
        big, digest = long_wav(folder / "appel-video-long.wav", 37)
        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        self.find("#upload-form")
        self.driver.execute_cdp_cmd("Network.enable", {})
        throttled = {"offline": False, "latency": 5, "downloadThroughput": -1, "uploadThroughput": 4 * 1024 * 1024}
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", throttled)
        self.find("#upload-file").send_keys(str(big))
        self.find("#upload-title").send_keys("Appel repris")
        self.find("#upload-form button[type=submit]").click()
        WebDriverWait(self.driver, 60).until(lambda d: int(d.find_element(By.ID, "upload-progress").get_attribute("value") or 0) >= 30)
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {**throttled, "offline": True})
        cut_at = int(self.find("#upload-progress").get_attribute("value"))
        WebDriverWait(self.driver, 30).until(lambda d: "resumes by itself" in d.find_element(By.ID, "upload-status").text)
        self.shot("05-upload-interrupted")
        time.sleep(3)
        check(not any(r["title"] == "Appel repris" for r in self.server.api(f"/studies/{study_id}/recordings")),
              "while the network is down the recording is not stored")
        check(cut_at < 100, f"the network was cut in the middle of the upload ({cut_at} %)")
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {**throttled, "offline": False, "uploadThroughput": -1})
        WebDriverWait(self.driver, 120).until(lambda d: "Appel repris" in d.find_element(By.ID, "upload-status").text)
        stored = [r for r in self.server.api(f"/studies/{study_id}/recordings") if r["title"] == "Appel repris"]
        check(len(stored) == 1 and stored[0]["fileHash"] == digest,
              f"after the network came back the upload finished by itself with the file's SHA-256 ({stored})")
        check(self.js("return Object.keys(localStorage).filter((k) => k.startsWith('verbatim.upload.')).length") == 0,
              "the finished upload is forgotten by the page")
        # A page reloaded in the middle of an upload: choosing the same file again resumes it.
        again, digest = long_wav(folder / "appel-recharge.wav", 41)
        def creations() -> int:
            after, count = 0, 0
            while page := self.server.api(f"/audit?after={after}&limit=1000"):
                count += sum(1 for e in page if e["action"] == "upload.create")
                after = page[-1]["id"]
            return count
        created = creations()
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", throttled)
        self.find("#upload-file").send_keys(str(again))
        self.find("#upload-title").send_keys("Appel rechargé")
        self.find("#upload-form button[type=submit]").click()
        WebDriverWait(self.driver, 60).until(lambda d: int(d.find_element(By.ID, "upload-progress").get_attribute("value") or 0) >= 30)
        self.driver.refresh()
        self.find("#upload-file").send_keys(str(again))
        self.find("#upload-title").send_keys("Appel rechargé")
        self.find("#upload-form button[type=submit]").click()
        resumed = WebDriverWait(self.driver, 30).until(
            lambda d: re.search(r"(\d+) % already sent", d.find_element(By.ID, "upload-status").text))
        check(int(resumed.group(1)) >= 20, f"after a reload the page resumes the earlier upload of the file ({resumed.group(0)})")
        self.driver.execute_cdp_cmd("Network.emulateNetworkConditions", {**throttled, "uploadThroughput": -1})
        WebDriverWait(self.driver, 120).until(lambda d: "Appel rechargé" in d.find_element(By.ID, "upload-status").text)
        stored = [r for r in self.server.api(f"/studies/{study_id}/recordings") if r["title"] == "Appel rechargé"]
        check(len(stored) == 1 and stored[0]["fileHash"] == digest, "the resumed upload stored the file with its SHA-256")
        check(creations() == created + 1,
              "the reloaded page went on with its upload instead of creating another")
        self.driver.execute_cdp_cmd("Network.disable", {})
        shutil.rmtree(folder, ignore_errors=True)

    def recording_links_and_deletion(self, study_id: int, participant_id: int) -> None:
        video = self.upload_via_api(study_id, ROOT / "samples/speech/video_nasa_13013.mp4", "Vidéo à effacer")
        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        row = self.find(f"#recording-rows tr[data-recording='{video['id']}']")
        check("0:13" in row.text, f"a video lists the duration of its sound, 0:13, not its container's 0:16 ({row.text!r})")
        row.find_element(By.CSS_SELECTOR, "a").click()
        self.find("#link-form")
        Select(self.find("#link-participant")).select_by_value(str(participant_id))
        Select(self.find("#link-role")).select_by_value("caregiver")
        self.find("#link-form button[type=submit]").click()
        self.wait.until(lambda d: "P-001" in d.find_element(By.ID, "recording-participants").text)
        links = self.server.api(f"/recordings/{video['id']}/participants")
        check(links == [{"recordingID": video["id"], "participantID": participant_id, "role": "caregiver"}],
              "the recording is linked to P-001 as caregiver in the page")
        self.find("#delete-recording").click()
        plan = self.find("#delete-plan")
        check("Vidéo à effacer" in plan.text and "media file" in plan.text, f"the confirmation says what goes ({plan.text[:80]!r}…)")
        self.find("#delete-reason").send_keys("demande d'effacement de P-001")
        self.shot("18-recording-delete")
        self.audit("recording deletion confirmation")
        self.find("#confirm-delete-recording").click()
        self.wait.until(lambda d: d.current_url.endswith(f"#/studies/{study_id}"))
        self.find("#recording-rows")
        try:
            self.server.api(f"/recordings/{video['id']}")
            raise Failure("the deleted recording still answers")
        except urllib.error.HTTPError as error:
            check(error.code == 404, "the recording is gone from the API")
        events = [e for e in self.server.api("/audit?limit=1000") if e["action"] == "recording.delete"]
        check(len(events) == 1 and "Vidéo" not in events[0]["details"], "an audit event without the title records the deletion")
        check(any(p["id"] == participant_id for p in self.server.api(f"/studies/{study_id}/participants")), "the participant stays")

    def strings_complete(self) -> None:
        keys = self.driver.execute_async_script(
            "const done = arguments[0]; import('/web/i18n.js').then((m) => done(m.keys())).catch((e) => done(String(e)))")
        check(isinstance(keys, dict) and set(keys["en"]) == set(keys["fr"]),
              f"English and French have the same strings ({sorted(set(keys['en']) ^ set(keys['fr'])) if isinstance(keys, dict) else keys})")

    def pseudonymisation_review(self, recording_id: int) -> None:
        """Issue 20: the detector's proposals reviewed in the recording's page, each highlighted with its
        kind; one accepted, one kept; a name the detector missed marked by hand; the pseudonymised text."""
        current = self.server.api(f"/recordings/{recording_id}/transcript")
        said = "Kerbrat m'a dit que le docteur Kerhervé m'a reçue au CHU de Nantes, rappelez-moi au 06 12 34 56 78."
        version = self.server.api(f"/transcripts/{current['transcript']['id']}/versions", "POST", {"edits": [{"index": 0, "text": said}]})
        transcript_id = version["transcript"]["id"]
        self.driver.get(f"{self.server.base}/#/recordings/{recording_id}")
        self.driver.refresh()
        self.wait.until(lambda d: "Kerbrat" in d.find_element(By.CSS_SELECTOR, "#segment-0 .segment-text").text)
        print("  ..  the new version is shown; proposing", flush=True)
        self.find("#propose-redactions").click()
        try:
            self.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#redaction-list li.redaction")) >= 3)
        except TimeoutException:
            shown = self.js("return document.querySelector('#pseudonymisation').textContent")
            raise Failure(f"no proposals in the page: {shown!r}")
        marked = self.js("return [...document.querySelectorAll('#redaction-list mark.identifier')].map(m => [m.textContent, m.className])")
        for text, kind in [("Kerhervé", "kind-person"), ("CHU de Nantes", "kind-institution"), ("06 12 34 56 78", "kind-phone")]:
            check(any(t == text and kind in c for t, c in marked), f"the page proposes {text!r} highlighted as {kind} ({marked})")
        check(not any(t == "Kerbrat" for t, _ in marked), "a name outside the gazetteer at the start of a sentence is not proposed")
        self.shot("20-pseudonymisation-proposed")
        spans = {s["text"]: s for s in self.server.api(f"/transcripts/{transcript_id}/redactions")}

        def decide(span_id: int, button: str) -> None:
            self.find(f"li[data-redaction='{span_id}'] .{button}-redaction").click()
            state = "accepted" if button == "accept" else "rejected"
            self.wait.until(lambda d: state in d.find_element(By.CSS_SELECTOR, f"li[data-redaction='{span_id}']").get_attribute("class"))

        decide(spans["Kerhervé"]["id"], "accept")
        decide(spans["CHU de Nantes"]["id"], "accept")
        decide(spans["06 12 34 56 78"]["id"], "reject")
        # What the detector proposed in the recording's other segments is kept, so that nothing waits.
        for span in self.server.api(f"/transcripts/{transcript_id}/redactions"):
            if span["state"] == "proposed":
                decide(span["id"], "reject")
        # The name it missed: selected in the transcript, marked as a person.
        self.select_text(0, len("Kerbrat"))
        Select(self.find("#redaction-kind")).select_by_value("person")
        self.find("#mark-redaction").click()
        self.wait.until(lambda d: any(s["text"] == "Kerbrat" for s in self.server.api(f"/transcripts/{transcript_id}/redactions")))
        self.wait.until(lambda d: "0 of" in d.find_element(By.ID, "redaction-status").text)
        self.shot("21-pseudonymisation-reviewed")
        self.audit("pseudonymisation review")
        text = self.server.api(f"/transcripts/{transcript_id}/pseudonymised")
        expected = "[Personne B] m'a dit que le docteur [Personne A] m'a reçue au [Établissement 1], rappelez-moi au 06 12 34 56 78."
        check(text["segments"][0] == expected and text["pending"] == 0,
              f"the pseudonymised text has the decisions of the page ({text['segments'][0]!r}, {text['pending']} pending)")
        decisions = [e for e in self.server.api("/audit?limit=2000") if e["action"] in ("redaction.decide", "redaction.mark")]
        check(len(decisions) >= 4, f"every decision is in the audit log ({len(decisions)})")

    def coder_sees_pseudonyms(self, study_id: int, recording_id: int) -> None:
        """Issue 20: the study admin ticks "pseudonymised for coders"; a coder's recording page shows the
        pseudonyms, no name and no player, and a span she codes on a pseudonym is stored on the name."""
        admin_token = self.server.token
        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        self.find("#pseudonymised-coders").click()
        self.wait.until(lambda d: self.server.api(f"/studies/{study_id}").get("pseudonymisedForCoders") is True)
        check(True, "the study admin turns 'pseudonymised for coders' on in the study page")
        made = self.server.api("/users", "POST", {"name": "Coder Chloé", "email": "chloe@example.org"})
        self.server.api(f"/studies/{study_id}/members/{made['user']['id']}", "PUT", {"role": "coder"})
        self.sign_in_as(made["token"], "Coder Chloé", recording_id)
        shown = self.find("#segment-0 .segment-text").text
        check(shown.startswith("[Personne B] m'a dit que le docteur [Personne A]"), f"the coder reads the pseudonyms ({shown!r})")
        page = self.js("return document.querySelector('main').textContent")
        for word in ["Kerbrat", "Kerhervé", "Nantes"]:
            check(word not in page, f"{word!r} is nowhere in the coder's page")
        check(self.find("#media-refused").is_displayed() and not self.driver.find_elements(By.ID, "player"),
              "the coder gets no player, and is told why")
        code = self.server.api(f"/studies/{study_id}/codes")[0]["name"]
        self.code_as(code, 0, len("[Personne B]"))
        self.shot("22-coder-pseudonymised")
        self.audit("transcript page of a coder of a study pseudonymised for coders")
        detail = self.server.api(f"/recordings/{recording_id}/transcript")
        latest = max(self.server.api(f"/transcripts/{detail['transcript']['id']}/codings"), key=lambda c: c["id"])
        original = detail["transcript"]["text"][latest["charStart"]:latest["charEnd"]]
        check(original == "Kerbrat", f"the coding made on the pseudonym covers the name in the original ({original!r})")
        self.server.api(f"/studies/{study_id}", "PATCH", {"pseudonymisedForCoders": False})
        self.sign_in_as(admin_token, "Browser Test", recording_id)

    def retention_page(self, study_id: int, recording_id: int) -> None:
        """Issue 20: the study's retention page. The reviewed version is validated; the admin sets a rule
        (0 days, a redacted copy with silence), reads the schedule, applies it now; the original goes and
        the copy plays. The rule is removed again so that the later steps keep their media."""
        current = self.server.api(f"/recordings/{recording_id}/transcript")
        self.server.api(f"/transcripts/{current['transcript']['id']}/status", "PUT", {"status": "reviewed"})
        self.driver.get(f"{self.server.base}/#/studies/{study_id}")
        self.find("nav.study-nav a[href$='/retention']").click()
        self.find("#retention-rule")
        self.find("#retention-days").send_keys("0")
        self.find("#retention-keep").click()
        Select(self.find("#retention-fill")).select_by_value("silence")
        self.find("#retention-save").click()
        row = f"#retention-schedule tr[data-recording='{recording_id}']"
        self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, row).get_attribute("data-state") == "due")
        self.shot("22-retention-due")
        self.audit("retention page")
        self.find("#retention-run").click()
        self.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, row).get_attribute("data-state") == "removed")
        shown = self.find(row).text
        check("redacted copy kept" in shown, f"the schedule says the redacted copy is kept ({shown!r})")
        recording = self.server.api(f"/recordings/{recording_id}")
        check(recording.get("mediaRemovedAt") is not None, "the recording says when its original was deleted")
        played = self.raw(f"/recordings/{recording_id}/media")
        check(played[:4] == b"fLaC", f"the recording now plays its redacted FLAC copy ({played[:4]!r})")
        removed = [e for e in self.server.api("/audit?limit=5000") if e["action"] == "recording.media-removed"]
        check(len(removed) == 1, f"the deletion is in the audit log ({len(removed)})")
        self.server.api(f"/studies/{study_id}/retention", "PUT", {"days": None})
        self.shot("23-retention-removed")

    def switch_language(self, recording_id: int) -> None:
        self.driver.get(f"{self.server.base}/#/recordings/{recording_id}")
        self.find("#transcript .segment")
        Select(self.find("#language-switch")).select_by_value("fr")
        self.wait.until(lambda d: d.find_element(By.ID, "apply-coding").text == "Coder la sélection")
        check(self.js("return document.documentElement.lang") == "fr", "the page is marked as French")
        check("Raccourcis clavier" in self.find(".shortcut-help summary").text, "the shortcuts are listed in French")
        check(self.find("#sign-out").text == "Se déconnecter", "the header is in French")
        byline = self.find("#memo-list .memo-byline").text
        month = self.js("return new Intl.DateTimeFormat('fr', { month: 'short' }).format(new Date())")
        check(byline.startswith("Browser Test · ") and month in byline, f"a memo shows its author and date in French ({byline!r})")
        self.full_shot("09-transcript-fr")
        self.audit("French transcript page")
        Select(self.find("#language-switch")).select_by_value("en")
        self.wait.until(lambda d: d.find_element(By.ID, "apply-coding").text == "Code the selection")


# The fake microphone of the recording step: one read sentence (refs/…txt) and a 1.5 s pause,
# 13 s that Chromium loops, so that each part recorded (≥ 15 s) holds the whole sentence.
RECORDED_SAMPLE = "en_librispeech_2412-153948-0000"
FAKE_MEDIA = ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream")
OFFLINE = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
ONLINE = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
# Counts the chunks and captures the page keeps in IndexedDB (read directly, not through the page's module).
COUNT_KEPT = """
const done = arguments[0];
const open = indexedDB.open('verbatim-capture');
open.onerror = () => done(null);
open.onsuccess = () => {
  const db = open.result;
  if (!db.objectStoreNames.contains('chunks')) { db.close(); done(null); return; }
  const tx = db.transaction(['chunks', 'captures']);
  const chunks = tx.objectStore('chunks').count();
  const captures = tx.objectStore('captures').count();
  tx.oncomplete = () => { db.close(); done([chunks.result, captures.result]); };
};
"""


def words(text: str) -> list[str]:
    """Lower-case words without punctuation (apostrophes kept inside words)."""
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


def record_interview(server: Server, downloads: Path, study_id: int) -> None:
    """Records an interview in the page from Chromium's fake microphone (a looped sample of known text):
    consent first, then ≥ 30 s of recording during which the network is cut for 8 s (chunks pile up in
    IndexedDB and the page says so) and the page is reloaded while chunk uploads fail (a killed page:
    it offers to resume, resumes in a new part and sends what IndexedDB held); then stops, and checks
    through the API the stored recording's duration against the time the test recorded, its consent,
    the audit event, and the final transcript's words against the sample's reference text."""
    started = time.time()
    folder = Path(tempfile.mkdtemp(prefix="verbatim-fake-mic-"))
    wav = interview(server.verbatim, folder, [f"{RECORDED_SAMPLE}.flac"], "fake-microphone.wav", minimum=12)
    driver = chromium(downloads, "en-US,en", FAKE_MEDIA + (f"--use-file-for-fake-audio-capture={wav}",))
    pages = Pages(driver, server, downloads)
    try:
        driver.get(server.base + "/")
        pages.find("#email").send_keys(ADMIN_EMAIL)
        pages.find("#password").send_keys(ADMIN_PASSWORD + Keys.ENTER)
        pages.find("#study-list")
        driver.get(f"{server.base}/#/studies/{study_id}")
        pages.find("#record-link").click()
        pages.find("#record-setup")
        check(driver.current_url.endswith(f"#/studies/{study_id}/record"), "the study page links to its recording page")
        start = pages.find("#record-start")
        pages.wait.until(lambda d: d.find_element(By.ID, "record-microphone").find_elements(By.TAG_NAME, "option")[1:])
        check(not start.is_enabled(), "the Record button stays disabled until the consent is confirmed")
        pages.wait.until(lambda d: float(d.find_element(By.ID, "input-level").get_attribute("value")) > 0.2)
        check(True, "the input level meter moves with the fake microphone's speech")
        labels = pages.js("return [...document.querySelectorAll('#record-microphone option')].map(o => o.textContent)")
        check(len(labels) >= 2 and all(labels), f"the microphones are listed by name after the permission ({labels})")
        pages.audit("record page")
        pages.reachable_by_tab("record page", ["#consent-confirmed", "#consent-note", "#record-title", "#record-microphone", "#record-video"])
        title = pages.find("#record-title")
        title.clear()
        title.send_keys("Entretien enregistré P-001")
        Select(pages.find("#record-participant")).select_by_visible_text("P-001")
        Select(pages.find("#record-language")).select_by_value("en")
        pages.find("#consent-note").send_keys("consent read aloud at 0:00")
        pages.find("#consent-confirmed").click()
        pages.wait.until(lambda d: start.is_enabled())
        pages.shot("20-record-consent")
        start.click()
        first_start = time.time()
        pages.wait.until(lambda d: d.find_element(By.ID, "record-controls").get_attribute("data-state") == "recording")
        captures = server.api(f"/studies/{study_id}/captures?state=recording")
        check(len(captures) == 1 and captures[0]["title"] == "Entretien enregistré P-001", "the capture exists on the server while recording")
        capture_id = captures[0]["id"]
        check(captures[0]["consentBy"] == pages.me_id() and captures[0]["consentNote"] == "consent read aloud at 0:00",
              "the capture carries who confirmed the consent and the note")

        # The network drops for 8 s: the chunks stay in IndexedDB and the page says they wait.
        time.sleep(4)
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", OFFLINE)
        offline_at = time.time()
        before = server.api(f"/captures/{capture_id}")["chunkCount"]
        pages.wait.until(lambda d: (d.execute_async_script(COUNT_KEPT) or [0])[0] >= 2
                         and d.find_element(By.ID, "upload-status").get_attribute("data-retrying") == "true")
        status = pages.find("#upload-status").text
        kept = driver.execute_async_script(COUNT_KEPT)[0]
        check("connection lost" in status and str(kept) in status, f"offline, {kept} chunks wait in IndexedDB and the page says so ({status!r})")
        pages.shot("21-record-offline")
        time.sleep(max(0.0, 8 - (time.time() - offline_at)))
        check(server.api(f"/captures/{capture_id}")["chunkCount"] == before, "nothing reached the server while offline")
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", ONLINE)
        pages.wait.until(lambda d: driver.execute_async_script(COUNT_KEPT)[0] <= 1
                         and d.find_element(By.ID, "upload-status").get_attribute("data-retrying") == "false")
        check(server.api(f"/captures/{capture_id}")["chunkCount"] > before, "back online, the waiting chunks reached the server")

        # The page dies while chunk uploads fail: what IndexedDB holds must survive it.
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": [f"*/captures/{capture_id}/chunks/*"]})
        pages.wait.until(lambda d: (d.execute_async_script(COUNT_KEPT) or [0])[0] >= 1)
        time.sleep(max(0.0, 19 - (time.time() - first_start)))
        first_part = time.time() - first_start
        driver.refresh()
        offer = pages.find(f"#resume-{capture_id}")
        held = driver.execute_async_script(COUNT_KEPT)
        check(held is not None and held[0] >= 1, f"after the reload IndexedDB still holds {held and held[0]} chunk(s) of the capture")
        check("Resume the recording “Entretien enregistré P-001”" in offer.text, f"the page offers to resume the recording ({offer.text!r})")
        pages.shot("22-record-resume-offer")
        pages.audit("record page with a resume offer")
        pages.wait.until(lambda d: d.find_element(By.ID, "record-microphone").find_elements(By.TAG_NAME, "option")[1:])
        offer.click()
        second_start = time.time()
        pages.wait.until(lambda d: d.find_element(By.ID, "record-controls").get_attribute("data-state") == "recording")
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        check(pages.find("#consent-confirmed").get_attribute("checked") is not None and "Browser Test" in pages.find("#consent-given").text,
              "the resumed recording shows its consent as confirmed, by whom")
        time.sleep(4)
        pause = pages.find("#record-pause")
        pause.click()
        paused_at = time.time()
        pages.wait.until(lambda d: d.find_element(By.ID, "record-controls").get_attribute("data-state") == "paused")
        check(pause.text == "Resume", "Pause turns into Resume")
        time.sleep(2)
        pause.click()
        second_start += time.time() - paused_at
        pages.wait.until(lambda d: d.find_element(By.ID, "record-controls").get_attribute("data-state") == "recording")
        time.sleep(max(0.0, 16 - (time.time() - second_start)))
        pages.shot("23-record-recording")
        pages.find("#record-stop").click()
        second_part = time.time() - second_start
        recorded = first_part + second_part
        check(recorded >= 30, f"the test recorded {recorded:.1f} s ({first_part:.1f} s, reload, {second_part:.1f} s)")
        link = pages.find("#recording-link", timeout=60)
        recording_id = int(re.search(r"#/recordings/(\d+)", link.get_attribute("href")).group(1))
        pages.shot("24-record-saved")
        pages.audit("record page after stopping")

        capture = server.api(f"/captures/{capture_id}")
        check(capture["state"] == "finished" and capture["recordingID"] == recording_id and capture["parts"] == 2,
              f"the capture is finished into recording {recording_id} from 2 parts ({capture['state']}, {capture['parts']} parts)")
        kept = driver.execute_async_script(COUNT_KEPT)
        check(kept == [0, 0], f"nothing of the capture is left in IndexedDB ({kept})")
        recording = server.api(f"/recordings/{recording_id}")
        duration = recording["duration"]
        # One chunk (3 s) of tolerance, plus the chunk in flight when the page died (≤ 3 s, lost).
        check(recorded - 6.5 <= duration <= recorded + 3,
              f"the stored recording lasts {duration:.1f} s for {recorded:.1f} s recorded (within a chunk plus the one lost at the reload)")
        check(recording.get("consentBy") == pages.me_id() and recording.get("consentAt"),
              f"the recording keeps who confirmed the consent and when ({recording.get('consentBy')}, {recording.get('consentAt')})")
        events = [e for e in server.api("/audit?limit=1000") if e["action"] == "capture.consent"]
        check(len(events) == 1 and events[0]["actorID"] == pages.me_id() and events[0]["targetID"] == capture_id,
              "the consent confirmation is an audit event capture.consent by the recording user on the capture")

        live = None
        try:
            live = server.api(f"/captures/{capture_id}/live")
        except urllib.error.HTTPError as error:
            print(f"  --  no live transcript yet (GET /captures/{{id}}/live answers {error.code}): its check is left out", flush=True)
        if live is not None:
            shown = pages.js("return [...document.querySelectorAll('#live-segments .live-text')].map((e) => e.textContent)")
            stored = [segment["text"] for segment in live["segments"]]
            # Segments are only appended: the page shows what the server had when it last asked, in order.
            check(shown == stored[:len(shown)] and (len(shown) > 0 or not stored),
                  f"the page shows the live transcript's segments in order ({len(shown)} of {len(stored)})")

        reference = set(words((ROOT / "samples/speech/refs" / f"{RECORDED_SAMPLE}.txt").read_text()))
        deadline = time.time() + 120
        transcript = None
        while time.time() < deadline and transcript is None:
            try:
                transcript = server.api(f"/recordings/{recording_id}/transcript")
            except urllib.error.HTTPError as error:
                if error.code != 404:
                    raise
                time.sleep(1)
        check(transcript is not None, "the final transcript is stored")
        heard = set(words(" ".join(segment["text"] for segment in transcript["segments"])))
        found = len(reference & heard) / len(reference)
        check(found >= 0.6, f"the transcript holds {found:.0%} of the sample's reference words (missing {sorted(reference - heard)[:10]})")

        # A phone: 390×844, no horizontal scrolling, big buttons.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        driver.get(f"{server.base}/#/studies/{study_id}")
        pages.find("#record-link").click()
        pages.wait.until(lambda d: d.find_element(By.ID, "record-controls").get_attribute("data-state") == "ready")
        pages.wait.until(lambda d: d.find_element(By.ID, "record-microphone").find_elements(By.TAG_NAME, "option")[1:])
        overflow = pages.js("return document.documentElement.scrollWidth - window.innerWidth")
        check(overflow <= 0, f"the record page fits a 390×844 phone without horizontal scrolling (overflow {overflow}px)")
        height = pages.js("return document.getElementById('record-start').getBoundingClientRect().height")
        check(height >= 44, f"the Record button is big enough for a finger on a phone ({height:.0f}px)")
        pages.shot("25-record-phone")
        # On the phone: a recording left unfinished by a killed page is discarded from the offer.
        pages.find("#consent-confirmed").click()
        pages.wait.until(lambda d: d.find_element(By.ID, "record-start").is_enabled())
        pages.find("#record-start").click()
        pages.wait.until(lambda d: d.find_element(By.ID, "record-controls").get_attribute("data-state") == "recording")
        dropped = max(c["id"] for c in server.api(f"/studies/{study_id}/captures?state=recording"))
        pages.wait.until(lambda d: server.api(f"/captures/{dropped}")["chunkCount"] >= 1)
        driver.refresh()
        pages.find(f"#discard-{dropped}").click()
        pages.find(f"#discard-yes-{dropped}").click()
        pages.wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, f"[data-capture='{dropped}']"))
        try:
            state = server.api(f"/captures/{dropped}")["state"]
        except urllib.error.HTTPError as error:
            state = f"HTTP {error.code}"
        check(state in ("discarded", "HTTP 404") and not server.api(f"/studies/{study_id}/captures?state=recording"),
              f"Discard deletes the unfinished capture on the server ({state})")
        kept = driver.execute_async_script(COUNT_KEPT)
        check(kept == [0, 0], f"and in the browser ({kept})")
        errors = pages.console_errors()
        check(not errors, f"no errors in the recording browser's console {errors}")
        print(f"  recording step: {time.time() - started:.0f} s", flush=True)
    finally:
        driver.quit()
        shutil.rmtree(folder, ignore_errors=True)



def latest_study(pages: Pages) -> int:
    return max(s["id"] for s in pages.server.api("/studies"))


def french_by_default(server: Server, downloads: Path) -> None:
    driver = chromium(downloads, "fr-FR,fr,en")
    try:
        driver.get(server.base + "/")
        WebDriverWait(driver, 20).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#signin-form")))
        heading = driver.find_element(By.CSS_SELECTOR, "#signin-form h1").text
        check(heading == "Se connecter", f"a browser that prefers French gets French pages ({heading!r})")
        driver.save_screenshot(str(SHOTS / "10-sign-in-fr.png"))
    finally:
        driver.quit()


def long_wav(path: Path, pattern: int) -> tuple[Path, str]:
    """A 3-minute 48 kHz stereo WAV (34 MB) whose bytes depend on `pattern`; returns it and its SHA-256."""
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(48000)
        second = bytes((i * pattern + i // 97) % 256 for i in range(48000 * 4))
        for _ in range(180):
            writer.writeframes(second)
    return path, hashlib.sha256(path.read_bytes()).hexdigest()


def interview(verbatim: Path, folder: Path, parts: list[str] = INTERVIEW_PARTS, name: str = "entretien-p001.wav",
              minimum: float = 60) -> Path:
    """Joins `parts` (decoded to 16 kHz mono 16-bit by `verbatim decode`) with 1.5 s pauses into one WAV
    (by default the interview of over a minute)."""
    frames = bytearray()
    pause = bytes(2 * 16000 * 3 // 2)
    for index, part_name in enumerate(parts):
        part = folder / f"part-{index}.wav"
        subprocess.run([str(verbatim), "decode", str(ROOT / "samples/speech" / part_name), "-o", str(part), "--pcm16"],
                       check=True, capture_output=True)
        with wave.open(str(part)) as reader:
            check(reader.getframerate() == 16000 and reader.getnchannels() == 1, f"{part_name} decodes to 16 kHz mono")
            frames += reader.readframes(reader.getnframes())
        frames += pause
    joined = folder / name
    with wave.open(str(joined), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16000)
        writer.writeframes(bytes(frames))
    seconds = len(frames) / 32000
    check(seconds >= minimum, f"{name} lasts {seconds:.1f} s (at least {minimum:.0f} s)")
    return joined


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbatim", type=Path, default=ROOT / ".build/release/verbatim")
    parser.add_argument("--web", type=Path, help="serve the pages from this folder instead of the built copy")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    options = parser.parse_args()
    if not options.verbatim.exists():
        print(f"{options.verbatim} is missing: run scripts/setup first", file=sys.stderr)
        return 1
    started = time.time()
    # A master key (in the environment, never in the data folder): media encrypted at rest, and the identity vault open.
    os.environ.setdefault("VERBATIM_MASTER_KEY", base64.b64encode(os.urandom(32)).decode())
    server = Server(options.verbatim, options.web)
    server.interview = interview(options.verbatim, Path(tempfile.mkdtemp(prefix="verbatim-interview-")))
    downloads = Path(tempfile.mkdtemp(prefix="verbatim-downloads-"))
    driver = None
    try:
        print(f"browser test: {server.base}, data in {server.data}", flush=True)
        driver = chromium(downloads, "en-US,en")
        pages = Pages(driver, server, downloads)
        pages.sign_in()
        study_id = pages.create_study()
        pages.people(study_id)
        recording_id = pages.upload(study_id)
        detail = pages.open_transcript(recording_id)
        pages.seek_by_click(detail)
        latest = pages.correct_segment(recording_id, detail)
        pages.code_span(latest)
        pages.edit_transcript(recording_id)
        pages.rename_speaker(recording_id)
        pages.blind_double_coding()
        pages.biometrics(study_id, recording_id)
        pages.second_recording(study_id)
        pages.download_exports(study_id)
        pages.search_page(study_id, recording_id)
        participant_id = pages.participant_page(study_id)
        pages.identity_panel(participant_id)
        pages.coded_segments_page(study_id, recording_id, None)
        pages.matrix_page(study_id)
        pages.codebook_page(study_id, latest["transcript"]["id"])
        pages.recording_links_and_deletion(study_id, participant_id)
        pages.resumable_upload(study_id)
        pages.switch_language(recording_id)
        pages.pseudonymisation_review(recording_id)
        pages.coder_sees_pseudonyms(study_id, recording_id)
        pages.retention_page(study_id, recording_id)
        pages.strings_complete()
        record_interview(server, downloads, study_id)
        errors = pages.console_errors()
        check(not errors, f"no errors in the browser console {errors}")
        log = "".join(server.log)
        check(server.token not in log and "access=" not in log, "neither the API token nor a media link is in the server's log")
        driver.quit()
        driver = None
        french_by_default(server, downloads)
        print(f"browser test: passed in {time.time() - started:.0f} s; screenshots in {SHOTS}")
        return 0
    except (Failure, TimeoutException) as error:
        print(f"browser test: FAILED: {error!r}", file=sys.stderr)
        if driver:
            SHOTS.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(SHOTS / "failure.png"))
            for entry in driver.get_log("browser"):
                print(f"  console: {entry['level']} {entry['message']}", file=sys.stderr)
        print("server log (last lines):\n" + "".join(server.log[-30:]), file=sys.stderr)
        return 1
    finally:
        if driver:
            driver.quit()
        server.stop()
        shutil.rmtree(downloads, ignore_errors=True)
        if not options.keep:
            server.remove()


if __name__ == "__main__":
    sys.exit(main())
