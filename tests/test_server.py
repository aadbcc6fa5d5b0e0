"""`framelint serve`: the JSON API with Starlette's test client, every status it answers,
then the real command on a loopback port (a large article does not hold up others)."""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time

import pytest

pytest.importorskip("starlette", reason="the server extra is not installed: pip install -e '.[server]'")
httpx = pytest.importorskip("httpx", reason="httpx is in the test extra")

import warnings  # noqa: E402

with warnings.catch_warnings():   # newer Starlette prefers another HTTP client for its test client
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

import framelint.engine.linter  # noqa: E402
from framelint.server.app import Settings, create_app  # noqa: E402
from framelint.rules.model import load_rules  # noqa: E402

from conftest import ROOT, run_framelint, write_rule  # noqa: E402

FRAMED = ("# Regime forces shell the city\n\nThe regime claimed that the strike was a success.\n"
          "Officials said the victim passed away at the scene.\n")


def client_for(**settings) -> TestClient:
    return TestClient(create_app(Settings(**settings)))


@pytest.fixture(scope="module")
def client() -> TestClient:
    return client_for()


def post(client, path: str, body, **kwargs):
    return client.post(path, content=body if isinstance(body, bytes) else json.dumps(body).encode(),
                       headers={"content-type": "application/json", **kwargs.pop("headers", {})}, **kwargs)


# -- POST /v1/check ----------------------------------------------------------------------------------
def test_check_answers_the_findings_of_check_format_json(client, tmp_path):
    (tmp_path / "draft.md").write_text(FRAMED, encoding="utf-8")
    cli = run_framelint("check", "--format", "json", "draft.md", cwd=tmp_path).json()
    response = post(client, "/v1/check", {"text": FRAMED, "path": "draft.md"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"findings": cli, "errors": []}


def test_only_text_is_required_and_path_picks_the_format(client):
    html = '<html><head><script>t = "The regime fell";</script></head><body><p>The regime fell.</p></body></html>'
    as_html = post(client, "/v1/check", {"text": html, "path": "page.html"}).json()["findings"]
    as_text = post(client, "/v1/check", {"text": html}).json()["findings"]
    assert [(f["path"], f["match"], f["start"]) for f in as_html] == [("page.html", "regime", html.rindex("regime fell"))]
    assert len(as_text) == 2 and {f["path"] for f in as_text} == {"-"}


def test_the_path_is_only_a_name_nothing_is_read(client, tmp_path):
    story = tmp_path / "story.md"
    story.write_text(FRAMED, encoding="utf-8")
    answer = post(client, "/v1/check", {"text": "Nothing to see.", "path": str(story)}).json()
    assert answer == {"findings": [], "errors": []}
    assert story.read_text(encoding="utf-8") == FRAMED


def test_select_ignore_and_quotes(client):
    text = '"The regime lies," the minister said. The junta claimed that it won.'
    codes = lambda body: [f["code"] for f in post(client, "/v1/check", body).json()["findings"]]  # noqa: E731
    assert codes({"text": text}) == ["LB101", "DV101"]
    assert codes({"text": text, "select": ["charged-label"]}) == ["LB101"]
    assert codes({"text": text, "ignore": ["LB"]}) == ["DV101"]
    assert codes({"text": text, "select": ["ALL"], "ignore": ["claim-verb"]}) == ["LB101"]
    quoted = post(client, "/v1/check", {"text": text, "quotes": "info"}).json()["findings"]
    assert [(f["code"], f["level"], f["in_quote"]) for f in quoted] == [
        ("LB101", "info", True), ("LB101", "warning", False), ("DV101", "info", False)]  # DV101 reports at info


def test_highlight_returns_the_html_reports_marks(client):
    answer = post(client, "/v1/check", {"text": "The <b>regime</b> fell.", "path": "a.txt", "highlight": True}).json()
    assert answer["html"].startswith('<div class="text">The &lt;b&gt;<span class="hl"><mark class="c0" tabindex="0"')
    assert answer["html"].count("<mark ") == 1


@pytest.mark.parametrize("body, message", [
    (b'{"text": "The regime', "malformed JSON: "),
    (b"[1, 2]", "the request body must be a JSON object"),
    (b"\xff\xfe{}", "the request body is not UTF-8"),
    ({"path": "a.md"}, "missing field 'text'"),
    ({"text": 12}, "'text' must be a string"),
    ({"text": "x", "selct": ["LB"]}, "unknown field 'selct' (did you mean 'select'?); the fields are: "),
    ({"text": "x", "select": "LB101"}, "'select' must be a list of rule selectors"),
    ({"text": "x", "select": ["LB999"]}, "select: no rule matches 'LB999' (did you mean 'LB109'?)"),
    ({"text": "x", "ignore": ["regime-lable"]}, "ignore: no rule matches 'regime-lable' (did you mean 'regime-label'?)"),
    ({"text": "x", "quotes": "loud"}, "'quotes' must be one of skip, info, keep"),
    ({"text": "x", "highlight": "yes"}, "'highlight' must be true or false"),
    ({"text": "x", "path": "a" * 1001}, "'path' must be a name of at most 1000 characters"),
])
def test_bad_requests_get_400_and_a_json_error(client, body, message):
    response = post(client, "/v1/check", body)
    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert response.json()["error"].startswith(message)


def test_a_body_over_the_limit_gets_413_with_or_without_a_length():
    small = client_for(max_bytes=1000)
    big = json.dumps({"text": "The regime fell. " * 100}).encode()
    assert post(small, "/v1/check", big).status_code == 413
    assert post(small, "/v1/check", big).json()["error"] == f"the request body is {len(big)} bytes; the limit is 1000"

    def chunks():   # no Content-Length: the body is counted as it arrives
        for i in range(0, len(big), 100):
            yield big[i:i + 100]
    response = small.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "the request body is over the limit of 1000 bytes"
    assert post(small, "/v1/check", {"text": "The regime fell."}).status_code == 200


def test_the_default_limit_is_five_megabytes(client):
    body = json.dumps({"text": "a" * 5_000_001}).encode()
    assert post(client, "/v1/check", body).status_code == 413


def test_a_rule_that_times_out_is_an_error_entry_and_the_request_still_answers(tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    write_rule(rules, "UR901", "runaway", kind='"pattern"', terms=None, patterns="['(a|a)+$']",
               message="\"'{match}' runs away.\"")
    monkeypatch.setattr(framelint.engine.linter, "PATTERN_TIMEOUT", 0.05)
    client = client_for(rule_dirs=[str(rules)])
    response = post(client, "/v1/check", {"text": "The regime fell. " + "a" * 60 + "b.", "path": "story.txt"})
    assert response.status_code == 200
    answer = response.json()
    assert [f["code"] for f in answer["findings"]] == ["LB101"]
    assert answer["errors"] == [{"path": "story.txt",
                                 "message": "rule UR901 (runaway): pattern took longer than 0.05 s and was stopped"}]


# -- POST /v1/compare -----------------------------------------------------------------------------------
ARTICLES = {
    "wire.txt": "Officials said 12 people were killed in the strike on Eastgate on Monday.\n",
    "tabloid.md": "# Carnage\n\nThe regime's horrific strike on Eastgate killed at least 30 people on Monday.\n",
}


def test_compare_answers_as_compare_format_json(client, tmp_path):
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    cli = run_framelint("compare", "--format", "json", *ARTICLES, cwd=tmp_path).json()
    response = post(client, "/v1/compare", {"articles": [{"name": n, "text": t} for n, t in ARTICLES.items()]})
    assert response.status_code == 200
    answer = response.json()
    assert answer.pop("errors") == []
    assert answer == cli
    assert answer["conflicts"] == 1


def test_compare_highlight_is_the_reports_comparison(client):
    answer = post(client, "/v1/compare", {"articles": [{"name": n, "text": t} for n, t in ARTICLES.items()],
                                          "highlight": True}).json()
    assert answer["html"].startswith('<section id="summary"><h2>Summary</h2>')
    assert '<section id="profile"><h2>Framing profile</h2>' in answer["html"]
    assert 'class="figure conflict"' in answer["html"] and answer["html"].count("<mark ") >= 2


@pytest.mark.parametrize("body, message", [
    ({}, "missing field 'articles'"),
    ({"articles": []}, "'articles' must be a non-empty list"),
    ({"articles": ["text"]}, "articles[0] must be an object with 'name' and 'text'"),
    ({"articles": [{"name": "a.txt"}]}, "missing field 'articles[0].text'"),
    ({"articles": [{"name": "a.txt", "text": 3}]}, "'articles[0].text' must be a string"),
    ({"articles": [{"name": "a.txt", "text": "x"}, {"name": "a.txt", "text": "y"}]},
     "articles[1].name: 'a.txt' is the name of another article"),
    ({"articles": [{"name": "a.txt", "text": "x", "url": "http://x"}]}, "unknown field 'url'"),
    ({"articles": [{"name": f"{i}.txt", "text": "x"} for i in range(51)]}, "at most 50 articles"),
])
def test_bad_compare_requests_get_400(client, body, message):
    response = post(client, "/v1/compare", body)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


# -- rules, health, the page -------------------------------------------------------------------------------
def test_rules_and_one_rules_explanation(client, cli):
    rules = client.get("/v1/rules").json()["rules"]
    listed = json.loads(cli("rules", "--format", "json").out)
    assert [r["code"] for r in rules] == sorted(r["code"] for r in listed) + ["FL001"] or \
        {r["code"] for r in rules} == {r["code"] for r in listed} | {"FL001"}
    regime = next(r for r in rules if r["code"] == "LB101")
    assert regime == {"code": "LB101", "name": "regime-label", "category": "charged-label", "kind": "pattern",
                      "level": "warning", "scope": "narration", "builtin": True, "enabled": True,
                      "link": "https://github.com/framelint/framelint/blob/main/rules/charged-label/LB101-regime-label.toml"}
    one = client.get("/v1/rules/regime-label")
    assert one.status_code == 200
    assert one.json()["explanation"] == cli("explain", "LB101").out
    assert one.json()["examples"]["flag"][0] == "The regime ordered the strike."
    missing = client.get("/v1/rules/LB1011")
    assert missing.status_code == 404
    assert missing.json() == {"error": "no such rule: 'LB1011' (did you mean 'LB101'?)", "status": 404}


def test_healthz_and_unknown_endpoints(client):
    assert client.get("/healthz").json() == {"status": "ok", "version": framelint.__version__, "rules": len(load_rules())}
    assert client.get("/v2/check").status_code == 404
    assert client.get("/v2/check").json() == {"error": "no such endpoint", "status": 404}
    assert client.get("/v1/check").status_code == 405
    assert client.get("/v1/check").json()["error"] == "GET is not allowed here"


def test_the_page_is_self_contained(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    html = page.text
    refs = __import__("re").findall(r'(?:src|href)="([^"]+)"', html)
    assert refs and all(r.startswith(("/static/", "#")) for r in refs)
    for ref in refs:
        if ref.startswith("/static/"):
            asset = client.get(ref)
            assert asset.status_code == 200
            assert "http://" not in asset.text and "https://" not in asset.text and "@import" not in asset.text
    css = client.get("/static/report.css").text
    assert "mark.c0 { background: #ffd4d4;" in css    # the HTML report's colours
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/secret.txt").json()["error"] == "no such file: 'secret.txt'"


# -- the token -------------------------------------------------------------------------------------------------
def test_a_token_is_checked_on_every_request_but_the_page():
    client = client_for(token="s3cret")
    for method, path in [("POST", "/v1/check"), ("POST", "/v1/compare"), ("GET", "/v1/rules"),
                         ("GET", "/v1/rules/LB101"), ("GET", "/healthz"), ("GET", "/nothing")]:
        response = client.request(method, path, content=b'{"text": "x"}')
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"].startswith("a valid bearer token is required")
    wrong = post(client, "/v1/check", {"text": "x"}, headers={"authorization": "Bearer s3cre"})
    assert wrong.status_code == 401
    right = post(client, "/v1/check", {"text": "The regime fell."}, headers={"authorization": "Bearer s3cret"})
    assert right.status_code == 200 and right.json()["findings"][0]["code"] == "LB101"
    assert client.get("/").status_code == 200 and client.get("/static/app.js").status_code == 200


# -- the command ------------------------------------------------------------------------------------------------
def test_serve_refuses_another_address_without_a_token(cli, monkeypatch):
    monkeypatch.delenv("FRAMELINT_TOKEN", raising=False)
    run = cli("serve", "--host", "0.0.0.0")
    assert run.code == 2
    assert run.err == ("framelint: error: serve: listening on 0.0.0.0 (not loopback) needs --token "
                       "(or FRAMELINT_TOKEN): every request must then carry it as a bearer token\n")


@pytest.mark.parametrize("args, message", [
    (["--port", "99999"], "argument --port: must be a port number from 0 to 65535, not '99999'"),
    (["--workers", "0"], "argument --workers: must be a whole number above 0, not '0'"),
    (["--bogus"], "unrecognized arguments: --bogus"),
])
def test_serve_usage_errors_are_one_line(cli, args, message):
    run = cli("serve", *args)
    assert run.code == 2
    assert run.err == f"framelint: error: serve: {message}\n"


def test_serve_with_a_broken_configuration_is_one_line(cli, tmp_path):
    config = tmp_path / "desk.toml"
    config.write_text('qoutes = "info"\n', encoding="utf-8")
    run = cli("serve", "--config", str(config))
    assert run.code == 2
    assert run.err.startswith(f"framelint: error: serve: {config}:1: unknown key 'qoutes' (did you mean 'quotes'?)")


def test_without_the_extra_serve_says_what_to_install(monkeypatch, cli):
    monkeypatch.setitem(sys.modules, "starlette", None)
    monkeypatch.setitem(sys.modules, "starlette.applications", None)
    run = cli("serve")
    assert run.code == 2
    assert run.err == "framelint: error: 'serve' needs the server extra: pip install 'framelint[server]'\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(*args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "framelint", "serve", "--port", str(port), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"framelint serve exited: {proc.stderr.read().decode()}")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code in (200, 401):
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("framelint serve did not start in 30 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_a_large_article_does_not_hold_up_other_requests():
    proc, url = start_server()
    try:
        async def scenario():
            async with httpx.AsyncClient(base_url=url, timeout=60) as http:
                finished: dict[str, float] = {}
                start = time.monotonic()

                async def call(name, method, path, body=None):
                    response = await http.request(method, path, json=body)
                    finished[name] = time.monotonic() - start
                    return response

                large = asyncio.create_task(call("large", "POST", "/v1/check", {"text": FRAMED * 20000}))
                await asyncio.sleep(0.3)   # the large check is under way
                small = await call("small", "POST", "/v1/check", {"text": FRAMED, "path": "a.md"})
                health = await call("health", "GET", "/healthz")
                return await large, small, health, finished

        large, small, health, finished = asyncio.run(scenario())
        assert large.status_code == small.status_code == health.status_code == 200
        assert len(large.json()["findings"]) == 20000 * len(small.json()["findings"])
        assert finished["small"] < finished["large"] and finished["health"] < finished["large"]
    finally:
        stop_server(proc)


def test_serve_with_two_workers_answers(tmp_path):
    proc, url = start_server("--workers", "2", "--token", "t0ken")
    try:
        headers = {"authorization": "Bearer t0ken"}
        answers = [httpx.post(url + "/v1/check", json={"text": "The regime fell."}, headers=headers, timeout=30)
                   for _ in range(6)]
        assert {a.status_code for a in answers} == {200}
        assert httpx.get(url + "/healthz", timeout=10).status_code == 401
    finally:
        stop_server(proc)
    assert proc.returncode == 0 or proc.returncode == -15
