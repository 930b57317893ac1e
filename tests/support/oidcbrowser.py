#!/usr/bin/env python3
"""A test "browser" for the OAuth 2.0 sign-in (Python stdlib only): what a person does in a real browser.

  oidcbrowser.py --url AUTHORIZATION_URL --user U --password PW [--cafile F] [--timeout S]

It opens the authorization URL, follows the provider's redirects by hand (with a cookie jar), fills in and posts the
login form (the form with a password field: its text field gets the user, the password field the password), posts
the consent form, and when the provider redirects to a loopback address outside its own origin (the application's
redirect URI, e.g. http://127.0.0.1:<port>/?code=...&state=...) it delivers that redirect with a plain HTTP GET,
exactly as a browser would, and reads the application's answer page ("status"; "redirect_status" is the code of the
provider's last redirect).

Output: one JSON line on stdout, e.g.
  {"ok": true, "stage": "delivered", "status": 200, "redirect": "http://127.0.0.1:4711/?code=…&state=…&iss=…",
   "redirect_status": 303, "error": "", "detail": "", "steps": [...]}
The redirect's query values are never printed (a code is a credential), only their names. "ok" means: a code was
redirected to the application and the application answered 2xx. "error" is the OAuth error of an error redirect
(e.g. access_denied), or the page's error text. Stages: authorize, login, consent, redirect, delivered.
Exit code 0 if ok, 1 when the provider refused (wrong password, error redirect, error page), 2 on anything else
(connection failures, an unexpected page, the application not answering).
"""
import argparse
import html.parser
import http.client
import http.cookiejar
import json
import ssl
import sys
import urllib.error
import urllib.parse
import urllib.request

MAX_STEPS = 20


class FormParser(html.parser.HTMLParser):
    """The forms of a page (action, method, inputs) and the text of an element with id="error"."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.error_text = ""
        self._in_error = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "",
                               "method": (attributes.get("method") or "get").lower(), "inputs": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"].append({"name": attributes.get("name"),
                                             "type": (attributes.get("type") or "text").lower(),
                                             "value": attributes.get("value") or ""})
        if attributes.get("id") == "error":
            self._in_error = True

    def handle_endtag(self, tag):
        self._in_error = False

    def handle_data(self, data):
        if self._in_error:
            self.error_text += data


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by hand: the last one goes to the application, not through the provider's session."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    def __init__(self, cafile, timeout):
        context = ssl.create_default_context(cafile=cafile)
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  urllib.request.HTTPSHandler(context=context), NoRedirect())
        self.timeout = timeout
        self.steps = []

    def request(self, url, form=None):
        """(status, location, body) of one request; 3xx are returned, not followed."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(url, data=data, headers={"User-Agent": "mailshim-test-browser"})
        self.steps.append(("POST " if data is not None else "GET ") + redact(url))
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.headers.get("Location"), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location"), error.read()


def redact(url):
    """The URL with every query value replaced by an ellipsis (codes, states and tokens stay out of the output)."""
    parts = urllib.parse.urlsplit(url)
    names = [name for name, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)]
    query = "&".join(name + "=\u2026" for name in names)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def is_application_redirect(url, provider_origin):
    parts = urllib.parse.urlsplit(url)
    origin = (parts.scheme, parts.hostname, parts.port)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "::1", "localhost") and \
        origin != provider_origin


def fill(form, user, password):
    """The fields a browser would send for this form: hidden and preset values kept, the credentials typed in."""
    fields = {}
    for field in form["inputs"]:
        if not field["name"] or field["type"] in ("submit", "button", "image", "reset"):
            continue
        if field["type"] == "password":
            fields[field["name"]] = password
        elif field["type"] in ("text", "email") and "password" in [f["type"] for f in form["inputs"]]:
            fields[field["name"]] = user
        else:
            fields[field["name"]] = field["value"]
    return fields


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="the authorization URL the application opened")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--cafile", help="CA of the provider's certificate (default: the system's)")
    parser.add_argument("--timeout", type=float, default=20)
    args = parser.parse_args()

    browser = Browser(args.cafile, args.timeout)
    result = {"ok": False, "stage": "authorize", "status": 0, "redirect": "", "error": "", "detail": ""}

    def finish(ok, stage, error="", detail="", code=None):
        result.update(ok=ok, stage=stage, error=error, detail=detail, steps=browser.steps)
        print(json.dumps(result))
        return 0 if ok else (code if code is not None else 1)

    # As a browser's address bar: characters a URL may not carry (a space in a scope list) are percent-encoded.
    args.url = urllib.parse.quote(args.url, safe=":/?#[]@!$&'()*+,;=%~")
    start = urllib.parse.urlsplit(args.url)
    provider_origin = (start.scheme, start.hostname, start.port)
    url, form, stage = args.url, None, "authorize"
    logged_in = False
    try:
        for _ in range(MAX_STEPS):
            if is_application_redirect(url, provider_origin):
                stage = "redirect"
                params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
                result["redirect"] = redact(url)
                result["status"] = 0  # from here on: the application's answer
                # As a browser: a plain GET to the application's loopback listener, no cookies of the provider.
                plain = urllib.request.build_opener(NoRedirect())
                browser.steps.append("GET " + redact(url))
                try:
                    with plain.open(urllib.request.Request(url, headers={"User-Agent": "mailshim-test-browser"}),
                                    timeout=args.timeout) as response:
                        result["status"] = response.status
                except urllib.error.HTTPError as error:
                    result["status"] = error.code
                except (urllib.error.URLError, OSError) as error:
                    return finish(False, stage, "", "the application's redirect URI did not answer: %s" %
                                  getattr(error, "reason", error), code=2)
                if "error" in params:
                    return finish(False, "delivered", params["error"], params.get("error_description", ""))
                if "code" not in params:
                    return finish(False, "delivered", "", "the redirect carries no code", code=2)
                ok = 200 <= result["status"] < 300
                return finish(ok, "delivered", "", "" if ok else "the application answered %d" % result["status"],
                              code=2)

            status, location, body = browser.request(url, form)
            result["status"] = status
            form = None
            if status in (301, 302, 303, 307) and location:
                url = urllib.parse.urljoin(url, location)
                result["redirect_status"] = status
                continue
            page = FormParser()
            page.feed(body.decode("utf-8", "replace"))
            if status != 200:
                return finish(False, stage, page.error_text.strip() or "HTTP %d" % status,
                              "the provider answered %d at %s" % (status, redact(url)))
            if not page.forms:
                return finish(False, stage, page.error_text.strip(),
                              "a page without a form at %s" % redact(url), code=1 if page.error_text else 2)
            current = page.forms[0]
            has_password = any(field["type"] == "password" for field in current["inputs"])
            if has_password:
                if logged_in:
                    return finish(False, "login", page.error_text.strip() or "login refused",
                                  "the login form came back after the credentials were posted")
                stage, logged_in = "login", True
            else:
                stage = "consent"
            url = urllib.parse.urljoin(url, current["action"] or url)
            form = fill(current, args.user, args.password)
            if current["method"] != "post":
                url = url.split("?")[0] + "?" + urllib.parse.urlencode(form)
                form = None
        return finish(False, stage, "", "more than %d steps" % MAX_STEPS, code=2)
    except (urllib.error.URLError, OSError, ssl.SSLError, ValueError, http.client.HTTPException) as error:
        return finish(False, stage, "", "cannot reach %s: %s" % (redact(url), getattr(error, "reason", error)),
                      code=2)


if __name__ == "__main__":
    sys.exit(main())
