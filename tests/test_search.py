"""Search: which files name a word — identifiers as whole words, quoted words among the
runs of name characters touching a quote, anything else by its bytes."""

from __future__ import annotations

import pytest

from wscheck.search import Index, Words, files_by_word, files_naming, words_named


@pytest.mark.parametrize(
    ("word", "source", "found"),
    [
        (b'"status_update"', b'send({"type": "status_update"})', True),
        (b'"status_update"', b"send({'type': 'status_update'})", False),  # the other quote is its own word
        (b"'status_update'", b"send({'type': 'status_update'})", True),
        (b'"status_update"', b'x = "status_update_v2"', False),
        (b'"bar"', b'foo"bar"', True),  # a run that ends at a quote does not hide the next one
        (b'"system_', b'await broadcast(f"system_{level}")', True),  # an f-string's literal head
        (b'"system_', b'await broadcast("system_" + level)', True),
        (b'"system_', b'x = "system_alert"', False),  # a whole other literal: found by its own word
        (b'_update"', b'await broadcast(f"{kind}_update")', True),  # an f-string's literal tail
        (b'_update"', b'await broadcast(kind + "_update")', True),
        (b'_update"', b'x = "status_update"', False),
        (b"STATUS", b"EventType.STATUS.value", True),
        (b"STATUS", b"EventType.STATUS_OLD", False),  # identifiers are whole words
        (b"{x}", b"a {x} b", True),  # neither: by its bytes
    ],
)
def test_a_word_is_found_where_it_is_written(word, source, found):
    assert (word in Words([word]).found_in(source)) is found
    assert (files_naming([source], [word], bytes, Index()) == [source]) is found  # the index finds the same


def test_many_words_search_the_same_way_as_few():
    words = [f'"type_{i}"'.encode() for i in range(100)] + [b"ALERT", b'_update"']
    source = b'notify(ALERT, f"{k}_update", "type_42")'
    assert Words(words).found_in(source) == {b"ALERT", b'_update"', b'"type_42"'}


@pytest.mark.parametrize("with_index", [False, True], ids=["scan", "index"])
def test_files_naming_and_files_by_word_agree(with_index):
    files = {"a.py": b'send("status_update")', "b.py": b"NOTIFY = 1", "c.py": b"nothing here", "d.py": b"x = '--'"}
    words = [b'"status_update"', b"NOTIFY", b"MISSING", b"'--'", b"{x}"]
    index = Index() if with_index else None
    assert files_naming(files, words, files.__getitem__, index) == ["a.py", "b.py", "d.py"]
    assert files_by_word(files, words, files.__getitem__, index) == {b'"status_update"': ["a.py"], b"NOTIFY": ["b.py"], b"'--'": ["d.py"]}
    assert words_named(files, words, files.__getitem__, index) == {b'"status_update"', b"NOTIFY", b"'--'"}


def test_the_index_splits_each_file_once_and_answers_every_search_from_it():
    files = {f"m{i}.py": f'EVENT_{i} = "event_{i}"\nsend(EVENT_{i})'.encode() for i in range(200)}
    index = Index()
    assert files_naming(files, [b"EVENT_7", b'"event_9"'], files.__getitem__, index) == ["m7.py", "m9.py"]
    assert files_naming(list(files)[:5], [b"send"], files.__getitem__, index) == list(files)[:5]
    assert len(index.postings[b"send"]) == 200 and index.numbers([files["m3.py"]]) == [3]


def test_patterns_find_what_a_scan_for_each_pattern_finds_in_fewer_scans():
    from wscheck.search import Patterns

    patterns = [b".websocket(", b"websocket_route", b"add_api_websocket_route", b"send_json(", b"emit(", b"sio.on(", b"socketio.AsyncServer", b"socketio.Server("]
    looked_for = Patterns(patterns)
    assert len(looked_for.by_gate) < len(patterns) and b"websocket" in looked_for.by_gate
    samples = [
        b"app.add_api_websocket_route('/ws', h)", b"@router.websocket('/x')", b"await ws.send_json({})",
        b"sio = socketio.AsyncServer()", b"self.emit('x')", b"xemit(", b"nothing", b"sio.on('connect')", b"socketio.Server(",
        b"websocket", b"send_json",
    ]
    for data in samples:
        assert looked_for.found_in(data) == {p for p in patterns if p in data}, data


def test_gates_sharing_a_long_run_become_one_and_a_gate_others_cover_goes():
    from wscheck.extract.server import patterns as server
    from wscheck.search import Patterns

    patterns = [b"WebSocketRoute", b"WebSocketResponse", b"AsyncNamespace", b"register_namespace(", b"socketio.on_event(", b"socketio.on("]
    looked_for = Patterns(patterns)
    assert sorted(looked_for.by_gate) == [b"WebSocketR", b"amespace", b"socketio"]
    everything = sorted({*server.STRONG, *server.ROUTER_MOUNTS, *server.WEAK_BROADCASTS})
    looked_for = Patterns(everything)
    assert len(looked_for.by_gate) < 26  # 19 before Flask-Sock (`flask_sock`, `sock.route(`), blueprint mounts, Tornado's `write_message(` and Starlette's `.mount(`, `routes=`
    # each pattern alone, beside the others' gates, and broken in its middle: as one scan per pattern finds
    samples = [p for p in everything] + [p[: len(p) // 2] + b"#" + p[len(p) // 2 :] for p in everything]
    samples += [b" ".join(looked_for.by_gate), b"WebSocketRequest socketio.on_eventx Namespace"]
    for data in samples:
        assert looked_for.found_in(data) == {p for p in everything if p in data}, data


def test_an_index_split_on_two_cores_holds_what_one_core_builds(monkeypatch):
    from wscheck.executor import Executor, thresholds

    monkeypatch.setitem(thresholds.SPLIT_FROM, "words", 10)  # the pass over 60 files goes to two processes
    files = {f"m{i}.py": f'from a import HELPER_{i % 7}\nsend("type_{i % 5}")'.encode() for i in range(60)}
    words = [b"HELPER_3", b'"type_4"', b"send"]
    one, two = Index(Executor(1)), Index(Executor(2))
    alone = files_by_word(files, words, files.__getitem__, one)
    split = files_by_word(files, words, files.__getitem__, two)
    assert split == alone and split[b"HELPER_3"] == [f"m{i}.py" for i in range(60) if i % 7 == 3]
    assert two.postings == one.postings  # the same numbers, ascending, for every word


def test_a_file_searched_again_is_not_read_again():
    files = {f"m{i}.py": f"HELPER_{i} = 1".encode() for i in range(50)}
    reads: list[str] = []

    def read(path):
        reads.append(path)
        return files[path]

    index = Index()
    assert files_naming(files, [b"HELPER_3"], read, index) == ["m3.py"]
    assert files_naming(files, [b"HELPER_4", b"HELPER_40"], read, index) == ["m4.py", "m40.py"]
    assert sorted(reads) == sorted(files)  # each once, for the index
