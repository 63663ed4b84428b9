"""`wscheck traffic`'s inputs: every log format (hand-written fixtures in tests/data/traffic,
in the shapes servers write), HAR files checked against the HAR 1.2 structure, .gz, standard
input, malformed lines and unreadable files: counted or one line, never a traceback."""

from __future__ import annotations

import gzip
import json
import random

import pytest
from click.testing import CliRunner

import traffic_logs as T
from wscheck.cli import main
from wscheck.traffic import lines
from wscheck.traffic.records import LogFormat
from wscheck.traffic.templates import template

DATA = T.Path(__file__).parent / "data" / "traffic"


def traffic(*args: str, input: bytes | None = None):
    result = CliRunner().invoke(main, ["traffic", *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def polled(result) -> dict[str, dict]:
    return {p["path"]: p for p in json.loads(result.stdout)["polling"]}


def test_nginx_combined_with_extra_fields_at_whole_seconds():
    result = traffic(str(DATA / "nginx-combined.log"), "--format", "json")
    document = json.loads(result.stdout)
    (source,) = document["inputs"]
    assert (source["format"], source["requests"], source["malformed"], source["first_malformed_line"]) == ("combined", 20, 1, 10)
    assert document["summary"]["websocket_handshakes"] == 1  # the 101 is a socket, not polling
    queue = polled(result)["/api/v1/queue"]  # ?ts=… dropped: one series
    assert queue["interval_s"] == pytest.approx(5.0, abs=0.2) and queue["series"][0]["client"] == "172.18.0.1"
    assert list(polled(result)) == ["/api/v1/queue"]  # the person browsing is no polling


def test_apache_common_format():
    result = traffic(str(DATA / "apache-common.log"), "--format", "json")
    assert polled(result)["/server/status"]["interval_s"] == pytest.approx(10.0, abs=0.3)
    assert json.loads(result.stdout)["inputs"][0]["malformed"] == 0


def test_json_lines_in_three_shapes():
    """Flat keys, Elastic Common Schema's nested ones, and a JSON logger whose message is
    uvicorn's access line; an application record is no request, a cut-off one is malformed."""
    result = traffic(str(DATA / "app.jsonl"), "--format", "json")
    found = polled(result)
    assert found["/api/v1/adw-monitor"]["interval_s"] == pytest.approx(3.0, abs=0.1)
    assert found["/api/v1/system-status"]["interval_s"] == pytest.approx(30.0, abs=0.5)
    assert found["/api/v1/queue/config"]["interval_s"] == pytest.approx(6.0, abs=0.1)
    source = json.loads(result.stdout)["inputs"][0]
    assert (source["format"], source["requests"], source["malformed"], source["other_lines"]) == ("json-lines", 16, 1, 1)


def test_har_fixture_has_the_har_1_2_structure_and_each_page_is_a_client():
    document = json.loads((DATA / "chrome.har").read_text())
    assert T.har_problems(document) == []
    result = traffic(str(DATA / "chrome.har"), "--format", "json")
    queue = polled(result)["/api/v1/queue"]
    assert queue["clients"] == 2 and queue["interval_s"] == pytest.approx(2.0, abs=0.1)
    assert {s["client"] for s in queue["series"]} == {"page http://localhost:8000/ (tab-a)", "page http://localhost:8000/ (tab-b)"}
    assert json.loads(result.stdout)["inputs"][0]["format"] == "har"


def test_har_entries_that_are_no_http_request(tmp_path):
    document = json.loads((DATA / "chrome.har").read_text())
    entries = document["log"]["entries"]
    entries[1]["request"]["url"] = "data:image/png;base64,iVBORw0KGgo="
    del entries[2]["request"]["method"]
    har = tmp_path / "capture.har"
    har.write_text(json.dumps(document))
    source = json.loads(traffic(str(har), "--format", "json").stdout)["inputs"][0]
    assert (source["requests"], source["other_lines"], source["malformed"], source["first_malformed_line"]) == (18, 1, 1, 3)


def test_har_problems_names_what_is_missing():
    document = json.loads((DATA / "chrome.har").read_text())
    del document["log"]["entries"][0]["request"]["httpVersion"]
    del document["log"]["creator"]["version"]
    assert T.har_problems(document) == ["log.creator: no version", "log.entries[0].request: no httpVersion"]


def test_a_large_har_is_streamed_and_a_cut_off_one_keeps_its_entries(tmp_path):
    rng = random.Random(3)
    hits = T.ordered(T.timer(rng, "/api/v1/queue", 3, 300), T.browsing(rng, "127.0.0.1", 300))
    text = json.dumps(T.har(hits), indent=1)
    whole = tmp_path / "capture.har.gz"
    whole.write_bytes(gzip.compress(text.encode()))
    assert polled(traffic(str(whole), "--format", "json"))["/api/v1/queue"]["interval_s"] == pytest.approx(3.0, abs=0.1)
    cut = tmp_path / "cut.har"
    cut.write_text(text[: len(text) * 2 // 3])
    result = traffic(str(cut), "--format", "json")
    source = json.loads(result.stdout)["inputs"][0]
    assert source["requests"] > 50 and source["malformed"] == 1 and "ends or breaks after entry" in source["error"]
    assert "warning: " in result.stderr and result.exit_code == 0


def test_a_json_document_that_is_not_a_har_is_an_error_and_the_others_are_read(tmp_path):
    other = tmp_path / "package.json"
    other.write_text('{\n  "name": "client",\n  "version": "1.0.0"\n}\n')
    result = traffic(str(other), str(DATA / "apache-common.log"), "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"wscheck: error: {other}: not a HAR file: a JSON document with no log.entries"]
    assert "/server/status" in polled(result)


def test_gzip_and_standard_input(tmp_path):
    packed = tmp_path / "access.log.gz"
    packed.write_bytes(gzip.compress((DATA / "apache-common.log").read_bytes()))
    assert "/server/status" in polled(traffic(str(packed), "--format", "json"))
    piped = traffic("-", "--format", "json", input=(DATA / "nginx-combined.log").read_bytes())
    assert json.loads(piped.stdout)["inputs"][0]["file"] == "standard input"
    assert "/api/v1/queue" in polled(piped)
    gz_piped = traffic("-", "--format", "json", input=packed.read_bytes())
    assert "/server/status" in polled(gz_piped)


def test_unreadable_inputs_are_one_line_each_and_the_rest_is_read(tmp_path):
    corrupt = tmp_path / "broken.log.gz"
    corrupt.write_bytes(b"\x1f\x8b\x08\x00garbage")
    result = traffic(str(tmp_path / "missing.log"), str(corrupt), str(DATA / "apache-common.log"))
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("wscheck: error: ") for line in errors)
    assert "missing.log: cannot read: No such file or directory" in errors[0]
    assert "Traceback" not in result.output and "WS403 GET /server/status" in result.stdout


def test_a_file_with_no_requests_is_an_error_naming_the_formats(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("just some text\nno requests here\n")
    result = traffic(str(notes))
    assert result.exit_code == 2 and "no requests found in" in result.stderr


def test_binary_and_overlong_lines_are_malformed_not_fatal(tmp_path):
    log = tmp_path / "mixed.log"
    good = (DATA / "apache-common.log").read_text().splitlines()
    log.write_bytes("\n".join(good[:3]).encode() + b"\n\xff\xfe\x00garbage\n" + b"x" * 200_000 + b"\n"
                    + "\n".join(good[3:]).encode() + b"\n")
    source = json.loads(traffic(str(log), "--format", "json").stdout)["inputs"][0]
    assert (source["requests"], source["malformed"]) == (10, 2)


@pytest.mark.parametrize("line, fmt, client, seconds", [
    ('INFO:     127.0.0.1:52000 - "GET /api/v1/queue HTTP/1.1" 200 OK', LogFormat.UVICORN, "127.0.0.1", None),
    ('\x1b[32mINFO\x1b[0m:     [::1]:52000 - "\x1b[1mGET /api/v1/queue HTTP/1.1\x1b[0m" \x1b[32m200 OK\x1b[0m',
     LogFormat.UVICORN, "::1", None),
    ('2025-12-08 10:00:03,250 INFO:     10.0.0.5:1 - "GET /api/v1/queue HTTP/1.1" 200 OK', LogFormat.UVICORN, "10.0.0.5", 3.25),
    # gunicorn running uvicorn workers: gunicorn's prefix, uvicorn's line
    ('[2025-12-08 10:00:03 +0000] [7] [INFO] 10.0.0.5:41000 - "GET /api/v1/queue HTTP/1.1" 200', LogFormat.UVICORN, "10.0.0.5", 3.0),
    # hypercorn's default access format, under its own logging prefix
    ('[2025-12-08 10:00:03 +0000] [12] [INFO] 10.0.0.5:41000 - - [08/Dec/2025:10:00:03 +0000] "GET /api/v1/queue 1.1" 200 13 "-" "curl/8.5.0"',
     LogFormat.COMBINED, "10.0.0.5", 3.0),
    # docker compose's service prefix before gunicorn's default (combined) access line
    ('backend-1  | 172.18.0.4 - - [08/Dec/2025:11:00:03 +0100] "GET /api/v1/queue HTTP/1.1" 200 2 "-" "node"', LogFormat.COMBINED, "172.18.0.4", 3.0),
])
def test_access_line_shapes(line, fmt, client, seconds):
    request, found = lines.parse(line, 1)
    assert (found, request.method, T.START + seconds if seconds is not None else None) == (fmt, "GET", request.time)
    assert template(request.target) == "/api/v1/queue" and request.client == client


def test_other_lines_of_a_console_log_are_not_requests():
    for line in ("INFO:     Started server process [12]", 'INFO:     127.0.0.1:5000 - "WebSocket /api/v1/ws/queue" [accepted]',
                 "INFO:     connection open", ""):
        assert lines.parse(line, 1) in (lines.Skip.OTHER, lines.Skip.UNMATCHED)
    assert lines.parse('INFO:     127.0.0.1:52000 - "GET /api/v1/queue HTT', 1) is lines.Skip.MALFORMED


@pytest.mark.parametrize("target, path", [
    ("/api/v1/queue?since=1765188000", "/api/v1/queue"),
    ("/api/v1/workflows/42/logs/", "/api/v1/workflows/{id}/logs"),
    ("/api/v1/jobs/7c9e6679-7425-40de-944b-e07fc1f90ae7", "/api/v1/jobs/{id}"),
    ("/blobs/3f786850e387550fdab836ed7e6dc881de23001b#top", "/blobs/{id}"),
    ("https://app.example.com/api/v1/queue?x=1", "/api/v1/queue"),
    ("/api/v1/queue/config", "/api/v1/queue/config"),
    ("/static/app.deadbeefcafe.js", "/static/app.deadbeefcafe.js"),
    ("/", "/"),
])
def test_path_templates(target, path):
    assert template(target) == path
