import subprocess
import sys


def test_import_assistant_stays_light():
    code = (
        "import sys, assistant\n"
        "from assistant import Assistant, Answer, Citation, Settings\n"
        "heavy = [m for m in ('torch', 'transformers', 'chromadb', 'gradio', 'llama_index')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_unknown_attribute_is_an_attribute_error():
    import assistant

    try:
        assistant.DoesNotExist  # noqa: B018
    except AttributeError as exc:
        assert "DoesNotExist" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
