"""Security, as tests: XSRF on, CORS not opened, the upload limit enforced by
the server and by the parser, no eval/exec/pickle anywhere user input could
reach, no user text rendered as HTML, the container not running as root."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from gd_core.datasets import MAX_CSV_BYTES, parse_csv

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
FOLDERS = ("gd_core", "ui", "views", "rooms")
SOURCES = [p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py")] + [ROOT / "app.py"]


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_xsrf_protection_is_on_and_cors_is_not_opened():
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True
    # enableCORS = true is Streamlit's protection (same-origin only); false,
    # or a list of allowed origins, would open it.
    assert server["enableCORS"] is True
    assert "corsAllowedOrigins" not in server


def test_the_upload_limit_is_the_same_in_the_server_and_the_parser():
    assert CONFIG["server"]["maxUploadSize"] * 2**20 == MAX_CSV_BYTES
    with pytest.raises(ValueError, match="the limit is 5 MB"):
        parse_csv(b"x,y\n" + b"1,0.5\n" * (MAX_CSV_BYTES // 6 + 1))
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    body = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert CONFIG["server"]["maxUploadSize"] <= body <= CONFIG["server"]["maxUploadSize"] + 1


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_eval_exec_or_unpickling_in_the_source(path):
    banned = {"eval", "exec", "compile", "__import__", "loads", "load"}
    modules = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "yaml"}
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            found += [n for n in names if n.split(".")[0] in modules]
        elif isinstance(node, ast.Call) and _name(node) in banned:
            owner = node.func.value if isinstance(node.func, ast.Attribute) else None
            # json.loads is data and re.compile a pattern, not code.
            if not (isinstance(owner, ast.Name) and owner.id in ("json", "re")):
                found.append(f"{_name(node)}() at line {node.lineno}")
    assert found == []


def _literals(path: Path) -> set[str]:
    """Module-level names bound to a string literal, or to a sum of such
    literals and names (``EARLY_ELEMENT = "<span …>" + EARLY_SCRIPT``)."""
    names: set[str] = set()

    def literal(node: ast.expr) -> bool:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return literal(node.left) and literal(node.right)
        return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or (
            isinstance(node, ast.Name) and node.id in names
        )

    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and literal(node.value):
            target = node.targets[0]
            if isinstance(target, ast.Name):
                names.add(target.id)
    return names


# The one builder whose HTML st.html may take: it escapes every character of
# its input (test_python_html_escapes_everything_it_is_given).
ESCAPING_BUILDERS = {"python_html"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_html_is_only_ever_a_literal_of_ours(path):
    """st.html(...) and markdown(..., unsafe_allow_html=True) take a string
    literal (no f-string, no variable but a module's literal constant), or
    the result of an escaping builder: nothing a user typed or named can
    reach the page as HTML."""
    literals = _literals(path)
    for call in _calls(path):
        unsafe = any(
            k.arg == "unsafe_allow_html"
            and not (isinstance(k.value, ast.Constant) and k.value.value is False)
            for k in call.keywords
        )
        if _name(call) == "html" or unsafe:
            arg = call.args[0] if call.args else None
            ours = (
                isinstance(arg, ast.Constant)
                or (isinstance(arg, ast.Name) and arg.id in literals)
                or (isinstance(arg, ast.Call) and _name(arg) in ESCAPING_BUILDERS)
            )
            assert ours, f"{path.name}:{call.lineno}: HTML from a non-literal"


def test_the_html_rule_sees_what_it_is_for(tmp_path):
    """The rule above refuses an f-string, a variable and another call."""
    source = tmp_path / "page.py"
    source.write_text("import streamlit as st\nA = '<b>' + 'x'\nname = input()\n"
                      "st.html(A)\nst.html(python_html(name))\n")  # fmt: skip
    test_html_is_only_ever_a_literal_of_ours(source)
    for bad in ("st.html(f'<b>{name}</b>')", "st.html(name)", "st.html(str(name))",
                "st.markdown(name, unsafe_allow_html=True)"):  # fmt: skip
        source.write_text(f"import streamlit as st\nname = input()\n{bad}\n")
        with pytest.raises(AssertionError):
            test_html_is_only_ever_a_literal_of_ours(source)


def test_python_html_escapes_everything_it_is_given():
    """Hostile text in code (a comment, a string, a name) stays text: the
    HTML holds only the builder's own elements and reads back as the source."""
    import html as html_module

    from ui.lecture import python_html

    source = ('x = "</pre><img src=x onerror=alert(1)>"  # <script>alert(2)</script> & &amp;\n'
              "def f(a) :\n    return a < 1 and a > '<b>'\n")  # fmt: skip
    out = python_html(source)
    tags = set(re.findall(r"</?([a-zA-Z]+)", out))
    assert tags <= {"pre", "b", "i", "cite", "var"}, tags
    inner = re.fullmatch(r'<pre class="esx-code" data-language="python">(.*)</pre>', out, re.S)
    text = re.sub(r"</?(b|i|cite|var)>", "", inner.group(1)) if inner else ""
    assert html_module.unescape(text) == source


def test_the_container_runs_as_a_non_root_user():
    text = (ROOT / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    uid = re.search(r"useradd .*--uid (\d+)", text)
    assert uid and int(uid.group(1)) != 0 and users[-1] in (uid.group(1), "app")
    compose = (ROOT / "compose.yaml").read_text()
    assert "user:" not in compose or re.search(r"user:\s*['\"]?(0|root)\b", compose) is None


ROOM_SOURCES = sorted((ROOT / "rooms").rglob("*.py"))


@pytest.mark.parametrize("path", ROOM_SOURCES, ids=lambda p: p.name)
def test_every_sql_statement_of_the_room_store_is_a_literal_with_bound_parameters(path):
    """No SQL string is built from values (f-string, concatenation, % or
    .format): values reach the database as bound parameters only."""
    built = []
    for call in _calls(path):
        if _name(call) in ("text", "exec_driver_sql", "execute") and call.args:
            sql = call.args[0]
            formatted = isinstance(sql, ast.Call) and _name(sql) == "format"
            if isinstance(sql, ast.JoinedStr | ast.BinOp) or formatted:
                built.append(f"{_name(call)}() at line {call.lineno}")
    assert built == []
