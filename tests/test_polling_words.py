"""Which names say a function fetches: a render loop on requestAnimationFrame is no polling."""

from __future__ import annotations

import pytest

from wscheck.polling_words import fetching_name


@pytest.mark.parametrize("name", ["fetchStatus", "refetch", "loadJobs", "refreshData", "requestStatus"])
def test_fetching_names(name):
    assert fetching_name(name)


@pytest.mark.parametrize("name", ["requestAnimationFrame", "requestIdleCallback", "refreshToken", "tick", "updateClock"])
def test_not_fetching_names(name):
    assert not fetching_name(name)


RENDER_LOOP = """
export class Scene {
  start() {
    const render = () => {
      requestAnimationFrame(() => setTimeout(() => render(), 1000 / 20));
      this.renderer.render(this.scene, this.camera);
    };
    render();
  }
}
"""


def test_a_render_loop_that_rearms_itself_is_not_http_polling(project, monkeypatch):
    import json

    from click.testing import CliRunner

    from wscheck.cli import main

    folder = project({"src/scene.js": RENDER_LOOP, "src/poll.js": RENDER_LOOP.replace("this.renderer.render(this.scene, this.camera)", "fetch('/api/scene')")})
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["check", ".", "--format", "json", "--no-cache", "--select", "WS2"])
    polled = sorted(p["file"] for p in json.loads(result.output)["polling"])
    assert polled == ["src/poll.js"]
