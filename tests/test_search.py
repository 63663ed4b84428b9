"""Search: which files name a word — identifiers as whole words, quoted words among the
runs of name characters touching a quote, anything else by its bytes."""

from __future__ import annotations

import pytest

from wscheck.search import Words, files_by_word, files_naming


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


def test_many_words_search_the_same_way_as_few():
    words = [f'"type_{i}"'.encode() for i in range(100)] + [b"ALERT", b'_update"']
    source = b'notify(ALERT, f"{k}_update", "type_42")'
    assert Words(words).found_in(source) == {b"ALERT", b'_update"', b'"type_42"'}


def test_files_naming_and_files_by_word_agree():
    files = {"a.py": b'send("status_update")', "b.py": b"NOTIFY = 1", "c.py": b"nothing here"}
    words = [b'"status_update"', b"NOTIFY", b"MISSING"]
    assert files_naming(files, words, files.__getitem__) == ["a.py", "b.py"]
    assert files_by_word(files, words, files.__getitem__) == {b'"status_update"': ["a.py"], b"NOTIFY": ["b.py"]}
