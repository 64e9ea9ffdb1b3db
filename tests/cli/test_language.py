"""Every CLI text in one language at a time: help, prompts and messages, Vietnamese or English.

The language is chosen when the CLI starts (CONGVAN_LANG), so each language runs in its own
process: every command's --help, the password prompt (asked twice, once wrong), a user added
twice and listed, an unknown command, an unknown rule, an ingest's summary.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from api.cli.lang import language

COMMANDS = [[], ["extract"], ["synth"], ["eval"], ["ingest"], ["serve"], ["worker"],
            ["registry"], ["registry", "show"], ["registry", "check"], ["registry", "import"],
            ["registry", "export"], ["registry", "list"], ["rules"], ["rules", "list"],
            ["rules", "show"], ["rules", "import"], ["users"], ["users", "add"],
            ["users", "list"], ["users", "password"], ["users", "revoke"]]

RUN = textwrap.dedent("""
    import json, sys
    from typer.testing import CliRunner
    from api.cli import app

    runner = CliRunner()
    out = {}
    for args in json.loads(sys.argv[1]):
        out[" ".join(["help", *args])] = runner.invoke(app, [*args, "--help"],
                                                       terminal_width=100).output
    steps = {"add": ["users", "add", "lan", "--role", "reviewer"],
             "again": ["users", "add", "lan", "--role", "admin"],
             "password": ["users", "password", "lan"], "list": ["users", "list"],
             "nobody": ["users", "password", "không-ai"], "unknown": ["khong-co-lenh"],
             "ingest": ["ingest", sys.argv[2], "--quiet"],
             "rules": ["rules", "show", "khong-co-quy-dinh"]}
    answers = "matkhau-123\\nkhac-han-1\\nmatkhau-456\\nmatkhau-456\\n"
    for name, args in steps.items():
        out[name] = runner.invoke(app, args, input=answers, terminal_width=100).output
    print(json.dumps(out))
""")

#: Words of the other language that must not appear (after option names, environment
#: variables, type markers and the letters' own Vietnamese examples are taken out).
ENGLISH = ["Usage", "Options", "Arguments", "Commands", "Show", "message", "default",
           "required", "Password", "Repeat", "confirmation", "Error", "letters", "letter",
           "folder", "file", "files", "Print", "the", "and", "with", "user", "users", "Added",
           "No such", "Try", "for help", "Every", "name", "role", "created"]
VIETNAMESE = ["Cách dùng", "Tùy chọn", "Đối số", "Lệnh", "mặc định", "bắt buộc", "Mật khẩu",
              "Nhập lại", "văn bản", "tệp", "người dùng", "của", "và", "không", "Hiện",
              "thư mục", "Đã thêm", "Xem", "vai trò", "tên", "có mật khẩu"]
#: Text that is the same in both: the letters' kinds and examples quoted in help, the data
#: in the users table.
SHARED = ["Quyết định, Chỉ thị", "Quy chế 272", "QĐ 295", "không-ai"]


def _outputs(lang: str, tmp_path) -> dict[str, str]:
    env = {**os.environ, "CONGVAN_LANG": lang, "CONGVAN_DATA_DIR": str(tmp_path)}
    env.pop("CONGVAN_DATABASE_URL", None)
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "empty.pdf").write_bytes(b"")
    done = subprocess.run([sys.executable, "-c", RUN, json.dumps(COMMANDS), str(archive)], env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout)


def _words(text: str) -> str:
    for same in SHARED:
        text = text.replace(same, " ")
    text = re.sub(r"--?[\w-]+", " ", text)  # option names
    text = re.sub(r"/[\w/<>.-]+", " ", text)  # paths: /letters/<id>
    names = {word for args in COMMANDS for word in args} | {"congvan", "root"}
    text = re.sub(rf"\b({'|'.join(sorted(names))})\b", " ", text)  # command names
    text = re.sub(r"\b[A-Z][A-Z0-9_]+\b", " ", text)  # CONGVAN_DATA_DIR, metavars
    return re.sub(r"<[^>]*>", " ", text)  # type markers: <int>, <path>


def _found(words: list[str], text: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


@pytest.mark.parametrize(("lang", "foreign", "own"), [
    ("vi", ENGLISH, ["Cách dùng", "Tùy chọn", "Mật khẩu", "Nhập lại mật khẩu", "không khớp",
                     "Đã thêm lan", "Đã có người dùng", "1 người dùng", "Không có lệnh",
                     "Hiện hướng dẫn", "không đọc được: empty_file", "Không có quy định"]),
    ("en", VIETNAMESE, ["Usage", "Options", "Password", "Repeat the password", "differ",
                        "Added lan", "already exists", "1 user ", "No such command",
                        "Show this message", "failed: empty_file", "No rule"])])
def test_every_text_is_in_one_language(lang, foreign, own, tmp_path) -> None:
    outputs = _outputs(lang, tmp_path)
    assert len([k for k in outputs if k.startswith("help")]) == len(COMMANDS)
    whole = "\n".join(outputs.values())
    for text in own:
        assert text in whole, (lang, text)
    for name, text in outputs.items():
        assert not _found(foreign, _words(text)), (lang, name, _found(foreign, _words(text)),
                                                   text)


def test_the_language_comes_from_congvan_lang() -> None:
    assert language({}) == "vi"
    assert language({"CONGVAN_LANG": "en"}) == "en"
    assert language({"CONGVAN_LANG": "en_GB.UTF-8"}) == "en"
    assert language({"CONGVAN_LANG": "vi_VN"}) == "vi"
    assert language({"CONGVAN_LANG": "fr"}) == "vi"
