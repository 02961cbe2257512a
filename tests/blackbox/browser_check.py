#!/usr/bin/env python3
"""browser_check.py - the status page in a real headless Chromium (Debian's
chromium and chromium-driver, driven by python3-selenium).

usage: browser_check.py URL SOCKET EXTRA_ICS SHOT_PREFIX DELAY
Loads the page and finds every team and route the socket's LIST names.
Then writes EXTRA_ICS, the drill team's extra event, to begin DELAY seconds
ahead, has the daemon reload, and waits for the staffing change to reach
the page without a reload of the page. Saves screenshots (a wall screen
and a phone) as SHOT_PREFIX-wall.png and SHOT_PREFIX-phone.png. Prints
"ok - ..." or "FAIL - ..." lines.
"""
import json
import socket
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

failures = 0


def check(cond, desc, detail=""):
    global failures
    if cond:
        print("ok - " + desc, flush=True)
    else:
        failures += 1
        print("FAIL - " + desc, flush=True)
        for line in str(detail).splitlines()[:20]:
            print("\t" + line, flush=True)


def ask(path, line):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(line.encode() + b"\n")
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
    s.close()
    return json.loads(buf)


ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//oncalld//tests//EN\r\n"
       "BEGIN:VEVENT\r\nUID:drill@oncalld.test\r\nDTSTAMP:%s\r\n"
       "DTSTART:%s\r\nDTEND:%s\r\nSUMMARY:drill\r\nEND:VEVENT\r\n"
       "END:VCALENDAR\r\n")


def utc(t):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t))


def wait_for(fn, timeout):
    end = time.time() + timeout
    while time.time() < end:
        try:
            v = fn()
            if v:
                return v
        except Exception:  # the page may be redrawing
            pass
        time.sleep(0.1)
    return fn()


def main():
    url, sock, extra, shots, delay = sys.argv[1:6]
    delay = float(delay)
    listed = ask(sock, "LIST")
    teams = [t["id"] for t in listed["teams"]]
    routes = [r["id"] for r in listed["routes"]]

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="oncalld-chromium.")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-quic", "--no-first-run",
                 "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                 "--window-size=1600,1000"):
        opts.add_argument(flag)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                         options=opts)
    try:
        d.get(url)
        wait_for(lambda: d.execute_script(
            "return document.body.dataset.loaded"), delay * 3)
        shown_t = [e.get_attribute("data-id") for e in
                   d.find_elements(By.CSS_SELECTOR, "#teams > li")]
        shown_r = [e.get_attribute("data-id") for e in
                   d.find_elements(By.CSS_SELECTOR, "#routes > li")]
        check(shown_t == teams and shown_r == routes,
              "the page shows every team and route (%d + %d)" %
              (len(teams), len(routes)), "%r %r" % (shown_t, shown_r))
        week = [e.get_attribute("data-id") for e in
                d.find_elements(By.CSS_SELECTOR, "#week .week-row")]
        bars = d.find_elements(By.CSS_SELECTOR, "#week svg rect.shift")
        check(week == teams and len(bars) > 0,
              "a 7-day SVG timeline per team, with shifts drawn",
              "%r, %d bars" % (week, len(bars)))
        counts = d.find_elements(By.CSS_SELECTOR, "[data-until]")
        first = [c.text for c in counts]
        time.sleep(1.5)
        second = [c.text for c in d.find_elements(By.CSS_SELECTOR,
                                                  "[data-until]")]
        check(counts and first != second, "the countdowns count",
              "%r then %r" % (first, second))
        marker = d.execute_script(
            "window.notReloaded = true; return window.notReloaded")
        change_at = int(time.time() + delay)
        with open(extra, "w") as f:
            f.write(ICS % (utc(change_at), utc(change_at),
                           utc(change_at + 3600)))
        check(ask(sock, "RELOAD").get("ok") is True,
              "the daemon reloads with the drill's extra event")
        drill = d.find_element(By.ID, "team-drill")
        before = drill.get_attribute("data-staffed")
        check(before == "false" and time.time() < change_at,
              "the drill team shows not staffed before its extra event",
              "%r, %.1f s before the change" % (before,
                                                change_at - time.time()))
        d.set_window_size(1600, 1000)
        d.save_screenshot(shots + "-before.png")
        staffed = wait_for(lambda: d.find_element(By.ID, "team-drill")
                           .get_attribute("data-staffed") == "true",
                           change_at - time.time() + delay)
        took = time.time() - change_at
        same_page = d.execute_script("return window.notReloaded === true")
        announce = d.find_element(By.ID, "announce").text
        check(staffed and marker and same_page,
              "the staffing change reaches the page live, without a "
              "reload (%.1f s after it)" % took, announce)
        route = d.find_element(By.ID, "route-drill-route")
        check("+1 555 0100" in route.text,
              "the route now goes to the drill team", route.text)
        check("drill" in announce,
              "the change is announced to screen readers", announce)
        link = d.find_element(By.ID, "link").text
        check(link == "live", "the page says it is live", link)
        # Keyboard: every card is reachable with Tab.
        focusable = d.execute_script(
            "return [...document.querySelectorAll('.card')]"
            ".every(c => c.tabIndex >= 0)")
        check(focusable, "every card takes the keyboard focus")
        d.save_screenshot(shots + "-wall.png")
        d.set_window_size(390, 844)
        time.sleep(0.3)
        width = d.execute_script(
            "return document.documentElement.scrollWidth")
        check(width <= 390, "a phone's width needs no sideways scrolling",
              width)
        d.save_screenshot(shots + "-phone.png")
        logs = [e for e in d.get_log("browser")
                if e.get("level") == "SEVERE"]
        check(not logs, "no error in the browser's console", logs)
    finally:
        d.quit()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
