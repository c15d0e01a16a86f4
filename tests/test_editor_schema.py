"""The sheets' JSON Schemas as an editor uses them: the YAML language server (the one behind
VS Code's, Neovim's and Helix's YAML support) finds each schema through the sheet's first
line, passes every committed sheet, and marks a bad field at its line."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from helpers import ROOT

from pipeline.schema import SHEETS

CODING = ROOT / "coding"
SERVER = ROOT / "build" / "node" / "node_modules" / ".bin" / "yaml-language-server"
INSTALL = "make editor (npm installs it into build/node)"
# YAML 1.1, as PyYAML reads the sheets (docs/coding.md says so): in YAML 1.2, the server's
# default, an unquoted 20:20 is text, while the build reads the number 1220.
SETTINGS = {"yaml": {"validate": True, "schemaStore": {"enable": False}, "yamlVersion": "1.1"}}


@pytest.fixture(scope="module")
def server() -> Path:
    if not SERVER.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"yaml-language-server missing: {INSTALL}")
        pytest.skip(f"yaml-language-server missing; install it with: {INSTALL}")
    return SERVER


class Client:
    """Just enough of the Language Server Protocol to open documents and read diagnostics."""

    def __init__(self, server: Path, root: Path) -> None:
        self.proc = subprocess.Popen(
            [str(server), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        capabilities = {"workspace": {"configuration": True}}
        self.request(
            1,
            "initialize",
            {"processId": None, "rootUri": root.as_uri(), "capabilities": capabilities},
        )
        self.wait(lambda m: m.get("id") == 1)
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            length = None
            while line := stream.readline():
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                elif line.strip() == b"" and length is not None:
                    break
            if length is None:
                return  # the server ended
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, rid: int, method: str, params: dict) -> None:
        self._send({"id": rid, "method": method, "params": params})

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def wait(self, wanted, timeout: float = 60) -> dict:
        """The next message `wanted` accepts, answering the server's own requests meanwhile."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=1)
            except queue.Empty:
                continue
            if "method" in message and "id" in message:  # e.g. workspace/configuration
                items = message.get("params", {}).get("items", [])
                self._send({"id": message["id"], "result": [SETTINGS["yaml"]] * len(items)})
            elif wanted(message):
                return message
        raise TimeoutError("the YAML language server did not answer")

    def diagnostics(self, path: Path, text: str) -> list[dict]:
        """Open `text` as the document at `path` (a path not opened before: closing one
        clears its problems, a message that could be mistaken for the answer); the problems
        the server reports in it."""
        uri = path.as_uri()
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        message = self.wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            )
        )
        return message["params"]["diagnostics"]

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="module")
def client(server: Path, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("editor")
    shutil.copytree(CODING, folder / "coding")
    editor = Client(server, folder)
    yield editor, folder / "coding"
    editor.close()


@pytest.mark.parametrize("table", SHEETS)
def test_every_sheet_passes_its_schema_in_the_editor(client, table: str) -> None:
    editor, coding = client
    path = coding / f"{table}.yaml"
    assert editor.diagnostics(path, path.read_text(encoding="utf-8")) == []


# (sheet, line as committed, the line as a coder mistypes it, words of the server's message)
MISTAKES = [
    ("persons", "  role: head_of_state\n", "  role: head_of_states\n", "Value is not accepted"),
    ("persons", "  role: head_of_state\n", "  rank: head_of_state\n", "not allowed"),
    ("events", "  time_local: '20:20'\n", "  time_local: 20:20\n", "Incorrect type"),
]


@pytest.mark.parametrize(("table", "line", "typo", "words"), MISTAKES)
def test_a_mistyped_field_is_marked_at_its_line(
    client, table: str, line: str, typo: str, words: str
) -> None:
    editor, coding = client
    text = (coding / f"{table}.yaml").read_text(encoding="utf-8").replace(line, typo, 1)
    path = coding / f"{table}-{MISTAKES.index((table, line, typo, words))}.yaml"
    found = editor.diagnostics(path, text)
    expected_line = text[: text.index(typo)].count("\n")  # 0-based, as LSP counts
    assert any(
        d["range"]["start"]["line"] == expected_line and words in d["message"] for d in found
    ), found
