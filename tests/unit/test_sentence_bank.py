"""Sentence analyses on indexes too large to parse up front: parsed as answers meet them."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.sentences import SentenceBank, SentenceInfo


class Encoder:
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.ones((len(texts), 3), dtype=np.float32)


def counting_parser(calls: list[list[str]]):
    def parse(texts: Sequence[str]) -> list[SentenceInfo]:
        calls.append(list(texts))
        return [SentenceInfo(entities=(("Valérie Peugeot", "PER"),)) for _ in texts]
    return parse


CHUNK = ("c1", "La rapporteure est Mme Valérie Peugeot. Elle est commissaire.")


def test_sentences_met_are_parsed_once_when_on_demand() -> None:
    calls: list[list[str]] = []
    bank = SentenceBank(Encoder(), parser=counting_parser(calls))
    bank.parse_on_demand = True
    entry = bank.embedded([CHUNK])[0]
    bank.embedded([CHUNK])
    assert len(calls) == 1 and len(calls[0]) == 2
    assert bank.info(entry.sentences[0]).entities == (("Valérie Peugeot", "PER"),)


def test_without_on_demand_the_light_analysis_stands_in() -> None:
    calls: list[list[str]] = []
    bank = SentenceBank(Encoder(), parser=counting_parser(calls))
    entry = bank.embedded([CHUNK])[0]
    assert calls == []
    assert ("Valérie Peugeot", "PER") not in bank.info(entry.sentences[0]).entities


def test_a_missing_parser_falls_back_to_the_light_analysis() -> None:
    def broken(texts: Sequence[str]) -> list[SentenceInfo]:
        raise OSError("no model")

    bank = SentenceBank(Encoder(), parser=broken)
    bank.parse_on_demand = True
    entry = bank.embedded([CHUNK])[0]
    assert bank.info(entry.sentences[0]).lemmas  # the light analysis
