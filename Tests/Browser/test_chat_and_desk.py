"""A customer and an agent, each in a real Chromium, against a real `frontline serve`.

The steps share the two browsers and run in order (test_01, test_02, ...): the customer
chats, the agent sees the handoff, reads and answers, the customer sees the answer, the
agent saves an outcome, the customer reloads. Then hostile text, keyboard-only use,
axe-core, the origin of every request and the screenshots."""
import json
import os
import time
import unittest
import urllib.request
import uuid

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["FRONTLINE_URL"]
AGENT_KEY = os.environ["FRONTLINE_AGENT_KEY"]
BOT_KEY = os.environ["FRONTLINE_BOT_KEY"]
AXE = os.environ["FRONTLINE_AXE"]
SHOTS = os.environ.get("FRONTLINE_SCREENSHOTS", "reports/screenshots")
SERVER_LOG = os.environ.get("FRONTLINE_SERVER_LOG")
# The budget for the first reply visible after Send (loopback, release build).
REPLY_BUDGET_MS = float(os.environ.get("FRONTLINE_REPLY_BUDGET_MS", "300"))
HOSTILE = '<img src=x onerror="window.__pwned=1"> javascript:window.__pwned=2 https://example.com/ok'
LONG_WORD = "Supercalifragilistic" * 15
MEASURES = {}


def browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 f"--window-size={width},{height}", "--disable-extensions", "--no-first-run"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_window_size(width, height)
    return driver


def wait(driver, seconds, condition, message):
    return WebDriverWait(driver, seconds, poll_frequency=0.05).until(condition, message)


def button(driver, name):
    return driver.find_element(By.XPATH, f'//button[normalize-space()="{name}" or @aria-label="{name}"]')


def labelled(driver, name):
    """The form control whose <label> says `name` (its accessible name)."""
    label = driver.find_element(By.XPATH, f'//label[normalize-space()="{name}"]')
    return driver.find_element(By.ID, label.get_attribute("for"))


def bubbles(driver, kind):
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, f".fl-log .fl-{kind}")]


def hand_over_by_api(text="I want to talk to a person"):
    """A conversation from another channel (the bot API), handed over to people."""
    conversation = "api-" + uuid.uuid4().hex[:8]
    body = json.dumps({"text": text, "sender": "visitor-k", "channel": "email", "customer_id": "cust-k"}).encode()
    request = urllib.request.Request(f"{BASE}/v1/conversations/{conversation}/messages", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {BOT_KEY}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response)["status"] == "handoff"
    return conversation


def run_axe(driver):
    with open(AXE, encoding="utf-8") as f:
        driver.execute_script(f.read())
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(JSON.stringify(r.violations)); },"
        " function (e) { done(JSON.stringify([{id: 'axe-error', impact: 'critical', description: String(e), nodes: []}])); });")
    violations = json.loads(result)
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


def describe(violations):
    return "; ".join(f"{v['id']} ({v['impact']}): {v.get('description')} at "
                     f"{[n.get('target') for n in v.get('nodes', [])][:3]}" for v in violations)


def off_origin_requests(driver):
    names = driver.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
                                  ".concat([location.href]);")
    return [n for n in names if not n.startswith(BASE + "/")]


class ChatAndDesk(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.makedirs(SHOTS, exist_ok=True)
        cls.customer = browser(1280, 900)
        cls.agent = browser(1280, 900)
        cls.conversation = None

    @classmethod
    def tearDownClass(cls):
        for driver in (cls.customer, cls.agent):
            driver.quit()
        if MEASURES:
            print("measured: " + json.dumps(MEASURES, sort_keys=True))

    # ---- helpers on the customer's page ----
    def send(self, text):
        """Types and sends `text`; returns the ms until the next assistant bubble is visible."""
        c = self.customer
        before = len(c.find_elements(By.CSS_SELECTOR, ".fl-log .fl-bot, .fl-log .fl-note"))
        # The clock starts in the page at the click and stops when a new reply is in the DOM.
        c.execute_script("""
            window.__replyAt = null;
            var log = document.querySelector('.fl-log');
            var before = arguments[0];
            var observer = new MutationObserver(function () {
              if (log.querySelectorAll('.fl-bot, .fl-note').length > before && window.__replyAt === null) {
                window.__replyAt = performance.now(); observer.disconnect();
              }
            });
            observer.observe(log, {childList: true, subtree: true});""", before)
        box = labelled(c, "Message")
        box.clear()
        box.send_keys(text)
        c.execute_script("window.__sentAt = performance.now();")
        button(c, "Send").click()
        wait(c, 10, lambda d: d.execute_script("return window.__replyAt !== null"), f"no reply to {text!r}")
        return c.execute_script("return window.__replyAt - window.__sentAt")

    def test_01_agent_signs_in(self):
        a = self.agent
        a.get(BASE + "/desk")
        self.assertEqual(off_origin_requests(a), [])
        labelled(a, "Agent key").send_keys(AGENT_KEY)
        labelled(a, "Your name (customers see it)").send_keys("Ann")
        button(a, "Sign in").click()
        wait(a, 5, lambda d: d.find_element(By.ID, "desk").is_displayed(), "the desk did not open")
        self.assertIn("Ann", a.find_element(By.ID, "who").text)
        # The key lives in this tab's session storage and never in a URL.
        self.assertEqual(a.execute_script("return sessionStorage.getItem('frontline-desk-key')"), AGENT_KEY)
        self.assertNotIn(AGENT_KEY, a.current_url)

    def test_02_customer_chats(self):
        c = self.customer
        c.get(BASE + "/chat")
        launcher = button(c, "Open chat")
        launcher.click()
        wait(c, 5, lambda d: d.execute_script("return !!localStorage.length"), "no widget session")
        self.assertEqual(c.find_element(By.CSS_SELECTOR, ".fl-log").get_attribute("role"), "log")
        # A form question.
        first = self.send("where is my order?")
        self.assertIn("order number", bubbles(c, "bot")[-1])
        self.assertEqual(c.find_elements(By.CSS_SELECTOR, ".fl-bot")[-1].get_attribute("data-kind"), "question")
        MEASURES["first_reply_ms_new_session"] = round(first, 1)
        # An article card, with the quick replies of its follow-up.
        warm = self.send("my card got declined when I paid yesterday")
        MEASURES["first_reply_ms"] = round(warm, 1)
        wait(c, 5, lambda d: d.find_elements(By.CSS_SELECTOR, ".fl-card"), "no article card")
        card = c.find_elements(By.CSS_SELECTOR, ".fl-card")[-1]
        self.assertIn("Payment declined", card.find_element(By.TAG_NAME, "h3").text)
        self.assertTrue(card.find_element(By.TAG_NAME, "p").text)
        self.assertTrue(card.find_element(By.TAG_NAME, "a").get_attribute("href").startswith("https://"))
        wait(c, 5, lambda d: [b for b in d.find_elements(By.CSS_SELECTOR, ".fl-reply") if b.is_enabled()], "no quick replies")
        choices = [b for b in c.find_elements(By.CSS_SELECTOR, ".fl-reply") if b.is_enabled()]
        self.assertIn("Yes", [b.text for b in choices])
        bots = len(bubbles(c, "bot"))
        [b for b in choices if b.text == "Yes"][0].click()
        wait(c, 5, lambda d: len(bubbles(d, "bot")) > bots, "no answer to the quick reply")
        self.assertIn("Yes", bubbles(c, "customer"))
        self.assertFalse([b for b in c.find_elements(By.CSS_SELECTOR, ".fl-reply") if b.is_enabled() and b.text == "Yes"],
                         "used quick replies are disabled")
        self.assertLessEqual(warm, REPLY_BUDGET_MS, f"first reply visible {warm:.0f} ms after Send")

    def test_03_customer_asks_for_a_person_and_the_agent_sees_it(self):
        c, a = self.customer, self.agent
        self.send("I want to talk to a person")
        self.assertEqual(c.find_elements(By.CSS_SELECTOR, ".fl-bot")[-1].get_attribute("data-kind"), "handoff")
        handed_at = time.monotonic()
        wait(c, 5, lambda d: "Waiting" in d.find_element(By.CSS_SELECTOR, ".fl-status").text, "no waiting status")
        session = json.loads(c.execute_script("for (var i = 0; i < localStorage.length; i++) {"
                                              " var k = localStorage.key(i); if (k.indexOf('frontline-widget:') === 0)"
                                              " return localStorage.getItem(k); }"))
        type(self).conversation = session["conversation_id"]
        type(self).token = session["token"]
        selector = f'.queue-item[data-conversation="{self.conversation}"]'
        wait(a, 2, lambda d: d.find_elements(By.CSS_SELECTOR, selector), "the handoff was not in the queue within 2 s")
        MEASURES["queue_seen_s"] = round(time.monotonic() - handed_at, 2)
        item = a.find_element(By.CSS_SELECTOR, selector)
        self.assertIn("web", item.text)
        self.assertIn("human request", item.text)
        item.click()
        wait(a, 5, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#transcript li")) >= 7, "no transcript")
        transcript = a.find_element(By.ID, "transcript").text
        for said in ("where is my order?", "my card got declined when I paid yesterday", "I want to talk to a person"):
            self.assertIn(said, transcript)
        toggle = a.find_elements(By.CSS_SELECTOR, "#transcript li.customer .parse-toggle")[0]
        toggle.click()
        parse = a.find_element(By.ID, toggle.get_attribute("aria-controls"))
        self.assertTrue(parse.is_displayed())
        self.assertIn("order_status", parse.text)
        self.assertIn("Confidence", parse.text)
        self.assertIn("Learned from outcomes", parse.text)
        wait(a, 5, lambda d: d.find_elements(By.CSS_SELECTOR, "#articles li"), "no suggestions")

    def test_04_agent_replies_in_real_time(self):
        c, a = self.customer, self.agent
        reply = labelled(a, "Reply")
        reply.send_keys("Hi, Ann here. I can see the declined payment.")
        agents_before = len(bubbles(c, "agent"))
        button(a, "Send").click()
        sent = time.monotonic()
        wait(c, 2, lambda d: len(bubbles(d, "agent")) > agents_before, "the agent's reply did not reach the widget within 2 s")
        MEASURES["agent_reply_seen_s"] = round(time.monotonic() - sent, 2)
        self.assertIn("Hi, Ann here.", bubbles(c, "agent")[-1])
        self.assertIn("Ann", bubbles(c, "agent")[-1])
        wait(c, 2, lambda d: "Ann joined the chat" in d.find_element(By.CSS_SELECTOR, ".fl-log").text, "no joined notice")
        self.assertIn("Ann", c.find_element(By.CSS_SELECTOR, ".fl-status").text)

    def test_05_hostile_text_is_only_text(self):
        c, a = self.customer, self.agent
        box = labelled(c, "Message")
        box.send_keys(HOSTILE + " " + LONG_WORD)
        button(c, "Send").click()
        wait(c, 3, lambda d: any(HOSTILE in t for t in bubbles(d, "customer")), "hostile text not shown")
        a.find_element(By.ID, "reply").send_keys('<b>bold</b><script>window.__pwned=3</script> javascript:alert(1) ' + LONG_WORD)
        button(a, "Send").click()
        wait(c, 3, lambda d: any("<b>bold</b>" in t for t in bubbles(d, "agent")), "hostile agent text not shown")
        wait(a, 5, lambda d: HOSTILE in d.find_element(By.ID, "transcript").text, "hostile text not in the desk")
        for driver in (c, a):
            self.assertIsNone(driver.execute_script("return window.__pwned"), "a script from a message ran")
            with self.assertRaises(NoAlertPresentException):
                driver.switch_to.alert.text
            self.assertEqual(driver.find_elements(By.CSS_SELECTOR, ".fl-log img, #transcript img, .fl-log b, #transcript b"), [])
            hrefs = [e.get_attribute("href") for e in driver.find_elements(By.CSS_SELECTOR, "a")]
            self.assertFalse([h for h in hrefs if h and not h.startswith(("http://", "https://"))], hrefs)
        links = [e.get_attribute("href") for e in c.find_elements(By.CSS_SELECTOR, ".fl-log .fl-customer a")]
        self.assertEqual(links, ["https://example.com/ok"])
        # A very long word wraps instead of widening the transcript.
        self.assertTrue(c.execute_script("var l = document.querySelector('.fl-log'); return l.scrollWidth <= l.clientWidth;"))
        self.assertTrue(a.execute_script("var l = document.getElementById('transcript'); return l.scrollWidth <= l.clientWidth;"))

    def test_06_agent_corrects_an_intent_and_the_assistant_learns(self):
        a = self.agent
        wait(a, 5, lambda d: d.find_elements(By.ID, "intent-3"), "no correction for the payment message")
        Select(labelled(a, "Intent for message 3")).select_by_value("refund_status")
        labelled(a, "Resolution").send_keys("refunded the double charge")
        a.find_element(By.XPATH, '//input[@name="bot-right" and @value="no"]').click()
        button(a, "Save outcome").click()
        wait(a, 5, lambda d: "learned 1 correction" in d.find_element(By.ID, "outcome-status").text,
             "the desk did not say the assistant learned")
        self.assertIn("Outcome #", a.find_element(By.ID, "outcome-status").text)

    def test_07_customer_reloads_and_a_second_tab_resumes(self):
        c = self.customer
        c.refresh()
        if not c.find_element(By.ID, "fl-panel").is_displayed():
            button(c, "Open chat").click()
        wait(c, 5, lambda d: any("Hi, Ann here." in t for t in bubbles(d, "agent")), "the conversation did not survive a reload")
        self.assertIn("where is my order?", bubbles(c, "customer"))
        first_tab = c.current_window_handle
        c.switch_to.new_window("tab")
        c.get(BASE + "/chat")
        if not c.find_element(By.ID, "fl-panel").is_displayed():
            button(c, "Open chat").click()
        wait(c, 5, lambda d: any("Hi, Ann here." in t for t in bubbles(d, "agent")), "the second tab did not resume")
        c.close()
        c.switch_to.window(first_tab)

    def test_08_bot_takes_over_again(self):
        c, a = self.customer, self.agent
        button(a, "Hand back to bot").click()
        wait(c, 2, lambda d: "chatting with our assistant again" in d.find_element(By.CSS_SELECTOR, ".fl-log").text,
             "no notice that the bot took over again")

    def test_09_tokens_stay_out_of_the_log_and_requests_in_the_origin(self):
        for driver in (self.customer, self.agent):
            self.assertEqual(off_origin_requests(driver), [])
            # Nothing the pages do is refused by their Content-Security-Policy, and no script failed.
            problems = [entry["message"] for entry in driver.get_log("browser")
                        if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]]
            self.assertEqual(problems, [])
        if SERVER_LOG:
            with open(SERVER_LOG, encoding="utf-8", errors="replace") as f:
                log = f.read()
            self.assertNotIn(self.token, log)
            self.assertNotIn(self.token.split(".")[1], log)
            self.assertNotIn(AGENT_KEY, log)

    def test_10_axe_finds_nothing_serious(self):
        customer_violations = run_axe(self.customer)
        agent_violations = run_axe(self.agent)
        self.assertEqual(customer_violations, [], describe(customer_violations))
        self.assertEqual(agent_violations, [], describe(agent_violations))

    def test_11_screenshots(self):
        for width, height, name in ((360, 740, "360"), (1280, 900, "desktop")):
            for driver, page in ((self.customer, "chat"), (self.agent, "desk")):
                driver.set_window_size(width, height)
                if page == "desk":
                    driver.execute_script("window.scrollTo(0, 0);")
                time.sleep(0.2)
                path = os.path.join(SHOTS, f"{page}-{name}.png")
                self.assertTrue(driver.save_screenshot(path), path)
        # At 360 px the open widget fits the screen and its Send button is on it.
        self.customer.set_window_size(360, 740)
        inner = self.customer.execute_script("return [window.innerWidth, document.querySelector('.fl-send').getBoundingClientRect().right,"
                                             " document.querySelector('.fl-panel').getBoundingClientRect().width]")
        self.assertLessEqual(inner[1], inner[0])
        self.assertLessEqual(inner[2], inner[0])
        self.customer.set_window_size(1280, 900)


class KeyboardOnly(unittest.TestCase):
    """Both pages with the keyboard alone, in fresh browsers (one at 360 px)."""

    def tab_to(self, driver, predicate, limit=80):
        for _ in range(limit):
            ActionChains(driver).send_keys(Keys.TAB).perform()
            if driver.execute_script(predicate):
                return driver.switch_to.active_element
        self.fail(f"never reached by Tab: {predicate}")

    def assert_focus_visible(self, driver):
        outline = driver.execute_script(
            "var s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth];")
        self.assertNotEqual(outline[0], "none", "focus is not visible")

    def test_widget_by_keyboard(self):
        d = browser(360, 740)
        try:
            d.get(BASE + "/chat")
            self.tab_to(d, "return document.activeElement.textContent === 'Open chat'")
            self.assert_focus_visible(d)
            ActionChains(d).send_keys(Keys.ENTER).perform()
            wait(d, 3, lambda x: x.switch_to.active_element.get_attribute("id") == "fl-input", "focus is not in the message box")
            ActionChains(d).send_keys("my payment was declined", Keys.ENTER).perform()
            wait(d, 10, lambda x: x.find_elements(By.CSS_SELECTOR, ".fl-card"), "no answer by keyboard")
            wait(d, 5, lambda x: [b for b in x.find_elements(By.CSS_SELECTOR, ".fl-reply") if b.is_enabled()], "no quick replies")
            self.tab_to(d, "return document.activeElement.classList.contains('fl-reply') && !document.activeElement.disabled")
            self.assert_focus_visible(d)
            bots = len(bubbles(d, "bot"))
            ActionChains(d).send_keys(Keys.ENTER).perform()
            wait(d, 10, lambda x: len(bubbles(x, "bot")) > bots, "a quick reply did not work by keyboard")
            ActionChains(d).send_keys(Keys.ESCAPE).perform()
            wait(d, 3, lambda x: not x.find_element(By.ID, "fl-panel").is_displayed(), "Escape did not close the chat")
            self.assertEqual(d.switch_to.active_element.text, "Open chat")
        finally:
            d.quit()

    def test_desk_by_keyboard(self):
        conversation = hand_over_by_api()
        d = browser(1280, 900)
        try:
            d.get(BASE + "/desk")
            self.assertEqual(d.switch_to.active_element.get_attribute("id"), "agent-key")
            ActionChains(d).send_keys(AGENT_KEY, Keys.TAB, "Bo", Keys.TAB).perform()
            self.assertEqual(d.switch_to.active_element.text, "Sign in")
            self.assert_focus_visible(d)
            ActionChains(d).send_keys(Keys.ENTER).perform()
            wait(d, 5, lambda x: x.find_element(By.ID, "desk").is_displayed(), "no desk")
            selector = f'.queue-item[data-conversation="{conversation}"]'
            wait(d, 5, lambda x: x.find_elements(By.CSS_SELECTOR, selector), "the handoff is not in the queue")
            self.tab_to(d, f"return document.activeElement.matches('{selector}')")
            ActionChains(d).send_keys(Keys.ENTER).perform()
            wait(d, 5, lambda x: x.switch_to.active_element.get_attribute("id") == "conversation-title", "the conversation did not open")
            self.tab_to(d, "return document.activeElement.classList.contains('parse-toggle')")
            ActionChains(d).send_keys(Keys.ENTER).perform()
            self.assertEqual(d.switch_to.active_element.get_attribute("aria-expanded"), "true")
            self.tab_to(d, "return document.activeElement.id === 'reply'")
            ActionChains(d).send_keys("Typed without a mouse.", Keys.TAB).perform()
            self.assertEqual(d.switch_to.active_element.text, "Send")
            ActionChains(d).send_keys(Keys.ENTER).perform()
            wait(d, 5, lambda x: "Typed without a mouse." in x.find_element(By.ID, "transcript").text, "the reply was not sent")
        finally:
            d.quit()


if __name__ == "__main__":
    unittest.main()


class ProactiveOpener(unittest.TestCase):
    """The host page reports a failed checkout; the server's rule offers an opener; taking it
    continues the prompt's topic."""

    def test_opener_from_a_checkout_error(self):
        d = browser(1280, 900)
        try:
            d.get(BASE + "/chat")
            wait(d, 5, lambda x: x.execute_script("return !!window.FrontlineWidget"), "no widget")
            d.execute_script("FrontlineWidget.track('error', {page: '/checkout/payment', error: 'card declined'});")
            wait(d, 5, lambda x: x.find_elements(By.CSS_SELECTOR, '.fl-bot[data-kind="opener"]'), "no opener was offered")
            self.assertTrue(d.find_element(By.ID, "fl-panel").is_displayed())
            self.assertIn("payment didn't go through", d.find_element(By.CSS_SELECTOR, '.fl-bot[data-kind="opener"]').text)
            button(d, "Yes, help me").click()
            wait(d, 5, lambda x: x.find_elements(By.CSS_SELECTOR, '.fl-bot[data-kind="proactive"]'), "the opener was not taken")
            labelled(d, "Message").send_keys("yes please")
            button(d, "Send").click()
            wait(d, 10, lambda x: x.find_elements(By.CSS_SELECTOR, ".fl-card"), "no article after taking the opener")
            self.assertIn("Payment declined", d.find_element(By.CSS_SELECTOR, ".fl-card h3").text)
        finally:
            d.quit()


class EmbeddedOnAnotherSite(unittest.TestCase):
    """The one-tag embed on a shop's page of another origin: an allowed origin chats (CORS),
    any other origin gets no session."""
    SHOP_PORT = os.environ["FRONTLINE_SHOP_PORT"]

    def test_allowed_origin_chats(self):
        d = browser(1280, 900)
        try:
            d.get(f"http://127.0.0.1:{self.SHOP_PORT}/embed.html")
            button(d, "Open chat").click()
            labelled(d, "Message").send_keys("where is my order?")
            button(d, "Send").click()
            try:
                wait(d, 10, lambda x: any("order number" in t for t in bubbles(x, "bot")), "no answer")
            except TimeoutException:
                self.fail("no answer on the shop's page: " + d.find_element(By.CSS_SELECTOR, ".fl-error").text + " "
                          + repr(d.get_log("browser")))
            self.assertEqual(d.find_element(By.CSS_SELECTOR, ".fl-error").text, "")
        finally:
            d.quit()

    def test_other_origin_is_refused(self):
        d = browser(1280, 900)
        try:
            d.get(f"http://localhost:{self.SHOP_PORT}/embed.html")
            button(d, "Open chat").click()
            wait(d, 5, lambda x: "not available" in x.find_element(By.CSS_SELECTOR, ".fl-error").text,
                 "a page of an origin not configured got no refusal")
            self.assertFalse(d.execute_script("return Object.keys(localStorage).some(function (k) {"
                                              " return k.indexOf('frontline-widget:') === 0; })"), "it got a session")
        finally:
            d.quit()
